/**
 * Deterministic large layouts for tests and benchmarks (Node and browser): racks in hot-aisle /
 * cold-aisle row pairs with proper aisles, in one rectangular hall big enough to hold them.
 *
 * Geometry (metres): racks stand side by side along x, touching; each row pair faces a cold aisle
 * (fronts towards each other), pairs are separated by hot aisles (rears towards each other), and a
 * margin separates the outer rows from the walls. With the defaults the layout is clean for the
 * space engine: no overlaps, cold aisle 1.8 m ≥ 1.2 m front clearance, hot aisle 1.2 m ≥ 1.0 m rear,
 * floor rated 2,500 kg/m² (GB200 NVL72: 1,360 kg on 0.72 m² = 1,888.9 kg/m²).
 */
import { resolveModel } from '../../src/catalog/registry';
import { emptyHallDoc, type Equipment, type LayoutDoc, type Props } from '../../src/model/document';

export interface BigDocOptions {
  /** number of racks, default 5,000 */
  racks?: number;
  /** racks per row, default 50 */
  racksPerRow?: number;
  /** cold aisle width between facing fronts, m (default 1.8) */
  coldAisleM?: number;
  /** hot aisle width between facing rears, m (default 1.2) */
  hotAisleM?: number;
  /** distance from the outer rows and row ends to the walls, m (default 3) */
  marginM?: number;
  /** every n-th rack is an air-cooled 4 × HGX H100 instead of a GB200 NVL72 (default 8; 0 = never) */
  airEvery?: number;
  floorRatingKgM2?: number;
  clearHeightM?: number;
}

/** Width × depth of the rack models used, m (all rack models used here share this footprint). */
export const BIG_RACK_WIDTH_M = 0.6;
export const BIG_RACK_DEPTH_M = 1.2;

/** Plan geometry of the generated hall, for assertions. */
export function bigDocHallSize(opts: BigDocOptions = {}): { widthM: number; depthM: number; rows: number; pairs: number } {
  const racks = opts.racks ?? 5000;
  const perRow = opts.racksPerRow ?? 50;
  const cold = opts.coldAisleM ?? 1.8;
  const hot = opts.hotAisleM ?? 1.2;
  const margin = opts.marginM ?? 3;
  const rows = Math.max(1, Math.ceil(racks / perRow));
  const pairs = Math.ceil(rows / 2);
  const pitch = 2 * BIG_RACK_DEPTH_M + cold + hot;
  return { widthM: 2 * margin + perRow * BIG_RACK_WIDTH_M, depthM: 2 * margin + pairs * pitch - hot, rows, pairs };
}

/** A clean, deterministic layout of `racks` racks (see the module comment). */
export function makeBigDoc(opts: BigDocOptions = {}): LayoutDoc {
  const racks = opts.racks ?? 5000;
  const perRow = opts.racksPerRow ?? 50;
  const cold = opts.coldAisleM ?? 1.8;
  const hot = opts.hotAisleM ?? 1.2;
  const margin = opts.marginM ?? 3;
  const airEvery = opts.airEvery ?? 8;
  const { widthM, depthM } = bigDocHallSize(opts);
  const doc = emptyHallDoc(widthM, depthM, opts.clearHeightM ?? 7, `${racks} racks`);
  doc.halls[0].floorRatingKgM2 = opts.floorRatingKgM2 ?? 2500;
  const liquid = resolveModel('rack', 'gb200-nvl72')!.props as Props;
  const air = resolveModel('rack', 'hgx-h100-4x-air')!.props as Props;
  const w = BIG_RACK_WIDTH_M;
  const d = BIG_RACK_DEPTH_M;
  const pitch = 2 * d + cold + hot;
  const equipment: Equipment[] = [];
  for (let i = 0; i < racks; i++) {
    const row = Math.floor(i / perRow);
    const k = i % perRow;
    const pair = Math.floor(row / 2);
    const y0 = margin + pair * pitch;
    // the south row of a pair faces north (+y, rotation 180°), the north row faces south (rotation 0°)
    const south = row % 2 === 0;
    const y = south ? y0 + d / 2 : y0 + d + cold + d / 2;
    const isAir = airEvery > 0 && (i + 1) % airEvery === 0;
    const num = String(i + 1).padStart(5, '0');
    equipment.push({
      id: `rack-${num}`,
      kind: 'rack',
      model: isAir ? 'hgx-h100-4x-air' : 'gb200-nvl72',
      name: `R${num}`,
      hallId: doc.halls[0].id,
      position: [margin + w / 2 + k * w, y, 0],
      rotationDeg: south ? 180 : 0,
      props: { ...(isAir ? air : liquid) },
    });
  }
  doc.equipment = equipment;
  return doc;
}
