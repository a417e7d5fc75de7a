/**
 * Layout document → airflow `Domain` (see docs/airflow.md §10).
 *
 * One hall at a time. The domain is the hall outline's bounding box (x east, y north, z up, origin
 * at the box's min corner at floor level) up to the clear height, in cubic cells of `cellM`; cells
 * whose centre lies outside a non-rectangular outline are solid. The six sides are adiabatic no-slip
 * walls. Equipment of the hall becomes:
 *
 * | kind | airflow model |
 * |---|---|
 * | rack | solid body + `heat` device: inlet = front face cells, outlet = rear face cells, V̇ = Q_air/(ρ·c_p·ΔT_air), Q_air = heatToAirKw (the liquid share goes to the liquid side) |
 * | miner-shelf | solid body + `heat` device, V̇ = minerCount × minerAirflowM3s, Q = heatToAirKw; a fanless (hydro) shelf releases its air share as a heat source around its body |
 * | cooler (CRAH, fan wall, in-row) | solid body + `cooler` device: return at the front, supply at the rear, setpoint supplyTempC up to capacityKw; fan heat released into the supply air |
 * | cooler as a rear door (front against a rack's rear, same orientation) | solid door one cell behind the rack + `cooler` device drawing from the one-cell plenum between them (see §10) |
 * | evap-wall | solid body + `exchange` device blowing outside air cooled to T_db − ε(T_db − T_wb) (+ pump heat) out of its rear |
 * | exhaust-fan | solid body + `exchange` device drawing hall air in at its front (and out of the hall) |
 * | containment | thin solid roof and two end walls (the aisle is closed; leakage not modelled) |
 * | anything else with heatToAirKw > 0 (PDU, busway, UPS…) | solid body + heat source in the fluid cells around it |
 * | anything else | solid body |
 *
 * Hall openings: doors and louvres are pressure openings at the design dry bulb; an intake/exhaust
 * opening filled by evaporative walls / exhaust fans is the equipment's (no extra opening), an empty
 * one is a pressure opening too. Rotations are snapped to the nearest 90° for the device faces.
 */
import type { Equipment, Hall, LayoutDoc } from '../../src/model/document';
import { boxAabb, pointInPolygon, type Vec2 } from '../../src/model/geometry';
import { equipmentBox } from '../../src/model/ops';
import { getKind } from '../../src/catalog/registry';
import { evapOutletTempC } from '../../src/catalog/kinds/evap-wall';
import { DomainBuilder } from './builder';
import type { Device, DeviceModel, Domain, HeatSource, TurbulenceModel } from './domain';
import { resolveFluid } from './domain';
import type { BoxM, CellBox, FaceRef, Grid, Side } from './grid';
import { facesOnSide } from './grid';

export { cellSizeFor, hallBox, RESOLUTION_CELL_M, RESOLUTION_MAX_CELLS, RESOLUTION_MIN_LAYERS, type AirflowResolution } from './resolution';
import { cellSizeFor, hallBox, type AirflowResolution } from './resolution';

export interface LayoutDomainOptions {
  /** named resolution or a cell edge in metres (default 'normal') */
  resolution?: AirflowResolution | number;
  /**
   * doors: 'open' = pressure openings at the design dry bulb; 'closed' = wall; 'auto' (default) =
   * open in a hall ventilated with outside air (evaporative intakes or exhaust fans), closed in a
   * recirculating hall (a data hall's doors are shut in operation). Louvres and empty intake/exhaust
   * openings are always open.
   */
  doors?: 'open' | 'closed' | 'auto';
  /** turbulence model (default: a constant eddy viscosity from the hall's strongest jet and height, docs §4) */
  turbulence?: TurbulenceModel;
}

export type AirDeviceRole = 'rack' | 'miner' | 'cooler' | 'rear-door' | 'evap-intake' | 'exhaust-fan';

/** One airflow device made from one piece of equipment (or several merged, see `members`). */
export interface AirDeviceInfo {
  /** device id in the domain = the equipment id (or the first member's) */
  id: string;
  role: AirDeviceRole;
  /** equipment ids this device stands for (more than one when narrow equipment shared cells) */
  members: string[];
  flow_m3_s: number;
  /** heat to air (rack, miner), W */
  heat_W: number;
  /** cooler: capacity, W; setpoint, °C */
  capacity_W?: number;
  setpoint_C?: number;
  /** exchange intake: temperature of the air blown in, °C */
  outside_C?: number;
  inletFaces: number;
  outletFaces: number;
}

/** Where an IT intake is: for inlet statistics (mean, max) and hot-spot association. */
export interface IntakeInfo {
  /** equipment id (rack or miner shelf) */
  id: string;
  role: 'rack' | 'miner';
  /** fluid cells in front of the front face (whether or not the faces carry this device's flow) */
  cells: Int32Array;
  /** cells behind the rear face (exhaust) */
  exhaustCells: Int32Array;
  /** snapped front side in the grid */
  frontSide: Side;
  /** equipment box in cells */
  box: CellBox;
  /** the device carrying its air (itself, a merged device, or none when it has no air share) */
  deviceId: string | null;
  heat_W: number;
  flow_m3_s: number;
  /** miner shelves: throttle temperature, °C */
  maxInletC?: number;
}

export interface AirflowDomainInfo {
  hallId: string;
  domain: Domain;
  cellM: number;
  dims: [number, number, number];
  origin: [number, number, number];
  cells: number;
  fluidCells: number;
  devices: AirDeviceInfo[];
  intakes: IntakeInfo[];
  openings: { id: string; kind: string; faces: number }[];
  /** equipment of the hall made solid (all of it) */
  solidEquipment: number;
  /** heat released to the air, W: IT devices + other heat sources + cooler fans + pumps */
  heatToAir_W: number;
  /** heat of the hall's equipment that goes to liquid (not modelled in the air), W */
  heatToLiquid_W: number;
  /** true when something removes heat from the air (cooler, exchange device, pressure opening) */
  hasHeatRemoval: boolean;
  /** what was approximated or left out, for people */
  notes: string[];
  /** ambient (design dry bulb), °C */
  ambient_C: number;
  /** the turbulence model the domain uses (by default the hall's constant eddy viscosity, docs §4) */
  turbulence: TurbulenceModel;
}

const EPS = 1e-6;
/** cell layers of air between a rack's rear and its rear door */
const PLENUM = 1;

function sideOfNormal(n: Vec2): Side {
  if (Math.abs(n[0]) >= Math.abs(n[1])) return n[0] > 0 ? 'xmax' : 'xmin';
  return n[1] > 0 ? 'ymax' : 'ymin';
}
const OPPOSITE: Record<Side, Side> = { xmin: 'xmax', xmax: 'xmin', ymin: 'ymax', ymax: 'ymin', zmin: 'zmax', zmax: 'zmin' };

/** front (local −y) and rear sides of an equipment in the grid, rotation snapped to 90° */
export function frontSideOf(rotationDeg: number): Side {
  const r = (rotationDeg * Math.PI) / 180;
  // local (0,−1) rotated CCW by r
  return sideOfNormal([Math.sin(r), -Math.cos(r)]);
}

function cellBoxToM(g: Grid, cb: CellBox): BoxM {
  const h = g.h;
  const o = g.origin;
  return {
    min: [o[0] + cb.i0 * h, o[1] + cb.j0 * h, o[2] + cb.k0 * h],
    max: [o[0] + cb.i1 * h, o[1] + cb.j1 * h, o[2] + cb.k1 * h],
  };
}

/** index range keys of a horizontal axis in a `CellBox` */
const RANGE = [
  ['i0', 'i1'],
  ['j0', 'j1'],
] as const;

/** The one-cell layers either side of `cb` on a horizontal axis, before and after it (clipped to the
 *  grid: empty at its edge). */
function layersBeside(g: Grid, cb: CellBox, axis: 0 | 1): [CellBox, CellBox] {
  const [lo, hi] = RANGE[axis];
  const n = axis === 0 ? g.nx : g.ny;
  return [
    { ...cb, [lo]: Math.max(0, cb[lo] - 1), [hi]: cb[lo] },
    { ...cb, [lo]: cb[hi], [hi]: Math.min(n, cb[hi] + 1) },
  ];
}

function faceKey(f: FaceRef): number {
  return f.face * 3 + f.axis;
}

/**
 * Cell boxes that fill, within `layer`, the gap between the top of each floor-standing body that
 * overlaps it and the layer's top (one box per such body, clipped to the layer).
 */
function sealAbove(bodies: readonly CellBox[], layer: CellBox): CellBox[] {
  const out: CellBox[] = [];
  for (const bd of bodies) {
    if (bd.k0 !== 0 || bd.k1 >= layer.k1) continue;
    const i0 = Math.max(bd.i0, layer.i0);
    const i1 = Math.min(bd.i1, layer.i1);
    const j0 = Math.max(bd.j0, layer.j0);
    const j1 = Math.min(bd.j1, layer.j1);
    if (i1 > i0 && j1 > j0) out.push({ i0, i1, j0, j1, k0: bd.k1, k1: layer.k1 });
  }
  return out;
}

/** Axis-aligned metric box of an equipment (AABB of its rotated footprint), hall frame. */
function eqBoxM(e: Equipment, origin: [number, number, number]): BoxM {
  const a = boxAabb(equipmentBox(e));
  return {
    min: [a.minX - origin[0], a.minY - origin[1], e.position[2]],
    max: [a.maxX - origin[0], a.maxY - origin[1], e.position[2] + e.props.heightM],
  };
}

function overlap1(a0: number, a1: number, b0: number, b1: number): number {
  return Math.max(0, Math.min(a1, b1) - Math.max(a0, b0));
}

interface PendingDevice {
  id: string;
  role: AirDeviceRole;
  members: string[];
  box: CellBox;
  boxM: BoxM;
  inletSide: Side | null;
  outletSide: Side | null;
  flow: number;
  model: DeviceModel;
  heat_W: number;
  inlet: FaceRef[];
  outlet: FaceRef[];
  mergedInto?: number;
}

/** Build the airflow domain of one hall of the document. */
export function airflowDomainFromLayout(doc: LayoutDoc, hallId: string, opts: LayoutDomainOptions = {}): AirflowDomainInfo {
  const hall = doc.halls.find((h) => h.id === hallId);
  if (!hall) throw new Error(`airflow: no hall ${hallId}`);
  const res = opts.resolution ?? 'normal';
  const { origin, size } = hallBox(hall);
  const h = typeof res === 'number' ? res : cellSizeFor(size, res);
  if (!(h > 0)) throw new Error(`airflow: bad cell size ${res}`);
  const notes: string[] = [];
  const ambient = doc.site.climate.designDryBulbC;
  const wetBulb = doc.site.climate.designWetBulbC;

  const b = new DomainBuilder(size, h);
  const g = b.grid;
  const fluid = resolveFluid();
  const rc = fluid.rho * fluid.cp;

  // outline: cells whose centre is outside → solid
  const outside: CellBox[] = [];
  for (let j = 0; j < g.ny; j++)
    for (let i = 0; i < g.nx; i++) {
      const c = g.cellCentre(i, j, 0);
      if (!pointInPolygon([c[0] + origin[0], c[1] + origin[1]], hall.outline)) outside.push({ i0: i, i1: i + 1, j0: j, j1: j + 1, k0: 0, k1: g.nz });
    }
  for (const cb of outside) b.solid(cellBoxToM(g, cb));
  if (outside.length) notes.push(`${outside.length} plan cells outside the outline are solid`);

  const items = doc.equipment.filter((e) => e.hallId === hallId);
  const racks = items.filter((e) => e.kind === 'rack');
  const pend: PendingDevice[] = [];
  const heatShells: { id: string; box: CellBox; power_W: number; where: 'shell' | Side }[] = [];
  const intakes: (IntakeInfo & { pendIndex: number })[] = [];
  let heatToAir = 0;
  let heatToLiquid = 0;
  let solidEq = 0;

  // rear doors: a cooler whose front face touches a rack's rear face with the same orientation
  const rearDoorOf = new Map<string, Equipment>(); // rack id → door
  for (const c of items.filter((e) => e.kind === 'cooler')) {
    const cf = frontSideOf(c.rotationDeg);
    const cb = equipmentBox(c);
    for (const r of racks) {
      if (frontSideOf(r.rotationDeg) !== cf) continue;
      const rb = equipmentBox(r);
      // distance along the facing normal between the rack's rear plane and the door's front plane
      const rad = (r.rotationDeg * Math.PI) / 180;
      const n: Vec2 = [-Math.sin(rad), Math.cos(rad)]; // rear normal (local +y)
      const t: Vec2 = [Math.cos(rad), Math.sin(rad)]; // local x
      const d = (c.position[0] - r.position[0]) * n[0] + (c.position[1] - r.position[1]) * n[1];
      const lat = Math.abs((c.position[0] - r.position[0]) * t[0] + (c.position[1] - r.position[1]) * t[1]);
      if (Math.abs(d - (rb.depthM + cb.depthM) / 2) < 0.05 && lat < Math.min(rb.widthM, cb.widthM) / 2) rearDoorOf.set(r.id, c);
    }
  }
  const doorIds = new Set([...rearDoorOf.values()].map((e) => e.id));
  const containments: Equipment[] = [];

  // equipment bodies as cells (containment seals the gap between a row's tops and its own height)
  const bodies: CellBox[] = [];
  const solidBox = (bm: BoxM): CellBox => {
    solidEq++;
    const cb = b.solid(bm);
    bodies.push(cb);
    return cb;
  };

  for (const e of items) {
    const kd = getKind(e.kind);
    const p = e.props as Record<string, number>;
    const bm = eqBoxM(e, origin);
    const front = frontSideOf(e.rotationDeg);
    const rear = OPPOSITE[front];
    const qAir = kd ? Math.max(0, kd.heatToAirKw(e.props)) * 1000 : 0;
    const qLiq = kd ? Math.max(0, kd.heatToLiquidKw(e.props)) * 1000 : 0;
    heatToLiquid += qLiq;
    if (doorIds.has(e.id)) continue; // placed with its rack below
    if (e.kind === 'containment') {
      containments.push(e);
      continue;
    }
    const cb = solidBox(bm);
    if (e.kind === 'rack' || e.kind === 'miner-shelf') {
      const role = e.kind === 'rack' ? 'rack' : 'miner';
      let flow = 0;
      if (e.kind === 'rack') flow = qAir > 0 ? qAir / (rc * p.airDeltaTK) : 0;
      else flow = p.minerCount * p.minerAirflowM3s;
      heatToAir += qAir;
      const intake: IntakeInfo & { pendIndex: number } = {
        id: e.id,
        role,
        cells: new Int32Array(0),
        exhaustCells: new Int32Array(0),
        frontSide: front,
        box: cb,
        deviceId: null,
        heat_W: qAir,
        flow_m3_s: flow,
        pendIndex: -1,
        ...(role === 'miner' ? { maxInletC: p.maxInletTempC } : {}),
      };
      intakes.push(intake);
      if (flow > 0) {
        intake.pendIndex = pend.length;
        pend.push({ id: e.id, role, members: [e.id], box: cb, boxM: bm, inletSide: front, outletSide: rear, flow, model: { kind: 'heat', heat_W: qAir }, heat_W: qAir, inlet: [], outlet: [] });
        const door = rearDoorOf.get(e.id);
        if (door) {
          // plenum: the one cell layer behind the rack stays fluid; the door is the next layer
          const db = { ...cb };
          const ax = rear === 'xmin' || rear === 'xmax' ? 'i' : 'j';
          const hi = rear === 'xmax' || rear === 'ymax';
          if (ax === 'i') {
            db.i0 = hi ? cb.i1 + PLENUM : cb.i0 - PLENUM - 1;
            db.i1 = db.i0 + 1;
          } else {
            db.j0 = hi ? cb.j1 + PLENUM : cb.j0 - PLENUM - 1;
            db.j1 = db.j0 + 1;
          }
          const dp = door.props as Record<string, number>;
          const doorBox = cellBoxToM(g, db);
          solidBox(doorBox);
          const dflow = dp.fanPowerKw > 0 ? dp.airflowM3s : flow;
          heatToAir += dp.fanPowerKw * 1000;
          pend.push({
            id: door.id,
            role: 'rear-door',
            members: [door.id],
            box: db,
            boxM: doorBox,
            inletSide: front,
            outletSide: rear,
            flow: dflow,
            model: { kind: 'cooler', setpoint_C: dp.supplyTempC, capacity_W: dp.capacityKw * 1000 },
            heat_W: 0,
            inlet: [],
            outlet: [],
          });
          if (dp.fanPowerKw > 0) heatShells.push({ id: `${door.id}:fans`, box: db, power_W: dp.fanPowerKw * 1000, where: rear });
          notes.push(`rear door ${door.id} on ${e.id}: door cells one cell behind the rack, a one-cell plenum between`);
        }
      } else if (qAir > 0) {
        heatShells.push({ id: e.id, box: cb, power_W: qAir, where: 'shell' });
        notes.push(`${e.id} has no air flow of its own: its ${(qAir / 1000).toFixed(1)} kW to air is released around its body`);
      }
      continue;
    }
    if (e.kind === 'cooler') {
      if (!(p.airflowM3s > 0)) continue;
      pend.push({
        id: e.id,
        role: 'cooler',
        members: [e.id],
        box: cb,
        boxM: bm,
        inletSide: front,
        outletSide: rear,
        flow: p.airflowM3s,
        model: { kind: 'cooler', setpoint_C: p.supplyTempC, capacity_W: p.capacityKw * 1000 },
        heat_W: 0,
        inlet: [],
        outlet: [],
      });
      if (qAir > 0) {
        heatToAir += qAir;
        heatShells.push({ id: `${e.id}:fans`, box: cb, power_W: qAir, where: rear });
      }
      continue;
    }
    if (e.kind === 'evap-wall') {
      if (!(p.airflowM3s > 0)) continue;
      const tOut = evapOutletTempC(ambient, wetBulb, p.effectiveness) + (p.pumpPowerKw * 1000) / (rc * p.airflowM3s);
      heatToAir += 0; // the pump heat is in the supply temperature (outside air), not released inside
      pend.push({ id: e.id, role: 'evap-intake', members: [e.id], box: cb, boxM: bm, inletSide: null, outletSide: rear, flow: p.airflowM3s, model: { kind: 'exchange', outside_C: tOut }, heat_W: 0, inlet: [], outlet: [] });
      continue;
    }
    if (e.kind === 'exhaust-fan') {
      if (!(p.airflowM3s > 0)) continue;
      pend.push({ id: e.id, role: 'exhaust-fan', members: [e.id], box: cb, boxM: bm, inletSide: front, outletSide: null, flow: p.airflowM3s, model: { kind: 'exchange', outside_C: ambient }, heat_W: 0, inlet: [], outlet: [] });
      continue;
    }
    if (qAir > 0) {
      heatToAir += qAir;
      heatShells.push({ id: e.id, box: cb, power_W: qAir, where: 'shell' });
    }
  }

  // containment: end walls to the containment height; the roof is solid when a device inside the
  // aisle draws the air out (in-row cooler, exhaust), else the aisle is a chimney: its long sides
  // continue up to one cell below the ceiling, the top stays open (a ceiling return), see §10
  for (const e of containments) {
    const p = e.props as Record<string, number>;
    const bm = eqBoxM(e, origin);
    const front = frontSideOf(e.rotationDeg);
    const aisle = g.boxToCells(bm);
    const kTop = Math.min(g.nz - 1, Math.max(1, Math.round((e.position[2] + p.heightM) / h)));
    // the aisle runs along x when the containment faces ±y: its ends close it on that axis, its long sides face the other
    const along: 0 | 1 = front === 'ymin' || front === 'ymax' ? 0 : 1;
    const across: 0 | 1 = along === 0 ? 1 : 0;
    const drawsFromAisle = pend.some((d) => {
      if (d.model.kind === 'heat' || !d.inletSide) return false;
      const m = d.boxM;
      // the device's inlet side faces into the aisle footprint
      const lo = [bm.min[0], bm.min[1]];
      const hi = [bm.max[0], bm.max[1]];
      const s = d.inletSide;
      const ax = s === 'xmin' || s === 'xmax' ? 0 : 1;
      const plane = s === 'xmax' || s === 'ymax' ? m.max[ax] : m.min[ax];
      const o = 1 - ax;
      return plane >= lo[ax] - 0.05 && plane <= hi[ax] + 0.05 && overlap1(m.min[o], m.max[o], lo[o], hi[o]) > 0;
    });
    const ends = layersBeside(g, { ...aisle, k0: 0, k1: kTop + (drawsFromAisle ? 1 : 0) }, along);
    const [endLo, endHi] = RANGE[along];
    const roof: CellBox = { ...aisle, k0: kTop, k1: kTop + 1, [endLo]: ends[0][endLo], [endHi]: ends[1][endHi] };
    const sides = layersBeside(g, { ...aisle, k0: kTop, k1: g.nz - 1 }, across);
    // the rows flanking the aisle are its walls: where a body (rack) in the layer beside the aisle
    // snaps lower than the containment, blank the gap above it up to the containment height, as the
    // panels above shorter racks do (else the air would pass over the racks at some cell sizes and
    // not at others: 2.2 m racks are 2.0 m tall at 0.5 m cells, the containment 2.5 m)
    const seals = layersBeside(g, { ...aisle, k0: 0, k1: kTop }, across).flatMap((layer) => sealAbove(bodies, layer));
    const parts = drawsFromAisle ? [roof, ...ends, ...seals] : [...ends, ...seals, ...(kTop < g.nz - 1 ? sides : [])];
    for (const c of parts) if (c.i1 > c.i0 && c.j1 > c.j0 && c.k1 > c.k0) b.solid(cellBoxToM(g, c));
    solidEq++;
    if (!drawsFromAisle) notes.push(`containment ${e.id}: nothing draws air out of the aisle, so it is modelled as a chimney to a ceiling return (ends closed, sides carried up to ${((g.nz - 1) * h).toFixed(1)} m, top open)`);
  }

  // openings
  const filledBy = (o: { min: [number, number, number]; max: [number, number, number] }, kind: string) =>
    pend.some((d) => {
      if (d.role !== kind) return false;
      const m = d.boxM;
      return (
        overlap1(m.min[0], m.max[0], o.min[0] - h, o.max[0] + h) > 0 &&
        overlap1(m.min[1], m.max[1], o.min[1] - h, o.max[1] + h) > 0 &&
        overlap1(m.min[2], m.max[2], o.min[2], o.max[2]) > 0
      );
    });
  const openingInfo: { id: string; kind: string; faces: number }[] = [];
  const doorMode = opts.doors ?? 'auto';
  const doorsOpen = doorMode === 'open' || (doorMode === 'auto' && pend.some((d) => d.model.kind === 'exchange'));
  if (!doorsOpen && hall.openings.some((o) => o.kind === 'door')) notes.push('doors are modelled shut');
  for (const o of hall.openings) {
    if (o.kind === 'door' && !doorsOpen) continue;
    const spec = openingRect(hall, o.wall, o.offsetM, o.widthM, o.sillM, o.heightM, origin, size, h);
    if (!spec) {
      notes.push(`opening ${o.id} is on a wall that is not on the hall's bounding box: not modelled`);
      continue;
    }
    if (o.kind === 'intake' && filledBy(spec.rect, 'evap-intake')) continue;
    if (o.kind === 'exhaust' && filledBy(spec.rect, 'exhaust-fan')) continue;
    b.opening({ id: o.id, side: spec.side, rect: spec.rect, kind: 'pressure', temperature_C: ambient });
    openingInfo.push({ id: o.id, kind: o.kind, faces: 0 });
  }

  const fluidRef = { Tref_C: 20 };
  const turbulence = opts.turbulence ?? { kind: 'constant', nut_m2_s: hallEddyViscosity(pend, size[2]) };
  const domain = b.build(fluidRef, turbulence);
  (domain.openings ?? []).forEach((op, i) => (openingInfo[i].faces = op.faces.length));

  // device faces: each face to the device covering most of it; a device left without faces on a
  // side it needs is merged into the device that took them (same model kind) or becomes a heat source
  const cand = new Map<number, { dev: number; which: 'in' | 'out'; cover: number; f: FaceRef }[]>();
  pend.forEach((d, di) => {
    for (const [which, side] of [
      ['in', d.inletSide],
      ['out', d.outletSide],
    ] as const) {
      if (!side) continue;
      for (const f of facesOnSide(g, d.box, side)) {
        const list = cand.get(faceKey(f)) ?? [];
        list.push({ dev: di, which, cover: faceCover(g, f, d.boxM), f });
        cand.set(faceKey(f), list);
      }
    }
  });
  const owner = new Map<number, number>();
  for (const [k, list] of cand) {
    let best = list[0];
    for (const c of list) if (c.cover > best.cover + EPS) best = c;
    owner.set(k, best.dev);
    const d = pend[best.dev];
    (best.which === 'in' ? d.inlet : d.outlet).push(best.f);
  }
  const root = (i: number): number => {
    let x = i;
    while (x >= 0 && pend[x].mergedInto !== undefined) x = pend[x].mergedInto!;
    return x;
  };
  pend.forEach((d, di) => {
    const needIn = d.inletSide !== null;
    const needOut = d.outletSide !== null;
    if ((!needIn || d.inlet.length > 0) && (!needOut || d.outlet.length > 0)) return;
    // who took the faces it wanted?
    const takers = new Map<number, number>();
    for (const side of [d.inletSide, d.outletSide]) {
      if (!side) continue;
      for (const f of facesOnSide(g, d.box, side)) {
        const o = owner.get(faceKey(f));
        if (o !== undefined && o !== di) takers.set(o, (takers.get(o) ?? 0) + 1);
      }
    }
    let host = -1;
    let n = 0;
    for (const [o, c] of takers) {
      const r = root(o);
      if (c > n && r >= 0 && r !== di && pend[r].model.kind === d.model.kind) {
        host = r;
        n = c;
      }
    }
    // give back any faces it did get
    if (host >= 0) {
      const H = pend[host];
      H.inlet.push(...d.inlet);
      H.outlet.push(...d.outlet);
      d.inlet = [];
      d.outlet = [];
      d.mergedInto = host;
      H.members.push(...d.members);
      H.flow += d.flow;
      H.heat_W += d.heat_W;
      if (H.model.kind === 'heat' && d.model.kind === 'heat') H.model = { kind: 'heat', heat_W: H.model.heat_W + d.model.heat_W };
      else if (H.model.kind === 'cooler' && d.model.kind === 'cooler')
        H.model = { kind: 'cooler', setpoint_C: Math.min(H.model.setpoint_C, d.model.setpoint_C), capacity_W: H.model.capacity_W + d.model.capacity_W };
      notes.push(`${d.id} shares cells with ${H.id} at ${h.toFixed(2)} m: modelled as one device (flows and heat added)`);
    } else {
      d.mergedInto = -1;
      if (d.heat_W > 0) {
        heatShells.push({ id: d.id, box: d.box, power_W: d.heat_W, where: 'shell' });
        notes.push(`${d.id} has no free ${d.inlet.length ? 'outlet' : 'inlet'} face at ${h.toFixed(2)} m: its heat is released around its body`);
      } else notes.push(`${d.id} has no free ${d.inlet.length || !d.inletSide ? 'outlet' : 'inlet'} face at ${h.toFixed(2)} m: not modelled`);
      // faces it got are left unclaimed (walls)
      d.inlet = [];
      d.outlet = [];
    }
  });
  const live = pend.filter((d) => d.mergedInto === undefined);

  // a sealed hall: fixed exchange flows must balance (the fans would settle where they do)
  const hasPressure = (domain.openings ?? []).some((o) => o.faces.length > 0);
  if (!hasPressure) {
    const inFlow = live.filter((d) => d.model.kind === 'exchange' && d.outlet.length).reduce((s, d) => s + d.flow, 0);
    const outFlow = live.filter((d) => d.model.kind === 'exchange' && d.inlet.length).reduce((s, d) => s + d.flow, 0);
    if (Math.abs(inFlow - outFlow) > 1e-9 * Math.max(inFlow, outFlow, 1) && inFlow > 0 && outFlow > 0) {
      const target = Math.min(inFlow, outFlow);
      for (const d of live) {
        if (d.model.kind !== 'exchange') continue;
        if (d.outlet.length && inFlow > target) d.flow *= target / inFlow;
        if (d.inlet.length && outFlow > target) d.flow *= target / outFlow;
      }
      notes.push(`sealed hall: intake ${inFlow.toFixed(1)} m³/s vs exhaust ${outFlow.toFixed(1)} m³/s; the larger side is scaled to ${target.toFixed(1)} m³/s`);
    } else if ((inFlow > 0) !== (outFlow > 0)) {
      for (const d of live) if (d.model.kind === 'exchange') d.mergedInto = -1;
      notes.push('sealed hall with intake or exhaust fans only: no air can move, the fans are not modelled');
    }
  }

  const devices: Device[] = [];
  const devInfo: AirDeviceInfo[] = [];
  for (const d of pend) {
    if (d.mergedInto !== undefined) continue;
    if (!(d.flow > 0)) continue;
    devices.push({ id: d.id, inlet: d.inlet, outlet: d.outlet, flow_m3_s: d.flow, model: d.model });
    devInfo.push({
      id: d.id,
      role: d.role,
      members: d.members,
      flow_m3_s: d.flow,
      heat_W: d.heat_W,
      ...(d.model.kind === 'cooler' ? { capacity_W: d.model.capacity_W, setpoint_C: d.model.setpoint_C } : {}),
      ...(d.model.kind === 'exchange' && d.outlet.length ? { outside_C: d.model.outside_C } : {}),
      inletFaces: d.inlet.length,
      outletFaces: d.outlet.length,
    });
  }
  domain.devices = devices;

  // heat sources: shells of fluid cells around bodies (or the layer beyond one side)
  const heatSources: HeatSource[] = [];
  for (const s of heatShells) {
    const cells = s.where === 'shell' ? shellCells(g, s.box) : Int32Array.from(facesOnSide(g, s.box, s.where).map((f) => f.cell));
    const use = cells.length ? cells : shellCells(g, s.box);
    if (use.length === 0) {
      notes.push(`${s.id}: no fluid cell around it for its ${(s.power_W / 1000).toFixed(1)} kW`);
      continue;
    }
    heatSources.push({ id: s.id, cells: use, power_W: s.power_W });
  }
  domain.heatSources = heatSources;

  // intakes: cells in front / behind
  const outIntakes: IntakeInfo[] = intakes.map((it) => {
    const front = facesOnSide(g, it.box, it.frontSide);
    const back = facesOnSide(g, it.box, OPPOSITE[it.frontSide]);
    let dev: string | null = null;
    if (it.pendIndex >= 0) {
      const r = root(it.pendIndex);
      dev = r >= 0 && pend[r].mergedInto === undefined ? pend[r].id : null;
    }
    const { pendIndex: _p, ...rest } = it;
    void _p;
    return { ...rest, cells: Int32Array.from(new Set(front.map((f) => f.cell))), exhaustCells: Int32Array.from(new Set(back.map((f) => f.cell))), deviceId: dev };
  });

  // reference temperature: the cooling supply (coolers' setpoints or the intake air), else ambient
  const supplies = devInfo.filter((d) => d.setpoint_C !== undefined || d.outside_C !== undefined);
  const tSupply = supplies.length
    ? supplies.reduce((s, d) => s + d.flow_m3_s * (d.setpoint_C ?? d.outside_C!), 0) / supplies.reduce((s, d) => s + d.flow_m3_s, 0)
    : ambient;
  fluidRef.Tref_C = tSupply;
  domain.fluid = { Tref_C: tSupply };

  const hasRemoval = devices.some((d) => d.model.kind === 'cooler' || d.model.kind === 'exchange') || hasPressure;
  return {
    hallId,
    domain,
    cellM: h,
    dims: [g.nx, g.ny, g.nz],
    origin,
    cells: g.nCells,
    fluidCells: g.fluidCellCount(),
    devices: devInfo,
    intakes: outIntakes,
    openings: openingInfo,
    solidEquipment: solidEq,
    heatToAir_W: heatToAir,
    heatToLiquid_W: heatToLiquid,
    hasHeatRemoval: hasRemoval,
    notes,
    ambient_C: ambient,
    turbulence,
  };
}

/** the hall model's eddy viscosity: C_μ^¼·√(3/2)·I·l with turbulence intensity I = 10 %, l = 0.07·H (docs §4) */
export const HALL_NUT_PER_SPEED_HEIGHT = Math.pow(0.09, 0.25) * Math.sqrt(1.5) * 0.1 * 0.07;
/** the largest jet speed the hall eddy viscosity takes into account, m/s */
export const HALL_JET_MAX_M_S = 10;
/** lower bound of the hall eddy viscosity, m²/s (≈ 330 ν; rooms with barely any forced flow) */
export const HALL_NUT_MIN = 0.005;

/**
 * Effective (eddy) viscosity of a hall, m²/s: ν_t = C_μ^¼ √k l with k = 3/2 (I·U_s)² — the standard
 * k–ε estimate for turbulence fed by the hall's strongest jets (speed U_s: the largest device outlet
 * speed, flow over the metric outlet face, so the same on every grid), intensity I = 10 % and mixing
 * length l = 0.07·H (H the clear height). 0.082 m²/s in the sample halls (2.5 m/s fan walls, 7 m).
 */
function hallEddyViscosity(devices: readonly PendingDevice[], heightM: number): number {
  let uSupply = 0;
  for (const d of devices) {
    if (!d.outletSide || !(d.flow > 0)) continue;
    const ax = d.outletSide[0] === 'x' ? 0 : d.outletSide[0] === 'y' ? 1 : 2;
    const ext = [0, 1, 2].filter((a) => a !== ax).map((a) => d.boxM.max[a] - d.boxM.min[a]);
    const area = ext[0] * ext[1];
    if (area > 0) uSupply = Math.max(uSupply, d.flow / area);
  }
  // a device with an implausibly small face (a typo in its size) must not make the whole hall syrup:
  // discharge speeds of air-handling equipment stay below ≈ 10 m/s
  uSupply = Math.min(uSupply, HALL_JET_MAX_M_S);
  return Math.max(HALL_NUT_MIN, HALL_NUT_PER_SPEED_HEIGHT * uSupply * heightM);
}

/** share of a face square covered by the metric box's extent across the face plane */
function faceCover(g: Grid, f: FaceRef, bm: BoxM): number {
  const nx = g.nx;
  const ny = g.ny;
  const c = f.cell;
  const i = c % nx;
  const j = Math.floor(c / nx) % ny;
  const k = Math.floor(c / (nx * ny));
  const idx = [i, j, k];
  const h = g.h;
  let a = 1;
  for (let ax = 0; ax < 3; ax++) {
    if (ax === f.axis) continue;
    const lo = g.origin[ax] + idx[ax] * h;
    a *= overlap1(lo, lo + h, bm.min[ax], bm.max[ax]) / h;
  }
  return a;
}

/** fluid cells sharing a face with the box (its six sides) */
function shellCells(g: Grid, cb: CellBox): Int32Array {
  const set = new Set<number>();
  for (const s of ['xmin', 'xmax', 'ymin', 'ymax', 'zmin', 'zmax'] as Side[]) for (const f of facesOnSide(g, cb, s)) set.add(f.cell);
  return Int32Array.from(set);
}

/** A wall opening's patch on a domain side (hall frame), or null when the wall is not on the bounding box. */
function openingRect(
  hall: Hall,
  wall: number,
  offsetM: number,
  widthM: number,
  sillM: number,
  heightM: number,
  origin: [number, number, number],
  size: [number, number, number],
  h: number,
): { side: Side; rect: { min: [number, number, number]; max: [number, number, number] } } | null {
  const n = hall.outline.length;
  const a = hall.outline[((wall % n) + n) % n];
  const bb = hall.outline[(wall + 1) % n];
  const dx = bb[0] - a[0];
  const dy = bb[1] - a[1];
  const len = Math.hypot(dx, dy);
  if (len === 0) return null;
  const ux = dx / len;
  const uy = dy / len;
  const c0 = Math.max(0, offsetM - widthM / 2);
  const c1 = Math.min(len, offsetM + widthM / 2);
  const p0: Vec2 = [a[0] + ux * c0 - origin[0], a[1] + uy * c0 - origin[1]];
  const p1: Vec2 = [a[0] + ux * c1 - origin[0], a[1] + uy * c1 - origin[1]];
  const z0 = sillM;
  const z1 = Math.min(size[2], sillM + heightM);
  const tol = h / 2;
  let side: Side;
  if (Math.abs(dy) < 1e-9 * len && Math.abs(p0[1]) < tol) side = 'ymin';
  else if (Math.abs(dy) < 1e-9 * len && Math.abs(p0[1] - size[1]) < tol) side = 'ymax';
  else if (Math.abs(dx) < 1e-9 * len && Math.abs(p0[0]) < tol) side = 'xmin';
  else if (Math.abs(dx) < 1e-9 * len && Math.abs(p0[0] - size[0]) < tol) side = 'xmax';
  else return null;
  return {
    side,
    rect: {
      min: [Math.min(p0[0], p1[0]), Math.min(p0[1], p1[1]), z0],
      max: [Math.max(p0[0], p1[0]), Math.max(p0[1], p1[1]), z1],
    },
  };
}
