/**
 * Node benchmarks: `npm run bench [-- --only <substring>] [-- --runs <n>]`.
 *
 * Prints one JSON line per figure on stdout — {"name","value","unit"} — and nothing else there;
 * progress goes to stderr. Times are medians of several runs after warm-up runs.
 * Add a figure by adding an entry to BENCHES (airflow, power, liquid, browser frame ratio, …).
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadLayout, serializeLayout } from '../src/model/load';
import { ENGINES, runAll } from '../workers/analysis';
import { runSpace } from '../workers/space/engine';
import { makeBigDoc } from '../test/helpers/bigdoc';
import { makePowerDoc } from '../test/helpers/power-layout';
import { adaptLayoutPower, runPower } from '../workers/power/adapt';
import { makeLiquidDoc } from '../test/helpers/liquid-layout';
import { adaptLayout as adaptLayoutLiquid, runLiquid } from '../workers/liquid/adapt';
import { analyzeLiquid } from '../workers/liquid/index';
import { benchAirflowMainThread, benchFrameRatio } from './bench-browser';
import { readFileSync } from 'node:fs';
import { runAirflow } from '../workers/airflow/engine';

export interface BenchFigure {
  name: string;
  value: number;
  unit: string;
}

export interface Bench {
  /** figure name(s) this bench emits start with this; `--only` matches it */
  name: string;
  run(ctx: BenchContext): BenchFigure[] | Promise<BenchFigure[]>;
}

export interface BenchContext {
  /** timed repetitions per measurement (after warm-up runs) */
  runs: number;
  log(msg: string): void;
}

/**
 * Median wall-clock time of fn over `runs` runs, ms, after `warmup` untimed runs (so the JIT has
 * optimised the code, as it has in an app that re-runs the analysis on every edit).
 */
export function medianMs(runs: number, fn: () => unknown, warmup = 3): number {
  for (let i = 0; i < warmup; i++) fn();
  const t: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    t.push(performance.now() - t0);
  }
  t.sort((a, b) => a - b);
  const m = t.length >> 1;
  return t.length % 2 ? t[m] : (t[m - 1] + t[m]) / 2;
}

const round = (v: number, digits = 2) => Number(v.toFixed(digits));

// one shared 5,000-rack document (deterministic, see test/helpers/bigdoc.ts)
let big: { doc: ReturnType<typeof makeBigDoc>; text: string } | undefined;
function bigDoc() {
  if (!big) {
    const doc = makeBigDoc({ racks: 5000 });
    big = { doc, text: serializeLayout(doc) };
  }
  return big;
}

export const BENCHES: Bench[] = [
  {
    name: 'doc_size_5000_racks',
    run: () => [{ name: 'doc_size_5000_racks_kb', value: round(Buffer.byteLength(bigDoc().text, 'utf8') / 1024, 1), unit: 'kB' }],
  },
  {
    name: 'load_validate_5000_racks',
    run: (ctx) => {
      const { text } = bigDoc();
      const ms = medianMs(ctx.runs, () => {
        const r = loadLayout(text);
        if (!r.ok) throw new Error(`generated document does not load: ${r.summary}`);
      });
      return [{ name: 'load_validate_5000_racks_ms', value: round(ms), unit: 'ms' }];
    },
  },
  {
    name: 'space_engine_5000_racks',
    run: (ctx) => {
      const { doc } = bigDoc();
      let findings = -1;
      const ms = medianMs(ctx.runs, () => {
        findings = runSpace(doc).findings.length;
      });
      ctx.log(`space engine: ${findings} findings on the 5,000-rack layout`);
      return [{ name: 'space_engine_5000_racks_ms', value: round(ms), unit: 'ms' }];
    },
  },
  {
    name: 'analysis_all_5000_racks',
    run: (ctx) => {
      const { doc } = bigDoc();
      const ms = medianMs(ctx.runs, () => runAll(doc));
      ctx.log(`analysis: engines ${ENGINES.map((e) => e.name).join(', ')}`);
      return [{ name: 'analysis_all_5000_racks_ms', value: round(ms), unit: 'ms' }];
    },
  },
  {
    // the whole layout → engine path (adapter + flows + every single failure) on a generated 2N layout:
    // 10,000 dual-corded racks in 50 blocks, 901 distribution elements, 1,003 failure scenarios
    name: 'power_single_failure_10000_racks',
    run: (ctx) => {
      const doc = makePowerDoc(10_000);
      let r: ReturnType<typeof runPower> | undefined;
      const ms = medianMs(ctx.runs, () => {
        r = runPower(doc);
      });
      const adaptMs = medianMs(ctx.runs, () => adaptLayoutPower(doc));
      const p = r!.power!;
      ctx.log(
        `power: ${p.elements.length} elements, ${p.scenarios.length} scenarios, ${r!.findings.length} findings; adapter ${adaptMs.toFixed(1)} ms, ` +
          `last run build ${p.timings.buildMs.toFixed(1)} / flow ${p.timings.flowMs.toFixed(1)} / failures ${p.timings.failureMs.toFixed(1)} ms`,
      );
      return [
        { name: 'power_single_failure_10000_racks_ms', value: round(ms), unit: 'ms' },
        { name: 'power_adapt_10000_racks_ms', value: round(adaptMs), unit: 'ms' },
      ];
    },
  },
  {
    // layout → liquid engine on a generated layout (test/helpers/liquid-layout.ts): 50 rows, each one TCS
    // loop with 2 CDUs on dp control and 40 NVL72 racks with flow-control valves (the engine's own perf
    // case, built as a document). "solve" = adapter + operating and design-point solves + checks; the n−1
    // figure adds the 100 CDU-failure cases, as runLiquid (the registered engine) does.
    name: 'liquid_solve_2000_racks_100_cdus',
    run: (ctx) => {
      const doc = makeLiquidDoc();
      const solve = () => {
        const { spec } = adaptLayoutLiquid(doc);
        return analyzeLiquid({ ...spec, cduFailureCases: false });
      };
      let a: ReturnType<typeof analyzeLiquid> | undefined;
      const ms = medianMs(ctx.runs, () => (a = solve()));
      // CPU time of this process over the same runs: steadier than wall time on a shared machine
      const cpu: number[] = [];
      for (let i = 0; i < ctx.runs; i++) {
        const c0 = process.cpuUsage();
        solve();
        const c = process.cpuUsage(c0);
        cpu.push((c.user + c.system) / 1000);
      }
      cpu.sort((x, y) => x - y);
      const cpuMs = cpu.length % 2 ? cpu[cpu.length >> 1] : (cpu[cpu.length / 2 - 1] + cpu[cpu.length / 2]) / 2;
      const adaptMs = medianMs(ctx.runs, () => adaptLayoutLiquid(doc));
      let r: ReturnType<typeof runLiquid> | undefined;
      const n1Ms = medianMs(ctx.runs, () => (r = runLiquid(doc)));
      const racks = a!.loops.reduce((n, l) => n + l.racks.length, 0);
      const cdus = a!.loops.reduce((n, l) => n + l.cdus.length, 0);
      if (racks !== 2000 || cdus !== 100) throw new Error(`liquid bench layout has ${racks} racks and ${cdus} CDUs`);
      ctx.log(`liquid: ${a!.loops.length} loops, ${racks} racks, ${cdus} CDUs; max ${Math.max(...a!.loops.map((l) => l.iterations))} GGA iterations; ${r!.findings.length} findings with n−1`);
      return [
        { name: 'liquid_solve_2000_racks_100_cdus_ms', value: round(ms), unit: 'ms' },
        { name: 'liquid_solve_2000_racks_100_cdus_cpu_ms', value: round(cpuMs), unit: 'ms' },
        { name: 'liquid_adapt_2000_racks_ms', value: round(adaptMs), unit: 'ms' },
        { name: 'liquid_solve_n1_2000_racks_100_cdus_ms', value: round(n1Ms), unit: 'ms' },
      ];
    },
  },
];

// Airflow on the converted sample hall (60 × 30 × 7 m). One run each, not a median: the 0.5 m solve
// takes one to two minutes on the shared 2-core machine (docs/airflow.md §7, §13).
BENCHES.push({
  name: 'airflow_converted_sample',
  run: (ctx) => {
    const loaded = loadLayout(readFileSync(new URL('../public/samples/converted-ai-hall.json', import.meta.url), 'utf8'));
    if (!loaded.ok) throw new Error(loaded.summary);
    const doc = loaded.doc;
    const coarseRes = runAirflow(doc, { resolution: 'coarse' });
    const coarse = coarseRes.halls[0];
    ctx.log(`airflow coarse: ${coarse.info.cells} cells, ${coarse.steps} steps, ${(coarse.solveMs / 1000).toFixed(1)} s, converged ${coarse.converged}`);
    // the full steady solve at the default resolution, as the app and the CLI run it (coarse stage, then 0.5 m)
    const t0 = performance.now();
    const full = runAirflow(doc, { resolution: 'normal' });
    const fullS = (performance.now() - t0) / 1000;
    const h = full.halls[0];
    ctx.log(`airflow normal (two-level): ${h.info.cells} cells, ${h.steps} final steps, ${fullS.toFixed(1)} s, converged ${h.converged}, imbalance ${(h.energy.relative * 100).toFixed(3)} %`);
    // one edit: the last air rack of row A1 moves 0.5 m east; warm start from the converged solution on the same grid
    const moved = structuredClone(doc);
    const r = moved.equipment.find((e) => e.id === 'rack-007')!;
    r.position = [r.position[0] + 0.5, r.position[1], r.position[2]];
    // coarse: first provisional rack inlets (snapshot every 250 ms, as the app asks) and the settled answer
    let firstSnap: { s: number; racks: { id: string; inletMeanC: number }[] } | null = null;
    const tc = performance.now();
    const warmCoarse = runAirflow(moved, {
      resolution: 'coarse',
      initial: coarseRes,
      snapshotEveryMs: 250,
      onSnapshot: (s) => {
        if (!firstSnap) firstSnap = { s: (performance.now() - tc) / 1000, racks: s.racks };
      },
    });
    const warmCoarseS = (performance.now() - tc) / 1000;
    const settled = new Map(warmCoarse.halls[0].racks.map((x) => [x.id, x.inletMeanC]));
    const before = new Map(coarse.racks.map((x) => [x.id, x.inletMeanC]));
    const snap = firstSnap as { s: number; racks: { id: string; inletMeanC: number }[] } | null;
    const snapErr = snap ? Math.max(...snap.racks.map((x) => Math.abs(x.inletMeanC - settled.get(x.id)!))) : NaN;
    const moveEffect = Math.max(...[...settled].map(([id, t]) => Math.abs(t - before.get(id)!)));
    ctx.log(
      `airflow coarse warm after move: ${warmCoarse.halls[0].steps} steps, ${warmCoarseS.toFixed(2)} s; first provisional inlets at ${snap ? snap.s.toFixed(2) : '—'} s, within ${snapErr.toFixed(2)} K of the settled answer (the move changes inlets by up to ${moveEffect.toFixed(2)} K at 1 m)`,
    );
    // the app's path after an edit: a preview after 150 ms of the warm coarse solve, then settled from it
    const tp = performance.now();
    const preview = runAirflow(moved, { resolution: 'coarse', initial: coarseRes, maxSolveMs: 150 });
    const previewS = (performance.now() - tp) / 1000;
    const previewErr = Math.max(...preview.halls[0].racks.map((x) => Math.abs(x.inletMeanC - settled.get(x.id)!)));
    ctx.log(
      `airflow coarse preview after move: ${preview.halls[0].steps} steps, ${previewS.toFixed(2)} s, within ${previewErr.toFixed(2)} K of the settled answer`,
    );
    const t1 = performance.now();
    const warm = runAirflow(moved, { resolution: 'normal', initial: full });
    const warmS = (performance.now() - t1) / 1000;
    ctx.log(`airflow normal warm after move: ${warm.halls[0].steps} steps, ${warmS.toFixed(1)} s, converged ${warm.halls[0].converged}`);
    return [
      { name: 'airflow_converted_sample_solve_s', value: round(fullS), unit: 's' },
      { name: 'airflow_grid_cells', value: h.info.cells, unit: 'cells' },
      { name: 'airflow_solve_steps', value: h.steps, unit: 'steps' },
      { name: 'airflow_cell_updates_per_s', value: Math.round(h.cellsPerSecond), unit: 'cells/s' },
      { name: 'airflow_warm_update_after_move_s', value: round(warmS), unit: 's' },
      { name: 'airflow_converted_sample_coarse_solve_s', value: round(coarse.solveMs / 1000), unit: 's' },
      { name: 'airflow_warm_update_after_move_coarse_s', value: round(warmCoarseS), unit: 's' },
      { name: 'airflow_first_provisional_inlets_after_move_coarse_s', value: round(snap ? snap.s : NaN), unit: 's' },
      { name: 'airflow_first_provisional_inlets_error_k', value: round(snapErr), unit: 'K' },
      { name: 'airflow_preview_after_move_coarse_s', value: round(previewS), unit: 's' },
      { name: 'airflow_preview_after_move_error_k', value: round(previewErr), unit: 'K' },
    ];
  },
});

// Browser figures last: they build the app, serve it with `vite preview` and start Chromium (CHROMIUM_PATH overrides /usr/bin/chromium).
BENCHES.push({
  name: 'browser_frame_5000_racks',
  run: async (ctx) => {
    const r = await benchFrameRatio(ctx.log, 5000);
    ctx.log(`browser: ${r.racks} items, ${r.boxes} instanced boxes; scene ${r.sceneMs.toFixed(1)} ms vs bare ${r.bareMs.toFixed(1)} ms per frame (SwiftShader, 800×600)`);
    return [
      { name: 'browser_frame_ratio_5000_racks', value: round(r.ratio, 3), unit: 'ratio' },
      { name: 'browser_frame_5000_racks_ms', value: round(r.sceneMs), unit: 'ms' },
      { name: 'browser_frame_bare_instanced_ms', value: round(r.bareMs), unit: 'ms' },
    ];
  },
});

BENCHES.push({
  name: 'browser_airflow_main_thread',
  run: async (ctx) => {
    const r = await benchAirflowMainThread(ctx.log);
    const ms = (v: number) => v.toFixed(0).padStart(4);
    const line = (what: string, t: (typeof r.tasks)[number]) =>
      ctx.log(
        `browser: ${what} +${t.atS.toFixed(1).padStart(6)} s  ${ms(t.ms)} ms = GPU wait ${ms(t.gpuWaitMs)} + rAF ${ms(t.rafMs)} + layout ${ms(t.layoutMs)} + paint ${ms(t.paintMs)} + GC ${ms(t.gcMs)} + other ${ms(t.ms - t.gpuWaitMs - t.rafMs - t.layoutMs - t.paintMs - t.gcMs)}${t.probe ? '  (probe: a plain redraw)' : ''}`,
      );
    for (const t of r.tasks) line('task', t);
    if (r.longestTask) line('longest task', r.longestTask);
    ctx.log(
      `browser: ${r.longTasks} main-thread tasks over 50 ms in ${r.watchedS.toFixed(0)} s (result stage reached: ${r.solvedStage}); ` +
        `a plain redraw while the solver runs: ${r.plainFrameDuringSolveMs.toFixed(0)} ms; one software-rendered frame of this scene before the solve: ${r.frameMs.toFixed(0)} ms`,
    );
    return [
      { name: 'browser_airflow_longest_main_thread_task_ms', value: round(r.longestTaskMs, 1), unit: 'ms' },
      { name: 'browser_airflow_long_tasks', value: r.longTasks, unit: 'tasks' },
      { name: 'browser_airflow_longest_own_work_ms', value: round(r.longestOwnWorkMs, 1), unit: 'ms' },
      { name: 'browser_airflow_plain_frame_during_solve_ms', value: round(r.plainFrameDuringSolveMs, 1), unit: 'ms' },
      { name: 'browser_converted_sample_frame_ms', value: round(r.frameMs, 1), unit: 'ms' },
      { name: 'browser_airflow_update_after_move_s', value: round(r.updateAfterMoveS), unit: 's' },
      { name: 'browser_airflow_update_after_move_drawn_s', value: round(r.updateAfterMoveDrawnS), unit: 's' },
      { name: 'browser_airflow_settled_coarse_after_move_s', value: round(r.settledCoarseAfterMoveS), unit: 's' },
    ];
  },
});

export async function runBenches(argv: readonly string[], out: (line: string) => void, log: (msg: string) => void): Promise<number> {
  let only: string | undefined;
  let runs = 11;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--only') only = argv[++i];
    else if (argv[i] === '--runs') runs = Math.max(1, Number(argv[++i]) || 11);
    else if (argv[i] === '--help' || argv[i] === '-h') {
      log(`Usage: npm run bench [-- --only <substring>] [--runs <n>]\nBenches: ${BENCHES.map((b) => b.name).join(', ')}`);
      return 0;
    } else {
      log(`bench: unknown argument ${argv[i]}`);
      return 2;
    }
  }
  const selected = BENCHES.filter((b) => !only || b.name.includes(only));
  if (!selected.length) {
    log(`bench: no bench matches "${only}"; benches: ${BENCHES.map((b) => b.name).join(', ')}`);
    return 2;
  }
  const ctx: BenchContext = { runs, log };
  for (const b of selected) {
    log(`bench: ${b.name} …`);
    const figs = await b.run(ctx);
    for (const f of figs) out(JSON.stringify({ name: f.name, value: f.value, unit: f.unit }));
  }
  return 0;
}

// run when executed (tsx scripts/bench.ts), not when imported
if (process.argv[1] && pathToFileURL(resolve(process.argv[1])).href === import.meta.url) {
  process.exitCode = await runBenches(
    process.argv.slice(2),
    (line) => process.stdout.write(line + '\n'),
    (msg) => process.stderr.write(msg + '\n'),
  );
}
