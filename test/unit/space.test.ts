import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { getKind, resolveModel } from '../../src/catalog/registry';
import type { AnyKindDef } from '../../src/catalog/types';
import { emptyHallDoc, type Equipment, type LayoutDoc, type Props } from '../../src/model/document';
import { boxCorners, rectOverlapDepth, type Vec2 } from '../../src/model/geometry';
import type { Finding } from '../../workers/findings';
import { chooseCellM, SpatialHashGrid } from '../../workers/space/grid';
import { runSpace, TOL_M } from '../../workers/space/engine';
import { makeBigDoc } from '../helpers/bigdoc';

const GB200 = resolveModel('rack', 'gb200-nvl72')!.props as Props; // 0.6 × 1.2 × 2.3 m, 1,360 kg, 132 kW
const HGX = resolveModel('rack', 'hgx-h100-4x-air')!.props as Props; // 0.6 × 1.2 × 2.2 m, 1,100 kg, 41 kW

let seq = 0;
function rack(x: number, y: number, rotationDeg = 0, over: Omit<Partial<Equipment>, 'props'> & { props?: Partial<Props> } = {}): Equipment {
  const id = over.id ?? `r${++seq}`;
  return {
    id,
    kind: 'rack',
    model: 'gb200-nvl72',
    name: id,
    hallId: 'hall-1',
    position: [x, y, 0],
    rotationDeg,
    ...over,
    props: { ...GB200, ...(over.props ?? {}) } as Props,
  };
}

/** A w × d m hall; floor rated 3,000 kg/m² so that the floor-load check stays quiet unless a test lowers it. */
function hall(eq: Equipment[], w = 20, d = 20, h = 7): LayoutDoc {
  const doc = emptyHallDoc(w, d, h);
  doc.halls[0].floorRatingKgM2 = 3000;
  doc.equipment = eq;
  return doc;
}

const byCode = (fs: Finding[], code: string) => fs.filter((f) => f.code === code);
const SQRT_HALF = Math.SQRT1_2;

describe('space engine: overlaps', () => {
  it('two racks overlapping by 0.2 m give one critical finding with depth 0.2 m', () => {
    const r = runSpace(hall([rack(5, 5, 0, { id: 'a' }), rack(5.4, 5, 0, { id: 'b' })]));
    expect(r.engine).toBe('space');
    expect(r.findings).toHaveLength(1);
    const f = r.findings[0];
    expect(f.id).toBe('space:overlap:a:b');
    expect(f.severity).toBe('critical');
    expect(f.subjects).toEqual(['a', 'b']);
    expect(f.measured!.unit).toBe('m');
    expect(f.measured!.value).toBeCloseTo(0.2, 12);
    expect(f.limit).toEqual({ value: 0, unit: 'm' });
  });

  it('orders the pair in the id by id, not by document order', () => {
    const r = runSpace(hall([rack(5.4, 5, 0, { id: 'zz' }), rack(5, 5, 0, { id: 'aa' })]));
    expect(byCode(r.findings, 'overlap').map((f) => f.id)).toEqual(['space:overlap:aa:zz']);
  });

  it('touching racks (0 gap) do not overlap, also when rotated 45°', () => {
    expect(runSpace(hall([rack(5, 5), rack(5.6, 5)])).findings).toEqual([]);
    // two 45° racks touching along their local x axis: centres 0.6 m apart along (cos 45°, sin 45°)
    const f = runSpace(hall([rack(8, 8, 45), rack(8 + 0.6 * SQRT_HALF, 8 + 0.6 * SQRT_HALF, 45)])).findings;
    expect(byCode(f, 'overlap')).toEqual([]);
  });

  it('two 45° racks 0.5 m apart along their width axis overlap by 0.1 m', () => {
    const f = byCode(runSpace(hall([rack(8, 8, 45), rack(8 + 0.5 * SQRT_HALF, 8 + 0.5 * SQRT_HALF, 45)])).findings, 'overlap');
    expect(f).toHaveLength(1);
    expect(f[0].measured!.value).toBeCloseTo(0.1, 12);
  });

  it('a 45° rack against an axis-aligned one: depth = 0.3 + 0.9·√½ − gap', () => {
    // B's half extent along x is (0.3 + 0.6)·cos 45° = 0.63640 m; A's is 0.3 m
    const f = byCode(runSpace(hall([rack(10, 10, 0, { id: 'a' }), rack(10.8, 10, 45, { id: 'b' })])).findings, 'overlap');
    expect(f).toHaveLength(1);
    expect(f[0].measured!.value).toBeCloseTo(0.3 + 0.9 * SQRT_HALF - 0.8, 12); // 0.13640 m
    // 0.95 m apart: 0.3 + 0.6364 < 0.95, separated along x
    expect(byCode(runSpace(hall([rack(10, 10), rack(10.95, 10, 45)])).findings, 'overlap')).toEqual([]);
  });

  it('vertical ranges must overlap too: a body above a 2.3 m rack does not clash; one reaching into it does', () => {
    const over = (z: number) => rack(5, 5, 0, { id: 'up', position: [5, 5, z], props: { heightM: 0.3 } });
    expect(byCode(runSpace(hall([rack(5, 5, 0, { id: 'low' }), over(2.7)])).findings, 'overlap')).toEqual([]);
    expect(byCode(runSpace(hall([rack(5, 5, 0, { id: 'low' }), over(2.3)])).findings, 'overlap')).toEqual([]); // resting on top
    const f = byCode(runSpace(hall([rack(5, 5, 0, { id: 'low' }), over(2.1)])).findings, 'overlap');
    expect(f).toHaveLength(1);
    // plan depth 0.6 m (full width), vertical overlap 2.3 − 2.1 = 0.2 m: the shorter move separates them
    expect(f[0].measured!.value).toBeCloseTo(0.2, 12);
  });

  it('the spatial hash finds exactly the pairs a brute-force O(n²) search finds (random layout of 400 bodies)', () => {
    // deterministic PRNG (mulberry32)
    let s = 12345;
    const rnd = () => {
      s = (s + 0x6d2b79f5) | 0;
      let t = Math.imul(s ^ (s >>> 15), 1 | s);
      t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
    const eq: Equipment[] = [];
    for (let i = 0; i < 400; i++) {
      const big = i % 50 === 0; // a few long bodies spanning many cells
      const w = big ? 8 + 6 * rnd() : 0.3 + 1.5 * rnd();
      const d = big ? 0.4 : 0.3 + 1.5 * rnd();
      const z = rnd() < 0.2 ? 2 + 2 * rnd() : 0;
      eq.push(
        rack(0, 0, 360 * rnd(), {
          id: `q${String(i).padStart(3, '0')}`,
          position: [30 * rnd() - 12, 30 * rnd() - 12, z], // across the origin: negative cells too
          props: { widthM: w, depthM: d, heightM: 0.2 + 2.3 * rnd() },
        }),
      );
    }
    const doc = hall(eq, 40, 40, 10);
    const got = new Map(byCode(runSpace(doc).findings, 'overlap').map((f) => [f.id, f.measured!.value]));
    const want = new Map<string, number>();
    const corners = eq.map((e) =>
      boxCorners({ cx: e.position[0], cy: e.position[1], z: e.position[2], widthM: e.props.widthM, depthM: e.props.depthM, heightM: e.props.heightM, rotationDeg: e.rotationDeg }),
    );
    for (let i = 0; i < eq.length; i++) {
      for (let j = i + 1; j < eq.length; j++) {
        const a = eq[i];
        const b = eq[j];
        const dz = Math.min(a.position[2] + a.props.heightM, b.position[2] + b.props.heightM) - Math.max(a.position[2], b.position[2]);
        if (dz <= TOL_M) continue;
        const dp = rectOverlapDepth(corners[i], corners[j]);
        if (dp <= TOL_M) continue;
        want.set(`space:overlap:${a.id}:${b.id}`, Math.min(dp, dz));
      }
    }
    expect(want.size).toBeGreaterThan(100); // the layout is dense enough to test something
    expect([...got.keys()].sort()).toEqual([...want.keys()].sort());
    for (const [k, v] of want) expect(got.get(k)).toBeCloseTo(v, 12);
  });
});

describe('spatial hash grid', () => {
  it('returns every box meeting the query box, including items too large for the cells', () => {
    let s = 7;
    const rnd = () => ((s = (s * 16807) % 2147483647) - 1) / 2147483646;
    const boxes: [number, number, number, number][] = [];
    const grid = new SpatialHashGrid(1, 16); // items over 16 cells go to the "large" list
    for (let i = 0; i < 500; i++) {
      const x = 50 * rnd();
      const y = 50 * rnd();
      const w = i % 25 === 0 ? 20 * rnd() : 2 * rnd();
      const h = i % 25 === 0 ? 20 * rnd() : 2 * rnd();
      boxes.push([x, y, x + w, y + h]);
      grid.insert(i, x, y, x + w, y + h);
    }
    const out: number[] = [];
    for (let q = 0; q < 200; q++) {
      const x = 55 * rnd() - 3;
      const y = 55 * rnd() - 3;
      const w = q % 20 === 0 ? 60 : 3 * rnd();
      const h = q % 20 === 0 ? 60 : 3 * rnd();
      grid.query(x, y, x + w, y + h, out);
      expect(new Set(out).size).toBe(out.length); // no duplicates
      const set = new Set(out);
      boxes.forEach((b, i) => {
        if (b[0] <= x + w && b[2] >= x && b[1] <= y + h && b[3] >= y) expect(set.has(i), `box ${i} query ${q}`).toBe(true);
      });
    }
  });

  it('sizes cells at twice the median extent, clamped to [0.5, 50] m', () => {
    expect(chooseCellM([1.2, 1.2, 1.2, 12])).toBe(2.4);
    expect(chooseCellM([0.1, 0.1, 0.1])).toBe(0.5);
    expect(chooseCellM([300])).toBe(50);
    expect(chooseCellM([])).toBe(2);
    expect(() => new SpatialHashGrid(0)).toThrow(/positive/);
  });
});

describe('space engine: service clearance', () => {
  it('a rack facing a wall 0.8 m away: warning, measured 0.8 m, limit 1.2 m', () => {
    // front faces −y (south); the face is at y = 1.4 − 0.6 = 0.8, the wall at y = 0
    const r = runSpace(hall([rack(10, 1.4, 0, { id: 'w1' })]));
    expect(r.findings).toHaveLength(1);
    const f = r.findings[0];
    expect(f.id).toBe('space:clearance-front:w1');
    expect(f.severity).toBe('warning');
    expect(f.subjects).toEqual(['w1', 'hall-1']);
    expect(f.measured!.value).toBeCloseTo(0.8, 12);
    expect(f.limit).toEqual({ value: 1.2, unit: 'm' });
    expect(f.message).toMatch(/0\.80 m.*1\.20 m.*wall of Hall 1/);
    // the framing point is the middle of the free gap in front of the rack
    expect(f.at![0]).toBeCloseTo(10, 12);
    expect(f.at![1]).toBeCloseTo(0.4, 12);
  });

  it('a rack rotated 90° faces east: front 0.5 m from the east wall, rear 0.7 m from a rack behind', () => {
    // rotation 90° turns the front normal (0, −1) into (1, 0)
    const r = runSpace(hall([rack(20 - 0.5 - 0.6, 10, 90, { id: 'e' }), rack(18.9 - 0.6 - 0.7 - 0.3, 10, 0, { id: 'b' })]));
    const front = byCode(r.findings, 'clearance-front').find((f) => f.subjects[0] === 'e')!;
    expect(front.measured!.value).toBeCloseTo(0.5, 12);
    const rear = byCode(r.findings, 'clearance-rear').find((f) => f.subjects[0] === 'e')!;
    expect(rear.subjects).toEqual(['e', 'b']);
    expect(rear.measured!.value).toBeCloseTo(0.7, 12);
    expect(rear.limit!.value).toBe(1.0);
    expect(byCode(r.findings, 'overlap')).toEqual([]);
  });

  it('flush contact counts as zero free distance: back-to-back racks, and a rear against the wall', () => {
    // a faces south (rear face at y = 10.6); b faces north, turned 180°, its rear face also at 10.6
    const r = runSpace(hall([rack(5, 10, 0, { id: 'a' }), rack(5, 11.2, 180, { id: 'b' })]));
    expect(r.findings.map((f) => [f.id, f.measured!.value, f.subjects[1]])).toEqual([
      ['space:clearance-rear:a', 0, 'b'],
      ['space:clearance-rear:b', 0, 'a'],
    ]);
    // a rack turned 180° with its rear flush against the south wall y = 0
    const w = runSpace(hall([rack(5, 0.6, 180, { id: 'w' })]));
    expect(w.findings.map((f) => [f.id, f.measured!.value, f.subjects[1]])).toEqual([['space:clearance-rear:w', 0, 'hall-1']]);
  });

  it('a row of 10 racks side by side has no findings at all', () => {
    const row = Array.from({ length: 10 }, (_, k) => rack(5 + 0.6 * k, 10));
    expect(runSpace(hall(row)).findings).toEqual([]);
    // also rotated: the same row turned 30° about its first rack
    const c = Math.cos(Math.PI / 6);
    const s = Math.sin(Math.PI / 6);
    const turned = Array.from({ length: 10 }, (_, k) => rack(5 + 0.6 * k * c, 10 + 0.6 * k * s, 30));
    expect(runSpace(hall(turned)).findings).toEqual([]);
  });

  it('face-to-face rows 1.0 m apart: a front warning for every rack, measured 1.0 m', () => {
    // south row faces north (180°), fronts at y = 10.6; north row faces south, fronts at y = 11.6
    const south = Array.from({ length: 10 }, (_, k) => rack(5 + 0.6 * k, 10, 180, { id: `s${k}` }));
    const north = Array.from({ length: 10 }, (_, k) => rack(5 + 0.6 * k, 12.2, 0, { id: `n${k}` }));
    const r = runSpace(hall([...south, ...north]));
    const fronts = byCode(r.findings, 'clearance-front');
    expect(fronts).toHaveLength(20);
    expect(r.findings).toHaveLength(20);
    for (const f of fronts) {
      expect(f.severity).toBe('warning');
      expect(f.measured!.value).toBeCloseTo(1.0, 12);
      expect(f.limit!.value).toBe(1.2);
    }
    // each rack is blocked by the one straight across
    expect(fronts.find((f) => f.subjects[0] === 's3')!.subjects[1]).toBe('n3');
    // rows 1.2 m apart meet the requirement exactly: no findings
    const ok = runSpace(hall([...south, ...north.map((e) => ({ ...e, position: [e.position[0], 12.4, 0] as Equipment['position'] }))]));
    expect(ok.findings).toEqual([]);
  });

  it('follows doc.settings: a 0.9 m front requirement makes a 1.0 m aisle fine', () => {
    const doc = hall([rack(5, 10, 180), rack(5, 12.2, 0)]);
    doc.settings = { clearanceFrontM: 0.9, clearanceRearM: 1.0 };
    expect(runSpace(doc).findings).toEqual([]);
    doc.settings = { clearanceFrontM: 1.5, clearanceRearM: 1.0 };
    expect(byCode(runSpace(doc).findings, 'clearance-front').map((f) => f.limit!.value)).toEqual([1.5, 1.5]);
  });

  it('bodies hung overhead (starting 2 m or more above the rack base) do not block the service zone', () => {
    const low = rack(5, 10 - 0.6 - 0.5 - 0.3, 0, { id: 'low', position: [5, 8.6, 1.5], props: { widthM: 0.6, depthM: 0.6, heightM: 0.3 } });
    const high = { ...low, id: 'high', position: [5, 8.6, 2.0] as Equipment['position'] };
    const r1 = runSpace(hall([rack(5, 10, 0, { id: 'x' }), low]));
    const f1 = byCode(r1.findings, 'clearance-front').filter((f) => f.subjects[0] === 'x');
    expect(f1).toHaveLength(1);
    expect(f1[0].measured!.value).toBeCloseTo(0.5, 12); // face at 9.4, low body's north edge at 8.9
    const r2 = runSpace(hall([rack(5, 10, 0, { id: 'x' }), high]));
    expect(byCode(r2.findings, 'clearance-front').filter((f) => f.subjects[0] === 'x')).toEqual([]);
  });

  it('containment over the aisle does not block the service zone, but a rack standing in it clashes', () => {
    // rows at y = 10 (facing north) and 12.4 (facing south): a 1.2 m aisle, fronts at 10.6 and 11.8
    const cont: Equipment = {
      id: 'c',
      kind: 'containment',
      model: getKind('containment')?.models[0].id ?? 'cold-aisle',
      name: 'c',
      hallId: 'hall-1',
      position: [5, 11.2, 0],
      rotationDeg: 0,
      props: { widthM: 6, depthM: 1.2, heightM: 2.4, weightKg: 220 } as Props,
    };
    const rows = [rack(5, 10, 180, { id: 's' }), rack(5, 12.4, 0, { id: 'n' })];
    expect(runSpace(hall([...rows, cont])).findings).toEqual([]);
    // the same body under any other kind name obstructs: both fronts have 0 m free
    const solid = runSpace(hall([...rows, { ...cont, kind: 'pod-wall' }]));
    expect(solid.findings.map((f) => [f.id, f.measured!.value])).toEqual([
      ['space:clearance-front:s', 0],
      ['space:clearance-front:n', 0],
    ]);
    // a third rack put inside the contained aisle overlaps the containment by its 0.6 m width... and more
    const intruder = rack(3, 11.2, 90, { id: 'i', props: { widthM: 0.6, depthM: 0.6 } });
    const clash = byCode(runSpace(hall([...rows, cont, intruder])).findings, 'overlap');
    expect(clash.map((f) => f.id)).toEqual(['space:overlap:c:i']);
    expect(clash[0].measured!.value).toBeCloseTo(0.6, 12); // fully inside: SAT depth = its smaller side
  });
});

describe('space engine: halls, floor load, height', () => {
  it('floor load 1360 kg / (0.6 × 1.2 m) = 1888.9 kg/m² vs 1200: critical', () => {
    const doc = hall([rack(10, 10, 0, { id: 'f' })]);
    doc.halls[0].floorRatingKgM2 = 1200; // emptyHallDoc's default
    const r = runSpace(doc);
    const f = byCode(r.findings, 'floor-load');
    expect(f).toHaveLength(1);
    expect(f[0].id).toBe('space:floor-load:f');
    expect(f[0].severity).toBe('critical');
    expect(f[0].owner).toBe('structural');
    expect(f[0].measured!.value).toBeCloseTo(1360 / 0.72, 9);
    expect(f[0].measured!.value).toBeCloseTo(1888.9, 1);
    expect(f[0].limit).toEqual({ value: 1200, unit: 'kg/m²' });
    expect(f[0].message).toMatch(/1889 kg\/m².*1360 kg on 0\.72 m².*1200 kg\/m²/);
  });

  it('floor load above 90 % of the rating is a warning; below 90 % nothing', () => {
    const doc = hall([rack(10, 10)]);
    doc.halls[0].floorRatingKgM2 = 2000; // 1888.9 > 1800
    expect(byCode(runSpace(doc).findings, 'floor-load').map((f) => f.severity)).toEqual(['warning']);
    doc.halls[0].floorRatingKgM2 = 2100; // 0.9 × 2100 = 1890 > 1888.9
    expect(runSpace(doc).findings).toEqual([]);
  });

  it('a 2.3 m rack in a 2.0 m hall is critical; base elevation counts', () => {
    const f = byCode(runSpace(hall([rack(10, 10, 0, { id: 'h' })], 20, 20, 2.0)).findings, 'height');
    expect(f).toHaveLength(1);
    expect(f[0].severity).toBe('critical');
    expect(f[0].measured!.value).toBeCloseTo(2.3, 12);
    expect(f[0].limit).toEqual({ value: 2.0, unit: 'm' });
    const raised = rack(10, 10, 0, { position: [10, 10, 0.5] });
    expect(byCode(runSpace(hall([raised], 20, 20, 2.5)).findings, 'height')[0].measured!.value).toBeCloseTo(2.8, 12);
    expect(byCode(runSpace(hall([rack(10, 10)], 20, 20, 2.3)).findings, 'height')).toEqual([]);
  });

  // L-shaped hall: the north-east quadrant x > 10, y > 10 is outside
  const L: Vec2[] = [
    [0, 0],
    [20, 0],
    [20, 10],
    [10, 10],
    [10, 20],
    [0, 20],
  ];
  const lHall = (eq: Equipment[]) => {
    const doc = hall(eq);
    doc.halls[0].outline = L;
    doc.halls[0].floorRatingKgM2 = 3000;
    return doc;
  };

  it('a rack partly outside an L-shaped hall is critical, measured by how far it reaches out', () => {
    // footprint x 11.7–12.3, y 9.7–10.9: its north corners are 0.9 m into the notch
    const f = byCode(runSpace(lHall([rack(12, 10.3, 0, { id: 'o' })])).findings, 'outside-hall');
    expect(f).toHaveLength(1);
    expect(f[0].id).toBe('space:outside-hall:o');
    expect(f[0].severity).toBe('critical');
    expect(f[0].subjects).toEqual(['o', 'hall-1']);
    expect(f[0].measured!.value).toBeCloseTo(0.9, 12);
  });

  it('a rack straddling the inner corner of the L is outside; one touching both walls there is not', () => {
    // footprint x 9.7–10.3, y 9.4–10.6 holds the reflex corner (10, 10): 0.3 m from its east edge
    const f = byCode(runSpace(lHall([rack(10, 10, 0, { id: 'c' })])).findings, 'outside-hall');
    expect(f).toHaveLength(1);
    expect(f[0].measured!.value).toBeCloseTo(0.3, 12);
    // footprint x 9.4–10.0, y 8.8–10.0 touches the corner from inside
    expect(runSpace(lHall([rack(9.7, 9.4, 0)])).findings).toEqual([]);
  });

  it('a wall corner inside the footprint, and a wall passing straight through it, are outside too', () => {
    // a 0.2 m wide notch (a pilaster) from the south wall up to y = 10, at x 9.9–10.1
    const notch: Vec2[] = [
      [0, 0],
      [9.9, 0],
      [9.9, 10],
      [10.1, 10],
      [10.1, 0],
      [20, 0],
      [20, 20],
      [0, 20],
    ];
    const withNotch = (eq: Equipment[]) => {
      const doc = hall(eq);
      doc.halls[0].outline = notch;
      return doc;
    };
    // footprint x 9.7–10.3, y 9.4–10.6: every corner is inside the hall, the notch tips are inside the footprint
    const tip = byCode(runSpace(withNotch([rack(10, 10, 0, { id: 't' })])).findings, 'outside-hall');
    expect(tip).toHaveLength(1);
    expect(tip[0].measured!.value).toBeCloseTo(0.2, 12); // (9.9, 10) is 0.2 m from the footprint's west edge
    // footprint x 9–11, y 5–5.6: the notch crosses it; no corner out, no notch corner in
    const thru = byCode(runSpace(withNotch([rack(10, 5.3, 0, { id: 'x', props: { widthM: 2, depthM: 0.6 } })])).findings, 'outside-hall');
    expect(thru).toHaveLength(1);
    expect(thru[0].measured).toBeUndefined();
    expect(thru[0].message).toContain('crosses the wall of Hall 1');
  });

  it('a rack against a straight wall is inside; one crossing it is not', () => {
    // at 90° the 1.2 m depth runs along x: the footprint is x ± 0.6, y ± 0.3
    expect(byCode(runSpace(hall([rack(0.6, 10, 90)])).findings, 'outside-hall')).toEqual([]);
    const f = byCode(runSpace(hall([rack(0.5, 10, 90)])).findings, 'outside-hall');
    expect(f).toHaveLength(1);
    expect(f[0].measured!.value).toBeCloseTo(0.1, 12);
  });

  it('outdoor equipment standing inside a hall is a warning; outside it is not; a missing hall is critical', () => {
    const yard = (x: number, y: number) => rack(x, y, 0, { id: `y${x}`, hallId: null });
    const r = runSpace(hall([yard(5, 5), yard(-5, -5)]));
    expect(r.findings.map((f) => [f.id, f.severity])).toEqual([['space:outdoor-in-hall:y5', 'warning']]);
    const m = runSpace(hall([rack(5, 5, 0, { id: 'lost', hallId: 'nowhere' })]));
    expect(m.findings.map((f) => [f.id, f.severity])).toEqual([['space:hall-missing:lost', 'critical']]);
  });
});

describe('space engine: placement semantics (injected kinds)', () => {
  const rackKind = getKind('rack')!;
  const fake = (kind: string, over: Partial<AnyKindDef>): AnyKindDef => ({ ...rackKind, kind, serviceClearance: false, ...over });
  const KINDS: Record<string, AnyKindDef> = {
    rack: rackKind,
    fan: fake('fan', { placement: 'wall', category: 'legacy', electricalKw: () => 5 }),
    miner: fake('miner', { placement: 'floor', category: 'legacy', electricalKw: () => 100 }),
    busway: fake('busway', { placement: 'overhead', category: 'electrical', electricalKw: () => 0 }),
  };
  const lookup = (k: string) => KINDS[k];
  const item = (kind: string, id: string, x: number, y: number, z: number, props: Partial<Props>, rotationDeg = 0): Equipment => ({
    id,
    kind,
    model: 'm',
    name: id,
    hallId: 'hall-1',
    position: [x, y, z],
    rotationDeg,
    props: { widthM: 1, depthM: 0.5, heightM: 1, weightKg: 50, ...props } as Props,
  });

  it('a wall-mounted fan straddling the wall is fine; off the wall is a warning; far outside is critical', () => {
    // fan 1.2 × 0.4 m centred on the south wall line y = 0 (half outside): allowed for wall kinds
    expect(runSpace(hall([item('fan', 'f', 10, 0, 0.5, { widthM: 1.2, depthM: 0.4 })]), { getKind: lookup }).findings).toEqual([]);
    // the same footprint as a floor kind would reach 0.2 m through the wall
    const asFloor = runSpace(hall([item('miner', 'm', 10, 0, 0, { widthM: 1.2, depthM: 0.4 })]), { getKind: lookup }).findings;
    expect(asFloor.map((f) => [f.code, f.measured?.value])).toEqual([['outside-hall', expect.closeTo(0.2, 12)]]);
    // 3 m into the hall: limit = 0.4 / 2 + 0.1 = 0.3 m
    const off = runSpace(hall([item('fan', 'f', 10, 3, 0.5, { depthM: 0.4 })]), { getKind: lookup }).findings;
    expect(off.map((f) => [f.id, f.severity, f.measured!.value, f.limit!.value])).toEqual([['space:off-wall:f', 'warning', 3, expect.closeTo(0.3, 12)]]);
    // 2 m outside the wall
    const out = runSpace(hall([item('fan', 'f', 10, -2, 0.5, { depthM: 0.4 })]), { getKind: lookup }).findings;
    expect(out.map((f) => [f.id, f.severity, f.measured!.value])).toEqual([['space:outside-hall:f', 'critical', 2]]);
    // centre 0.25 m outside: within reach 0.3 m, fine
    expect(runSpace(hall([item('fan', 'f', 10, -0.25, 0.5, { depthM: 0.4 })]), { getKind: lookup }).findings).toEqual([]);
  });

  it('overhead and wall-mounted kinds put no load on the floor; floor kinds do', () => {
    const heavy = { widthM: 1, depthM: 0.5, weightKg: 5000 }; // 10,000 kg/m² over a 3,000 kg/m² floor
    const doc = hall([item('busway', 'b', 5, 5, 2.7, heavy), item('fan', 'f', 10, 0, 0.5, heavy), item('miner', 'm', 15, 15, 0, heavy)]);
    const r = runSpace(doc, { getKind: lookup });
    expect(r.findings.map((f) => [f.id, f.measured!.value])).toEqual([['space:floor-load:m', 10000]]);
    expect(r.figures.find((f) => f.name === 'peak_floor_load_kg_m2')!.value).toBe(10000);
    // floor-standing footprint: only the miner's 0.5 m² of 400 m²
    expect(r.figures.find((f) => f.name === 'footprint_share_pct')!.value).toBeCloseTo(0.125, 12);
  });

  it('IT load counts it and computing legacy kinds, not wall-mounted legacy fans', () => {
    const doc = hall([rack(5, 10), item('miner', 'm', 15, 15, 0, {}), item('fan', 'f', 10, 0, 0.5, {}), item('busway', 'b', 5, 5, 2.7, {})]);
    const fig = Object.fromEntries(runSpace(doc, { getKind: lookup }).figures.map((f) => [f.name, f.value]));
    expect(fig.it_load_kw).toBe(132 + 100);
    expect(fig.legacy_it_load_kw).toBe(100);
    expect(fig.rack_count).toBe(1);
    expect(fig.equipment_count).toBe(4);
  });

  it('unknown kinds are bodies: they overlap, obstruct and load the floor, but add no IT load', () => {
    const doc = hall([rack(5, 10, 0, { id: 'r' }), item('mystery', 'x', 5, 8.9, 0, { widthM: 0.6, depthM: 0.2, weightKg: 300 })]);
    const r = runSpace(doc, { getKind: lookup });
    // face at 9.4, mystery's north edge at 9.0: 0.4 m free; 300 kg / 0.12 m² = 2,500 kg/m² is 83 % of 3,000
    expect(r.findings.map((f) => [f.id, f.measured!.value])).toEqual([['space:clearance-front:r', expect.closeTo(0.4, 12)]]);
    expect(r.figures.find((f) => f.name === 'it_load_kw')!.value).toBe(132);
  });
});

describe('space engine: invariance under rotation (property-based)', () => {
  it('two racks facing each other at gap g, at any angle: both front clearances measure g', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: 360, noNaN: true }), fc.double({ min: 0.01, max: 1.19, noNaN: true }), (theta, gapM) => {
        // a at the hall centre; b straight ahead of a's front at (depth + gap) centre to centre, turned to face a
        const [nx, ny] = [Math.sin((theta * Math.PI) / 180), -Math.cos((theta * Math.PI) / 180)]; // front normal
        const dist = 1.2 + gapM;
        const r = runSpace(hall([rack(20, 20, theta, { id: 'a' }), rack(20 + dist * nx, 20 + dist * ny, theta + 180, { id: 'b' })], 40, 40));
        expect(r.findings.map((f) => f.id)).toEqual(['space:clearance-front:a', 'space:clearance-front:b']);
        for (const f of r.findings) expect(f.measured!.value).toBeCloseTo(gapM, 9);
      }),
      { numRuns: 200, seed: 42 },
    );
  });

  it('turning a whole layout about a point changes no overlap and no depth', () => {
    fc.assert(
      fc.property(
        fc.array(fc.record({ x: fc.double({ min: -2, max: 2, noNaN: true }), y: fc.double({ min: -2, max: 2, noNaN: true }), rot: fc.double({ min: 0, max: 360, noNaN: true }) }), { minLength: 2, maxLength: 8 }),
        fc.double({ min: 0, max: 360, noNaN: true }),
        (items, turnDeg) => {
          const c = Math.cos((turnDeg * Math.PI) / 180);
          const s = Math.sin((turnDeg * Math.PI) / 180);
          const make = (turn: boolean) =>
            items.map((it, i) => {
              const x = turn ? it.x * c - it.y * s : it.x;
              const y = turn ? it.x * s + it.y * c : it.y;
              return rack(20 + x, 20 + y, it.rot + (turn ? turnDeg : 0), { id: `t${i}` });
            });
          const overlaps = (eq: Equipment[]) => byCode(runSpace(hall(eq, 40, 40)).findings, 'overlap').map((f) => [f.id, f.measured!.value] as const);
          const a = overlaps(make(false));
          const b = overlaps(make(true));
          // depths within 1e-6 m of touching may flip either way under rounding; compare the clear ones
          const clear = (l: (readonly [string, number])[]) => l.filter(([, d]) => d > 1e-5);
          const bMap = new Map(b);
          for (const [id, d] of clear(a)) expect(bMap.get(id)).toBeCloseTo(d, 9);
          expect(clear(b).length).toBe(clear(a).length);
        },
      ),
      { numRuns: 100, seed: 7 },
    );
  });
});

describe('space engine: figures and scale', () => {
  it('figures: counts, IT load, floor area, footprint share, peak load', () => {
    const doc = hall([rack(5, 5), rack(10, 10, 0, { model: 'hgx-h100-4x-air', props: HGX })]);
    doc.halls[0].floorRatingKgM2 = 2500;
    const r = runSpace(doc);
    expect(r.findings).toEqual([]);
    const fig = Object.fromEntries(r.figures.map((f) => [f.name, f]));
    expect(fig.equipment_count.value).toBe(2);
    expect(fig.rack_count.value).toBe(2);
    expect(fig.it_load_kw).toMatchObject({ value: 132 + 41, unit: 'kW' });
    expect(fig.floor_area_m2).toMatchObject({ value: 400, unit: 'm²' });
    expect(fig.footprint_share_pct.value).toBeCloseTo((100 * 2 * 0.72) / 400, 12); // 0.36 %
    expect(fig.peak_floor_load_kg_m2).toMatchObject({ unit: 'kg/m²' });
    expect(fig.peak_floor_load_kg_m2.value).toBeCloseTo(1360 / 0.72, 9);
  });

  it('the grid keeps neighbour queries local on 5,000 racks (a handful of candidates, not thousands)', () => {
    const doc = makeBigDoc();
    const boxes = doc.equipment.map((e) => {
      const hw = e.props.widthM / 2;
      const hd = e.props.depthM / 2; // rotations are 0° / 180°: axis-aligned
      return [e.position[0] - hw, e.position[1] - hd, e.position[0] + hw, e.position[1] + hd];
    });
    const cell = chooseCellM(boxes.map((b) => Math.max(b[2] - b[0], b[3] - b[1])));
    expect(cell).toBeCloseTo(2.4, 12); // twice the 1.2 m rack depth
    const grid = new SpatialHashGrid(cell);
    boxes.forEach((b, i) => grid.insert(i, b[0], b[1], b[2], b[3]));
    const out: number[] = [];
    let total = 0;
    let worst = 0;
    for (const b of boxes) {
      grid.query(b[0], b[1], b[2], b[3], out);
      total += out.length;
      worst = Math.max(worst, out.length);
    }
    // measured: 10.1 on average, 27 at worst (a box meets up to 2 × 3 cells of 2.4 m, ~4 racks wide each)
    expect(total / boxes.length).toBeLessThan(25);
    expect(worst).toBeLessThanOrEqual(40);
  });

  it('the generated 5,000-rack layout is clean; with 1.0 m cold aisles every rack gets a front warning', () => {
    const clean = runSpace(makeBigDoc());
    expect(clean.findings).toEqual([]);
    const fig = Object.fromEntries(clean.figures.map((f) => [f.name, f.value]));
    expect(fig.rack_count).toBe(5000);
    expect(fig.it_load_kw).toBe(625 * 41 + 4375 * 132); // every 8th rack is a 41 kW air rack
    const tight = runSpace(makeBigDoc({ coldAisleM: 1.0 }));
    expect(tight.findings).toHaveLength(5000);
    expect(tight.findings.every((f) => f.code === 'clearance-front' && Math.abs(f.measured!.value - 1.0) < 1e-9)).toBe(true);
  });
});
