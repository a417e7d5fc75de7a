/**
 * The airflow engine: layout → domain (layout.ts) → steady solve (solver.ts) → rack inlet
 * temperatures, ASHRAE checks, RCI/RTI, cooler loads, hot spots, energy balance (docs/airflow.md §10–11).
 *
 * Too slow for the every-edit analysis (ENGINES in workers/analysis.ts): it runs in its own worker or
 * from the CLI, with progress, cancellation, warm start and an optional coarse-then-fine solve.
 */
import type { AshraeClass, LayoutDoc } from '../../src/model/document';
import type { EngineResult, Figure, Finding, Severity } from '../findings';
import { airflowDomainFromLayout, cellSizeFor, hallBox, type AirDeviceInfo, type AirflowDomainInfo, type AirflowResolution, type IntakeInfo } from './layout';
import { AirflowSolver, type EnergyBalance, type FlowState, type SolverOptions, type StepReport } from './solver';
import { resampleState } from './builder';
import { Grid } from './grid';
import type { TurbulenceModel } from './domain';

/** ASHRAE TC9.9 inlet envelopes, °C (domain.md §4). */
export const ASHRAE_LIMITS: Record<AshraeClass, { recMin: number; recMax: number; allowMin: number; allowMax: number }> = {
  A1: { recMin: 18, recMax: 27, allowMin: 15, allowMax: 32 },
  A2: { recMin: 18, recMax: 27, allowMin: 10, allowMax: 35 },
  A3: { recMin: 18, recMax: 27, allowMin: 5, allowMax: 40 },
  A4: { recMin: 18, recMax: 27, allowMin: 5, allowMax: 45 },
  H1: { recMin: 18, recMax: 22, allowMin: 5, allowMax: 25 },
};

/** Severity of one inlet temperature: critical outside the allowable range, warning outside the recommended one. */
export function ashraeSeverity(inletC: number, cls: AshraeClass): Severity | null {
  const L = ASHRAE_LIMITS[cls];
  if (inletC > L.allowMax || inletC < L.allowMin) return 'critical';
  if (inletC > L.recMax || inletC < L.recMin) return 'warning';
  return null;
}

/**
 * Rack Cooling Index (Herrlin), %: RCI_HI = [1 − Σ_{T>rec}(T − rec_max) / ((allow_max − rec_max)·n)]·100,
 * RCI_LO = [1 − Σ_{T<rec}(rec_min − T) / ((rec_min − allow_min)·n)]·100, over n intake temperatures.
 */
export function rackCoolingIndex(temps: readonly number[], cls: AshraeClass): { hi: number; lo: number } {
  const L = ASHRAE_LIMITS[cls];
  const n = temps.length;
  if (n === 0) return { hi: NaN, lo: NaN };
  let over = 0;
  let under = 0;
  for (const t of temps) {
    if (t > L.recMax) over += t - L.recMax;
    if (t < L.recMin) under += L.recMin - t;
  }
  return { hi: (1 - over / ((L.allowMax - L.recMax) * n)) * 100, lo: (1 - under / ((L.recMin - L.allowMin) * n)) * 100 };
}

/**
 * Return Temperature Index, %: (T_return − T_supply)/ΔT_equipment·100, with T_return and T_supply
 * the flow-weighted temperatures into and out of the cooling (coolers, exhaust fans / intakes) and
 * ΔT_equipment the flow-weighted temperature rise through the IT equipment. > 100 % recirculation,
 * < 100 % bypass.
 */
export function returnTemperatureIndex(returnC: number, supplyC: number, equipmentDeltaTK: number): number {
  return ((returnC - supplyC) / equipmentDeltaTK) * 100;
}

export interface RackAirflow {
  id: string;
  role: 'rack' | 'miner';
  /** mean and max temperature of the air cells in front of the front face, °C */
  inletMeanC: number;
  inletMaxC: number;
  /** mean temperature of the cells behind the rear face, °C */
  exhaustC: number;
  /** the device's mixed outlet temperature, °C (the merged device's, see `deviceId`) */
  outletC: number;
  flow_m3_s: number;
  heat_W: number;
  deviceId: string | null;
}

export interface CoolerAirflow {
  id: string;
  role: 'cooler' | 'rear-door';
  returnC: number;
  supplyC: number;
  load_W: number;
  demand_W: number;
  capacity_W: number;
  saturated: boolean;
}

export interface HotSpot {
  cells: number;
  volume_m3: number;
  maxC: number;
  /** where the hottest cell is, plan metres + height (document frame) */
  at: [number, number, number];
  racks: string[];
  /** the lowest intake limit of those racks, °C (ASHRAE allowable maximum; a miner's throttle temperature) */
  limitC: number;
}

export interface HallAirflow {
  hallId: string;
  /** grid: cells per axis, cell edge, document-frame origin of the min corner */
  dims: [number, number, number];
  cellM: number;
  origin: [number, number, number];
  /** cell temperatures, °C, index i + nx·(j + ny·k); NaN in solid cells (transferable) */
  temperature: Float32Array;
  racks: RackAirflow[];
  coolers: CoolerAirflow[];
  hotSpots: HotSpot[];
  energy: EnergyBalance;
  rciHi: number;
  rciLo: number;
  rti: number;
  converged: boolean;
  cancelled: boolean;
  steps: number;
  averagedSteps: number;
  solveMs: number;
  cellsPerSecond: number;
  /** full solver state (warm start for the next run on the same grid) */
  state: FlowState;
  info: Omit<AirflowDomainInfo, 'domain'>;
  /** set when the hall was not solved */
  skipped?: string;
  /** the solve stopped on its wall-time budget (`maxSolveMs`): provisional temperatures, no convergence finding */
  preview?: boolean;
  /** false when the solve was cancelled, blew up, or neither converged nor balances to 5 % (no checks then) */
  usable: boolean;
}

export interface AirflowResult extends EngineResult {
  engine: 'airflow';
  halls: HallAirflow[];
}

export interface AirflowProgress {
  hallId: string;
  phase: 'coarse' | 'final';
  step: number;
  report: StepReport;
}

/**
 * A provisional look at a solve in progress (the final-resolution stage only): rack inlets and the
 * temperature field averaged over the steps since the previous snapshot. Not a converged answer —
 * no findings or figures are derived from it.
 */
export interface AirflowSnapshot {
  hallId: string;
  step: number;
  /** ms since this hall's solve started */
  elapsedMs: number;
  dims: [number, number, number];
  cellM: number;
  origin: [number, number, number];
  /** steps averaged into this snapshot */
  averagedSteps: number;
  racks: Pick<RackAirflow, 'id' | 'role' | 'inletMeanC' | 'inletMaxC' | 'exhaustC'>[];
  /** cell temperatures, °C (NaN in solid cells), like HallAirflow.temperature */
  temperature: Float32Array;
}

export interface AirflowOptions {
  /** named resolution (cell edge chosen per hall by layout.ts cellSizeFor) or a cell edge, m (default 'normal') */
  resolution?: AirflowResolution | number;
  /** only these halls (default: every hall with equipment) */
  hallIds?: string[];
  /**
   * solve on the hall's coarse grid first (1 m for the samples) and start the final grid from it
   * (default true; ignored when the final grid is that coarse or coarser, or a warm start is given).
   * Measured on the converted sample at 0.5 m: 5 s + 909 steps ≈ 125 s, converged, vs a cold start not
   * converged after 1 500 steps (212 s), docs §13
   */
  coarseThenFine?: boolean;
  /** previous result: a hall whose grid matches (same dims and cell) starts from its state; otherwise resampled */
  initial?: AirflowResult | HallAirflow[];
  /** called every pseudo-time step; return false to cancel */
  onProgress?: (p: AirflowProgress) => boolean | void;
  /** provisional snapshots of the final-resolution solve while it runs (see AirflowSnapshot) */
  onSnapshot?: (s: AirflowSnapshot) => void;
  /** wall time between snapshots, ms (default 1000, or none when snapshotEverySteps is given) */
  snapshotEveryMs?: number;
  /** or a snapshot every this many steps */
  snapshotEverySteps?: number;
  /** Courant number of the pseudo-time step (default ENGINE_CFL = 5; docs §11) */
  cfl?: number;
  /** maximum steps per solve (default 1500) */
  maxSteps?: number;
  /**
   * wall-time budget of the final-resolution solve per hall, ms: a preview. The hall stops unconverged
   * after the step that passes it and is reported with `preview: true` (default: none). After an edit
   * the app shows such a preview of the warm-started coarse solve (≈ 10 steps) before it settles it.
   */
  maxSolveMs?: number;
  /**
   * engineering stop: every device inlet within this band (K) over the drift window and the energy
   * balance within 0.5 % (default 0.3 K when warm-started from a result on the same grid, else
   * 0.1 K; 0 = only residuals / window averaging, docs §5, §13)
   */
  tolDeviceDrift_K?: number;
  /** steps the device-drift band must hold (solver default max(20, L_ref/(U_ref·Δt)), 30 in the sample halls at 1 m) */
  driftWindow?: number;
  /**
   * statistically steady stop (docs §5): successive window means of every device inlet within this
   * (default 0.3 K) and of the velocity field within tolMeanVelocity·U_ref (default 0.03). A hall at
   * 0.5 m keeps ≈ 0.2 K window-to-window noise in its worst device (docs §11), so the solver's
   * defaults (0.05 K, 0.01) are rarely met there.
   */
  tolDeviceTemperature_K?: number;
  tolMeanVelocity?: number;
  /** turbulence model (layout.ts default: the hall's constant eddy viscosity, docs §4) */
  turbulence?: TurbulenceModel;
  /** doors open/closed/auto (layout.ts) */
  doors?: 'open' | 'closed' | 'auto';
  /** hot-spot search depth in front of intakes, m (default 1.2) */
  hotSpotDepthM?: number;
}

const mech = 'mechanical' as const;

/**
 * pseudo-time step of the energy equation over the momentum one (solver option dtTemperatureFactor).
 * 50: once the flow is steady, T settles in fewer steps to the same answer (converted sample at 1 m:
 * 190 steps against 398 with 10, rack inlets equal within the stop's band; docs §13)
 */
export const DT_T_FACTOR = 50;

/**
 * Courant number of the engine's pseudo-time step (the solver's own default is 2), with the buoyancy
 * cap below. Measured with the halls' constant eddy viscosity and the 1e-2 pressure tolerance (docs
 * §11), wall time of the default solve (1 m stage, then 0.5 m) at CFL 3 / 5 / 10 on the two samples and
 * four perturbed copies of the converted one (fan walls 0.25 m or 0.5 m north, racks 0.1 m north,
 * everything 0.3 m east): 128 / 84 / 91 s in all; rack inlets within 0.45 K of the CFL 3 answer (0.63 K
 * at 10). 10 wins on some halls and loses on others (the 1 m stage and two perturbed halls get slower).
 * (Until 25 Nov 2026: 3, and 2 before.)
 */
export const ENGINE_CFL = 5;

/**
 * The engine's cap on the pseudo-time step, Δt ≤ 0.3/N (solver option buoyancyStep; N the hall's
 * buoyancy frequency √(g·β·ΔT_ref/H)). Buoyancy is lagged by a step: an 8 × 5 × 3 m room with a
 * 10 kW rack (Δt·N = 0.83 at CFL 5) oscillated for 1 500 steps after a rack move, where Δt·N = 0.5
 * (CFL 3) settled in 39. The sample halls sit at Δt·N = 0.07–0.3 at CFL 5, so the cap leaves them be;
 * at CFL 10 the converted hall's 1 m stage (Δt·N = 0.61) took 219 instead of 185 steps.
 */
export const ENGINE_BUOYANCY_STEP = 0.3;

/**
 * Relative tolerance of the engine's pressure solve per pseudo-time step (the solver's default, 1e-4,
 * stays for the validation cases). The projection is incremental (p accumulates φ), so what one step
 * leaves of the predictor's divergence is carried into the next step's right-hand side, and at the
 * steady state the right-hand side itself goes to zero: the converged answer does not depend on it.
 * Measured at 0.5 m (docs §11): 2 instead of 6 multigrid-PCG iterations, 83 instead of 103 ms per step;
 * converted sample 240 / 235 steps, as-found 145 / 143, rack inlets equal to 0.01 K, energy balance
 * unchanged. 5e-2 saves more but lets the balance drift to 0.5 %.
 */
export const ENGINE_POISSON_RTOL = 1e-2;

/**
 * Gauss–Seidel sweep pairs of the energy equation per pseudo-time step: the solver's default (3), and
 * more on a hall's coarse grid and in the energy-balance tail of every solve (steady option
 * energyTailSweeps). With the energy pseudo-time step 50× the flow's, the temperature system of a step
 * is nearly the steady one and the sweeps, not the pseudo-time, limit how fast the heat balance closes.
 * Measured at 1 m (fourth session, CFL 5): converted sample 185 → 116 steps, as-found 116 → 107,
 * converted with the fan walls 0.25 m north 185 → 116, with the racks 0.1 m north 153 → 90, rack inlets
 * within 0.02 K; each step costs ≈ 9 % more. At 0.5 m throughout it was no gain (the flow, not the heat
 * balance, sets the stop there: two halls faster, two slower); in the tail only it shortens 0.6 m and ⅓ m
 * solves (docs §11).
 */
export const ENGINE_TEMPERATURE_SWEEPS = 3;
export const ENGINE_COARSE_TEMPERATURE_SWEEPS = 6;

/** the solver options of every engine solve (also the grid-study script's, scripts/airflow-study.ts) */
export function engineSolverOptions(cfl = ENGINE_CFL, coarseGrid = false): SolverOptions {
  return {
    dtTemperatureFactor: DT_T_FACTOR,
    cfl,
    buoyancyStep: ENGINE_BUOYANCY_STEP,
    poissonRtol: ENGINE_POISSON_RTOL,
    temperatureSweeps: coarseGrid ? ENGINE_COARSE_TEMPERATURE_SWEEPS : ENGINE_TEMPERATURE_SWEEPS,
  };
}

function toFloat32(grid: Grid, T: Float64Array): Float32Array {
  const out = new Float32Array(T.length);
  for (let c = 0; c < T.length; c++) out[c] = grid.solid[c] ? NaN : T[c];
  return out;
}

/** mean and max over a rack's intake cells, mean over its exhaust cells, °C (NaN where it has none) */
function intakeStats(it: IntakeInfo, T: ArrayLike<number>): { inletMeanC: number; inletMaxC: number; exhaustC: number } {
  let s = 0;
  let mx = -Infinity;
  for (const c of it.cells) {
    s += T[c];
    mx = Math.max(mx, T[c]);
  }
  let se = 0;
  for (const c of it.exhaustCells) se += T[c];
  return {
    inletMeanC: it.cells.length ? s / it.cells.length : NaN,
    inletMaxC: it.cells.length ? mx : NaN,
    exhaustC: it.exhaustCells.length ? se / it.exhaustCells.length : NaN,
  };
}

function cellPos(info: { dims: [number, number, number]; cellM: number; origin: [number, number, number] }, c: number): [number, number, number] {
  const [nx, ny] = info.dims;
  const i = c % nx;
  const j = Math.floor(c / nx) % ny;
  const k = Math.floor(c / (nx * ny));
  const h = info.cellM;
  return [info.origin[0] + (i + 0.5) * h, info.origin[1] + (j + 0.5) * h, (k + 0.5) * h];
}

function fmt(v: number, d = 1): string {
  return v.toFixed(d);
}

/** Run the airflow analysis on the document's halls. */
export function runAirflow(doc: LayoutDoc, opts: AirflowOptions = {}): AirflowResult {
  const t0 = performance.now();
  const resolution = opts.resolution ?? 'normal';
  const prevHalls = opts.initial ? (Array.isArray(opts.initial) ? opts.initial : opts.initial.halls) : [];
  const halls: HallAirflow[] = [];
  const findings: Finding[] = [];
  const cls = doc.site.ashraeClass;
  const L = ASHRAE_LIMITS[cls];
  const hallIds = opts.hallIds ?? doc.halls.filter((h) => doc.equipment.some((e) => e.hallId === h.id)).map((h) => h.id);
  let cancelledAll = false;
  const stopFor = (warmSameGrid: boolean) => {
    const drift = opts.tolDeviceDrift_K ?? (warmSameGrid ? 0.3 : 0.1);
    return {
      ...(drift > 0 ? { tolDeviceDrift_K: drift } : {}),
      ...(opts.driftWindow ? { driftWindow: opts.driftWindow } : {}),
      tolDeviceTemperature_K: opts.tolDeviceTemperature_K ?? 0.3,
      tolMeanVelocity: opts.tolMeanVelocity ?? 0.03,
      energyTailSweeps: ENGINE_COARSE_TEMPERATURE_SWEEPS,
    };
  };

  for (const hallId of hallIds) {
    if (cancelledAll) break;
    // a named resolution's cell edge depends on the hall (cellSizeFor, applied by the layout converter)
    const info = airflowDomainFromLayout(doc, hallId, { resolution, doors: opts.doors, turbulence: opts.turbulence });
    const cellM = info.cellM;
    const { domain, ...infoRest } = info;
    const grid = domain.grid;
    const base: Omit<HallAirflow, 'usable' | 'temperature' | 'racks' | 'coolers' | 'hotSpots' | 'energy' | 'rciHi' | 'rciLo' | 'rti' | 'converged' | 'cancelled' | 'steps' | 'averagedSteps' | 'solveMs' | 'cellsPerSecond' | 'state'> = {
      hallId,
      dims: info.dims,
      cellM: info.cellM,
      origin: info.origin,
      info: infoRest,
    };
    const hallName = doc.halls.find((h) => h.id === hallId)?.name ?? hallId;
    if (info.heatToAir_W <= 0 || !info.hasHeatRemoval) {
      const why =
        info.heatToAir_W <= 0
          ? 'no heat is released to the air'
          : `${fmt(info.heatToAir_W / 1000)} kW reaches the air and nothing removes it (no cooler, exhaust fan, evaporative intake or opening)`;
      if (info.heatToAir_W > 0)
        findings.push({
          id: `airflow:no-air-heat-removal:${hallId}`,
          engine: 'airflow',
          code: 'no-air-heat-removal',
          severity: 'critical',
          message: `${hallName}: ${why}; the air would heat up without limit. Add air cooling or ventilation.`,
          subjects: [hallId],
          measured: { value: info.heatToAir_W / 1000, unit: 'kW' },
          limit: { value: 0, unit: 'kW' },
          owner: mech,
        });
      halls.push({
        ...base,
        temperature: new Float32Array(0),
        racks: [],
        coolers: [],
        hotSpots: [],
        energy: { released_W: info.heatToAir_W, removedByCoolers_W: 0, leavingOpenings_W: 0, imbalance_W: info.heatToAir_W, relative: info.heatToAir_W > 0 ? 1 : 0 },
        rciHi: NaN,
        rciLo: NaN,
        rti: NaN,
        converged: false,
        cancelled: false,
        steps: 0,
        averagedSteps: 0,
        solveMs: 0,
        cellsPerSecond: 0,
        state: { u: new Float64Array(0), v: new Float64Array(0), w: new Float64Array(0), p: new Float64Array(0), T: new Float64Array(0) },
        skipped: why,
        usable: false,
      });
      continue;
    }

    // warm start: the previous result of this hall on the same grid, or resampled from another grid
    let initial: FlowState | undefined;
    let warmSameGrid = false;
    const prev = prevHalls.find((p) => p.hallId === hallId && p.state.T.length > 0);
    const sameGrid = (p: HallAirflow) => p.dims.every((d, i) => d === info.dims[i]) && Math.abs(p.cellM - info.cellM) < 1e-12;
    if (prev) {
      if (sameGrid(prev)) {
        initial = prev.state;
        warmSameGrid = true;
      }
      else {
        const pg = new Grid({ nx: prev.dims[0], ny: prev.dims[1], nz: prev.dims[2], h_m: prev.cellM });
        for (let c = 0; c < pg.nCells; c++) pg.solid[c] = Number.isNaN(prev.temperature[c]) ? 1 : 0;
        initial = resampleState(pg, prev.state, grid, domain.fluid?.Tref_C ?? 20);
      }
    }
    let phase: 'coarse' | 'final' = 'final';
    let coarseRejected: string | undefined;
    let cancelled = false;
    // provisional snapshots of the final-resolution solve: T averaged since the previous snapshot
    let live: AirflowSolver | null = null;
    let liveStart = 0;
    let lastSnap = 0;
    let snapSum: Float64Array | null = null;
    let snapN = 0;
    const snapshot = (r: StepReport) => {
      if (!opts.onSnapshot || !live) return;
      const T = live.state.T;
      if (!snapSum) snapSum = new Float64Array(T.length);
      for (let c = 0; c < T.length; c++) snapSum[c] += T[c];
      snapN++;
      const now = performance.now();
      const everyMs = opts.snapshotEveryMs ?? (opts.snapshotEverySteps ? Infinity : 1000);
      if (snapN < (opts.snapshotEverySteps ?? Infinity) && now - lastSnap < everyMs) return;
      const mean = new Float32Array(T.length);
      for (let c = 0; c < T.length; c++) mean[c] = grid.solid[c] ? NaN : snapSum[c] / snapN;
      opts.onSnapshot({
        hallId,
        step: r.step,
        elapsedMs: now - liveStart,
        dims: info.dims,
        cellM: info.cellM,
        origin: info.origin,
        averagedSteps: snapN,
        racks: info.intakes.map((it) => ({ id: it.id, role: it.role, ...intakeStats(it, mean) })),
        temperature: mean,
      });
      snapSum.fill(0);
      snapN = 0;
      lastSnap = now;
    };
    const progress = (r: StepReport) => {
      if (phase === 'final') snapshot(r);
      if (!opts.onProgress) return true;
      const ok = opts.onProgress({ hallId, phase, step: r.step, report: r });
      if (ok === false) cancelled = true;
      return ok;
    };
    const coarseM = cellSizeFor(hallBox(doc.halls.find((x) => x.id === hallId)!).size, 'coarse');
    if (!initial && (opts.coarseThenFine ?? true) && cellM < coarseM - 1e-9) {
      phase = 'coarse';
      const ci = airflowDomainFromLayout(doc, hallId, { resolution: coarseM, doors: opts.doors, turbulence: opts.turbulence });
      const cs = new AirflowSolver(ci.domain, engineSolverOptions(opts.cfl, true));
      const cr = cs.steady({ maxSteps: opts.maxSteps ?? 1500, onProgress: progress, ...stopFor(false) });
      if (cancelled) {
        cancelledAll = true;
      } else if (cr.converged && Math.abs(cr.energy.relative) < 0.05 && cr.state.T.every((t) => Number.isFinite(t))) {
        initial = resampleState(ci.domain.grid, cr.state, grid, domain.fluid?.Tref_C ?? 20);
      } else {
        // should the coarse stage fail (it has ≥ 6 layers, cellSizeFor), the final grid starts cold
        coarseRejected = `the ${fmt(coarseM, 2)} m stage ${cr.converged ? `ended ${fmt(cr.energy.relative * 100, 1)} % off balance` : `did not converge in ${cr.steps} steps`}; started cold`;
      }
      phase = 'final';
    }
    const ts = performance.now();
    const solver = new AirflowSolver(domain, { ...engineSolverOptions(opts.cfl, cellM >= coarseM - 1e-9), initial });
    live = solver;
    liveStart = lastSnap = performance.now();
    const res = cancelledAll
      ? null
      : solver.steady({ maxSteps: opts.maxSteps ?? 1500, maxMs: opts.maxSolveMs, onProgress: progress, ...stopFor(warmSameGrid) });
    if (!res || res.cancelled) cancelledAll = true;
    const state = res ? res.state : solver.state;
    const solveMs = performance.now() - ts;
    if (coarseRejected) info.notes.push(coarseRejected);
    const T = state.T;
    const devById = new Map((res?.devices ?? []).map((d) => [d.id, d]));

    // racks and miners
    const racks: RackAirflow[] = info.intakes.map((it) => {
      const dev = it.deviceId ? devById.get(it.deviceId) : undefined;
      return {
        id: it.id,
        role: it.role,
        ...intakeStats(it, T),
        outletC: dev ? dev.outlet_C : NaN,
        flow_m3_s: it.flow_m3_s,
        heat_W: it.heat_W,
        deviceId: it.deviceId,
      };
    });
    const devInfo = new Map<string, AirDeviceInfo>(info.devices.map((d) => [d.id, d]));
    const coolers: CoolerAirflow[] = (res?.devices ?? [])
      .filter((d) => d.kind === 'cooler')
      .map((d) => {
        const di = devInfo.get(d.id)!;
        return {
          id: d.id,
          role: di.role === 'rear-door' ? 'rear-door' : 'cooler',
          returnC: d.inlet_C,
          supplyC: d.outlet_C,
          load_W: -d.heatToAir_W,
          demand_W: d.demand_W ?? 0,
          capacity_W: di.capacity_W ?? 0,
          saturated: !!d.saturated,
        };
      });

    // RCI over every intake cell of the racks (miners when there are no racks)
    const itIntakes = info.intakes.some((i) => i.role === 'rack') ? info.intakes.filter((i) => i.role === 'rack') : info.intakes;
    const intakeTemps: number[] = [];
    for (const it of itIntakes) for (const c of it.cells) intakeTemps.push(T[c]);
    const rci = rackCoolingIndex(intakeTemps, cls);

    // RTI: cooling = coolers (return → supply) and exchange devices (exhaust → intake)
    let retW = 0;
    let retF = 0;
    let supW = 0;
    let supF = 0;
    let itF = 0;
    let itQ = 0;
    for (const d of res?.devices ?? []) {
      const di = devInfo.get(d.id)!;
      if (d.kind === 'cooler') {
        retW += d.flow_m3_s * d.inlet_C;
        retF += d.flow_m3_s;
        supW += d.flow_m3_s * d.outlet_C;
        supF += d.flow_m3_s;
      } else if (d.kind === 'exchange') {
        if (di.inletFaces > 0) {
          retW += d.flow_m3_s * d.inlet_C;
          retF += d.flow_m3_s;
        }
        if (di.outletFaces > 0) {
          supW += d.flow_m3_s * d.outlet_C;
          supF += d.flow_m3_s;
        }
      } else if (d.kind === 'heat') {
        itF += d.flow_m3_s;
        itQ += d.flow_m3_s * (d.outlet_C - d.inlet_C);
      }
    }
    const rti = retF > 0 && supF > 0 && itF > 0 && itQ > 0 ? returnTemperatureIndex(retW / retF, supW / supF, itQ / itF) : NaN;

    // hot spots: cells above the allowable maximum within hotSpotDepthM in front of the intakes
    const hotSpots = findHotSpots(grid, T, info, opts.hotSpotDepthM ?? 1.2, (it) => (it.role === 'miner' && it.maxInletC !== undefined ? it.maxInletC : L.allowMax));

    const energy = res?.energy ?? solver.energyBalance();
    const preview = !!res?.outOfTime;
    // a preview is still on its way (a warm start's balance settles with it): finite is enough
    const usable = !!res && !res.cancelled && T.every((t) => Number.isFinite(t)) && (res.converged || preview || Math.abs(energy.relative) <= 0.05);
    halls.push({
      ...base,
      usable,
      temperature: toFloat32(grid, T),
      racks,
      coolers,
      hotSpots,
      energy,
      rciHi: rci.hi,
      rciLo: rci.lo,
      rti,
      converged: res?.converged ?? false,
      cancelled: !res || res.cancelled,
      steps: res?.steps ?? 0,
      averagedSteps: res?.averagedSteps ?? 0,
      solveMs,
      cellsPerSecond: res?.cellsPerSecond ?? 0,
      state,
      ...(preview ? { preview } : {}),
    });
    if (!res || res.cancelled) continue;
    // a solve that neither converged nor closes its energy balance (or blew up) gives no usable
    // temperatures: one warning instead of the checks
    if (!usable) {
      findings.push({
        id: `airflow:solve-failed:${hallId}`,
        engine: 'airflow',
        code: 'solve-failed',
        severity: 'warning',
        message: `${hallName}: the airflow solve at ${fmt(info.cellM, 2)} m cells did not settle (${res.steps} steps, energy balance off by ${fmt(energy.relative * 100, 1)} %); its temperatures are not usable. Try a finer resolution.`,
        subjects: [hallId],
        measured: { value: Math.abs(energy.relative) * 100, unit: '%' },
        limit: { value: 5, unit: '%' },
        owner: mech,
      });
      continue;
    }

    // findings
    for (const r of racks) {
      if (!Number.isFinite(r.inletMaxC)) {
        if (r.heat_W > 0)
          findings.push({
            id: `airflow:intake-blocked:${r.id}`,
            engine: 'airflow',
            code: 'intake-blocked',
            severity: 'warning',
            message: `${r.id}: its front face has no air in front of it at ${fmt(info.cellM, 2)} m cells (against a wall or another body)`,
            subjects: [r.id],
            owner: mech,
          });
        continue;
      }
      if (r.role === 'miner') {
        const it = info.intakes.find((x) => x.id === r.id)!;
        if (it.maxInletC !== undefined && r.inletMaxC > it.maxInletC)
          findings.push({
            id: `airflow:miner-inlet:${r.id}`,
            engine: 'airflow',
            code: 'miner-inlet',
            severity: 'critical',
            message: `${r.id}: inlet air up to ${fmt(r.inletMaxC)} °C (mean ${fmt(r.inletMeanC)} °C); the miners throttle above ${fmt(it.maxInletC)} °C`,
            subjects: [r.id],
            measured: { value: r.inletMaxC, unit: '°C' },
            limit: { value: it.maxInletC, unit: '°C' },
            owner: mech,
          });
        continue;
      }
      const sev = ashraeSeverity(r.inletMaxC, cls) ?? ashraeSeverity(r.inletMeanC, cls);
      if (!sev) continue;
      const hot = r.inletMaxC > L.recMax;
      const limit = hot ? (sev === 'critical' ? L.allowMax : L.recMax) : sev === 'critical' ? L.allowMin : L.recMin;
      const measured = hot ? r.inletMaxC : Math.min(r.inletMeanC, r.inletMaxC);
      findings.push({
        id: `airflow:rack-inlet:${r.id}`,
        engine: 'airflow',
        code: 'rack-inlet',
        severity: sev,
        message: `${r.id}: inlet air up to ${fmt(r.inletMaxC)} °C (mean ${fmt(r.inletMeanC)} °C), ${hot ? 'above' : 'below'} the ASHRAE ${cls} ${sev === 'critical' ? 'allowable' : 'recommended'} ${hot ? 'maximum' : 'minimum'} of ${fmt(limit, 0)} °C`,
        subjects: [r.id],
        measured: { value: measured, unit: '°C' },
        limit: { value: limit, unit: '°C' },
        owner: mech,
      });
    }
    for (const c of coolers) {
      if (!c.saturated) continue;
      findings.push({
        id: `airflow:cooler-saturated:${c.id}`,
        engine: 'airflow',
        code: 'cooler-saturated',
        severity: 'warning',
        message: `${c.id}: the return air (${fmt(c.returnC)} °C) needs ${fmt(c.demand_W / 1000)} kW to reach the setpoint but the coil gives ${fmt(c.capacity_W / 1000)} kW; it supplies ${fmt(c.supplyC)} °C`,
        subjects: [c.id],
        measured: { value: c.demand_W / 1000, unit: 'kW' },
        limit: { value: c.capacity_W / 1000, unit: 'kW' },
        owner: mech,
      });
    }
    hotSpots.slice(0, 10).forEach((s, i) => {
      findings.push({
        id: `airflow:hot-spot:${hallId}:${i + 1}`,
        engine: 'airflow',
        code: 'hot-spot',
        severity: 'critical',
        message: `${hallName}: ${fmt(s.volume_m3)} m³ of air up to ${fmt(s.maxC)} °C in front of ${s.racks.slice(0, 4).join(', ')}${s.racks.length > 4 ? ` and ${s.racks.length - 4} more` : ''}, above the ${fmt(s.limitC, 0)} °C intake limit`,
        subjects: s.racks,
        measured: { value: s.maxC, unit: '°C' },
        limit: { value: s.limitC, unit: '°C' },
        owner: mech,
        at: s.at,
      });
    });
    if (!preview && (!res.converged || Math.abs(energy.relative) > 0.02))
      findings.push({
        id: `airflow:not-converged:${hallId}`,
        engine: 'airflow',
        code: 'not-converged',
        severity: 'info',
        message: `${hallName}: the airflow solve ${res.converged ? 'converged' : `did not converge in ${res.steps} steps`}; energy balance off by ${fmt(energy.relative * 100, 2)} %. Treat the temperatures as indicative.`,
        subjects: [hallId],
        measured: { value: Math.abs(energy.relative) * 100, unit: '%' },
        limit: { value: 2, unit: '%' },
        owner: mech,
      });
  }

  const figures: Figure[] = [];
  const solved = halls.filter((h) => h.usable);
  if (solved.length) {
    const allRacks = solved.flatMap((h) => h.racks.filter((r) => Number.isFinite(r.inletMaxC)));
    const rackOnly = allRacks.filter((r) => r.role === 'rack');
    const pool = rackOnly.length ? rackOnly : allRacks;
    if (pool.length) {
      figures.push({ name: 'airflow_max_rack_inlet_c', label: rackOnly.length ? 'Max rack inlet' : 'Max miner inlet', value: round(Math.max(...pool.map((r) => r.inletMaxC)), 2), unit: '°C' });
      figures.push({ name: 'airflow_mean_rack_inlet_c', label: rackOnly.length ? 'Mean rack inlet' : 'Mean miner inlet', value: round(pool.reduce((s, r) => s + r.inletMeanC, 0) / pool.length, 2), unit: '°C' });
    }
    const h0 = solved[0];
    if (Number.isFinite(h0.rciHi)) figures.push({ name: 'airflow_rci_hi', label: 'RCI HI', value: round(h0.rciHi, 1), unit: '%' });
    if (Number.isFinite(h0.rciLo)) figures.push({ name: 'airflow_rci_lo', label: 'RCI LO', value: round(h0.rciLo, 1), unit: '%' });
    if (Number.isFinite(h0.rti)) figures.push({ name: 'airflow_rti', label: 'RTI', value: round(h0.rti, 1), unit: '%' });
    const e = solved.reduce(
      (a, h) => ({
        rel: a.rel + h.energy.released_W,
        rem: a.rem + h.energy.removedByCoolers_W,
        out: a.out + h.energy.leavingOpenings_W,
        imb: a.imb + h.energy.imbalance_W,
        thr: a.thr + (h.energy.throughput_W ?? Math.max(Math.abs(h.energy.released_W), Math.abs(h.energy.removedByCoolers_W), Math.abs(h.energy.leavingOpenings_W))),
      }),
      { rel: 0, rem: 0, out: 0, imb: 0, thr: 0 },
    );
    const imb = e.imb;
    figures.push({ name: 'airflow_heat_released_kw', label: 'Air heat released', value: round(e.rel / 1000, 1), unit: 'kW' });
    figures.push({ name: 'airflow_heat_removed_kw', label: 'Air heat removed by coolers', value: round(e.rem / 1000, 1), unit: 'kW' });
    figures.push({ name: 'airflow_heat_leaving_kw', label: 'Air heat leaving (fans, openings)', value: round(e.out / 1000, 1), unit: 'kW' });
    figures.push({ name: 'airflow_energy_imbalance_pct', label: 'Air energy imbalance', value: round((imb / Math.max(e.thr, 1e-9)) * 100, 3), unit: '%' });
    figures.push({ name: 'airflow_grid_cells', label: 'Airflow grid cells', value: solved.reduce((s, h) => s + h.info.cells, 0), unit: '' });
    const tm = h0.info.turbulence;
    if (tm.kind === 'constant') figures.push({ name: 'airflow_eddy_viscosity_m2_s', label: 'Eddy viscosity', value: round(tm.nut_m2_s, 4), unit: 'm²/s' });
    figures.push({ name: 'airflow_steps', label: 'Airflow steps', value: solved.reduce((s, h) => s + h.steps, 0), unit: '' });
  }
  return { engine: 'airflow', figures, findings, elapsedMs: performance.now() - t0, halls };
}

function round(v: number, d: number): number {
  return Number(v.toFixed(d));
}

/**
 * Hot spots: fluid cells hotter than the intake limit inside the zones in front of the intakes
 * (the front face extruded `depthM` along the front normal, full rack height), clustered by face
 * adjacency; largest first.
 */
export function findHotSpots(
  grid: Grid,
  T: Float64Array,
  info: AirflowDomainInfo,
  depthM: number,
  limitOf: (it: AirflowDomainInfo['intakes'][number]) => number,
): HotSpot[] {
  const { nx, ny, nz } = grid;
  const zoneOwner = new Map<number, string[]>();
  const limits = new Map<string, number>();
  const hot = new Uint8Array(grid.nCells);
  const depth = Math.max(1, Math.round(depthM / grid.h));
  for (const it of info.intakes) {
    const lim = limitOf(it);
    limits.set(it.id, lim);
    const b = it.box;
    const side = it.frontSide;
    const ax = side === 'xmin' || side === 'xmax' ? 0 : 1;
    const dir = side === 'xmax' || side === 'ymax' ? 1 : -1;
    for (let d = 1; d <= depth; d++)
      for (let k = b.k0; k < b.k1; k++)
        for (let q = ax === 0 ? b.j0 : b.i0; q < (ax === 0 ? b.j1 : b.i1); q++) {
          const i = ax === 0 ? (dir > 0 ? b.i1 - 1 + d : b.i0 - d) : q;
          const j = ax === 1 ? (dir > 0 ? b.j1 - 1 + d : b.j0 - d) : q;
          if (i < 0 || j < 0 || i >= nx || j >= ny || k >= nz) continue;
          const c = grid.cell(i, j, k);
          if (grid.solid[c]) continue;
          if (T[c] > lim) {
            hot[c] = 1;
            const l = zoneOwner.get(c) ?? [];
            l.push(it.id);
            zoneOwner.set(c, l);
          }
        }
  }
  const seen = new Uint8Array(grid.nCells);
  const spots: HotSpot[] = [];
  const stack: number[] = [];
  for (let c0 = 0; c0 < grid.nCells; c0++) {
    if (!hot[c0] || seen[c0]) continue;
    seen[c0] = 1;
    stack.push(c0);
    let n = 0;
    let maxC = -Infinity;
    let at = c0;
    const racks = new Set<string>();
    while (stack.length) {
      const c = stack.pop()!;
      n++;
      if (T[c] > maxC) {
        maxC = T[c];
        at = c;
      }
      for (const r of zoneOwner.get(c) ?? []) racks.add(r);
      const i = c % nx;
      const j = Math.floor(c / nx) % ny;
      const k = Math.floor(c / (nx * ny));
      const nb = [i > 0 ? c - 1 : -1, i < nx - 1 ? c + 1 : -1, j > 0 ? c - nx : -1, j < ny - 1 ? c + nx : -1, k > 0 ? c - nx * ny : -1, k < nz - 1 ? c + nx * ny : -1];
      for (const m of nb) if (m >= 0 && hot[m] && !seen[m]) {
        seen[m] = 1;
        stack.push(m);
      }
    }
    const ids = [...racks].sort();
    spots.push({ cells: n, volume_m3: n * grid.h ** 3, maxC, at: cellPos(info, at), racks: ids, limitC: Math.min(...ids.map((r) => limits.get(r)!)) });
  }
  spots.sort((a, b) => b.cells - a.cells || b.maxC - a.maxC);
  return spots;
}
