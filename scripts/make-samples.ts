/**
 * Builds the sample sites and templates in code and writes them to public/samples/ through the
 * loader (so every file is validated and canonical) plus public/samples/index.json.
 *
 *   npx tsx scripts/make-samples.ts
 *
 * Output is deterministic (fixed ids, no dates, no randomness): running it twice gives the same bytes,
 * and test/unit/samples.test.ts checks that the committed files are what this script produces.
 *
 * Plan frame: x east, y north, metres, origin at the hall's south-west corner; the hall outline runs
 * counter-clockwise, so wall 0 is the south wall, 1 east, 2 north, 3 west.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { resolveModel } from '../src/catalog/registry';
import {
  APP_NAME,
  CURRENT_VERSION,
  DEFAULT_SETTINGS,
  emptyHallDoc,
  FORMAT,
  type Connection,
  type Equipment,
  type Hall,
  type LayoutDoc,
  type Opening,
  type PipeLoop,
  type Props,
  type Site,
} from '../src/model/document';
import type { Vec2 } from '../src/model/geometry';
import { loadLayout, serializeLayout } from '../src/model/load';

export interface SampleEntry {
  file: string;
  title: string;
  description: string;
  kind: 'sample' | 'template';
}

/** Collects equipment with fixed, per-kind sequential ids (`miner-shelf-001`, …). */
class Builder {
  readonly equipment: Equipment[] = [];
  readonly connections: Connection[] = [];
  readonly pipeLoops: PipeLoop[] = [];
  private counters = new Map<string, number>();

  add(
    kind: string,
    model: string,
    name: string,
    hallId: string | null,
    at: [number, number, number],
    rotationDeg = 0,
    override: Partial<Props> = {},
  ): string {
    const resolved = resolveModel(kind, model);
    if (!resolved) throw new Error(`unknown model ${kind}/${model}`);
    const n = (this.counters.get(kind) ?? 0) + 1;
    this.counters.set(kind, n);
    const id = `${kind}-${String(n).padStart(3, '0')}`;
    // round positions to the millimetre so the JSON carries no floating-point noise
    const r = (v: number) => Math.round(v * 1000) / 1000;
    this.equipment.push({
      id,
      kind,
      model,
      name,
      hallId,
      position: [r(at[0]), r(at[1]), r(at[2])],
      rotationDeg,
      props: { ...(resolved.props as Props), ...override } as Props,
    });
    return id;
  }

  /** A power feed from upstream to downstream equipment. */
  feed(from: string, to: string, side?: 'A' | 'B'): void {
    const id = `power-${String(this.connections.length + 1).padStart(3, '0')}`;
    this.connections.push({ id, kind: 'power', from, to, props: side ? { side } : {} });
  }
}

const rect = (w: number, d: number, x0 = 0, y0 = 0): Vec2[] => [
  [x0, y0],
  [x0 + w, y0],
  [x0 + w, y0 + d],
  [x0, y0 + d],
];

const HALL_W = 60;
const HALL_D = 30;
const HALL_H = 7;

const WEST_TEXAS: Site = {
  name: 'West Texas mining site',
  utility: { interconnectMw: 7, voltageKv: 34.5 },
  climate: { designDryBulbC: 38, designWetBulbC: 24 },
  ashraeClass: 'A3',
  powerRedundancy: 'N',
};

/** The two doors both versions of the hall keep: a roll-up door east, a personnel door west. */
const DOORS: Opening[] = [
  { id: 'door-east', kind: 'door', wall: 1, offsetM: 6, widthM: 3.0, heightM: 3.5, sillM: 0 },
  // wall 3 runs from (0, 30) to (0, 0): offset 24 → y = 6
  { id: 'door-west', kind: 'door', wall: 3, offsetM: 24, widthM: 1.0, heightM: 2.1, sillM: 0 },
];

function doc(title: string, site: Site, halls: Hall[], b: Builder): LayoutDoc {
  return {
    format: FORMAT,
    version: CURRENT_VERSION,
    meta: { title, app: APP_NAME },
    site,
    halls,
    equipment: b.equipment,
    connections: b.connections,
    pipeLoops: b.pipeLoops,
    customModels: [],
    settings: { ...DEFAULT_SETTINGS },
  };
}

/**
 * (a) The mining hall as found: 60 × 30 × 7 m, slab on grade rated 1,000 kg/m². Outdoor air enters
 * through evaporative pads along the south wall, crosses one line of miner shelves (facing south, the
 * intake) and leaves through the exhaust fan wall on the north side. 50 shelves × 30 miners = 1,500
 * miners (25 S19 Pro shelves west, 25 S21 shelves east, a 1.2 m cross aisle between them). Power is N:
 * two 3,000 kVA pad-mounts with their switchgear outdoors west of the hall, no UPS, no generator.
 */
export function asFoundMiningHall(): LayoutDoc {
  const b = new Builder();
  const hall: Hall = {
    id: 'hall-1',
    name: 'Mining hall',
    outline: rect(HALL_W, HALL_D),
    clearHeightM: HALL_H,
    floorRatingKgM2: 1000,
    openings: [
      { id: 'intake-south', kind: 'intake', wall: 0, offsetM: 30, widthM: 54, heightM: 3.0, sillM: 0.3 },
      // wall 2 runs from (60, 30) to (0, 30): offset 30 is the middle
      { id: 'exhaust-north', kind: 'exhaust', wall: 2, offsetM: 30, widthM: 54, heightM: 1.8, sillM: 0.4 },
      ...DOORS,
    ],
  };

  // evaporative pads: 9 × 6 m sections fill the 54 m intake; front (pads) faces south, outdoors
  const evap: string[] = [];
  for (let i = 0; i < 9; i++) evap.push(b.add('evap-wall', 'pad-6m-150mm', `Evap pads S${i + 1}`, hall.id, [6 + i * 6, 0.15, 0], 0));

  // miner shelves: one line at y = 12 facing the intake (rotation 0 → front at −y, south)
  const shelfW = 1.05;
  const westStart = 3.15;
  const eastStart = westStart + 25 * shelfW + 1.2; // 1.2 m cross aisle
  const west: string[] = [];
  const east: string[] = [];
  for (let i = 0; i < 25; i++) {
    west.push(b.add('miner-shelf', 's19pro-shelf', `S19 Pro shelf W${String(i + 1).padStart(2, '0')}`, hall.id, [westStart + shelfW / 2 + i * shelfW, 12, 0], 0));
  }
  for (let i = 0; i < 25; i++) {
    east.push(b.add('miner-shelf', 's21-shelf', `S21 shelf E${String(i + 1).padStart(2, '0')}`, hall.id, [eastStart + shelfW / 2 + i * shelfW, 12, 0], 0));
  }

  // exhaust fans: 32 × 54" fans at 1.65 m pitch in the north wall, 0.5 m up; they draw from the
  // hall (front, −y, south) and blow out (rear, north)
  const fans: string[] = [];
  for (let i = 0; i < 32; i++) fans.push(b.add('exhaust-fan', 'box-fan-54in', `Exhaust fan N${i + 1}`, hall.id, [30 + (i - 15.5) * 1.65, HALL_D - 0.3, 0.5], 0));

  // power, N: utility 34.5 kV → 2 × 3,000 kVA → 2 × 4,000 A switchgear, west of the hall
  const t1 = b.add('transformer', 'mv-480-3000', 'Transformer T1 (3 MVA)', null, [-5, 9, 0], 0);
  const t2 = b.add('transformer', 'mv-480-3000', 'Transformer T2 (3 MVA)', null, [-5, 21, 0], 0);
  // the 4,000 A mains are 100 %-rated, as usual on switchgear that runs at full load around the clock:
  // 2.7 MVA of miners is 3,250 A, over the 3,200 A an 80 %-rated main may carry continuously
  const s1 = b.add('switchgear', 'lv-480-4000', 'Switchgear SG1 (outdoor)', null, [-10, 9, 0], 90, { continuousPct: 100 });
  const s2 = b.add('switchgear', 'lv-480-4000', 'Switchgear SG2 (outdoor)', null, [-10, 21, 0], 90, { continuousPct: 100 });
  b.feed(t1, s1);
  b.feed(t2, s2);
  for (const id of west) b.feed(s1, id);
  for (const id of east) b.feed(s2, id);
  fans.forEach((id, i) => b.feed(i < 16 ? s1 : s2, id));
  evap.forEach((id, i) => b.feed(i < 5 ? s1 : s2, id));

  return doc('As-found mining hall (West Texas, ~1,500 miners)', WEST_TEXAS, [hall], b);
}

/**
 * One in-row TCS loop: supply and return mains rise from the top of the CDU's rear and run along the
 * row 0.1 m inside the racks' rear faces (above the rack manifolds, clear of the busways at ±0.3 m from
 * the row centre line), supply at 3.1 m and return at 3.5 m; 4" schedule 40 steel (ID 102.3 mm),
 * default 2" branches dropping to each rack's rear top, expansion tank at the CDU inlet.
 */
function rowLoop(b: Builder, label: string, rowY: number, rot: number, cduId: string, rackIds: string[], fluid: 'water' | 'pg25'): PipeLoop {
  const at = (id: string) => b.equipment.find((e) => e.id === id)!;
  const cdu = at(cduId);
  const rearY = rowY + (rot === 0 ? 1 : -1) * (cdu.props.depthM / 2 - 0.1);
  const x0 = cdu.position[0];
  const top = cdu.position[2] + cdu.props.heightM;
  const xEnd = at(rackIds[rackIds.length - 1]).position[0];
  const main = (z: number) => ({
    path: [[x0, rearY, top], [x0, rearY, z], [xEnd, rearY, z]] as [number, number, number][],
    diameterM: 0.1023,
    roughnessM: 4.5e-5,
    fittings: [{ kind: 'valve-ball-open' as const, count: 1 }],
  });
  const r3 = (v: number) => Math.round(v * 1000) / 1000;
  return {
    id: `tcs-${label.toLowerCase()}`,
    name: `TCS loop ${label}`,
    fluid,
    cduIds: [cduId],
    supply: main(3.1),
    return: main(3.5),
    taps: rackIds.map((id) => ({ rackId: id, supplyAtM: r3(3.1 - top + at(id).position[0] - x0), returnAtM: r3(3.5 - top + at(id).position[0] - x0) })),
    branchDiameterM: 0.0525,
    designDeltaTK: 10,
    expansion: { atM: 0, pressureKpa: 150 },
    pumpControl: 'dp',
    rackValves: 'none',
  };
}

/**
 * (b) The same hall converted to an AI hall, phase 1 at the west end. Two contained row pairs
 * (hot aisles 1.2 m wide, cold aisle 2.4 m between the pairs); each row: one 1 MW in-row CDU, five
 * NVL72 racks (GB200 in pair 1, GB300 in pair 2) and two air-cooled racks (HGX, storage or network).
 * Three 500 kW fan-wall modules (N+1) along the west wall handle the air share; two 1,600 A busways
 * (A and B) run 2.7 m up over each row. Power is 2N: two 5 MVA transformers, each with 6,000 A
 * switchgear (100 %-rated main) and a 3.75 MW (N+1 modules) UPS in an outdoor e-house, two 2.5 MW
 * generators. Heat goes to four 1.2 MW air-cooled chillers (N+1, 20 °C water) with four dry coolers as
 * economisers, all dual-fed from two 2,500 A mechanical boards (one per side, off the switchgear).
 * Racks take 480Y/277 V straight from 60 A busway tap-offs.
 * The NVL72 racks load ~2,080 kg/m², so the slab is reinforced to 2,400 kg/m².
 */
export function convertedAiHall(): LayoutDoc {
  const b = new Builder();
  const hall: Hall = {
    id: 'hall-1',
    name: 'AI hall 1 (slab reinforced)',
    outline: rect(HALL_W, HALL_D),
    clearHeightM: HALL_H,
    floorRatingKgM2: 2400,
    // the intake and exhaust openings are closed up; the doors stay
    openings: DOORS.map((o) => ({ ...o })),
  };
  const site: Site = { ...WEST_TEXAS, name: 'West Texas site, converted to AI', ashraeClass: 'A1', powerRedundancy: '2N' };

  // outdoor power yard west of the hall: two independent sides
  const side = (s: 'A' | 'B', y: number) => {
    const t = b.add('transformer', 'mv-480-5000', `Transformer T-${s} (5 MVA)`, null, [-6, y, 0], 0);
    const g = b.add('generator', 'diesel-2500', `Generator G-${s} (2.5 MW)`, null, [-24, y, 0], 90);
    // 100 %-rated 6,000 A main: one side carries the whole site (≈ 5,500 A) when the other fails
    const sg = b.add('switchgear', 'lv-480-6000', `Switchgear SG-${s} (e-house)`, null, [-11, y, 0], 90, { continuousPct: 100 });
    const u = b.add('ups', 'modular-4000', `UPS-${s} (e-house)`, null, [-15, y, 0], 90);
    b.feed(t, sg, s);
    b.feed(g, sg, s);
    b.feed(sg, u, s);
    return { sg, ups: u };
  };
  const A = side('A', 6);
  const B = side('B', 24);

  // fan walls in the west gallery: rotation 270 puts the inlet (front) west towards the gallery
  // and the supply (rear) east into the hall
  const fanWalls: string[] = [];
  for (const [i, y] of [11, 15, 19].entries()) fanWalls.push(b.add('cooler', 'fan-wall-500', `Fan wall FW${i + 1}`, hall.id, [2.25, y, 0], 270));

  // remote power panels for CDUs and fan walls, one per side
  const rppA = b.add('pdu', 'rpp-225', 'RPP-A (CDUs, fan walls)', hall.id, [5.5, 6, 0], 0);
  const rppB = b.add('pdu', 'rpp-225', 'RPP-B (CDUs, fan walls)', hall.id, [5.5, 24, 0], 0);
  b.feed(A.ups, rppA, 'A');
  b.feed(B.ups, rppB, 'B');
  for (const fw of fanWalls) {
    b.feed(rppA, fw, 'A');
    b.feed(rppB, fw, 'B');
  }

  const x0 = 8; // west end of every row
  const rows: { y: number; rot: number; nvl: string; air: [string, string]; label: string }[] = [
    { y: 10.8, rot: 0, nvl: 'gb200-nvl72', air: ['hgx-h100-4x-air', 'hgx-h100-4x-air'], label: 'A1' },
    { y: 13.2, rot: 180, nvl: 'gb200-nvl72', air: ['hgx-h100-4x-air', 'hgx-h100-4x-air'], label: 'A2' },
    // one storage and one network rack in each B row keeps both rows of the pair the same length,
    // so the containment's end doors close against both rows
    { y: 16.8, rot: 0, nvl: 'gb300-nvl72', air: ['storage', 'network'], label: 'B1' },
    { y: 19.2, rot: 180, nvl: 'gb300-nvl72', air: ['storage', 'network'], label: 'B2' },
  ];
  const rowEnds: number[] = [];
  for (const row of rows) {
    let x = x0;
    const place = (kind: string, model: string, name: string): string => {
      const w = resolveModel(kind, model)!.props.widthM;
      // North American build: rack power shelves on 480Y/277 V straight from the busway tap-offs
      const id = b.add(kind, model, name, hall.id, [x + w / 2, row.y, 0], row.rot, kind === 'rack' ? { feedVoltageV: 480 } : {});
      x += w;
      return id;
    };
    const cduId = place('cdu', 'in-row-1000', `CDU ${row.label}`);
    b.feed(rppA, cduId, 'A');
    b.feed(rppB, cduId, 'B');
    const racksStart = x;
    const racks: string[] = [];
    for (let i = 0; i < 5; i++) racks.push(place('rack', row.nvl, `${row.nvl === 'gb200-nvl72' ? 'GB200' : 'GB300'} ${row.label}-${i + 1}`));
    for (const [i, m] of row.air.entries()) racks.push(place('rack', m, `${m === 'hgx-h100-4x-air' ? 'HGX' : m === 'storage' ? 'Storage' : 'Network'} ${row.label}-${i + 6}`));
    rowEnds.push(x);
    // TCS loop: overhead supply and return mains from the row's CDU along the NVL72 racks, a tap at each
    b.pipeLoops.push(rowLoop(b, row.label, row.y, row.rot, cduId, racks.slice(0, 5), row.nvl === 'gb300-nvl72' ? 'pg25' : 'water'));
    // A and B busways over the racks (not the CDU), one each side of the rack centre line
    const len = x - racksStart;
    const cords = racks.reduce((n, id) => n + b.equipment.find((e) => e.id === id)!.props.cordCount / 2, 0);
    for (const [s, dy] of [['A', -0.3], ['B', 0.3]] as const) {
      const bw = b.add('busway', 'plugin-1600a', `Busway ${row.label}-${s}`, hall.id, [racksStart + len / 2, row.y + dy, 2.7], 0, { widthM: len, tapOffCount: cords });
      b.feed((s === 'A' ? A : B).ups, bw, s);
      for (const r of racks) b.feed(bw, r, s);
    }
  }
  // hot-aisle containment over each pair's hot aisle (between the rows' rears), as long as the rows
  for (const [i, y] of [12, 18].entries()) {
    const end = rowEnds[2 * i];
    if (Math.abs(rowEnds[2 * i + 1] - end) > 1e-9) throw new Error('rows of a contained pair must be the same length');
    b.add('containment', 'hot-aisle', `Hot aisle ${i === 0 ? 'A' : 'B'}`, hall.id, [(x0 + end) / 2, y, 0], 0, { widthM: end - x0 });
  }

  // heat rejection south of the hall: chillers (N+1) and dry-cooler economisers
  const chillers = [8, 22, 36, 50].map((x, i) => b.add('chiller', 'air-cooled-1200', `Chiller CH${i + 1}`, null, [x, -5, 0], 0));
  const dryCoolers = [8, 22, 36, 50].map((x, i) => b.add('dry-cooler', 'v-1000', `Dry cooler DC${i + 1}`, null, [x, -10, 0], 0));
  // mechanical switchboards (not on UPS: the chillers ride through on the generators), one per side,
  // each able to carry all the heat-rejection plant; every chiller and dry cooler is fed from both
  // (dual feed with an automatic transfer switch), so losing one side stops nothing
  const msb = (['A', 'B'] as const).map((s, i) => {
    const m = b.add('switchgear', 'lv-480-4000', `Mechanical board MSB-${s} (2,500 A)`, null, [-6, -5 - 5 * i, 0], 0, { ratingA: 2500, lossKw: 2.5 });
    b.feed((s === 'A' ? A : B).sg, m, s);
    return m;
  });
  for (const id of [...chillers, ...dryCoolers]) {
    b.feed(msb[0], id, 'A');
    b.feed(msb[1], id, 'B');
  }

  return doc('Converted AI hall (slab reinforced)', site, [hall], b);
}

/**
 * (c) Template: a yard of 40-ft mining containers (outdoor, hallId null) beside a small control
 * building that holds the MV switchgear. Four air containers and two hydro containers, one 2,500 kVA
 * pad-mount per pair of air containers and one per hydro container, two adiabatic dry coolers per
 * hydro container.
 */
export function containerFarm(): LayoutDoc {
  const b = new Builder();
  const hall: Hall = {
    id: 'control-building',
    name: 'Control building',
    outline: rect(12, 8),
    clearHeightM: 4,
    floorRatingKgM2: 1200,
    openings: [{ id: 'door-control', kind: 'door', wall: 0, offsetM: 9.5, widthM: 1.0, heightM: 2.1, sillM: 0 }],
  };
  const site: Site = {
    name: 'Container mining yard',
    utility: { interconnectMw: 10, voltageKv: 34.5 },
    climate: { designDryBulbC: 38, designWetBulbC: 24 },
    ashraeClass: 'A3',
    powerRedundancy: 'N',
  };
  const mv = b.add('switchgear', 'mv-34.5kv-1200', 'MV switchgear', hall.id, [6, 4, 0], 0);
  // containers in one line 3 m apart, intakes south, exhausts north (nothing downwind of them)
  const pitch = 12.19 + 3;
  const xs = Array.from({ length: 6 }, (_, i) => 20 + i * pitch);
  const containers = xs.map((x, i) =>
    b.add('mining-container', i < 4 ? 'air-40ft' : 'hydro-40ft', i < 4 ? `Air container C${i + 1}` : `Hydro container C${i + 1}`, null, [x, 4, 0], 0),
  );
  // transformers south of the containers: one per two air containers, one per hydro container
  const tAt = [(xs[0] + xs[1]) / 2, (xs[2] + xs[3]) / 2, xs[4], xs[5]];
  const ts = tAt.map((x, i) => b.add('transformer', 'mv-480-2500', `Transformer T${i + 1} (2.5 MVA)`, null, [x, -6, 0], 0));
  for (const t of ts) b.feed(mv, t);
  b.feed(ts[0], containers[0]);
  b.feed(ts[0], containers[1]);
  b.feed(ts[1], containers[2]);
  b.feed(ts[1], containers[3]);
  b.feed(ts[2], containers[4]);
  b.feed(ts[3], containers[5]);
  // dry coolers north of the hydro containers
  for (const [k, x] of [xs[4], xs[5]].entries()) {
    for (const [j, y] of [12, 16.5].entries()) {
      const dc = b.add('dry-cooler', 'adiabatic-1000', `Dry cooler C${k + 5}-${j + 1}`, null, [x, y, 0], 0);
      b.feed(ts[2 + k], dc);
    }
  }
  return doc('Container farm (template)', site, [hall], b);
}

/** (d) Template: an empty 60 × 30 × 7 m hall. */
export function emptyHall(): LayoutDoc {
  const d = emptyHallDoc(HALL_W, HALL_D, HALL_H, 'Empty hall 60 × 30 m');
  d.meta = { title: 'Empty hall 60 × 30 m (template)', app: APP_NAME };
  d.site = { ...d.site, name: 'New site' };
  return d;
}

export const SAMPLES: (SampleEntry & { build: () => LayoutDoc })[] = [
  {
    file: 'as-found-mining-hall.json',
    title: 'As-found mining hall',
    description:
      'A 60 × 30 m West Texas mining warehouse as found: ~1,500 ASIC miners on shelves, evaporative intake pads and an exhaust fan wall, 2 × 3 MVA transformers with 100 %-rated 4,000 A switchgear, N power with no UPS or generators. Run flat out like most mining sites, transformer T2 carries 90 % of its nameplate (a warning), and any single failure drops half the miners (N design).',
    kind: 'sample',
    build: asFoundMiningHall,
  },
  {
    file: 'converted-ai-hall.json',
    title: 'Converted AI hall (slab reinforced)',
    description:
      'The same hall converted, phase 1: 20 liquid-cooled GB200/GB300 NVL72 racks and 8 air racks (480 V cords) in two hot-aisle-contained row pairs with in-row CDUs, fan walls, overhead busways, 2N power (2 × 5 MVA, UPS, generators, dual-fed mechanical boards), chillers and dry coolers. Slab reinforced to 2,400 kg/m². At design load with every chiller and dry cooler running, one side carries the whole 4.4 MW site when the other fails: its 5 MVA transformer and 6,000 A switchgear reach 90 % (warnings). The 1 m airflow screening flags the storage and network racks at the east end of row B1 (about 34 °C inlet, above A1\'s 32 °C); the 1/3 m grid gives 30.8 °C — refine, or move them, before acting.',
    kind: 'sample',
    build: convertedAiHall,
  },
  {
    file: 'container-farm.json',
    title: 'Container farm',
    description: 'A yard of 40-ft mining containers (four air, two hydro) with pad-mount transformers, dry coolers and a small control building.',
    kind: 'template',
    build: containerFarm,
  },
  {
    file: 'empty-hall.json',
    title: 'Empty hall',
    description: 'An empty 60 × 30 m hall with 7 m clear height, ready to lay out.',
    kind: 'template',
    build: emptyHall,
  },
];

/** The file text of a sample: validated and canonicalised by the loader, so load → serialize is stable. */
export function sampleText(d: LayoutDoc): string {
  const r = loadLayout(serializeLayout(d));
  if (!r.ok) throw new Error(`sample "${d.meta.title}" does not load: ${r.summary}\n${r.errors.map((e) => `  ${e.path}: ${e.message}`).join('\n')}`);
  return serializeLayout(r.doc);
}

export function indexText(): string {
  return JSON.stringify(SAMPLES.map(({ file, title, description, kind }) => ({ file, title, description, kind })), null, 2) + '\n';
}

export const SAMPLES_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'public', 'samples');

function main(): void {
  mkdirSync(SAMPLES_DIR, { recursive: true });
  for (const s of SAMPLES) {
    const text = sampleText(s.build());
    writeFileSync(join(SAMPLES_DIR, s.file), text);
    process.stderr.write(`wrote ${s.file} (${(text.length / 1024).toFixed(1)} kB)\n`);
  }
  writeFileSync(join(SAMPLES_DIR, 'index.json'), indexText());
  process.stderr.write('wrote index.json\n');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
