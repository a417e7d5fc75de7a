import { z } from 'zod';
import type { FieldDef, LookPart } from '../types';

/** A finite number within [min, max] (SI); NaN and ±Infinity are refused. */
export const num = (min: number, max: number) => z.number().min(min).max(max);

/** Properties every kind has. Bounds catch absurd values (negative or kilometre-sized equipment). */
export const base = z.object({
  widthM: num(0.05, 100),
  depthM: num(0.05, 100),
  heightM: num(0.01, 30),
  weightKg: num(0, 200_000),
});

export const baseFields: FieldDef[] = [
  { key: 'widthM', label: 'Width', quantity: 'length', min: 0.05, max: 100, step: 0.05 },
  { key: 'depthM', label: 'Depth', quantity: 'length', min: 0.05, max: 100, step: 0.05 },
  { key: 'heightM', label: 'Height', quantity: 'length', min: 0.01, max: 30, step: 0.05 },
  { key: 'weightKg', label: 'Weight', quantity: 'mass', min: 0, max: 200000, step: 10 },
];

export function fmtKw(kw: number): string {
  return kw >= 1000 ? `${(kw / 1000).toFixed(2)} MW` : `${kw >= 100 ? kw.toFixed(0) : kw.toFixed(1)} kW`;
}

/** Air density at ~20–25 °C and sea level, kg/m³ (domain.md §4). */
export const AIR_DENSITY_KGM3 = 1.2;
/** Specific heat of air, kJ/(kg·K) (domain.md §4). */
export const AIR_CP_KJKGK = 1.006;

/**
 * Air temperature rise through equipment, K, from Q = ρ·c_p·V̇·ΔT with ρ = 1.2 kg/m³ and
 * c_p = 1.006 kJ/(kg·K). Returns Infinity when heat flows into no air at all.
 */
export function airDeltaTK(heatKw: number, airflowM3s: number): number {
  if (heatKw <= 0) return 0;
  return airflowM3s > 0 ? heatKw / (AIR_DENSITY_KGM3 * AIR_CP_KJKGK * airflowM3s) : Infinity;
}

/** Airflow needed to carry heatKw at a temperature rise of deltaTK, m³/s (inverse of airDeltaTK). */
export function airflowForDeltaTM3s(heatKw: number, deltaTK: number): number {
  return heatKw / (AIR_DENSITY_KGM3 * AIR_CP_KJKGK * deltaTK);
}

/**
 * A look part given by its extents in the local frame (x across the width, y along the depth with
 * the front at −y, z up from the base), metres. Writing parts by extent rather than by centre makes
 * it easy to keep them inside the footprint box.
 */
export function part(
  name: string,
  x: [number, number],
  y: [number, number],
  z: [number, number],
  color: string,
  role: LookPart['role'] = 'body',
  opacity?: number,
): LookPart {
  const p: LookPart = {
    name,
    offset: [(x[0] + x[1]) / 2, (y[0] + y[1]) / 2, (z[0] + z[1]) / 2],
    size: [x[1] - x[0], y[1] - y[0], z[1] - z[0]],
    color,
    role,
  };
  if (opacity !== undefined) p.opacity = opacity;
  return p;
}

/** Colours shared by the looks so that air inlets and exhausts read the same on every kind. */
export const COLORS = {
  inlet: '#7fa7d9',
  exhaust: '#b5523b',
  steel: '#4a5059',
  darkSteel: '#2c3138',
  light: '#c9ced6',
  water: '#3d7fd1',
  warmWater: '#d1683d',
} as const;

/** Format a number of kW per unit with a count, e.g. "30 × 3.25 kW". */
export function fmtCountKw(count: number, kw: number): string {
  return `${count} × ${kw.toFixed(kw < 10 ? 2 : 0)} kW`;
}

/**
 * Clip look parts to the footprint box [−w/2, w/2] × [−d/2, d/2] × [0, h]. Looks are written with
 * fixed insets (a 5 cm door frame, say) that would turn inside out on a box a user shrinks to a few
 * centimetres; clipped, such a part shrinks to zero size instead of a negative scale. On catalog-sized
 * equipment nothing is clipped (test/unit/catalog.test.ts).
 */
export function fitLook(parts: LookPart[], p: { widthM: number; depthM: number; heightM: number }): LookPart[] {
  const lim: [number, number][] = [
    [-p.widthM / 2, p.widthM / 2],
    [-p.depthM / 2, p.depthM / 2],
    [0, p.heightM],
  ];
  return parts.map((q) => {
    const offset = [...q.offset] as [number, number, number];
    const size = [...q.size] as [number, number, number];
    for (let i = 0; i < 3; i++) {
      let lo = Math.max(lim[i][0], Math.min(lim[i][1], q.offset[i] - Math.abs(q.size[i]) / 2));
      let hi = Math.max(lim[i][0], Math.min(lim[i][1], q.offset[i] + Math.abs(q.size[i]) / 2));
      if (hi < lo) [lo, hi] = [hi, lo];
      offset[i] = (lo + hi) / 2;
      size[i] = hi - lo;
    }
    return { ...q, offset, size };
  });
}
