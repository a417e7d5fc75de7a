import { equipmentBox } from '../../src/model/ops';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { getKind } from '../../src/catalog/registry';
import type { LayoutDoc, Equipment } from '../../src/model/document';
import { boxCorners, distToSegment, pointInPolygon, polygonArea, rectOverlapDepth, rotate2, type Box, type Vec2 } from '../../src/model/geometry';
import { loadLayout, serializeLayout } from '../../src/model/load';
import { evapOutletTempC } from '../../src/catalog/kinds/evap-wall';
import { minerAirDeltaTK } from '../../src/catalog/kinds/miner-shelf';
import { upsUsableKw, type UpsProps } from '../../src/catalog/kinds/ups';
import { buswayUsableKw, type BuswayProps } from '../../src/catalog/kinds/busway';
import { indexText, sampleText, SAMPLES, SAMPLES_DIR } from '../../scripts/make-samples';

const EPS = 1e-6;

interface IndexEntry {
  file: string;
  title: string;
  description: string;
  kind: 'sample' | 'template';
}

const index: IndexEntry[] = JSON.parse(readFileSync(join(SAMPLES_DIR, 'index.json'), 'utf8'));
const texts = new Map(index.map((e) => [e.file, readFileSync(join(SAMPLES_DIR, e.file), 'utf8')]));
const docs = new Map<string, LayoutDoc>();
for (const [file, text] of texts) {
  const r = loadLayout(text);
  if (r.ok) docs.set(file, r.doc);
}
const docOf = (file: string) => {
  const d = docs.get(file);
  if (!d) throw new Error(`${file} did not load`);
  return d;
};

const box = (e: Equipment): Box => equipmentBox(e);
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const ofKind = (d: LayoutDoc, kind: string) => d.equipment.filter((e) => e.kind === kind);
const kindOf = (e: Equipment) => getKind(e.kind)!;

/** The clearance zone of depth m in front of (side −1) or behind (side +1) an item, as plan corners. */
function zone(e: Equipment, side: -1 | 1, depthM: number): Vec2[] {
  const hw = e.props.widthM / 2 - 0.01; // neighbours touching side by side do not count
  const y0 = side * (e.props.depthM / 2 + 0.001);
  const y1 = side * (e.props.depthM / 2 + depthM);
  return (
    [
      [-hw, y0],
      [hw, y0],
      [hw, y1],
      [-hw, y1],
    ] as Vec2[]
  ).map((p) => {
    const r = rotate2(p, e.rotationDeg);
    return [e.position[0] + r[0], e.position[1] + r[1]] as Vec2;
  });
}

/** Strictly inside a polygon: inside by the even-odd rule and more than 1 µm from every edge. */
function strictlyInside(p: Vec2, poly: Vec2[]): boolean {
  if (!pointInPolygon(p, poly, -1)) return false;
  for (let i = 0, j = poly.length - 1; i < poly.length; j = i++) if (distToSegment(p, poly[j], poly[i]) <= EPS) return false;
  return true;
}

/** Pairs of items whose bodies overlap in plan (SAT) and in their vertical ranges. */
function clashes(d: LayoutDoc): string[] {
  const out: string[] = [];
  const items = d.equipment.map((e) => ({ e, corners: boxCorners(box(e)) }));
  for (let i = 0; i < items.length; i++) {
    for (let j = i + 1; j < items.length; j++) {
      const a = items[i];
      const b = items[j];
      const dz = Math.min(a.e.position[2] + a.e.props.heightM, b.e.position[2] + b.e.props.heightM) - Math.max(a.e.position[2], b.e.position[2]);
      if (dz <= EPS) continue;
      if (rectOverlapDepth(a.corners, b.corners) > EPS) out.push(`${a.e.id} × ${b.e.id}`);
    }
  }
  return out;
}

/**
 * Service zones (settings.clearanceFrontM in front, clearanceRearM behind, the item's width) of kinds
 * with serviceClearance that another body standing below 2 m, or the hall wall, intrudes into.
 * Containment is not an obstruction: it closes the aisle people work in.
 */
function blockedClearances(d: LayoutDoc): string[] {
  const out: string[] = [];
  const solids = d.equipment.filter((e) => e.kind !== 'containment' && e.position[2] < 2.0);
  for (const e of d.equipment.filter((x) => kindOf(x).serviceClearance)) {
    for (const [side, m] of [[-1, d.settings.clearanceFrontM], [1, d.settings.clearanceRearM]] as const) {
      const z = zone(e, side, m);
      for (const o of solids) {
        if (o === e) continue;
        if (rectOverlapDepth(z, boxCorners(box(o))) > EPS) out.push(`${e.id} ${side < 0 ? 'front' : 'rear'} by ${o.id}`);
      }
      if (e.hallId) {
        const h = d.halls.find((x) => x.id === e.hallId)!;
        for (const c of z) if (!pointInPolygon(c, h.outline, EPS)) out.push(`${e.id} ${side < 0 ? 'front' : 'rear'} by the wall`);
      }
    }
  }
  return out;
}

describe('sample index', () => {
  it('lists the four files with titles, descriptions and kinds', () => {
    expect(index.map((e) => e.file)).toEqual(['as-found-mining-hall.json', 'converted-ai-hall.json', 'container-farm.json', 'empty-hall.json']);
    expect(index.map((e) => e.kind)).toEqual(['sample', 'sample', 'template', 'template']);
    for (const e of index) {
      expect(e.title.length).toBeGreaterThan(3);
      expect(e.description.length).toBeGreaterThan(20);
    }
  });

  it.each(index.map((e) => [e.file] as const))('%s loads with loadLayout, without warnings', (file) => {
    const r = loadLayout(texts.get(file)!);
    expect(r.ok, r.ok ? '' : `${r.summary} ${JSON.stringify(r.errors)}`).toBe(true);
    if (r.ok) expect(r.warnings).toEqual([]);
  });

  it.each(index.map((e) => [e.file] as const))('%s: load → serialize gives the identical text', (file) => {
    expect(serializeLayout(docOf(file))).toBe(texts.get(file));
  });

  it('the committed files are exactly what scripts/make-samples.ts builds (re-run it after changing the catalog)', () => {
    for (const s of SAMPLES) expect(sampleText(s.build()), s.file).toBe(texts.get(s.file));
    expect(indexText()).toBe(readFileSync(join(SAMPLES_DIR, 'index.json'), 'utf8'));
  });
});

describe('every sample is physically placeable', () => {
  it.each(index.map((e) => [e.file] as const))('%s: no two items overlap (plan SAT and vertical range)', (file) => {
    expect(clashes(docOf(file))).toEqual([]);
  });

  it.each(index.map((e) => [e.file] as const))('%s: hall items lie inside their hall, fit its height and floor rating; outdoor items stand outside every hall', (file) => {
    const d = docOf(file);
    const halls = new Map(d.halls.map((h) => [h.id, h]));
    for (const e of d.equipment) {
      const corners = boxCorners(box(e));
      if (e.hallId === null) {
        expect(kindOf(e).placement === 'outdoor' || ['switchgear', 'ups'].includes(e.kind), `${e.id} outdoors`).toBe(true);
        for (const h of d.halls) {
          // the centre and every corner are outside (or on the wall of) every hall
          for (const p of [[e.position[0], e.position[1]] as Vec2, ...corners]) expect(strictlyInside(p, h.outline), `${e.id} in ${h.id}`).toBe(false);
        }
        continue;
      }
      const h = halls.get(e.hallId)!;
      for (const c of corners) expect(pointInPolygon(c, h.outline, EPS), `${e.id} corner ${c} inside ${h.id}`).toBe(true);
      expect(e.position[2] + e.props.heightM, `${e.id} height`).toBeLessThanOrEqual(h.clearHeightM);
      if (kindOf(e).placement === 'floor') {
        expect(e.props.weightKg / (e.props.widthM * e.props.depthM), `${e.id} floor load`).toBeLessThanOrEqual(h.floorRatingKgM2);
      }
    }
  });

  it.each(index.map((e) => [e.file] as const))('%s: 1.2 m front and 1.0 m rear service clearance for racks, CDUs and miner shelves', (file) => {
    expect(blockedClearances(docOf(file))).toEqual([]);
  });

  it('the checks above do catch problems (moved copies of the converted hall)', () => {
    const base = docOf('converted-ai-hall.json');
    const moved = (id: string, dx: number, dy: number): LayoutDoc => ({
      ...base,
      equipment: base.equipment.map((e) => (e.id === id ? { ...e, position: [e.position[0] + dx, e.position[1] + dy, e.position[2]] } : e)),
    });
    const first = ofKind(base, 'rack')[0];
    // 0.3 m sideways into its neighbour: one clash (racks stand side by side)
    expect(clashes(moved(first.id, 0.3, 0)).some((c) => c.includes(first.id))).toBe(true);
    // the row's first rack pulled 2 m forward, in front of its neighbour: it blocks that neighbour's
    // front zone (0.2 m deep into it) and the row blocks its rear zone
    const blocked = blockedClearances(moved(first.id, 0.6, -2.0));
    expect(blocked).toContain(`${ofKind(base, 'rack')[1].id} front by ${first.id}`);
    expect(blocked.some((b) => b.startsWith(`${first.id} rear by`))).toBe(true);
    // an overhead busway lifted clear of the racks does not clash; lowered into them it does
    const bw = ofKind(base, 'busway')[0];
    const lowered: LayoutDoc = { ...base, equipment: base.equipment.map((e) => (e.id === bw.id ? { ...e, position: [e.position[0], e.position[1], 2.0] } : e)) };
    expect(clashes(base)).toEqual([]);
    expect(clashes(lowered).filter((c) => c.includes(bw.id)).length).toBeGreaterThan(0);
    // outdoor gear moved into the hall is caught
    const t = ofKind(base, 'transformer')[0];
    expect(strictlyInside([t.position[0] + 30, t.position[1]], base.halls[0].outline)).toBe(true);
    expect(strictlyInside([t.position[0], t.position[1]], base.halls[0].outline)).toBe(false);
  });
});

describe('as-found mining hall', () => {
  const d = docOf('as-found-mining-hall.json');
  const hall = d.halls[0];
  const shelves = ofKind(d, 'miner-shelf');

  it('is one 60 × 30 m hall, 7 m clear, slab rated 1,000 kg/m², with intake, exhaust and two doors', () => {
    expect(d.halls).toHaveLength(1);
    const xs = hall.outline.map((p) => p[0]);
    const ys = hall.outline.map((p) => p[1]);
    expect(Math.max(...xs) - Math.min(...xs)).toBe(60);
    expect(Math.max(...ys) - Math.min(...ys)).toBe(30);
    expect(polygonArea(hall.outline)).toBe(1800);
    expect(hall.clearHeightM).toBe(7);
    expect(hall.floorRatingKgM2).toBe(1000);
    expect(hall.openings.map((o) => o.kind).sort()).toEqual(['door', 'door', 'exhaust', 'intake']);
    // intake and exhaust on opposite long walls (0 = south, 2 = north)
    expect(hall.openings.find((o) => o.kind === 'intake')!.wall).toBe(0);
    expect(hall.openings.find((o) => o.kind === 'exhaust')!.wall).toBe(2);
    expect(d.site).toEqual({
      name: 'West Texas mining site',
      utility: { interconnectMw: 7, voltageKv: 34.5 },
      climate: { designDryBulbC: 38, designWetBulbC: 24 },
      ashraeClass: 'A3',
      powerRedundancy: 'N',
    });
  });

  it('holds 1,450–1,550 miners (exactly 50 shelves × 30 = 1,500) drawing 5,062.5 kW', () => {
    const miners = sum(shelves.map((e) => e.props.minerCount));
    expect(miners).toBeGreaterThanOrEqual(1450);
    expect(miners).toBeLessThanOrEqual(1550);
    expect(miners).toBe(1500);
    expect(shelves).toHaveLength(50);
    // 750 × 3.25 kW + 750 × 3.5 kW
    expect(sum(shelves.map((e) => kindOf(e).electricalKw(e.props)))).toBeCloseTo(5062.5, 9);
  });

  it('air crosses the hall: shelves face the intake wall, pads face outdoors, fans blow out; aisles ≥ 1.2 m', () => {
    for (const e of shelves) expect(e.rotationDeg).toBe(0); // front (−y) faces the south intake wall
    for (const e of ofKind(d, 'evap-wall')) {
      expect(e.rotationDeg).toBe(0); // pad face (front, −y) on the south wall line
      expect(e.position[1] - e.props.depthM / 2).toBeCloseTo(0, 9);
    }
    for (const e of ofKind(d, 'exhaust-fan')) {
      expect(e.rotationDeg).toBe(0); // draws from the hall (south), rear on the north wall
      expect(e.position[1] + e.props.depthM / 2).toBeCloseTo(30, 9);
    }
    // gaps between shelves along the line: 0 (touching) or ≥ 1.2 m cross aisles; ends ≥ 1.2 m from the walls
    const xs = shelves.map((e) => [e.position[0] - e.props.widthM / 2, e.position[0] + e.props.widthM / 2]).sort((a, b) => a[0] - b[0]);
    const gaps = xs.slice(1).map((s, i) => s[0] - xs[i][1]);
    for (const g of gaps) expect(Math.abs(g) < 1e-9 || g >= 1.2 - 1e-9, `gap ${g}`).toBe(true);
    expect(gaps.filter((g) => g > 1e-9)).toHaveLength(1);
    expect(xs[0][0]).toBeGreaterThanOrEqual(1.2);
    expect(60 - xs[xs.length - 1][1]).toBeGreaterThanOrEqual(1.2);
  });

  it('air balance: pads and fans each move more than the miners need (285 m³/s)', () => {
    const minerFlow = sum(shelves.map((e) => e.props.minerCount * e.props.minerAirflowM3s));
    expect(minerFlow).toBeCloseTo(285, 9);
    const padFlow = sum(ofKind(d, 'evap-wall').map((e) => e.props.airflowM3s));
    const fanFlow = sum(ofKind(d, 'exhaust-fan').map((e) => e.props.airflowM3s));
    expect(padFlow).toBe(324); // 9 × 36
    expect(fanFlow).toBe(320); // 32 × 10
    expect(padFlow).toBeGreaterThan(minerFlow);
    expect(fanFlow).toBeGreaterThan(minerFlow);
    // pads cover the intake opening, the fans sit in the exhaust opening
    const intake = hall.openings.find((o) => o.kind === 'intake')!;
    expect(sum(ofKind(d, 'evap-wall').map((e) => e.props.widthM))).toBeCloseTo(intake.widthM, 9);
    const exhaust = hall.openings.find((o) => o.kind === 'exhaust')!;
    for (const f of ofKind(d, 'exhaust-fan')) {
      expect(f.position[2]).toBeGreaterThanOrEqual(exhaust.sillM);
      expect(f.position[2] + f.props.heightM).toBeLessThanOrEqual(exhaust.sillM + exhaust.heightM);
      // wall 2 runs from x = 60 to x = 0: offset 30 ± 27 m
      expect(Math.abs(f.position[0] - 30) + f.props.widthM / 2).toBeLessThanOrEqual(exhaust.widthM / 2);
    }
  });

  it('design day: 38/24 °C through ε 0.85 pads → 26.1 °C at the miners (≤ 31 °C), exhaust ≈ 41.4 °C for S21 (miners throttle > 40 °C inlet)', () => {
    const pads = ofKind(d, 'evap-wall');
    const inletC = evapOutletTempC(d.site.climate.designDryBulbC, d.site.climate.designWetBulbC, pads[0].props.effectiveness);
    expect(inletC).toBeCloseTo(26.1, 9);
    expect(inletC).toBeLessThanOrEqual(31);
    const s21 = shelves.find((e) => e.model === 's21-shelf')!;
    const exhaustC = inletC + minerAirDeltaTK(s21.props as never);
    expect(exhaustC).toBeCloseTo(26.1 + 3.5 / (1.2 * 1.006 * 0.19), 9);
    expect(exhaustC).toBeCloseTo(41.36, 2);
    for (const e of shelves) expect(inletC).toBeLessThan(e.props.maxInletTempC);
  });

  it('power is N: two 3 MVA transformers carry the miners at ≤ 90 %, with no UPS and no generator, within the 7 MW interconnect', () => {
    expect(ofKind(d, 'ups')).toHaveLength(0);
    expect(ofKind(d, 'generator')).toHaveLength(0);
    const ts = ofKind(d, 'transformer');
    expect(ts).toHaveLength(2);
    for (const t of ts) {
      expect(t.hallId).toBeNull();
      expect(t.props.secondaryV).toBe(480);
      expect(t.props.primaryKv).toBe(34.5);
    }
    expect(ofKind(d, 'switchgear')).toHaveLength(2);
    const loadKw = sum(d.equipment.map((e) => kindOf(e).electricalKw(e.props)));
    // 5,062.5 miners + 35.2 fans + 3.33 pumps + transformer and switchgear losses at rating
    expect(loadKw).toBeCloseTo(5062.5 + 35.2 + 9 * 0.37 + 2 * 20.3 + 2 * 4, 6);
    expect(loadKw).toBeLessThanOrEqual(0.9 * sum(ts.map((t) => t.props.kva)));
    expect(loadKw).toBeLessThanOrEqual(d.site.utility.interconnectMw * 1000);
  });
});

describe('converted AI hall', () => {
  const d = docOf('converted-ai-hall.json');
  const hall = d.halls[0];
  const racks = ofKind(d, 'rack');
  const nvl = racks.filter((e) => e.model.endsWith('-nvl72'));
  const airRacks = racks.filter((e) => e.props.liquidFraction === 0);

  it('keeps the 60 × 30 × 7 m hall, with the slab reinforced (title says so) to carry NVL72 racks', () => {
    expect(d.meta.title).toContain('(slab reinforced)');
    expect(polygonArea(hall.outline)).toBe(1800);
    expect(hall.clearHeightM).toBe(7);
    expect(hall.floorRatingKgM2).toBe(2400);
    // 1,500 kg on 0.72 m² = 2,083 kg/m² would not fit the as-found 1,000 kg/m² slab
    const peak = Math.max(...d.equipment.filter((e) => e.hallId).map((e) => e.props.weightKg / (e.props.widthM * e.props.depthM)));
    expect(peak).toBeCloseTo(1500 / 0.72, 6);
    expect(peak).toBeGreaterThan(docOf('as-found-mining-hall.json').halls[0].floorRatingKgM2);
    expect(peak).toBeLessThanOrEqual(hall.floorRatingKgM2);
  });

  it('has 20 NVL72 racks, 8 air racks, 4 CDUs, 2 hot-aisle containments and 2 transformers', () => {
    expect(nvl).toHaveLength(20);
    expect(nvl.filter((e) => e.model === 'gb200-nvl72')).toHaveLength(10);
    expect(nvl.filter((e) => e.model === 'gb300-nvl72')).toHaveLength(10);
    expect(airRacks).toHaveLength(8);
    expect(ofKind(d, 'cdu')).toHaveLength(4);
    expect(ofKind(d, 'containment').map((e) => e.model)).toEqual(['hot-aisle', 'hot-aisle']);
    expect(ofKind(d, 'transformer')).toHaveLength(2);
    expect(ofKind(d, 'miner-shelf')).toHaveLength(0);
    expect(hall.openings.every((o) => o.kind === 'door')).toBe(true);
  });

  it('racks face away from the contained hot aisle, which is ≥ 1.0 m wide and exactly between the rear faces', () => {
    for (const c of ofKind(d, 'containment')) {
      expect(c.props.depthM).toBeGreaterThanOrEqual(1.0);
      const y0 = c.position[1] - c.props.depthM / 2;
      const y1 = c.position[1] + c.props.depthM / 2;
      const inRows = d.equipment.filter(
        (e) => (e.kind === 'rack' || e.kind === 'cdu') && Math.abs(e.position[1] - c.position[1]) < c.props.depthM / 2 + 1.2 + 1e-9,
      );
      expect(inRows.length).toBeGreaterThanOrEqual(14);
      for (const e of inRows) {
        const south = e.position[1] < c.position[1];
        // south row faces south (rotation 0), north row faces north (180): rears point at the aisle
        expect(e.rotationDeg).toBe(south ? 0 : 180);
        const rearY = south ? e.position[1] + e.props.depthM / 2 : e.position[1] - e.props.depthM / 2;
        expect(rearY).toBeCloseTo(south ? y0 : y1, 9);
        // containment spans the row along x
        expect(e.position[0] - e.props.widthM / 2).toBeGreaterThanOrEqual(c.position[0] - c.props.widthM / 2 - 1e-9);
        expect(e.position[0] + e.props.widthM / 2).toBeLessThanOrEqual(c.position[0] + c.props.widthM / 2 + 1e-9);
      }
      // and both rows run exactly from one end door to the other, without gaps
      for (const south of [true, false]) {
        const row = inRows.filter((e) => e.position[1] < c.position[1] === south);
        const lo = Math.min(...row.map((e) => e.position[0] - e.props.widthM / 2));
        const hi = Math.max(...row.map((e) => e.position[0] + e.props.widthM / 2));
        expect(lo).toBeCloseTo(c.position[0] - c.props.widthM / 2, 9);
        expect(hi).toBeCloseTo(c.position[0] + c.props.widthM / 2, 9);
        expect(sum(row.map((e) => e.props.widthM))).toBeCloseTo(hi - lo, 9);
      }
    }
  });

  it('liquid: CDU capacity carries the racks liquid heat with one CDU per row, at the 25 °C TCS the racks need', () => {
    const cdus = ofKind(d, 'cdu');
    const liquidKw = sum(racks.map((e) => kindOf(e).heatToLiquidKw(e.props)));
    // 10 × 132 × 0.85 + 10 × 140 × 0.85
    expect(liquidKw).toBeCloseTo(2312, 9);
    expect(sum(cdus.map((c) => c.props.capacityKw))).toBeGreaterThanOrEqual(liquidKw);
    for (const c of cdus) {
      const row = nvl.filter((r) => Math.abs(r.position[1] - c.position[1]) < 1e-9);
      expect(row).toHaveLength(5);
      const rowLiquid = sum(row.map((r) => kindOf(r).heatToLiquidKw(r.props)));
      expect(rowLiquid).toBeLessThanOrEqual(0.8 * c.props.capacityKw);
      expect(c.props.supplyTempC).toBeLessThanOrEqual(Math.min(...row.map((r) => r.props.requiredSupplyTempC)));
      // flow at 10 K: 14.35 L/min per kW
      expect((14.354 * rowLiquid) / 10).toBeLessThanOrEqual(c.props.maxFlowLpm);
    }
  });

  it('air: fan walls (N+1) cover the air share; chillers (N+1) cover everything released in the hall', () => {
    const inHall = d.equipment.filter((e) => e.hallId === hall.id);
    const airKw = sum(inHall.map((e) => kindOf(e).heatToAirKw(e.props)));
    const totalKw = sum(inHall.map((e) => kindOf(e).heatToAirKw(e.props) + kindOf(e).heatToLiquidKw(e.props)));
    const itKw = sum(racks.map((e) => e.props.itPowerKw));
    expect(itKw).toBe(2928); // 10 × 132 + 10 × 140 + 4 × 41 + 2 × 12 + 2 × 10
    // air share: 15 % of the NVL72 power, all of the air racks, fan-wall fans, busway and RPP losses
    expect(airKw).toBeCloseTo(0.15 * 2720 + 208 + 3 * 20 + sum(ofKind(d, 'busway').map((b) => (b.props.lossWPerM * b.props.widthM) / 1000)) + 2 * 225 * (1 / 0.998 - 1), 6);
    const fw = ofKind(d, 'cooler');
    expect(fw).toHaveLength(3);
    const fwCap = fw.map((c) => c.props.capacityKw);
    expect(sum(fwCap) - Math.max(...fwCap)).toBeGreaterThanOrEqual(airKw);
    const ch = ofKind(d, 'chiller');
    const chCap = ch.map((c) => c.props.capacityKw);
    expect(sum(chCap) - Math.max(...chCap)).toBeGreaterThanOrEqual(totalKw);
    // chilled water 20 °C + 4 K CDU approach = 24 °C ≤ 25 °C the NVL72 racks require
    for (const c of ofKind(d, 'cdu')) expect(ch[0].props.leavingWaterC + c.props.approachK).toBeLessThanOrEqual(25);
    // the fan walls supply the hall: rear (+y local) points east, into the room
    for (const c of fw) expect(rotate2([0, 1], c.rotationDeg)[0]).toBeCloseTo(1, 9);
  });

  it('power is 2N: each 5 MVA transformer alone carries the whole site (PF 0.95); each UPS alone the critical load; busways within 80 %', () => {
    const ts = ofKind(d, 'transformer');
    const siteKw = sum(d.equipment.filter((e) => e.kind !== 'transformer').map((e) => kindOf(e).electricalKw(e.props)));
    for (const t of ts) expect(siteKw + kindOf(t).electricalKw(t.props)).toBeLessThanOrEqual(t.props.kva * 0.95);
    expect(siteKw).toBeLessThanOrEqual(d.site.utility.interconnectMw * 1000);
    const critical = sum(d.equipment.filter((e) => ['rack', 'cdu', 'cooler'].includes(e.kind)).map((e) => kindOf(e).electricalKw(e.props)));
    expect(critical).toBeCloseTo(2928 + 4 * 11.5 + 3 * 20, 9);
    const upss = ofKind(d, 'ups');
    expect(upss).toHaveLength(2);
    for (const u of upss) expect(critical).toBeLessThanOrEqual(upsUsableKw(u.props as unknown as UpsProps));
    // each busway must carry its whole row alone when the other side fails
    for (const bw of ofKind(d, 'busway')) {
      const fed = d.connections.filter((c) => c.from === bw.id).map((c) => d.equipment.find((e) => e.id === c.to)!);
      expect(fed.length).toBeGreaterThanOrEqual(7);
      const rowKw = sum(fed.map((e) => e.props.itPowerKw));
      expect(rowKw).toBeLessThanOrEqual(buswayUsableKw(bw.props as unknown as BuswayProps));
      expect(bw.position[2]).toBe(2.7);
      expect(bw.props.tapOffCount).toBe(sum(fed.map((e) => e.props.cordCount / 2)));
    }
    // every rack is fed from both sides
    for (const r of racks) {
      const sides = d.connections.filter((c) => c.to === r.id).map((c) => c.props.side).sort();
      expect(sides, r.id).toEqual(['A', 'B']);
    }
  });
});

describe('templates', () => {
  it('container farm: containers stand in the yard (hallId null) beside a control building', () => {
    const d = docOf('container-farm.json');
    expect(d.halls.length).toBeGreaterThanOrEqual(1);
    const cs = ofKind(d, 'mining-container');
    expect(cs.length).toBe(6);
    for (const c of cs) expect(c.hallId).toBeNull();
    // yard power: four air (1,126 kW) and two hydro (1,930.8 kW) containers within the 10 MW interconnect
    const loadKw = sum(d.equipment.map((e) => kindOf(e).electricalKw(e.props)));
    expect(sum(cs.map((e) => kindOf(e).electricalKw(e.props)))).toBeCloseTo(4 * 1126 + 2 * 1930.8, 9);
    expect(loadKw).toBeLessThanOrEqual(d.site.utility.interconnectMw * 1000);
    // each transformer carries what it feeds
    for (const t of ofKind(d, 'transformer')) {
      const fed = d.connections.filter((c) => c.from === t.id).map((c) => d.equipment.find((e) => e.id === c.to)!);
      expect(sum(fed.map((e) => kindOf(e).electricalKw(e.props)))).toBeLessThanOrEqual(t.props.kva * 0.95);
    }
    // the hydro containers' liquid heat fits their dry coolers
    const hydroLiquid = sum(cs.map((e) => kindOf(e).heatToLiquidKw(e.props)));
    expect(sum(ofKind(d, 'dry-cooler').map((e) => e.props.capacityKw))).toBeGreaterThanOrEqual(hydroLiquid);
  });

  it('empty hall: 60 × 30 × 7 m, no equipment', () => {
    const d = docOf('empty-hall.json');
    expect(d.equipment).toEqual([]);
    expect(d.connections).toEqual([]);
    expect(d.halls).toHaveLength(1);
    expect(polygonArea(d.halls[0].outline)).toBe(1800);
    expect(d.halls[0].clearHeightM).toBe(7);
  });
});
