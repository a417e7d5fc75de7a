/**
 * Pipe friction and fitting losses (Darcy–Weisbach), SI units throughout.
 *
 * - Reynolds number Re = ρ·v·D/μ = v·D/ν.
 * - Laminar (Re ≤ 2000): f = 64/Re (Hagen–Poiseuille).
 * - Turbulent (Re ≥ 4000): Swamee–Jain (1976) explicit approximation
 *     f = 0.25 / [log10(ε/(3.7·D) + 5.74/Re^0.9)]²    (within ~1 % of Colebrook for 5e3 < Re < 1e8,
 *     1e-6 < ε/D < 1e-2), or Colebrook–White (1939) solved iteratively:
 *     1/√f = −2·log10(ε/(3.7·D) + 2.51/(Re·√f)).
 * - Transition (2000 < Re < 4000): the flow is intermittent and no correlation is reliable. We bridge
 *   the band with a cubic Hermite polynomial in Re that matches the laminar law (value and slope) at
 *   Re = 2000 and the turbulent correlation (value and slope) at Re = 4000, as EPANET does with its
 *   cubic (Dunlop 1991). The friction factor and its derivative are then continuous everywhere, which the
 *   network's Newton iteration needs to converge quadratically when a branch sits in the band; Δp stays
 *   strictly increasing in Q (checked in the tests). TCS headers run at Re ≈ 10⁴–10⁵; the band matters for
 *   nearly idle branches and header ends.
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

/** scratch output of the allocation-free core (hot loop of the network solver) */
const FR = { f: 0, dfdRe: 0, regime: 0 as 0 | 1 | 2 };

function turbulentInto(re: number, relRough: number, colebrook: boolean): void {
  if (colebrook) {
    const f = frictionColebrook(re, relRough);
    // implicit derivative of x = −2 log10(a + b x / Re), x = f^(−1/2), b = 2.51
    const x = 1 / Math.sqrt(f);
    const u = relRough / 3.7 + (2.51 * x) / re;
    const c = 2 / (Math.LN10 * u);
    const dxdRe = (c * 2.51 * x) / (re * re) / (1 + (c * 2.51) / re);
    FR.f = f;
    FR.dfdRe = (-2 * dxdRe) / (x * x * x);
    return;
  }
  const r09 = Math.pow(re, 0.9);
  const u = relRough / 3.7 + 5.74 / r09;
  const l = Math.log10(u);
  // df/dRe = −0.5 l⁻³ · (1/(u ln10)) · (−0.9 · 5.74 · Re^−1.9)
  const dudRe = (-0.9 * 5.74) / (r09 * re);
  FR.f = 0.25 / (l * l);
  FR.dfdRe = (-0.5 / (l * l * l)) * (dudRe / (u * Math.LN10));
}

/** Core of `darcyFriction`, writing into FR (regime 0 laminar, 1 transition, 2 turbulent). */
function frictionInto(re: number, relRough: number, colebrook: boolean): void {
  if (re <= RE_LAMINAR_MAX) {
    FR.f = 64 / re;
    FR.dfdRe = -64 / (re * re);
    FR.regime = 0;
    return;
  }
  if (re >= RE_TURBULENT_MIN) {
    turbulentInto(re, relRough, colebrook);
    FR.regime = 2;
    return;
  }
  // cubic Hermite in Re matching value and slope of the laminar law at 2000 and of the turbulent
  // correlation at 4000: C¹, so Newton keeps its quadratic convergence through the band
  const r0 = RE_LAMINAR_MAX;
  const h = RE_TURBULENT_MIN - RE_LAMINAR_MAX;
  const f0 = 64 / r0;
  const m0 = (-64 / (r0 * r0)) * h;
  turbulentInto(RE_TURBULENT_MIN, relRough, colebrook);
  const f1 = FR.f;
  const m1 = FR.dfdRe * h;
  const s = (re - r0) / h;
  const s2 = s * s;
  const s3 = s2 * s;
  FR.f = (2 * s3 - 3 * s2 + 1) * f0 + (s3 - 2 * s2 + s) * m0 + (-2 * s3 + 3 * s2) * f1 + (s3 - s2) * m1;
  FR.dfdRe = ((6 * s2 - 6 * s) * f0 + (3 * s2 - 4 * s + 1) * m0 + (-6 * s2 + 6 * s) * f1 + (3 * s2 - 2 * s) * m1) / h;
  FR.regime = 1;
}

const REGIMES = ['laminar', 'transition', 'turbulent'] as const;

/**
 * Darcy friction factor for any Re > 0: laminar below 2000, `method` above 4000, cubic bridge between
 * (see module doc). `relRough` = ε/D.
 */
export function darcyFriction(re: number, relRough: number, method: FrictionMethod = 'swamee-jain'): FrictionResult {
  if (!(re > 0)) return { f: Infinity, dfdRe: 0, regime: 'laminar' };
  frictionInto(re, relRough, method === 'colebrook');
  return { f: FR.f, dfdRe: FR.dfdRe, regime: REGIMES[FR.regime] };
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
  const re = (Math.abs(v) * D) / p.kinematicM2s;
  pipeDpInto(p.lengthM / D, D, A, p.roughnessM / D, p.minorK, p.densityKgM3, p.kinematicM2s, p.method === 'colebrook', qM3s);
  return {
    dpPa: PD.dp,
    dDpdQ: PD.g,
    vMps: v,
    re,
    f: re === 0 ? Infinity : FR.f,
    regime: re === 0 ? 'laminar' : REGIMES[FR.regime],
  };
}

/** scratch output of `pipeDpInto`: signed Δp (Pa) and dΔp/dQ (Pa per m³/s) */
export const PD = { dp: 0, g: 0 };

/**
 * Allocation-free `pipeDp` for the solver's hot loop: writes Δp and its derivative into `PD`.
 * lOverD = L/D, dM = D, areaM2 = πD²/4, relRough = ε/D, minorK = ΣK.
 */
export function pipeDpInto(
  lOverD: number,
  dM: number,
  areaM2: number,
  relRough: number,
  minorK: number,
  rho: number,
  nu: number,
  colebrook: boolean,
  qM3s: number,
): void {
  const av = Math.abs(qM3s) / areaM2;
  const re = (av * dM) / nu;
  if (re === 0) {
    // laminar limit 32 μ L /(D² A) = 32 ρ ν (L/D) / (D A)
    PD.dp = 0;
    PD.g = (32 * rho * nu * lOverD) / (dM * areaM2);
    FR.regime = 0;
    return;
  }
  frictionInto(re, relRough, colebrook);
  // dp = sign(v) · (f L/D + K) · ρ v²/2
  const c = FR.f * lOverD + minorK;
  const dpMag = (c * rho * av * av) / 2;
  // d|dp|/d|v| = (f L/D + K) ρ |v| + (L/D) ρ v²/2 · df/dRe · dRe/d|v|
  const dMagdV = c * rho * av + lOverD * rho * av * av * 0.5 * FR.dfdRe * (dM / nu);
  PD.dp = qM3s < 0 ? -dpMag : dpMag;
  PD.g = Math.max(dMagdV / areaM2, 1e-30);
}
