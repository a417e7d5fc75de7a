/**
 * Coolant properties versus temperature: water and PG25.
 *
 * Sources (tabulated every 5 K, values rounded as printed):
 * - Water: IAPWS-95 (Wagner & Pruß 2002) for density and isobaric heat capacity and the IAPWS 2008
 *   viscosity formulation (Huber et al. 2009), at 101.325 kPa, as computed by CoolProp 8.0 (these are the
 *   same numbers as the NIST Chemistry WebBook saturated/compressed-liquid tables to the digits shown).
 *   The pressure effect on liquid water over the 1–6 bar of a TCS loop is < 0.03 % on density and
 *   negligible for cp and viscosity.
 * - PG25: aqueous industrially-inhibited propylene glycol, 25 % by VOLUME (the OCP "PG25"), from the
 *   ASHRAE Handbook—Fundamentals (2001, ch. 21) tables for propylene glycol solutions, as fitted by
 *   CoolProp's incompressible-fluid model INCOMP::APG (volume fraction 0.25). Valid from its freezing
 *   point (≈ −10 °C) upward; the table spans −5…80 °C.
 *
 * Interpolation: density and heat capacity are linear in temperature between rows; dynamic viscosity is
 * interpolated linearly in ln μ (viscosity of liquids is close to Arrhenius-like, so log-linear keeps the
 * midpoint error below 0.2 %, where linear would give ~0.5–1 %). Outside the table the end rows are held
 * (clamped) and `inRange` is false, so callers can flag it.
 */

export type FluidName = 'water' | 'pg25';

/** Properties of a liquid at one temperature, SI. */
export interface FluidProps {
  fluid: FluidName;
  tempC: number;
  /** density, kg/m³ */
  densityKgM3: number;
  /** isobaric specific heat capacity, J/(kg·K) */
  cpJkgK: number;
  /** dynamic viscosity, Pa·s */
  viscosityPaS: number;
  /** kinematic viscosity, m²/s */
  kinematicM2s: number;
  /** false when tempC lay outside the table and the nearest row was used */
  inRange: boolean;
}

/** rows: [°C, ρ kg/m³, cp J/(kg·K), μ mPa·s] */
type Row = [number, number, number, number];

const WATER: Row[] = [
  [0, 999.84, 4219.4, 1.7911],
  [5, 999.97, 4205.0, 1.5182],
  [10, 999.7, 4195.2, 1.3059],
  [15, 999.1, 4188.5, 1.1376],
  [20, 998.21, 4184.1, 1.0016],
  [25, 997.05, 4181.3, 0.89],
  [30, 995.65, 4179.8, 0.7972],
  [35, 994.03, 4179.3, 0.7191],
  [40, 992.22, 4179.4, 0.6527],
  [45, 990.21, 4180.1, 0.5958],
  [50, 988.04, 4181.3, 0.5465],
  [55, 985.69, 4183.0, 0.5036],
  [60, 983.2, 4185.0, 0.466],
  [65, 980.55, 4187.3, 0.4329],
  [70, 977.76, 4190.1, 0.4035],
  [75, 974.84, 4193.2, 0.3774],
  [80, 971.79, 4196.8, 0.3541],
  [85, 968.61, 4200.7, 0.3331],
  [90, 965.31, 4205.2, 0.3142],
  [95, 961.89, 4210.2, 0.2971],
];

const PG25: Row[] = [
  [-5, 1032.77, 3851.2, 6.8423],
  [0, 1031.24, 3863.5, 5.4185],
  [5, 1029.59, 3875.9, 4.3574],
  [10, 1027.81, 3888.2, 3.5557],
  [15, 1025.9, 3900.5, 2.9419],
  [20, 1023.87, 3912.9, 2.4662],
  [25, 1021.71, 3925.2, 2.0931],
  [30, 1019.43, 3937.6, 1.7972],
  [35, 1017.01, 3949.9, 1.5599],
  [40, 1014.47, 3962.2, 1.3677],
  [45, 1011.81, 3974.6, 1.2104],
  [50, 1009.01, 3986.9, 1.0805],
  [55, 1006.09, 3999.3, 0.9721],
  [60, 1003.05, 4011.6, 0.8808],
  [65, 999.87, 4023.9, 0.8032],
  [70, 996.57, 4036.3, 0.7365],
  [75, 993.14, 4048.6, 0.6786],
  [80, 989.59, 4061.0, 0.6278],
];

const TABLES: Record<FluidName, Row[]> = { water: WATER, pg25: PG25 };

/** The temperature range (°C) covered by a fluid's table. */
export function fluidRangeC(fluid: FluidName): [number, number] {
  const t = TABLES[fluid];
  return [t[0][0], t[t.length - 1][0]];
}

/**
 * Density, cp and viscosity of `fluid` at `tempC` (°C), interpolated from the cited table
 * (linear for ρ and cp, log-linear for μ); clamped to the table ends outside its range.
 */
export function fluidProps(fluid: FluidName, tempC: number): FluidProps {
  const t = TABLES[fluid];
  if (!t) throw new Error(`unknown fluid '${fluid}'`);
  if (!Number.isFinite(tempC)) throw new Error(`fluid temperature must be finite, got ${tempC}`);
  const lo = t[0][0];
  const hi = t[t.length - 1][0];
  const inRange = tempC >= lo && tempC <= hi;
  const T = Math.min(hi, Math.max(lo, tempC));
  // uniform 5 K spacing
  const step = t[1][0] - t[0][0];
  let i = Math.floor((T - lo) / step);
  if (i >= t.length - 1) i = t.length - 2;
  const a = t[i];
  const b = t[i + 1];
  const w = (T - a[0]) / (b[0] - a[0]);
  const densityKgM3 = a[1] + w * (b[1] - a[1]);
  const cpJkgK = a[2] + w * (b[2] - a[2]);
  const viscosityPaS = Math.exp(Math.log(a[3]) + w * (Math.log(b[3]) - Math.log(a[3]))) * 1e-3;
  return { fluid, tempC, densityKgM3, cpJkgK, viscosityPaS, kinematicM2s: viscosityPaS / densityKgM3, inRange };
}

/**
 * Volumetric flow (L/min) that carries `heatKw` (kW) at a temperature rise `deltaTK` (K):
 * Q = P / (ρ · c_p · ΔT), with ρ and c_p of `fluid` at `tempC` (°C; use the mean loop temperature).
 */
export function requiredFlowLpm(heatKw: number, deltaTK: number, fluid: FluidName, tempC: number): number {
  if (!(deltaTK > 0)) throw new Error(`design ΔT must be > 0 K, got ${deltaTK}`);
  const p = fluidProps(fluid, tempC);
  const m3s = (heatKw * 1000) / (p.densityKgM3 * p.cpJkgK * deltaTK);
  return m3s * 60_000;
}
