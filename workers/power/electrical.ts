/**
 * Electrical arithmetic for the power-distribution engine: pure functions, SI-ish units named in
 * every identifier (V, A, kW, kVA, kvar, m, Ω). No DOM, no state.
 *
 * Sources:
 * - NEC 210.19/215.2/230.42 and 210.20: continuous loads ≤ 80 % of breaker and conductor rating
 *   (conductors and overcurrent devices sized at 125 % of continuous load).
 * - NEC Chapter 9 Table 9 (2017/2020 editions): AC resistance and reactance for 600 V cables,
 *   three single conductors in conduit, 60 Hz, 75 °C, ohms to neutral per 1000 ft.
 * - NEC Table 310.16 (310.15(B)(16) in 2017), 75 °C column, copper: ampacity.
 * - NEMA MG-1 14.36 definition of unbalance: 100 × max deviation from the mean / mean.
 * - APC/Schneider White Paper 108 / 113: UPS losses = no-load + proportional + square-law terms.
 */

export const SQRT3 = Math.sqrt(3);

/** Metres per foot (exact). */
export const M_PER_FT = 0.3048;

/** Default continuous-load factor of the NEC 80 % rule. */
export const CONTINUOUS_FACTOR = 0.8;

function checkPf(pf: number): void {
  if (!(pf > 0 && pf <= 1)) throw new RangeError(`power factor must be in (0, 1], got ${pf}`);
}

/** Real power of a balanced three-phase load: P = √3 · V_LL · I · PF. Returns kW. */
export function threePhaseKw(voltageLLV: number, currentA: number, pf = 1): number {
  checkPf(pf);
  return (SQRT3 * voltageLLV * currentA * pf) / 1000;
}

/** Line current of a balanced three-phase load: I = P / (√3 · V_LL · PF). Returns A. */
export function threePhaseCurrentA(powerKw: number, voltageLLV: number, pf = 1): number {
  checkPf(pf);
  return (powerKw * 1000) / (SQRT3 * voltageLLV * pf);
}

/** Real power of a single-phase load (line-to-neutral or line-to-line voltage as given): P = V·I·PF, kW. */
export function singlePhaseKw(voltageV: number, currentA: number, pf = 1): number {
  checkPf(pf);
  return (voltageV * currentA * pf) / 1000;
}

/** Current of a single-phase load at voltage V: I = P / (V · PF), A. */
export function singlePhaseCurrentA(powerKw: number, voltageV: number, pf = 1): number {
  checkPf(pf);
  return (powerKw * 1000) / (voltageV * pf);
}

export interface FeedSpec {
  /** line-to-line voltage for three-phase feeds; the circuit voltage for single-phase feeds, V */
  voltageV: number;
  phases: 1 | 3;
  /** breaker (overcurrent device) rating, A */
  breakerA: number;
  /** load power factor (default 1) */
  pf?: number;
  /** fraction of the rating usable continuously: 0.8 (NEC 80 % rule, default) or 1 for 100 %-rated devices / IEC practice */
  continuousFactor?: number;
}

/**
 * Usable continuous real power of a feed (rack whip, tap-off, branch circuit), kW:
 * three-phase √3·V·(f·I)·PF, single-phase V·(f·I)·PF, with f the continuous factor (0.8 by default).
 * E.g. 208 V 3φ 30 A → 8.65 kW; 480 V 3φ 60 A → 39.9 kW; 415 V 3φ 63 A at f = 1 → 45.3 kW.
 */
export function usableKw(feed: FeedSpec): number {
  const f = feed.continuousFactor ?? CONTINUOUS_FACTOR;
  const pf = feed.pf ?? 1;
  return feed.phases === 3
    ? threePhaseKw(feed.voltageV, feed.breakerA * f, pf)
    : singlePhaseKw(feed.voltageV, feed.breakerA * f, pf);
}

/**
 * Phase unbalance after NEMA MG-1: 100 × (largest deviation from the mean) / mean, percent.
 * Works on any set of phase quantities (currents in A, or kVA). Returns 0 when the mean is 0.
 * E.g. 100, 90, 80 A → mean 90, max deviation 10 → 11.1 %.
 */
export function nemaUnbalancePct(values: readonly number[]): number {
  if (values.length === 0) return 0;
  let sum = 0;
  for (const v of values) sum += v;
  const mean = sum / values.length;
  if (mean <= 0) return 0;
  let maxDev = 0;
  for (const v of values) maxDev = Math.max(maxDev, Math.abs(v - mean));
  return (100 * maxDev) / mean;
}

// ---------------------------------------------------------------------------------------------
// Conductors

export type ConductorSize =
  | '4'
  | '3'
  | '2'
  | '1'
  | '1/0'
  | '2/0'
  | '3/0'
  | '4/0'
  | '250'
  | '300'
  | '350'
  | '400'
  | '500';

export type Conduit = 'pvc' | 'aluminium' | 'steel';

export interface ConductorData {
  size: ConductorSize;
  /** inductive reactance X_L, Ω per 1000 ft, PVC or aluminium conduit */
  xPvcAlOhmPerKft: number;
  /** inductive reactance X_L, Ω per 1000 ft, steel conduit */
  xSteelOhmPerKft: number;
  /** AC resistance, uncoated copper, Ω per 1000 ft, in PVC / aluminium / steel conduit */
  rPvcOhmPerKft: number;
  rAlOhmPerKft: number;
  rSteelOhmPerKft: number;
  /** ampacity, copper, 75 °C column of NEC Table 310.16 (not more than three current-carrying conductors), A */
  ampacity75CA: number;
}

/**
 * Copper conductors 4 AWG … 500 kcmil. R and X: NEC Chapter 9 Table 9 (ohms to neutral per 1000 ft,
 * three single conductors in conduit, 60 Hz, 75 °C). Ampacity: NEC Table 310.16, 75 °C copper.
 */
export const COPPER_CONDUCTORS: Readonly<Record<ConductorSize, ConductorData>> = Object.freeze({
  '4': { size: '4', xPvcAlOhmPerKft: 0.048, xSteelOhmPerKft: 0.06, rPvcOhmPerKft: 0.31, rAlOhmPerKft: 0.31, rSteelOhmPerKft: 0.31, ampacity75CA: 85 },
  '3': { size: '3', xPvcAlOhmPerKft: 0.047, xSteelOhmPerKft: 0.059, rPvcOhmPerKft: 0.25, rAlOhmPerKft: 0.25, rSteelOhmPerKft: 0.25, ampacity75CA: 100 },
  '2': { size: '2', xPvcAlOhmPerKft: 0.045, xSteelOhmPerKft: 0.057, rPvcOhmPerKft: 0.19, rAlOhmPerKft: 0.2, rSteelOhmPerKft: 0.2, ampacity75CA: 115 },
  '1': { size: '1', xPvcAlOhmPerKft: 0.046, xSteelOhmPerKft: 0.057, rPvcOhmPerKft: 0.15, rAlOhmPerKft: 0.16, rSteelOhmPerKft: 0.16, ampacity75CA: 130 },
  '1/0': { size: '1/0', xPvcAlOhmPerKft: 0.044, xSteelOhmPerKft: 0.055, rPvcOhmPerKft: 0.12, rAlOhmPerKft: 0.13, rSteelOhmPerKft: 0.12, ampacity75CA: 150 },
  '2/0': { size: '2/0', xPvcAlOhmPerKft: 0.043, xSteelOhmPerKft: 0.054, rPvcOhmPerKft: 0.1, rAlOhmPerKft: 0.1, rSteelOhmPerKft: 0.1, ampacity75CA: 175 },
  '3/0': { size: '3/0', xPvcAlOhmPerKft: 0.042, xSteelOhmPerKft: 0.052, rPvcOhmPerKft: 0.077, rAlOhmPerKft: 0.082, rSteelOhmPerKft: 0.079, ampacity75CA: 200 },
  '4/0': { size: '4/0', xPvcAlOhmPerKft: 0.041, xSteelOhmPerKft: 0.051, rPvcOhmPerKft: 0.062, rAlOhmPerKft: 0.067, rSteelOhmPerKft: 0.063, ampacity75CA: 230 },
  '250': { size: '250', xPvcAlOhmPerKft: 0.041, xSteelOhmPerKft: 0.052, rPvcOhmPerKft: 0.052, rAlOhmPerKft: 0.057, rSteelOhmPerKft: 0.054, ampacity75CA: 255 },
  '300': { size: '300', xPvcAlOhmPerKft: 0.041, xSteelOhmPerKft: 0.051, rPvcOhmPerKft: 0.044, rAlOhmPerKft: 0.049, rSteelOhmPerKft: 0.045, ampacity75CA: 285 },
  '350': { size: '350', xPvcAlOhmPerKft: 0.04, xSteelOhmPerKft: 0.05, rPvcOhmPerKft: 0.038, rAlOhmPerKft: 0.043, rSteelOhmPerKft: 0.039, ampacity75CA: 310 },
  '400': { size: '400', xPvcAlOhmPerKft: 0.04, xSteelOhmPerKft: 0.049, rPvcOhmPerKft: 0.033, rAlOhmPerKft: 0.038, rSteelOhmPerKft: 0.035, ampacity75CA: 335 },
  '500': { size: '500', xPvcAlOhmPerKft: 0.039, xSteelOhmPerKft: 0.048, rPvcOhmPerKft: 0.027, rAlOhmPerKft: 0.032, rSteelOhmPerKft: 0.029, ampacity75CA: 380 },
});

/** Sizes from smallest to largest (object key order would put the integer-like names first). */
export const CONDUCTOR_SIZES: readonly ConductorSize[] = ['4', '3', '2', '1', '1/0', '2/0', '3/0', '4/0', '250', '300', '350', '400', '500'];

export function isConductorSize(s: string): s is ConductorSize {
  return Object.prototype.hasOwnProperty.call(COPPER_CONDUCTORS, s);
}

/** AC resistance and reactance of one conductor of the given size and conduit, Ω per metre. */
export function conductorImpedanceOhmPerM(size: ConductorSize, conduit: Conduit = 'pvc'): { rOhmPerM: number; xOhmPerM: number } {
  const c = COPPER_CONDUCTORS[size];
  const kftM = 1000 * M_PER_FT;
  const r = conduit === 'pvc' ? c.rPvcOhmPerKft : conduit === 'aluminium' ? c.rAlOhmPerKft : c.rSteelOhmPerKft;
  const x = conduit === 'steel' ? c.xSteelOhmPerKft : c.xPvcAlOhmPerKft;
  return { rOhmPerM: r / kftM, xOhmPerM: x / kftM };
}

export interface VoltageDropInput {
  /** load current per conductor set total (line current), A */
  currentA: number;
  /** one-way length of the run, m */
  lengthM: number;
  size: ConductorSize;
  conduit?: Conduit;
  /** load power factor cos φ (lagging), default 0.9 */
  pf?: number;
  /** 3 for a three-phase run (VD line-to-line), 1 for a single-phase two-wire run */
  phases?: 1 | 3;
  /** number of conductor sets in parallel (default 1); the current divides equally */
  parallelSets?: number;
  /** system voltage (line-to-line for three-phase), V — needed for the percentage */
  voltageV: number;
}

/**
 * Approximate voltage drop of a feeder (NEC Ch. 9 Table 9 note 2, "effective Z"):
 * three-phase VD_LL ≈ √3 · I · L · (R cos φ + X sin φ); single-phase VD ≈ 2 · I · L · (R cos φ + X sin φ),
 * with R, X per metre of one conductor and L the one-way length. Returns volts and percent of voltageV.
 */
export function voltageDrop(v: VoltageDropInput): { dropV: number; dropPct: number } {
  const pf = v.pf ?? 0.9;
  checkPf(pf);
  const sets = v.parallelSets ?? 1;
  const { rOhmPerM, xOhmPerM } = conductorImpedanceOhmPerM(v.size, v.conduit ?? 'pvc');
  const sin = Math.sqrt(Math.max(0, 1 - pf * pf));
  const zEff = (rOhmPerM * pf + xOhmPerM * sin) * v.lengthM;
  const k = (v.phases ?? 3) === 3 ? SQRT3 : 2;
  const dropV = (k * (v.currentA / sets) * zEff);
  return { dropV, dropPct: (100 * dropV) / v.voltageV };
}

/** Copper I²R loss of a three-phase run carrying per-phase currents currentsA, kW (R at 75 °C, Table 9). */
export function feederLossKw(currentsA: readonly number[], lengthM: number, size: ConductorSize, conduit: Conduit = 'pvc', parallelSets = 1): number {
  const { rOhmPerM } = conductorImpedanceOhmPerM(size, conduit);
  const rOhm = (rOhmPerM * lengthM) / parallelSets;
  let w = 0;
  for (const i of currentsA) w += i * i * rOhm;
  return w / 1000;
}

// ---------------------------------------------------------------------------------------------
// Losses of transformers and UPS

/** Default transformer losses as fractions of rated kVA when nameplate losses are not given (typical dry-type MV/LV). */
export const DEFAULT_TRANSFORMER_NO_LOAD_LOSS_FRACTION = 0.002;
export const DEFAULT_TRANSFORMER_LOAD_LOSS_FRACTION = 0.008;

/**
 * Transformer losses, kW: no-load (core) loss plus load (copper) loss proportional to the square of
 * the loading: P_loss = P_NL + P_LL,rated · (S / S_rated)². An energised transformer carries its
 * no-load loss even at zero load.
 */
export function transformerLossKw(loadKva: number, ratedKva: number, noLoadLossKw: number, ratedLoadLossKw: number): number {
  if (!(ratedKva > 0)) throw new RangeError('transformer rated kVA must be positive');
  const x = loadKva / ratedKva;
  return noLoadLossKw + ratedLoadLossKw * x * x;
}

/** UPS loss coefficients as fractions of the rated (live module) capacity: loss = rated·(k0 + k1·x + k2·x²), x = load/rated. */
export interface UpsLossCoefficients {
  noLoad: number;
  proportional: number;
  square: number;
}

/**
 * Default coefficients for a modern double-conversion UPS, fitted to efficiency 93.5 % at 25 % load,
 * 95.5 % at 50 % and 96.0 % at 100 % (typical published curves; WP 108 three-term model).
 */
export const DEFAULT_UPS_LOSS: Readonly<UpsLossCoefficients> = Object.freeze({ noLoad: 0.013, proportional: 0.013, square: 0.015 });

/** UPS losses at outputKw on a UPS whose live capacity is ratedKw, kW (three-term model; no-load loss even at zero load). */
export function upsLossKw(outputKw: number, ratedKw: number, k: UpsLossCoefficients = DEFAULT_UPS_LOSS): number {
  if (!(ratedKw > 0)) throw new RangeError('UPS rated kW must be positive');
  const x = outputKw / ratedKw;
  return ratedKw * (k.noLoad + k.proportional * x + k.square * x * x);
}

/** UPS efficiency output/(output + loss) at outputKw, 0…1 (0 at zero load). */
export function upsEfficiency(outputKw: number, ratedKw: number, k: UpsLossCoefficients = DEFAULT_UPS_LOSS): number {
  if (outputKw <= 0) return 0;
  return outputKw / (outputKw + upsLossKw(outputKw, ratedKw, k));
}

/** tan φ of a lagging power factor: reactive kvar = kW · tanφ. */
export function pfTan(pf: number): number {
  checkPf(pf);
  return Math.sqrt(1 - pf * pf) / pf;
}
