import { createServer, type Server } from 'node:http';
import { cpSync, mkdtempSync, readFileSync, existsSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { emptyHallDoc, type LayoutDoc } from '../../src/model/document';
import { getKind } from '../../src/catalog/registry';
import { loadLayout, serializeLayout } from '../../src/model/load';
import { encodeShareFragment } from '../../src/io/share';
import { canvasColourCount, startHarness, waitReady, type Harness } from './harness';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});
afterEach(() => {
  expect(h.errors.splice(0)).toEqual([]);
});

type Win = {
  __retrofit: {
    store: { getState(): { doc: LayoutDoc; selection: string[] } };
    viewport: { floorToScreen(x: number, y: number, z?: number): [number, number] };
  };
};
const state = (page: Page) => page.evaluate(() => {
  const s = (window as unknown as Win).__retrofit.store.getState();
  return { doc: s.doc, selection: s.selection };
});

/** A small hall holding the given raw equipment records, through the real loader (defaults restored). */
function hallWith(w: number, d: number, h: number, title: string, equipment: unknown[], patch: (raw: { halls: { floorRatingKgM2: number }[] }) => void = () => {}): LayoutDoc {
  const raw = JSON.parse(serializeLayout(emptyHallDoc(w, d, h, title)));
  raw.equipment = equipment;
  patch(raw);
  const r = loadLayout(raw);
  if (!r.ok) throw new Error(r.summary);
  return r.doc;
}

/** Two racks overlapping by 0.2 m, a third clean one. */
function clashDoc(): LayoutDoc {
  return hallWith(
    20,
    12,
    6,
    'Clash hall',
    [
      { id: 'rack-a', kind: 'rack', model: 'gb200-nvl72', hallId: 'hall-1', position: [5, 5, 0] },
      { id: 'rack-b', kind: 'rack', model: 'gb200-nvl72', hallId: 'hall-1', position: [5.4, 5, 0] },
      { id: 'rack-c', kind: 'rack', model: 'storage', hallId: 'hall-1', position: [12, 5, 0] },
    ],
    (raw) => {
      raw.halls[0].floorRatingKgM2 = 3000;
    },
  );
}

async function openDoc(page: Page, doc: LayoutDoc, base = h.url) {
  const enc = encodeShareFragment(doc);
  if (!enc.ok) throw new Error(enc.reason);
  await page.goto(base + enc.fragment);
  await waitReady(page);
}

describe('more journeys in Chromium', () => {
  it('a clash appears in the findings with measured value and limit; clicking it selects both racks', async () => {
    const { page, context } = await h.newPage();
    await openDoc(page, clashDoc());
    const findings = page.getByRole('list', { name: 'Findings' }).getByRole('listitem');
    await expect.poll(() => findings.count(), { timeout: 30_000 }).toBeGreaterThan(0);
    const overlap = page.getByRole('list', { name: 'Findings' }).getByRole('button', { name: /overlap/i }).first();
    const text = await overlap.textContent();
    expect(text).toMatch(/Critical/);
    expect(text).toMatch(/measured 0\.20 m/);
    await overlap.click();
    await expect.poll(async () => (await state(page)).selection.sort()).toEqual(['rack-a', 'rack-b']);
    // fix it by moving rack-b in the inspector? Move with the keyboard instead: select rack-b, nudge east 10 × 0.1 m
    await page.getByRole('list', { name: 'Equipment list' }).getByRole('button', { name: /rack-b/ }).click();
    await page.keyboard.press('Shift+ArrowRight');
    await expect.poll(async () => (await state(page)).doc.equipment.find((e) => e.id === 'rack-b')!.position).toEqual([6.4, 5, 0]);
    await expect.poll(() => page.getByRole('list', { name: 'Findings' }).getByRole('button', { name: /overlap/i }).count(), { timeout: 30_000 }).toBe(0);
    await context.close();
  });

  it('inspector edits in imperial units are stored in SI; impossible values are refused with a message', async () => {
    const { page, context } = await h.newPage();
    await openDoc(page, clashDoc());
    await page.getByRole('list', { name: 'Equipment list' }).getByRole('button', { name: /rack-c/ }).click();
    await page.getByLabel('Units').selectOption('imperial');
    const x = page.getByLabel('X (east)');
    // 12 m = 39.3701 ft
    await expect.poll(() => x.inputValue()).toBe('39.3701');
    await x.fill('50');
    await x.press('Enter');
    await expect.poll(async () => (await state(page)).doc.equipment.find((e) => e.id === 'rack-c')!.position[0]).toBeCloseTo(15.24, 9);
    const power = page.getByLabel(/^IT power/);
    await power.fill('-5');
    await power.press('Enter');
    await expect.poll(() => page.getByRole('alert').filter({ hasText: /At least 0/ }).count()).toBe(1);
    expect((await state(page)).doc.equipment.find((e) => e.id === 'rack-c')!.props.itPowerKw).toBe(12);
    await context.close();
  });

  it('places equipment by dragging a catalog entry onto the view, and opens a file dropped on the window', async () => {
    const { page, context } = await h.newPage();
    await openDoc(page, emptyHallDoc(20, 12, 6, 'Drop hall'));
    await page.getByRole('button', { name: 'Plan' }).click();
    await page.waitForTimeout(300);
    const [px, py] = await page.evaluate(() => (window as unknown as Win).__retrofit.viewport.floorToScreen(10, 6));
    await page.getByRole('button', { name: 'Place GB300 NVL72 (liquid)' }).dragTo(page.locator('canvas'), {
      targetPosition: await page.locator('canvas').evaluate((c, [x, y]) => {
        const r = c.getBoundingClientRect();
        return { x: x - r.left, y: y - r.top };
      }, [px, py] as [number, number]),
    });
    await expect.poll(async () => (await state(page)).doc.equipment.map((e) => [e.model, e.position])).toEqual([['gb300-nvl72', [10, 6, 0]]]);

    // drop a layout file on the window
    const text = serializeLayout(clashDoc());
    await page.evaluate((t) => {
      const dt = new DataTransfer();
      dt.items.add(new File([t], 'clash.json', { type: 'application/json' }));
      window.dispatchEvent(new DragEvent('dragover', { dataTransfer: dt, bubbles: true, cancelable: true }));
      window.dispatchEvent(new DragEvent('drop', { dataTransfer: dt, bubbles: true, cancelable: true }));
    }, text);
    await expect.poll(async () => (await state(page)).doc.meta.title).toBe('Clash hall');
    expect((await state(page)).doc.equipment.map((e) => e.id)).toEqual(['rack-a', 'rack-b', 'rack-c']);
    await context.close();
  });

  it('creates an empty hall of a given size from the template menu (sizes typed in feet)', async () => {
    const { page, context } = await h.newPage();
    await openDoc(page, clashDoc());
    await page.getByLabel('Units').selectOption('imperial');
    await page.getByLabel('New from template').selectOption('__empty');
    const dialog = page.getByRole('dialog', { name: 'New empty hall' });
    await dialog.getByLabel('Width (east–west)').fill('100');
    await dialog.getByLabel('Width (east–west)').press('Tab');
    await dialog.getByLabel('Depth (north–south)').fill('50');
    await dialog.getByLabel('Depth (north–south)').press('Tab');
    await dialog.getByRole('button', { name: 'Create hall' }).click();
    await expect.poll(async () => (await state(page)).doc.halls[0].outline).toEqual([
      [0, 0],
      [30.48, 0],
      [30.48, 15.24],
      [0, 15.24],
    ]);
    expect((await state(page)).doc.equipment).toEqual([]);
    await context.close();
  });

  it('live airflow: a rack and a cooler in a small room give a refined answer with the rack inlet temperature; turning it off stops it', async () => {
    const doc = hallWith(12, 8, 4, 'Thermal room', [
      { id: 'rack-1', kind: 'rack', model: 'hgx-h100-4x-air', hallId: 'hall-1', position: [4, 4, 0] },
      { id: 'crah-1', kind: 'cooler', model: 'crah-150', hallId: 'hall-1', position: [10, 4, 0], rotationDeg: 90 },
    ]);
    const { page, context } = await h.newPage({ width: 1100, height: 700 });
    await openDoc(page, doc);
    // the grid choices are sized for this 4 m high room (≥ 6 / 10 / 14 layers), not the nominal 1 / 0.5 / ⅓ m
    const grid = page.getByRole('combobox', { name: 'Grid' });
    expect(await grid.locator('option').allTextContents()).toEqual(['Coarse (0.60 m cells)', 'Normal (0.40 m cells)', 'Fine (0.25 m cells)']);
    await page.getByRole('button', { name: 'Live airflow: off' }).click();
    const status = page.getByRole('region', { name: 'Airflow and temperatures' }).getByRole('status');
    await expect.poll(() => status.textContent(), { timeout: 90_000, interval: 500 }).toMatch(/Refined answer in/);
    const figures = page.getByRole('list', { name: 'Airflow figures' });
    expect(await figures.textContent()).toMatch(/Max rack inlet: \d+\.\d °C/);
    expect(await figures.textContent()).toContain('Grid: 6,000 cells of 0.40 m');
    // the rack's inlet feeds its colour: the body is no longer the catalog colour
    const inlet = await page.evaluate(() => {
      const s = (window as unknown as { __retrofit: { store: { getState(): { airflow: { result: { halls: { racks: { id: string; inletMaxC: number }[] }[] } } } } } }).__retrofit.store.getState();
      return s.airflow.result.halls[0].racks.map((x) => [x.id, x.inletMaxC]);
    });
    expect(inlet.map((x) => x[0])).toEqual(['rack-1']);
    expect(inlet[0][1]).toBeGreaterThan(15);
    expect(inlet[0][1]).toBeLessThan(35);
    // on the coarse grid the answer is the coarse one, and the panel says so (nothing is refined)
    await grid.selectOption('coarse');
    await expect.poll(() => status.textContent(), { timeout: 60_000, interval: 250 }).toMatch(/^Coarse answer in \d+\.\d s$/);
    expect(await figures.textContent()).toContain('Grid: 1,820 cells of 0.60 m');
    await page.getByRole('button', { name: 'Live airflow: on' }).click();
    await expect.poll(() => page.getByRole('button', { name: 'Live airflow: off' }).count()).toBe(1);
    await context.close();
  });

  it('live airflow on the converted hall: after a rack is nudged, a preview of its new inlet temperatures shows first, then the settled coarse answer', async () => {
    const { page, context } = await h.newPage({ width: 1100, height: 700 });
    await page.goto(h.url + '?sample=converted-ai-hall.json');
    await waitReady(page);
    await page.getByRole('button', { name: 'Live airflow: off' }).click();
    const status = page.getByRole('region', { name: 'Airflow and temperatures' }).getByRole('status');
    // the coarse (1 m) answer first; the refined (0.5 m) solve then runs for a minute or two
    await expect.poll(() => status.textContent(), { timeout: 60_000, interval: 250 }).toMatch(/showing the coarse answer/);
    const inletOf = () =>
      page.evaluate(() => {
        const s = (window as unknown as { __retrofit: { store: { getState(): { airflow: { resultStage: string; stale: boolean; result: { halls: { racks: { id: string; inletMeanC: number }[] }[] } } } } } }).__retrofit.store.getState();
        return { stage: s.airflow.resultStage, stale: s.airflow.stale, inlet: s.airflow.result.halls[0].racks.find((r) => r.id === 'rack-007')!.inletMeanC };
      });
    const before = await inletOf();
    // every status text from here on (the preview is on screen for a fraction of a second)
    await status.evaluate((el) => {
      const seen: string[] = [];
      (window as unknown as { __statuses: string[] }).__statuses = seen;
      new MutationObserver(() => seen.push(el.textContent ?? '')).observe(el, { childList: true, characterData: true, subtree: true });
    });
    await page.getByRole('combobox', { name: 'Show kind' }).selectOption('rack');
    await page.getByRole('list', { name: 'Equipment list' }).getByRole('button', { name: /HGX A1-7/ }).click();
    await page.keyboard.press('Shift+ArrowRight');
    await expect.poll(() => page.evaluate(() => (window as unknown as { __statuses: string[] }).__statuses.some((t) => /showing a preview after \d+ steps?; settling/.test(t))), { timeout: 30_000 }).toBe(true);
    await expect.poll(async () => (await inletOf()).stage, { timeout: 30_000 }).toBe('coarse');
    const after = await inletOf();
    expect(after.stale).toBe(false);
    const seen = await page.evaluate(() => (window as unknown as { __statuses: string[] }).__statuses);
    // the preview came before the settled coarse answer of the moved layout
    const iPreview = seen.findIndex((t) => /showing a preview/.test(t));
    expect(seen.slice(iPreview).some((t) => /showing the coarse answer/.test(t))).toBe(true);
    expect(Math.abs(after.inlet - before.inlet)).toBeGreaterThan(0.01);
    // the hottest inlets, hottest first, as the store has them; a click selects the rack and the
    // inspector shows its air temperatures
    const hottest = page.getByRole('list', { name: 'Hottest inlets' });
    await expect.poll(() => hottest.getByRole('listitem').count()).toBe(5);
    const top = await page.evaluate(() => {
      const s = (window as unknown as { __retrofit: { store: { getState(): { doc: { equipment: { id: string; name: string }[] }; airflow: { result: { halls: { racks: { id: string; inletMaxC: number }[] }[] } } } } } }).__retrofit.store.getState();
      const r = [...s.airflow.result.halls[0].racks].sort((a, b) => b.inletMaxC - a.inletMaxC)[0];
      return { name: s.doc.equipment.find((e) => e.id === r.id)!.name, maxC: r.inletMaxC };
    });
    expect(await hottest.getByRole('listitem').first().textContent()).toContain(`${top.name}: ${top.maxC.toFixed(1)} °C max`);
    await hottest.getByRole('button', { name: top.name }).click();
    await expect.poll(() => page.getByRole('heading', { name: `Inspector: ${top.name}` }).count()).toBe(1);
    expect(await page.getByRole('list', { name: 'Airflow at this item' }).textContent()).toMatch(new RegExp(`Inlet: \\d+\\.\\d °C mean, ${top.maxC.toFixed(1).replace('.', '\\.')} °C max over the front`));
    await page.getByRole('button', { name: 'Live airflow: on' }).click();
    await context.close();
  });

  it('power: the one-line diagram shows the converted hall, a picked failure is shown live and cleared again', async () => {
    const { page, context } = await h.newPage();
    await page.goto(h.url + '?sample=converted-ai-hall.json');
    await waitReady(page);
    await page.getByRole('button', { name: 'One-line' }).click();
    const diagram = page.getByRole('group', { name: 'One-line diagram' });
    await expect.poll(() => diagram.getByRole('button').count(), { timeout: 10_000 }).toBeGreaterThan(10);
    // utilisation is printed on distribution boxes once the analysis has run
    await expect.poll(() => diagram.locator('text.ol-util').count(), { timeout: 30_000 }).toBeGreaterThan(5);
    const picker = page.getByRole('combobox', { name: 'Show failure scenario' });
    await expect.poll(async () => (await picker.locator('option').allTextContents()).length, { timeout: 30_000 }).toBeGreaterThan(10);
    const options = await picker.locator('option').allTextContents();
    const pick = options.find((o) => /UPS-A/.test(o))!;
    expect(pick).toBeDefined();
    await picker.selectOption({ label: pick });
    await expect.poll(() => page.getByRole('status').filter({ hasText: /Showing failure/ }).count(), { timeout: 10_000 }).toBe(1);
    // the failed UPS is reported off in the diagram
    await expect.poll(() => diagram.getByRole('button', { name: /UPS-A/ }).locator('text.ol-util').textContent(), { timeout: 30_000 }).toBe('off');
    await page.getByRole('button', { name: 'Back to normal operation' }).click();
    await expect.poll(() => page.getByRole('status').filter({ hasText: /Showing failure/ }).count()).toBe(0);
    await context.close();
  });

  it('pipe tool: draw a loop from a CDU along a row in plan view, tap the row, see no unconnected racks', async () => {
    const doc = hallWith(20, 12, 6, 'Pipe hall', [
      { id: 'cdu-1', kind: 'cdu', model: 'in-row-1000', hallId: 'hall-1', position: [2, 6, 0] },
      ...[6, 6.6, 7.2].map((x, i) => ({ id: `rack-${i + 1}`, kind: 'rack', model: 'gb200-nvl72', hallId: 'hall-1', position: [x, 6, 0] })),
    ]);
    const { page, context } = await h.newPage();
    await openDoc(page, doc);
    await page.getByRole('button', { name: 'Plan' }).click();
    await page.waitForTimeout(300);
    await page.getByRole('button', { name: 'Draw pipe loop' }).click();
    const at = (x: number, y: number) => page.evaluate(([x, y]) => (window as unknown as Win).__retrofit.viewport.floorToScreen(x, y), [x, y]);
    for (const [x, y] of [
      [2, 6],
      [2.05, 6.9],
      [8.4, 6.7],
    ]) {
      const [px, py] = await at(x, y);
      await page.mouse.click(px, py);
    }
    await page.keyboard.press('Enter');
    await expect.poll(async () => (await state(page)).doc.pipeLoops.length).toBe(1);
    const loop = (await state(page)).doc.pipeLoops[0];
    expect(loop.cduIds).toEqual(['cdu-1']);
    // the route snapped to the row's rear connection line (y = 6 + 0.6) and ends at the grid point 8.4
    expect(loop.supply.path.slice(2).map((p) => [p[0], p[1]])).toEqual([
      [2, 6.6],
      [8.4, 6.6],
    ]);
    // tap the row: select the three racks in the list (shift adds), then Tap into loop
    const list = page.getByRole('list', { name: 'Equipment list' });
    await list.getByRole('button', { name: /rack-1/ }).click();
    await list.getByRole('button', { name: /rack-2/ }).click({ modifiers: ['Shift'] });
    await list.getByRole('button', { name: /rack-3/ }).click({ modifiers: ['Shift'] });
    await page.getByRole('button', { name: 'Tap into loop' }).click();
    await expect.poll(async () => (await state(page)).doc.pipeLoops[0].taps.length).toBe(3);
    await expect.poll(() => page.getByRole('list', { name: 'Findings' }).getByRole('button', { name: /not connected|unconnected|no liquid/i }).count(), { timeout: 15_000 }).toBe(0);
    await context.close();
  });

  it('connect power in plan view: click a rack, then the PDU that feeds it (side B); the link is listed in the inspector', async () => {
    const doc = hallWith(20, 12, 6, 'Power hall', [
      { id: 'rack-1', kind: 'rack', model: 'storage', hallId: 'hall-1', position: [6, 4, 0] },
      { id: 'pdu-1', kind: 'pdu', model: getKind('pdu')!.models[0].id, hallId: 'hall-1', position: [12, 8, 0] },
    ]);
    const { page, context } = await h.newPage();
    await openDoc(page, doc);
    await page.getByRole('button', { name: 'Plan' }).click();
    await page.waitForTimeout(300);
    await page.getByRole('button', { name: 'Connect power' }).click();
    await page.getByRole('combobox', { name: 'Side' }).selectOption('B');
    for (const [x, y] of [
      [6, 4],
      [12, 8],
    ]) {
      const [px, py] = await page.evaluate(([x, y]) => (window as unknown as Win).__retrofit.viewport.floorToScreen(x, y), [x, y]);
      await page.mouse.click(px, py);
    }
    await expect.poll(async () => (await state(page)).doc.connections.map((c) => [c.from, c.to, c.props.side])).toEqual([['pdu-1', 'rack-1', 'B']]);
    await page.keyboard.press('Escape');
    await page.getByRole('list', { name: 'Equipment list' }).getByRole('button', { name: /rack-1/ }).click();
    expect(await page.getByRole('list', { name: 'Fed by' }).textContent()).toMatch(/Fed by pdu-1 \(side B\)/);
    await context.close();
  });

  it('the built site works from a sub-path of a plain static server', async () => {
    const root = mkdtempSync(join(tmpdir(), 'retrofit-static-'));
    cpSync('dist', join(root, 'some', 'sub', 'path'), { recursive: true });
    const types: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json', '.svg': 'image/svg+xml' };
    const server: Server = createServer((req, res) => {
      const p = normalize(join(root, decodeURIComponent((req.url ?? '/').split('?')[0])));
      const file = existsSync(p) && statSync(p).isDirectory() ? join(p, 'index.html') : p;
      if (!file.startsWith(root) || !existsSync(file)) {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const port = (server.address() as { port: number }).port;
    try {
      const { page, context } = await h.newPage({ width: 900, height: 600 });
      await page.goto(`http://127.0.0.1:${port}/some/sub/path/`);
      await waitReady(page);
      // the default sample (fetched relative to the page) and the analysis worker both load
      await expect.poll(async () => (await state(page)).doc.equipment.length).toBeGreaterThan(50);
      await expect.poll(() => page.getByRole('status').filter({ hasText: /Checked in/ }).count(), { timeout: 30_000 }).toBe(1);
      await page.waitForTimeout(500);
      expect(await canvasColourCount(page)).toBeGreaterThan(20);
      await context.close();
    } finally {
      await new Promise<void>((r) => server.close(() => r()));
    }
  });
});
