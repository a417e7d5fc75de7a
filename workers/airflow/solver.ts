/**
 * Steady incompressible airflow + temperature on a uniform MAC grid (fast-fluid-dynamics family,
 * implicit variant). One pseudo-time step:
 *   1. momentum predictor, backward Euler, for u, v, w: implicit first-order upwind convection +
 *      implicit diffusion with ν_eff; a higher-order face value (QUICK, bounded QUICK, …) enters
 *      by deferred correction; explicit −∇pⁿ (incremental pressure correction), Boussinesq
 *      g·β·(T − T_ref) on w, volume momentum sources. Solved with symmetric Gauss–Seidel sweeps.
 *   2. projection: A φ = −(h/Δt)·div u*, solved with multigrid-preconditioned CG (poisson.ts);
 *      u = u* − Δt·∇φ, p += φ. At steady state φ → 0, so the converged field satisfies the discrete
 *      steady momentum and continuity equations independently of Δt.
 *   3. energy, backward Euler, conservative finite volumes with the divergence-free face velocities,
 *      same convection scheme, α_eff = ν/Pr + ν_t/Pr_t; device outlet temperatures recomputed
 *      from the current inlet mean in every sweep. Fluxes telescope exactly, so the global energy
 *      balance at steady state is limited only by the linear-solver convergence.
 * Pressure p is stored kinematic (p/ρ, m²/s²); multiply by ρ for pascals.
 */
import type { Domain, Device, ResolvedFluid, SideBC } from './domain';
import { resolveFluid } from './domain';
import type { FaceRef, Grid } from './grid';
import { SIDES } from './grid';
import { PoissonMG } from './poisson';

/** convection scheme used for the face values (deferred correction on top of implicit upwind) */
export type ConvectionScheme = 'upwind' | 'quick' | 'boundedQuick' | 'central';
const SCHEME_ID: Record<ConvectionScheme, number> = { upwind: 0, quick: 1, boundedQuick: 2, central: 3 };

/** face kinds */
const F_FLUID = 0;
const F_FIXED = 1;
const F_PRESSURE = 2;

/** neighbour kinds of a transport node in one of 6 directions */
const NB_REGULAR = 0;
const NB_WALL = 1; // solid obstacle: no-slip, value 0 at half spacing
const NB_NEUMANN = 2; // zero gradient / zero flux
const NB_SIDEWALL = 3; // domain-side wall: value = side velocity at half spacing

/** Complete flow state; also the warm-start input. */
export interface FlowState {
  /** face velocities, m/s (sizes grid.nU, nV, nW) */
  u: Float64Array;
  v: Float64Array;
  w: Float64Array;
  /** kinematic pressure p/ρ at cell centres, m²/s² */
  p: Float64Array;
  /** temperature at cell centres, °C */
  T: Float64Array;
}

export interface SolverOptions {
  /** pseudo-time step, s. Default cfl·h/U_ref */
  dt_s?: number;
  /** Courant number U_ref·Δt/h of the default time step (default 2; 5 gave a limit cycle in a 60 m hall) */
  cfl?: number;
  /**
   * optional cap on the default time step: Δt ≤ buoyancyStep/N, N = √(g·β·ΔT_ref/H) the buoyancy
   * frequency of the domain (H its height). Buoyancy is lagged by one step, and beyond Δt·N ≈ 0.3–0.5
   * the march oscillates instead of settling (docs §11). Default: no cap.
   */
  buoyancyStep?: number;
  /** time step multiplier for the energy equation (default 1) */
  dtTemperatureFactor?: number;
  /** momentum convection scheme (default 'boundedQuick') */
  momentumScheme?: ConvectionScheme;
  /** temperature convection scheme (default 'boundedQuick') */
  temperatureScheme?: ConvectionScheme;
  /** symmetric Gauss–Seidel sweeps per step for momentum (default 2) and temperature (default 3) */
  momentumSweeps?: number;
  temperatureSweeps?: number;
  /** relative residual of the pressure solve (default 1e-4) */
  poissonRtol?: number;
  /** initial temperature, °C (default T_ref) when no initial state is given */
  initialT_C?: number;
  /** warm start */
  initial?: FlowState;
}

export interface SteadyOptions extends SolverOptions {
  maxSteps?: number;
  minSteps?: number;
  /**
   * wall-time budget, ms: stop after the step that passes it, unconverged (`outOfTime`, `convergedBy: 'none'`, not
   * cancelled) — a preview of a warm-started solve (default: none)
   */
  maxMs?: number;
  /** stop when velocity residual < tolVelocity (default 1e-4), temperature residual < tolTemperature (1e-4) … */
  tolVelocity?: number;
  tolTemperature?: number;
  /** … and |energy imbalance| < tolEnergy of the heat throughput (default 0.005) */
  tolEnergy?: number;
  /** called every step; return false to cancel */
  onProgress?: (p: StepReport) => boolean | void;
  /**
   * Statistically steady fallback (default true): buoyant rooms often keep a small unsteadiness that
   * no pseudo-time step removes. Fields are then averaged over windows of `averagingWindow` steps
   * (default max(30, 1.5·L_ref/(U_ref·Δt)), docs §5); the run stops when the window-mean velocity changes by
   * less than tolMeanVelocity·U_ref (rms, default 0.01), every device's mean inlet temperature by
   * less than tolDeviceTemperature_K (default 0.05 K) and the window-mean energy imbalance is below
   * tolEnergy, provided the residuals have stagnated (window-mean residual > 0.7 × the previous
   * window's). The returned state, device and energy figures are then window means.
   */
  allowAveraging?: boolean;
  averagingWindow?: number;
  /**
   * Long windows for oscillations longer than `averagingWindow`: window means are also pooled into
   * long windows (2 windows at first); when two successive long windows differ after the residuals
   * stagnated, they are merged and the next long window has the merged length, at most this many
   * doublings (default 2: long windows up to 8 × averagingWindow). docs §5
   */
  maxWindowDoublings?: number;
  /**
   * Engineering stop (opt-in, default off): stop when, over the last `driftWindow` steps (default
   * max(20, L_ref/(U_ref·Δt))), every device inlet temperature stayed within tolDeviceDrift_K
   * (max − min) and the energy imbalance is below tolEnergy. Returns the last state.
   */
  tolDeviceDrift_K?: number;
  driftWindow?: number;
  /**
   * energy sweeps per step (solver option temperatureSweeps) from the moment every device inlet holds
   * the drift band while the energy balance does not (default: unchanged). docs §11
   */
  energyTailSweeps?: number;
  tolMeanVelocity?: number;
  tolDeviceTemperature_K?: number;
}

export interface StepReport {
  step: number;
  time_s: number;
  /** rms(Δu/Δt)·L_ref/U_ref² over velocity unknowns */
  resVelocity: number;
  /** rms(ΔT/Δt)·L_ref/(U_ref·ΔT_ref) over fluid cells */
  resTemperature: number;
  /** (heat in − heat out)/throughput at this step (storage excluded) */
  energyImbalance: number;
  poissonIterations: number;
  elapsedMs: number;
  /** wall time of the momentum predictor, the projection and the energy solve, ms */
  phaseMs: { momentum: number; pressure: number; energy: number };
  /** set on steps that close an averaging window (statistically steady fallback) */
  window?: { meanVelocityChange: number; deviceTemperatureChange_K: number; energyImbalance: number };
}

export interface DeviceReport {
  id: string;
  kind: Device['model']['kind'];
  flow_m3_s: number;
  /** flow-weighted mean temperature of the air drawn in, °C (outside temperature for a pure intake) */
  inlet_C: number;
  /** temperature of the air blown out, °C */
  outlet_C: number;
  /** heat added to the room air by the device, W (negative for coolers) */
  heatToAir_W: number;
  /** cooler: heat it would have to remove to reach the setpoint, W */
  demand_W?: number;
  /** cooler: true when demand exceeds capacity */
  saturated?: boolean;
}

export interface OpeningReport {
  id: string;
  /** net volume flow out of the domain, m³/s */
  outflow_m3_s: number;
  /** net enthalpy flow out of the domain, W (ρ·c_p·Σ V̇·T, mass-balanced so reference-free) */
  heatOut_W: number;
}

export interface EnergyBalance {
  /** heat released by heat sources and 'heat' devices, W */
  released_W: number;
  /** heat removed by coolers, W */
  removedByCoolers_W: number;
  /** net enthalpy carried out through openings and exchange devices, W */
  leavingOpenings_W: number;
  /** net heat gained through isothermal domain walls, W (absent/0 with adiabatic walls) */
  wallGain_W?: number;
  /** released + wall gain − removed − leaving, W (0 at a converged steady state) */
  imbalance_W: number;
  /** heat throughput used as the scale: max(released, removed, |leaving|, wall heat in, wall heat out), W */
  throughput_W?: number;
  /** imbalance / throughput */
  relative: number;
}

export interface SteadyResult {
  state: FlowState;
  converged: boolean;
  cancelled: boolean;
  /** 0 for a strictly steady solution; else the number of steps the returned fields are averaged over */
  averagedSteps: number;
  /** which criterion stopped the run ('none' when not converged) */
  convergedBy: 'residuals' | 'averaging' | 'deviceDrift' | 'none';
  /** the march stopped on its wall-time budget (`maxMs`), not on a criterion, a cancel or a blow-up */
  outOfTime: boolean;
  steps: number;
  history: StepReport[];
  energy: EnergyBalance;
  devices: DeviceReport[];
  openings: OpeningReport[];
  dt_s: number;
  elapsedMs: number;
  /** fluid cells × steps / second */
  cellsPerSecond: number;
}

interface TransportField {
  dims: [number, number, number];
  stride: [number, number, number];
  N: number;
  unknown: Uint8Array;
  nb: Uint8Array;
  /** list of unknown node indices */
  nodes: Int32Array;
  /** momentum fields: fluid cells on the low/high side of each face along its axis (−1: none) */
  cLo?: Int32Array;
  cHi?: Int32Array;
}

interface DevRuntime {
  spec: Device;
  inFaces: FaceRef[];
  outFaces: FaceRef[];
  speedIn: number;
  speedOut: number;
  Tin: number;
  Tout: number;
  demand: number;
}

interface BoundaryFace {
  axis: number;
  face: number;
  cell: number;
  dir: number;
  /** group: opening index (≥0), or −(device index) − 1 for devices */
  owner: number;
  /** true: device outlet / opening — temperature of entering air from tb(owner) */
  isDeviceOut: boolean;
}

/** the means of one averaging window (or several pooled), steady() */
interface WindowMean {
  /** steps */
  n: number;
  /** u, v, w, p, T */
  mean: Float64Array[];
  devT: number[];
  E: EnergyBalance;
  eScale: number;
  res: number;
  ops: OpeningReport[];
}

function copyWindow(w: WindowMean): WindowMean {
  return { ...w, mean: w.mean.map((m) => m.slice()), devT: w.devT.slice(), E: { ...w.E }, ops: w.ops.map((o) => ({ ...o })) };
}

/** pool `b` into `a` (in place), weighting by steps */
function mergeWindow(a: WindowMean, b: WindowMean): WindowMean {
  const n = a.n + b.n;
  const wa = a.n / n;
  const wb = b.n / n;
  for (let q = 0; q < a.mean.length; q++) {
    const x = a.mean[q];
    const y = b.mean[q];
    for (let c = 0; c < x.length; c++) x[c] = wa * x[c] + wb * y[c];
  }
  a.devT = a.devT.map((t, i) => wa * t + wb * b.devT[i]);
  const E = a.E;
  const keys = ['released_W', 'removedByCoolers_W', 'leavingOpenings_W', 'wallGain_W', 'imbalance_W'] as const;
  for (const k of keys) E[k] = wa * (E[k] ?? 0) + wb * (b.E[k] ?? 0);
  a.eScale = wa * a.eScale + wb * b.eScale;
  E.relative = E.imbalance_W / Math.max(Math.abs(E.released_W), Math.abs(E.removedByCoolers_W), Math.abs(E.leavingOpenings_W), Math.abs(E.wallGain_W ?? 0), a.eScale, 1e-12);
  a.res = wa * a.res + wb * b.res;
  a.ops.forEach((o, i) => ((o.outflow_m3_s = wa * o.outflow_m3_s + wb * b.ops[i].outflow_m3_s), (o.heatOut_W = wa * o.heatOut_W + wb * b.ops[i].heatOut_W)));
  a.n = n;
  return a;
}

/**
 * Airflow solver bound to one domain. Create once per geometry/BC set; call `steady()` or `step()`.
 * Throws on inconsistent set-ups (faces claimed twice, closed domain with unbalanced fixed flows).
 */
export class AirflowSolver {
  readonly grid: Grid;
  readonly domain: Domain;
  readonly fluid: ResolvedFluid;
  readonly state: FlowState;
  dt: number;
  readonly uRef: number;
  readonly lRef: number;
  readonly dTRef: number;
  time = 0;

  private fType: Uint8Array[];
  private fVal: Float64Array[];
  private fields: TransportField[]; // 0..2 momentum, 3 temperature
  private sideVel: number[][]; // [dir 0..5][component]
  private sideKind: number[]; // per dir: NB_SIDEWALL or NB_NEUMANN
  private sideT: (number | null)[]; // per dir: isothermal wall temperature or null (adiabatic)
  private wallFaces: { cell: number; T: number }[] = [];
  private poisson: PoissonMG;
  private bfaces: BoundaryFace[] = [];
  private openingT: number[] = [];
  private openingPk: number[] = [];
  private devs: DevRuntime[] = [];
  private heatSrc: Float64Array; // K/s per cell
  private accel: Float64Array | null = null; // 3 per cell
  private nuCell: Float64Array;
  private wallDist: Float64Array | null = null;
  private opts: Required<Omit<SolverOptions, 'initial' | 'dt_s' | 'initialT_C' | 'buoyancyStep'>>;
  // scratch
  private aP: Float64Array;
  private aN: Float64Array; // 6 per node
  private rhs: Float64Array;
  private F: Float64Array[];
  private D: Float64Array[];
  private Dw: Float64Array;
  private src: Float64Array;
  private old: Float64Array[];
  private phi: Float64Array;
  private prhs: Float64Array;
  private lastPoissonIts = 0;

  constructor(domain: Domain, options: SolverOptions = {}) {
    const g = domain.grid;
    this.grid = g;
    this.domain = domain;
    this.fluid = resolveFluid(domain.fluid);
    this.opts = {
      cfl: options.cfl ?? 2,
      dtTemperatureFactor: options.dtTemperatureFactor ?? 1,
      momentumScheme: options.momentumScheme ?? 'boundedQuick',
      temperatureScheme: options.temperatureScheme ?? 'boundedQuick',
      momentumSweeps: options.momentumSweeps ?? 2,
      temperatureSweeps: options.temperatureSweeps ?? 3,
      poissonRtol: options.poissonRtol ?? 1e-4,
    };
    const { nx, ny, nz, h } = g;
    const nC = g.nCells;
    const T0 = options.initialT_C ?? this.fluid.Tref;
    this.state = {
      u: new Float64Array(g.nU),
      v: new Float64Array(g.nV),
      w: new Float64Array(g.nW),
      p: new Float64Array(nC),
      T: new Float64Array(nC).fill(T0),
    };
    // ---- face classification
    this.fType = [new Uint8Array(g.nU), new Uint8Array(g.nV), new Uint8Array(g.nW)];
    this.fVal = [new Float64Array(g.nU), new Float64Array(g.nV), new Float64Array(g.nW)];
    const claimed = [new Uint8Array(g.nU), new Uint8Array(g.nV), new Uint8Array(g.nW)];
    for (let a = 0; a < 3; a++) {
      const dims = [nx + (a === 0 ? 1 : 0), ny + (a === 1 ? 1 : 0), nz + (a === 2 ? 1 : 0)];
      const ft = this.fType[a];
      for (let k = 0; k < dims[2]; k++)
        for (let j = 0; j < dims[1]; j++)
          for (let i = 0; i < dims[0]; i++) {
            const f = i + dims[0] * (j + dims[1] * k);
            const lo = [i, j, k];
            lo[a] -= 1;
            const fluidLo = !g.isSolid(lo[0], lo[1], lo[2]);
            const fluidHi = !g.isSolid(i, j, k);
            ft[f] = fluidLo && fluidHi ? F_FLUID : F_FIXED;
          }
    }
    const claim = (fr: FaceRef, what: string) => {
      if (g.solid[fr.cell]) throw new Error(`airflow: ${what} face next to a solid cell`);
      if (claimed[fr.axis][fr.face]) throw new Error(`airflow: face claimed twice (${what})`);
      if (this.fType[fr.axis][fr.face] !== F_FIXED) throw new Error(`airflow: ${what} face is not on a solid/boundary surface`);
      claimed[fr.axis][fr.face] = 1;
    };
    const h2 = h * h;
    let netIn = 0;
    let hasPressure = false;
    (domain.openings ?? []).forEach((op, oi) => {
      const nF = op.faces.length;
      this.openingT.push(op.temperature_C);
      this.openingPk.push(op.kind === 'pressure' ? (op.pressure_Pa ?? 0) / this.fluid.rho : 0);
      if (nF === 0) return;
      const speed = op.kind === 'velocity' ? op.flow_m3_s / (nF * h2) : 0;
      if (op.kind === 'velocity') netIn += op.flow_m3_s;
      else hasPressure = true;
      for (const fr of op.faces) {
        claim(fr, `opening ${op.id}`);
        if (op.kind === 'pressure') this.fType[fr.axis][fr.face] = F_PRESSURE;
        else this.fVal[fr.axis][fr.face] = fr.dir * speed;
        this.bfaces.push({ axis: fr.axis, face: fr.face, cell: fr.cell, dir: fr.dir, owner: oi, isDeviceOut: false });
      }
    });
    (domain.devices ?? []).forEach((d, di) => {
      if (!(d.flow_m3_s > 0)) throw new Error(`airflow: device ${d.id} needs a positive flow`);
      if (d.model.kind !== 'exchange' && (d.inlet.length === 0 || d.outlet.length === 0))
        throw new Error(`airflow: device ${d.id} needs inlet and outlet faces`);
      if (d.inlet.length === 0 && d.outlet.length === 0) throw new Error(`airflow: device ${d.id} has no faces`);
      const rt: DevRuntime = {
        spec: d,
        inFaces: d.inlet,
        outFaces: d.outlet,
        speedIn: d.inlet.length ? d.flow_m3_s / (d.inlet.length * h2) : 0,
        speedOut: d.outlet.length ? d.flow_m3_s / (d.outlet.length * h2) : 0,
        Tin: T0,
        Tout: T0,
        demand: 0,
      };
      for (const fr of d.inlet) {
        claim(fr, `device ${d.id} inlet`);
        this.fVal[fr.axis][fr.face] = -fr.dir * rt.speedIn;
        this.bfaces.push({ axis: fr.axis, face: fr.face, cell: fr.cell, dir: fr.dir, owner: -di - 1, isDeviceOut: false });
      }
      for (const fr of d.outlet) {
        claim(fr, `device ${d.id} outlet`);
        this.fVal[fr.axis][fr.face] = fr.dir * rt.speedOut;
        this.bfaces.push({ axis: fr.axis, face: fr.face, cell: fr.cell, dir: fr.dir, owner: -di - 1, isDeviceOut: true });
      }
      if (d.model.kind === 'exchange') netIn += (d.outlet.length ? d.flow_m3_s : 0) - (d.inlet.length ? d.flow_m3_s : 0);
      this.devs.push(rt);
    });
    if (!hasPressure && Math.abs(netIn) > 1e-9 * Math.max(1, Math.abs(netIn)))
      throw new Error(`airflow: closed domain with net fixed inflow ${netIn} m³/s; add a pressure opening`);
    // initial velocities: fixed faces
    const vel = [this.state.u, this.state.v, this.state.w];
    for (let a = 0; a < 3; a++) for (let f = 0; f < vel[a].length; f++) if (this.fType[a][f] === F_FIXED) vel[a][f] = this.fVal[a][f];
    // ---- sides
    this.sideVel = [];
    this.sideKind = [];
    this.sideT = [];
    for (let d = 0; d < 6; d++) {
      const bc: SideBC = domain.sides[SIDES[d]];
      if (bc.kind === 'wall') {
        const v = bc.velocity_m_s ?? [0, 0, 0];
        this.sideVel.push([v[0], v[1], v[2]]);
        this.sideKind.push(NB_SIDEWALL);
        this.sideT.push(bc.temperature_C ?? null);
      } else {
        this.sideVel.push([0, 0, 0]);
        this.sideKind.push(NB_NEUMANN);
        this.sideT.push(null);
      }
    }
    // ---- transport fields
    this.fields = [];
    for (let a = 0; a < 3; a++) this.fields.push(this.buildMomentumField(a));
    this.fields.push(this.buildTemperatureField());
    {
      const tf = this.fields[3];
      for (let q = 0; q < tf.nodes.length; q++) {
        const c = tf.nodes[q];
        for (let d = 0; d < 6; d++) if (tf.nb[6 * c + d] === NB_SIDEWALL) this.wallFaces.push({ cell: c, T: this.sideT[d] as number });
      }
    }
    const maxN = Math.max(...this.fields.map((f) => f.N));
    this.aP = new Float64Array(maxN);
    this.aN = new Float64Array(6 * maxN);
    this.rhs = new Float64Array(maxN);
    this.F = [new Float64Array(maxN), new Float64Array(maxN), new Float64Array(maxN)];
    this.D = [new Float64Array(maxN), new Float64Array(maxN), new Float64Array(maxN)];
    this.Dw = new Float64Array(maxN);
    this.src = new Float64Array(maxN);
    this.old = [new Float64Array(g.nU), new Float64Array(g.nV), new Float64Array(g.nW), new Float64Array(nC)];
    this.phi = new Float64Array(nC);
    this.prhs = new Float64Array(nC);
    // ---- pressure operator
    const cx = new Float64Array(nC);
    const cy = new Float64Array(nC);
    const cz = new Float64Array(nC);
    const dd = new Float64Array(nC);
    const active = new Uint8Array(nC);
    for (let k = 0; k < nz; k++)
      for (let j = 0; j < ny; j++)
        for (let i = 0; i < nx; i++) {
          const c = g.cell(i, j, k);
          active[c] = g.solid[c] ? 0 : 1;
          if (i + 1 < nx && this.fType[0][g.uFace(i + 1, j, k)] === F_FLUID) cx[c] = 1;
          if (j + 1 < ny && this.fType[1][g.vFace(i, j + 1, k)] === F_FLUID) cy[c] = 1;
          if (k + 1 < nz && this.fType[2][g.wFace(i, j, k + 1)] === F_FLUID) cz[c] = 1;
        }
    for (const bf of this.bfaces) if (this.fType[bf.axis][bf.face] === F_PRESSURE) dd[bf.cell] += 2;
    this.poisson = new PoissonMG(nx, ny, nz, cx, cy, cz, dd, active);
    // ---- sources
    this.heatSrc = new Float64Array(nC);
    const rc = this.fluid.rho * this.fluid.cp;
    for (const hs of domain.heatSources ?? []) {
      const cells = Array.from(hs.cells).filter((c) => !g.solid[c]);
      if (cells.length === 0) throw new Error(`airflow: heat source ${hs.id} has no fluid cells`);
      const q = hs.power_W / (rc * cells.length * h * h * h);
      for (const c of cells) this.heatSrc[c] += q;
    }
    if (domain.momentumSources && domain.momentumSources.length) {
      this.accel = new Float64Array(3 * nC);
      for (const ms of domain.momentumSources)
        for (const c of ms.cells) for (let a = 0; a < 3; a++) this.accel[3 * c + a] += ms.accel_m_s2[a];
    }
    // ---- turbulence
    this.nuCell = new Float64Array(nC).fill(this.fluid.nu + (domain.turbulence?.kind === 'constant' ? domain.turbulence.nut_m2_s : 0));
    if (domain.turbulence?.kind === 'zeroEquation') this.wallDist = this.computeWallDistance();
    // ---- reference scales
    let uRef = 0;
    for (const s of this.sideVel) uRef = Math.max(uRef, Math.hypot(s[0], s[1], s[2]));
    for (let a = 0; a < 3; a++) for (const x of this.fVal[a]) uRef = Math.max(uRef, Math.abs(x));
    let heatTotal = 0;
    for (const hs of domain.heatSources ?? []) heatTotal += Math.abs(hs.power_W);
    let flowTotal = 0;
    for (const d of domain.devices ?? []) {
      flowTotal += d.flow_m3_s;
      if (d.model.kind === 'heat') heatTotal += Math.abs(d.model.heat_W);
    }
    for (const op of domain.openings ?? []) if (op.kind === 'velocity') flowTotal += Math.abs(op.flow_m3_s);
    this.lRef = Math.max(nx, ny, nz) * h;
    const wallTs = this.sideT.filter((t): t is number => t !== null);
    const dTwall = wallTs.length ? Math.max(...wallTs, this.fluid.Tref) - Math.min(...wallTs, this.fluid.Tref) : 0;
    this.dTRef = Math.max(1, flowTotal > 0 ? heatTotal / (rc * flowTotal) : 0, dTwall);
    if (this.accel) for (const x of this.accel) uRef = Math.max(uRef, Math.sqrt(Math.abs(x) * this.lRef));
    if (this.fluid.g > 0 && (heatTotal > 0 || dTwall > 0)) uRef = Math.max(uRef, Math.sqrt(this.fluid.g * this.fluid.beta * this.dTRef * nz * h));
    this.uRef = Math.max(uRef, 0.01);
    let dt = (this.opts.cfl * h) / this.uRef;
    // buoyancy is explicit (lagged T): cap Δt at κ/N, N = √(g·β·ΔT_ref/H) the buoyancy frequency
    const kappa = options.buoyancyStep;
    if (kappa !== undefined && kappa > 0 && this.fluid.g > 0) {
      const N = Math.sqrt((this.fluid.g * this.fluid.beta * this.dTRef) / (nz * h));
      if (N > 0) dt = Math.min(dt, kappa / N);
    }
    this.dt = options.dt_s ?? dt;
    if (options.initial) this.setState(options.initial);
    this.updateDevices();
  }

  /** copy a previous solution in (warm start); fixed boundary velocities are re-imposed */
  setState(s: FlowState): void {
    const st = this.state;
    if (s.u.length !== st.u.length || s.T.length !== st.T.length) throw new Error('airflow: warm-start state has wrong size');
    st.u.set(s.u);
    st.v.set(s.v);
    st.w.set(s.w);
    st.p.set(s.p);
    st.T.set(s.T);
    const vel = [st.u, st.v, st.w];
    for (let a = 0; a < 3; a++) for (let f = 0; f < vel[a].length; f++) if (this.fType[a][f] === F_FIXED) vel[a][f] = this.fVal[a][f];
  }

  private buildMomentumField(a: number): TransportField {
    const g = this.grid;
    const dims: [number, number, number] = [g.nx + (a === 0 ? 1 : 0), g.ny + (a === 1 ? 1 : 0), g.nz + (a === 2 ? 1 : 0)];
    const stride: [number, number, number] = [1, dims[0], dims[0] * dims[1]];
    const N = dims[0] * dims[1] * dims[2];
    const unknown = new Uint8Array(N);
    const nb = new Uint8Array(6 * N);
    const nodes: number[] = [];
    const ft = this.fType[a];
    const p = [0, 0, 0];
    for (let k = 0; k < dims[2]; k++)
      for (let j = 0; j < dims[1]; j++)
        for (let i = 0; i < dims[0]; i++) {
          const n = i + stride[1] * j + stride[2] * k;
          if (ft[n] === F_FLUID) {
            unknown[n] = 1;
            nodes.push(n);
          }
          for (let d = 0; d < 6; d++) {
            const b = d >> 1;
            const plus = d & 1;
            p[0] = i;
            p[1] = j;
            p[2] = k;
            p[b] += plus ? 1 : -1;
            let kind = NB_REGULAR;
            if (p[b] < 0 || p[b] >= dims[b]) {
              kind = b === a ? NB_NEUMANN : this.sideKind[d];
            } else if (b !== a) {
              // neighbour node's two cells along a
              const hiSolid = g.isSolid(p[0], p[1], p[2]);
              p[a] -= 1;
              const loSolid = g.isSolid(p[0], p[1], p[2]);
              if (hiSolid && loSolid) kind = NB_WALL;
            }
            nb[6 * n + d] = kind;
          }
        }
    const cLo = new Int32Array(N).fill(-1);
    const cHi = new Int32Array(N).fill(-1);
    const ncell = [g.nx, g.ny, g.nz];
    for (let k = 0; k < dims[2]; k++)
      for (let j = 0; j < dims[1]; j++)
        for (let i = 0; i < dims[0]; i++) {
          const n = i + stride[1] * j + stride[2] * k;
          const q = [i, j, k];
          if (q[a] < ncell[a] && !g.isSolid(i, j, k)) cHi[n] = g.cell(i, j, k);
          q[a] -= 1;
          if (q[a] >= 0 && !g.isSolid(q[0], q[1], q[2])) cLo[n] = g.cell(q[0], q[1], q[2]);
        }
    return { dims, stride, N, unknown, nb, nodes: Int32Array.from(nodes), cLo, cHi };
  }

  private buildTemperatureField(): TransportField {
    const g = this.grid;
    const dims: [number, number, number] = [g.nx, g.ny, g.nz];
    const stride: [number, number, number] = [1, g.nx, g.nx * g.ny];
    const N = g.nCells;
    const unknown = new Uint8Array(N);
    const nb = new Uint8Array(6 * N);
    const nodes: number[] = [];
    const p = [0, 0, 0];
    for (let k = 0; k < g.nz; k++)
      for (let j = 0; j < g.ny; j++)
        for (let i = 0; i < g.nx; i++) {
          const c = g.cell(i, j, k);
          if (!g.solid[c]) {
            unknown[c] = 1;
            nodes.push(c);
          }
          for (let d = 0; d < 6; d++) {
            p[0] = i;
            p[1] = j;
            p[2] = k;
            const b = d >> 1;
            p[b] += d & 1 ? 1 : -1;
            const outside = p[b] < 0 || p[b] >= dims[b];
            if (outside && this.sideT[d] !== null) nb[6 * c + d] = NB_SIDEWALL;
            else nb[6 * c + d] = g.isSolid(p[0], p[1], p[2]) ? NB_NEUMANN : NB_REGULAR;
          }
        }
    return { dims, stride, N, unknown, nb, nodes: Int32Array.from(nodes) };
  }

  /** distance from each fluid cell centre to the nearest solid surface or wall side, m (chamfer 3-4-5 approx.) */
  private computeWallDistance(): Float64Array {
    const g = this.grid;
    const { nx, ny, nz, h } = g;
    const dist = new Float64Array(g.nCells).fill(Infinity);
    for (let k = 0; k < nz; k++)
      for (let j = 0; j < ny; j++)
        for (let i = 0; i < nx; i++) {
          const c = g.cell(i, j, k);
          if (g.solid[c]) {
            dist[c] = -0.5 * h; // so a neighbour gets 0.5 h
            continue;
          }
          let near = false;
          const sideWall = (d: number) => this.sideKind[d] === NB_SIDEWALL;
          if ((i === 0 && sideWall(0)) || (i === nx - 1 && sideWall(1))) near = true;
          if ((j === 0 && sideWall(2)) || (j === ny - 1 && sideWall(3))) near = true;
          if ((k === 0 && sideWall(4)) || (k === nz - 1 && sideWall(5))) near = true;
          if (near) dist[c] = 0.5 * h;
        }
    // two-pass chamfer with 26-neighbourhood weights 1, √2, √3
    const w = [0, 1, Math.SQRT2, Math.sqrt(3)];
    const pass = (forward: boolean) => {
      const kr = forward ? [0, nz, 1] : [nz - 1, -1, -1];
      const jr = forward ? [0, ny, 1] : [ny - 1, -1, -1];
      const ir = forward ? [0, nx, 1] : [nx - 1, -1, -1];
      for (let k = kr[0]; k !== kr[1]; k += kr[2])
        for (let j = jr[0]; j !== jr[1]; j += jr[2])
          for (let i = ir[0]; i !== ir[1]; i += ir[2]) {
            const c = g.cell(i, j, k);
            if (g.solid[c]) continue;
            let best = dist[c];
            for (let dk = -1; dk <= 1; dk++)
              for (let dj = -1; dj <= 1; dj++)
                for (let di = -1; di <= 1; di++) {
                  const ii = i + di;
                  const jj = j + dj;
                  const kk = k + dk;
                  if (ii < 0 || jj < 0 || kk < 0 || ii >= nx || jj >= ny || kk >= nz) continue;
                  const m = g.cell(ii, jj, kk);
                  const cand = dist[m] + w[Math.abs(di) + Math.abs(dj) + Math.abs(dk)] * h;
                  if (cand < best) best = cand;
                }
            dist[c] = best;
          }
    };
    pass(true);
    pass(false);
    pass(true);
    pass(false);
    for (let c = 0; c < g.nCells; c++) if (!Number.isFinite(dist[c]) || dist[c] < 0) dist[c] = g.solid[c] ? 0 : 1e3;
    return dist;
  }

  private updateTurbulence(): void {
    if (!this.wallDist) return;
    const g = this.grid;
    const { u, v, w } = this.state;
    const nu = this.fluid.nu;
    const tm = this.domain.turbulence;
    const nutMin = tm && tm.kind === 'zeroEquation' ? (tm.minNut_m2_s ?? 0) : 0;
    for (let k = 0; k < g.nz; k++)
      for (let j = 0; j < g.ny; j++)
        for (let i = 0; i < g.nx; i++) {
          const c = g.cell(i, j, k);
          if (g.solid[c]) continue;
          const uc = 0.5 * (u[g.uFace(i, j, k)] + u[g.uFace(i + 1, j, k)]);
          const vc = 0.5 * (v[g.vFace(i, j, k)] + v[g.vFace(i, j + 1, k)]);
          const wc = 0.5 * (w[g.wFace(i, j, k)] + w[g.wFace(i, j, k + 1)]);
          this.nuCell[c] = nu + Math.max(nutMin, 0.03874 * Math.sqrt(uc * uc + vc * vc + wc * wc) * this.wallDist[c]);
        }
  }

  // ------------------------------------------------------------------ transport assembly
  /**
   * Build aP, aN, rhs for field `fi` (0..2 velocity component, 3 temperature). F[b][n] holds the
   * convecting velocity through the +b face of node n, D[b][n] the diffusion coefficient (1/s) of
   * that face, Dw[n] the wall coefficient 2ν/h², src[n] the explicit source.
   */
  private assemble(fi: number, x: Float64Array, xo: Float64Array, dt: number, scheme: number, wallComp: number): void {
    const fld = this.fields[fi];
    const { nb, nodes, stride, unknown } = fld;
    const { aP, aN, rhs, Dw, src } = this;
    const invh = 1 / this.grid.h;
    const invdt = 1 / dt;
    const nNodes = nodes.length;
    for (let q = 0; q < nNodes; q++) {
      const n = nodes[q];
      aP[n] = invdt;
      rhs[n] = xo[n] * invdt + src[n];
    }
    for (let bAx = 0; bAx < 3; bAx++) {
      const Fb = this.F[bAx];
      const Db = this.D[bAx];
      const sb = stride[bAx];
      const dm = 2 * bAx;
      const dp = dm + 1;
      for (let q = 0; q < nNodes; q++) {
        const n = nodes[q];
        const o = 6 * n;
        let ap = aP[n];
        // − side
        let kind = nb[o + dm];
        let an = 0;
        if (kind === NB_REGULAR) {
          const f = n - sb;
          const Fin = Fb[f]; // velocity in +b through the − face: positive = inflow
          const Dd = Db[f];
          an = Dd + (Fin > 0 ? Fin * invh : 0);
          ap += Dd + (Fin < 0 ? -Fin * invh : 0);
        } else if (kind === NB_WALL) ap += Dw[n];
        else if (kind === NB_SIDEWALL) {
          ap += Dw[n];
          rhs[n] += Dw[n] * (wallComp >= 0 ? this.sideVel[dm][wallComp] : (this.sideT[dm] as number));
        }
        aN[o + dm] = an;
        // + side
        kind = nb[o + dp];
        an = 0;
        if (kind === NB_REGULAR) {
          const Fout = Fb[n];
          const Dd = Db[n];
          an = Dd + (Fout < 0 ? -Fout * invh : 0);
          ap += Dd + (Fout > 0 ? Fout * invh : 0);
        } else if (kind === NB_WALL) ap += Dw[n];
        else if (kind === NB_SIDEWALL) {
          ap += Dw[n];
          rhs[n] += Dw[n] * (wallComp >= 0 ? this.sideVel[dp][wallComp] : (this.sideT[dp] as number));
        }
        aN[o + dp] = an;
        aP[n] = ap;
      }
    }
    if (scheme === 0) return;
    // deferred correction: conservative, each face once (the + face of its lower node), over all
    // nodes of the field so faces between an unknown and a fixed node are included
    const N = fld.N;
    for (let bAx = 0; bAx < 3; bAx++) {
      const Fb = this.F[bAx];
      const sb = stride[bAx];
      const dm = 2 * bAx;
      const dp = dm + 1;
      for (let n = 0; n < N; n++) {
        if (nb[6 * n + dp] !== NB_REGULAR) continue;
        const m = n + sb;
        if (nb[6 * m + dm] !== NB_REGULAR) continue; // a wall as seen from m: no flux, no correction
        const un = unknown[n];
        const um = unknown[m];
        if (!un && !um) continue;
        const Fv = Fb[n];
        if (Fv === 0) continue;
        let phiC: number, phiD: number, phiU: number, hasU: boolean;
        if (Fv > 0) {
          phiC = x[n];
          phiD = x[m];
          hasU = nb[6 * n + dm] === NB_REGULAR;
          phiU = hasU ? x[n - sb] : 0;
        } else {
          phiC = x[m];
          phiD = x[n];
          hasU = nb[6 * m + dp] === NB_REGULAR;
          phiU = hasU ? x[m + sb] : 0;
        }
        let ho: number;
        if (scheme === 1) ho = hasU ? 0.75 * phiC + 0.375 * phiD - 0.125 * phiU : 0.5 * (phiC + phiD);
        else if (scheme === 2) {
          // bounded QUICK: ψ(r) = max(0, min(2r, (3 + r)/4, 2)); upwind where no far-upwind node
          ho = phiC;
          const d = phiD - phiC;
          if (hasU && d !== 0) {
            const r = (phiC - phiU) / d;
            let psi = 0.75 + 0.25 * r;
            if (2 * r < psi) psi = 2 * r;
            if (psi > 2) psi = 2;
            if (psi > 0) ho = phiC + 0.5 * psi * d;
          }
        } else ho = 0.5 * (phiC + phiD);
        const c = Fv * (ho - phiC) * invh;
        if (un) rhs[n] -= c;
        if (um) rhs[m] += c;
      }
    }
  }

  private sweep(fi: number, x: Float64Array, forward: boolean): number {
    const { nodes, stride } = this.fields[fi];
    const { aP, aN, rhs } = this;
    const s1 = stride[1];
    const s2 = stride[2];
    let change = 0;
    const len = nodes.length;
    for (let q0 = 0; q0 < len; q0++) {
      const n = nodes[forward ? q0 : len - 1 - q0];
      const o = 6 * n;
      let s = rhs[n];
      let a = aN[o];
      if (a !== 0) s += a * x[n - 1];
      a = aN[o + 1];
      if (a !== 0) s += a * x[n + 1];
      a = aN[o + 2];
      if (a !== 0) s += a * x[n - s1];
      a = aN[o + 3];
      if (a !== 0) s += a * x[n + s1];
      a = aN[o + 4];
      if (a !== 0) s += a * x[n - s2];
      a = aN[o + 5];
      if (a !== 0) s += a * x[n + s2];
      const nv = s / aP[n];
      change += Math.abs(nv - x[n]);
      x[n] = nv;
    }
    return change;
  }

  // ------------------------------------------------------------------ fluxes
  private momentumFluxes(a: number, vel: Float64Array[]): void {
    const g = this.grid;
    const fld = this.fields[a];
    const [NX, NY, NZ] = fld.dims;
    const N = fld.N;
    const { F, D, Dw } = this;
    const invh2 = 1 / (g.h * g.h);
    const nuC = this.nuCell;
    const ua = vel[a];
    const sa = fld.stride[a];
    // node viscosity: mean of the fluid cells on either side
    const nuNode = this.src; // temporarily use src as node ν storage
    const cLo = fld.cLo!;
    const cHi = fld.cHi!;
    const nuMol = this.fluid.nu;
    for (let n = 0; n < N; n++) {
      const lo = cLo[n];
      const hi = cHi[n];
      const nuN = lo >= 0 && hi >= 0 ? 0.5 * (nuC[lo] + nuC[hi]) : hi >= 0 ? nuC[hi] : lo >= 0 ? nuC[lo] : nuMol;
      nuNode[n] = nuN;
      Dw[n] = 2 * nuN * invh2;
    }
    const nCellA = a === 0 ? g.nx : a === 1 ? g.ny : g.nz;
    for (let b = 0; b < 3; b++) {
      const sb = fld.stride[b];
      const Fb = F[b];
      const Db = D[b];
      const vb = vel[b];
      const lastB = fld.dims[b] - 1;
      // the b-face array (dims = cells + 1 along b): strides along b and along a
      const B0 = g.nx + (b === 0 ? 1 : 0);
      const B1 = g.ny + (b === 1 ? 1 : 0);
      const sbB = b === 0 ? 1 : b === 1 ? B0 : B0 * B1;
      const saB = a === 0 ? 1 : a === 1 ? B0 : B0 * B1;
      for (let k = 0; k < NZ; k++)
        for (let j = 0; j < NY; j++) {
          const rowN = NX * (j + NY * k);
          const rowB = B0 * (j + B1 * k);
          for (let i = 0; i < NX; i++) {
            const n = rowN + i;
            const cb = b === 0 ? i : b === 1 ? j : k;
            if (cb >= lastB) {
              Fb[n] = 0;
              Db[n] = 0;
              continue;
            }
            Db[n] = 0.5 * (nuNode[n] + nuNode[n + sb]) * invh2;
            if (b === a) {
              Fb[n] = 0.5 * (ua[n] + ua[n + sa]);
              continue;
            }
            // component b at the edge between n and n + e_b: mean of the +b faces of the cells on
            // either side of the node along a (one of them outside the domain at a boundary node)
            const ca = a === 0 ? i : a === 1 ? j : k;
            const fHi = rowB + i + sbB;
            const hasHi = ca < nCellA;
            const hasLo = ca >= 1;
            Fb[n] = hasHi && hasLo ? 0.5 * (vb[fHi] + vb[fHi - saB]) : hasHi ? vb[fHi] : hasLo ? vb[fHi - saB] : 0;
          }
        }
    }
  }

  private temperatureFluxes(): void {
    const g = this.grid;
    const { nx, ny, nz } = g;
    const { u, v, w } = this.state;
    const { F, D } = this;
    const invh2 = 1 / (g.h * g.h);
    const { nu, Pr, Prt } = this.fluid;
    const nuC = this.nuCell;
    const alpha = this.src; // scratch: α per cell (src is refilled by solveTemperature afterwards)
    const Dw = this.Dw; // isothermal-wall coefficient 2α/h²
    for (let c = 0; c < g.nCells; c++) {
      alpha[c] = nu / Pr + (nuC[c] - nu) / Prt;
      Dw[c] = 2 * alpha[c] * invh2;
    }
    for (let k = 0; k < nz; k++)
      for (let j = 0; j < ny; j++)
        for (let i = 0; i < nx; i++) {
          const c = g.cell(i, j, k);
          F[0][c] = i + 1 < nx ? u[g.uFace(i + 1, j, k)] : 0;
          F[1][c] = j + 1 < ny ? v[g.vFace(i, j + 1, k)] : 0;
          F[2][c] = k + 1 < nz ? w[g.wFace(i, j, k + 1)] : 0;
          D[0][c] = i + 1 < nx ? 0.5 * (alpha[c] + alpha[c + 1]) * invh2 : 0;
          D[1][c] = j + 1 < ny ? 0.5 * (alpha[c] + alpha[c + nx]) * invh2 : 0;
          D[2][c] = k + 1 < nz ? 0.5 * (alpha[c] + alpha[c + nx * ny]) * invh2 : 0;
        }
  }

  // ------------------------------------------------------------------ devices
  private updateDevices(): void {
    const T = this.state.T;
    const C0 = this.fluid.rho * this.fluid.cp;
    for (const d of this.devs) {
      const C = C0 * d.spec.flow_m3_s;
      const m = d.spec.model;
      let Tin: number;
      if (d.inFaces.length) {
        let s = 0;
        for (const f of d.inFaces) s += T[f.cell];
        Tin = s / d.inFaces.length;
      } else Tin = m.kind === 'exchange' ? m.outside_C : this.fluid.Tref;
      d.Tin = Tin;
      if (m.kind === 'heat') d.Tout = Tin + m.heat_W / C;
      else if (m.kind === 'cooler') {
        d.demand = C * (Tin - m.setpoint_C);
        const removed = Math.min(Math.max(d.demand, 0), m.capacity_W);
        d.Tout = Tin - removed / C;
      } else d.Tout = m.outside_C;
    }
  }

  // ------------------------------------------------------------------ one step
  /** Advance one pseudo-time step. Returns the step report (residuals of this step). */
  step(): StepReport {
    const t0 = performance.now();
    const g = this.grid;
    const { nx, ny, nz, h } = g;
    const st = this.state;
    const vel = [st.u, st.v, st.w];
    const dt = this.dt;
    for (let a = 0; a < 3; a++) this.old[a].set(vel[a]);
    this.old[3].set(st.T);
    const oldVel = [this.old[0], this.old[1], this.old[2]];
    this.updateTurbulence();
    const momScheme = SCHEME_ID[this.opts.momentumScheme];
    const { g: grav, beta, Tref } = this.fluid;
    const T = st.T;
    const p = st.p;
    // ---- 1. momentum predictor
    for (let a = 0; a < 3; a++) {
      const fld = this.fields[a];
      this.momentumFluxes(a, oldVel);
      const src = this.src;
      const [NX, NY, NZ] = fld.dims;
      const sa = a === 0 ? 1 : a === 1 ? nx : nx * ny;
      const acc = this.accel;
      const buoy = a === 2 && grav > 0;
      const unk = fld.unknown;
      for (let k = 0; k < NZ; k++)
        for (let j = 0; j < NY; j++) {
          const row = NX * (j + NY * k);
          for (let i = 0; i < NX; i++) {
            const n = row + i;
            if (!unk[n]) continue;
            // the cells on either side of this face along a
            const cHi = i + nx * (j + ny * k);
            const cLo = cHi - sa;
            let s = -(p[cHi] - p[cLo]) / h;
            if (buoy) s += grav * beta * (0.5 * (T[cHi] + T[cLo]) - Tref);
            if (acc) s += 0.5 * (acc[3 * cHi + a] + acc[3 * cLo + a]);
            src[n] = s;
          }
        }
      this.assemble(a, vel[a], oldVel[a], dt, momScheme, a);
      for (let sIt = 0; sIt < this.opts.momentumSweeps; sIt++) {
        this.sweep(a, vel[a], true);
        this.sweep(a, vel[a], false);
      }
    }
    const t1 = performance.now();
    // ---- 2. projection
    const phi = this.phi;
    const b = this.prhs;
    const { u, v, w } = st;
    const fac = -h / dt;
    const solid = g.solid;
    const nxu = nx + 1;
    const sxy = nx * ny;
    for (let k = 0; k < nz; k++)
      for (let j = 0; j < ny; j++) {
        const c0 = nx * (j + ny * k);
        const u0 = nxu * (j + ny * k);
        const v0 = nx * (j + (ny + 1) * k);
        for (let i = 0; i < nx; i++) {
          const c = c0 + i;
          if (solid[c]) {
            b[c] = 0;
            continue;
          }
          // u faces i, i+1; v faces j, j+1 (stride nx); w faces k, k+1 (stride nx·ny)
          const div = u[u0 + i + 1] - u[u0 + i] + v[v0 + i + nx] - v[v0 + i] + w[c + sxy] - w[c];
          b[c] = fac * div;
        }
      }
    // Dirichlet increments at pressure faces: φ_b = p_b − pⁿ_P
    for (const bf of this.bfaces) {
      if (this.fType[bf.axis][bf.face] !== F_PRESSURE) continue;
      b[bf.cell] += 2 * (this.openingPk[bf.owner] - p[bf.cell]);
    }
    phi.fill(0);
    const ps = this.poisson.solve(phi, b, this.opts.poissonRtol, 300);
    this.lastPoissonIts = ps.iterations;
    const cdt = dt / h;
    const ft0 = this.fType[0];
    const ft1 = this.fType[1];
    const ft2 = this.fType[2];
    for (let k = 0; k < nz; k++)
      for (let j = 0; j < ny; j++) {
        const c0 = nx * (j + ny * k);
        const u0 = nxu * (j + ny * k);
        const v0 = nx * (j + (ny + 1) * k);
        for (let i = 0; i < nx; i++) {
          const c = c0 + i;
          if (i > 0) {
            const f = u0 + i;
            if (ft0[f] === F_FLUID) u[f] -= cdt * (phi[c] - phi[c - 1]);
          }
          if (j > 0) {
            const f = v0 + i;
            if (ft1[f] === F_FLUID) v[f] -= cdt * (phi[c] - phi[c - nx]);
          }
          if (k > 0 && ft2[c] === F_FLUID) w[c] -= cdt * (phi[c] - phi[c - sxy]);
        }
      }
    for (const bf of this.bfaces) {
      if (this.fType[bf.axis][bf.face] !== F_PRESSURE) continue;
      const phib = this.openingPk[bf.owner] - p[bf.cell];
      // fluid cell on the +axis side (dir=+1): velocity = −dt·(φ_P − φ_b)/(h/2)
      vel[bf.axis][bf.face] -= 2 * cdt * bf.dir * (phi[bf.cell] - phib);
    }
    for (let c = 0; c < g.nCells; c++) p[c] += phi[c];
    const t2 = performance.now();
    // ---- 3. energy
    this.temperatureFluxes();
    this.solveTemperature();
    const t3 = performance.now();
    // ---- residuals
    let su = 0;
    let nu = 0;
    for (let a = 0; a < 3; a++) {
      const nodes = this.fields[a].nodes;
      const x = vel[a];
      const o = oldVel[a];
      for (let q = 0; q < nodes.length; q++) {
        const d = x[nodes[q]] - o[nodes[q]];
        su += d * d;
      }
      nu += nodes.length;
    }
    let sT = 0;
    const tn = this.fields[3].nodes;
    for (let q = 0; q < tn.length; q++) {
      const d = T[tn[q]] - this.old[3][tn[q]];
      sT += d * d;
    }
    this.time += dt;
    const resVelocity = (Math.sqrt(su / Math.max(nu, 1)) / dt) * (this.lRef / (this.uRef * this.uRef));
    const resTemperature = (Math.sqrt(sT / Math.max(tn.length, 1)) / (dt * this.opts.dtTemperatureFactor)) * (this.lRef / (this.uRef * this.dTRef));
    const e = this.energyBalance();
    return {
      step: 0,
      time_s: this.time,
      resVelocity,
      resTemperature,
      energyImbalance: e.relative,
      poissonIterations: ps.iterations,
      elapsedMs: performance.now() - t0,
      phaseMs: { momentum: t1 - t0, pressure: t2 - t1, energy: t3 - t2 },
    };
  }

  private solveTemperature(): void {
    const dtT = this.dt * this.opts.dtTemperatureFactor;
    const T = this.state.T;
    const src = this.src;
    src.set(this.heatSrc);
    const scheme = SCHEME_ID[this.opts.temperatureScheme];
    this.assemble(3, T, this.old[3], dtT, scheme, -1);
    const invh = 1 / this.grid.h;
    const vel = [this.state.u, this.state.v, this.state.w];
    // boundary faces: outflow adds to aP; inflow of openings to rhs; device outlets handled per sweep
    const devOut: { cell: number; coef: number; dev: number }[] = [];
    for (const bf of this.bfaces) {
      const out = -bf.dir * vel[bf.axis][bf.face]; // velocity leaving the fluid cell
      if (out > 0) this.aP[bf.cell] += out * invh;
      else if (out < 0) {
        if (bf.owner >= 0) this.rhs[bf.cell] += -out * invh * this.openingT[bf.owner];
        else if (bf.isDeviceOut) devOut.push({ cell: bf.cell, coef: -out * invh, dev: -bf.owner - 1 });
      }
    }
    const sweeps = this.opts.temperatureSweeps;
    for (let s = 0; s < sweeps; s++) {
      for (const dv of devOut) this.rhs[dv.cell] += dv.coef * this.devs[dv.dev].Tout;
      this.sweep(3, T, true);
      this.sweep(3, T, false);
      for (const dv of devOut) this.rhs[dv.cell] -= dv.coef * this.devs[dv.dev].Tout;
      this.updateDevices();
    }
  }

  /** Global energy balance of the current state (steady terms only; storage excluded). */
  energyBalance(): EnergyBalance {
    const rc = this.fluid.rho * this.fluid.cp;
    const h2 = this.grid.h * this.grid.h;
    const T = this.state.T;
    const vel = [this.state.u, this.state.v, this.state.w];
    let released = 0;
    for (const hs of this.domain.heatSources ?? []) released += hs.power_W;
    let removed = 0;
    let leaving = 0;
    for (const d of this.devs) {
      const C = rc * d.spec.flow_m3_s;
      if (d.spec.model.kind === 'heat') released += C * (d.Tout - d.Tin);
      else if (d.spec.model.kind === 'cooler') removed += C * (d.Tin - d.Tout);
    }
    // openings and exchange devices: enthalpy out relative to T_ref (mass-balanced overall)
    for (const bf of this.bfaces) {
      const exch = bf.owner < 0 && this.devs[-bf.owner - 1].spec.model.kind === 'exchange';
      if (bf.owner < 0 && !exch) continue;
      const out = -bf.dir * vel[bf.axis][bf.face];
      const Tb = out > 0 ? T[bf.cell] : bf.owner >= 0 ? this.openingT[bf.owner] : this.devs[-bf.owner - 1].Tout;
      leaving += rc * h2 * out * (Tb - this.fluid.Tref);
    }
    // isothermal walls: conduction over half a cell, q = ρ c_p · 2α/h · (T_w − T_P) · h²
    let wallIn = 0;
    let wallOut = 0;
    if (this.wallFaces.length) {
      const { nu, Pr, Prt } = this.fluid;
      const h = this.grid.h;
      for (const wf of this.wallFaces) {
        const alpha = nu / Pr + (this.nuCell[wf.cell] - nu) / Prt;
        const q = rc * 2 * alpha * h * (wf.T - T[wf.cell]);
        if (q > 0) wallIn += q;
        else wallOut -= q;
      }
    }
    const wallGain = wallIn - wallOut;
    const imb = released + wallGain - removed - leaving;
    const scale = Math.max(Math.abs(released), Math.abs(removed), Math.abs(leaving), wallIn, wallOut, 1e-12);
    return {
      released_W: released,
      removedByCoolers_W: removed,
      leavingOpenings_W: leaving,
      wallGain_W: wallGain,
      imbalance_W: imb,
      throughput_W: scale,
      relative: imb / scale,
    };
  }

  deviceReports(): DeviceReport[] {
    const rc = this.fluid.rho * this.fluid.cp;
    return this.devs.map((d) => {
      const C = rc * d.spec.flow_m3_s;
      const r: DeviceReport = {
        id: d.spec.id,
        kind: d.spec.model.kind,
        flow_m3_s: d.spec.flow_m3_s,
        inlet_C: d.Tin,
        outlet_C: d.Tout,
        heatToAir_W: d.inFaces.length && d.outFaces.length ? C * (d.Tout - d.Tin) : 0,
      };
      if (d.spec.model.kind === 'cooler') {
        r.demand_W = d.demand;
        r.saturated = d.demand > d.spec.model.capacity_W;
      }
      return r;
    });
  }

  openingReports(): OpeningReport[] {
    const rc = this.fluid.rho * this.fluid.cp;
    const h2 = this.grid.h * this.grid.h;
    const vel = [this.state.u, this.state.v, this.state.w];
    const T = this.state.T;
    const ops = this.domain.openings ?? [];
    const out: OpeningReport[] = ops.map((o) => ({ id: o.id, outflow_m3_s: 0, heatOut_W: 0 }));
    for (const bf of this.bfaces) {
      if (bf.owner < 0) continue;
      const o = out[bf.owner];
      const q = -bf.dir * vel[bf.axis][bf.face] * h2;
      o.outflow_m3_s += q;
      o.heatOut_W += rc * q * (q > 0 ? T[bf.cell] : this.openingT[bf.owner]);
    }
    return out;
  }

  /** Pseudo-time march to steady state. */
  steady(opts: SteadyOptions = {}): SteadyResult {
    const t0 = performance.now();
    const maxSteps = opts.maxSteps ?? 2000;
    const minSteps = opts.minSteps ?? 10;
    const tolU = opts.tolVelocity ?? 1e-4;
    const tolT = opts.tolTemperature ?? 1e-4;
    const tolE = opts.tolEnergy ?? 0.005;
    const allowAvg = opts.allowAveraging ?? true;
    const window = opts.averagingWindow ?? Math.max(30, Math.round((1.5 * this.lRef) / (this.uRef * this.dt)));
    const maxLongWindow = 2 * window * 2 ** (opts.maxWindowDoublings ?? 2);
    let longPrev: WindowMean | null = null;
    let longCur: WindowMean | null = null;
    const tolDevT = opts.tolDeviceTemperature_K ?? 0.05;
    const tolMeanU = opts.tolMeanVelocity ?? 0.01;
    const history: StepReport[] = [];
    let converged = false;
    let cancelled = false;
    let averagedSteps = 0;
    const hasHeat = this.devs.length > 0 || (this.domain.heatSources ?? []).length > 0 || this.wallFaces.length > 0;
    const st = this.state;
    // window accumulators (statistically steady fallback)
    const fieldsNow = [st.u, st.v, st.w, st.p, st.T];
    const sum = fieldsNow.map((f) => new Float64Array(f.length));
    let prevWin: WindowMean | null = null;
    let inWindow = 0;
    let resSum = 0;
    let eScale = 0;
    let eSum = { released_W: 0, removedByCoolers_W: 0, leavingOpenings_W: 0, wallGain_W: 0, imbalance_W: 0 };
    let opSum: OpeningReport[] = [];
    let avgEnergy: EnergyBalance | null = null;
    let avgOpenings: OpeningReport[] | null = null;
    /**
     * How window `cur` differs from the window before it, and whether the run may stop on it: only a
     * stagnated run may stop on means (residuals still falling by more than 30 % per window mean the
     * march is converging and should go on), with the means and the balance within tolerance.
     */
    const compareWindows = (cur: WindowMean, prev: WindowMean) => {
      let du = 0;
      let cnt = 0;
      for (let a = 0; a < 3; a++) {
        const nodes = this.fields[a].nodes;
        for (let q = 0; q < nodes.length; q++) {
          const d = cur.mean[a][nodes[q]] - prev.mean[a][nodes[q]];
          du += d * d;
        }
        cnt += nodes.length;
      }
      let dT = 0;
      cur.devT.forEach((t, i) => (dT = Math.max(dT, Math.abs(t - prev.devT[i]))));
      const meanChange = Math.sqrt(du / Math.max(cnt, 1)) / this.uRef;
      const stagnated = prev.res > 0 && cur.res > 0.7 * prev.res;
      const ok = stagnated && meanChange < tolMeanU && dT < tolDevT && (!hasHeat || Math.abs(cur.E.relative) < tolE);
      return { meanChange, dT, stagnated, ok };
    };
    const acceptWindow = (w: WindowMean): true => {
      for (let q = 0; q < 5; q++) fieldsNow[q].set(w.mean[q]);
      this.updateDevices();
      avgEnergy = w.E;
      avgOpenings = w.ops;
      averagedSteps = w.n;
      return true;
    };
    const windowStep = (r: StepReport): boolean => {
      // accumulate the window
      for (let q = 0; q < 5; q++) {
        const s = sum[q];
        const f = fieldsNow[q];
        for (let c = 0; c < f.length; c++) s[c] += f[c];
      }
      const e = this.energyBalance();
      eScale += e.throughput_W ?? 0;
      eSum = {
        released_W: eSum.released_W + e.released_W,
        removedByCoolers_W: eSum.removedByCoolers_W + e.removedByCoolers_W,
        leavingOpenings_W: eSum.leavingOpenings_W + e.leavingOpenings_W,
        wallGain_W: eSum.wallGain_W + (e.wallGain_W ?? 0),
        imbalance_W: eSum.imbalance_W + e.imbalance_W,
      };
      const ops = this.openingReports();
      if (inWindow === 0) opSum = ops.map((o) => ({ ...o }));
      else ops.forEach((o, i) => ((opSum[i].outflow_m3_s += o.outflow_m3_s), (opSum[i].heatOut_W += o.heatOut_W)));
      inWindow++;
      resSum += r.resVelocity + r.resTemperature;
      if (inWindow < window) return false;
      const resMean = resSum / inWindow;
      const mean = sum.map((s) => s.map((x) => x / inWindow));
      const devT = this.devs.map((d) => {
        let s = 0;
        for (const f of d.inFaces) s += mean[4][f.cell];
        return d.inFaces.length ? s / d.inFaces.length : 0;
      });
      const E = {
        released_W: eSum.released_W / inWindow,
        removedByCoolers_W: eSum.removedByCoolers_W / inWindow,
        leavingOpenings_W: eSum.leavingOpenings_W / inWindow,
        wallGain_W: eSum.wallGain_W / inWindow,
        imbalance_W: eSum.imbalance_W / inWindow,
        relative: 0,
      };
      E.relative = E.imbalance_W / Math.max(Math.abs(E.released_W), Math.abs(E.removedByCoolers_W), Math.abs(E.leavingOpenings_W), Math.abs(E.wallGain_W), eScale / inWindow, 1e-12);
      const win: WindowMean = {
        n: inWindow,
        mean,
        devT,
        E,
        eScale: eScale / inWindow,
        res: resMean,
        ops: opSum.map((o) => ({ id: o.id, outflow_m3_s: o.outflow_m3_s / inWindow, heatOut_W: o.heatOut_W / inWindow })),
      };
      if (prevWin) {
        const c = compareWindows(win, prevWin);
        r.window = { meanVelocityChange: c.meanChange, deviceTemperatureChange_K: c.dT, energyImbalance: E.relative };
        if (c.ok) return acceptWindow(win);
      }
      // the long windows (docs §5): an oscillation longer than the window — a limit cycle of the
      // hall's recirculation — keeps successive window means apart for ever. Alongside the windows
      // above, their means are pooled into long windows (first 2 windows); when two successive long
      // windows still differ once the residuals have stagnated, the second is merged into the first
      // and the next long window has the merged length, so they grow until they span whole periods
      longCur = longCur ? mergeWindow(longCur, win) : copyWindow(win);
      if (!longPrev) {
        if (longCur.n >= 2 * window) {
          longPrev = longCur;
          longCur = null;
        }
      } else if (longCur.n >= longPrev.n) {
        const c = compareWindows(longCur, longPrev);
        if (c.ok) return acceptWindow(longCur);
        longPrev = c.stagnated && longPrev.n < maxLongWindow ? mergeWindow(longPrev, longCur) : longCur;
        longCur = null;
      }
      prevWin = win;
      resSum = 0;
      eScale = 0;
      for (const s of sum) s.fill(0);
      eSum = { released_W: 0, removedByCoolers_W: 0, leavingOpenings_W: 0, wallGain_W: 0, imbalance_W: 0 };
      inWindow = 0;
      return false;
    };
    const tolDrift = opts.tolDeviceDrift_K ?? 0;
    const driftWindow = opts.driftWindow ?? Math.max(20, Math.round(this.lRef / (this.uRef * this.dt)));
    const driftHist: number[][] = [];
    const driftOk = (): boolean => {
      if (!(tolDrift > 0) || this.devs.length === 0) return false;
      driftHist.push(this.devs.map((d) => d.Tin));
      if (driftHist.length > driftWindow) driftHist.shift();
      if (driftHist.length < driftWindow) return false;
      for (let q = 0; q < this.devs.length; q++) {
        let lo = Infinity;
        let hi = -Infinity;
        for (const row of driftHist) {
          lo = Math.min(lo, row[q]);
          hi = Math.max(hi, row[q]);
        }
        if (hi - lo > tolDrift) return false;
      }
      return true;
    };
    const tailSweeps = opts.energyTailSweeps ?? 0;
    const sweepsBefore = this.opts.temperatureSweeps;
    let convergedBy: SteadyResult['convergedBy'] = 'none';
    let n = 0;
    const maxMs = opts.maxMs ?? Infinity;
    let outOfTime = false;
    while (n < maxSteps) {
      if (n > 0 && performance.now() - t0 >= maxMs) {
        outOfTime = true;
        break;
      }
      const r = this.step();
      n++;
      r.step = n;
      history.push(r);
      let done = false;
      const finite = Number.isFinite(r.resVelocity) && Number.isFinite(r.resTemperature);
      const energyOk = !hasHeat || Math.abs(r.energyImbalance) < tolE;
      const drift = finite && driftOk();
      // the rack inlets have settled but the heat balance has not: sweep the energy equation harder
      if (drift && !energyOk && tailSweeps > this.opts.temperatureSweeps) this.opts.temperatureSweeps = tailSweeps;
      if (finite && n >= minSteps && r.resVelocity < tolU && r.resTemperature < tolT && energyOk) {
        done = true;
        convergedBy = 'residuals';
      } else if (finite && n >= minSteps && drift && energyOk) {
        done = true;
        convergedBy = 'deviceDrift';
      } else if (finite && allowAvg && n >= minSteps) {
        done = windowStep(r);
        if (done) convergedBy = 'averaging';
      }
      if (done) converged = true;
      if (opts.onProgress && opts.onProgress(r) === false && !done) {
        cancelled = true;
        break;
      }
      if (done || !finite) break;
    }
    this.opts.temperatureSweeps = sweepsBefore;
    const elapsedMs = performance.now() - t0;
    return {
      state: { u: st.u.slice(), v: st.v.slice(), w: st.w.slice(), p: st.p.slice(), T: st.T.slice() },
      converged,
      cancelled,
      averagedSteps,
      convergedBy,
      outOfTime,
      steps: n,
      history,
      energy: avgEnergy ?? this.energyBalance(),
      devices: this.deviceReports(),
      openings: avgOpenings ?? this.openingReports(),
      dt_s: this.dt,
      elapsedMs,
      cellsPerSecond: (this.grid.fluidCellCount() * n) / Math.max(elapsedMs / 1000, 1e-9),
    };
  }

  get poissonIterations(): number {
    return this.lastPoissonIts;
  }
}

/** Convenience: build a solver and march to steady state. */
export function solveSteady(domain: Domain, opts: SteadyOptions = {}): SteadyResult {
  return new AirflowSolver(domain, opts).steady(opts);
}
