/**
 * Browser benchmark: frame cost of the editor's real 5,000-rack scene divided by the frame cost of a
 * bare instanced scene with the same number of boxes, both rendered by the same page, renderer and
 * camera in one run (SwiftShader here, so absolute fps mean little; the ratio is the figure).
 *
 * The app runs from Vite's dev server; the generated document is served to it by request
 * interception at samples/bench-5000.json and opened with ?sample=.
 */
import { chromium, type Page } from 'playwright-core';
import { createServer } from 'vite';
import { serializeLayout } from '../src/model/load';
import { makeBigDoc } from '../test/helpers/bigdoc';
import { CHROMIUM, CHROMIUM_ARGS } from '../test/browser/harness';

export interface FrameBench {
  sceneMs: number;
  bareMs: number;
  ratio: number;
  boxes: number;
  racks: number;
}

/** The app on Vite's dev server and one 800×600 Chromium page, closed whatever happens. */
async function withAppPage<T>(fn: (page: Page, url: string) => Promise<T>): Promise<T> {
  const server = await createServer({ server: { port: 0, host: '127.0.0.1' }, logLevel: 'silent' });
  await server.listen();
  const url = server.resolvedUrls!.local[0];
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  try {
    const page = await (await browser.newContext({ viewport: { width: 800, height: 600 } })).newPage();
    return await fn(page, url);
  } finally {
    await browser.close();
    await server.close();
  }
}

export async function benchFrameRatio(log: (m: string) => void, racks = 5000, frames = 20): Promise<FrameBench> {
  return withAppPage(async (page, url) => {
    const body = serializeLayout(makeBigDoc({ racks }));
    await page.route('**/samples/bench-5000.json', (r) => r.fulfill({ body, contentType: 'application/json' }));
    log(`bench: opening ${racks}-rack layout in Chromium…`);
    await page.goto(`${url}?sample=bench-5000.json`);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 120_000 });
    await page.waitForFunction(() => {
      const w = window as unknown as { __retrofit: { viewport: { benchFrames: unknown } } };
      return !!w.__retrofit?.viewport?.benchFrames;
    });
    await page.waitForTimeout(1000);
    const r = await page.evaluate((n) => {
      const w = window as unknown as {
        __retrofit: { store: { getState(): { doc: { equipment: unknown[] } } }; viewport: { benchFrames(n: number): { sceneMs: number; bareMs: number; boxes: number } } };
      };
      return { ...w.__retrofit.viewport.benchFrames(n), racks: w.__retrofit.store.getState().doc.equipment.length };
    }, frames);
    return { ...r, ratio: r.sceneMs / r.bareMs };
  });
}

/**
 * Longest main-thread task while the airflow engine solves the converted sample in its worker
 * (PerformanceObserver 'longtask' entries, which Chromium reports for tasks over 50 ms).
 */
export async function benchAirflowMainThread(log: (m: string) => void, seconds = 20): Promise<{ longestTaskMs: number; longTasks: number; solvedStage: string; frameMs: number }> {
  return withAppPage(async (page, url) => {
    await page.goto(`${url}?sample=converted-ai-hall.json`);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 120_000 });
    await page.waitForTimeout(2000); // let start-up work (first analysis, first frames) finish
    // one frame of this scene on this (software) renderer, for comparison with the long tasks
    const frameMs = await page.evaluate(() => {
      const w = window as unknown as { __retrofit: { viewport: { benchFrames(n: number): { sceneMs: number } } } };
      return w.__retrofit.viewport.benchFrames(5).sceneMs;
    });
    await page.evaluate(() => {
      const w = window as unknown as { __long: number[] };
      w.__long = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) w.__long.push(e.duration);
      }).observe({ type: 'longtask' });
    });
    log(`bench: live airflow on the converted sample for ${seconds} s, watching the main thread…`);
    await page.getByRole('button', { name: 'Live airflow: off' }).click();
    await page.waitForTimeout(seconds * 1000);
    const r = await page.evaluate(() => {
      const w = window as unknown as { __long: number[]; __retrofit: { store: { getState(): { airflow: { resultStage: string | null } } } } };
      return { longestTaskMs: Math.max(0, ...w.__long), longTasks: w.__long.length, solvedStage: w.__retrofit.store.getState().airflow.resultStage ?? 'none' };
    });
    return { ...r, frameMs };
  });
}
