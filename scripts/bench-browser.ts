/**
 * Browser benchmarks, on the app users get: a production build (`vite build` into a scratch directory,
 * so dist/ and the browser tests are not touched) served by `vite preview`, one 800×600 Chromium page
 * (SwiftShader software WebGL here).
 *
 * - Frame ratio: frame cost of the editor's real 5,000-rack scene divided by the frame cost of a bare
 *   instanced scene with the same number of boxes, both rendered by the same page, renderer and camera
 *   in one run (absolute software-rendered fps mean little; the ratio is the figure). The generated
 *   document is served at samples/bench-5000.json by request interception and opened with ?sample=.
 * - Airflow main thread: every main-thread task while live airflow solves the converted sample in its
 *   worker, from switching it on until the refined answer is shown, each long one attributed from a
 *   Chromium trace (script, layout, paint, and the time spent waiting for the GPU process to draw).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type CDPSession, type Page } from 'playwright-core';
import { build, preview } from 'vite';
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

/** The production build, served by `vite preview`, and one 800×600 Chromium page; all closed whatever happens. */
async function withAppPage<T>(log: (m: string) => void, fn: (page: Page, url: string) => Promise<T>): Promise<T> {
  const outDir = mkdtempSync(join(tmpdir(), 'retrofit-bench-'));
  try {
    log('bench: building the app (vite build)…');
    await build({ logLevel: 'silent', build: { outDir, emptyOutDir: true } });
    const server = await preview({ build: { outDir }, preview: { port: 0, host: '127.0.0.1', strictPort: false }, logLevel: 'silent' });
    const url = server.resolvedUrls!.local[0];
    const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
    try {
      const page = await (await browser.newContext({ viewport: { width: 800, height: 600 } })).newPage();
      return await fn(page, url);
    } finally {
      await browser.close();
      await new Promise<void>((r) => server.httpServer.close(() => r()));
    }
  } finally {
    rmSync(outDir, { recursive: true, force: true });
  }
}

type BenchWindow = {
  __retrofit: {
    store: { getState(): { doc: { equipment: unknown[] }; airflow: { status: string; resultStage: string | null; error?: string } } };
    viewport: { benchFrames(n: number): { sceneMs: number; bareMs: number; boxes: number }; invalidate: (() => void) | null };
  };
  __long: { start: number; ms: number }[];
};

export async function benchFrameRatio(log: (m: string) => void, racks = 5000, frames = 20): Promise<FrameBench> {
  return withAppPage(log, async (page, url) => {
    const body = serializeLayout(makeBigDoc({ racks }));
    await page.route('**/samples/bench-5000.json', (r) => r.fulfill({ body, contentType: 'application/json' }));
    log(`bench: opening ${racks}-rack layout in Chromium…`);
    await page.goto(`${url}?sample=bench-5000.json`);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 120_000 });
    await page.waitForFunction(() => !!(window as unknown as BenchWindow).__retrofit?.viewport?.benchFrames);
    await page.waitForTimeout(1000);
    const r = await page.evaluate((n) => {
      const w = window as unknown as BenchWindow;
      return { ...w.__retrofit.viewport.benchFrames(n), racks: w.__retrofit.store.getState().doc.equipment.length };
    }, frames);
    return { ...r, ratio: r.sceneMs / r.bareMs };
  });
}

/** One main-thread task over 50 ms, attributed from the trace (ms). */
export interface LongTask {
  /** s since live airflow was switched on */
  atS: number;
  ms: number;
  /** waiting for the GPU process (the compositor reading the canvas back, synchronous GL queries) */
  gpuWaitMs: number;
  /** requestAnimationFrame callbacks (the 3D render, its GPU waits left out), style and layout, paint recording, garbage collection */
  rafMs: number;
  layoutMs: number;
  paintMs: number;
  gcMs: number;
  /** a redraw the bench itself asked for (to measure a plain frame under load), not the app's doing */
  probe: boolean;
}

export interface AirflowMainThreadBench {
  /** longest task (PerformanceObserver 'longtask', or the trace when none is over 50 ms), probe frames excluded */
  longestTaskMs: number;
  /** that task as the trace saw it */
  longestTask: LongTask | null;
  /** tasks over 50 ms, probe frames excluded */
  longTasks: number;
  /** longest task minus its waits for the GPU process: the main thread's own work (script, layout, paint) */
  longestOwnWorkMs: number;
  /** median task of a plain redraw of the scene while the solver runs (nothing changed but the frame) */
  plainFrameDuringSolveMs: number;
  /** one frame of this scene before the solve (render + 1-pixel read, `benchFrames`) */
  frameMs: number;
  solvedStage: string;
  watchedS: number;
  /**
   * after the refined answer: rack-007 moved 0.5 m east; seconds until the first rack inlets for the new
   * layout (the warm coarse solve's preview) are in the store, until they have been drawn (two more
   * frames), and until the settled coarse answer is in the store
   */
  updateAfterMoveS: number;
  updateAfterMoveDrawnS: number;
  settledCoarseAfterMoveS: number;
  tasks: LongTask[];
}

interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  args?: { name?: string; data?: { type?: string } };
}

type TracedTask = Omit<LongTask, 'atS' | 'probe'> & { ts: number };

/**
 * The renderer's main-thread tasks over `minMs`, plus the first frame (a task running rAF callbacks)
 * after each of `probeTs`, with what they spent their time on. Timestamps in µs, trace clock.
 */
function tasksFromTrace(events: TraceEvent[], minMs: number, probeTs: number[], fromTs: number): { long: TracedTask[]; probes: TracedTask[]; longest: TracedTask | null } {
  const names = new Map<string, string>();
  for (const e of events) if (e.ph === 'M' && e.name === 'thread_name') names.set(`${e.pid}:${e.tid}`, e.args?.name ?? '');
  const perThread = new Map<string, number>();
  for (const e of events) {
    const k = `${e.pid}:${e.tid}`;
    if (names.get(k) === 'CrRendererMain') perThread.set(k, (perThread.get(k) ?? 0) + 1);
  }
  const main = [...perThread.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
  const on = events.filter((e) => e.ph === 'X' && `${e.pid}:${e.tid}` === main).sort((a, b) => a.ts - b.ts);
  const runTasks = on.filter((e) => e.name === 'ThreadControllerImpl::RunTask');
  const firstAt = (ts: number) => {
    let lo = 0;
    let hi = on.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (on[mid].ts < ts) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const inside = (t: TraceEvent) => {
    const out: TraceEvent[] = [];
    const end = t.ts + (t.dur ?? 0);
    for (let i = firstAt(t.ts); i < on.length && on[i].ts <= end; i++) if (on[i] !== t && on[i].ts + (on[i].dur ?? 0) <= end) out.push(on[i]);
    return out;
  };
  const attribute = (t: TraceEvent): TracedTask => {
    const evs = inside(t);
    // outermost events of a name only (nested ones of the same name would count twice)
    const outermost = (re: RegExp) => {
      const out: TraceEvent[] = [];
      let until = -1;
      for (const e of evs) {
        if (!re.test(e.name) || e.ts < until) continue;
        out.push(e);
        until = e.ts + (e.dur ?? 0);
      }
      return out;
    };
    const total = (list: TraceEvent[]) => list.reduce((a, e) => a + (e.dur ?? 0), 0) / 1000;
    const sum = (re: RegExp) => total(outermost(re));
    const waits = outermost(/^ImplementationBase::WaitForCmd$/);
    const rafs = outermost(/^FireAnimationFrame$/);
    // synchronous GL queries inside rAF callbacks (a shader's link status) count as GPU wait, not rAF
    const waitsInRaf = waits.filter((w) => rafs.some((r) => w.ts >= r.ts && w.ts <= r.ts + (r.dur ?? 0)));
    return {
      ts: t.ts,
      ms: (t.dur ?? 0) / 1000,
      gpuWaitMs: total(waits),
      rafMs: total(rafs) - total(waitsInRaf),
      layoutMs: sum(/^(Layout|UpdateLayoutTree)$/),
      paintMs: sum(/^Paint$/),
      gcMs: sum(/^(MinorGC|MajorGC)$/),
    };
  };
  const watched = runTasks.filter((t) => t.ts >= fromTs);
  const probeTasks = probeTs
    .map((ts) => watched.find((t) => t.ts >= ts && inside(t).some((e) => e.name === 'FireAnimationFrame')))
    .filter((t): t is TraceEvent => !!t);
  const long = watched.filter((t) => (t.dur ?? 0) > minMs * 1000).map(attribute);
  const probes = probeTasks.map(attribute);
  // the longest task of any length, the probes' frames left out
  const rest = watched.filter((t) => !probeTasks.includes(t));
  const top = rest.reduce<TraceEvent | null>((a, t) => (!a || (t.dur ?? 0) > (a.dur ?? 0) ? t : a), null);
  return { long, probes, longest: top ? attribute(top) : null };
}

async function startTrace(cdp: CDPSession): Promise<() => Promise<TraceEvent[]>> {
  const events: TraceEvent[] = [];
  cdp.on('Tracing.dataCollected', (d) => {
    for (const e of d.value) events.push(e as unknown as TraceEvent);
  });
  await cdp.send('Tracing.start', {
    traceConfig: { recordMode: 'recordAsMuchAsPossible', includedCategories: ['toplevel', 'devtools.timeline', 'gpu', 'v8', 'blink.user_timing'] },
  } as never);
  return async () => {
    const done = new Promise<void>((r) => cdp.once('Tracing.tracingComplete', () => r()));
    await cdp.send('Tracing.end');
    await done;
    return events;
  };
}

/**
 * Main-thread tasks while the airflow engine solves the converted sample in its worker: from the
 * click on "Live airflow" until the refined (final) answer has been shown, or `maxSeconds`.
 * PerformanceObserver 'longtask' entries (Chromium reports tasks over 50 ms) give the figures; a trace
 * recorded at the same time says what each long task was. After the coarse answer, the bench also
 * asks for `probes` plain redraws (nothing changed) to measure what any frame costs while the solver
 * holds a core — those are reported apart and left out of the app's figures.
 */
export async function benchAirflowMainThread(log: (m: string) => void, maxSeconds = 300, probes = 3): Promise<AirflowMainThreadBench> {
  return withAppPage(log, async (page, url) => {
    await page.goto(`${url}?sample=converted-ai-hall.json`);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 120_000 });
    await page.waitForTimeout(2000); // let start-up work (first analysis, first frames) finish
    // one frame of this scene on this (software) renderer, for comparison with the long tasks
    const frameMs = await page.evaluate(() => (window as unknown as BenchWindow).__retrofit.viewport.benchFrames(5).sceneMs);
    await page.waitForTimeout(500);
    const cdp = await page.context().newCDPSession(page);
    const stopTrace = await startTrace(cdp);
    await page.evaluate(() => {
      const w = window as unknown as BenchWindow;
      w.__long = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) w.__long.push({ start: e.startTime, ms: e.duration });
      }).observe({ type: 'longtask' });
      performance.mark('bench-airflow-on');
    });
    log(`bench: live airflow on the converted sample until the refined answer is shown (at most ${maxSeconds} s), watching the main thread…`);
    const t0 = Date.now();
    await page.getByRole('button', { name: 'Live airflow: off' }).click();
    // small values only: returning the result itself would serialise its arrays in a page task
    const stage = () =>
      page.evaluate(() => {
        const a = (window as unknown as BenchWindow).__retrofit.store.getState().airflow;
        return { status: a.status, resultStage: a.resultStage };
      });
    const deadline = t0 + maxSeconds * 1000;
    const probeAt: number[] = [];
    let probed = false;
    let seen: string | null = null;
    for (;;) {
      const a = await stage();
      if (a.resultStage !== seen) {
        seen = a.resultStage;
        log(`bench: ${seen} answer shown after ≈ ${((Date.now() - t0) / 1000).toFixed(1)} s`);
      }
      if (a.status === 'done' || a.status === 'error' || Date.now() > deadline) break;
      if (!probed && a.resultStage === 'coarse') {
        probed = true;
        await page.waitForTimeout(2000); // the coarse answer's own frames first
        for (let i = 0; i < probes; i++) {
          probeAt.push(
            await page.evaluate(() => {
              performance.mark('bench-probe-frame');
              (window as unknown as BenchWindow).__retrofit.viewport.invalidate?.();
              return performance.now();
            }),
          );
          await page.waitForTimeout(1000);
        }
      }
      await page.waitForTimeout(500);
    }
    await page.waitForTimeout(2000); // the final answer's frames
    const watchedS = (Date.now() - t0) / 1000;
    const end = await page.evaluate(() => {
      const w = window as unknown as BenchWindow;
      const a = w.__retrofit.store.getState().airflow;
      return { long: w.__long, stage: a.resultStage ?? 'none', error: a.error };
    });
    const events = await stopTrace();
    if (end.error) log(`bench: airflow reported an error: ${end.error}`);
    // one edit, as in the engine bench: rack-007 moves 0.5 m east; time until the first answer for the
    // new layout is in the store (debounce, the warm coarse solve's preview, posting), until it has been
    // drawn (two more frames), and until the settled coarse answer is in the store
    const move = await page.evaluate(
      () =>
        new Promise<{ storeS: number; drawnS: number; stage: string; steps: number; coarseS: number }>((resolve) => {
          type Api = {
            getState(): {
              doc: { equipment: { id: string; position: number[] }[] };
              airflow: { resultStage: string | null; stale: boolean; result: { halls: { steps: number }[] } | null };
              moveTo(m: Map<string, [number, number]>): void;
            };
            subscribe(fn: (s: ReturnType<Api['getState']>) => void): () => void;
          };
          const st = (window as unknown as { __retrofit: { store: Api } }).__retrofit.store;
          const rack = st.getState().doc.equipment.find((e) => e.id === 'rack-007')!;
          const t0 = performance.now();
          const out = { storeS: NaN, drawnS: NaN, stage: 'none', steps: 0, coarseS: NaN };
          const cap = setTimeout(() => resolve(out), 60_000);
          // (no named inner functions: tsx's keepNames would wrap them in a __name the page lacks)
          let drawn = false;
          const unsub = st.subscribe((s) => {
            const stage = s.airflow.resultStage;
            if (s.airflow.stale || !s.airflow.result || (stage !== 'preview' && stage !== 'coarse')) return;
            const now = (performance.now() - t0) / 1000;
            if (stage === 'coarse') {
              out.coarseS = now;
              unsub();
              if (drawn) {
                clearTimeout(cap);
                resolve(out);
              }
            }
            if (!Number.isNaN(out.storeS)) return;
            out.storeS = now;
            out.stage = stage;
            out.steps = Math.max(...s.airflow.result.halls.map((h) => h.steps));
            requestAnimationFrame(() =>
              requestAnimationFrame(() =>
                setTimeout(() => {
                  out.drawnS = (performance.now() - t0) / 1000;
                  drawn = true;
                  if (!Number.isNaN(out.coarseS)) {
                    clearTimeout(cap);
                    resolve(out);
                  }
                }, 0),
              ),
            );
          });
          st.getState().moveTo(new Map([['rack-007', [rack.position[0] + 0.5, rack.position[1]]]]));
        }),
    );
    log(
      `bench: rack-007 moved 0.5 m: first new rack inlets (${move.stage}, ${move.steps} coarse steps) in the store after ${move.storeS.toFixed(2)} s, drawn after ${move.drawnS.toFixed(2)} s; settled coarse answer after ${move.coarseS.toFixed(2)} s`,
    );

    // trace ↔ page clock: the marks are in both
    const mark = (name: string) => events.filter((e) => e.name === name).map((e) => e.ts);
    const onTs = mark('bench-airflow-on')[0] ?? 0;
    if (!onTs) log('bench: the trace lost its start (buffer full?): the attribution below is incomplete');
    const probeTs = mark('bench-probe-frame');
    const traced = tasksFromTrace(events, 50, probeTs, onTs);
    const probeStarts = new Set(traced.probes.map((t) => t.ts));
    const tasks: LongTask[] = traced.long.map(({ ts, ...t }) => ({ ...t, atS: (ts - onTs) / 1e6, probe: probeStarts.has(ts) }));
    // observer entries in the probes' frames (page clock: a long task starting within 300 ms of a probe)
    const isProbe = (start: number) => probeAt.some((p) => start >= p - 1 && start - p < 300);
    const appLong = end.long.filter((e) => !isProbe(e.start));
    const own = [...tasks.filter((t) => !t.probe), ...(traced.longest ? [traced.longest] : [])].map((t) => t.ms - t.gpuWaitMs);
    const probeMs = traced.probes.map((t) => t.ms).sort((a, b) => a - b);
    return {
      // the observer sees tasks over 50 ms only; the trace times every task (the two agree to ≈ 1 ms)
      longestTaskMs: Math.max(traced.longest?.ms ?? 0, ...appLong.map((e) => e.ms)),
      longestTask: traced.longest ? { ...traced.longest, atS: (traced.longest.ts - onTs) / 1e6, probe: false } : null,
      longTasks: appLong.length,
      longestOwnWorkMs: Math.max(0, ...own),
      plainFrameDuringSolveMs: probeMs.length ? probeMs[probeMs.length >> 1] : NaN,
      frameMs,
      solvedStage: end.stage,
      watchedS,
      updateAfterMoveS: move.storeS,
      updateAfterMoveDrawnS: move.drawnS,
      settledCoarseAfterMoveS: move.coarseS,
      tasks,
    };
  });
}
