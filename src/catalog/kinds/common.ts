import { z } from 'zod';
import type { FieldDef } from '../types';

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
