/**
 * Metric front-end for building an airflow `Domain` — what a layout→domain converter calls.
 *
 * Everything is given in metres in the hall frame (x east, y north, z up, origin at the hall's
 * min corner unless `origin_m` says otherwise). Boxes are snapped to the grid by cell centres
 * (`Grid.boxToCells`); a box thinner than one cell keeps one layer. Solid boxes are applied
 * first, device and opening faces are resolved in `build()`, so the order of calls does not matter.
 */
import type { Axis, BoxM, CellBox, FaceRef, Side } from './grid';
import { Grid, facesOnSide } from './grid';
import type { Domain, DeviceModel, FluidProps, SideBC, TurbulenceModel } from './domain';
import { closedBox } from './domain';
import type { FlowState } from './solver';

export interface DeviceBoxSpec {
  id: string;
  /** the device's body; made solid unless solid === false */
  box: BoxM;
  /** side(s) of the box through which air is drawn in (e.g. a rack's front) */
  inletSides: Side[];
  /** side(s) through which air is blown out (rack rear, cooler front or top) */
  outletSides: Side[];
  flow_m3_s: number;
  model: DeviceModel;
  solid?: boolean;
}

export interface OpeningSpec {
  id: string;
  side: Side;
  /** patch on that domain side; its extent along the side's normal is ignored */
  rect: BoxM;
  kind: 'velocity' | 'pressure';
  /** velocity opening: flow into the hall, m³/s (negative = extraction) */
  flow_m3_s?: number;
  /** pressure opening: outside gauge pressure, Pa (default 0) */
  pressure_Pa?: number;
  /** temperature of air entering, °C */
  temperature_C: number;
}

export class DomainBuilder {
  readonly grid: Grid;
  sides: Record<Side, SideBC> = closedBox();
  private solids: CellBox[] = [];
  private devs: DeviceBoxSpec[] = [];
  private ops: OpeningSpec[] = [];
  private heat: { id: string; box: BoxM; power_W: number }[] = [];
  private mom: { id: string; box: BoxM; accel_m_s2: [number, number, number] }[] = [];

  /**
   * @param size_m hall extent, m; the grid has round(size/h) cells per axis (at least 1)
   * @param h_m cell edge, m
   */
  constructor(size_m: readonly [number, number, number], h_m: number, origin_m: readonly [number, number, number] = [0, 0, 0]) {
    const n = size_m.map((s) => Math.max(1, Math.round(s / h_m)));
    this.grid = new Grid({ nx: n[0], ny: n[1], nz: n[2], h_m, origin_m });
  }

  /** an obstacle (wall stub, column, plinth, switchgear…): cells become solid */
  solid(box: BoxM): CellBox {
    const cb = this.grid.boxToCells(box);
    this.solids.push(cb);
    return cb;
  }
  device(spec: DeviceBoxSpec): void {
    this.devs.push(spec);
  }
  opening(spec: OpeningSpec): void {
    this.ops.push(spec);
  }
  heatSource(id: string, box: BoxM, power_W: number): void {
    this.heat.push({ id, box, power_W });
  }
  momentumSource(id: string, box: BoxM, accel_m_s2: [number, number, number]): void {
    this.mom.push({ id, box, accel_m_s2 });
  }

  build(fluid?: FluidProps, turbulence?: TurbulenceModel): Domain {
    const g = this.grid;
    g.solid.fill(0);
    for (const cb of this.solids) g.setSolid(cb);
    const devBoxes = this.devs.map((d) => g.boxToCells(d.box));
    this.devs.forEach((d, i) => {
      if (d.solid !== false) g.setSolid(devBoxes[i]);
    });
    const faces = (cb: CellBox, sides: Side[]): FaceRef[] => sides.flatMap((s) => facesOnSide(g, cb, s));
    const devices = this.devs.map((d, i) => {
      const inlet = faces(devBoxes[i], d.inletSides);
      const outlet = faces(devBoxes[i], d.outletSides);
      return { id: d.id, inlet, outlet, flow_m3_s: d.flow_m3_s, model: d.model };
    });
    const openings = this.ops.map((o) => {
      const cb = g.boxToCells(o.rect);
      const fr = facesOnSide(g, cb, o.side, { domainBoundary: true });
      return o.kind === 'velocity'
        ? { kind: 'velocity' as const, id: o.id, faces: fr, flow_m3_s: o.flow_m3_s ?? 0, temperature_C: o.temperature_C }
        : { kind: 'pressure' as const, id: o.id, faces: fr, pressure_Pa: o.pressure_Pa ?? 0, temperature_C: o.temperature_C };
    });
    return {
      grid: g,
      sides: this.sides,
      devices,
      openings,
      heatSources: this.heat.map((hs) => ({ id: hs.id, cells: g.cellsOf(g.boxToCells(hs.box)), power_W: hs.power_W })),
      momentumSources: this.mom.map((m) => ({ id: m.id, cells: g.cellsOf(g.boxToCells(m.box)), accel_m_s2: m.accel_m_s2 })),
      fluid,
      turbulence,
    };
  }
}

/** Temperature (°C) at a point, trilinear between fluid cell centres (solid cells ignored). */
export function sampleTemperature(grid: Grid, state: FlowState, p: readonly [number, number, number]): number {
  return trilinear(grid, (i, j, k) => state.T[grid.cell(i, j, k)], p);
}

/** Velocity (m/s) at a point: face velocities averaged to cell centres, then trilinear. */
export function sampleVelocity(grid: Grid, state: FlowState, p: readonly [number, number, number]): [number, number, number] {
  const comp = (a: Axis) =>
    trilinear(
      grid,
      (i, j, k) =>
        a === 0
          ? 0.5 * (state.u[grid.uFace(i, j, k)] + state.u[grid.uFace(i + 1, j, k)])
          : a === 1
            ? 0.5 * (state.v[grid.vFace(i, j, k)] + state.v[grid.vFace(i, j + 1, k)])
            : 0.5 * (state.w[grid.wFace(i, j, k)] + state.w[grid.wFace(i, j, k + 1)]),
      p,
    );
  return [comp(0), comp(1), comp(2)];
}

function trilinear(grid: Grid, f: (i: number, j: number, k: number) => number, p: readonly [number, number, number]): number {
  const n = [grid.nx, grid.ny, grid.nz];
  const base = [0, 0, 0];
  const t = [0, 0, 0];
  for (let a = 0; a < 3; a++) {
    const s = (p[a] - grid.origin[a]) / grid.h - 0.5;
    const b = Math.max(0, Math.min(n[a] - 1, Math.floor(s)));
    base[a] = b;
    t[a] = n[a] === 1 ? 0 : Math.max(0, Math.min(1, s - b));
  }
  let sum = 0;
  let wsum = 0;
  for (let dk = 0; dk < 2; dk++)
    for (let dj = 0; dj < 2; dj++)
      for (let di = 0; di < 2; di++) {
        const i = Math.min(base[0] + di, n[0] - 1);
        const j = Math.min(base[1] + dj, n[1] - 1);
        const k = Math.min(base[2] + dk, n[2] - 1);
        if (grid.solid[grid.cell(i, j, k)]) continue;
        const w = (di ? t[0] : 1 - t[0]) * (dj ? t[1] : 1 - t[1]) * (dk ? t[2] : 1 - t[2]);
        sum += w * f(i, j, k);
        wsum += w;
      }
  return wsum > 0 ? sum / wsum : NaN;
}

/**
 * Transfer a solution onto another grid covering the same space (coarse → fine for a two-level
 * solve, or onto a re-meshed hall after a layout edit) to use as a warm start. T and p are
 * interpolated trilinearly between fluid cell centres; velocities are interpolated to the new cell
 * centres and averaged onto the faces between fluid cells. The result is not divergence-free; the
 * first projection of the new solver makes it so. Cells with no fluid neighbour get T = fallbackT_C.
 */
export function resampleState(fromGrid: Grid, from: FlowState, toGrid: Grid, fallbackT_C = 20): FlowState {
  const g = toGrid;
  const out: FlowState = {
    u: new Float64Array(g.nU),
    v: new Float64Array(g.nV),
    w: new Float64Array(g.nW),
    p: new Float64Array(g.nCells),
    T: new Float64Array(g.nCells).fill(fallbackT_C),
  };
  const uc = new Float64Array(3 * g.nCells);
  for (let k = 0; k < g.nz; k++)
    for (let j = 0; j < g.ny; j++)
      for (let i = 0; i < g.nx; i++) {
        const c = g.cell(i, j, k);
        if (g.solid[c]) continue;
        const x = g.cellCentre(i, j, k);
        const T = sampleTemperature(fromGrid, from, x);
        if (Number.isFinite(T)) out.T[c] = T;
        const p = trilinear(fromGrid, (a, b, d) => from.p[fromGrid.cell(a, b, d)], x);
        out.p[c] = Number.isFinite(p) ? p : 0;
        const v = sampleVelocity(fromGrid, from, x);
        for (let a = 0; a < 3; a++) uc[3 * c + a] = Number.isFinite(v[a]) ? v[a] : 0;
      }
  for (let k = 0; k < g.nz; k++)
    for (let j = 0; j < g.ny; j++)
      for (let i = 0; i < g.nx; i++) {
        const c = g.cell(i, j, k);
        if (g.solid[c]) continue;
        if (i > 0 && !g.solid[c - 1]) out.u[g.uFace(i, j, k)] = 0.5 * (uc[3 * c] + uc[3 * (c - 1)]);
        if (j > 0 && !g.solid[c - g.nx]) out.v[g.vFace(i, j, k)] = 0.5 * (uc[3 * c + 1] + uc[3 * (c - g.nx) + 1]);
        if (k > 0 && !g.solid[c - g.nx * g.ny]) out.w[g.wFace(i, j, k)] = 0.5 * (uc[3 * c + 2] + uc[3 * (c - g.nx * g.ny) + 2]);
      }
  return out;
}
