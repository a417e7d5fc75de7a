/**
 * Pipe-network solver: the global gradient algorithm (GGA) of Todini & Pilati (1988), as in EPANET 2.
 *
 * Unknowns: the flow Q of every link (m³/s, positive from `from` to `to`) and the pressure P of every
 * free node (Pa). Pressures here are *piezometric* (p + ρ·g·z): elevation is added and removed by the
 * caller (see loop.ts), so a link's relation is P_from − P_to = Δp_link(Q).
 *
 * Each Newton step linearises every link about its current flow Q⁰:
 *   Δp(Q) ≈ Δp(Q⁰) + g·(Q − Q⁰),  g = dΔp/dQ,  p = 1/g,  y = p·Δp(Q⁰)
 *   Q = Q⁰ − y + p·(P_from − P_to)
 * and substitutes it into continuity at every free node (Σ inflow − Σ outflow = demand), which gives
 *   A·P = F,  A_ii = Σ p,  A_ij = −p (links between free nodes),
 *   F_i = −demand_i + Σ_in (Q⁰ − y) − Σ_out (Q⁰ − y) + Σ p·P_fixed(neighbour).
 * A is the weighted Laplacian of the free nodes plus conductances to fixed nodes: symmetric positive
 * definite when each connected part of the network touches a fixed-pressure node. It is solved exactly with
 * a sparse LDLᵀ factorisation under a minimum-degree ordering (sparse.ts); the pattern is analysed once
 * per solve, the numbers refactored each iteration. New flows then follow link by link from the formula
 * above, so continuity holds at every node to round-off at every iteration, converged or not.
 *
 * Convergence: Σ|Q − Q⁰| / Σ|Q| < `flowTolRel` (default 1e-10) with no link status change in the step,
 * or — when round-off stops it short of that — a change below 1e-6 that no longer halves per step
 * (Newton converges quadratically, so a stall there is the floating-point floor, not slow convergence).
 *
 * Links:
 * - pipe: Darcy–Weisbach with Swamee–Jain or Colebrook friction plus minor losses ΣK (friction.ts).
 * - pump: pressure rise ΔP = shutoff − r·Q·|Q| (from → to). A check valve closes it when the flow would
 *   reverse; it reopens when the network would let it push forward (P_to − P_from < shutoff).
 *   With `control` it runs at variable speed (affinity: ΔP = s²·shutoff − r·Q|Q|) holding either a flow
 *   (status 'active', like an FCV) or its pressure rise (status 'active': ΔP = set − 1e-6·r·Q|Q|, the
 *   tiny slope keeping the Newton step defined, as EPANET does for constant-head pumps); when the set
 *   point needs more than full speed it runs on its full-speed curve ('open'). `pumpSpeed` reports s.
 * - resistance: Δp = k·Q·|Q| + c·Q, e.g. a cold plate given Δp at rated flow (k = Δp_rated/Q_rated²).
 * - fcv (flow-control / pressure-independent valve) in series with its own fully-open resistance
 *   Δp = kOpen·Q·|Q|: while the pressure available exceeds kOpen·Q_set² it holds Q_set ("active",
 *   throttling the excess, which is reported as `throttlePa`); otherwise it is wide open.
 * Statuses that hold a flow (active FCV) or block it (closed pump) are given a very small conductance
 * (1e-12 of the element's own conductance at its setting / free delivery) instead of being removed, as
 * EPANET does, so the matrix pattern never changes; the flow error this leaves is 1e-12 × (pressure across
 * the element / its own pressure drop at that flow), ≲ 1e-9 relative in practice. Links with `closed: true` (a failed unit) are
 * removed; nodes left without a path to a fixed-pressure node are reported as isolated, not solved.
 */
import { PD, pipeDp, pipeDpInto, type FrictionMethod } from './friction';
import { entryPosition, factorLdl, solveLdl, symbolicLdl } from './sparse';

export interface NetNode {
  id: string;
  /** flow leaving the network here, m³/s (negative = injected) */
  demandM3s?: number;
  /** fixed piezometric pressure, Pa (a reservoir, or the expansion tank of a closed loop) */
  fixedPa?: number;
}

interface LinkBase {
  id: string;
  from: string;
  to: string;
  /** a failed or isolated element: carries no flow and is left out of the solve */
  closed?: boolean;
  /** first guess of the flow, m³/s */
  initialFlowM3s?: number;
}

export interface PipeLink extends LinkBase {
  kind: 'pipe';
  lengthM: number;
  diameterM: number;
  roughnessM: number;
  /** ΣK of fittings, dimensionless */
  minorK?: number;
  method?: FrictionMethod;
  /** kinematic viscosity of the fluid in this pipe, m²/s (default: the network fluid's) */
  kinematicM2s?: number;
}

/**
 * Speed control of a pump (affinity laws: at speed ratio s the curve is ΔP = s²·shutoff − r·Q|Q|):
 * hold a flow, or hold the pressure rise across the pump; in either case never above full speed.
 */
export type PumpControl = { mode: 'flow'; setFlowM3s: number } | { mode: 'dp'; setPa: number };

export interface PumpLink extends LinkBase {
  kind: 'pump';
  /** pressure rise at zero flow and full speed, Pa */
  shutoffPa: number;
  /** curve coefficient r in ΔP = shutoff − r·Q|Q|, Pa/(m³/s)² */
  curveR: number;
  /** variable-speed control; absent = fixed full speed */
  control?: PumpControl;
}

export interface ResistanceLink extends LinkBase {
  kind: 'resistance';
  /** quadratic coefficient, Pa/(m³/s)² */
  kQuad: number;
  /** linear coefficient, Pa/(m³/s) (optional laminar part) */
  kLin?: number;
}

export interface FcvLink extends LinkBase {
  kind: 'fcv';
  /** flow setting, m³/s */
  setFlowM3s: number;
  /** fully-open quadratic resistance of the valve and whatever it is in series with, Pa/(m³/s)² */
  kOpen: number;
}

export type NetLink = PipeLink | PumpLink | ResistanceLink | FcvLink;

export interface NetworkInput {
  nodes: NetNode[];
  links: NetLink[];
  /** one fluid for the whole network, at its mean temperature */
  fluid: { densityKgM3: number; kinematicM2s: number };
  maxIterations?: number;
  flowTolRel?: number;
}

export type LinkStatus = 'open' | 'closed' | 'active' | 'isolated';

export interface NetworkResult {
  converged: boolean;
  iterations: number;
  /** final Σ|ΔQ|/Σ|Q| */
  flowChangeRel: number;
  /** largest |P_from − P_to − Δp_link(Q)| over open pipes/resistances/pumps, Pa */
  maxEnergyResidualPa: number;
  nodeIds: string[];
  linkIds: string[];
  /** piezometric pressure per node, Pa (NaN if isolated) */
  pressurePa: Float64Array;
  /** flow per link, m³/s */
  flowM3s: Float64Array;
  /** P_from − P_to per link, Pa (a pump's is negative when it adds pressure) */
  dpPa: Float64Array;
  /** mean velocity (pipes), m/s; NaN for other links */
  velocityMps: Float64Array;
  /** Reynolds number (pipes); NaN for other links */
  reynolds: Float64Array;
  /** pressure an active FCV throttles away, Pa (0 otherwise) */
  throttlePa: Float64Array;
  /** pump speed ratio s (1 = full speed, 0 = stopped); NaN for other links */
  pumpSpeed: Float64Array;
  status: LinkStatus[];
  isolatedNodes: string[];
  nodeIndex: Map<string, number>;
  linkIndex: Map<string, number>;
}

const SMALL_CONDUCTANCE_REL = 1e-12;
/** below this relative flow change, a step that no longer halves it means round-off has been reached */
const STALL_REL = 1e-6;
/** slope of a pressure-controlled pump relative to its full-speed curve */
const DP_CONTROL_SLOPE = 1e-6;
/** flows below this (m³/s) use a floored gradient for quadratic elements: 1e-7 m³/s = 6 mL/min */
const Q_FLOOR = 1e-7;

/** Solve a pipe network (trees and rings, open or closed circuits) for flows and pressures. See module doc. */
export function solveNetwork(input: NetworkInput): NetworkResult {
  const { nodes, links, fluid } = input;
  const maxIter = input.maxIterations ?? 100;
  const tol = input.flowTolRel ?? 1e-10;
  const nN = nodes.length;
  const nL = links.length;
  const nodeIndex = new Map<string, number>();
  nodes.forEach((n, i) => {
    if (nodeIndex.has(n.id)) throw new Error(`duplicate node id '${n.id}'`);
    nodeIndex.set(n.id, i);
  });
  const linkIndex = new Map<string, number>();
  const fromIdx = new Int32Array(nL);
  const toIdx = new Int32Array(nL);
  links.forEach((l, k) => {
    if (linkIndex.has(l.id)) throw new Error(`duplicate link id '${l.id}'`);
    linkIndex.set(l.id, k);
    const a = nodeIndex.get(l.from);
    const b = nodeIndex.get(l.to);
    if (a === undefined || b === undefined) throw new Error(`link '${l.id}' refers to unknown node '${a === undefined ? l.from : l.to}'`);
    if (a === b) throw new Error(`link '${l.id}' starts and ends at the same node`);
    fromIdx[k] = a;
    toIdx[k] = b;
    validateLink(l);
  });

  // connectivity: union-find over links that are not closed
  const parent = new Int32Array(nN);
  for (let i = 0; i < nN; i++) parent[i] = i;
  const find = (x: number): number => {
    while (parent[x] !== x) {
      parent[x] = parent[parent[x]];
      x = parent[x];
    }
    return x;
  };
  for (let k = 0; k < nL; k++) {
    if (links[k].closed) continue;
    const ra = find(fromIdx[k]);
    const rb = find(toIdx[k]);
    if (ra !== rb) parent[ra] = rb;
  }
  const anchored = new Uint8Array(nN);
  const fixed = new Uint8Array(nN);
  const pressure = new Float64Array(nN);
  for (let i = 0; i < nN; i++) {
    const fp = nodes[i].fixedPa;
    if (fp !== undefined) {
      if (!Number.isFinite(fp)) throw new Error(`node '${nodes[i].id}' fixed pressure must be finite`);
      fixed[i] = 1;
      pressure[i] = fp;
      anchored[find(i)] = 1;
    }
  }
  const isolated = new Uint8Array(nN);
  const isolatedNodes: string[] = [];
  // free-node numbering (original, before ordering)
  const freeOf = new Int32Array(nN).fill(-1);
  let nF = 0;
  for (let i = 0; i < nN; i++) {
    if (!anchored[find(i)]) {
      isolated[i] = 1;
      isolatedNodes.push(nodes[i].id);
      pressure[i] = NaN;
    } else if (!fixed[i]) freeOf[i] = nF++;
  }
  const active = new Uint8Array(nL); // link participates
  for (let k = 0; k < nL; k++) active[k] = links[k].closed || isolated[fromIdx[k]] ? 0 : 1;

  // symbolic analysis on links between two free nodes
  const ea: number[] = [];
  const eb: number[] = [];
  for (let k = 0; k < nL; k++) {
    if (!active[k]) continue;
    const fa = freeOf[fromIdx[k]];
    const fb = freeOf[toIdx[k]];
    if (fa >= 0 && fb >= 0) {
      ea.push(fa);
      eb.push(fb);
    }
  }
  const sym = symbolicLdl(nF, ea, eb);
  // permuted position of each node and matrix position of each link
  const row = new Int32Array(nN).fill(-1);
  for (let i = 0; i < nN; i++) if (freeOf[i] >= 0) row[i] = sym.perm[freeOf[i]];
  const linkPos = new Int32Array(nL).fill(-1);
  for (let k = 0; k < nL; k++) {
    if (!active[k]) continue;
    const ra = row[fromIdx[k]];
    const rb = row[toIdx[k]];
    if (ra >= 0 && rb >= 0) linkPos[k] = entryPosition(sym, ra, rb);
  }

  // initial flows and statuses
  const Q = new Float64Array(nL);
  const status: LinkStatus[] = new Array(nL);
  for (let k = 0; k < nL; k++) {
    const l = links[k];
    status[k] = !active[k] ? (l.closed ? 'closed' : 'isolated') : l.kind === 'fcv' || (l.kind === 'pump' && l.control) ? 'active' : 'open';
    if (!active[k]) continue;
    Q[k] = l.initialFlowM3s ?? defaultInitialFlow(l);
  }
  const demand = new Float64Array(nN);
  for (let i = 0; i < nN; i++) demand[i] = nodes[i].demandM3s ?? 0;

  const rho = fluid.densityKgM3;
  const nu = fluid.kinematicM2s;
  // per-link constants for the allocation-free hot loop
  const kindCode = new Uint8Array(nL); // 0 pipe, 1 pump, 2 resistance, 3 fcv
  const c1 = new Float64Array(nL); // pipe L/D | pump shutoff | kQuad | kOpen
  const c2 = new Float64Array(nL); // pipe D | pump r | kLin
  const c3 = new Float64Array(nL); // pipe area
  const c4 = new Float64Array(nL); // pipe ε/D
  const c5 = new Float64Array(nL); // pipe ΣK
  const cole = new Uint8Array(nL);
  const nuL = new Float64Array(nL); // pipe kinematic viscosity
  for (let k = 0; k < nL; k++) {
    const l = links[k];
    if (l.kind === 'pipe') {
      kindCode[k] = 0;
      c1[k] = l.lengthM / l.diameterM;
      c2[k] = l.diameterM;
      c3[k] = (Math.PI / 4) * l.diameterM * l.diameterM;
      c4[k] = l.roughnessM / l.diameterM;
      c5[k] = l.minorK ?? 0;
      cole[k] = l.method === 'colebrook' ? 1 : 0;
      nuL[k] = l.kinematicM2s ?? nu;
      if (!(nuL[k] > 0)) throw new Error(`link '${l.id}': kinematic viscosity must be > 0`);
    } else if (l.kind === 'pump') {
      kindCode[k] = 1;
      c1[k] = l.shutoffPa;
      c2[k] = l.curveR;
    } else if (l.kind === 'resistance') {
      kindCode[k] = 2;
      c1[k] = l.kQuad;
      c2[k] = l.kLin ?? 0;
    } else {
      kindCode[k] = 3;
      c1[k] = l.kOpen;
    }
  }
  // links with a status of their own (pumps, FCVs): the hot loops visit only these by index
  const specialIdx: number[] = [];
  for (let k = 0; k < nL; k++) if (active[k] && (kindCode[k] === 1 || kindCode[k] === 3)) specialIdx.push(k);
  /** Δp (from → to) and dΔp/dQ of link k at flow q, into PD */
  const evalLink = (k: number, q: number): void => {
    const aq = q < 0 ? -q : q;
    switch (kindCode[k]) {
      case 0:
        pipeDpInto(c1[k], c2[k], c3[k], c4[k], c5[k], rho, nuL[k], cole[k] === 1, q);
        return;
      case 1:
        PD.dp = c2[k] * q * aq - c1[k];
        PD.g = 2 * c2[k] * (aq > Q_FLOOR ? aq : Q_FLOOR);
        return;
      case 2:
        PD.dp = c1[k] * q * aq + c2[k] * q;
        PD.g = 2 * c1[k] * (aq > Q_FLOOR ? aq : Q_FLOOR) + c2[k];
        return;
      default:
        PD.dp = c1[k] * q * aq;
        PD.g = 2 * c1[k] * (aq > Q_FLOOR ? aq : Q_FLOOR);
    }
  };
  const P = new Float64Array(nL); // conductance p = 1/g
  const Y = new Float64Array(nL); // y = p·Δp(Q⁰)
  const ax = new Float64Array(sym.rowIdx.length);
  const diag = new Float64Array(nF);
  const rhs = new Float64Array(nF);
  const lx = new Float64Array(sym.rowIdx.length);
  const dpiv = new Float64Array(nF);
  const work = new Float64Array(nF);
  const statusChanges = new Int32Array(nL);

  let iterations = 0;
  let converged = false;
  let flowChangeRel = Infinity;
  let prevChange = Infinity;

  for (let it = 1; it <= maxIter; it++) {
    iterations = it;
    // 1. link coefficients
    for (let k = 0; k < nL; k++) {
      if (!active[k]) continue;
      const kc = kindCode[k];
      if ((kc === 1 || kc === 3) && status[k] !== 'open') continue; // below
      evalLink(k, Q[k]);
      P[k] = 1 / PD.g;
      Y[k] = P[k] * PD.dp;
    }
    for (let t = 0; t < specialIdx.length; t++) {
      const k = specialIdx[t];
      const l = links[k];
      if (l.kind === 'fcv' && status[k] === 'active') {
        // relative to the valve's own fully-open conductance at its setting
        P[k] = SMALL_CONDUCTANCE_REL / (2 * l.kOpen * Math.max(l.setFlowM3s, Q_FLOOR));
        Y[k] = Q[k] - l.setFlowM3s; // Q⁰ − y = Q_set
      } else if (l.kind === 'pump' && status[k] === 'closed') {
        // relative to the pump's conductance at its free-delivery flow
        P[k] = SMALL_CONDUCTANCE_REL / (2 * Math.sqrt(l.shutoffPa * l.curveR));
        Y[k] = Q[k]; // Q⁰ − y = 0
      } else if (l.kind === 'pump' && status[k] === 'active' && l.control) {
        if (l.control.mode === 'flow') {
          P[k] = SMALL_CONDUCTANCE_REL / (2 * Math.sqrt(l.shutoffPa * l.curveR));
          Y[k] = Q[k] - l.control.setFlowM3s;
        } else {
          const er = DP_CONTROL_SLOPE * l.curveR;
          const aq = Math.abs(Q[k]);
          P[k] = 1 / (2 * er * Math.max(aq, Q_FLOOR));
          Y[k] = P[k] * (er * Q[k] * aq - l.control.setPa);
        }
      }
    }
    // 2. assemble A·P = F
    ax.fill(0);
    diag.fill(0);
    rhs.fill(0);
    for (let i = 0; i < nN; i++) if (row[i] >= 0) rhs[row[i]] -= demand[i];
    for (let k = 0; k < nL; k++) {
      if (!active[k]) continue;
      const a = fromIdx[k];
      const b = toIdx[k];
      const ra = row[a];
      const rb = row[b];
      const p = P[k];
      const c = Q[k] - Y[k];
      if (ra >= 0) {
        diag[ra] += p;
        rhs[ra] -= c;
        if (rb < 0) rhs[ra] += p * pressure[b];
      }
      if (rb >= 0) {
        diag[rb] += p;
        rhs[rb] += c;
        if (ra < 0) rhs[rb] += p * pressure[a];
      }
      if (linkPos[k] >= 0) ax[linkPos[k]] -= p;
    }
    // 3. solve
    if (nF > 0) {
      factorLdl(sym, ax, diag, { lx, d: dpiv }, work);
      solveLdl(sym, { lx, d: dpiv }, rhs);
      for (let i = 0; i < nN; i++) if (row[i] >= 0) pressure[i] = rhs[row[i]];
    }
    // 4. new flows
    let dSum = 0;
    let qSum = 0;
    for (let k = 0; k < nL; k++) {
      if (!active[k]) continue;
      const qn = Q[k] - Y[k] + P[k] * (pressure[fromIdx[k]] - pressure[toIdx[k]]);
      dSum += Math.abs(qn - Q[k]);
      qSum += Math.abs(qn);
      Q[k] = qn;
    }
    flowChangeRel = qSum > 0 ? dSum / qSum : dSum;
    // 5. status checks (limited so a marginal link cannot cycle forever)
    let changed = false;
    for (let t = 0; t < specialIdx.length; t++) {
      const k = specialIdx[t];
      if (statusChanges[k] >= 8) continue;
      const l = links[k];
      const dP = pressure[fromIdx[k]] - pressure[toIdx[k]];
      let next = status[k];
      if (l.kind === 'fcv') {
        if (status[k] === 'active' && dP < l.kOpen * l.setFlowM3s * l.setFlowM3s) next = 'open';
        else if (status[k] === 'open' && Q[k] > l.setFlowM3s) next = 'active';
      } else if (l.kind === 'pump') {
        const c = l.control;
        const fullAt = (q: number) => l.shutoffPa - l.curveR * q * Math.abs(q);
        if (status[k] === 'open') {
          if (Q[k] < 0) next = 'closed';
          else if (c?.mode === 'flow' && Q[k] > c.setFlowM3s) next = 'active';
          else if (c?.mode === 'dp' && -dP > c.setPa) next = 'active';
        } else if (status[k] === 'closed') {
          if (-dP < l.shutoffPa) next = 'open';
        } else if (c) {
          // active: fall back to full speed when the set point would need more
          if (c.mode === 'flow' && -dP > fullAt(c.setFlowM3s)) next = 'open';
          else if (c.mode === 'dp' && (c.setPa > fullAt(Q[k]) || Q[k] < 0)) next = Q[k] < 0 ? 'closed' : 'open';
        }
      }
      if (next !== status[k]) {
        status[k] = next;
        statusChanges[k]++;
        changed = true;
        if (l.kind === 'pump' && next === 'closed') Q[k] = 0;
        if (l.kind === 'pump' && next === 'active' && l.control?.mode === 'flow') Q[k] = l.control.setFlowM3s;
        if (l.kind === 'pump' && next === 'open') Q[k] = Math.max(Q[k], 1e-6);
        if (l.kind === 'fcv' && next === 'active') Q[k] = l.setFlowM3s;
      }
    }
    // converged, or stalled at the round-off floor (pressure differences of mPa on a loop held at
    // hundreds of kPa carry ~1e-16·P absolute error, which shows up as ~1e-8 relative flow noise in
    // oversized headers): accept once the change is small and has stopped shrinking
    if (!changed && (flowChangeRel < tol || (flowChangeRel < STALL_REL && flowChangeRel > 0.5 * prevChange))) {
      converged = true;
      break;
    }
    prevChange = changed ? Infinity : flowChangeRel;
  }

  // results
  const dpPa = new Float64Array(nL);
  const vel = new Float64Array(nL).fill(NaN);
  const re = new Float64Array(nL).fill(NaN);
  const throttle = new Float64Array(nL);
  const speed = new Float64Array(nL).fill(NaN);
  let maxRes = 0;
  for (let k = 0; k < nL; k++) {
    const l = links[k];
    if (l.kind === 'pump') {
      const rise = pressure[toIdx[k]] - pressure[fromIdx[k]];
      speed[k] =
        !active[k] || status[k] === 'closed'
          ? 0
          : status[k] === 'open'
            ? 1
            : Math.sqrt(Math.max(0, rise + l.curveR * Q[k] * Math.abs(Q[k])) / l.shutoffPa);
    }
    if (!active[k]) {
      Q[k] = 0;
      dpPa[k] = isolated[fromIdx[k]] || isolated[toIdx[k]] ? NaN : pressure[fromIdx[k]] - pressure[toIdx[k]];
      if (l.kind === 'pipe') {
        vel[k] = 0;
        re[k] = 0;
      }
      continue;
    }
    const dP = pressure[fromIdx[k]] - pressure[toIdx[k]];
    dpPa[k] = dP;
    if (l.kind === 'pipe') {
      vel[k] = Q[k] / c3[k];
      re[k] = (Math.abs(vel[k]) * l.diameterM) / nuL[k];
    }
    if (l.kind === 'fcv' && status[k] === 'active') {
      throttle[k] = dP - l.kOpen * Q[k] * Math.abs(Q[k]);
      continue;
    }
    if (l.kind === 'pump' && status[k] !== 'open') continue;
    evalLink(k, Q[k]);
    const res = Math.abs(dP - PD.dp);
    if (res > maxRes) maxRes = res;
  }
  return {
    converged,
    iterations,
    flowChangeRel,
    maxEnergyResidualPa: maxRes,
    nodeIds: nodes.map((n) => n.id),
    linkIds: links.map((l) => l.id),
    pressurePa: pressure,
    flowM3s: Q,
    dpPa,
    velocityMps: vel,
    reynolds: re,
    throttlePa: throttle,
    pumpSpeed: speed,
    status,
    isolatedNodes,
    nodeIndex,
    linkIndex,
  };
}

function validateLink(l: NetLink) {
  const bad = (what: string) => {
    throw new Error(`link '${l.id}': ${what}`);
  };
  switch (l.kind) {
    case 'pipe':
      if (!(l.lengthM > 0)) bad('length must be > 0 m');
      if (!(l.diameterM > 0)) bad('diameter must be > 0 m');
      if (!(l.roughnessM >= 0)) bad('roughness must be ≥ 0 m');
      if (!((l.minorK ?? 0) >= 0)) bad('minor-loss K must be ≥ 0');
      break;
    case 'pump':
      if (!(l.shutoffPa > 0)) bad('pump shutoff pressure must be > 0 Pa');
      if (!(l.curveR > 0)) bad('pump curve coefficient must be > 0');
      if (l.control?.mode === 'flow' && !(l.control.setFlowM3s > 0)) bad('pump flow setting must be > 0');
      if (l.control?.mode === 'dp' && !(l.control.setPa > 0)) bad('pump pressure setting must be > 0');
      break;
    case 'resistance':
      if (!(l.kQuad >= 0) || !((l.kLin ?? 0) >= 0) || !(l.kQuad + (l.kLin ?? 0) > 0)) bad('resistance coefficients must be ≥ 0 and not both 0');
      break;
    case 'fcv':
      if (!(l.setFlowM3s >= 0)) bad('flow setting must be ≥ 0');
      if (!(l.kOpen > 0)) bad('open resistance must be > 0');
      break;
    default:
      throw new Error(`unknown link kind '${(l as { kind: string }).kind}'`);
  }
}

function defaultInitialFlow(l: NetLink): number {
  switch (l.kind) {
    case 'pipe':
      return 0.5 * (Math.PI / 4) * l.diameterM * l.diameterM; // 0.5 m/s
    case 'pump':
      return l.control?.mode === 'flow' ? l.control.setFlowM3s : Math.sqrt(l.shutoffPa / l.curveR) * 0.7;
    case 'fcv':
      return l.setFlowM3s;
    case 'resistance':
      return 1e-4;
  }
}

/** Pressure drop from → to of one link at flow q and its derivative; pumps give a negative drop. */
export function linkDp(l: NetLink, q: number, rho: number, nu: number): { dp: number; g: number } {
  switch (l.kind) {
    case 'pipe': {
      const r = pipeDp({ lengthM: l.lengthM, diameterM: l.diameterM, roughnessM: l.roughnessM, minorK: l.minorK ?? 0, densityKgM3: rho, kinematicM2s: l.kinematicM2s ?? nu, method: l.method }, q);
      return { dp: r.dpPa, g: r.dDpdQ };
    }
    case 'pump': {
      const aq = Math.abs(q);
      return { dp: l.curveR * q * aq - l.shutoffPa, g: 2 * l.curveR * Math.max(aq, Q_FLOOR) };
    }
    case 'resistance': {
      const aq = Math.abs(q);
      const kl = l.kLin ?? 0;
      return { dp: l.kQuad * q * aq + kl * q, g: 2 * l.kQuad * Math.max(aq, Q_FLOOR) + kl };
    }
    case 'fcv': {
      const aq = Math.abs(q);
      return { dp: l.kOpen * q * aq, g: 2 * l.kOpen * Math.max(aq, Q_FLOOR) };
    }
  }
}
