/**
 * A uniform spatial hash grid over plan axis-aligned bounding boxes (metres), for neighbour queries
 * in O(n) instead of O(n²). Items are small integers (indices into the caller's arrays).
 *
 * Each item is registered in every cell its box touches. An item that would cover more than
 * `maxCellsPerItem` cells (a 100 m busway in a 1 m grid, say) goes into a short "large" list instead,
 * which every query returns; so no pair is ever missed, only the candidate count grows.
 * Queries return candidates whose *cells* meet the query box, de-duplicated; callers still test
 * the exact geometry (the grid is a filter, never the answer).
 */
export class SpatialHashGrid {
  readonly cellM: number;
  private readonly maxCellsPerItem: number;
  private readonly cells = new Map<number, number[]>();
  private readonly large: number[] = [];
  /** query stamp per item, for de-duplication without a Set per query */
  private stamp = new Int32Array(64);
  private query_ = 0;

  constructor(cellM: number, maxCellsPerItem = 4096) {
    if (!(cellM > 0) || !Number.isFinite(cellM)) throw new Error(`grid cell size must be a positive number of metres, got ${cellM}`);
    this.cellM = cellM;
    this.maxCellsPerItem = maxCellsPerItem;
  }

  /** Cell key for integer cell coordinates; exact (no collisions) for |ix|, |iy| < 2^20. */
  private static key(ix: number, iy: number): number {
    return (ix + 1_048_576) * 2_097_152 + (iy + 1_048_576);
  }

  private cellIndex(v: number): number {
    // clamp so that absurd coordinates cannot overflow the key space
    const i = Math.floor(v / this.cellM);
    return i < -1_000_000 ? -1_000_000 : i > 1_000_000 ? 1_000_000 : i;
  }

  insert(item: number, minX: number, minY: number, maxX: number, maxY: number): void {
    if (item >= this.stamp.length) {
      const next = new Int32Array(Math.max(item + 1, this.stamp.length * 2));
      next.set(this.stamp);
      this.stamp = next;
    }
    const x0 = this.cellIndex(minX);
    const y0 = this.cellIndex(minY);
    const x1 = this.cellIndex(maxX);
    const y1 = this.cellIndex(maxY);
    const count = (x1 - x0 + 1) * (y1 - y0 + 1);
    if (!(count <= this.maxCellsPerItem)) {
      this.large.push(item);
      return;
    }
    for (let ix = x0; ix <= x1; ix++) {
      for (let iy = y0; iy <= y1; iy++) {
        const k = SpatialHashGrid.key(ix, iy);
        const bucket = this.cells.get(k);
        if (bucket) bucket.push(item);
        else this.cells.set(k, [item]);
      }
    }
  }

  /**
   * Items whose cells meet the box [minX, maxX] × [minY, maxY], each once, into `out` (cleared first).
   * A query box with more cells than there are occupied buckets walks the buckets instead of the cells.
   */
  query(minX: number, minY: number, maxX: number, maxY: number, out: number[]): number[] {
    out.length = 0;
    const q = ++this.query_;
    const x0 = this.cellIndex(minX);
    const y0 = this.cellIndex(minY);
    const x1 = this.cellIndex(maxX);
    const y1 = this.cellIndex(maxY);
    const count = (x1 - x0 + 1) * (y1 - y0 + 1);
    if (count > this.cells.size) {
      for (const [k, bucket] of this.cells) {
        const ix = Math.floor(k / 2_097_152) - 1_048_576;
        const iy = (k % 2_097_152) - 1_048_576;
        if (ix >= x0 && ix <= x1 && iy >= y0 && iy <= y1) this.collect(bucket, q, out);
      }
    } else {
      for (let ix = x0; ix <= x1; ix++) {
        for (let iy = y0; iy <= y1; iy++) {
          const bucket = this.cells.get(SpatialHashGrid.key(ix, iy));
          if (bucket !== undefined) this.collect(bucket, q, out);
        }
      }
    }
    this.collect(this.large, q, out);
    return out;
  }

  private collect(bucket: number[], q: number, out: number[]): void {
    const stamp = this.stamp;
    for (let i = 0; i < bucket.length; i++) {
      const it = bucket[i];
      if (stamp[it] !== q) {
        stamp[it] = q;
        out.push(it);
      }
    }
  }
}

/**
 * A cell size suited to the items: twice the median of their larger plan extent, within [0.5, 50] m.
 * Racks (0.6 × 1.2 m) give 2.4 m cells: a rack plus its 1.2 m clearance zone touch a handful of cells.
 */
export function chooseCellM(extentsM: ArrayLike<number>): number {
  const n = extentsM.length;
  if (n === 0) return 2;
  const sorted = Float64Array.from(extentsM).sort();
  const median = sorted[n >> 1];
  return Math.max(0.5, Math.min(50, 2 * median));
}
