/**
 * Layout → airflow domain (workers/airflow/layout.ts) and the airflow engine (engine.ts):
 * conversion counts and exact device flows, orientation, a closed room through the layout path
 * against the hand energy balance, mirror symmetry, ASHRAE / RCI / RTI formulas, the two samples.
 * Grids are coarse (0.25–1 m) so the file runs in well under a minute.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveModel } from '../../src/catalog/registry';
import { emptyHallDoc, type Equipment, type LayoutDoc, type Props } from '../../src/model/document';
import { loadLayout } from '../../src/model/load';
import { airflowDomainFromLayout, cellSizeFor, frontSideOf, HALL_NUT_MIN } from '../../workers/airflow/layout';
import { ashraeSeverity, ENGINE_BUOYANCY_STEP, ENGINE_CFL, ENGINE_COARSE_TEMPERATURE_SWEEPS, engineSolverOptions, findHotSpots, rackCoolingIndex, returnTemperatureIndex, runAirflow, type AirflowSnapshot } from '../../workers/airflow/engine';
import { AirflowSolver } from '../../workers/airflow/solver';
import { resolveFluid } from '../../workers/airflow/domain';
import type { Grid } from '../../workers/airflow/grid';

const { rho: RHO, cp: CP } = resolveFluid();
const props = (kind: string, model: string, over: Record<string, number> = {}): Props => ({ ...(resolveModel(kind, model)!.props as Props), ...over });
const eq = (id: string, kind: string, model: string, x: number, y: number, rot = 0, over: Record<string, number> = {}, z = 0): Equipment => ({
  id,
  kind,
  model,
  name: id,
  hallId: 'hall-1',
  position: [x, y, z],
  rotationDeg: rot,
  props: props(kind, model, over),
});

function sample(name: string): LayoutDoc {
  const r = loadLayout(readFileSync(resolve(__dirname, `../../public/samples/${name}.json`), 'utf8'));
  if (!r.ok) throw new Error(r.summary);
  return r.doc;
}

/** solid cells of the equipment (everything but the outline) */
function rackCells(d: ReturnType<typeof airflowDomainFromLayout>): number {
  let n = 0;
  for (const it of d.intakes) n += (it.box.i1 - it.box.i0) * (it.box.j1 - it.box.j0) * (it.box.k1 - it.box.k0);
  return n;
}

/** (i, j, k) of a cell index */
function ijk(g: Grid, c: number): [number, number, number] {
  return [c % g.nx, Math.floor(c / g.nx) % g.ny, Math.floor(c / (g.nx * g.ny))];
}

describe('layout → airflow domain', () => {
  it('device flows from the catalog: air rack, liquid rack, miner shelf, cooler (exact)', () => {
    const doc = emptyHallDoc(16, 10, 4);
    doc.equipment = [
      eq('air', 'rack', 'hgx-h100-4x-air', 4, 5),
      eq('liq', 'rack', 'gb200-nvl72', 6, 5),
      eq('mine', 'miner-shelf', 's19pro-shelf', 9, 5),
      eq('crah', 'cooler', 'crah-150', 13, 5, 90),
    ];
    const d = airflowDomainFromLayout(doc, 'hall-1', { resolution: 0.5 });
    expect(d.dims).toEqual([32, 20, 8]);
    expect(d.cells).toBe(32 * 20 * 8);
    expect(d.cellM).toBe(0.5);
    expect(d.devices.map((x) => x.id)).toEqual(['air', 'liq', 'mine', 'crah']);
    const byId = new Map(d.devices.map((x) => [x.id, x]));
    // 41 kW all to air at ΔT 15 K: V̇ = Q/(ρ·c_p·ΔT)
    expect(byId.get('air')!.flow_m3_s).toBeCloseTo(41_000 / (RHO * CP * 15), 12);
    expect(byId.get('air')!.heat_W).toBeCloseTo(41_000, 9);
    // NVL72: 15 % of 132 kW to air at 15 K; 85 % goes to the liquid side
    expect(byId.get('liq')!.flow_m3_s).toBeCloseTo((132_000 * 0.15) / (RHO * CP * 15), 12);
    expect(byId.get('liq')!.heat_W).toBeCloseTo(132_000 * 0.15, 6);
    expect(d.heatToLiquid_W).toBeCloseTo(132_000 * 0.85, 6);
    // miners: 30 × 0.19 m³/s, 30 × 3.25 kW
    expect(byId.get('mine')!.flow_m3_s).toBeCloseTo(30 * 0.19, 12);
    expect(byId.get('mine')!.heat_W).toBeCloseTo(30 * 3250, 9);
    const c = byId.get('crah')!;
    expect([c.flow_m3_s, c.capacity_W, c.setpoint_C]).toEqual([10.5, 150_000, 22]);
    // released to air: racks + miners + CRAH fans (6.3 kW)
    expect(d.heatToAir_W).toBeCloseTo(41_000 + 19_800 + 97_500 + 6_300, 6);
    expect(d.domain.heatSources!.map((h) => h.id)).toEqual(['crah:fans']);
    // every device face is claimed once and sits next to a fluid cell
    const seen = new Set<string>();
    for (const dev of d.domain.devices!)
      for (const f of [...dev.inlet, ...dev.outlet]) {
        const k = `${f.axis}:${f.face}`;
        expect(seen.has(k)).toBe(false);
        seen.add(k);
        expect(d.domain.grid.solid[f.cell]).toBe(0);
      }
    // 0.6 × 1.2 × 2.2 m rack at x 3.7–4.3 m, 0.5 m cells: the centres 3.75 and 4.25 are inside, so
    // 2 × 2 × 4 cells (height 2.2 → 4.4 cells → 4) → front 2 × 4 faces
    expect(byId.get('air')!.inletFaces).toBe(8);
    expect(byId.get('air')!.outletFaces).toBe(8);
  });

  it('rotation puts the inlet on the front: 0° south, 90° east, 180° north, 270° west', () => {
    expect([0, 90, 180, 270, 45.1, -90].map(frontSideOf)).toEqual(['ymin', 'xmax', 'ymax', 'xmin', 'xmax', 'xmin']);
    for (const [rot, axis, inDir] of [
      [0, 1, -1],
      [90, 0, 1],
      [180, 1, 1],
      [270, 0, -1],
    ] as const) {
      const doc = emptyHallDoc(8, 8, 3);
      doc.equipment = [eq('r', 'rack', 'hgx-h100-4x-air', 4, 4, rot)];
      const d = airflowDomainFromLayout(doc, 'hall-1', { resolution: 0.25 });
      const g = d.domain.grid;
      const dev = d.domain.devices![0];
      expect(dev.inlet.length).toBeGreaterThan(0);
      expect(dev.outlet.length).toBe(dev.inlet.length);
      // inlet cells lie beyond the front of the rack centre along the front normal, outlet cells behind
      const centre = [4 / 0.25, 4 / 0.25];
      for (const f of dev.inlet) {
        expect(f.axis).toBe(axis);
        const p = ijk(g, f.cell);
        expect(Math.sign(p[axis] + 0.5 - centre[axis])).toBe(inDir);
      }
      for (const f of dev.outlet) {
        expect(f.axis).toBe(axis);
        const p = ijk(g, f.cell);
        expect(Math.sign(p[axis] + 0.5 - centre[axis])).toBe(-inDir);
      }
    }
  });

  it('a rack narrower than a cell still gets one inlet and one outlet cell; racks sharing cells merge', () => {
    const doc = emptyHallDoc(10, 10, 3);
    // three 0.6 m racks side by side at 1 m cells: centres 4.3, 4.9, 5.5
    doc.equipment = [eq('a', 'rack', 'hgx-h100-4x-air', 4.3, 5), eq('b', 'rack', 'hgx-h100-4x-air', 4.9, 5), eq('c', 'rack', 'hgx-h100-4x-air', 5.5, 5)];
    const d = airflowDomainFromLayout(doc, 'hall-1', { resolution: 1 });
    const total = d.devices.reduce((s, x) => s + x.flow_m3_s, 0);
    expect(total).toBeCloseTo((3 * 41_000) / (RHO * CP * 15), 9);
    expect(d.devices.reduce((s, x) => s + x.heat_W, 0)).toBeCloseTo(123_000, 6);
    expect(d.devices.flatMap((x) => x.members).sort()).toEqual(['a', 'b', 'c']);
    for (const x of d.devices) {
      expect(x.inletFaces).toBeGreaterThanOrEqual(1);
      expect(x.outletFaces).toBeGreaterThanOrEqual(1);
    }
    expect(d.devices.length).toBeLessThan(3);
    // every rack still reports its own intake cells
    for (const it of d.intakes) expect(it.cells.length).toBeGreaterThanOrEqual(1);
  });

  it('L-shaped outline: cells outside it are solid; a wall off the bounding box keeps no opening', () => {
    const doc = emptyHallDoc(10, 10, 3);
    doc.halls[0].outline = [
      [0, 0],
      [10, 0],
      [10, 5],
      [5, 5],
      [5, 10],
      [0, 10],
    ];
    // a door on the inner wall (edge 2, from (10,5) to (5,5)) and one on the south wall (edge 0)
    doc.halls[0].openings = [
      { id: 'inner', kind: 'louvre', wall: 2, offsetM: 2.5, widthM: 1, heightM: 2, sillM: 0 },
      { id: 'south', kind: 'louvre', wall: 0, offsetM: 5, widthM: 2, heightM: 1, sillM: 1 },
    ];
    doc.equipment = [eq('r', 'rack', 'hgx-h100-4x-air', 2, 2)];
    const d = airflowDomainFromLayout(doc, 'hall-1', { resolution: 1 });
    // the 5 × 5 m north-east quarter is solid over 3 m: 25 × 3 cells
    expect(d.cells - d.fluidCells).toBe(25 * 3 + rackCells(d));
    expect(d.openings.map((o) => [o.id, o.faces])).toEqual([['south', 2]]);
    expect(d.notes.some((n) => n.includes('inner'))).toBe(true);
  });

  it('hot aisle with in-row coolers drawing from it gets a closed roof; without them it is a chimney', () => {
    const build = (withCoolers: boolean) => {
      const doc = emptyHallDoc(12, 10, 4);
      const eqs: Equipment[] = [];
      // two rows of 4 racks, rears towards a 1.2 m hot aisle at y = 5 (rows at y 3.8 rot 0 and 6.2 rot 180)
      for (let i = 0; i < 4; i++) {
        eqs.push(eq(`s${i}`, 'rack', 'hgx-h100-4x-air', 4.3 + 0.6 * i, 3.8, 0));
        eqs.push(eq(`n${i}`, 'rack', 'hgx-h100-4x-air', 4.3 + 0.6 * i, 6.2, 180));
      }
      // in-row coolers at the west ends, turned 180° from their racks: inlet to the hot aisle
      if (withCoolers) {
        eqs.push(eq('irc-s', 'cooler', 'in-row-60', 3.7, 3.8, 180));
        eqs.push(eq('irc-n', 'cooler', 'in-row-60', 3.7, 6.2, 0));
      }
      eqs.push(eq('ha', 'containment', 'hot-aisle', withCoolers ? 5.2 : 5.5, 5, 0, { widthM: withCoolers ? 3.0 : 2.4, depthM: 1.2, heightM: 2.4 }));
      doc.equipment = eqs;
      return airflowDomainFromLayout(doc, 'hall-1', { resolution: 0.3 });
    };
    const closed = build(true);
    const open = build(false);
    expect(closed.notes.some((n) => n.includes('chimney'))).toBe(false);
    expect(open.notes.some((n) => n.includes('chimney'))).toBe(true);
    // the cell above the aisle centre at 2.4 m (k = 8 at 0.3 m) is solid roof only with the coolers
    const g1 = closed.domain.grid;
    const g2 = open.domain.grid;
    const cAisle = (g: Grid) => g.cell(Math.floor(5.5 / 0.3), Math.floor(5 / 0.3), 8);
    expect(g1.solid[cAisle(g1)]).toBe(1);
    expect(g2.solid[cAisle(g2)]).toBe(0);
    // the coolers' inlets face the aisle (+y for the south one, rotated 180°)
    const irc = closed.devices.find((d) => d.id === 'irc-s')!;
    expect(irc.inletFaces).toBeGreaterThan(0);
    expect(frontSideOf(180)).toBe('ymax');
  });

  it('containment seals the gap between the racks it encloses and its own height, on any grid', () => {
    // 2.2 m racks snap to 2.0 m at 0.5 m cells (k 0–3), the 2.4 m containment to 2.5 m (k < 5): the hot
    // aisle's air must not pass over the racks through the layer beside it (k = 4 there)
    const build = (withContainment: boolean) => {
      const doc = emptyHallDoc(12, 10, 4);
      const eqs: Equipment[] = [];
      for (let i = 0; i < 4; i++) {
        eqs.push(eq(`s${i}`, 'rack', 'hgx-h100-4x-air', 4.3 + 0.6 * i, 3.8, 0, { heightM: 2.2 }));
        eqs.push(eq(`n${i}`, 'rack', 'hgx-h100-4x-air', 4.3 + 0.6 * i, 6.2, 180, { heightM: 2.2 }));
      }
      if (withContainment) eqs.push(eq('ha', 'containment', 'hot-aisle', 5.2, 5, 0, { widthM: 2.4, depthM: 1.2, heightM: 2.4 }));
      doc.equipment = eqs;
      return airflowDomainFromLayout(doc, 'hall-1', { resolution: 0.5 });
    };
    const sealed = build(true);
    const bare = build(false);
    const g = sealed.domain.grid;
    // rack s0 (x 4.0–4.6) covers rows j 6–8 (y 3.0–4.5); j = 8 is the layer beside the aisle (j 9–10)
    const i = Math.floor(4.3 / 0.5);
    expect([0, 1, 2, 3].map((k) => g.solid[g.cell(i, 8, k)])).toEqual([1, 1, 1, 1]);
    expect(g.solid[g.cell(i, 8, 4)]).toBe(1);
    expect(bare.domain.grid.solid[bare.domain.grid.cell(i, 8, 4)]).toBe(0);
    // only that layer: the rack's front part stays open above it, the aisle stays open
    expect(g.solid[g.cell(i, 7, 4)]).toBe(0);
    expect(g.solid[g.cell(i, 9, 4)]).toBe(0);
    // the racks keep their exhaust faces into the aisle
    for (const id of ['s0', 'n3']) expect(sealed.devices.find((d) => d.id === id)!.outletFaces).toBeGreaterThan(0);
  });

  it('a rear door on a rack: one-cell plenum, the door cools the rack exhaust to its setpoint', () => {
    const doc = emptyHallDoc(8, 5, 3);
    // rack front south at y 2, depth 1 → rear plane y 2.5; passive door 0.25 m deep behind it
    doc.equipment = [
      eq('rack', 'rack', 'storage', 3, 2, 0, { itPowerKw: 10, airDeltaTK: 12, widthM: 1, depthM: 1, heightM: 2 }),
      eq('door', 'cooler', 'rdhx-passive-35', 3, 2.625, 0, { widthM: 1 }),
    ];
    const info = airflowDomainFromLayout(doc, 'hall-1', { resolution: 0.25 });
    const door = info.devices.find((d) => d.id === 'door')!;
    expect(door.role).toBe('rear-door');
    // passive: moves the rack's own air
    expect(door.flow_m3_s).toBeCloseTo(10_000 / (RHO * CP * 12), 12);
    const dev = (id: string) => info.domain.devices!.find((d) => d.id === id)!;
    // the door draws from exactly the cells the rack blows into (the plenum)
    const rackOut = new Set(dev('rack').outlet.map((f) => f.cell));
    const doorIn = new Set(dev('door').inlet.map((f) => f.cell));
    expect([...rackOut].sort()).toEqual([...doorIn].sort());
    const r = runAirflow(doc, { resolution: 0.25, tolDeviceDrift_K: 0, turbulence: { kind: 'constant', nut_m2_s: 0.01 } });
    const h = r.halls[0];
    const c = h.coolers[0];
    console.log(`rear door: ${h.steps} steps, removes ${(c.load_W / 1000).toFixed(3)} kW, supply ${c.supplyC.toFixed(3)} °C, rack inlet ${h.racks[0].inletMeanC.toFixed(2)} °C`);
    expect(c.role).toBe('rear-door');
    expect(Math.abs(c.load_W - 10_000) / 10_000).toBeLessThan(0.02);
    expect(c.supplyC).toBeCloseTo(24, 6);
    // the plenum is open at its ends (the door's gaps): some exhaust leaks into the room, which the
    // door's 24 °C supply then cools; the rack inlet sits between the supply and supply + ΔT/4
    // (measured 25.9 °C at 0.25 m)
    expect(h.racks[0].inletMeanC).toBeGreaterThan(24);
    expect(h.racks[0].inletMeanC).toBeLessThan(24 + 12 / 4);
    expect(Math.abs(h.energy.relative)).toBeLessThan(0.02);
  });

  it('as-found sample: 50 miner shelves, 9 evaporative intakes, 32 exhaust fans, doors open', () => {
    const doc = sample('as-found-mining-hall');
    const d = airflowDomainFromLayout(doc, 'hall-1', { resolution: 'coarse' });
    const count = (role: string) => d.devices.filter((x) => x.role === role).length;
    expect(d.dims).toEqual([60, 30, 7]);
    expect([count('miner'), count('evap-intake'), count('exhaust-fan')]).toEqual([50, 9, 32]);
    // 1,500 miners: 25 × 30 × 3.25 kW + 25 × 30 × 3.5 kW to air
    expect(d.heatToAir_W).toBeCloseTo(25 * 30 * 3250 + 25 * 30 * 3500, 3);
    // evaporative supply T_db − ε(T_db − T_wb) + pump heat / (ρ c_p V̇)
    const evap = d.devices.find((x) => x.role === 'evap-intake')!;
    expect(evap.outside_C).toBeCloseTo(38 - 0.85 * (38 - 24) + 370 / (RHO * CP * 36), 9);
    expect(evap.inletFaces).toBe(0);
    const fan = d.devices.find((x) => x.role === 'exhaust-fan')!;
    expect(fan.outletFaces).toBe(0);
    // the intake and exhaust openings are filled by the pads and fans; the doors are open
    expect(d.openings.map((o) => o.id)).toEqual(['door-east', 'door-west']);
    expect(d.openings.every((o) => o.faces > 0)).toBe(true);
    const n = airflowDomainFromLayout(doc, 'hall-1', { resolution: 'normal' });
    console.log(`as-found: coarse ${d.cells} cells (${d.fluidCells} fluid), normal ${n.cells} (${n.fluidCells} fluid), ${d.devices.length} devices`);
    expect(n.devices.length).toBe(91);
  });

  it('converted sample: 28 racks, 3 fan walls, containment as a chimney, doors shut', () => {
    const doc = sample('converted-ai-hall');
    const n = airflowDomainFromLayout(doc, 'hall-1', { resolution: 'normal' });
    const count = (role: string, dd = n) => dd.devices.filter((x) => x.role === role).length;
    expect([count('rack'), count('cooler')]).toEqual([28, 3]);
    expect(n.intakes.length).toBe(28);
    expect(n.openings).toEqual([]);
    expect(n.notes.filter((s) => s.includes('chimney')).length).toBe(2);
    const air = doc.equipment.filter((e) => e.hallId === 'hall-1' && e.kind === 'rack');
    const rackAir = air.reduce((s, e) => s + (e.props.itPowerKw as number) * (1 - (e.props.liquidFraction as number)), 0) * 1000;
    expect(n.devices.filter((x) => x.role === 'rack').reduce((s, x) => s + x.heat_W, 0)).toBeCloseTo(rackAir, 6);
    const c = airflowDomainFromLayout(doc, 'hall-1', { resolution: 'coarse' });
    // at 1 m the 0.6 m racks share cells: merged devices keep the totals
    expect(c.devices.filter((x) => x.role === 'rack').reduce((s, x) => s + x.flow_m3_s, 0)).toBeCloseTo(
      n.devices.filter((x) => x.role === 'rack').reduce((s, x) => s + x.flow_m3_s, 0),
      9,
    );
    console.log(`converted: coarse ${c.cells} cells, ${c.devices.length} devices (${count('rack', c)} rack devices for 28 racks); normal ${n.cells} cells, ${n.devices.length} devices`);
    // the hall's eddy viscosity (docs §4), by hand: the 4.0 m × 3.5 m fan walls blow 35 m³/s = 2.5 m/s,
    // faster than any rack exhaust; C_μ^¼ √(3/2) · 10 % · 2.5 m/s · 0.07 · 7 m = 0.08218 m²/s, on every grid
    const byHand = Math.pow(0.09, 0.25) * Math.sqrt(1.5) * 0.1 * (35 / (4.0 * 3.5)) * 0.07 * 7;
    expect(byHand).toBeCloseTo(0.08218, 5);
    for (const d of [n, c]) expect(d.turbulence).toEqual({ kind: 'constant', nut_m2_s: expect.closeTo(byHand, 12) });
    // a given model wins; a room with barely any forced flow gets the floor
    expect(airflowDomainFromLayout(doc, 'hall-1', { resolution: 'coarse', turbulence: { kind: 'laminar' } }).turbulence).toEqual({ kind: 'laminar' });
    const still = emptyHallDoc(8, 5, 3);
    still.equipment = [eq('rack', 'rack', 'storage', 3, 2.5, 0, { itPowerKw: 0.5, airDeltaTK: 12, widthM: 1, depthM: 1, heightM: 2 })];
    expect(airflowDomainFromLayout(still, still.halls[0].id, { resolution: 0.5 }).turbulence).toEqual({ kind: 'constant', nut_m2_s: HALL_NUT_MIN });
    // a device with a tiny face (5 m³/s through 0.05 m × 0.1 m) counts as a 10 m/s jet, not 1 000 m/s
    const typo = emptyHallDoc(8, 5, 3);
    typo.equipment = [eq('fan', 'cooler', 'crah-150', 6.5, 2.5, 90, { widthM: 0.05, depthM: 1, heightM: 0.1, capacityKw: 20, airflowM3s: 5, supplyTempC: 20, fanPowerKw: 0 })];
    const nut = airflowDomainFromLayout(typo, typo.halls[0].id, { resolution: 0.5 }).turbulence;
    expect(nut).toEqual({ kind: 'constant', nut_m2_s: expect.closeTo(Math.pow(0.09, 0.25) * Math.sqrt(1.5) * 0.1 * 10 * 0.07 * 3, 12) });
  });
});

describe('airflow metrics', () => {
  it('ASHRAE severity: warning above recommended, critical above allowable', () => {
    expect(ashraeSeverity(27, 'A1')).toBe(null);
    expect(ashraeSeverity(27.01, 'A1')).toBe('warning');
    expect(ashraeSeverity(32, 'A1')).toBe('warning');
    expect(ashraeSeverity(32.01, 'A1')).toBe('critical');
    expect(ashraeSeverity(35, 'A2')).toBe('warning');
    expect(ashraeSeverity(35.1, 'A2')).toBe('critical');
    expect(ashraeSeverity(40, 'A3')).toBe('warning');
    expect(ashraeSeverity(45.1, 'A4')).toBe('critical');
    expect(ashraeSeverity(22.5, 'H1')).toBe('warning');
    expect(ashraeSeverity(25.5, 'H1')).toBe('critical');
    expect(ashraeSeverity(17.9, 'A1')).toBe('warning');
    expect(ashraeSeverity(14.9, 'A1')).toBe('critical');
    expect(ashraeSeverity(18, 'A1')).toBe(null);
  });

  it('RCI and RTI from their definitions', () => {
    // over-temperatures 2 and 6 K above 27 °C over 3 intakes: 1 − 8/(5·3)
    expect(rackCoolingIndex([25, 29, 33], 'A1').hi).toBeCloseTo((1 - 8 / 15) * 100, 12);
    expect(rackCoolingIndex([25, 29, 33], 'A1').lo).toBe(100);
    // under-temperatures 2 and 4 K below 18 °C over 2 intakes, A1 allowable 15 °C: 1 − 6/(3·2) = 0
    expect(rackCoolingIndex([16, 14], 'A1').lo).toBeCloseTo(0, 12);
    // A3: allowable 40, so 1 − 13/(13·1)
    expect(rackCoolingIndex([40], 'A3').hi).toBeCloseTo(0, 12);
    expect(rackCoolingIndex([20, 21], 'A1')).toEqual({ hi: 100, lo: 100 });
    expect(returnTemperatureIndex(35, 20, 15)).toBeCloseTo(100, 12);
    expect(returnTemperatureIndex(30, 20, 20)).toBeCloseTo(50, 12);
  });
});

describe('hot spots', () => {
  it('clusters over-limit cells in front of intakes only, reports volume, max, where and which racks', () => {
    const info = airflowDomainFromLayout(roomDoc(18), 'hall-1', { resolution: 0.5 });
    const g = info.domain.grid;
    const T = new Float64Array(g.nCells).fill(20);
    const it = info.intakes[0];
    // two face-adjacent cells right in front of the rack (front = ymin), one of them hotter
    const j = it.box.j0 - 1;
    const a = g.cell(it.box.i0, j, 0);
    const b2 = g.cell(it.box.i0, j, 1);
    T[a] = 33;
    T[b2] = 35;
    // a third hot cell 2 m in front (outside the 1.2 m zone) and one far away: ignored
    T[g.cell(it.box.i0, j - 4, 0)] = 40;
    T[g.cell(0, g.ny - 1, g.nz - 1)] = 45;
    const spots = findHotSpots(g, T, info, 1.2, () => 32);
    expect(spots).toHaveLength(1);
    expect(spots[0]).toMatchObject({ cells: 2, maxC: 35, racks: ['rack'], limitC: 32 });
    expect(spots[0].volume_m3).toBeCloseTo(2 * 0.125, 12);
    const c = g.cellCentre(it.box.i0, j, 1);
    expect(spots[0].at).toEqual([c[0] + info.origin[0], c[1] + info.origin[1], c[2]]);
    // below the limit: nothing
    expect(findHotSpots(g, T, info, 1.2, () => 36)).toEqual([]);
  });
});

/** 8 × 5 × 3 m closed room: one air rack (10 kW, ΔT 12 K) facing south; a fanless 1 m³/s cooler near the east wall, return (front) east, supply west */
function roomDoc(setpointC = 18): LayoutDoc {
  const doc = emptyHallDoc(8, 5, 3);
  doc.site.ashraeClass = 'A1';
  doc.equipment = [
    eq('rack', 'rack', 'storage', 3, 2.5, 0, { itPowerKw: 10, airDeltaTK: 12, widthM: 1, depthM: 1, heightM: 2 }),
    eq('crah', 'cooler', 'crah-150', 6.5, 2.5, 90, { widthM: 1, depthM: 1, heightM: 2.5, capacityKw: 20, airflowM3s: 1.0, supplyTempC: setpointC, fanPowerKw: 0 }),
  ];
  return doc;
}

describe('automatic cell size per hall (cellSizeFor)', () => {
  it('nominal 1 / 0.5 / ⅓ m for the 60 × 30 × 7 m samples; finer in low rooms; coarser in huge halls, within the cell budget', () => {
    const all = (size: [number, number, number]) => (['coarse', 'normal', 'fine'] as const).map((r) => cellSizeFor(size, r));
    expect(all([60, 30, 7])).toEqual([1, 0.5, 1 / 3]);
    // 3 m high: at least 6 / 10 / 14 layers → 0.5, 0.3, 0.2 m
    expect(all([8, 5, 3])).toEqual([0.5, 0.3, 0.2]);
    // 200 × 100 × 8 m = 160 000 m³: the budgets (25k, 150k, 500k cells) coarsen to 2 m, 1 m, 0.75 m
    const big = all([200, 100, 8]);
    expect(big).toEqual([2, 1.25, 0.75]);
    big.forEach((h, i) => expect((200 / h) * (100 / h) * (8 / h)).toBeLessThanOrEqual([25_000, 150_000, 500_000][i]));
    // the budget wins over the layers rule in a huge low hall
    const flat = cellSizeFor([300, 150, 4], 'coarse');
    expect((300 / flat) * (150 / flat) * (4 / flat)).toBeLessThanOrEqual(25_000);
    // always finer or equal from coarse to fine
    for (const size of [[60, 30, 7], [8, 5, 3], [200, 100, 8], [12, 2.4, 2.6], [1000, 500, 12]] as [number, number, number][]) {
      const [c, n, f] = all(size);
      expect(c).toBeGreaterThanOrEqual(n);
      expect(n).toBeGreaterThanOrEqual(f);
    }
  });

  it('the engine uses it per hall, and the coarse stage of a two-level solve too', () => {
    let coarseSteps = 0;
    const r = runAirflow(roomDoc(26), { resolution: 'normal', maxSteps: 2, onProgress: (p) => (p.phase === 'coarse' ? (coarseSteps++, true) : true) });
    expect(r.halls[0].cellM).toBe(0.3);
    expect(r.halls[0].dims).toEqual([Math.round(8 / 0.3), Math.round(5 / 0.3), 10]);
    expect(coarseSteps).toBe(2);
  });
});

describe('airflow engine through the layout path', () => {
  it('the converted sample at 1 m is steady with the hall eddy viscosity: it stops on the drift band, not on window means, and balances', () => {
    const r = runAirflow(sample('converted-ai-hall'), { resolution: 'coarse' });
    const h = r.halls[0];
    expect(h.converged).toBe(true);
    expect(h.averagedSteps).toBe(0); // no statistically steady fallback needed (the zero-equation model needed it)
    expect(h.steps).toBeLessThan(300);
    expect(Math.abs(h.energy.relative)).toBeLessThan(0.005);
    expect(r.figures.find((f) => f.name === 'airflow_eddy_viscosity_m2_s')!.value).toBeCloseTo(0.0822, 4);
    // the two east-end racks of row B1 are the hot spot the sample is known for (docs §13)
    const hottest = [...h.racks].sort((a, b) => b.inletMaxC - a.inletMaxC).slice(0, 2).map((x) => x.id).sort();
    expect(hottest).toEqual(['rack-020', 'rack-021']);
    expect(r.findings.filter((f) => f.severity === 'critical').map((f) => f.code).sort()).toEqual(['hot-spot', 'rack-inlet', 'rack-inlet']);
  });


  it('closed room: cooler removes Q, mixed return = T_s + Q/(ρ·c_p·V̇), energy within 2 %, warm start restarts', () => {
    const doc = roomDoc(18);
    const info = airflowDomainFromLayout(doc, 'hall-1', { resolution: 0.25 });
    expect(info.devices.find((d) => d.id === 'crah')!.inletFaces).toBeGreaterThan(0);
    const r = runAirflow(doc, { resolution: 0.25, tolDeviceDrift_K: 0, turbulence: { kind: 'constant', nut_m2_s: 0.01 } });
    const h = r.halls[0];
    const Q = 10_000;
    const crah = h.coolers[0];
    console.log(
      `room via layout: ${h.steps} steps (${h.averagedSteps} averaged), ${(h.solveMs / 1000).toFixed(1)} s, return ${crah.returnC.toFixed(3)} °C vs ${(18 + Q / (RHO * CP * 1.0)).toFixed(3)}, imbalance ${(h.energy.relative * 100).toFixed(3)} %, rack inlet ${h.racks[0].inletMeanC.toFixed(2)}/${h.racks[0].inletMaxC.toFixed(2)} °C`,
    );
    expect(h.converged).toBe(true);
    expect(Math.abs(h.energy.relative)).toBeLessThan(0.02);
    expect(Math.abs(crah.load_W - Q) / Q).toBeLessThan(0.02);
    // the return is exactly T_s + Q/C when the balance closes; 0.1 K ≈ the 0.5 % stop tolerance × 8.3 K, doubled
    expect(Math.abs(crah.returnC - (18 + Q / (RHO * CP * 1.0)))).toBeLessThan(0.1);
    expect(crah.saturated).toBe(false);
    // rack ΔT from its flow: outlet − device inlet = Q/(ρ c_p V̇) = 12 K by construction
    expect(h.racks[0].outletC - h.racks[0].inletMeanC).toBeGreaterThan(11);
    // inlet air is a mix of supply and exhaust: between the supply and the rack's outlet
    expect(h.racks[0].inletMeanC).toBeGreaterThan(18 - 1e-6);
    expect(h.racks[0].inletMaxC).toBeLessThan(h.racks[0].outletC);
    // the rack's own exhaust curls over its top (no containment), so the top front cell is warmer than
    // the mean; a finding, if any, carries that maximum and the severity of its band
    for (const f of r.findings.filter((x) => x.code === 'rack-inlet')) {
      expect(f.measured!.value).toBe(h.racks[0].inletMaxC);
      expect(f.severity).toBe(ashraeSeverity(h.racks[0].inletMaxC, 'A1'));
    }
    // display field: Float32, NaN in solids, dims match
    expect(h.temperature.length).toBe(h.dims[0] * h.dims[1] * h.dims[2]);
    expect(h.temperature.some((t) => Number.isNaN(t))).toBe(true);
    expect(r.figures.find((f) => f.name === 'airflow_energy_imbalance_pct')!.value).toBeLessThan(2);
    // warm start from the converged state: restarts in a few steps with the same answer
    const w = runAirflow(doc, { resolution: 0.25, tolDeviceDrift_K: 0, turbulence: { kind: 'constant', nut_m2_s: 0.01 }, initial: r });
    expect(w.halls[0].steps).toBeLessThan(h.steps / 3);
    expect(Math.abs(w.halls[0].coolers[0].returnC - crah.returnC)).toBeLessThan(0.05);
  });

  it('warm supply gives ASHRAE warnings with the measured inlet; cancellation stops the solve', () => {
    const doc = roomDoc(26);
    const r = runAirflow(doc, { resolution: 0.5, turbulence: { kind: 'constant', nut_m2_s: 0.01 } });
    const h = r.halls[0];
    const f = r.findings.find((x) => x.code === 'rack-inlet')!;
    expect(f).toBeDefined();
    expect(f.measured!.value).toBeCloseTo(h.racks[0].inletMaxC, 9);
    expect(h.racks[0].inletMaxC).toBeGreaterThan(27);
    expect(f.severity).toBe(ashraeSeverity(h.racks[0].inletMaxC, 'A1'));
    let calls = 0;
    const c = runAirflow(doc, { resolution: 0.5, coarseThenFine: false, onProgress: () => ++calls < 5 });
    expect(c.halls[0].cancelled).toBe(true);
    expect(c.halls[0].steps).toBe(5);
    expect(c.findings).toEqual([]);
    // cancelled in the coarse stage (0.5 m for this 3 m room) of a coarse-then-fine run: the fine stage never starts
    const phases: string[] = [];
    const cc = runAirflow(doc, { resolution: 0.25, onProgress: (p) => (phases.push(p.phase), phases.length < 3) });
    expect(phases).toEqual(['coarse', 'coarse', 'coarse']);
    expect(cc.halls[0].cancelled).toBe(true);
    expect(cc.findings).toEqual([]);
  });

  it('provisional snapshots: final-resolution stage only, field averaged since the previous one, last = the stopped state', () => {
    const doc = roomDoc(26);
    const snaps: AirflowSnapshot[] = [];
    // every step: each snapshot is that step's field
    const r = runAirflow(doc, { resolution: 0.5, coarseThenFine: false, maxSteps: 4, snapshotEveryMs: 0, onSnapshot: (s) => snaps.push(s) });
    const h = r.halls[0];
    expect(snaps.map((s) => [s.step, s.averagedSteps])).toEqual([[1, 1], [2, 1], [3, 1], [4, 1]]);
    const last = snaps[3];
    expect(last.dims).toEqual(h.dims);
    expect(Array.from(last.temperature)).toEqual(Array.from(h.temperature));
    expect(last.racks[0].id).toBe('rack');
    expect(last.racks[0].inletMeanC).toBeCloseTo(h.racks[0].inletMeanC, 5);
    expect(last.racks[0].inletMaxC).toBeCloseTo(h.racks[0].inletMaxC, 5);
    expect(last.racks[0].exhaustC).toBeCloseTo(h.racks[0].exhaustC, 5);
    // a snapshot averages the steps since the previous one: two steps' fields → their mean
    const fields: Float32Array[] = [];
    runAirflow(doc, { resolution: 0.5, coarseThenFine: false, maxSteps: 2, snapshotEveryMs: 0, onSnapshot: (s) => fields.push(s.temperature) });
    const pairs: AirflowSnapshot[] = [];
    runAirflow(doc, { resolution: 0.5, coarseThenFine: false, maxSteps: 5, snapshotEverySteps: 2, onSnapshot: (s) => pairs.push(s) });
    expect(pairs.map((s) => [s.step, s.averagedSteps])).toEqual([[2, 2], [4, 2]]);
    let changed = 0;
    for (let c = 0; c < fields[0].length; c++) {
      if (Number.isNaN(fields[0][c])) {
        expect(pairs[0].temperature[c]).toBeNaN();
        continue;
      }
      if (fields[0][c] !== fields[1][c]) changed++;
      expect(Math.abs(pairs[0].temperature[c] - (fields[0][c] + fields[1][c]) / 2)).toBeLessThan(1e-5);
    }
    expect(changed).toBeGreaterThan(0);
    // none when the interval is never reached
    const none: AirflowSnapshot[] = [];
    runAirflow(doc, { resolution: 0.5, coarseThenFine: false, maxSteps: 3, snapshotEveryMs: 1e9, onSnapshot: (s) => none.push(s) });
    expect(none).toEqual([]);
    // coarse-then-fine: the coarse (0.5 m) stage sends none; every snapshot is on the final grid
    const two: AirflowSnapshot[] = [];
    const r2 = runAirflow(doc, { resolution: 0.25, maxSteps: 30, snapshotEveryMs: 0, onSnapshot: (s) => two.push(s) });
    expect(two.length).toBe(r2.halls[0].steps);
    expect(two.length).toBeGreaterThan(0);
    expect(two.every((s) => s.cellM === 0.25 && s.dims.join() === r2.halls[0].dims.join())).toBe(true);
  });

  it('a preview (wall-time budget) stops a warm start early, unconverged but usable, without the convergence finding; settling it from there gives the direct answer', () => {
    const doc = roomDoc(26);
    const turbulence = { kind: 'constant', nut_m2_s: 0.01 } as const;
    const base = runAirflow(doc, { resolution: 0.5, turbulence });
    expect(base.halls[0].converged).toBe(true);
    const moved = structuredClone(doc);
    moved.equipment[0].position = [2, 2.5, 0];
    // a zero budget stops after the first step
    const p = runAirflow(moved, { resolution: 0.5, turbulence, initial: base, maxSolveMs: 0 });
    const ph = p.halls[0];
    expect(ph).toMatchObject({ preview: true, converged: false, cancelled: false, usable: true, steps: 1 });
    expect(p.findings.some((f) => f.code === 'not-converged' || f.code === 'solve-failed')).toBe(false);
    // the moved rack's intake is already in its new place: its inlet differs from before the move
    expect(Math.abs(ph.racks[0].inletMeanC - base.halls[0].racks[0].inletMeanC)).toBeGreaterThan(0.01);
    // settling from the preview and directly from the old answer agree within the stop's drift band
    const direct = runAirflow(moved, { resolution: 0.5, turbulence, initial: base, tolDeviceDrift_K: 0.02 });
    const via = runAirflow(moved, { resolution: 0.5, turbulence, initial: p, tolDeviceDrift_K: 0.02 });
    expect(direct.halls[0].preview).toBeUndefined();
    expect(via.halls[0].converged).toBe(true);
    expect(Math.abs(via.halls[0].racks[0].inletMeanC - direct.halls[0].racks[0].inletMeanC)).toBeLessThan(0.1);
    // a budget that is never reached changes nothing; a step limit is not a preview (it keeps its finding)
    const long = runAirflow(moved, { resolution: 0.5, turbulence, initial: base, maxSolveMs: 1e9, tolDeviceDrift_K: 0.02 });
    expect(long.halls[0].preview).toBeUndefined();
    expect(long.halls[0].steps).toBe(direct.halls[0].steps);
    const capped = runAirflow(moved, { resolution: 0.5, turbulence, initial: base, maxSolveMs: 1e9, maxSteps: 2, tolDeviceDrift_K: 0.02 });
    expect(capped.halls[0].preview).toBeUndefined();
    expect(capped.findings.some((f) => f.code === 'not-converged' || f.code === 'solve-failed')).toBe(true);
  });

  it('buoyancy cap on the pseudo-time step: a small hot room that oscillates at the engine CFL without it settles with it', () => {
    const doc = roomDoc(26);
    doc.equipment[0].position = [2, 2.5, 0];
    const info = airflowDomainFromLayout(doc, 'hall-1', { resolution: 0.5, turbulence: { kind: 'constant', nut_m2_s: 0.01 } });
    const run = (buoyancyStep?: number) => {
      const s = new AirflowSolver(info.domain, { ...engineSolverOptions(), buoyancyStep });
      return { dt: s.dt, r: s.steady({ maxSteps: 600, tolDeviceDrift_K: 0.02, tolDeviceTemperature_K: 0.3, tolMeanVelocity: 0.03 }) };
    };
    const free = run();
    const capped = run(ENGINE_BUOYANCY_STEP);
    // Δt = κ/N, N = √(g·β·ΔT_ref/H), ΔT_ref = device heat / (ρ·c_p·device flow), H = 3 m
    const { g, beta } = resolveFluid(info.domain.fluid);
    const devs = info.domain.devices ?? [];
    const heat = devs.reduce((a, d) => a + (d.model.kind === 'heat' ? d.model.heat_W : 0), 0) + (info.domain.heatSources ?? []).reduce((a, hs) => a + hs.power_W, 0);
    const flow = devs.reduce((a, d) => a + d.flow_m3_s, 0);
    expect(heat).toBeGreaterThan(9_000);
    const N = Math.sqrt((g * beta * (heat / (RHO * CP * flow))) / 3);
    console.log(`buoyancy cap: Δt ${free.dt.toFixed(2)} s (Δt·N ${(free.dt * N).toFixed(2)}) → ${capped.dt.toFixed(2)} s; ${free.r.steps} steps (${free.r.convergedBy}) → ${capped.r.steps} (${capped.r.convergedBy})`);
    expect(capped.dt).toBeCloseTo(ENGINE_BUOYANCY_STEP / N, 6);
    expect(free.dt * N).toBeGreaterThan(0.8);
    expect(free.r.converged).toBe(false);
    expect(capped.r.convergedBy).toBe('deviceDrift');
    expect(capped.r.steps).toBeLessThan(150);
    expect(Math.abs(capped.r.energy.relative)).toBeLessThan(0.005);
  });

  it("coarse grids sweep the energy equation 6 times per step: the converted sample's 1 m solve settles in fewer steps at the same inlets", () => {
    const doc = sample('converted-ai-hall');
    const info = airflowDomainFromLayout(doc, doc.halls[0].id, { resolution: 'coarse' });
    const stop = { maxSteps: 1500, tolDeviceDrift_K: 0.1, tolDeviceTemperature_K: 0.3, tolMeanVelocity: 0.03 };
    const three = new AirflowSolver(info.domain, engineSolverOptions(ENGINE_CFL, false)).steady(stop);
    const six = new AirflowSolver(info.domain, engineSolverOptions(ENGINE_CFL, true)).steady(stop);
    console.log(`1 m energy sweeps 3 → ${ENGINE_COARSE_TEMPERATURE_SWEEPS}: ${three.steps} → ${six.steps} steps (${three.convergedBy}, ${six.convergedBy})`);
    expect(three.converged && six.converged).toBe(true);
    expect(six.steps).toBeLessThan(0.8 * three.steps);
    six.devices.forEach((d, i) => expect(Math.abs(d.inlet_C - three.devices[i].inlet_C)).toBeLessThan(0.1));
    expect(Math.abs(six.energy.relative)).toBeLessThan(0.005);
  });

  it('a solve stopped far from balance gives one solve-failed warning and no temperature checks or figures', () => {
    const r = runAirflow(roomDoc(26), { resolution: 0.5, coarseThenFine: false, maxSteps: 3 });
    const h = r.halls[0];
    expect(h.converged).toBe(false);
    expect(Math.abs(h.energy.relative)).toBeGreaterThan(0.05);
    expect(h.usable).toBe(false);
    expect(r.findings.map((f) => [f.code, f.severity])).toEqual([['solve-failed', 'warning']]);
    expect(r.figures).toEqual([]);
  });

  it('mirror-symmetric layout gives mirror-symmetric rack inlets', () => {
    const doc = emptyHallDoc(12, 6, 3);
    const rk = { itPowerKw: 8, airDeltaTK: 12, widthM: 1, depthM: 1, heightM: 2 };
    doc.equipment = [
      eq('west', 'rack', 'storage', 3, 3, 0, rk),
      eq('east', 'rack', 'storage', 9, 3, 0, rk),
      eq('crah', 'cooler', 'crah-150', 6, 3, 0, { widthM: 2, depthM: 1, heightM: 2.5, capacityKw: 30, airflowM3s: 2, supplyTempC: 20, fanPowerKw: 0 }),
    ];
    const r = runAirflow(doc, { resolution: 0.5, tolDeviceDrift_K: 0, turbulence: { kind: 'constant', nut_m2_s: 0.01 } });
    const [w, e] = ['west', 'east'].map((id) => r.halls[0].racks.find((x) => x.id === id)!);
    console.log(`mirror: west ${w.inletMeanC.toFixed(4)}/${w.inletMaxC.toFixed(4)}, east ${e.inletMeanC.toFixed(4)}/${e.inletMaxC.toFixed(4)} °C, ${r.halls[0].steps} steps`);
    expect(Math.abs(w.inletMeanC - e.inletMeanC)).toBeLessThan(0.05);
    expect(Math.abs(w.inletMaxC - e.inletMaxC)).toBeLessThan(0.05);
    expect(Math.abs(r.halls[0].energy.relative)).toBeLessThan(0.02);
  });

  it('a hall with rack heat and no way to remove it is a critical finding, not a solve', () => {
    const doc = emptyHallDoc(10, 10, 3);
    doc.equipment = [eq('r', 'rack', 'hgx-h100-4x-air', 5, 5)];
    const r = runAirflow(doc, { resolution: 'coarse' });
    expect(r.findings.map((f) => [f.code, f.severity, f.measured!.value])).toEqual([['no-air-heat-removal', 'critical', 41]]);
    expect(r.halls[0].skipped).toBeDefined();
  });
});

describe('bin/check.ts with airflow', () => {
  it('--airflow=… runs the engine: JSON has per-rack inlets and the energy balance; bad values exit 2; off and auto skip', async () => {
    const { mkdtempSync, rmSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { serializeLayout } = await import('../../src/model/load');
    const { main } = await import('../../bin/check');
    const dir = mkdtempSync(join(tmpdir(), 'check-airflow-'));
    try {
      const room = join(dir, 'room.json');
      writeFileSync(room, serializeLayout(roomDoc(26)));
      const hot = join(dir, 'hot.json');
      const hd = emptyHallDoc(10, 10, 3);
      hd.halls[0].floorRatingKgM2 = 2500;
      hd.equipment = [eq('r', 'rack', 'hgx-h100-4x-air', 5, 5)];
      writeFileSync(hot, serializeLayout(hd));
      const run = (...argv: string[]) => {
        let out = '';
        let err = '';
        const code = main(argv, { out: (t) => (out += t), err: (t) => (err += t) });
        return { code, out, err };
      };
      const j = run(room, '--json', '--airflow=coarse');
      const o = JSON.parse(j.out);
      const h = o.airflow.halls[0];
      // the 3 m high room's coarse grid: 6 layers → 0.5 m cells (layout.ts cellSizeFor)
      expect(h.cellM).toBe(0.5);
      expect(h.racks.map((x: { id: string }) => x.id)).toEqual(['rack']);
      expect(h.racks[0].inletMaxC).toBeGreaterThan(26);
      expect(Math.abs(h.energy.imbalancePct)).toBeLessThan(2);
      expect(o.figures.some((f: { name: string }) => f.name === 'airflow_rci_hi')).toBe(true);
      // a 26 °C supply puts the rack inlet above 27 °C: at least a warning, exit code from criticals only
      expect(o.findings.some((f: { code: string }) => f.code === 'rack-inlet')).toBe(true);
      expect(j.code).toBe(o.summary.critical > 0 ? 1 : 0);
      const human = run(room, '--airflow=coarse');
      expect(human.out).toMatch(/Max rack inlet\s+\d/);
      expect(human.out).toMatch(/Airflow hall-1: 16×10×6 cells of 0\.5 m/);
      expect(run(room, '--airflow=medium')).toMatchObject({ code: 2, err: expect.stringContaining('--airflow must be') });
      expect(JSON.parse(run(room, '--json', '--airflow=off').out).airflow).toBeUndefined();
      // default (auto): a hall whose heat has nowhere to go is noted, not solved; named: a critical finding
      const auto = run(hot);
      expect(auto.code).toBe(0);
      expect(auto.err).toContain('airflow not run for hall-1: 41.0 kW');
      const named = run(hot, '--airflow=coarse');
      expect(named.code).toBe(1);
      expect(named.out).toContain('[airflow:no-air-heat-removal:hall-1]');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
