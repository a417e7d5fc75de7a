/**
 * Uniform staggered (MAC) grid for the airflow solver.
 *
 * Conventions (SI, same axes as the layout document: x east, y north, z up):
 * - cubic cells of edge `h_m` metres; `nx × ny × nz` cells; the domain spans
 *   origin_m … origin_m + (nx·h, ny·h, nz·h).
 * - pressure p and temperature T live at cell centres, index c = i + nx·(j + ny·k).
 * - u (x-velocity) lives on x-faces: (nx+1)·ny·nz values, index i + (nx+1)·(j + ny·k); face i lies
 *   between cells i−1 and i (face 0 is the xmin boundary, face nx the xmax boundary).
 * - v on y-faces: nx·(ny+1)·nz, index i + nx·(j + (ny+1)·k); w on z-faces: nx·ny·(nz+1),
 *   index i + nx·(j + ny·k).
 * - every cell is fluid (0) or solid (1); solid cells are obstacles (racks, walls, plinths).
 */

export type Axis = 0 | 1 | 2;
export type Side = 'xmin' | 'xmax' | 'ymin' | 'ymax' | 'zmin' | 'zmax';
export const SIDES: readonly Side[] = ['xmin', 'xmax', 'ymin', 'ymax', 'zmin', 'zmax'];

/** Half-open ranges of cell indices [i0,i1)×[j0,j1)×[k0,k1). */
export interface CellBox {
  i0: number;
  i1: number;
  j0: number;
  j1: number;
  k0: number;
  k1: number;
}

/** Axis-aligned box in metres (world coordinates, same frame as origin_m). */
export interface BoxM {
  min: readonly [number, number, number];
  max: readonly [number, number, number];
}

export interface GridSpec {
  nx: number;
  ny: number;
  nz: number;
  /** cell edge length, m */
  h_m: number;
  /** world position of the domain's min corner, m (default 0,0,0) */
  origin_m?: readonly [number, number, number];
}

export class Grid {
  readonly nx: number;
  readonly ny: number;
  readonly nz: number;
  /** cell edge, m */
  readonly h: number;
  readonly origin: readonly [number, number, number];
  readonly nCells: number;
  /** number of u, v, w face values */
  readonly nU: number;
  readonly nV: number;
  readonly nW: number;
  /** 1 = solid cell, 0 = fluid */
  readonly solid: Uint8Array;

  constructor(spec: GridSpec) {
    const { nx, ny, nz, h_m } = spec;
    if (!(nx >= 1 && ny >= 1 && nz >= 1) || !Number.isInteger(nx) || !Number.isInteger(ny) || !Number.isInteger(nz)) {
      throw new Error(`airflow grid: bad dimensions ${nx}×${ny}×${nz}`);
    }
    if (!(h_m > 0)) throw new Error(`airflow grid: bad cell size ${h_m}`);
    this.nx = nx;
    this.ny = ny;
    this.nz = nz;
    this.h = h_m;
    this.origin = spec.origin_m ?? [0, 0, 0];
    this.nCells = nx * ny * nz;
    this.nU = (nx + 1) * ny * nz;
    this.nV = nx * (ny + 1) * nz;
    this.nW = nx * ny * (nz + 1);
    this.solid = new Uint8Array(this.nCells);
  }

  cell(i: number, j: number, k: number): number {
    return i + this.nx * (j + this.ny * k);
  }
  uFace(i: number, j: number, k: number): number {
    return i + (this.nx + 1) * (j + this.ny * k);
  }
  vFace(i: number, j: number, k: number): number {
    return i + this.nx * (j + (this.ny + 1) * k);
  }
  wFace(i: number, j: number, k: number): number {
    return i + this.nx * (j + this.ny * k);
  }
  /** index in the u/v/w array (per `axis`) of the face on the low side of cell (i,j,k) along that axis; pass i = nx (etc.) for the high boundary face */
  face(axis: Axis, i: number, j: number, k: number): number {
    return axis === 0 ? this.uFace(i, j, k) : axis === 1 ? this.vFace(i, j, k) : this.wFace(i, j, k);
  }
  nFaces(axis: Axis): number {
    return axis === 0 ? this.nU : axis === 1 ? this.nV : this.nW;
  }
  isSolid(i: number, j: number, k: number): boolean {
    if (i < 0 || j < 0 || k < 0 || i >= this.nx || j >= this.ny || k >= this.nz) return true;
    return this.solid[this.cell(i, j, k)] === 1;
  }
  /** centre of cell (i,j,k), m */
  cellCentre(i: number, j: number, k: number): [number, number, number] {
    const h = this.h;
    return [this.origin[0] + (i + 0.5) * h, this.origin[1] + (j + 0.5) * h, this.origin[2] + (k + 0.5) * h];
  }
  /**
   * Cells whose centres lie inside a metric box (clamped to the domain). A box thinner than a cell
   * still gets the one layer of cells nearest its mid-plane, so thin objects are never lost.
   */
  boxToCells(box: BoxM): CellBox {
    const r = (axis: 0 | 1 | 2, n: number): [number, number] => {
      const lo = (box.min[axis] - this.origin[axis]) / this.h;
      const hi = (box.max[axis] - this.origin[axis]) / this.h;
      let a = Math.round(lo);
      let b = Math.round(hi);
      if (b <= a) {
        a = Math.floor((lo + hi) / 2);
        b = a + 1;
      }
      return [Math.max(0, Math.min(n, a)), Math.max(0, Math.min(n, b))];
    };
    const [i0, i1] = r(0, this.nx);
    const [j0, j1] = r(1, this.ny);
    const [k0, k1] = r(2, this.nz);
    return { i0, i1, j0, j1, k0, k1 };
  }
  /** mark every cell of the box solid (value 1) or fluid (0) */
  setSolid(box: CellBox, value: 0 | 1 = 1): void {
    for (let k = box.k0; k < box.k1; k++)
      for (let j = box.j0; j < box.j1; j++)
        for (let i = box.i0; i < box.i1; i++) this.solid[this.cell(i, j, k)] = value;
  }
  /** flat list of cell indices in a box */
  cellsOf(box: CellBox): Int32Array {
    const out: number[] = [];
    for (let k = box.k0; k < box.k1; k++)
      for (let j = box.j0; j < box.j1; j++) for (let i = box.i0; i < box.i1; i++) out.push(this.cell(i, j, k));
    return Int32Array.from(out);
  }
  fluidCellCount(): number {
    let n = 0;
    for (let c = 0; c < this.nCells; c++) if (this.solid[c] === 0) n++;
    return n;
  }
}

/**
 * One MAC face through which air crosses a boundary (domain side, or the surface of a solid
 * block such as a rack or cooler). `cell` is the adjacent fluid cell; `dir` is +1 when the fluid
 * cell lies on the +axis side of the face (so air entering the fluid moves in +axis), −1 otherwise.
 */
export interface FaceRef {
  axis: Axis;
  /** index into the u, v or w array (per axis) */
  face: number;
  /** adjacent fluid cell index */
  cell: number;
  dir: 1 | -1;
}

function sideAxis(side: Side): { axis: Axis; high: boolean } {
  switch (side) {
    case 'xmin':
      return { axis: 0, high: false };
    case 'xmax':
      return { axis: 0, high: true };
    case 'ymin':
      return { axis: 1, high: false };
    case 'ymax':
      return { axis: 1, high: true };
    case 'zmin':
      return { axis: 2, high: false };
    default:
      return { axis: 2, high: true };
  }
}

/**
 * Faces on the `side` of a box of cells that separate the box from fluid cells outside it.
 * For a solid block (rack) pass the block's cells and the side where it breathes (e.g. 'ymin' for a
 * front facing south). For a domain-side opening pass a box whose `side` coincides with the domain
 * boundary (e.g. {i0:0,i1:1,…} with side 'xmin' for a patch on the west wall): then the faces are
 * the domain-boundary faces of the box's cells on that side, and `cell` is the inside cell.
 * Faces whose fluid neighbour is solid are skipped (blocked).
 */
export function facesOnSide(grid: Grid, box: CellBox, side: Side, opts: { domainBoundary?: boolean } = {}): FaceRef[] {
  const { axis, high } = sideAxis(side);
  const out: FaceRef[] = [];
  const lo = [box.i0, box.j0, box.k0];
  const hi = [box.i1, box.j1, box.k1];
  const n = [grid.nx, grid.ny, grid.nz];
  const a1 = ((axis + 1) % 3) as Axis;
  const a2 = ((axis + 2) % 3) as Axis;
  const idx = [0, 0, 0];
  for (let p = lo[a1]; p < hi[a1]; p++) {
    for (let q = lo[a2]; q < hi[a2]; q++) {
      idx[a1] = p;
      idx[a2] = q;
      if (opts.domainBoundary) {
        // the face on the domain boundary; inside cell is the first/last layer
        const cellPos = high ? n[axis] - 1 : 0;
        const facePos = high ? n[axis] : 0;
        idx[axis] = cellPos;
        if (grid.isSolid(idx[0], idx[1], idx[2])) continue;
        const cell = grid.cell(idx[0], idx[1], idx[2]);
        idx[axis] = facePos;
        out.push({ axis, face: grid.face(axis, idx[0], idx[1], idx[2]), cell, dir: high ? -1 : 1 });
      } else {
        // fluid cell just outside the box on that side
        const cellPos = high ? hi[axis] : lo[axis] - 1;
        const facePos = high ? hi[axis] : lo[axis];
        if (cellPos < 0 || cellPos >= n[axis]) continue;
        idx[axis] = cellPos;
        if (grid.isSolid(idx[0], idx[1], idx[2])) continue;
        const cell = grid.cell(idx[0], idx[1], idx[2]);
        idx[axis] = facePos;
        out.push({ axis, face: grid.face(axis, idx[0], idx[1], idx[2]), cell, dir: high ? 1 : -1 });
      }
    }
  }
  return out;
}
