/**
 * Power-distribution analysis: load flow on the distribution graph (per-phase, with losses), ratings
 * checks, phase unbalance, voltage drop, site totals and PUE, and the single-failure (N-1) analysis.
 *
 * Flow model (steady state, nominal voltages, no voltage-drop feedback):
 * - each load's complex power S = P + jQ is shared equally among its live cords; a cord puts it on
 *   one phase, a line-to-line pair or all three phases (see phaseSplit);
 * - a node's output is the sum of its cords and of its live children's inputs, per phase;
 * - a node's input = output + own losses. Transformers, PDUs with a transformer and UPS draw their
 *   input balanced over three phases (a double-conversion rectifier draws balanced power; a delta–wye
 *   transformer's primary unbalance is not modelled). Other nodes pass per-phase power through;
 * - feeder I²R loss (when a feeder cable is described) is added per phase on the node's input;
 * - a node with several live sources shares its input equally ('shared') or takes it all from the first
 *   live source ('standby').
 *
 * Single-failure analysis: for each failable element (and each UPS module, each side) the failed set is
 * removed; only the nodes below the failure, the loads whose cords lose power and the ancestors of the
 * alternate paths are recomputed, by propagating deltas of per-phase power upward level by level
 * (height above the leaves), recomputing the non-linear losses at every touched node.
 */
import type { EngineResult, Figure, Finding, Severity } from '../findings';
import {
  CONTINUOUS_FACTOR,
  COPPER_CONDUCTORS,
  DEFAULT_TRANSFORMER_LOAD_LOSS_FRACTION,
  DEFAULT_TRANSFORMER_NO_LOAD_LOSS_FRACTION,
  DEFAULT_UPS_LOSS,
  conductorImpedanceOhmPerM,
  isConductorSize,
  nemaUnbalancePct,
  pfTan,
  SQRT3,
  voltageDrop,
} from './electrical';
import { buildPowerGraph, label, type DesignRedundancy, type NodeKind, type PowerGraph, type PowerSystemInput } from './graph';

export interface PowerOptions {
  /** utilisation (of the applicable limit) from which a warning is raised, default 0.9 */
  warnFraction?: number;
  /** continuous factor for breakers, busways and conductors not marked 100 %-rated, default 0.8 */
  continuousFactor?: number;
  /** NEMA unbalance above which a panel / busway is flagged, percent, default 10 */
  unbalanceWarnPct?: number;
  /** feeder voltage-drop limit, percent (NEC 215.2 informational note), default 3 */
  feederDropPct?: number;
  /** cumulative voltage-drop limit from the last transformer / UPS, percent, default 5 */
  totalDropPct?: number;
  /** run the single-failure analysis (default true) */
  singleFailure?: boolean;
  /** individual overload findings per failure scenario before they are summarised, default 10 */
  maxFindingsPerScenario?: number;
  /**
   * Elements taken out of service for this run (ids): they and whatever depends on them alone are
   * dead, loads move to their other cords. Use it to show one failure in full (every node's state);
   * the single-failure analysis then runs on top of this state.
   */
  outOfService?: readonly string[];
  /** record, per scenario, every live node whose output changed (memory-heavy; for inspection and tests) */
  recordScenarioNodes?: boolean;
  /** UPS power modules out of service, by UPS id (count) */
  upsModulesOut?: Readonly<Record<string, number>>;
}

/** Which rating governs a node's utilisation ('voltage-drop' appears only in failure scenarios: feeder drop / limit). */
export type RatingBasis = 'breaker' | 'busway' | 'kva' | 'ups-kw' | 'source-kw' | 'conductor' | 'voltage-drop' | 'none';

export interface NodeState {
  id: string;
  kind: NodeKind;
  alive: boolean;
  /** delivered real / reactive / apparent power, kW, kvar, kVA */
  outputKw: number;
  outputKvar: number;
  outputKva: number;
  /** drawn from upstream: output + losses, kW */
  inputKw: number;
  inputKvar: number;
  /** own losses (transformer, UPS, feeder cable), kW */
  lossKw: number;
  /** output line currents, A */
  phaseCurrentA: [number, number, number];
  /** largest input line current (at the input voltage), A */
  inputCurrentA: number;
  /** load / limit of the governing rating (1 = at the limit) */
  utilisation: number;
  basis: RatingBasis;
  measured: number;
  limit: number;
  unit: string;
  /** NEMA unbalance of the output phase currents, % */
  unbalancePct: number;
  /** voltage drop of the node's feeder, %; cumulative from the last transformer/UPS, % (NaN when no feeder) */
  feederDropPct: number;
  totalDropPct: number;
}

export interface LoadState {
  id: string;
  category: 'it' | 'mechanical' | 'other';
  kw: number;
  liveCords: number;
  powered: boolean;
}

export interface Overload {
  elementId: string;
  basis: RatingBasis;
  utilisation: number;
  baseUtilisation: number;
  measured: number;
  limit: number;
  unit: string;
}

export interface FailureScenario {
  /** stable key: element id, 'module@<ups id>' or 'side@<label>' */
  key: string;
  kind: 'element' | 'module' | 'side';
  label: string;
  failed: string[];
  overloads: Overload[];
  lostLoadIds: string[];
  lostKw: number;
  /** lost loads that had two or more cords (their redundancy was defeated by one failure) */
  lostMultiCorded: number;
  /** nodes recomputed (a measure of the work done) */
  touched: number;
  /** with options.recordScenarioNodes: every live node whose output changed */
  changed?: { elementId: string; outputKw: number; outputKvar: number; utilisation: number }[];
}

export interface PowerTotals {
  itKw: number;
  mechanicalKw: number;
  otherKw: number;
  lossKw: number;
  /** drawn from all sources, kW */
  siteKw: number;
  interconnectKw: number | null;
  /** (interconnect − site) / interconnect, % */
  headroomPct: number | null;
  /** (IT + mechanical + other + losses) / IT */
  pue: number | null;
  unpoweredKw: number;
}

export interface PowerResult extends EngineResult {
  nodes: NodeState[];
  loads: LoadState[];
  scenarios: FailureScenario[];
  totals: PowerTotals;
  timings: { buildMs: number; flowMs: number; failureMs: number };
}

const CAT_NAME = ['it', 'mechanical', 'other'] as const;
const UNBALANCE_KINDS: ReadonlySet<NodeKind> = new Set<NodeKind>(['switchgear', 'pdu', 'rpp', 'panel', 'busway', 'transformer', 'ups']);
const BRANCH_KINDS: ReadonlySet<NodeKind> = new Set<NodeKind>(['tapoff', 'breaker']);
const EPS = 1e-9;

/**
 * Bucket queue of node indices keyed by a small integer level (height above the leaves, or depth below
 * the sources). Every edge goes strictly up (or down) in level, so popping the lowest level first
 * processes a node only after everything that can still change it.
 */
class LevelQueue {
  private buckets: number[][] = [];
  private lo = 0;
  size = 0;
  constructor(private level: Int32Array) {}
  push(v: number): void {
    const l = this.level[v];
    let b = this.buckets[l];
    if (!b) this.buckets[l] = b = [];
    b.push(v);
    if (this.size === 0 || l < this.lo) this.lo = l;
    this.size++;
  }
  pop(): number {
    for (;;) {
      const b = this.buckets[this.lo];
      if (b && b.length > 0) {
        this.size--;
        return b.pop()!;
      }
      this.lo++;
    }
  }
}

/** Result of evaluating a node's ratings against a flow. */
interface Eval {
  util: number;
  basis: RatingBasis;
  measured: number;
  limit: number;
  unit: string;
}

const BASIS_UNIT: Record<RatingBasis, string> = { breaker: 'A', busway: 'A', kva: 'kVA', 'ups-kw': 'kW', 'source-kw': 'kW', conductor: 'A', 'voltage-drop': '%', none: '' };

function hyp(a: number, b: number): number {
  return Math.sqrt(a * a + b * b);
}

function fmt(x: number, digits = 1): string {
  return Number.isFinite(x) ? x.toFixed(digits) : String(x);
}

/**
 * Analyse a power system: flows, ratings, unbalance, voltage drop, totals, PUE and the single-failure
 * analysis. Returns an EngineResult (engine 'electrical') extended with per-node, per-load and
 * per-scenario data. Units: kW, kVA, kvar, A, V, %.
 */
export function analysePower(input: PowerSystemInput, options: PowerOptions = {}): PowerResult {
  const t0 = performance.now();
  const g = buildPowerGraph(input);
  const t1 = performance.now();
  return analysePowerGraph(g, input, options, t1 - t0, t0);
}

/**
 * Same as analysePower on an already compiled graph (input supplies site and design data). On a graph
 * with a cycle only the structural findings are returned (nodes, loads and scenarios are empty).
 */
export function analysePowerGraph(g: PowerGraph, input: PowerSystemInput, options: PowerOptions = {}, buildMs = 0, tStart = performance.now()): PowerResult {
  const warnFraction = options.warnFraction ?? 0.9;
  const contF = options.continuousFactor ?? CONTINUOUS_FACTOR;
  const unbalanceWarnPct = options.unbalanceWarnPct ?? 10;
  const feederDropLimit = options.feederDropPct ?? 3;
  const totalDropLimit = options.totalDropPct ?? 5;
  const maxPerScenario = options.maxFindingsPerScenario ?? 10;
  const design: DesignRedundancy = input.design?.redundancy ?? 'N';
  const redundantDesign = design === '2N' || design === 'DR' || design === 'catcher';
  const dualCordDesign = design === '2N' || design === 'DR';

  const findings: Finding[] = [...g.problems];
  const tFlow0 = performance.now();
  const { n, nodes } = g;
  const L = g.loads.length;

  if (!g.acyclic) {
    return emptyResult(findings, buildMs, tStart);
  }

  // ---- per-node ratings: continuous limits (NaN = no such rating)
  const limBrkA = new Float64Array(n).fill(NaN);
  const limBwA = new Float64Array(n).fill(NaN);
  const limKva = new Float64Array(n).fill(NaN);
  const limSrcKw = new Float64Array(n).fill(NaN);
  const limCondA = new Float64Array(n).fill(NaN);
  const upsRatedKw = new Float64Array(n);
  const upsModuleKw = new Float64Array(n);
  const upsModules = new Int32Array(n);
  const upsInputTan = new Float64Array(n);
  const trKva = new Float64Array(n);
  const trNl = new Float64Array(n);
  const trLl = new Float64Array(n);
  const feederR = new Float64Array(n); // Ω per phase for the whole run (parallel sets included)
  const fixedEff = new Float64Array(n).fill(NaN); // fixed efficiency (UPS / transformer / PDU)
  const sqLossKw = new Float64Array(n); // pass-through square-law loss at rated current
  const sqRatedA = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const nd = nodes[i];
    if (nd.kind === 'ups' && nd.ups && !nd.ups.loss && nd.ups.efficiency && nd.ups.efficiency > 0 && nd.ups.efficiency <= 1) fixedEff[i] = nd.ups.efficiency;
    if (nd.kind !== 'ups' && nd.noLoadLossKw === undefined && nd.loadLossKw === undefined && nd.efficiency && nd.efficiency > 0 && nd.efficiency <= 1) fixedEff[i] = nd.efficiency;
    if (nd.ratedLossKw && nd.ratedLossKw > 0) {
      const ia = nd.ratingA && nd.ratingA > 0 ? nd.ratingA : nd.breakerA && nd.breakerA > 0 ? nd.breakerA : 0;
      if (ia > 0) {
        sqLossKw[i] = nd.ratedLossKw;
        sqRatedA[i] = ia;
      }
    }
    const f100 = nd.rated100Pct ? 1 : contF;
    if (nd.breakerA && nd.breakerA > 0) limBrkA[i] = nd.breakerA * f100;
    if (nd.ratingA && nd.ratingA > 0) limBwA[i] = nd.ratingA * f100;
    if (nd.kind !== 'ups' && nd.ratingKva && nd.ratingKva > 0) {
      limKva[i] = nd.ratingKva;
      if (g.transforming[i]) {
        trKva[i] = nd.ratingKva;
        trNl[i] = nd.noLoadLossKw ?? DEFAULT_TRANSFORMER_NO_LOAD_LOSS_FRACTION * nd.ratingKva;
        trLl[i] = nd.loadLossKw ?? DEFAULT_TRANSFORMER_LOAD_LOSS_FRACTION * nd.ratingKva;
      }
    }
    if (nd.kind === 'ups' && nd.ups && nd.ups.moduleKw > 0 && nd.ups.moduleCount > 0) {
      upsModuleKw[i] = nd.ups.moduleKw;
      upsModules[i] = Math.max(0, Math.floor(nd.ups.moduleCount) - Math.floor(options.upsModulesOut?.[nd.id] ?? 0));
      upsRatedKw[i] = upsModuleKw[i] * upsModules[i];
      upsInputTan[i] = pfTan(nd.ups.inputPf ?? 0.99);
    }
    if ((nd.kind === 'utility' || nd.kind === 'generator') && nd.ratingKw && nd.ratingKw > 0) limSrcKw[i] = nd.ratingKw;
    if (nd.feeder && isConductorSize(nd.feeder.size) && nd.feeder.lengthM > 0) {
      const sets = nd.feeder.parallelSets ?? 1;
      const { rOhmPerM } = conductorImpedanceOhmPerM(nd.feeder.size, nd.feeder.conduit ?? 'pvc');
      feederR[i] = (rOhmPerM * nd.feeder.lengthM) / sets;
      limCondA[i] = COPPER_CONDUCTORS[nd.feeder.size].ampacity75CA * sets * contF;
    }
  }
  /** Human description of the rating that governs node u, for messages. */
  function describe(u: number, basis: RatingBasis, liveModules = -1): string {
    const nd = nodes[u];
    const f100 = nd.rated100Pct ? 1 : contF;
    const at = (f: number) => (f < 1 ? ` at ${fmt(f * 100, 0)} %` : '');
    switch (basis) {
      case 'breaker':
        return `breaker ${fmt(nd.breakerA!, 0)} A${at(f100)}`;
      case 'busway':
        return `rating ${fmt(nd.ratingA!, 0)} A${at(f100)}`;
      case 'kva':
        return `nameplate ${fmt(nd.ratingKva!, 0)} kVA`;
      case 'ups-kw':
        return `${liveModules >= 0 ? liveModules : upsModules[u]} × ${fmt(upsModuleKw[u], 0)} kW ${liveModules >= 0 ? 'live ' : ''}modules`;
      case 'source-kw':
        return `capacity ${fmt(nd.ratingKw!, 0)} kW`;
      case 'voltage-drop':
        return `feeder voltage drop limit ${fmt(feederDropLimit, 0)} %`;
      case 'conductor': {
        const sets = nd.feeder!.parallelSets ?? 1;
        return `feeder ${sets > 1 ? `${sets} × ` : ''}${nd.feeder!.size} Cu, ${fmt(COPPER_CONDUCTORS[nd.feeder!.size].ampacity75CA * sets, 0)} A${at(contF)}`;
      }
      default:
        return '';
    }
  }

  const vlnOut = new Float64Array(n);
  const vlnIn = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    vlnOut[i] = g.voltageV[i] / SQRT3;
    vlnIn[i] = g.inputVoltageV[i] / SQRT3;
  }

  /**
   * Input of node u from its output (6 numbers at out[oo]) into inp[io] (the current through its feeder)
   * and send[so] (what its sources supply: input + feeder I²R loss); returns own loss, kW.
   * liveModules overrides the UPS's live module count (module-failure scenarios).
   */
  function computeInput(u: number, out: Float64Array, oo: number, inp: Float64Array, io: number, send: Float64Array, so: number, liveModules = -1): number {
    const pOut = out[oo] + out[oo + 2] + out[oo + 4];
    const qOut = out[oo + 1] + out[oo + 3] + out[oo + 5];
    let loss = 0;
    if (g.kind[u] === 'ups' && upsRatedKw[u] > 0) {
      const m = liveModules >= 0 ? liveModules : upsModules[u];
      const rated = upsModuleKw[u] * m;
      const k = nodes[u].ups!.loss ?? DEFAULT_UPS_LOSS;
      if (!Number.isNaN(fixedEff[u])) loss = pOut > 0 ? pOut * (1 / fixedEff[u] - 1) : 0;
      else if (rated > 0) {
        const x = pOut / rated;
        loss = rated * (k.noLoad + k.proportional * x + k.square * x * x);
      }
      const pIn = pOut + loss;
      const qIn = pIn * upsInputTan[u];
      for (let ph = 0; ph < 3; ph++) {
        inp[io + 2 * ph] = pIn / 3;
        inp[io + 2 * ph + 1] = qIn / 3;
      }
    } else if (g.transforming[u]) {
      if (!Number.isNaN(fixedEff[u])) loss = pOut > 0 ? pOut * (1 / fixedEff[u] - 1) : 0;
      else if (trKva[u] > 0) {
        const x = hyp(pOut, qOut) / trKva[u];
        loss = trNl[u] + trLl[u] * x * x;
      }
      const pIn = pOut + loss;
      for (let ph = 0; ph < 3; ph++) {
        inp[io + 2 * ph] = pIn / 3;
        inp[io + 2 * ph + 1] = qOut / 3;
      }
    } else {
      for (let k = 0; k < 6; k++) inp[io + k] = out[oo + k];
      if (!Number.isNaN(fixedEff[u])) {
        // a pass-through element with a stated efficiency (e.g. a PDU without transformer): per phase
        const f = 1 / fixedEff[u] - 1;
        for (let ph = 0; ph < 3; ph++) {
          const w = Math.max(0, out[oo + 2 * ph]) * f;
          inp[io + 2 * ph] += w;
          loss += w;
        }
      }
      if (sqLossKw[u] > 0) {
        for (let ph = 0; ph < 3; ph++) {
          const x = (hyp(out[oo + 2 * ph], out[oo + 2 * ph + 1]) * 1000) / vlnOut[u] / sqRatedA[u];
          const w = (sqLossKw[u] / 3) * x * x;
          inp[io + 2 * ph] += w;
          loss += w;
        }
      }
    }
    for (let k = 0; k < 6; k++) send[so + k] = inp[io + k];
    if (feederR[u] > 0) {
      const v = vlnIn[u];
      for (let ph = 0; ph < 3; ph++) {
        const iA = (hyp(inp[io + 2 * ph], inp[io + 2 * ph + 1]) * 1000) / v;
        const w = (iA * iA * feederR[u]) / 1000;
        send[so + 2 * ph] += w;
        loss += w;
      }
    }
    return loss;
  }

  const ev: Eval = { util: 0, basis: 'none', measured: 0, limit: 0, unit: '' };
  const consider = (basis: RatingBasis, measured: number, limit: number): void => {
    if (Number.isNaN(limit)) return;
    const util = limit > 0 ? measured / limit : measured > EPS ? Infinity : 0;
    if (util > ev.util || ev.basis === 'none') {
      ev.util = util;
      ev.basis = basis;
      ev.measured = measured;
      ev.limit = limit;
    }
  };
  /** Evaluate node u's ratings on a flow; the worst (highest load / limit) is written to ev. */
  function evaluate(u: number, out: Float64Array, oo: number, inp: Float64Array, io: number, liveModules = -1): Eval {
    ev.util = 0;
    ev.basis = 'none';
    ev.measured = 0;
    ev.limit = 0;
    let s2 = 0;
    for (let ph = 0; ph < 3; ph++) {
      const a = out[oo + 2 * ph];
      const b = out[oo + 2 * ph + 1];
      s2 = Math.max(s2, a * a + b * b);
    }
    const sMax = Math.sqrt(s2); // kVA of the most loaded output phase
    const iOut = (sMax * 1000) / vlnOut[u];
    consider('breaker', iOut, limBrkA[u]);
    consider('busway', iOut, limBwA[u]);
    consider('kva', 3 * sMax, limKva[u]);
    if (upsModuleKw[u] > 0) consider('ups-kw', out[oo] + out[oo + 2] + out[oo + 4], upsModuleKw[u] * (liveModules >= 0 ? liveModules : upsModules[u]));
    consider('source-kw', out[oo] + out[oo + 2] + out[oo + 4], limSrcKw[u]);
    if (!Number.isNaN(limCondA[u])) {
      let i2 = 0;
      for (let ph = 0; ph < 3; ph++) {
        const a = inp[io + 2 * ph];
        const b = inp[io + 2 * ph + 1];
        i2 = Math.max(i2, a * a + b * b);
      }
      consider('conductor', (Math.sqrt(i2) * 1000) / vlnIn[u], limCondA[u]);
    }
    ev.unit = BASIS_UNIT[ev.basis];
    return ev;
  }

  /** Voltage drop of node u's feeder (percent of its input voltage) for the input flow at inp[io]. */
  function feederDropOf(u: number, inp: Float64Array, io: number): number {
    const fd = nodes[u].feeder!;
    let s2 = 0;
    let pIn = 0;
    let qIn = 0;
    for (let ph = 0; ph < 3; ph++) {
      const a = inp[io + 2 * ph];
      const b = inp[io + 2 * ph + 1];
      s2 = Math.max(s2, a * a + b * b);
      pIn += a;
      qIn += b;
    }
    const iMax = (Math.sqrt(s2) * 1000) / vlnIn[u];
    const sIn = hyp(pIn, qIn);
    const pf = sIn > 0 ? Math.min(1, Math.max(1e-6, pIn / sIn)) : 1;
    return voltageDrop({ currentA: iMax, lengthM: fd.lengthM, size: fd.size, conduit: fd.conduit, pf, phases: 3, parallelSets: fd.parallelSets, voltageV: g.inputVoltageV[u] }).dropPct;
  }

  // ---- base state: alive (top-down), cords, flows (bottom-up)
  const { parentStart, parentList, childStart, childList, order } = g;
  const outOfService = new Uint8Array(n);
  for (const id of options.outOfService ?? []) {
    const i = g.index.get(id);
    if (i !== undefined) outOfService[i] = 1;
  }
  const aliveBase = new Uint8Array(n);
  const baseK = new Int32Array(n); // live parents in base
  const baseActive = new Int32Array(n).fill(-1); // first live parent
  for (let pos = n - 1; pos >= 0; pos--) {
    const u = order[pos];
    if (outOfService[u]) continue;
    if (g.isSource[u]) {
      aliveBase[u] = 1;
      continue;
    }
    let k = 0;
    for (let e = parentStart[u]; e < parentStart[u + 1]; e++) {
      const p = parentList[e];
      if (aliveBase[p]) {
        if (k === 0) baseActive[u] = p;
        k++;
      }
    }
    baseK[u] = k;
    aliveBase[u] = k > 0 ? 1 : 0;
  }
  const frac = (u: number, p: number, k: number, active: number): number => (g.standby[u] ? (p === active ? 1 : 0) : 1 / k);

  const outS = new Float64Array(6 * n);
  const inS = new Float64Array(6 * n);
  const sendS = new Float64Array(6 * n);
  const lossKw = new Float64Array(n);
  const liveCords = new Int32Array(L);
  const { loadCordStart, cordNode, cordS } = g;
  for (let j = 0; j < L; j++) {
    let k = 0;
    for (let c = loadCordStart[j]; c < loadCordStart[j + 1]; c++) if (cordNode[c] >= 0 && aliveBase[cordNode[c]]) k++;
    liveCords[j] = k;
    if (k === 0) continue;
    for (let c = loadCordStart[j]; c < loadCordStart[j + 1]; c++) {
      const nd = cordNode[c];
      if (nd < 0 || !aliveBase[nd]) continue;
      for (let q = 0; q < 6; q++) outS[6 * nd + q] += cordS[6 * c + q] / k;
    }
  }
  for (let pos = 0; pos < n; pos++) {
    const u = order[pos];
    if (!aliveBase[u]) continue;
    lossKw[u] = computeInput(u, outS, 6 * u, inS, 6 * u, sendS, 6 * u);
    if (g.isSource[u]) continue;
    for (let e = parentStart[u]; e < parentStart[u + 1]; e++) {
      const p = parentList[e];
      if (!aliveBase[p]) continue;
      const f = frac(u, p, baseK[u], baseActive[u]);
      if (f === 0) continue;
      for (let q = 0; q < 6; q++) outS[6 * p + q] += f * sendS[6 * u + q];
    }
  }

  // ---- node states and base findings
  const baseUtil = new Float64Array(n);
  const nodeStates: NodeState[] = new Array(n);
  const feederDrop = new Float64Array(n).fill(NaN);
  const totalDrop = new Float64Array(n).fill(NaN);
  // voltage drop top-down (needs input currents)
  const cumDrop = new Float64Array(n);
  for (let pos = n - 1; pos >= 0; pos--) {
    const u = order[pos];
    const nd = nodes[u];
    const parent = baseActive[u];
    const upstream = parent >= 0 && !g.transforming[parent] && !g.isSource[parent] ? cumDrop[parent] : 0;
    let own = 0;
    if (aliveBase[u] && feederR[u] > 0) {
      own = feederDropOf(u, inS, 6 * u);
      feederDrop[u] = own;
    }
    cumDrop[u] = upstream + own;
    if (nd.feeder) totalDrop[u] = cumDrop[u];
  }

  for (let u = 0; u < n; u++) {
    const nd = nodes[u];
    const o = 6 * u;
    const currents: [number, number, number] = [0, 0, 0];
    let iInMax = 0;
    for (let ph = 0; ph < 3; ph++) {
      currents[ph] = (hyp(outS[o + 2 * ph], outS[o + 2 * ph + 1]) * 1000) / vlnOut[u];
      iInMax = Math.max(iInMax, (hyp(inS[o + 2 * ph], inS[o + 2 * ph + 1]) * 1000) / vlnIn[u]);
    }
    const pOut = outS[o] + outS[o + 2] + outS[o + 4];
    const qOut = outS[o + 1] + outS[o + 3] + outS[o + 5];
    const e = evaluate(u, outS, o, inS, o);
    baseUtil[u] = aliveBase[u] ? e.util : 0;
    const unb = nemaUnbalancePct(currents);
    nodeStates[u] = {
      id: nd.id,
      kind: nd.kind,
      alive: aliveBase[u] === 1,
      outputKw: pOut,
      outputKvar: qOut,
      outputKva: hyp(pOut, qOut),
      inputKw: sendS[o] + sendS[o + 2] + sendS[o + 4],
      inputKvar: sendS[o + 1] + sendS[o + 3] + sendS[o + 5],
      lossKw: lossKw[u],
      phaseCurrentA: currents,
      inputCurrentA: iInMax,
      utilisation: baseUtil[u],
      basis: e.basis,
      measured: e.measured,
      limit: e.limit,
      unit: e.unit,
      unbalancePct: unb,
      feederDropPct: feederDrop[u],
      totalDropPct: totalDrop[u],
    };
    if (!aliveBase[u]) {
      if (outOfService[u]) continue;
      findings.push({
        id: `electrical:unpowered:${nd.id}`,
        engine: 'electrical',
        code: 'unpowered',
        severity: 'warning',
        message: `${label(nd)} has no live path to a utility feed or generator.`,
        subjects: [nd.id],
        owner: 'electrical',
      });
      continue;
    }
    if (e.basis !== 'none' && e.util >= warnFraction) {
      const sev: Severity = e.util > 1 ? 'critical' : 'warning';
      findings.push({
        id: `electrical:${sev === 'critical' ? 'overload' : 'near-limit'}:${nd.id}`,
        engine: 'electrical',
        code: sev === 'critical' ? 'overload' : 'near-limit',
        severity: sev,
        message: `${label(nd)} carries ${fmt(e.measured)} ${e.unit} against ${fmt(e.limit)} ${e.unit} (${describe(u, e.basis)}): ${fmt(e.util * 100)} %${sev === 'critical' ? ' — over its continuous limit' : ' — close to its limit'}.`,
        subjects: [nd.id],
        measured: { value: e.measured, unit: e.unit },
        limit: { value: e.limit, unit: e.unit },
        owner: 'electrical',
      });
    }
    if (nd.positions !== undefined && nd.positions >= 0) {
      let used = g.nodeCordStart[u + 1] - g.nodeCordStart[u];
      for (let e2 = childStart[u]; e2 < childStart[u + 1]; e2++) if (BRANCH_KINDS.has(g.kind[childList[e2]])) used++;
      if (used > nd.positions) {
        findings.push({
          id: `electrical:positions:${nd.id}`,
          engine: 'electrical',
          code: 'positions',
          severity: 'critical',
          message: `${label(nd)} has ${used} circuits connected but only ${nd.positions} ${nd.kind === 'busway' ? 'tap-off slots' : 'breaker positions'}.`,
          subjects: [nd.id],
          measured: { value: used, unit: '' },
          limit: { value: nd.positions, unit: '' },
          owner: 'electrical',
        });
      }
    }
    const redundantModules = nd.kind === 'ups' ? Math.floor(nd.ups?.redundantModules ?? 0) : 0;
    if (redundantModules > 0 && upsModuleKw[u] > 0) {
      const nCapKw = (upsModules[u] - redundantModules) * upsModuleKw[u];
      if (pOut > nCapKw + EPS) {
        findings.push({
          id: `electrical:ups-redundancy:${nd.id}`,
          engine: 'electrical',
          code: 'ups-redundancy',
          severity: 'warning',
          message: `${label(nd)} carries ${fmt(pOut)} kW, more than its N capacity of ${fmt(nCapKw)} kW (${upsModules[u]} modules less ${redundantModules} redundant): the declared N+${redundantModules} redundancy is not met.`,
          subjects: [nd.id],
          measured: { value: pOut, unit: 'kW' },
          limit: { value: nCapKw, unit: 'kW' },
          owner: 'electrical',
        });
      }
    }
    if (UNBALANCE_KINDS.has(nd.kind) && unb > unbalanceWarnPct && pOut > EPS) {
      findings.push({
        id: `electrical:unbalance:${nd.id}`,
        engine: 'electrical',
        code: 'unbalance',
        severity: e.util >= 0.5 ? 'warning' : 'info',
        message: `${label(nd)} phase currents ${currents.map((x) => fmt(x)).join(' / ')} A: unbalance ${fmt(unb)} % (NEMA, max deviation from mean) exceeds ${fmt(unbalanceWarnPct, 0)} %; move single-phase loads between phases.`,
        subjects: [nd.id],
        measured: { value: unb, unit: '%' },
        limit: { value: unbalanceWarnPct, unit: '%' },
        owner: 'electrical',
      });
    }
    if (feederDrop[u] > feederDropLimit) {
      findings.push({
        id: `electrical:voltage-drop:${nd.id}`,
        engine: 'electrical',
        code: 'voltage-drop',
        severity: 'warning',
        message: `Feeder to ${label(nd)} drops ${fmt(feederDrop[u], 2)} % at ${fmt(iInMax)} A (limit ${fmt(feederDropLimit, 0)} %); use a larger conductor or parallel sets.`,
        subjects: [nd.id],
        measured: { value: feederDrop[u], unit: '%' },
        limit: { value: feederDropLimit, unit: '%' },
        owner: 'electrical',
      });
    }
    if (totalDrop[u] > totalDropLimit) {
      findings.push({
        id: `electrical:voltage-drop-total:${nd.id}`,
        engine: 'electrical',
        code: 'voltage-drop-total',
        severity: 'warning',
        message: `Cumulative voltage drop to ${label(nd)} from its transformer / UPS is ${fmt(totalDrop[u], 2)} % (limit ${fmt(totalDropLimit, 0)} %).`,
        subjects: [nd.id],
        measured: { value: totalDrop[u], unit: '%' },
        limit: { value: totalDropLimit, unit: '%' },
        owner: 'electrical',
      });
    }
  }

  // ---- loads and cords
  const loadStates: LoadState[] = new Array(L);
  let itKw = 0;
  let mechanicalKw = 0;
  let otherKw = 0;
  let unpoweredKw = 0;
  const cordCurrentA = (c: number, share: number): number => {
    // the largest line current the cord draws with `share` of its load
    const nd = cordNode[c];
    let sMax = 0;
    for (let ph = 0; ph < 3; ph++) sMax = Math.max(sMax, hyp(cordS[6 * c + 2 * ph], cordS[6 * c + 2 * ph + 1]));
    return (sMax * share * 1000) / vlnOut[nd];
  };
  let maxCords = 0;
  for (let j = 0; j < L; j++) maxCords = Math.max(maxCords, loadCordStart[j + 1] - loadCordStart[j]);
  const liveIdx = new Int32Array(maxCords);
  const liveNode = new Int32Array(maxCords);
  const liveLabel = new Int32Array(maxCords);
  const labelIds = new Map<string, number>();
  const cur1 = new Float64Array(maxCords);
  const lim1 = new Float64Array(maxCords);
  for (let j = 0; j < L; j++) {
    const ld = g.loads[j];
    const k = liveCords[j];
    const cat = g.loadCategory[j];
    const nCords = loadCordStart[j + 1] - loadCordStart[j];
    loadStates[j] = { id: ld.id, category: CAT_NAME[cat], kw: g.loadKw[j], liveCords: k, powered: k > 0 };
    const nm = ld.name ?? ld.id;
    if (k > 0) {
      if (cat === 0) itKw += g.loadKw[j];
      else if (cat === 1) mechanicalKw += g.loadKw[j];
      else otherKw += g.loadKw[j];
    } else {
      unpoweredKw += g.loadKw[j];
      findings.push({
        id: `electrical:unpowered-load:${ld.id}`,
        engine: 'electrical',
        code: 'unpowered-load',
        severity: 'critical',
        message: nCords === 0 ? `${nm} (${fmt(g.loadKw[j])} kW) has no power cord connected.` : `${nm} (${fmt(g.loadKw[j])} kW): none of its ${nCords} cord(s) has a live supply.`,
        subjects: [ld.id],
        measured: { value: g.loadKw[j], unit: 'kW' },
        owner: 'electrical',
      });
      continue;
    }
    if (k < nCords) {
      findings.push({
        id: `electrical:cord-unpowered:${ld.id}`,
        engine: 'electrical',
        code: 'cord-unpowered',
        severity: 'warning',
        message: `${nm}: ${nCords - k} of its ${nCords} cords plug into elements without a live supply; the rest carry it all.`,
        subjects: [ld.id],
        owner: 'electrical',
      });
    }
    if (ld.requiredCords !== undefined && nCords < ld.requiredCords) {
      findings.push({
        id: `electrical:cords-missing:${ld.id}`,
        engine: 'electrical',
        code: 'cords-missing',
        severity: redundantDesign && cat === 0 ? 'critical' : 'warning',
        message: `${nm} has ${ld.requiredCords} power cords but only ${nCords} connected${k < nCords ? ` (${k} live)` : ''}: its remaining supplies ${nCords === 1 ? 'carry everything and it has no redundancy' : 'carry the load'}.`,
        subjects: [ld.id],
        measured: { value: nCords, unit: '' },
        limit: { value: ld.requiredCords, unit: '' },
        owner: 'electrical',
      });
    }
    if (nCords >= 2) {
      // every cord into one element: no element failure can be survived (tap-offs and breakers are not enumerated as failures)
      const first = cordNode[loadCordStart[j]];
      let same = first >= 0;
      for (let c = loadCordStart[j] + 1; c < loadCordStart[j + 1] && same; c++) same = cordNode[c] === first;
      if (same) {
        findings.push({
          id: `electrical:cords-same-element:${ld.id}`,
          engine: 'electrical',
          code: 'cords-same-element',
          // in an N / N+1 design one supply per load is the design, not a defect
          severity: redundantDesign ? 'critical' : 'info',
          message: `${nm}: all ${nCords} cords plug into ${g.ids[first]} — the cords give no redundancy.`,
          subjects: [ld.id, g.ids[first]],
          owner: 'electrical',
        });
      }
    }
    if (cat === 0 && dualCordDesign && nCords < 2) {
      findings.push({
        id: `electrical:single-corded:${ld.id}`,
        engine: 'electrical',
        code: 'single-corded',
        severity: 'warning',
        message: `${nm} has a single cord in a ${design} design: it loses power whenever its one path fails (add a B cord or a rack transfer switch).`,
        subjects: [ld.id],
        owner: 'electrical',
      });
    }
    // cord breakers: normal share, and after the worst loss the load must ride through: one cord, every
    // cord in one element (all of a side's cords on one busway), or every cord with one label (side A)
    let worstNormal = 0;
    let worstFail = 0;
    let worstNormalI = 0;
    let worstFailI = 0;
    let worstLimit = 0;
    let worstFailLimit = 0;
    let worstFailKind = 0;
    let worstFailA = 0;
    let worstFailM = 1;
    // live cords of this load: ratio of current to limit with the whole load on the cord (ratio1), or NaN
    let nl = 0;
    for (let c = loadCordStart[j]; c < loadCordStart[j + 1]; c++) {
      const cord = ld.cords[c - loadCordStart[j]];
      const nd = cordNode[c];
      if (nd < 0 || !aliveBase[nd]) continue;
      liveIdx[nl] = c;
      liveNode[nl] = nd;
      const lb = cord.label;
      if (lb === undefined || lb === '') liveLabel[nl] = -1;
      else {
        let id = labelIds.get(lb);
        if (id === undefined) labelIds.set(lb, (id = labelIds.size));
        liveLabel[nl] = id;
      }
      if (cord.breakerA && cord.breakerA > 0) {
        const lim = cord.breakerA * (cord.rated100Pct ? 1 : contF);
        const i1 = cordCurrentA(c, 1);
        cur1[nl] = i1;
        lim1[nl] = lim;
        if (i1 / k / lim > worstNormal) {
          worstNormal = i1 / k / lim;
          worstNormalI = i1 / k;
          worstLimit = lim;
        }
      } else {
        cur1[nl] = NaN;
        lim1[nl] = NaN;
      }
      nl++;
    }
    if (k >= 2) {
      // candidate losses, each named by its first live cord a and a kind: 0 the cord alone, 1 every cord
      // in its element, 2 every cord with its label. A group that takes every live cord is a lost load
      // (the failure scenarios report it), not a breaker question.
      for (let a = 0; a < nl; a++) {
        for (let kind = 0; kind < 3; kind++) {
          const key = kind === 1 ? liveNode[a] : kind === 2 ? liveLabel[a] : -1;
          if (kind === 2 && key < 0) continue;
          const keys = kind === 1 ? liveNode : liveLabel;
          let m = 1;
          let first = true;
          if (kind !== 0) {
            m = 0;
            for (let b = 0; b < nl; b++) {
              if (keys[b] !== key) continue;
              if (b < a) first = false;
              m++;
            }
            if (!first || m < 2) continue;
          }
          if (m >= k) continue;
          const share = 1 / (k - m);
          for (let b = 0; b < nl; b++) {
            if (b === a || (kind !== 0 && keys[b] === key) || Number.isNaN(lim1[b])) continue;
            const ratio = (cur1[b] * share) / lim1[b];
            if (ratio > worstFail + EPS) {
              worstFail = ratio;
              worstFailI = cur1[b] * share;
              worstFailLimit = lim1[b];
              worstFailKind = kind;
              worstFailA = a;
              worstFailM = m;
            }
          }
        }
      }
    }
    const worstFailWhat =
      worstFailKind === 0
        ? `one of its ${k} cords loses power`
        : worstFailKind === 1
          ? `${g.ids[liveNode[worstFailA]]} loses power (${worstFailM} of its ${k} cords)`
          : `its ${ld.cords[liveIdx[worstFailA] - loadCordStart[j]].label} cords lose power (${worstFailM} of ${k})`;
    if (worstNormal >= warnFraction) {
      const crit = worstNormal > 1;
      findings.push({
        id: `electrical:cord-overload:${ld.id}`,
        engine: 'electrical',
        code: 'cord-overload',
        severity: crit ? 'critical' : 'warning',
        message: `${nm}: a cord draws ${fmt(worstNormalI)} A against its breaker's ${fmt(worstLimit)} A continuous limit (${fmt(worstNormal * 100)} %).`,
        subjects: [ld.id],
        measured: { value: worstNormalI, unit: 'A' },
        limit: { value: worstLimit, unit: 'A' },
        owner: 'electrical',
      });
    } else if (worstFail >= warnFraction) {
      const crit = worstFail > 1;
      findings.push({
        id: `electrical:cord-failover-overload:${ld.id}`,
        engine: 'electrical',
        code: 'cord-failover-overload',
        severity: crit ? 'critical' : 'warning',
        message: `${nm}: when ${worstFailWhat} the other cords draw ${fmt(worstFailI)} A each against a ${fmt(worstFailLimit)} A continuous limit (${fmt(worstFail * 100)} %)${crit ? ' — the surviving breakers trip and the load goes down' : ''}.`,
        subjects: [ld.id],
        measured: { value: worstFailI, unit: 'A' },
        limit: { value: worstFailLimit, unit: 'A' },
        owner: 'electrical',
      });
    }
  }

  // ---- totals
  let lossTotal = 0;
  let siteKw = 0;
  for (let u = 0; u < n; u++) {
    if (!aliveBase[u]) continue;
    lossTotal += lossKw[u];
    if (g.isSource[u]) siteKw += sendS[6 * u] + sendS[6 * u + 2] + sendS[6 * u + 4];
  }
  const interconnectKw = input.site?.interconnectMw !== undefined ? input.site.interconnectMw * 1000 : null;
  const headroomFraction = input.site?.headroomFraction ?? 0.1;
  const headroomPct = interconnectKw && interconnectKw > 0 ? (100 * (interconnectKw - siteKw)) / interconnectKw : null;
  const pue = itKw > 0 ? siteKw / itKw : null;
  if (interconnectKw !== null) {
    const over = siteKw > interconnectKw;
    const tight = siteKw > interconnectKw * (1 - headroomFraction);
    if (over || tight) {
      findings.push({
        id: 'electrical:interconnect:site',
        engine: 'electrical',
        code: 'interconnect',
        severity: over ? 'critical' : 'warning',
        message: over
          ? `Site demand ${fmt(siteKw / 1000, 2)} MW (IT ${fmt(itKw / 1000, 2)} + mechanical ${fmt(mechanicalKw / 1000, 2)} + other ${fmt(otherKw / 1000, 2)} + losses ${fmt(lossTotal / 1000, 2)}) exceeds the ${fmt(interconnectKw / 1000, 2)} MW interconnect.`
          : `Site demand ${fmt(siteKw / 1000, 2)} MW leaves ${fmt(headroomPct!, 1)} % headroom on the ${fmt(interconnectKw / 1000, 2)} MW interconnect (wanted ≥ ${fmt(headroomFraction * 100, 0)} %).`,
        subjects: [],
        measured: { value: siteKw, unit: 'kW' },
        limit: { value: over ? interconnectKw : interconnectKw * (1 - headroomFraction), unit: 'kW' },
        owner: 'electrical',
      });
    }
  }
  const tFlow1 = performance.now();

  // ---- single-failure analysis
  const scenarios: FailureScenario[] = [];
  if (options.singleFailure ?? true) {
    const deadStamp = new Int32Array(n).fill(-1);
    const pushStamp = new Int32Array(n).fill(-1);
    const downStamp = new Int32Array(n).fill(-1);
    const loadStamp = new Int32Array(L).fill(-1);
    const dOut = new Float64Array(6 * n);
    const newOut = new Float64Array(6);
    const newIn = new Float64Array(6);
    const newSend = new Float64Array(6);
    const deltaBuf = new Float64Array(6);
    // height above the leaves (parents higher than children) and depth below the sources (children deeper)
    const height = new Int32Array(n);
    const depth = new Int32Array(n);
    for (let pos = 0; pos < n; pos++) {
      const u = order[pos];
      let h = 0;
      for (let e = childStart[u]; e < childStart[u + 1]; e++) h = Math.max(h, height[childList[e]] + 1);
      height[u] = h;
    }
    for (let pos = n - 1; pos >= 0; pos--) {
      const u = order[pos];
      let d = 0;
      for (let e = parentStart[u]; e < parentStart[u + 1]; e++) d = Math.max(d, depth[parentList[e]] + 1);
      depth[u] = d;
    }
    const down = new LevelQueue(depth); // top-down
    const up = new LevelQueue(height); // bottom-up
    const touchedList: number[] = [];
    const deadList: number[] = [];
    let sid = 0;

    const hasDelta = (u: number): boolean => {
      for (let q = 0; q < 6; q++) if (Math.abs(dOut[6 * u + q]) > 1e-12) return true;
      return false;
    };
    const aliveS = (p: number): boolean => aliveBase[p] === 1 && deadStamp[p] !== sid;
    const pushUp = (p: number): void => {
      if (pushStamp[p] !== sid) {
        pushStamp[p] = sid;
        up.push(p);
        touchedList.push(p);
      }
    };

    const runElements = (failed: number[], key: string, kind: 'element' | 'side', lbl: string): void => {
      sid++;
      touchedList.length = 0;
      deadList.length = 0;
      // 1. dead set, top-down
      for (const f of failed) {
        if (!aliveBase[f] || deadStamp[f] === sid) continue;
        deadStamp[f] = sid;
        deadList.push(f);
      }
      for (const d of deadList)
        for (let e = childStart[d]; e < childStart[d + 1]; e++) {
          const c = childList[e];
          if (aliveBase[c] && deadStamp[c] !== sid && downStamp[c] !== sid) {
            downStamp[c] = sid;
            down.push(c);
          }
        }
      while (down.size > 0) {
        const c = down.pop();
        let live = false;
        for (let e = parentStart[c]; e < parentStart[c + 1]; e++) {
          if (aliveS(parentList[e])) {
            live = true;
            break;
          }
        }
        if (live) continue;
        deadStamp[c] = sid;
        deadList.push(c);
        for (let e = childStart[c]; e < childStart[c + 1]; e++) {
          const cc = childList[e];
          if (aliveBase[cc] && deadStamp[cc] !== sid && downStamp[cc] !== sid) {
            downStamp[cc] = sid;
            down.push(cc);
          }
        }
      }
      // 2. seeds: removed contributions of dead nodes, split changes of their live children, cords
      const lost: number[] = [];
      let lostKw = 0;
      let lostMulti = 0;
      for (const d of deadList) {
        for (let e = parentStart[d]; e < parentStart[d + 1]; e++) {
          const p = parentList[e];
          if (!aliveS(p)) continue;
          const f = frac(d, p, baseK[d], baseActive[d]);
          if (f !== 0) {
            for (let q = 0; q < 6; q++) dOut[6 * p + q] -= f * sendS[6 * d + q];
            pushUp(p);
          }
        }
        for (let e = childStart[d]; e < childStart[d + 1]; e++) {
          const c = childList[e];
          if (aliveS(c)) pushUp(c);
        }
        for (let e = g.nodeCordStart[d]; e < g.nodeCordStart[d + 1]; e++) {
          const j = g.cordLoad[g.nodeCordList[e]];
          if (loadStamp[j] === sid) continue;
          loadStamp[j] = sid;
          const k0 = liveCords[j];
          if (k0 === 0) continue;
          let k1 = 0;
          for (let c = loadCordStart[j]; c < loadCordStart[j + 1]; c++) if (cordNode[c] >= 0 && aliveS(cordNode[c])) k1++;
          if (k1 === 0) {
            lost.push(j);
            lostKw += g.loadKw[j];
            if (loadCordStart[j + 1] - loadCordStart[j] >= 2) lostMulti++;
            continue;
          }
          const df = 1 / k1 - 1 / k0;
          for (let c = loadCordStart[j]; c < loadCordStart[j + 1]; c++) {
            const nd = cordNode[c];
            if (nd < 0 || !aliveS(nd)) continue;
            for (let q = 0; q < 6; q++) dOut[6 * nd + q] += df * cordS[6 * c + q];
            pushUp(nd);
          }
        }
      }
      // 3. propagate bottom-up
      const overloads: Overload[] = [];
      const changed: FailureScenario['changed'] = options.recordScenarioNodes ? [] : undefined;
      while (up.size > 0) {
        const u = up.pop();
        if (!aliveS(u)) continue;
        for (let q = 0; q < 6; q++) newOut[q] = outS[6 * u + q] + dOut[6 * u + q];
        computeInput(u, newOut, 0, newIn, 0, newSend, 0);
        const e = evaluate(u, newOut, 0, newIn, 0);
        checkOverload(u, e, overloads);
        if (feederR[u] > 0) {
          const vd = feederDropOf(u, newIn, 0);
          if (vd > feederDropLimit && !(feederDrop[u] > feederDropLimit))
            overloads.push({ elementId: g.ids[u], basis: 'voltage-drop', utilisation: vd / feederDropLimit, baseUtilisation: feederDrop[u] / feederDropLimit, measured: vd, limit: feederDropLimit, unit: '%' });
        }
        if (changed && hasDelta(u))
          changed.push({ elementId: g.ids[u], outputKw: newOut[0] + newOut[2] + newOut[4], outputKvar: newOut[1] + newOut[3] + newOut[5], utilisation: e.util });
        if (g.isSource[u]) continue;
        const e0 = parentStart[u];
        if (parentStart[u + 1] - e0 === 1) {
          // single source (the common case): it is alive (u is), and takes all of u's input before and after
          const p = parentList[e0];
          let any = false;
          for (let q = 0; q < 6; q++) {
            const dv = newSend[q] - sendS[6 * u + q];
            deltaBuf[q] = dv;
            if (Math.abs(dv) > 1e-12) any = true;
          }
          if (any) {
            for (let q = 0; q < 6; q++) dOut[6 * p + q] += deltaBuf[q];
            pushUp(p);
          }
          continue;
        }
        let ks = 0;
        let act = -1;
        for (let e2 = parentStart[u]; e2 < parentStart[u + 1]; e2++) {
          const p = parentList[e2];
          if (aliveS(p)) {
            if (ks === 0) act = p;
            ks++;
          }
        }
        for (let e2 = parentStart[u]; e2 < parentStart[u + 1]; e2++) {
          const p = parentList[e2];
          if (!aliveS(p)) continue;
          const fb = aliveBase[p] ? frac(u, p, baseK[u], baseActive[u]) : 0;
          const fs = frac(u, p, ks, act);
          let any = false;
          for (let q = 0; q < 6; q++) {
            const dv = fs * newSend[q] - fb * sendS[6 * u + q];
            deltaBuf[q] = dv;
            if (Math.abs(dv) > 1e-12) any = true;
          }
          if (!any) continue;
          for (let q = 0; q < 6; q++) dOut[6 * p + q] += deltaBuf[q];
          pushUp(p);
        }
      }
      for (const u of touchedList) for (let q = 0; q < 6; q++) dOut[6 * u + q] = 0;
      scenarios.push({
        key,
        kind,
        label: lbl,
        failed: failed.map((f) => g.ids[f]),
        overloads,
        lostLoadIds: lost.map((j) => g.loadIds[j]),
        lostKw,
        lostMultiCorded: lostMulti,
        touched: touchedList.length + deadList.length,
        changed,
      });
    };

    function checkOverload(u: number, e: Eval, overloads: Overload[]): void {
      if (e.basis === 'none') return;
      const b = baseUtil[u];
      if ((e.util > 1 && e.util > b + EPS) || (e.util >= warnFraction && b < warnFraction)) {
        overloads.push({ elementId: g.ids[u], basis: e.basis, utilisation: e.util, baseUtilisation: b, measured: e.measured, limit: e.limit, unit: e.unit });
      }
    }

    for (let u = 0; u < n; u++) {
      if (!g.failable[u] || !aliveBase[u]) continue;
      runElements([u], g.ids[u], 'element', `${label(nodes[u])} fails`);
    }
    // UPS modules: one scenario per UPS with more than one module (modules are identical)
    for (let u = 0; u < n; u++) {
      if (g.kind[u] !== 'ups' || !aliveBase[u] || upsModules[u] < 2) continue;
      const overloads: Overload[] = [];
      for (let q = 0; q < 6; q++) newOut[q] = outS[6 * u + q];
      computeInput(u, newOut, 0, newIn, 0, newSend, 0, upsModules[u] - 1);
      const e = evaluate(u, newOut, 0, newIn, 0, upsModules[u] - 1);
      checkOverload(u, e, overloads);
      scenarios.push({ key: `module@${g.ids[u]}`, kind: 'module', label: `one power module of ${label(nodes[u])} fails`, failed: [g.ids[u]], overloads, lostLoadIds: [], lostKw: 0, lostMultiCorded: 0, touched: 1 });
    }
    // sides
    const sides = new Map<string, number[]>();
    for (let u = 0; u < n; u++) {
      const s = nodes[u].side;
      if (s === undefined || s === '' || !aliveBase[u]) continue;
      let arr = sides.get(s);
      if (!arr) sides.set(s, (arr = []));
      arr.push(u);
    }
    if (sides.size >= 2) for (const [s, members] of sides) runElements(members, `side@${s}`, 'side', `side ${s} fails (all ${members.length} elements)`);

    // findings from scenarios (a voltage drop over its limit is a recommendation breached: warning)
    const isCritical = (o: Overload): boolean => o.utilisation > 1 && o.basis !== 'voltage-drop';
    for (const sc of scenarios) {
      const subjFail = sc.kind === 'side' ? [] : sc.failed;
      // individual findings: overloads and non-branch warnings, worst first, up to the cap; branch-level
      // warnings (tap-offs, breakers approaching their limit) and the rest go into one summary finding
      const isBranchWarning = (o: Overload) => !isCritical(o) && BRANCH_KINDS.has(g.kind[g.index.get(o.elementId)!]);
      const byUtil = (a: Overload, b: Overload) => b.utilisation - a.utilisation;
      const sorted = sc.overloads.filter((o) => !isBranchWarning(o)).sort(byUtil);
      const rest = [...sorted.slice(maxPerScenario), ...sc.overloads.filter(isBranchWarning)].sort(byUtil);
      for (let i = 0; i < Math.min(sorted.length, maxPerScenario); i++) {
        const o = sorted[i];
        const crit = isCritical(o);
        const ei = g.index.get(o.elementId)!;
        const el = nodes[ei];
        if (o.basis === 'voltage-drop') {
          findings.push({
            id: `electrical:failure-voltage-drop:${sc.key}:${o.elementId}`,
            engine: 'electrical',
            code: 'failure-voltage-drop',
            severity: 'warning',
            message: `If ${sc.label}, the feeder to ${label(el)} drops ${fmt(o.measured, 2)} % (limit ${fmt(o.limit, 0)} %, normally ${fmt(o.baseUtilisation * o.limit, 2)} %).`,
            subjects: [o.elementId, ...subjFail],
            measured: { value: o.measured, unit: '%' },
            limit: { value: o.limit, unit: '%' },
            owner: 'electrical',
          });
          continue;
        }
        const what = describe(ei, o.basis, sc.kind === 'module' ? upsModules[ei] - 1 : -1);
        findings.push({
          id: `electrical:failure-overload:${sc.key}:${o.elementId}`,
          engine: 'electrical',
          code: 'failure-overload',
          severity: crit ? 'critical' : 'warning',
          message: `If ${sc.label}, ${label(el)} carries ${fmt(o.measured)} ${o.unit} against ${fmt(o.limit)} ${o.unit} (${what}): ${fmt(o.utilisation * 100)} % (normally ${fmt(o.baseUtilisation * 100)} %)${crit ? ' — overloaded' : ' — close to its limit'}.`,
          subjects: [o.elementId, ...subjFail],
          measured: { value: o.measured, unit: o.unit },
          limit: { value: o.limit, unit: o.unit },
          owner: 'electrical',
        });
      }
      if (rest.length > 0) {
        findings.push({
          id: `electrical:failure-overload-more:${sc.key}`,
          engine: 'electrical',
          code: 'failure-overload-more',
          severity: rest.some(isCritical) ? 'critical' : 'warning',
          message: `If ${sc.label}, ${rest.length} ${sorted.length > 0 ? 'more ' : ''}element(s) exceed or approach their limits (worst ${rest[0].elementId} at ${fmt(rest[0].utilisation * 100)} %).`,
          subjects: [...subjFail, ...rest.slice(0, 50).map((o) => o.elementId)],
          owner: 'electrical',
        });
      }
      if (sc.lostLoadIds.length > 0) {
        const multi = sc.lostMultiCorded;
        const sev: Severity = multi > 0 && redundantDesign ? 'critical' : redundantDesign || multi > 0 ? 'warning' : 'info';
        findings.push({
          id: `electrical:failure-lost-load:${sc.key}`,
          engine: 'electrical',
          code: 'failure-lost-load',
          severity: sev,
          message: `If ${sc.label}, ${sc.lostLoadIds.length} load(s) lose power (${fmt(sc.lostKw)} kW)${multi > 0 ? `; ${multi} of them have several cords that all trace to the failed element — redundancy is lost` : ''}.`,
          subjects: [...subjFail, ...sc.lostLoadIds.slice(0, 50)],
          measured: { value: sc.lostKw, unit: 'kW' },
          owner: 'electrical',
        });
      }
    }
  }
  const tFail1 = performance.now();

  const figures: Figure[] = [
    { name: 'itKw', label: 'IT load', value: itKw, unit: 'kW' },
    { name: 'mechanicalKw', label: 'Mechanical load', value: mechanicalKw, unit: 'kW' },
    { name: 'otherKw', label: 'Other load', value: otherKw, unit: 'kW' },
    { name: 'lossKw', label: 'Distribution losses', value: lossTotal, unit: 'kW' },
    { name: 'siteKw', label: 'Site demand', value: siteKw, unit: 'kW' },
  ];
  if (interconnectKw !== null) figures.push({ name: 'headroomPct', label: 'Interconnect headroom', value: headroomPct ?? 0, unit: '%' });
  if (pue !== null) figures.push({ name: 'pue', label: 'Estimated PUE (electrical)', value: pue, unit: '' });
  figures.push({ name: 'scenarios', label: 'Single failures simulated', value: scenarios.length, unit: '' });
  figures.push({ name: 'worstLostKw', label: 'Largest load lost to a single failure', value: scenarios.reduce((m, s) => Math.max(m, s.lostKw), 0), unit: 'kW' });
  figures.push({
    name: 'scenariosFailing',
    label: 'Single failures with overload or lost load',
    value: scenarios.filter((s) => s.overloads.some((o) => o.utilisation > 1 && o.basis !== 'voltage-drop') || s.lostLoadIds.length > 0).length,
    unit: '',
  });

  return {
    engine: 'electrical',
    figures,
    findings,
    elapsedMs: performance.now() - tStart,
    nodes: nodeStates,
    loads: loadStates,
    scenarios,
    totals: { itKw, mechanicalKw, otherKw, lossKw: lossTotal, siteKw, interconnectKw, headroomPct, pue, unpoweredKw },
    timings: { buildMs, flowMs: tFlow1 - tFlow0, failureMs: tFail1 - tFlow1 },
  };
}

function emptyResult(findings: Finding[], buildMs: number, tStart: number): PowerResult {
  return {
    engine: 'electrical',
    figures: [],
    findings,
    elapsedMs: performance.now() - tStart,
    nodes: [],
    loads: [],
    scenarios: [],
    totals: { itKw: 0, mechanicalKw: 0, otherKw: 0, lossKw: 0, siteKw: 0, interconnectKw: null, headroomPct: null, pue: null, unpoweredKw: 0 },
    timings: { buildMs, flowMs: 0, failureMs: 0 },
  };
}
