/**
 * Layout document → liquid engine: builds a `LiquidSystemSpec` from the document's pipe loops and
 * equipment, and `runLiquid(doc)` runs the engine on it (engine 'liquid' in workers/analysis.ts).
 * Pure: no DOM, no clock except the elapsed time in the result.
 *
 * Mapping (docs/liquid.md §Wiring from the layout document):
 * - Each `pipeLoops[]` entry is one `LoopSpec`. Its supply and return mains are polylines starting at
 *   the CDU(s); they are split at every tee (tap positions) and, on the return, at the expansion
 *   point, so tees are nodes: supply S0 (CDU outlets) → S1 → … and return R0 (CDU inlets) ← R1 ← ….
 *   Each segment keeps its piece of the polyline (length and elevations from the geometry), with the
 *   bends it contains (deviation > 60° → a 90° elbow, 15–60° → a 45° elbow) and a tee (run) at its
 *   downstream tap node as fittings; the main's own `fittings` go on its first segment.
 * - A tap connects rack `r`: supply tee → branch → `r.in` → cold plates → `r.out` → branch → return
 *   tee. The branch runs level from the tee to above (or below) the rack's rear connection point and
 *   then vertically to it (unless `branchLengthM` is given), with a tee (branch), one 90° elbow per
 *   change of direction and an isolation ball valve.
 * - CDUs of a loop are in parallel between R0 and S0 (catalog props: capacityKw, approachK →
 *   ratedApproachK, maxFlowLpm, pumpHeadKpa, supplyTempC → setpoint, pumpCount/redundantPumps, running
 *   pump power → pump heat); the loop's `pumpControl` sets their control mode.
 * - Racks: liquid heat = itPowerKw × liquidFraction, requiredSupplyTempC → maxSupplyC, coldPlateDpKpa
 *   rated at the required flow, the loop's designDeltaTK.
 * - Facility water (FWS) at design ambient from the heat-rejection equipment in the layout (see
 *   `heatRejectionFromLayout`); room dew point from the site's design dry and wet bulb (see
 *   `roomDewPointC`).
 */
import { getKind } from '../../src/catalog/registry';
import { dryCoolerLeavingFluidC, type DryCoolerProps } from '../../src/catalog/kinds/dry-cooler';
import { cduPumpKw, runningPumps, type CduProps } from '../../src/catalog/kinds/cdu';
import type { Equipment, LayoutDoc, PipeLoop, PipeRun } from '../../src/model/document';
import { rotate2 } from '../../src/model/geometry';
import type { EngineResult, Figure, Finding } from '../findings';
import type { FittingCount } from './friction';
import { analyzeLiquid, ENGINE, type CduSpec, type HeatRejectionUnit, type LiquidSystemSpec, type LoopNodeSpec, type LoopPipeSpec, type LoopResult, type LoopSpec, type RackTapSpec, type Vec3 } from './loop';

/** How far (plan) a main may start from its CDU's footprint before a warning, m. */
export const CDU_REACH_M = 1.0;

/** Kinds whose footprint a pipe must not run over (a leak drips onto live conductors). */
export const ELECTRICAL_KINDS = ['switchgear', 'ups', 'pdu', 'busway'] as const;

/** Bore at and above which mains use welded/flanged fittings (below: threaded small-bore), m. */
const FLANGED_FROM_M = 0.05;
/** Tolerance for positions along a main, m. */
const POS_EPS = 1e-6;
/** Standard atmosphere at sea level, kPa. */
const P_ATM_KPA = 101.325;

// ---------------------------------------------------------------------------------------------------
// psychrometrics

/**
 * Saturation vapour pressure over liquid water, kPa: Magnus form with the Alduchov–Eskridge (1996)
 * constants, within 0.1 % of Hyland–Wexler between −20 and 50 °C.
 */
export function saturationPressureKpa(tC: number): number {
  return 0.61094 * Math.exp((17.625 * tC) / (tC + 243.04));
}

/** Inverse of `saturationPressureKpa`: the temperature at which water vapour at pwKpa saturates, °C. */
export function dewPointFromVapourKpa(pwKpa: number): number {
  const a = Math.log(pwKpa / 0.61094);
  return (243.04 * a) / (17.625 - a);
}

/**
 * Dew point of air at dry bulb `dbC` and (thermodynamic) wet bulb `wbC`, °C, at `pKpa`: humidity
 * ratio from the psychrometric energy balance (ASHRAE Fundamentals 2017 ch. 1, eq. 33)
 * W = ((2501 − 2.326·t*)·W*s − 1.006·(t − t*)) / (2501 + 1.86·t − 4.186·t*), then p_w = p·W/(0.621945 + W).
 * −Infinity when the air is so dry that W ≤ 0.
 */
export function dewPointFromDbWbC(dbC: number, wbC: number, pKpa = P_ATM_KPA): number {
  const wb = Math.min(wbC, dbC);
  const pws = saturationPressureKpa(wb);
  const ws = (0.621945 * pws) / (pKpa - pws);
  const w = ((2501 - 2.326 * wb) * ws - 1.006 * (dbC - wb)) / (2501 + 1.86 * dbC - 4.186 * wb);
  if (!(w > 0)) return -Infinity;
  return dewPointFromVapourKpa((pKpa * w) / (0.621945 + w));
}

/**
 * Room dew point the TCS piping sees, °C. ASSUMPTION: the halls have no dehumidification, so the room
 * air carries the outdoor moisture at the site's design condition (design dry bulb with its coincident
 * wet bulb, `site.climate`); sensible cooling does not change the dew point. A hall with humidity
 * control would be drier (lower dew point), so this is the conservative side for condensation.
 */
export function roomDewPointC(doc: LayoutDoc): number {
  return dewPointFromDbWbC(doc.site.climate.designDryBulbC, doc.site.climate.designWetBulbC);
}

// ---------------------------------------------------------------------------------------------------
// heat rejection

export interface PlantFromLayout {
  /** units that run at design ambient */
  units: HeatRejectionUnit[];
  /** dry coolers that cannot reach the chilled-water temperature at design ambient (economisers, idle then) */
  idleEconomisers: string[];
  /** FWS supply the plant holds at design ambient, °C (NaN without units) */
  fwsSupplyC: number;
}

/**
 * The heat-rejection plant at design ambient (site.climate):
 * - with chillers: they set the FWS (the warmest chiller's leaving water) and carry the load; a dry
 *   cooler counts only if its leaving fluid at design ambient is no warmer than that (otherwise it is an
 *   economiser, idle on the design day);
 * - with dry coolers only: each leaves at the air entering its coil (after adiabatic pads) + approach
 *   (`dryCoolerLeavingFluidC`); the warmest sets the FWS. Capacity at a fixed approach does not depend
 *   on the ambient, so the catalog capacity is used.
 */
export function heatRejectionFromLayout(doc: LayoutDoc): PlantFromLayout {
  const { designDryBulbC: db, designWetBulbC: wb } = doc.site.climate;
  const chillers = doc.equipment.filter((e) => e.kind === 'chiller');
  const dry = doc.equipment.filter((e) => e.kind === 'dry-cooler');
  const units: HeatRejectionUnit[] = [];
  const idleEconomisers: string[] = [];
  let fws = NaN;
  if (chillers.length) {
    fws = Math.max(...chillers.map((c) => c.props.leavingWaterC));
    for (const c of chillers) units.push({ id: c.id, kind: 'chiller', capacityKw: c.props.capacityKw, leavingC: c.props.leavingWaterC });
  }
  for (const d of dry) {
    const leaving = dryCoolerLeavingFluidC(d.props as unknown as DryCoolerProps, db, wb);
    if (chillers.length && leaving > fws + 1e-9) {
      idleEconomisers.push(d.id);
      continue;
    }
    units.push({ id: d.id, kind: 'dry-cooler', capacityKw: d.props.capacityKw, leavingC: leaving });
    if (!chillers.length) fws = Number.isFinite(fws) ? Math.max(fws, leaving) : leaving;
  }
  return { units, idleEconomisers, fwsSupplyC: fws };
}

// ---------------------------------------------------------------------------------------------------
// geometry helpers

type P3 = Vec3;

/** Cumulative distances along a polyline (s[0] = 0). */
function cumulative(path: readonly P3[]): number[] {
  const s = [0];
  for (let i = 1; i < path.length; i++) s.push(s[i - 1] + Math.hypot(path[i][0] - path[i - 1][0], path[i][1] - path[i - 1][1], path[i][2] - path[i - 1][2]));
  return s;
}

/** The point at distance d along a polyline with cumulative distances s. */
function pointAt(path: readonly P3[], s: readonly number[], d: number): P3 {
  if (d <= 0) return [...path[0]] as P3;
  for (let i = 1; i < path.length; i++) {
    if (d <= s[i] + POS_EPS || i === path.length - 1) {
      const seg = s[i] - s[i - 1];
      const t = seg > 0 ? Math.min(1, Math.max(0, (d - s[i - 1]) / seg)) : 0;
      const a = path[i - 1];
      const b = path[i];
      return [a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1]), a[2] + t * (b[2] - a[2])];
    }
  }
  return [...path[path.length - 1]] as P3;
}

/** The piece of a polyline between distances d0 < d1, with the vertices strictly inside. */
function subPath(path: readonly P3[], s: readonly number[], d0: number, d1: number): P3[] {
  const out: P3[] = [pointAt(path, s, d0)];
  for (let i = 1; i < path.length - 1; i++) if (s[i] > d0 + POS_EPS && s[i] < d1 - POS_EPS) out.push([...path[i]] as P3);
  out.push(pointAt(path, s, d1));
  return out;
}

/** Direction change at each interior vertex of a polyline, degrees (0 = straight on). */
function bendAngles(path: readonly P3[]): number[] {
  const out: number[] = [];
  for (let i = 1; i < path.length - 1; i++) {
    const a = [path[i][0] - path[i - 1][0], path[i][1] - path[i - 1][1], path[i][2] - path[i - 1][2]];
    const b = [path[i + 1][0] - path[i][0], path[i + 1][1] - path[i][1], path[i + 1][2] - path[i][2]];
    const la = Math.hypot(a[0], a[1], a[2]);
    const lb = Math.hypot(b[0], b[1], b[2]);
    const c = la > 0 && lb > 0 ? (a[0] * b[0] + a[1] * b[1] + a[2] * b[2]) / (la * lb) : 1;
    out.push((Math.acos(Math.max(-1, Math.min(1, c))) * 180) / Math.PI);
  }
  return out;
}

/** Fittings for the bends of a pipe of bore dM: > 60° → 90° elbows (two for a U-turn > 135°), 15–60° → 45°. */
function bendFittings(angles: readonly number[], dM: number): FittingCount[] {
  let e90 = 0;
  let e45 = 0;
  for (const a of angles) {
    if (a > 135) e90 += 2;
    else if (a > 60) e90 += 1;
    else if (a > 15) e45 += 1;
  }
  const out: FittingCount[] = [];
  if (e90) out.push({ kind: dM >= FLANGED_FROM_M ? 'elbow-90-flanged' : 'elbow-90-threaded', count: e90 });
  if (e45) out.push({ kind: 'elbow-45-threaded', count: e45 });
  return out;
}

const merge = (...lists: FittingCount[][]): FittingCount[] => {
  const m = new Map<FittingCount['kind'], number>();
  for (const l of lists) for (const f of l) if (f.count > 0) m.set(f.kind, (m.get(f.kind) ?? 0) + f.count);
  return [...m].map(([kind, count]) => ({ kind, count }));
};

/**
 * Where a rack's hoses connect: the middle of its rear face (local +y), 0.1 m in, at its top when the
 * tee is above the rack's mid-height (overhead mains), else at its base (under-floor mains).
 */
export function rackConnectionPoint(rack: Equipment, teeZ: number): P3 {
  const r = rotate2([0, rack.props.depthM / 2 - 0.1], rack.rotationDeg);
  const top = rack.position[2] + rack.props.heightM;
  const z = teeZ >= rack.position[2] + rack.props.heightM / 2 ? top : rack.position[2];
  return [rack.position[0] + r[0], rack.position[1] + r[1], z];
}

/** The point halfway along a polyline. */
function pointAtMid(path: readonly P3[]): P3 {
  const s = cumulative(path);
  return pointAt(path, s, s[s.length - 1] / 2);
}

/** A branch route: level from the tee to above/below the connection, then vertical to it. */
function branchPath(tee: P3, conn: P3): P3[] {
  const pts: P3[] = [tee];
  const corner: P3 = [conn[0], conn[1], tee[2]];
  if (Math.hypot(corner[0] - tee[0], corner[1] - tee[1]) > POS_EPS) pts.push(corner);
  if (Math.abs(conn[2] - tee[2]) > POS_EPS) pts.push(conn);
  if (pts.length === 1) pts.push(conn);
  return pts;
}

// ---------------------------------------------------------------------------------------------------
// loop construction

/** One main split at its tees: node ids, distances and positions, and its segments. */
interface SplitMain {
  /** the node at distance d along the main (a split position within POS_EPS) */
  nodeAt(d: number): string;
  nodes: LoopNodeSpec[];
  pipes: LoopPipeSpec[];
}

/** Index of the entry of sorted `ds` within POS_EPS of d, or −1 (binary search). */
function indexNear(ds: readonly number[], d: number): number {
  let lo = 0;
  let hi = ds.length - 1;
  while (lo <= hi) {
    const m = (lo + hi) >> 1;
    if (ds[m] < d - POS_EPS) lo = m + 1;
    else if (ds[m] > d + POS_EPS) hi = m - 1;
    else return m;
  }
  return -1;
}

/**
 * Split a main at distances `cuts` (tap tees, expansion point): nodes `${prefix}0…`, one pipe per piece.
 * `teeAt` are the distances that have a tee (a tee-run loss on the pipe arriving there from the CDU side).
 */
function splitMain(loopId: string, side: 'supply' | 'return', run: PipeRun, cuts: number[], teeAt: readonly number[]): SplitMain {
  const prefix = side === 'supply' ? 'S' : 'R';
  const path = run.path as P3[];
  const s = cumulative(path);
  const total = s[s.length - 1];
  const ds: number[] = [];
  for (const d of [0, ...cuts, total].map((x) => Math.min(Math.max(x, 0), total)).sort((a, b) => a - b)) {
    if (!ds.length || d - ds[ds.length - 1] > POS_EPS) ds.push(d);
  }
  const nodes: LoopNodeSpec[] = ds.map((d, k) => ({ id: `${prefix}${k}`, position: pointAt(path, s, d) }));
  const isTee = new Uint8Array(ds.length);
  for (const t of teeAt) {
    const k = indexNear(ds, Math.min(Math.max(t, 0), total));
    if (k >= 0) isTee[k] = 1;
  }
  // bends: each interior vertex belongs to the piece that contains it (a vertex on a cut starts the next piece)
  const angles = bendAngles(path);
  const bendsIn: number[][] = ds.map(() => []);
  for (let i = 1, k = 0; i < path.length - 1; i++) {
    // vertices come in order along the path, so k only moves forward
    while (k + 1 < ds.length - 1 && s[i] >= ds[k + 1] - POS_EPS) k++;
    bendsIn[k].push(angles[i - 1]);
  }
  const teeRun: FittingCount[] = [{ kind: run.diameterM >= FLANGED_FROM_M ? 'tee-run-flanged' : 'tee-run-threaded', count: 1 }];
  const pipes: LoopPipeSpec[] = [];
  for (let k = 0; k + 1 < ds.length; k++) {
    const a = `${prefix}${k}`;
    const b = `${prefix}${k + 1}`;
    // the common piece (straight, ends at a tee, not the first) shares one fittings list
    const fittings =
      k > 0 && !bendsIn[k].length
        ? isTee[k + 1]
          ? teeRun
          : []
        : merge(bendFittings(bendsIn[k], run.diameterM), isTee[k + 1] ? teeRun : [], k === 0 ? (run.fittings as FittingCount[]) : []);
    pipes.push({
      id: `${loopId}:${side}:${k + 1}`,
      // nominal flow direction: away from the CDU on the supply, towards it on the return
      from: side === 'supply' ? a : b,
      to: side === 'supply' ? b : a,
      path: side === 'supply' ? subPath(path, s, ds[k], ds[k + 1]) : subPath(path, s, ds[k], ds[k + 1]).reverse(),
      diameterM: run.diameterM,
      roughnessM: run.roughnessM,
      fittings: fittings.length ? fittings : undefined,
    });
  }
  const nodeAt = (d: number): string => {
    const k = indexNear(ds, Math.min(Math.max(d, 0), total));
    if (k < 0) throw new Error(`loop '${loopId}': no ${side} node at ${d} m`);
    return `${prefix}${k}`;
  };
  return { nodeAt, nodes, pipes };
}

/** Notes the adapter itself reports (besides the engine's findings). */
export interface AdaptNotes {
  findings: Finding[];
  roomDewPointC: number;
  plant: PlantFromLayout;
}

const finding = (f: Omit<Finding, 'engine' | 'owner' | 'id'> & { idSubject: string }): Finding => {
  const { idSubject, ...rest } = f;
  return { ...rest, id: `${ENGINE}:${f.code}:${idSubject}`, engine: ENGINE, owner: 'mechanical' };
};

/** Heat a rack puts into the coolant, kW (0 for air racks). */
const rackLiquidKw = (e: Equipment): number => (e.kind === 'rack' ? (getKind('rack')!.heatToLiquidKw(e.props) as number) : 0);

const branchFittingsCache = new Map<string, FittingCount[]>();
/**
 * Fittings of a rack branch: the tee's branch outlet, a 90° elbow where a level run turns into the
 * vertical drop (none for a straight drop out of the tee), an isolation ball valve. Shared lists (the
 * engine only reads them).
 */
function branchFittings(dM: number, corner: boolean): FittingCount[] {
  const key = `${dM >= FLANGED_FROM_M ? 'f' : 't'}${corner ? 'c' : ''}`;
  let f = branchFittingsCache.get(key);
  if (!f) {
    f = merge([{ kind: dM >= FLANGED_FROM_M ? 'tee-branch-flanged' : 'tee-branch-threaded', count: 1 }], bendFittings(corner ? [90] : [], dM), [{ kind: 'valve-ball-open', count: 1 }]);
    branchFittingsCache.set(key, f);
  }
  return f;
}

/** Build one LoopSpec from a document loop (racks without liquid heat are left out). */
function loopSpec(loop: PipeLoop, byId: Map<string, Equipment>, plant: PlantFromLayout, dewC: number, notes: Finding[]): LoopSpec {
  const cuts = {
    supply: loop.taps.map((t) => t.supplyAtM),
    return: [...loop.taps.map((t) => t.returnAtM), loop.expansion.atM],
  };
  const sup = splitMain(loop.id, 'supply', loop.supply, cuts.supply, cuts.supply);
  const ret = splitMain(loop.id, 'return', loop.return, cuts.return, loop.taps.map((t) => t.returnAtM));
  const nodes: LoopNodeSpec[] = [...sup.nodes, ...ret.nodes];
  const pipes: LoopPipeSpec[] = [...sup.pipes, ...ret.pipes];
  const racks: RackTapSpec[] = [];
  const supS = cumulative(loop.supply.path as P3[]);
  const retS = cumulative(loop.return.path as P3[]);
  for (const t of loop.taps) {
    const rack = byId.get(t.rackId);
    if (!rack) continue; // the loader guarantees it exists
    const heat = rackLiquidKw(rack);
    if (!(heat > 0)) continue; // an air rack on a tap: the loader warns; nothing flows to it by design
    let dp = rack.props.coldPlateDpKpa;
    if (!(dp > 0)) {
      notes.push(
        finding({
          code: 'cold-plate-dp',
          severity: 'warning',
          subjects: [rack.id, loop.id],
          idSubject: rack.id,
          message: `Rack ${rack.id} takes ${heat.toFixed(1)} kW to liquid but its cold-plate pressure drop is 0 kPa; 1 kPa is assumed. Enter the vendor's figure.`,
        }),
      );
      dp = 1;
    }
    const dBranch = t.branchDiameterM ?? loop.branchDiameterM;
    for (const side of ['supply', 'return'] as const) {
      const main = side === 'supply' ? sup : ret;
      const at = side === 'supply' ? t.supplyAtM : t.returnAtM;
      const run = side === 'supply' ? loop.supply : loop.return;
      const tee = pointAt(run.path as P3[], side === 'supply' ? supS : retS, at);
      const conn = rackConnectionPoint(rack, tee[2]);
      const path = branchPath(tee, conn);
      const geomLen = cumulative(path).at(-1)!;
      const fittings = branchFittings(dBranch, path.length === 3);
      const rackNode = `${rack.id}.${side === 'supply' ? 'in' : 'out'}`;
      nodes.push({ id: rackNode, position: conn });
      const mainNode = main.nodeAt(at);
      pipes.push({
        id: `${loop.id}:${rack.id}:${side}`,
        from: side === 'supply' ? mainNode : rackNode,
        to: side === 'supply' ? rackNode : mainNode,
        path: side === 'supply' ? path : [...path].reverse(),
        lengthM: t.branchLengthM ?? Math.max(geomLen, 0.01),
        diameterM: dBranch,
        roughnessM: run.roughnessM,
        fittings,
      });
    }
    racks.push({
      id: rack.id,
      inletNode: `${rack.id}.in`,
      outletNode: `${rack.id}.out`,
      liquidHeatKw: heat,
      designDeltaTK: loop.designDeltaTK,
      coldPlateDpKpa: dp,
      maxSupplyC: rack.props.requiredSupplyTempC,
      flowControl: loop.rackValves === 'flow-control',
    });
  }
  const cdus: CduSpec[] = [];
  for (const id of loop.cduIds) {
    const e = byId.get(id);
    if (!e) continue;
    const p = e.props as unknown as CduProps;
    // the mains must start at the CDU: their first points within CDU_REACH_M of its footprint in plan
    const far = (['supply', 'return'] as const)
      .map((side) => ({ side, d: planDistanceToFootprint(footprint(e), loop[side].path[0]) }))
      .filter((x) => x.d > CDU_REACH_M);
    if (far.length) {
      notes.push(
        finding({
          code: 'cdu-not-at-main',
          severity: 'warning',
          subjects: [id, loop.id],
          idSubject: `${loop.id}:${id}`,
          message: `The ${far.map((x) => `${x.side} main starts ${x.d.toFixed(1)} m`).join(' and the ')} from CDU ${e.name || id} (in plan); the loop connects the CDU at the mains' first points as drawn, without the pipe between. Start the mains at the CDU.`,
          measured: { value: Math.max(...far.map((x) => x.d)), unit: 'm' },
          limit: { value: CDU_REACH_M, unit: 'm' },
        }),
      );
    }
    if (!(p.capacityKw > 0) || !(p.maxFlowLpm > 0) || !(p.pumpHeadKpa > 0) || runningPumps(p) < 1) {
      notes.push(
        finding({
          code: 'cdu-data',
          severity: 'critical',
          subjects: [id, loop.id],
          idSubject: id,
          message: `CDU ${e.name || id} cannot run: it needs a capacity, a rated flow and pump head above 0 and at least one duty pump (capacity ${p.capacityKw} kW, ${p.maxFlowLpm} L/min at ${p.pumpHeadKpa} kPa, ${p.pumpCount} pumps with ${p.redundantPumps} standby). It is left out of loop ${loop.id}.`,
        }),
      );
      continue;
    }
    cdus.push({
      id,
      inletNode: 'R0',
      outletNode: 'S0',
      capacityKw: p.capacityKw,
      ratedApproachK: p.approachK,
      maxFlowLpm: p.maxFlowLpm,
      pumpHeadKpa: p.pumpHeadKpa,
      supplySetpointC: p.supplyTempC,
      // with a plant, the engine takes the warmer of this and the plant's FWS; without one, assume
      // the facility water lets the CDU just hold its setpoint at rated duty
      fwsSupplyC: Number.isFinite(plant.fwsSupplyC) ? plant.fwsSupplyC : p.supplyTempC - p.approachK,
      pumpsInstalled: p.pumpCount,
      pumpsDuty: runningPumps(p),
      pumpHeatKw: cduPumpKw(p),
      control: loop.pumpControl,
    });
  }
  return {
    id: loop.id,
    fluid: loop.fluid,
    nodes,
    pipes,
    cdus,
    racks,
    expansionNode: ret.nodeAt(loop.expansion.atM),
    expansionPressureKpa: loop.expansion.pressureKpa,
    roomDewPointC: Number.isFinite(dewC) ? dewC : undefined,
  };
}

// ---------------------------------------------------------------------------------------------------
// pipes over electrical equipment

interface Footprint {
  e: Equipment;
  cx: number;
  cy: number;
  cos: number;
  sin: number;
  hw: number;
  hd: number;
  minX: number;
  maxX: number;
  minY: number;
  maxY: number;
}

function footprint(e: Equipment): Footprint {
  const a = (e.rotationDeg * Math.PI) / 180;
  const cos = Math.cos(a);
  const sin = Math.sin(a);
  const hw = e.props.widthM / 2;
  const hd = e.props.depthM / 2;
  const ex = Math.abs(cos) * hw + Math.abs(sin) * hd;
  const ey = Math.abs(sin) * hw + Math.abs(cos) * hd;
  return { e, cx: e.position[0], cy: e.position[1], cos, sin, hw, hd, minX: e.position[0] - ex, maxX: e.position[0] + ex, minY: e.position[1] - ey, maxY: e.position[1] + ey };
}

/** Plan distance from point p to footprint f (0 inside), m. */
function planDistanceToFootprint(f: Footprint, p: readonly number[]): number {
  const x = p[0] - f.cx;
  const y = p[1] - f.cy;
  const lx = Math.abs(x * f.cos + y * f.sin) - f.hw;
  const ly = Math.abs(-x * f.sin + y * f.cos) - f.hd;
  return Math.hypot(Math.max(lx, 0), Math.max(ly, 0));
}

/**
 * The part of segment a→b whose plan projection lies on footprint f (Liang–Barsky in the footprint's
 * frame): [t0, t1] ⊂ [0, 1], or null. A vertical segment is a point in plan.
 */
function clipToFootprint(a: P3, b: P3, f: Footprint): [number, number] | null {
  const toLocal = (p: P3): [number, number] => {
    const x = p[0] - f.cx;
    const y = p[1] - f.cy;
    return [x * f.cos + y * f.sin, -x * f.sin + y * f.cos];
  };
  const [x0, y0] = toLocal(a);
  const [x1, y1] = toLocal(b);
  const dx = x1 - x0;
  const dy = y1 - y0;
  let t0 = 0;
  let t1 = 1;
  const edges: [number, number][] = [
    [-dx, x0 + f.hw],
    [dx, f.hw - x0],
    [-dy, y0 + f.hd],
    [dy, f.hd - y0],
  ];
  for (const [p, q] of edges) {
    if (Math.abs(p) < 1e-12) {
      if (q < 0) return null;
    } else {
      const r = q / p;
      if (p < 0) t0 = Math.max(t0, r);
      else t1 = Math.min(t1, r);
      if (t0 > t1) return null;
    }
  }
  return [t0, t1];
}

const KIND_LABEL: Record<string, string> = { switchgear: 'switchgear', ups: 'UPS', pdu: 'PDU', busway: 'busway' };

interface PipeHit {
  lengthM: number;
  at: P3;
  pipes: Set<string>;
}

/**
 * Every loop's pipes against a set of footprints (uniform 4 m grid over their boxes, then exact
 * clipping): `measure(f, a, b, [t0, t1])` returns the length of the plan-clipped part of segment a→b
 * that counts (0 = none) and its mid parameter. Results per loop: footprint index → hit.
 */
/** One warning per loop and item hit, in item order, measured as the pipe length involved. */
function hitFindings(
  specs: readonly LoopSpec[],
  fps: readonly Footprint[],
  perLoop: Map<number, PipeHit>[],
  code: string,
  message: (spec: LoopSpec, e: Equipment, h: PipeHit) => string,
): Finding[] {
  const out: Finding[] = [];
  specs.forEach((spec, k) => {
    for (const [j, h] of [...perLoop[k]].sort((x, y) => x[0] - y[0])) {
      const e = fps[j].e;
      out.push(
        finding({
          code,
          severity: 'warning',
          subjects: [e.id, spec.id],
          idSubject: `${spec.id}:${e.id}`,
          message: message(spec, e, h),
          measured: { value: h.lengthM, unit: 'm' },
          limit: { value: 0, unit: 'm' },
          at: h.at,
        }),
      );
    }
  });
  return out;
}

function scanPipes(
  fps: readonly Footprint[],
  specs: readonly LoopSpec[],
  usePipe: (p: LoopPipeSpec) => boolean,
  measure: (f: Footprint, a: P3, b: P3, c: [number, number]) => { lengthM: number; t: number } | null,
  skip: (spec: LoopSpec, e: Equipment) => boolean = () => false,
): Map<number, PipeHit>[] {
  const CELL = 4;
  // cells keyed by a number (plans lie within ±100 km: |cell| < 25,000)
  const key = (gx: number, gy: number) => gx * 65_536 + gy;
  const grid = new Map<number, number[]>();
  fps.forEach((f, i) => {
    for (let gx = Math.floor(f.minX / CELL); gx <= Math.floor(f.maxX / CELL); gx++) {
      for (let gy = Math.floor(f.minY / CELL); gy <= Math.floor(f.maxY / CELL); gy++) {
        const l = grid.get(key(gx, gy));
        if (l) l.push(i);
        else grid.set(key(gx, gy), [i]);
      }
    }
  });
  // each footprint once per segment: the stamp of the last segment that looked at it
  const seen = new Int32Array(fps.length).fill(-1);
  let stamp = 0;
  const cand: number[] = [];
  return specs.map((spec) => {
    const hits = new Map<number, PipeHit>();
    if (!fps.length) return hits;
    for (const p of spec.pipes) {
      if (!usePipe(p)) continue;
      const path = p.path ?? [];
      for (let i = 1; i < path.length; i++) {
        const a = path[i - 1];
        const b = path[i];
        stamp++;
        cand.length = 0;
        for (let gx = Math.floor(Math.min(a[0], b[0]) / CELL); gx <= Math.floor(Math.max(a[0], b[0]) / CELL); gx++) {
          for (let gy = Math.floor(Math.min(a[1], b[1]) / CELL); gy <= Math.floor(Math.max(a[1], b[1]) / CELL); gy++) {
            const l = grid.get(key(gx, gy));
            if (!l) continue;
            for (const j of l) {
              if (seen[j] !== stamp) {
                seen[j] = stamp;
                cand.push(j);
              }
            }
          }
        }
        for (const j of cand) {
          const f = fps[j];
          if (skip(spec, f.e)) continue;
          if (Math.max(a[0], b[0]) < f.minX || Math.min(a[0], b[0]) > f.maxX || Math.max(a[1], b[1]) < f.minY || Math.min(a[1], b[1]) > f.maxY) continue;
          const c = clipToFootprint(a, b, f);
          if (!c) continue;
          const m = measure(f, a, b, c);
          if (!m) continue;
          const hit = hits.get(j) ?? { lengthM: 0, at: [a[0] + m.t * (b[0] - a[0]), a[1] + m.t * (b[1] - a[1]), a[2] + m.t * (b[2] - a[2])] as P3, pipes: new Set<string>() };
          hit.lengthM += m.lengthM;
          hit.pipes.add(p.id);
          hits.set(j, hit);
        }
      }
    }
    return hits;
  });
}

const pipeList = (h: PipeHit) => `${[...h.pipes].slice(0, 3).join(', ')}${h.pipes.size > 3 ? ', …' : ''}`;

/**
 * Warnings for pipe runs (mains and branches) whose plan projection crosses the footprint of
 * switchgear, a UPS, a PDU/RPP or a busway while the pipe is above the equipment's base — a leak would
 * fall onto it. One finding per loop and piece of equipment, measured as the pipe length over it.
 */
export function pipesOverElectrical(doc: LayoutDoc, specs: readonly LoopSpec[]): Finding[] {
  const kinds = new Set<string>(ELECTRICAL_KINDS);
  const fps = doc.equipment.filter((e) => kinds.has(e.kind)).map(footprint);
  const perLoop = scanPipes(fps, specs, () => true, (f, a, b, c) => {
    const za = a[2] + c[0] * (b[2] - a[2]);
    const zb = a[2] + c[1] * (b[2] - a[2]);
    if (Math.max(za, zb) <= f.e.position[2] + 1e-9) return null; // below the equipment: a drip falls away from it
    return { lengthM: (c[1] - c[0]) * Math.hypot(b[0] - a[0], b[1] - a[1]), t: (c[0] + c[1]) / 2 };
  });
  return hitFindings(
    specs,
    fps,
    perLoop,
    'pipe-over-electrical',
    (spec, e, h) =>
      `Loop ${spec.id} runs ${h.lengthM.toFixed(2)} m of pipe over ${e.name || e.id} (${KIND_LABEL[e.kind] ?? e.kind}; ${pipeList(h)}): a leak would fall onto live equipment. Reroute, or add a drip tray with leak detection.`,
  );
}

/** Clearance that does not count as a clash (a pipe resting on top of a cabinet), m. */
const CLASH_EPS_M = 1e-3;

/**
 * Warnings for mains that run through equipment (any kind but containment, which is an aisle): the
 * part of a main inside an item's box (footprint × base…top), beyond a millimetre. Rack branches end at
 * their rack and the loop's own CDUs hold the mains' first points, so neither is checked. One finding
 * per loop and item, measured as the length inside.
 */
export function pipesThroughEquipment(doc: LayoutDoc, specs: readonly LoopSpec[]): Finding[] {
  const fps = doc.equipment.filter((e) => e.kind !== 'containment').map(footprint);
  // mains join S/R nodes; every branch has a rack node (`<rack>.in` / `<rack>.out`), and only those hold a '.'
  const isMain = (p: LoopPipeSpec) => !p.from.includes('.') && !p.to.includes('.');
  const perLoop = scanPipes(fps, specs, isMain, (f, a, b, c) => {
    // within [t0, t1] (inside in plan) keep where base < z < top
    const lo = f.e.position[2] + CLASH_EPS_M;
    const hi = f.e.position[2] + f.e.props.heightM - CLASH_EPS_M;
    let t0 = c[0];
    let t1 = c[1];
    const dz = b[2] - a[2];
    if (Math.abs(dz) < 1e-12) {
      if (!(a[2] > lo && a[2] < hi)) return null;
    } else {
      const ta = (lo - a[2]) / dz;
      const tb = (hi - a[2]) / dz;
      t0 = Math.max(t0, Math.min(ta, tb));
      t1 = Math.min(t1, Math.max(ta, tb));
    }
    const len = (t1 - t0) * Math.hypot(b[0] - a[0], b[1] - a[1], dz);
    return len > CLASH_EPS_M ? { lengthM: len, t: (t0 + t1) / 2 } : null;
  }, (spec, e) => e.kind === 'cdu' && spec.cdus.some((c) => c.id === e.id));
  return hitFindings(
    specs,
    fps,
    perLoop,
    'pipe-clash',
    (spec, e, h) =>
      `Loop ${spec.id} runs ${h.lengthM.toFixed(2)} m of main through ${e.name || e.id} (${pipeList(h)}), between its base at ${e.position[2].toFixed(2)} m and its top at ${(e.position[2] + e.props.heightM).toFixed(2)} m. Route the main above or below it.`,
  );
}

// ---------------------------------------------------------------------------------------------------
// public entry points

/** The spec and the adapter's own notes (findings it raises itself, assumptions it made). */
export function adaptLayout(doc: LayoutDoc): { spec: LiquidSystemSpec; notes: AdaptNotes } {
  const byId = new Map(doc.equipment.map((e) => [e.id, e]));
  const plant = heatRejectionFromLayout(doc);
  const dewC = roomDewPointC(doc);
  const findings: Finding[] = [];
  const loops: LoopSpec[] = [];
  // racks on a loop the engine cannot solve: reported with that loop, not again as unconnected
  const reported = new Set<string>();
  for (const l of doc.pipeLoops ?? []) {
    const spec = loopSpec(l, byId, plant, dewC, findings);
    if (!spec.racks.length) {
      // drawn but carrying no heat yet (no taps, or only air racks): nothing flows by design
      findings.push(
        finding({
          code: 'no-racks',
          severity: 'info',
          subjects: [l.id, ...l.cduIds],
          idSubject: l.id,
          message: `Loop ${l.id} has no liquid-cooled rack tapped onto it; it is not analysed.`,
        }),
      );
      continue;
    }
    if (!spec.cdus.length) {
      findings.push(
        finding({
          code: 'no-cdu',
          severity: 'critical',
          subjects: [l.id, ...spec.racks.map((r) => r.id)],
          idSubject: l.id,
          message: `Loop ${l.id} has no CDU that can run: its ${spec.racks.length} rack(s) get no coolant.`,
        }),
      );
      for (const r of spec.racks) reported.add(r.id);
      continue;
    }
    loops.push(spec);
  }
  const liquidRackIds = doc.equipment.filter((e) => rackLiquidKw(e) > 0 && !reported.has(e.id)).map((e) => e.id);
  const spec: LiquidSystemSpec = {
    loops,
    liquidRackIds,
    heatRejection: plant.units.length ? { units: plant.units, designDryBulbC: doc.site.climate.designDryBulbC, designWetBulbC: doc.site.climate.designWetBulbC } : undefined,
  };
  if (loops.length && !plant.units.length) {
    findings.push(
      finding({
        code: 'no-heat-rejection',
        severity: 'warning',
        subjects: loops.flatMap((l) => l.cdus.map((c) => c.id)),
        idSubject: 'plant',
        message: 'No dry cooler or chiller in the layout: facility water is assumed to let each CDU hold its setpoint (setpoint − approach), and heat rejection is not checked. Place the heat-rejection plant.',
      }),
    );
  }
  for (const c of doc.equipment.filter((e) => e.kind === 'chiller')) {
    if (doc.site.climate.designDryBulbC > c.props.designAmbientC + 1e-9) {
      findings.push(
        finding({
          code: 'plant-rating-ambient',
          severity: 'info',
          subjects: [c.id],
          idSubject: c.id,
          message: `${c.name || c.id} is rated at ${c.props.designAmbientC} °C ambient; the site design dry bulb is ${doc.site.climate.designDryBulbC} °C. Its capacity is taken as rated; check the vendor's derating (typically 1–2 % per K).`,
          measured: { value: doc.site.climate.designDryBulbC, unit: '°C' },
          limit: { value: c.props.designAmbientC, unit: '°C' },
        }),
      );
    }
  }
  findings.push(...pipesOverElectrical(doc, loops), ...pipesThroughEquipment(doc, loops));
  return { spec, notes: { findings, roomDewPointC: dewC, plant } };
}

/** The engine input for a layout (pure). */
export function liquidSpecFromLayout(doc: LayoutDoc): LiquidSystemSpec {
  return adaptLayout(doc).spec;
}

/**
 * The liquid engine on a layout: `analyzeLiquid` on `liquidSpecFromLayout(doc)` plus the adapter's
 * findings. Small and serialisable (no per-pipe results): engine 'liquid', figures and findings.
 */
export function runLiquid(doc: LayoutDoc): EngineResult {
  const t0 = performance.now();
  const { spec, notes } = adaptLayout(doc);
  let a: ReturnType<typeof analyzeLiquid>;
  try {
    a = analyzeLiquid(spec);
  } catch (err) {
    // One loop the solver cannot handle must not silence the others: find it, report it, analyse the rest.
    const good: LoopSpec[] = [];
    const lost = new Set<string>();
    for (const l of spec.loops) {
      try {
        analyzeLiquid({ loops: [l], cduFailureCases: false });
        good.push(l);
      } catch (e) {
        for (const r of l.racks) lost.add(r.id);
        notes.findings.push(
          finding({
            code: 'loop-failed',
            severity: 'critical',
            subjects: [l.id, ...l.cdus.map((c) => c.id)],
            idSubject: l.id,
            message: `Loop ${l.id} could not be solved (${e instanceof Error ? e.message : String(e)}); its ${l.racks.length} rack(s) are unchecked.`,
          }),
        );
      }
    }
    if (good.length === spec.loops.length) throw err; // not a single loop's fault
    a = analyzeLiquid({ ...spec, loops: good, liquidRackIds: spec.liquidRackIds?.filter((id) => !lost.has(id)) });
  }
  const figures: Figure[] = a.figures.filter((f) => Number.isFinite(f.value));
  // NaN and −Infinity do not survive JSON: leave a figure out when it does not exist
  if (Number.isFinite(notes.plant.fwsSupplyC)) figures.push({ name: 'fwsSupplyC', label: 'Facility water supply at design', value: notes.plant.fwsSupplyC, unit: '°C' });
  if (Number.isFinite(notes.roomDewPointC)) figures.push({ name: 'roomDewPointC', label: 'Room dew point (design, assumed)', value: notes.roomDewPointC, unit: '°C' });
  // a pipe is no equipment the UI can frame: give pipe findings the middle of the pipe as their place
  const pipeAt = new Map<string, Vec3>();
  for (const l of spec.loops) {
    for (const p of l.pipes) {
      if (p.path && p.path.length >= 2) pipeAt.set(p.id, pointAtMid(p.path));
    }
  }
  const findings = [...a.findings, ...notes.findings].map((f) => (f.code === 'velocity' && !f.at && pipeAt.has(f.subjects[0]) ? { ...f, at: pipeAt.get(f.subjects[0]) } : f));
  return { engine: ENGINE, figures, findings, elapsedMs: performance.now() - t0, liquid: statesOf(spec.loops, a.loops) } as EngineResult;
}

/** The operating state of one pipe, for drawing (colour by flow, velocity or temperature). */
export interface PipeState {
  id: string;
  loopId: string;
  /** route, m (from → to in the nominal direction: away from the CDU on the supply, towards it on the return) */
  path: Vec3[];
  /** flow, L/min (negative: against the nominal direction) */
  flowLpm: number;
  velocityMps: number;
  /** temperature of the coolant in it (its upstream end), °C; null in a dead leg with no flow (JSON-safe) */
  tempC: number | null;
}

/** The operating state of one rack on a loop. */
export interface RackState {
  id: string;
  loopId: string;
  flowLpm: number;
  requiredFlowLpm: number;
  supplyC: number;
  returnC: number;
}

/**
 * Per-pipe and per-rack operating state of every analysable loop (no failure cases), for the view:
 * plain JSON, about 200 bytes per pipe. Loops the engine cannot solve are left out (runLiquid reports them).
 */
export function liquidStates(doc: LayoutDoc): { pipes: PipeState[]; racks: RackState[] } {
  const { spec } = adaptLayout(doc);
  const results: LoopResult[] = [];
  for (const l of spec.loops) {
    try {
      results.push(analyzeLiquid({ loops: [l], heatRejection: spec.heatRejection, cduFailureCases: false }).loops[0]);
    } catch {
      // runLiquid reports a loop the solver cannot handle
    }
  }
  return statesOf(spec.loops, results);
}

/** Drawing state from solved loops (matched to their specs by id). */
export function statesOf(loops: readonly LoopSpec[], results: readonly LoopResult[]): { pipes: PipeState[]; racks: RackState[] } {
  const pipes: PipeState[] = [];
  const racks: RackState[] = [];
  const byId = new Map(results.map((r) => [r.id, r]));
  for (const l of loops) {
    const res = byId.get(l.id);
    if (!res) continue;
    l.pipes.forEach((p, i) => {
      const r = res.pipes[i];
      const upstream = r.flowLpm >= 0 ? p.from : p.to;
      const tempC = res.nodeTempC[upstream];
      pipes.push({ id: p.id, loopId: l.id, path: p.path ?? [], flowLpm: r.flowLpm, velocityMps: r.velocityMps, tempC: Number.isFinite(tempC) ? tempC : null });
    });
    for (const r of res.racks) racks.push({ id: r.id, loopId: l.id, flowLpm: r.flowLpm, requiredFlowLpm: r.requiredFlowLpm, supplyC: r.supplyC, returnC: r.returnC });
  }
  return { pipes, racks };
}
