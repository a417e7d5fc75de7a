/**
 * Pipe friction and fitting losses (Darcy–Weisbach), SI units throughout.
 *
 * - Reynolds number Re = ρ·v·D/μ = v·D/ν.
 * - Laminar (Re ≤ 2000): f = 64/Re (Hagen–Poiseuille).
 * - Turbulent (Re ≥ 4000): Swamee–Jain (1976) explicit approximation
 *     f = 0.25 / [log10(ε/(3.7·D) + 5.74/Re^0.9)]²    (within ~1 % of Colebrook for 5e3 < Re < 1e8,
 *     1e-6 < ε/D < 1e-2), or Colebrook–White (1939) solved iteratively:
 *     1/√f = −2·log10(ε/(3.7·D) + 2.51/(Re·√f)).
 * - Transition (2000 < Re < 4000): the flow is intermittent and no correlation is reliable. We blend
 *   linearly in Re between the laminar value at Re = 2000 (f = 0.032) and the turbulent correlation
 *   evaluated at Re = 4000. The result is continuous at both ends (the slope is not), always positive,
 *   and lies between the laminar and turbulent values. (EPANET uses a cubic in the same band; for
 *   TCS loops, which run at Re ≈ 10⁴–10⁵ in headers, the band matters only for nearly idle branches.)
 * - Head loss h_f = f·(L/D)·v²/(2g); pressure drop Δp = ρ·g·h_f = f·(L/D)·ρ·v²/2.
 * - Minor losses Δp = ΣK·ρ·v²/2 with K from `FITTING_K`.
 */

/** standard gravity, m/s² */
export const G_MPS2 = 9.80665;

export const RE_LAMINAR_MAX = 2000;
export const RE_TURBULENT_MIN = 4000;

export type FrictionMethod = 'swamee-jain' | 'colebrook';

/** Reynolds number (dimensionless) of mean velocity `vMps` (m/s) in bore `dM` (m), kinematic viscosity `nuM2s` (m²/s). */
export function reynolds(vMps: number, dM: number, nuM2s: number): number {
  return (Math.abs(vMps) * dM) / nuM2s;
}

/** Laminar Darcy friction factor 64/Re. */
export function frictionLaminar(re: number): number {
  return 64 / re;
}

/** Swamee–Jain explicit turbulent Darcy friction factor; `relRough` = ε/D (dimensionless). */
export function frictionSwameeJain(re: number, relRough: number): number {
  const l = Math.log10(relRough / 3.7 + 5.74 / Math.pow(re, 0.9));
  return 0.25 / (l * l);
}

/**
 * Colebrook–White turbulent Darcy friction factor, solved by Newton iteration on x = 1/√f starting from
 * Swamee–Jain; converges to |Δx|/x < `tol` (default 1e-12) in 2–4 steps. Returns f.
 */
export function frictionColebrook(re: number, relRough: number, tol = 1e-12): number {
  const a = relRough / 3.7;
  const b = 2.51 / re;
  let x = 1 / Math.sqrt(frictionSwameeJain(re, relRough));
  for (let k = 0; k < 50; k++) {
    // F(x) = x + 2 log10(a + b x) = 0
    const u = a + b * x;
    const F = x + 2 * Math.log10(u);
    const dF = 1 + (2 * b) / (u * Math.LN10);
    const dx = F / dF;
    x -= dx;
    if (Math.abs(dx) < tol * Math.abs(x)) break;
  }
  return 1 / (x * x);
}

/** Friction factor and its derivative with respect to Re (used by the network Newton step). */
export interface FrictionResult {
  f: number;
  dfdRe: number;
  regime: 'laminar' | 'transition' | 'turbulent';
}

function turbulent(re: number, relRough: number, method: FrictionMethod): { f: number; dfdRe: number } {
  if (method === 'colebrook') {
    const f = frictionColebrook(re, relRough);
    // implicit derivative of x = −2 log10(a + b x / Re), x = f^(−1/2), b = 2.51
    const x = 1 / Math.sqrt(f);
    const u = relRough / 3.7 + (2.51 * x) / re;
    const c = 2 / (Math.LN10 * u);
    const dxdRe = (c * 2.51 * x) / (re * re) / (1 + (c * 2.51) / re);
    return { f, dfdRe: -2 * Math.pow(x, -3) * dxdRe };
  }
  const r09 = Math.pow(re, 0.9);
  const u = relRough / 3.7 + 5.74 / r09;
  const l = Math.log10(u);
  const f = 0.25 / (l * l);
  // df/dRe = −0.5 l⁻³ · (1/(u ln10)) · (−0.9 · 5.74 · Re^−1.9)
  const dudRe = (-0.9 * 5.74) / (r09 * re);
  const dfdRe = (-0.5 / (l * l * l)) * (dudRe / (u * Math.LN10));
  return { f, dfdRe };
}

/**
 * Darcy friction factor for any Re > 0: laminar below 2000, `method` above 4000, linear blend between
 * (see module doc). `relRough` = ε/D.
 */
export function darcyFriction(re: number, relRough: number, method: FrictionMethod = 'swamee-jain'): FrictionResult {
  if (!(re > 0)) return { f: Infinity, dfdRe: 0, regime: 'laminar' };
  if (re <= RE_LAMINAR_MAX) return { f: 64 / re, dfdRe: -64 / (re * re), regime: 'laminar' };
  if (re >= RE_TURBULENT_MIN) return { ...turbulent(re, relRough, method), regime: 'turbulent' };
  const fL = 64 / RE_LAMINAR_MAX;
  const fT = turbulent(RE_TURBULENT_MIN, relRough, method).f;
  const slope = (fT - fL) / (RE_TURBULENT_MIN - RE_LAMINAR_MAX);
  return { f: fL + slope * (re - RE_LAMINAR_MAX), dfdRe: slope, regime: 'transition' };
}

/** Darcy–Weisbach head loss h_f = f·(L/D)·v²/(2g), metres of fluid. */
export function headLossM(f: number, lengthM: number, dM: number, vMps: number): number {
  return (f * (lengthM / dM) * vMps * vMps) / (2 * G_MPS2);
}

/** Darcy–Weisbach pressure drop Δp = f·(L/D)·ρ·v²/2, Pa. */
export function frictionDpPa(f: number, lengthM: number, dM: number, densityKgM3: number, vMps: number): number {
  return (f * (lengthM / dM) * densityKgM3 * vMps * vMps) / 2;
}

/** Minor (fitting) pressure loss Δp = K·ρ·v²/2, Pa. */
export function minorDpPa(k: number, densityKgM3: number, vMps: number): number {
  return (k * densityKgM3 * vMps * vMps) / 2;
}

/**
 * Loss coefficients K (velocity head in the pipe), from Munson, Young & Okiishi, "Fundamentals of Fluid
 * Mechanics", Table 8.2 (after Crane TP-410). Threaded = screwed small-bore fittings; flanged = welded
 * or flanged large-bore. Valves fully open.
 */
export const FITTING_K = {
  'elbow-90-threaded': 1.5,
  'elbow-90-flanged': 0.3,
  'elbow-90-long-radius-threaded': 0.7,
  'elbow-90-long-radius-flanged': 0.2,
  'elbow-45-threaded': 0.4,
  'tee-run-threaded': 0.9,
  'tee-run-flanged': 0.2,
  'tee-branch-threaded': 2.0,
  'tee-branch-flanged': 1.0,
  'valve-gate-open': 0.15,
  'valve-ball-open': 0.05,
  'valve-globe-open': 10,
  'valve-check-swing': 2.0,
  'entrance-sharp': 0.5,
  exit: 1.0,
} as const;

export type FittingKind = keyof typeof FITTING_K;

/** A number of one kind of fitting on a pipe. */
export interface FittingCount {
  kind: FittingKind;
  count: number;
}

/** Sum of K over a list of fittings (dimensionless). */
export function fittingsK(fittings: readonly FittingCount[] | undefined): number {
  let k = 0;
  for (const ft of fittings ?? []) {
    const kv = FITTING_K[ft.kind];
    if (kv === undefined) throw new Error(`unknown fitting '${ft.kind}'`);
    k += kv * ft.count;
  }
  return k;
}

/** Geometry and fluid of one pipe, SI. */
export interface PipeHydraulics {
  lengthM: number;
  diameterM: number;
  roughnessM: number;
  /** total minor-loss coefficient ΣK */
  minorK: number;
  densityKgM3: number;
  kinematicM2s: number;
  method?: FrictionMethod;
}

export interface PipeDpResult {
  /** signed pressure drop in the flow direction of positive Q (p_from − p_to), Pa */
  dpPa: number;
  /** d(dpPa)/dQ, Pa per m³/s (always > 0) */
  dDpdQ: number;
  vMps: number;
  re: number;
  f: number;
  regime: FrictionResult['regime'];
}

/**
 * Pressure drop of one pipe at signed volumetric flow `qM3s` (m³/s): friction (Darcy–Weisbach) plus minor
 * losses, odd in Q, with its exact derivative (including df/dRe). At Q = 0 the derivative is the laminar
 * limit 32·μ·L/(D²·A), so the network matrix stays positive definite.
 */
export function pipeDp(p: PipeHydraulics, qM3s: number): PipeDpResult {
  const D = p.diameterM;
  const A = (Math.PI * D * D) / 4;
  const v = qM3s / A;
  const av = Math.abs(v);
  const rho = p.densityKgM3;
  const mu = rho * p.kinematicM2s;
  const re = (av * D) / p.kinematicM2s;
  if (re === 0) {
    return { dpPa: 0, dDpdQ: (32 * mu * p.lengthM) / (D * D * A), vMps: 0, re: 0, f: Infinity, regime: 'laminar' };
  }
  const fr = darcyFriction(re, p.roughnessM / D, p.method ?? 'swamee-jain');
  // dp = sign(v) · (f L/D + K) · ρ v²/2
  const c = (fr.f * p.lengthM) / D + p.minorK;
  const dpMag = (c * rho * av * av) / 2;
  // d|dp|/d|v| = (f L/D + K) ρ |v| + (L/D) ρ v²/2 · df/dRe · dRe/d|v|
  const dRedV = D / p.kinematicM2s;
  const dMagdV = c * rho * av + ((p.lengthM / D) * rho * av * av * 0.5) * fr.dfdRe * dRedV;
  return {
    dpPa: Math.sign(v) * dpMag,
    dDpdQ: Math.max(dMagdV / A, 1e-30),
    vMps: v,
    re,
    f: fr.f,
    regime: fr.regime,
  };
}
