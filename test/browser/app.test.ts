import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadLayout, serializeLayout } from '../../src/model/load';
import { emptyHallDoc } from '../../src/model/document';
import { encodeShareFragment } from '../../src/io/share';
import { canvasColourCount, startHarness, waitReady, type Harness } from './harness';

let h: Harness;
const tmp = mkdtempSync(join(tmpdir(), 'retrofit-browser-'));

beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});
afterEach(() => {
  // every journey fails on page errors and unexpected console errors
  const errs = h.errors.splice(0);
  expect(errs).toEqual([]);
});

type Win = {
  __retrofit: {
    store: { getState(): { doc: { equipment: { id: string; position: number[] }[]; meta: { title: string } }; selection: string[] } };
    viewport: { floorToScreen(x: number, y: number, z?: number): [number, number] };
  };
};

const equipmentCount = (page: Page) => page.evaluate(() => (window as unknown as Win).__retrofit.store.getState().doc.equipment.length);
const positionOf = (page: Page, id: string) =>
  page.evaluate((id) => (window as unknown as Win).__retrofit.store.getState().doc.equipment.find((e) => e.id === id)?.position, id);
const screenOf = (page: Page, x: number, y: number) => page.evaluate(([x, y]) => (window as unknown as Win).__retrofit.viewport.floorToScreen(x, y), [x, y]);

/** Open a small empty hall from a share link: a deterministic starting point for editing journeys. */
async function openEmptyHall(page: Page) {
  const enc = encodeShareFragment(emptyHallDoc(20, 12, 6, 'Browser test hall'));
  if (!enc.ok) throw new Error(enc.reason);
  await page.goto(h.url + enc.fragment);
  await waitReady(page);
  await page.getByRole('button', { name: 'Plan' }).click();
  await page.waitForTimeout(300);
}

/** Click the catalog entry, then the floor point (plan metres): the first rack of an empty hall. */
async function placeRackAt(page: Page, x: number, y: number) {
  await page.getByRole('button', { name: 'Place GB200 NVL72 (liquid)' }).click();
  const [px, py] = await screenOf(page, x, y);
  await page.mouse.click(px, py);
  await expect.poll(() => equipmentCount(page)).toBe(1);
}

describe('the editor in Chromium', () => {
  it('opens the default sample site and renders it (non-blank WebGL canvas, equipment list, findings)', async () => {
    const { page, context } = await h.newPage();
    await page.goto(h.url);
    await waitReady(page);
    await expect.poll(() => equipmentCount(page)).toBeGreaterThan(50);
    await page.waitForTimeout(800);
    expect(await canvasColourCount(page)).toBeGreaterThan(20);
    await expect.poll(async () => page.getByRole('list', { name: 'Equipment list' }).getByRole('listitem').count()).toBeGreaterThan(5);
    await expect.poll(() => page.getByRole('status').filter({ hasText: /Checked in/ }).count(), { timeout: 30_000 }).toBe(1);
    await context.close();
  });

  it('places a rack from the catalog, drags it, undoes the drag as one step; save → open → save is identical', async () => {
    const { page, context } = await h.newPage();
    await openEmptyHall(page);
    expect(await equipmentCount(page)).toBe(0);
    await page.getByRole('button', { name: 'Place GB200 NVL72 (liquid)' }).click();
    const [px, py] = await screenOf(page, 8, 6);
    await page.mouse.click(px, py);
    await expect.poll(() => equipmentCount(page)).toBe(1);
    expect(await positionOf(page, 'rack-001')).toEqual([8, 6, 0]);
    await expect.poll(() => page.getByRole('list', { name: 'Equipment list' }).getByRole('button', { name: /rack-001/ }).count()).toBe(1);

    // drag it 4 m east and 2 m north in plan view
    const [qx, qy] = await screenOf(page, 12, 8);
    await page.mouse.move(px, py);
    await page.mouse.down();
    for (let i = 1; i <= 8; i++) await page.mouse.move(px + ((qx - px) * i) / 8, py + ((qy - py) * i) / 8);
    await page.mouse.up();
    await expect.poll(() => positionOf(page, 'rack-001')).toEqual([12, 8, 0]);
    await page.getByRole('button', { name: 'Undo' }).click();
    await expect.poll(() => positionOf(page, 'rack-001')).toEqual([8, 6, 0]);
    await page.getByRole('button', { name: 'Redo' }).click();
    await expect.poll(() => positionOf(page, 'rack-001')).toEqual([12, 8, 0]);

    // save: a download of the document
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Save .json' }).click()]);
    const saved = join(tmp, 'saved.json');
    await download.saveAs(saved);
    const text = readFileSync(saved, 'utf8');
    const res = loadLayout(text);
    expect(res.ok).toBe(true);
    if (res.ok) expect(res.doc.equipment.map((e) => [e.id, e.position])).toEqual([['rack-001', [12, 8, 0]]]);
    expect(await page.getByLabel('Unsaved changes').count()).toBe(0);

    // open it again through the file picker, save again: identical bytes
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByRole('button', { name: 'Open…' }).click()]);
    await chooser.setFiles(saved);
    await expect.poll(() => page.evaluate(() => (window as unknown as Win).__retrofit.store.getState().selection.length)).toBe(0);
    const [download2] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Save .json' }).click()]);
    const saved2 = join(tmp, 'saved2.json');
    await download2.saveAs(saved2);
    expect(readFileSync(saved2, 'utf8')).toBe(text);
    await context.close();
  });

  it('restores the autosaved layout after a reload', async () => {
    const { page, context } = await h.newPage();
    await openEmptyHall(page);
    await placeRackAt(page, 5, 5);
    expect(await page.getByLabel('Unsaved changes').count()).toBe(1);
    await page.waitForTimeout(1500); // autosave debounce
    await page.reload();
    await waitReady(page);
    expect(await equipmentCount(page)).toBe(1);
    expect(await positionOf(page, 'rack-001')).toEqual([5, 5, 0]);
    await expect.poll(() => page.getByRole('status').filter({ hasText: /Restored your autosaved layout/ }).count()).toBe(1);
    expect(await page.getByLabel('Unsaved changes').count()).toBe(1);
    await context.close();
  });

  it('a bad file shows what is wrong and where, and keeps the open document', async () => {
    const { page, context } = await h.newPage();
    await openEmptyHall(page);
    await placeRackAt(page, 5, 5);

    const broken = join(tmp, 'broken.json');
    writeFileSync(broken, '{"format": "retrofit-designer.layout", "version": 1, "site": ');
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByRole('button', { name: 'Open…' }).click()]);
    await chooser.setFiles(broken);
    const alert = page.getByRole('alert');
    await expect.poll(() => alert.textContent()).toMatch(/not valid JSON/);
    expect(await equipmentCount(page)).toBe(1);

    const wrong = join(tmp, 'wrong.json');
    const doc = JSON.parse(serializeLayout(emptyHallDoc(10, 10))) as { halls: { clearHeightM: unknown }[] };
    doc.halls[0].clearHeightM = -3;
    writeFileSync(wrong, JSON.stringify(doc));
    const [chooser2] = await Promise.all([page.waitForEvent('filechooser'), page.getByRole('button', { name: 'Open…' }).click()]);
    await chooser2.setFiles(wrong);
    await expect.poll(() => alert.textContent()).toMatch(/halls\[0\]\.clearHeightM/);
    expect(await equipmentCount(page)).toBe(1);
    // undo history survived: undo removes the placed rack
    await page.getByRole('button', { name: 'Dismiss message' }).click();
    await page.getByRole('button', { name: 'Undo' }).click();
    await expect.poll(() => equipmentCount(page)).toBe(0);
    await context.close();
  });
});
