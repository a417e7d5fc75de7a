/**
 * Long-run grid study of one hall (docs/airflow.md §13): march the airflow solver a fixed number of
 * steps, print window means of every rack device's inlet temperature as JSON lines, and save the field
 * averaged over the second half of the run so the next (finer) level can start from it.
 *
 *   npx tsx scripts/airflow-study.ts --cell 1 --steps 2400 --save /tmp/s1.bin
 *   npx tsx scripts/airflow-study.ts --cell 0.5 --steps 2400 --from /tmp/s1.bin --save /tmp/s05.bin
 *
 * Options: --file <layout.json> (default the converted sample), --hall <id>, --window <steps> (200),
 * --nut <m²/s> (the zero-equation model with this floor instead of the hall's constant eddy viscosity, the
 * default, docs §4), --cfl <n>. Slow by design (0.25 m ≈ 1 s per step).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { loadLayout } from '../src/model/load';
import { airflowDomainFromLayout } from '../workers/airflow/layout';
import { AirflowSolver, type FlowState } from '../workers/airflow/solver';
import { resampleState } from '../workers/airflow/builder';
import { Grid } from '../workers/airflow/grid';
import { ENGINE_CFL, engineSolverOptions } from '../workers/airflow/engine';

const args = process.argv.slice(2);
const opt = (name: string, dflt?: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : dflt;
};
const file = opt('file', new URL('../public/samples/converted-ai-hall.json', import.meta.url).pathname)!;
const loaded = loadLayout(readFileSync(file, 'utf8'));
if (!loaded.ok) throw new Error(loaded.summary);
const doc = loaded.doc;
const hallId = opt('hall', doc.halls[0].id)!;
const cell = Number(opt('cell', '0.5'));
const steps = Number(opt('steps', '1200'));
const window = Number(opt('window', '200'));
const turbulence = opt('nut') ? { kind: 'zeroEquation' as const, minNut_m2_s: Number(opt('nut')) } : undefined;
const cfl = opt('cfl') ? Number(opt('cfl')) : ENGINE_CFL;
const FIELDS = ['u', 'v', 'w', 'p', 'T'] as const;

/** state file: a JSON header line, then the five Float64 fields back to back */
function saveState(path: string, grid: Grid, st: FlowState): void {
  const head = Buffer.from(JSON.stringify({ dims: [grid.nx, grid.ny, grid.nz], h: grid.h, solid: Array.from(grid.solid) }) + '\n');
  writeFileSync(path, Buffer.concat([head, ...FIELDS.map((f) => Buffer.from(st[f].buffer, st[f].byteOffset, st[f].byteLength))]));
}
function loadState(path: string): { grid: Grid; st: FlowState } {
  const buf = readFileSync(path);
  const nl = buf.indexOf(10);
  const head = JSON.parse(buf.subarray(0, nl).toString()) as { dims: [number, number, number]; h: number; solid: number[] };
  const grid = new Grid({ nx: head.dims[0], ny: head.dims[1], nz: head.dims[2], h_m: head.h });
  head.solid.forEach((v, i) => (grid.solid[i] = v));
  const lens = { u: grid.nU, v: grid.nV, w: grid.nW, p: grid.nCells, T: grid.nCells };
  let off = nl + 1;
  const st = {} as FlowState;
  for (const f of FIELDS) {
    const bytes = buf.subarray(off, off + lens[f] * 8);
    st[f] = new Float64Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
    off += lens[f] * 8;
  }
  return { grid, st };
}

const info = airflowDomainFromLayout(doc, hallId, { resolution: cell, turbulence });
let initial: FlowState | undefined;
const from = opt('from');
if (from) {
  const prev = loadState(from);
  initial = resampleState(prev.grid, prev.st, info.domain.grid, info.domain.fluid?.Tref_C ?? 20);
}
const solver = new AirflowSolver(info.domain, { ...engineSolverOptions(cfl), initial });
const racks = solver.deviceReports().filter((d) => d.kind === 'heat').map((d) => d.id);
const sum = new Float64Array(racks.length);
const acc = FIELDS.map((f) => new Float64Array(solver.state[f].length));
const t0 = performance.now();
console.error(`${info.dims.join('×')} cells of ${cell} m, ${racks.length} rack devices, ${steps} steps${from ? ` from ${from}` : ' cold'}`);
for (let n = 1; n <= steps; n++) {
  solver.step();
  const reps = solver.deviceReports();
  racks.forEach((id, q) => (sum[q] += reps.find((d) => d.id === id)!.inlet_C));
  if (n > steps / 2) FIELDS.forEach((f, q) => solver.state[f].forEach((x, c) => (acc[q][c] += x)));
  if (n % window === 0) {
    const m = Array.from(sum, (x) => x / window);
    const line = { step: n, s: Math.round((performance.now() - t0) / 1000), maxC: +Math.max(...m).toFixed(2), meanC: +(m.reduce((a, b) => a + b, 0) / m.length).toFixed(2), inletC: Object.fromEntries(racks.map((id, q) => [id, +m[q].toFixed(2)])) };
    console.log(JSON.stringify(line));
    sum.fill(0);
  }
}
const save = opt('save');
if (save) {
  const half = steps - Math.floor(steps / 2);
  const st = {} as FlowState;
  FIELDS.forEach((f, q) => (st[f] = acc[q].map((x) => x / half)));
  saveState(save, info.domain.grid, st);
}
