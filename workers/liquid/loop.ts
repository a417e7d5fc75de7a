/**
 * Loop-level liquid-cooling model: TCS circuits (CDU pump + heat exchanger, supply and return piping,
 * rack cold-plate taps), solved hydraulically with the global gradient network solver and thermally by
 * advective mixing, then checked. Inputs are plain JSON (SI with unit-suffixed names), so the layout
 * document can be mapped onto them directly; nothing here knows about React, the DOM or the document.
 *
 * Model and assumptions (see docs/liquid.md for the derivations):
 * - One fluid per loop with properties at the loop's mean design temperature (mean CDU setpoint + half the
 *   mean rack design ΔT). Incompressible hydraulics; with `viscosityFromTemperature` each pipe's
 *   viscosity follows the temperature of the fluid in it (outer fixed point on flows), otherwise one
 *   viscosity for the loop.
 * - Nodal pressures are piezometric (p + ρgz). The expansion tank fixes the gauge pressure at its node;
 *   static gauge pressure elsewhere is p = P* − ρ·g·z with z = node elevation (position[2]).
 * - Rack required flow Q_req = P_liquid / (ρ·c_p·ΔT_design). Cold plate (+ quick disconnects + hoses as
 *   the vendor rates them) is a quadratic resistance k = Δp_rated / Q_rated². A rack with `flowControl`
 *   has a pressure-independent valve set to Q_req (an FCV whose open resistance is the cold plate).
 * - CDU pump: ΔP = shutoff − r·Q², through (maxFlowLpm, pumpHeadKpa) — the external pressure available at
 *   rated flow, as CDU datasheets give it — with shutoff = 4/3 of that head unless given (EPANET's
 *   single-point curve). A check valve stops reverse flow; a failed CDU is valved off.
 * - CDU heat exchanger: balanced counter-flow, so the temperature difference is the same along the
 *   exchanger and duty = UA·approach, UA = capacity / rated approach. The CDU holds its TCS supply
 *   setpoint by throttling facility water; once the valve is wide open the supply temperature rises:
 *   T_supply = max(setpoint, T_FWS + approach_rated·load/capacity). With load = ṁ·c_p·(T_in − T_supply)
 *   this is solved in closed form for given inlet temperature; the loop's mixing is iterated to a fixed
 *   point (a contraction: factor κ/(1+κ) < 1 with κ = approach·ṁ·c_p/capacity).
 * - Mixing: each node's temperature is the flow-weighted mean of what flows in; a rack adds its liquid
 *   heat to its own flow; pipes are adiabatic. A CDU's pump heat (`pumpHeatKw`) enters upstream of its
 *   exchanger, so it adds to the exchanger load (and the supply-temperature rise) but not to the loop.
 * - Pump-head check (the "index circuit"): a second, design-point solve with every rack held at Q_req by a
 *   flow-control element and the CDUs replaced by a fixed pressure difference large enough for all of
 *   them; the pressure the CDU must supply is that difference minus the smallest throttling left at any
 *   rack. It is compared with each CDU's curve at its design flow share (all CDU outlets of a loop are
 *   assumed at the same pressure — parallel CDUs on common headers).
 */
import type { EngineResult, Figure, Finding } from '../findings';
import { fluidProps, type FluidName } from './fluids';
import { fittingsK, G_MPS2, type FittingCount, type FrictionMethod } from './friction';
import { solveNetwork, type NetLink, type NetNode, type NetworkResult, type PumpControl } from './network';

export type Vec3 = [number, number, number];

export const ENGINE = 'liquid';

export interface LoopNodeSpec {
  id: string;
  /** plan position and elevation, m (x east, y north, z up); z sets static pressure; default z = 0 */
  position?: Vec3;
}

export interface LoopPipeSpec {
  id: string;
  from: string;
  to: string;
  /** route polyline, m; the length is its length unless `lengthM` is given */
  path?: Vec3[];
  lengthM?: number;
  /** inner diameter, m */
  diameterM: number;
  /** absolute roughness, m (drawn copper/stainless ≈ 1.5e-6, commercial steel ≈ 4.5e-5) */
  roughnessM: number;
  fittings?: FittingCount[];
  /** additional ΣK not covered by `fittings` */
  extraK?: number;
}

export interface CduSpec {
  id: string;
  /** TCS return connection (pump suction side) */
  inletNode: string;
  /** TCS supply connection */
  outletNode: string;
  /** heat duty at the rated approach, kW */
  capacityKw: number;
  /** TCS supply − FWS supply at rated duty, K */
  ratedApproachK: number;
  /** rated TCS pump flow, L/min */
  maxFlowLpm: number;
  /** external pressure available at the rated flow, kPa */
  pumpHeadKpa: number;
  /** pump shutoff pressure, kPa (default 4/3 · pumpHeadKpa) */
  shutoffKpa?: number;
  /** TCS supply setpoint, °C */
  supplySetpointC: number;
  /** facility-water supply temperature at design ambient, °C */
  fwsSupplyC: number;
  /** pumps installed and pumps needed for the rated flow (N+1 → installed = duty + 1) */
  pumpsInstalled?: number;
  pumpsDuty?: number;
  /** valved off (a failure case) */
  failed?: boolean;
  /** pump heat entering the coolant (shaft work), kW; the heat exchanger must reject it too (default 0) */
  pumpHeatKw?: number;
  /**
   * pump speed control: 'fixed-speed' (default; full-speed curve), 'flow' (hold a flow: the CDU's share
   * of the loop's design flow + margin, or `flowSetpointLpm`), 'dp' (hold the pressure rise: the
   * index-circuit need + margin, or `dpSetpointKpa` — the usual mode with flow-controlled racks)
   */
  control?: 'fixed-speed' | 'flow' | 'dp';
  /** margin over the design value for automatic set points, % (default 10) */
  controlMarginPct?: number;
  flowSetpointLpm?: number;
  dpSetpointKpa?: number;
}

export interface RackTapSpec {
  /** equipment id of the rack */
  id: string;
  /** node where the rack's supply hose connects */
  inletNode: string;
  /** node where the rack's return hose connects */
  outletNode: string;
  /** heat the coolant must remove, kW */
  liquidHeatKw: number;
  /** coolant temperature rise at the required flow, K */
  designDeltaTK: number;
  /** cold-plate circuit pressure drop at its rated flow, kPa */
  coldPlateDpKpa: number;
  /** the flow at which coldPlateDpKpa is rated, L/min (default: the rack's required flow) */
  coldPlateRatedFlowLpm?: number;
  /** highest coolant supply temperature the rack accepts, °C */
  maxSupplyC: number;
  /** highest coolant return temperature allowed, °C (optional) */
  maxReturnC?: number;
  /** a pressure-independent (flow-control) valve set to the required flow */
  flowControl?: boolean;
}

export interface LoopSpec {
  id: string;
  fluid: FluidName;
  nodes: LoopNodeSpec[];
  pipes: LoopPipeSpec[];
  cdus: CduSpec[];
  racks: RackTapSpec[];
  /** node of the expansion tank / pressurisation: the loop's pressure reference */
  expansionNode: string;
  /** gauge pressure held at the expansion node, kPa */
  expansionPressureKpa: number;
  /** dew point of the room the loop runs through, °C (condensation check skipped if absent) */
  roomDewPointC?: number;
  /** required margin of supply temperature above dew point, K (default 2) */
  condensationMarginK?: number;
  /** pipe velocity limit, m/s (default 2.5; user-editable, see domain.md §3) */
  velocityLimitMps?: number;
  frictionMethod?: FrictionMethod;
  /**
   * give each pipe the viscosity of the fluid at its own temperature (supply and return sides differ by
   * the rack ΔT: ~20 % in water's viscosity, ~30 % in PG25's), iterating hydraulics and mixing to a
   * fixed point; default false = one viscosity at the loop's mean design temperature
   */
  viscosityFromTemperature?: boolean;
}

export type HeatRejectionKind = 'dry-cooler' | 'cooling-tower' | 'chiller';

export interface HeatRejectionUnit {
  id: string;
  kind: HeatRejectionKind;
  /** heat rejection capacity at the design ambient, kW */
  capacityKw: number;
  /** leaving water − design dry bulb (dry cooler) or wet bulb (tower), K; ignored for chillers */
  approachK?: number;
  /**
   * leaving water temperature at design ambient, °C: required for chillers (their setpoint); for dry
   * coolers and towers it overrides ambient + approach (e.g. computed with adiabatic pre-cooling)
   */
  leavingC?: number;
  failed?: boolean;
}

export interface LiquidSystemSpec {
  loops: LoopSpec[];
  /** every rack that needs liquid cooling, so that unconnected ones are found */
  liquidRackIds?: string[];
  heatRejection?: { units: HeatRejectionUnit[]; designDryBulbC: number; designWetBulbC: number };
  /** run each CDU failure in turn (default true) */
  cduFailureCases?: boolean;
}

export interface RackResult {
  id: string;
  loopId: string;
  requiredFlowLpm: number;
  flowLpm: number;
  /** pressure across the rack connections, kPa */
  availableDpKpa: number;
  /** cold-plate pressure drop at the required flow, kPa */
  requiredDpKpa: number;
  supplyC: number;
  returnC: number;
  starved: boolean;
  connected: boolean;
}

export interface CduResult {
  id: string;
  loopId: string;
  failed: boolean;
  /** pump speed, % of full (100 on the full-speed curve, 0 when stopped) */
  speedPct: number;
  flowLpm: number;
  /** pressure rise across the CDU connections, kPa */
  pumpDpKpa: number;
  /** pressure rise the curve gives at this flow (equals pumpDpKpa when running), kPa */
  curveDpKpa: number;
  loadKw: number;
  capacityKw: number;
  supplyC: number;
  returnC: number;
  /** pump hydraulic power Q·Δp, kW */
  hydraulicPowerKw: number;
  /** design-point (index-circuit) check: pressure the loop needs from this CDU at its design flow share, kPa */
  designNeedKpa: number;
  /** what the pump curve gives at that flow, kPa */
  designAvailableKpa: number;
  designFlowLpm: number;
}

export interface PipeResult {
  id: string;
  loopId: string;
  flowLpm: number;
  velocityMps: number;
  reynolds: number;
  dpKpa: number;
  lengthM: number;
}

export interface LoopResult {
  id: string;
  fluid: FluidName;
  densityKgM3: number;
  cpJkgK: number;
  converged: boolean;
  iterations: number;
  thermalIterations: number;
  /** outer hydraulic–thermal iterations for temperature-dependent viscosity (0 when off) */
  viscosityIterations: number;
  maxEnergyResidualPa: number;
  racks: RackResult[];
  cdus: CduResult[];
  pipes: PipeResult[];
  /** node temperatures, °C, and static gauge pressures, kPa */
  nodeTempC: Record<string, number>;
  nodeStaticKpa: Record<string, number>;
  /** rack liquid heat, kW */
  totalHeatKw: number;
  /** pump heat of the running CDUs, kW */
  totalPumpHeatKw: number;
  totalFlowLpm: number;
  network: NetworkResult;
}

const LPM = 60_000; // (L/min) per (m³/s)

/** Length of a 3D polyline, m. */
export function polylineLengthM(path: readonly Vec3[]): number {
  let s = 0;
  for (let i = 1; i < path.length; i++) {
    const a = path[i - 1];
    const b = path[i];
    s += Math.hypot(b[0] - a[0], b[1] - a[1], b[2] - a[2]);
  }
  return s;
}

/** Pump curve of a CDU as (shutoff Pa, r Pa/(m³/s)²). */
export function cduPumpCurve(c: CduSpec): { shutoffPa: number; curveR: number } {
  const headPa = c.pumpHeadKpa * 1000;
  const shutoffPa = (c.shutoffKpa ?? (4 / 3) * c.pumpHeadKpa) * 1000;
  const q = c.maxFlowLpm / LPM;
  if (!(shutoffPa > headPa)) throw new Error(`CDU '${c.id}': shutoff pressure must exceed the rated head`);
  if (!(q > 0)) throw new Error(`CDU '${c.id}': rated flow must be > 0`);
  return { shutoffPa, curveR: (shutoffPa - headPa) / (q * q) };
}

/** The network pump control of a CDU, from its mode and the design point (undefined = full speed). */
function pumpControlFor(c: CduSpec, d: DesignNeed[number] | undefined): PumpControl | undefined {
  const m = 1 + (c.controlMarginPct ?? 10) / 100;
  if (c.control === 'flow') {
    const lpm = c.flowSetpointLpm ?? (d ? d.designFlowLpm * m : NaN);
    return lpm > 0 ? { mode: 'flow', setFlowM3s: lpm / LPM } : undefined;
  }
  if (c.control === 'dp') {
    const kpa = c.dpSetpointKpa ?? (d ? d.needKpa * m : NaN);
    return kpa > 0 ? { mode: 'dp', setPa: kpa * 1000 } : undefined;
  }
  return undefined;
}

/** Loop mean design temperature, °C: mean CDU setpoint + half the mean rack design ΔT. */
function meanDesignTempC(spec: LoopSpec): number {
  const sp = spec.cdus.length ? spec.cdus.reduce((s, c) => s + c.supplySetpointC, 0) / spec.cdus.length : 25;
  const dt = spec.racks.length ? spec.racks.reduce((s, r) => s + r.designDeltaTK, 0) / spec.racks.length : 10;
  return sp + dt / 2;
}

interface BuiltNetwork {
  nodes: NetNode[];
  links: NetLink[];
  pipeLen: number[];
  rho: number;
  cp: number;
  nu: number;
  reqQ: number[]; // m³/s per rack
  rackK: number[];
}

type DesignNeed = { cduId: string; designFlowLpm: number; needKpa: number }[];

function buildNetwork(spec: LoopSpec, failedCdu: string | null, design?: DesignNeed): BuiltNetwork {
  const tMean = meanDesignTempC(spec);
  const fp = fluidProps(spec.fluid, tMean);
  const rho = fp.densityKgM3;
  const nodeIds = new Set(spec.nodes.map((n) => n.id));
  const need = (id: string, what: string) => {
    if (!nodeIds.has(id)) throw new Error(`loop '${spec.id}': ${what} refers to unknown node '${id}'`);
  };
  need(spec.expansionNode, 'expansionNode');
  const zOf = new Map(spec.nodes.map((n) => [n.id, n.position?.[2] ?? 0]));
  const nodes: NetNode[] = spec.nodes.map((n) => ({ id: n.id }));
  const tank = nodes.find((n) => n.id === spec.expansionNode)!;
  tank.fixedPa = spec.expansionPressureKpa * 1000 + rho * G_MPS2 * (zOf.get(spec.expansionNode) ?? 0);
  const links: NetLink[] = [];
  const pipeLen: number[] = [];
  for (const p of spec.pipes) {
    need(p.from, `pipe '${p.id}'`);
    need(p.to, `pipe '${p.id}'`);
    const len = p.lengthM ?? (p.path && p.path.length >= 2 ? polylineLengthM(p.path) : NaN);
    if (!(len > 0)) throw new Error(`pipe '${p.id}': give lengthM or a route path of ≥ 2 points`);
    pipeLen.push(len);
    links.push({
      kind: 'pipe',
      id: `pipe:${p.id}`,
      from: p.from,
      to: p.to,
      lengthM: len,
      diameterM: p.diameterM,
      roughnessM: p.roughnessM,
      minorK: fittingsK(p.fittings) + (p.extraK ?? 0),
      method: spec.frictionMethod,
    });
  }
  for (const c of spec.cdus) {
    need(c.inletNode, `CDU '${c.id}'`);
    need(c.outletNode, `CDU '${c.id}'`);
    const curve = cduPumpCurve(c);
    const control = pumpControlFor(c, design?.find((d) => d.cduId === c.id));
    links.push({
      kind: 'pump',
      id: `cdu:${c.id}`,
      from: c.inletNode,
      to: c.outletNode,
      ...curve,
      control,
      closed: !!c.failed || c.id === failedCdu,
      initialFlowM3s: control?.mode === 'flow' ? control.setFlowM3s : c.maxFlowLpm / LPM,
    });
  }
  const reqQ: number[] = [];
  const rackK: number[] = [];
  for (const r of spec.racks) {
    need(r.inletNode, `rack '${r.id}'`);
    need(r.outletNode, `rack '${r.id}'`);
    if (!(r.liquidHeatKw >= 0)) throw new Error(`rack '${r.id}': liquid heat must be ≥ 0 kW`);
    if (!(r.designDeltaTK > 0)) throw new Error(`rack '${r.id}': design ΔT must be > 0 K`);
    const q = (r.liquidHeatKw * 1000) / (rho * fp.cpJkgK * r.designDeltaTK);
    const ratedM3s = r.coldPlateRatedFlowLpm !== undefined ? r.coldPlateRatedFlowLpm / LPM : q;
    if (!(r.coldPlateDpKpa > 0) || !(ratedM3s > 0)) {
      throw new Error(`rack '${r.id}': cold-plate Δp and its rated flow must be > 0 (give coldPlateRatedFlowLpm when the rack has no liquid heat)`);
    }
    const k = (r.coldPlateDpKpa * 1000) / (ratedM3s * ratedM3s);
    reqQ.push(q);
    rackK.push(k);
    links.push(
      r.flowControl
        ? { kind: 'fcv', id: `rack:${r.id}`, from: r.inletNode, to: r.outletNode, setFlowM3s: q, kOpen: k }
        : { kind: 'resistance', id: `rack:${r.id}`, from: r.inletNode, to: r.outletNode, kQuad: k, initialFlowM3s: Math.max(q, 1e-6) },
    );
  }
  return { nodes, links, pipeLen, rho, cp: fp.cpJkgK, nu: fp.kinematicM2s, reqQ, rackK };
}

/**
 * Temperatures by advective mixing for given CDU outlet temperatures: topological order of the flow
 * directions (dissipative links only — pressure falls along every one, so there is no cycle).
 */
function propagateTemps(
  net: NetworkResult,
  links: NetLink[],
  cduOut: Map<number, number>, // link index → outlet temperature
  rackHeatW: Map<number, number>, // link index → heat added, W
  rho: number,
  cp: number,
): { nodeT: Float64Array; linkOutT: Float64Array } {
  const nN = net.nodeIds.length;
  const nL = links.length;
  let qMax = 0;
  for (let k = 0; k < nL; k++) qMax = Math.max(qMax, Math.abs(net.flowM3s[k]));
  const eps = qMax * 1e-12;
  const indeg = new Int32Array(nN);
  const hSum = new Float64Array(nN); // Σ ṁ·cp·T in, W
  const mSum = new Float64Array(nN); // Σ ṁ·cp in, W/K
  const outLinks: number[][] = Array.from({ length: nN }, () => []);
  const up = new Int32Array(nL);
  const dn = new Int32Array(nL);
  for (let k = 0; k < nL; k++) {
    const q = net.flowM3s[k];
    const a = net.nodeIndex.get(links[k].from)!;
    const b = net.nodeIndex.get(links[k].to)!;
    up[k] = q >= 0 ? a : b;
    dn[k] = q >= 0 ? b : a;
  }
  const linkOutT = new Float64Array(nL).fill(NaN);
  for (let k = 0; k < nL; k++) {
    if (Math.abs(net.flowM3s[k]) <= eps) continue;
    const t = cduOut.get(k);
    if (t !== undefined) {
      // the CDU sets its outlet temperature: a source for its downstream node
      const w = rho * Math.abs(net.flowM3s[k]) * cp;
      hSum[dn[k]] += w * t;
      mSum[dn[k]] += w;
      linkOutT[k] = t;
      continue;
    }
    indeg[dn[k]]++;
    outLinks[up[k]].push(k);
  }
  const nodeT = new Float64Array(nN).fill(NaN);
  const queue: number[] = [];
  for (let i = 0; i < nN; i++) if (indeg[i] === 0) queue.push(i);
  let head = 0;
  const done = new Uint8Array(nN);
  // nodes by falling pressure: if round-off ever closed a cycle of near-zero flows, the highest-pressure
  // node left is released first (its missing inflows are the negligible ones)
  let byPressure: number[] | null = null;
  let cursor = 0;
  let nDone = 0;
  for (;;) {
    while (head < queue.length) {
      const i = queue[head++];
      if (done[i]) continue;
      done[i] = 1;
      nDone++;
      nodeT[i] = mSum[i] > 0 ? hSum[i] / mSum[i] : NaN;
      for (const k of outLinks[i]) {
        const w = rho * Math.abs(net.flowM3s[k]) * cp;
        const tOut = nodeT[i] + (rackHeatW.get(k) ?? 0) / w;
        linkOutT[k] = tOut;
        const j = dn[k];
        if (Number.isFinite(tOut)) {
          hSum[j] += w * tOut;
          mSum[j] += w;
        }
        if (--indeg[j] === 0) queue.push(j);
      }
    }
    if (nDone >= nN) break;
    const pr = (i: number) => (Number.isFinite(net.pressurePa[i]) ? net.pressurePa[i] : -Infinity);
    byPressure ??= Array.from({ length: nN }, (_, i) => i).sort((a, b) => pr(b) - pr(a));
    while (cursor < nN && done[byPressure[cursor]]) cursor++;
    if (cursor >= nN) break;
    queue.push(byPressure[cursor]);
  }
  return { nodeT, linkOutT };
}

/** Thermal fixed point on CDU outlet temperatures for a solved network (see module doc). */
function thermalSolve(
  spec: LoopSpec,
  net: NetworkResult,
  b: BuiltNetwork,
  rackHeatW: Map<number, number>,
  fwsOverrideC: number | undefined,
): { temps: { nodeT: Float64Array; linkOutT: Float64Array }; cduOut: Map<number, number>; thermalIterations: number } {
  const nP = spec.pipes.length;
  const cduOut = new Map<number, number>();
  spec.cdus.forEach((c, i) => cduOut.set(nP + i, c.supplySetpointC));
  let temps = propagateTemps(net, b.links, cduOut, rackHeatW, b.rho, b.cp);
  let thermalIterations = 1;
  for (let it = 0; it < 200; it++) {
    let change = 0;
    spec.cdus.forEach((c, i) => {
      const k = nP + i;
      if (net.status[k] === 'closed' || net.status[k] === 'isolated' || !(net.flowM3s[k] > 0)) return;
      const tin = temps.nodeT[net.nodeIndex.get(c.inletNode)!];
      if (!Number.isFinite(tin)) return;
      const mcpKwK = (b.rho * net.flowM3s[k] * b.cp) / 1000;
      const kappa = (c.ratedApproachK * mcpKwK) / c.capacityKw;
      // pump heat enters upstream of the exchanger: load = ṁcp(T_in − T_out) + P_pump
      const fws = fwsOverrideC !== undefined ? Math.max(fwsOverrideC, c.fwsSupplyC) : c.fwsSupplyC;
      const pumpRise = ((c.pumpHeatKw ?? 0) * c.ratedApproachK) / c.capacityKw;
      const tOut = Math.max(c.supplySetpointC, (fws + kappa * tin + pumpRise) / (1 + kappa));
      change = Math.max(change, Math.abs(tOut - cduOut.get(k)!));
      cduOut.set(k, tOut);
    });
    if (change < 1e-11) break;
    temps = propagateTemps(net, b.links, cduOut, rackHeatW, b.rho, b.cp);
    thermalIterations++;
  }
  return { temps, cduOut, thermalIterations };
}

/**
 * Solve one loop hydraulically and thermally (no checks). `failedCdu` valves off one CDU;
 * `fwsOverrideC` is the facility-water supply the plant can hold (each CDU uses the warmer of it and its
 * own); `design` is the design-point result for speed-controlled CDUs (computed here when needed).
 */
export function solveLoop(spec: LoopSpec, failedCdu: string | null = null, fwsOverrideC?: number, design?: DesignNeed): LoopResult {
  if (!design && spec.cdus.some((c) => c.control === 'flow' || c.control === 'dp')) {
    design = designPointNeed(failedCdu ? { ...spec, cdus: spec.cdus.map((c) => (c.id === failedCdu ? { ...c, failed: true } : c)) } : spec);
  }
  const b = buildNetwork(spec, failedCdu, design);
  const nP = spec.pipes.length;
  const nC = spec.cdus.length;
  const rackHeatW = new Map<number, number>();
  spec.racks.forEach((r, i) => rackHeatW.set(nP + nC + i, r.liquidHeatKw * 1000));
  let net = solveNetwork({ nodes: b.nodes, links: b.links, fluid: { densityKgM3: b.rho, kinematicM2s: b.nu } });
  let th = thermalSolve(spec, net, b, rackHeatW, fwsOverrideC);
  let viscosityIterations = 0;
  if (spec.viscosityFromTemperature) {
    // outer fixed point: each pipe's viscosity at the temperature of the fluid in it (pipes are adiabatic,
    // so that is its upstream node's); re-solve until flows settle
    const tMean = meanDesignTempC(spec);
    for (let it = 0; it < 20; it++) {
      for (let k = 0; k < nP; k++) {
        const t = th.temps.linkOutT[k];
        (b.links[k] as Extract<NetLink, { kind: 'pipe' }>).kinematicM2s = fluidProps(spec.fluid, Number.isFinite(t) ? t : tMean).kinematicM2s;
      }
      const prev = net.flowM3s;
      net = solveNetwork({ nodes: b.nodes, links: b.links, fluid: { densityKgM3: b.rho, kinematicM2s: b.nu } });
      th = thermalSolve(spec, net, b, rackHeatW, fwsOverrideC);
      viscosityIterations++;
      let d = 0;
      let q = 0;
      for (let k = 0; k < prev.length; k++) {
        d += Math.abs(net.flowM3s[k] - prev[k]);
        q += Math.abs(net.flowM3s[k]);
      }
      if (d <= 1e-9 * q) break;
    }
  }
  const { temps, cduOut, thermalIterations } = th;
  const nodeTempC: Record<string, number> = {};
  const nodeStaticKpa: Record<string, number> = {};
  const zOf = new Map(spec.nodes.map((n) => [n.id, n.position?.[2] ?? 0]));
  net.nodeIds.forEach((id, i) => {
    nodeTempC[id] = temps.nodeT[i];
    nodeStaticKpa[id] = (net.pressurePa[i] - b.rho * G_MPS2 * (zOf.get(id) ?? 0)) / 1000;
  });
  const racks: RackResult[] = spec.racks.map((r, i) => {
    const k = nP + nC + i;
    const ia = net.nodeIndex.get(r.inletNode)!;
    const q = net.flowM3s[k];
    const connected = net.status[k] !== 'isolated' && net.status[k] !== 'closed';
    return {
      id: r.id,
      loopId: spec.id,
      requiredFlowLpm: b.reqQ[i] * LPM,
      flowLpm: q * LPM,
      availableDpKpa: net.dpPa[k] / 1000,
      requiredDpKpa: (b.rackK[i] * b.reqQ[i] * b.reqQ[i]) / 1000,
      supplyC: temps.nodeT[ia],
      returnC: q > 0 ? temps.linkOutT[k] : Infinity,
      starved: !connected || q < b.reqQ[i] * (1 - 1e-6),
      connected,
    };
  });
  const cdus: CduResult[] = spec.cdus.map((c, i) => {
    const k = nP + i;
    const q = net.status[k] === 'open' || net.status[k] === 'active' ? net.flowM3s[k] : 0;
    const tin = temps.nodeT[net.nodeIndex.get(c.inletNode)!];
    const tout = cduOut.get(k)!;
    const curve = cduPumpCurve(c);
    const failed = net.status[k] === 'closed' && (!!c.failed || c.id === failedCdu);
    const loadKw = q > 0 ? (b.rho * q * b.cp * (tin - tout)) / 1000 + (c.pumpHeatKw ?? 0) : 0;
    return {
      id: c.id,
      loopId: spec.id,
      failed,
      speedPct: net.pumpSpeed[k] * 100,
      flowLpm: q * LPM,
      pumpDpKpa: -net.dpPa[k] / 1000,
      curveDpKpa: (curve.shutoffPa - curve.curveR * q * Math.abs(q)) / 1000,
      loadKw,
      capacityKw: c.capacityKw,
      supplyC: tout,
      returnC: tin,
      hydraulicPowerKw: (q * -net.dpPa[k]) / 1000,
      designNeedKpa: NaN,
      designAvailableKpa: NaN,
      designFlowLpm: NaN,
    };
  });
  const pipes: PipeResult[] = spec.pipes.map((p, i) => ({
    id: p.id,
    loopId: spec.id,
    flowLpm: net.flowM3s[i] * LPM,
    velocityMps: net.velocityMps[i],
    reynolds: net.reynolds[i],
    dpKpa: net.dpPa[i] / 1000,
    lengthM: b.pipeLen[i],
  }));
  return {
    id: spec.id,
    fluid: spec.fluid,
    densityKgM3: b.rho,
    cpJkgK: b.cp,
    converged: net.converged,
    iterations: net.iterations,
    thermalIterations,
    viscosityIterations,
    maxEnergyResidualPa: net.maxEnergyResidualPa,
    racks,
    cdus,
    pipes,
    nodeTempC,
    nodeStaticKpa,
    totalHeatKw: spec.racks.reduce((s, r) => s + r.liquidHeatKw, 0),
    totalPumpHeatKw: spec.cdus.reduce((s, c, i) => s + (cdus[i].flowLpm > 0 ? (c.pumpHeatKw ?? 0) : 0), 0),
    totalFlowLpm: cdus.reduce((s, c) => s + c.flowLpm, 0),
    network: net,
  };
}

/**
 * Design-point (index-circuit) pressure need: every rack held at its required flow, CDU outlets at a
 * common fixed pressure, inlets at zero. Returns per CDU the design flow (L/min) and the pressure the loop
 * needs from it (kPa), NaN when even a very large pressure cannot deliver (a rack is isolated).
 */
export function designPointNeed(spec: LoopSpec): DesignNeed {
  const b = buildNetwork(spec, null);
  const nP = spec.pipes.length;
  const nC = spec.cdus.length;
  const running = spec.cdus.filter((c) => !c.failed);
  if (running.length === 0) return spec.cdus.map((c) => ({ cduId: c.id, designFlowLpm: 0, needKpa: NaN }));
  const outlets = new Set(running.map((c) => c.outletNode));
  const inlets = new Set(running.map((c) => c.inletNode));
  let pHigh = 2 * Math.max(...running.map((c) => cduPumpCurve(c).shutoffPa));
  for (let attempt = 0; attempt < 12; attempt++, pHigh *= 4) {
    const nodes: NetNode[] = b.nodes.map((n) => {
      if (outlets.has(n.id)) return { id: n.id, fixedPa: pHigh };
      if (inlets.has(n.id)) return { id: n.id, fixedPa: 0 };
      return { id: n.id };
    });
    const links: NetLink[] = b.links.map((l, k) => {
      if (k >= nP && k < nP + nC) return { ...(l as Extract<NetLink, { kind: 'pump' }>), control: undefined, closed: true };
      if (k >= nP + nC) {
        const i = k - nP - nC;
        return { kind: 'fcv', id: l.id, from: l.from, to: l.to, setFlowM3s: b.reqQ[i], kOpen: b.rackK[i] };
      }
      return l;
    });
    const net = solveNetwork({ nodes, links, fluid: { densityKgM3: b.rho, kinematicM2s: b.nu } });
    let minThrottle = Infinity;
    let allActive = true;
    for (let i = 0; i < spec.racks.length; i++) {
      const k = nP + nC + i;
      if (net.status[k] === 'isolated') return spec.cdus.map((c) => ({ cduId: c.id, designFlowLpm: NaN, needKpa: NaN }));
      if (b.reqQ[i] === 0) continue;
      if (net.status[k] !== 'active') allActive = false;
      minThrottle = Math.min(minThrottle, net.throttlePa[k]);
    }
    if (!allActive) continue;
    const needPa = spec.racks.length ? pHigh - minThrottle : 0;
    // design flow leaving each outlet node, shared equally by the CDUs on it
    return spec.cdus.map((c) => {
      if (c.failed) return { cduId: c.id, designFlowLpm: 0, needKpa: needPa / 1000 };
      const oi = net.nodeIndex.get(c.outletNode)!;
      let out = 0;
      links.forEach((l, k) => {
        if (l.closed) return;
        if (net.nodeIndex.get(l.from) === oi) out += net.flowM3s[k];
        if (net.nodeIndex.get(l.to) === oi) out -= net.flowM3s[k];
      });
      const share = running.filter((o) => o.outletNode === c.outletNode).length;
      return { cduId: c.id, designFlowLpm: (out / share) * LPM, needKpa: needPa / 1000 };
    });
  }
  return spec.cdus.map((c) => ({ cduId: c.id, designFlowLpm: NaN, needKpa: NaN }));
}

/**
 * The design point with CDU `failedId` valved off, derived from the intact loop's when that is exact:
 * if other running CDUs still sit on the failed one's inlet and outlet nodes, the design-point network
 * (CDUs removed, their outlet and inlet nodes held at fixed pressures) is the same, so the need is the
 * same and the flow leaving its outlet is shared by one CDU fewer. Otherwise undefined (solve again).
 */
export function designWithout(spec: LoopSpec, design: DesignNeed, failedId: string): DesignNeed | undefined {
  const running = spec.cdus.filter((c) => !c.failed);
  const failed = running.find((c) => c.id === failedId);
  if (!failed || design.length !== spec.cdus.length) return undefined;
  const others = running.filter((c) => c.id !== failedId);
  if (!others.some((c) => c.outletNode === failed.outletNode) || !others.some((c) => c.inletNode === failed.inletNode)) return undefined;
  const share = (node: string, list: CduSpec[]) => list.filter((c) => c.outletNode === node).length;
  return spec.cdus.map((c, i) => {
    const d = design[i];
    if (c.id === failedId || c.failed) return { cduId: c.id, designFlowLpm: 0, needKpa: d.needKpa };
    const n = share(c.outletNode, running);
    const m = share(c.outletNode, others);
    return { cduId: c.id, designFlowLpm: (d.designFlowLpm * n) / m, needKpa: d.needKpa };
  });
}

/** Everything the liquid engine reports for a system of loops. */
export interface LiquidAnalysis extends EngineResult {
  loops: LoopResult[];
  /** per loop and failed CDU: the result with that CDU valved off */
  failureCases: { loopId: string; failedCduId: string; result: LoopResult; remainingCapacityKw: number }[];
  /** FWS supply temperature the heat-rejection plant can hold at design ambient, °C (NaN without a plant) */
  plantLeavingC: number;
}

const fmt = (x: number, d = 1) => (Number.isFinite(x) ? x.toFixed(d) : String(x));

/**
 * Solve and check a liquid-cooling system: every loop, every CDU failure in turn, heat rejection, and
 * racks that need liquid but are on no loop. Findings are owned by 'mechanical' with stable ids
 * `liquid:<code>:<subject>`.
 */
export function analyzeLiquid(sys: LiquidSystemSpec): LiquidAnalysis {
  const t0 = typeof performance !== 'undefined' ? performance.now() : Date.now();
  const findings: Finding[] = [];
  const add = (f: Omit<Finding, 'engine' | 'owner' | 'id'> & { idSubject?: string }) => {
    const { idSubject, ...rest } = f;
    findings.push({ ...rest, id: `${ENGINE}:${f.code}:${idSubject ?? f.subjects[0]}`, engine: ENGINE, owner: 'mechanical' });
  };
  // heat-rejection plant: what FWS supply it can hold at design ambient
  let plantLeavingC = NaN;
  const plant = sys.heatRejection;
  if (plant) {
    for (const u of plant.units) {
      if (u.failed) continue;
      const t =
        u.leavingC !== undefined
          ? u.leavingC
          : u.kind === 'dry-cooler'
            ? plant.designDryBulbC + (u.approachK ?? 0)
            : u.kind === 'cooling-tower'
              ? plant.designWetBulbC + (u.approachK ?? 0)
              : NaN;
      if (Number.isFinite(t)) plantLeavingC = Number.isFinite(plantLeavingC) ? Math.max(plantLeavingC, t) : t;
    }
  }
  const fwsOverride = Number.isFinite(plantLeavingC) ? plantLeavingC : undefined;

  const loops: LoopResult[] = [];
  const failureCases: LiquidAnalysis['failureCases'] = [];
  const seenRacks = new Set<string>();
  for (const spec of sys.loops) {
    const design = designPointNeed(spec);
    const res = solveLoop(spec, null, fwsOverride, design);
    loops.push(res);
    design.forEach((d, i) => {
      const c = spec.cdus[i];
      const curve = cduPumpCurve(c);
      const q = d.designFlowLpm / LPM;
      res.cdus[i].designFlowLpm = d.designFlowLpm;
      res.cdus[i].designNeedKpa = d.needKpa;
      res.cdus[i].designAvailableKpa = (curve.shutoffPa - curve.curveR * q * Math.abs(q)) / 1000;
    });
    if (!res.converged) {
      add({ code: 'not-converged', severity: 'warning', subjects: spec.cdus.map((c) => c.id).concat(spec.id), idSubject: spec.id, message: `Loop ${spec.id}: hydraulic solve did not converge in ${res.iterations} iterations; results are approximate.` });
    }
    if (!spec.cdus.some((c) => !c.failed)) {
      add({
        code: 'no-cdu',
        severity: 'critical',
        subjects: [spec.id, ...spec.racks.map((r) => r.id)],
        message: `Loop ${spec.id} has no running CDU: its ${spec.racks.length} rack(s) get no coolant.`,
      });
    }
    const vLim = spec.velocityLimitMps ?? 2.5;
    // racks
    spec.racks.forEach((r, i) => {
      seenRacks.add(r.id);
      const rr = res.racks[i];
      if (!rr.connected) {
        add({ code: 'unconnected', severity: 'critical', subjects: [r.id], message: `Rack ${r.id} is on loop ${spec.id} but its connections are valved off or lead nowhere.` });
        return;
      }
      if (rr.starved) {
        add({
          code: 'starved',
          severity: 'critical',
          subjects: [r.id, spec.id],
          message: `Rack ${r.id} gets ${fmt(rr.flowLpm)} L/min of the ${fmt(rr.requiredFlowLpm)} L/min it needs (${fmt(r.liquidHeatKw)} kW at ΔT ${fmt(r.designDeltaTK)} K).`,
          measured: { value: rr.flowLpm, unit: 'L/min' },
          limit: { value: rr.requiredFlowLpm, unit: 'L/min' },
        });
      }
      if (rr.supplyC > r.maxSupplyC + 1e-9) {
        add({
          code: 'supply-temperature',
          severity: 'critical',
          subjects: [r.id, spec.id],
          message: `Rack ${r.id} receives coolant at ${fmt(rr.supplyC, 2)} °C; it accepts at most ${fmt(r.maxSupplyC, 1)} °C.`,
          measured: { value: rr.supplyC, unit: '°C' },
          limit: { value: r.maxSupplyC, unit: '°C' },
        });
      }
      if (r.maxReturnC !== undefined && rr.returnC > r.maxReturnC + 1e-9) {
        add({
          code: 'return-temperature',
          severity: 'warning',
          subjects: [r.id, spec.id],
          message: `Rack ${r.id} returns coolant at ${fmt(rr.returnC, 2)} °C, above its ${fmt(r.maxReturnC, 1)} °C limit.`,
          measured: { value: rr.returnC, unit: '°C' },
          limit: { value: r.maxReturnC, unit: '°C' },
        });
      }
    });
    // pipes
    spec.pipes.forEach((p, i) => {
      const v = Math.abs(res.pipes[i].velocityMps);
      if (v > vLim) {
        add({
          code: 'velocity',
          severity: 'warning',
          subjects: [p.id, spec.id],
          message: `Pipe ${p.id} runs at ${fmt(v, 2)} m/s (limit ${fmt(vLim, 2)} m/s): erosion and noise; use a larger bore.`,
          measured: { value: v, unit: 'm/s' },
          limit: { value: vLim, unit: 'm/s' },
        });
      }
    });
    // static pressure
    for (const n of spec.nodes) {
      const ps = res.nodeStaticKpa[n.id];
      if (ps < 0) {
        add({
          code: 'negative-pressure',
          severity: 'warning',
          subjects: [spec.id],
          idSubject: `${spec.id}/${n.id}`,
          message: `Loop ${spec.id} is below atmospheric pressure at node ${n.id} (${fmt(ps, 1)} kPa gauge): air will be drawn in; raise the expansion pressure.`,
          measured: { value: ps, unit: 'kPa' },
          limit: { value: 0, unit: 'kPa' },
          at: n.position,
        });
      }
    }
    // CDUs
    spec.cdus.forEach((c, i) => {
      const cr = res.cdus[i];
      if (c.failed) return;
      if (cr.designNeedKpa > cr.designAvailableKpa * (1 + 1e-9)) {
        add({
          code: 'pump-head',
          severity: 'critical',
          subjects: [c.id, spec.id],
          message: `CDU ${c.id}: the loop needs ${fmt(cr.designNeedKpa)} kPa at the design flow ${fmt(cr.designFlowLpm)} L/min; the pump gives ${fmt(cr.designAvailableKpa)} kPa there.`,
          measured: { value: cr.designNeedKpa, unit: 'kPa' },
          limit: { value: cr.designAvailableKpa, unit: 'kPa' },
        });
      }
      if (cr.designFlowLpm > c.maxFlowLpm * (1 + 1e-9)) {
        add({
          code: 'cdu-flow',
          severity: 'warning',
          subjects: [c.id, spec.id],
          message: `CDU ${c.id} must deliver ${fmt(cr.designFlowLpm)} L/min at design, beyond its rated ${fmt(c.maxFlowLpm)} L/min.`,
          measured: { value: cr.designFlowLpm, unit: 'L/min' },
          limit: { value: c.maxFlowLpm, unit: 'L/min' },
        });
      }
      if (cr.loadKw > c.capacityKw * (1 + 1e-9)) {
        add({
          code: 'cdu-capacity',
          severity: 'warning',
          subjects: [c.id, spec.id],
          message: `CDU ${c.id} carries ${fmt(cr.loadKw)} kW, over its ${fmt(c.capacityKw)} kW rating at ${fmt(c.ratedApproachK)} K approach; TCS supply rises to ${fmt(cr.supplyC, 2)} °C.`,
          measured: { value: cr.loadKw, unit: 'kW' },
          limit: { value: c.capacityKw, unit: 'kW' },
        });
      }
      if (spec.roomDewPointC !== undefined) {
        const lim = spec.roomDewPointC + (spec.condensationMarginK ?? 2);
        if (cr.supplyC < lim) {
          add({
            code: 'condensation',
            severity: 'warning',
            subjects: [c.id, spec.id],
            message: `CDU ${c.id} supplies ${fmt(cr.supplyC, 1)} °C, less than ${fmt(spec.condensationMarginK ?? 2, 1)} K above the room dew point ${fmt(spec.roomDewPointC, 1)} °C: condensation risk on TCS piping and cold plates.`,
            measured: { value: cr.supplyC, unit: '°C' },
            limit: { value: lim, unit: '°C' },
          });
        }
      }
      const inst = c.pumpsInstalled;
      const duty = c.pumpsDuty;
      if (inst !== undefined && duty !== undefined && inst <= duty) {
        add({
          code: 'pump-redundancy',
          severity: 'info',
          subjects: [c.id],
          message: `CDU ${c.id} has ${inst} pump(s) for ${duty} duty: no standby pump (N+1 is usual).`,
          measured: { value: inst, unit: 'pumps' },
          limit: { value: duty + 1, unit: 'pumps' },
        });
      }
    });
    // CDU failure in turn
    const live = spec.cdus.filter((c) => !c.failed);
    if ((sys.cduFailureCases ?? true) && live.length >= 2) {
      for (const c of live) {
        const fr = solveLoop(spec, c.id, fwsOverride, designWithout(spec, design, c.id));
        const others = live.filter((o) => o.id !== c.id);
        const remaining = others.reduce((s, o) => s + o.capacityKw, 0);
        const loadKw = res.totalHeatKw + others.reduce((s, o) => s + (o.pumpHeatKw ?? 0), 0);
        failureCases.push({ loopId: spec.id, failedCduId: c.id, result: fr, remainingCapacityKw: remaining });
        const starved = fr.racks.filter((r) => r.starved).map((r) => r.id);
        const hot = fr.racks.filter((r, i) => r.supplyC > spec.racks[i].maxSupplyC + 1e-9).map((r) => r.id);
        const overCap = loadKw > remaining * (1 + 1e-9);
        if (overCap || starved.length || hot.length) {
          const why: string[] = [];
          if (overCap) why.push(`the other CDUs have ${fmt(remaining)} kW for ${fmt(loadKw)} kW`);
          if (starved.length) why.push(`${starved.length} rack(s) starved (${starved.slice(0, 5).join(', ')}${starved.length > 5 ? ', …' : ''})`);
          if (hot.length) why.push(`${hot.length} rack(s) above their supply temperature limit`);
          add({
            code: 'cdu-n-1',
            severity: 'critical',
            subjects: [c.id, spec.id, ...new Set([...starved, ...hot])],
            message: `If CDU ${c.id} fails, loop ${spec.id} cannot carry its load: ${why.join('; ')}.`,
            measured: { value: loadKw, unit: 'kW' },
            limit: { value: remaining, unit: 'kW' },
          });
        }
      }
    }
  }
  // racks needing liquid that are on no loop
  for (const id of sys.liquidRackIds ?? []) {
    if (!seenRacks.has(id)) {
      add({ code: 'unconnected', severity: 'critical', subjects: [id], message: `Rack ${id} needs liquid cooling but is connected to no CDU loop.` });
    }
  }
  // heat rejection
  const totalHeatKw = loops.reduce((s, l) => s + l.totalHeatKw, 0);
  const rejectKw = totalHeatKw + loops.reduce((s, l) => s + l.totalPumpHeatKw, 0);
  if (plant) {
    const cap = plant.units.filter((u) => !u.failed).reduce((s, u) => s + u.capacityKw, 0);
    if (rejectKw > cap * (1 + 1e-9)) {
      add({
        code: 'heat-rejection',
        severity: 'critical',
        subjects: plant.units.map((u) => u.id).concat('plant'),
        idSubject: 'plant',
        message: `Heat rejection at design ambient (${fmt(plant.designDryBulbC)} °C dry bulb) is ${fmt(cap)} kW for ${fmt(rejectKw)} kW of liquid heat (racks and CDU pumps).`,
        measured: { value: rejectKw, unit: 'kW' },
        limit: { value: cap, unit: 'kW' },
      });
    }
    const live = plant.units.filter((u) => !u.failed);
    if (live.length >= 2) {
      const largest = Math.max(...live.map((u) => u.capacityKw));
      if (rejectKw > (cap - largest) * (1 + 1e-9) && rejectKw <= cap * (1 + 1e-9)) {
        add({
          code: 'heat-rejection-n-1',
          severity: 'warning',
          subjects: live.map((u) => u.id).concat('plant'),
          idSubject: 'plant',
          message: `Without its largest unit the heat-rejection plant has ${fmt(cap - largest)} kW for ${fmt(rejectKw)} kW.`,
          measured: { value: rejectKw, unit: 'kW' },
          limit: { value: cap - largest, unit: 'kW' },
        });
      }
    }
  }
  const allRacks = loops.flatMap((l) => l.racks);
  const allPipes = loops.flatMap((l) => l.pipes);
  const minMargin = allRacks.length ? Math.min(...allRacks.map((r) => (r.requiredFlowLpm > 0 ? r.flowLpm / r.requiredFlowLpm - 1 : Infinity))) : NaN;
  const figures: Figure[] = [
    { name: 'liquidHeatKw', label: 'Liquid heat load', value: totalHeatKw, unit: 'kW' },
    { name: 'tcsFlowLpm', label: 'TCS flow', value: loops.reduce((s, l) => s + l.totalFlowLpm, 0), unit: 'L/min' },
    { name: 'loops', label: 'TCS loops', value: loops.length, unit: '' },
    { name: 'liquidRacks', label: 'Liquid-cooled racks', value: allRacks.length, unit: '' },
    { name: 'minFlowMarginPct', label: 'Worst rack flow margin', value: minMargin * 100, unit: '%' },
    { name: 'maxVelocityMps', label: 'Highest pipe velocity', value: allPipes.length ? Math.max(...allPipes.map((p) => Math.abs(p.velocityMps))) : 0, unit: 'm/s' },
    { name: 'pumpPowerKw', label: 'CDU pump hydraulic power', value: loops.reduce((s, l) => s + l.cdus.reduce((a, c) => a + c.hydraulicPowerKw, 0), 0), unit: 'kW' },
  ];
  const elapsedMs = (typeof performance !== 'undefined' ? performance.now() : Date.now()) - t0;
  return { engine: ENGINE, figures, findings, elapsedMs, loops, failureCases, plantLeavingC };
}

/** Options of `buildHeaderLoop`: a CDU feeding straight supply and return headers with rack taps. */
export interface HeaderLoopOptions {
  id: string;
  fluid: FluidName;
  cdus: Omit<CduSpec, 'inletNode' | 'outletNode'>[];
  racks: (Omit<RackTapSpec, 'inletNode' | 'outletNode'> & {
    /** supply and return hose/lateral from header to rack, m (default 3) */
    lateralLengthM?: number;
    lateralDiameterM?: number;
    lateralFittings?: FittingCount[];
  })[];
  /** header segment length between taps, m (first segment runs from the CDU to tap 1) */
  tapSpacingM: number;
  headerDiameterM: number;
  roughnessM: number;
  lateralDiameterM: number;
  headerFittings?: FittingCount[];
  expansionPressureKpa?: number;
  roomDewPointC?: number;
  velocityLimitMps?: number;
  /** elevation of headers and racks, m */
  elevationM?: number;
  /**
   * reverse return: the return header runs R1→…→Rn away from the CDU and a return main brings it back
   * (Rn→R0, n·tapSpacingM long), so every rack's circuit has the same pipe length (default false: direct)
   */
  reverseReturn?: boolean;
}

/**
 * Build a LoopSpec for the common layout: CDU(s) in parallel between nodes `R0` (return, expansion tank)
 * and `S0` (supply); supply header S0→S1→…→Sn and return header Rn→…→R1→R0 (direct return) or
 * R1→…→Rn→R0 (reverse return); rack i connects Si → rack → Ri through laterals. Node positions lie
 * along x at `tapSpacingM` pitch.
 */
export function buildHeaderLoop(o: HeaderLoopOptions): LoopSpec {
  const z = o.elevationM ?? 0;
  const n = o.racks.length;
  const nodes: LoopNodeSpec[] = [
    { id: 'S0', position: [0, 0, z] },
    { id: 'R0', position: [0, 1, z] },
  ];
  const pipes: LoopPipeSpec[] = [];
  const racks: RackTapSpec[] = [];
  for (let i = 1; i <= n; i++) {
    const x = i * o.tapSpacingM;
    const r = o.racks[i - 1];
    nodes.push({ id: `S${i}`, position: [x, 0, z] }, { id: `R${i}`, position: [x, 1, z] }, { id: `${r.id}.in`, position: [x, 2, z] }, { id: `${r.id}.out`, position: [x, 2, z] });
    pipes.push(
      { id: `sup-${i}`, from: `S${i - 1}`, to: `S${i}`, lengthM: o.tapSpacingM, diameterM: o.headerDiameterM, roughnessM: o.roughnessM, fittings: o.headerFittings },
      o.reverseReturn
        ? i < n
          ? { id: `ret-${i}`, from: `R${i}`, to: `R${i + 1}`, lengthM: o.tapSpacingM, diameterM: o.headerDiameterM, roughnessM: o.roughnessM, fittings: o.headerFittings }
          : { id: 'ret-main', from: `R${n}`, to: 'R0', lengthM: n * o.tapSpacingM, diameterM: o.headerDiameterM, roughnessM: o.roughnessM, fittings: o.headerFittings }
        : { id: `ret-${i}`, from: `R${i}`, to: `R${i - 1}`, lengthM: o.tapSpacingM, diameterM: o.headerDiameterM, roughnessM: o.roughnessM, fittings: o.headerFittings },
      { id: `lat-s-${r.id}`, from: `S${i}`, to: `${r.id}.in`, lengthM: r.lateralLengthM ?? 3, diameterM: r.lateralDiameterM ?? o.lateralDiameterM, roughnessM: o.roughnessM, fittings: r.lateralFittings },
      { id: `lat-r-${r.id}`, from: `${r.id}.out`, to: `R${i}`, lengthM: r.lateralLengthM ?? 3, diameterM: r.lateralDiameterM ?? o.lateralDiameterM, roughnessM: o.roughnessM, fittings: r.lateralFittings },
    );
    const { lateralLengthM: _l, lateralDiameterM: _d, lateralFittings: _f, ...tap } = r;
    void _l;
    void _d;
    void _f;
    racks.push({ ...tap, inletNode: `${r.id}.in`, outletNode: `${r.id}.out` });
  }
  return {
    id: o.id,
    fluid: o.fluid,
    nodes,
    pipes,
    cdus: o.cdus.map((c) => ({ ...c, inletNode: 'R0', outletNode: 'S0' })),
    racks,
    expansionNode: 'R0',
    expansionPressureKpa: o.expansionPressureKpa ?? 150,
    roomDewPointC: o.roomDewPointC,
    velocityLimitMps: o.velocityLimitMps,
  };
}
