/**
 * Named airflow resolutions and the automatic cell size per hall (docs/airflow.md §10). No imports:
 * the UI uses it to label the grid choice without loading the solver.
 */

export type AirflowResolution = 'coarse' | 'normal' | 'fine';

/** Nominal cell edge of each named resolution, m (`cellSizeFor` adapts it to the hall). */
export const RESOLUTION_CELL_M: Record<AirflowResolution, number> = { coarse: 1.0, normal: 0.5, fine: 1 / 3 };
/** Cell budget of each named resolution: a hall that would need more at the nominal edge gets larger cells. */
export const RESOLUTION_MAX_CELLS: Record<AirflowResolution, number> = { coarse: 25_000, normal: 150_000, fine: 500_000 };
/** Layers of cells over the clear height at least: a low room gets smaller cells (at 3 cells high a jet and the warm layer are not resolved and the solve can diverge, docs/airflow.md §10). */
export const RESOLUTION_MIN_LAYERS: Record<AirflowResolution, number> = { coarse: 6, normal: 10, fine: 14 };
/** Cell edges the automatic choice snaps to, m. */
const CELL_LADDER_M = [0.1, 0.125, 0.15, 0.2, 0.25, 0.3, 1 / 3, 0.4, 0.5, 0.6, 0.75, 1, 1.25, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10];

/**
 * Cell edge for a hall of `size` (m, bounding box × clear height) at a named resolution: the nominal
 * edge, made smaller (down the ladder) until the height holds RESOLUTION_MIN_LAYERS cells, then larger
 * (up the ladder) if the hall would exceed RESOLUTION_MAX_CELLS. The 60 × 30 × 7 m sample halls get
 * 1 m / 0.5 m / ⅓ m; an 8 × 5 × 3 m room 0.5 m / 0.3 m / 0.2 m; a 200 × 100 × 8 m hall 2 m / 1.25 m / 0.75 m.
 */
export function cellSizeFor(size: readonly [number, number, number], res: AirflowResolution): number {
  const eps = 1e-9;
  const byLayers = Math.min(RESOLUTION_CELL_M[res], size[2] / RESOLUTION_MIN_LAYERS[res]);
  const byBudget = Math.cbrt((size[0] * size[1] * size[2]) / RESOLUTION_MAX_CELLS[res]);
  let h = CELL_LADDER_M[0];
  for (const c of CELL_LADDER_M) if (c <= byLayers + eps) h = c;
  if (h < byBudget - eps) h = CELL_LADDER_M.find((c) => c >= byBudget - eps) ?? Math.ceil(byBudget);
  return h;
}

/** The hall's bounding box from the floor to the clear height, m, and its min corner. */
export function hallBox(hall: { outline: readonly (readonly [number, number])[]; clearHeightM: number }): { origin: [number, number, number]; size: [number, number, number] } {
  const xs = hall.outline.map((p) => p[0]);
  const ys = hall.outline.map((p) => p[1]);
  const origin: [number, number, number] = [Math.min(...xs), Math.min(...ys), 0];
  return { origin, size: [Math.max(...xs) - origin[0], Math.max(...ys) - origin[1], hall.clearHeightM] };
}
