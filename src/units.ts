/**
 * Quantities and unit systems. The document is SI throughout; conversion happens only at the edges
 * (inspector inputs, labels, CLI output) through these helpers.
 */
export type Quantity =
  | 'length' // m
  | 'area' // m²
  | 'mass' // kg
  | 'power' // kW
  | 'powerMw' // MW
  | 'floorLoad' // kg/m²
  | 'airflow' // m³/s
  | 'liquidFlow' // L/min
  | 'pressure' // kPa
  | 'temperature' // °C
  | 'deltaT' // K
  | 'current' // A
  | 'voltage' // V
  | 'voltageKv' // kV
  | 'apparentPower' // kVA
  | 'angle' // degrees
  | 'fraction' // 0..1, shown as %
  | 'count'
  | 'velocity' // m/s
  | 'kinematicViscosity' // m²/s
  | 'time'; // s

export type UnitSystem = 'metric' | 'imperial';

interface Conv {
  unit: string;
  /** SI value → display value */
  to: (si: number) => number;
  /** display value → SI value */
  from: (v: number) => number;
}

const id = (unit: string): Conv => ({ unit, to: (v) => v, from: (v) => v });
const lin = (unit: string, k: number): Conv => ({ unit, to: (v) => v * k, from: (v) => v / k });
/** display = SI / f, SI = display × f: exact round numbers for exact factors (100 ft → 30.48 m) */
const per = (unit: string, f: number): Conv => ({ unit, to: (v) => v / f, from: (v) => v * f });

const METRIC: Record<Quantity, Conv> = {
  length: id('m'),
  area: id('m²'),
  mass: id('kg'),
  power: id('kW'),
  powerMw: id('MW'),
  floorLoad: id('kg/m²'),
  airflow: id('m³/s'),
  liquidFlow: id('L/min'),
  pressure: id('kPa'),
  temperature: id('°C'),
  deltaT: id('K'),
  current: id('A'),
  voltage: id('V'),
  voltageKv: id('kV'),
  apparentPower: id('kVA'),
  angle: id('°'),
  fraction: lin('%', 100),
  count: id(''),
  velocity: id('m/s'),
  kinematicViscosity: id('m²/s'),
  time: id('s'),
};

const IMPERIAL: Record<Quantity, Conv> = {
  ...METRIC,
  length: per('ft', 0.3048),
  area: per('ft²', 0.3048 * 0.3048),
  mass: per('lb', 0.45359237),
  floorLoad: lin('lb/ft²', 0.3048 * 0.3048 / 0.45359237),
  airflow: lin('CFM', 2118.880003),
  liquidFlow: per('gpm', 3.785411784),
  pressure: lin('psi', 0.1450377377),
  temperature: { unit: '°F', to: (c) => (c * 9) / 5 + 32, from: (f) => ((f - 32) * 5) / 9 },
  deltaT: lin('°F', 9 / 5),
  velocity: per('ft/s', 0.3048),
  kinematicViscosity: per('ft²/s', 0.3048 * 0.3048),
};

export function conv(q: Quantity, system: UnitSystem): Conv {
  return (system === 'imperial' ? IMPERIAL : METRIC)[q];
}

/** Convert an SI value to the display system. */
export function toDisplay(q: Quantity, si: number, system: UnitSystem): number {
  return conv(q, system).to(si);
}

/** Convert a display value back to SI. */
export function fromDisplay(q: Quantity, v: number, system: UnitSystem): number {
  return conv(q, system).from(v);
}

export function unitLabel(q: Quantity, system: UnitSystem): string {
  return conv(q, system).unit;
}

/** Format an SI value for display with its unit, e.g. "1.20 m" or "3.94 ft". */
export function formatQty(q: Quantity, si: number, system: UnitSystem, digits?: number): string {
  const v = toDisplay(q, si, system);
  const u = unitLabel(q, system);
  const d = digits ?? (Number.isInteger(v) || Math.abs(v) >= 100 ? 0 : Math.abs(v) >= 10 ? 1 : 2);
  const s = Number.isFinite(v) ? unsignedZero(v.toFixed(d)) : String(v);
  return u ? `${s} ${u}` : s;
}

/** "-0.00" → "0.00": a value that rounds to zero is shown without a sign */
function unsignedZero(s: string): string {
  return /^-0(\.0+)?$/.test(s) ? s.slice(1) : s;
}

const BY_SI_UNIT: Record<string, Quantity> = {
  m: 'length',
  'm²': 'area',
  kg: 'mass',
  kW: 'power',
  MW: 'powerMw',
  'kg/m²': 'floorLoad',
  'm³/s': 'airflow',
  'L/min': 'liquidFlow',
  kPa: 'pressure',
  '°C': 'temperature',
  K: 'deltaT',
  A: 'current',
  V: 'voltage',
  kV: 'voltageKv',
  kVA: 'apparentPower',
  'm/s': 'velocity',
  'm²/s': 'kinematicViscosity',
  s: 'time',
};

/**
 * Format a value that engines report with an SI unit string (findings, figures) in the user's system;
 * units without a conversion (%, ms, counts) pass through.
 */
export function formatMeasure(value: number, siUnit: string, system: UnitSystem): string {
  const q = BY_SI_UNIT[siUnit];
  if (q) return formatQty(q, value, system);
  const d = Number.isInteger(value) || Math.abs(value) >= 100 ? 0 : Math.abs(value) >= 10 ? 1 : 2;
  const s = unsignedZero(value.toLocaleString('en-US', { minimumFractionDigits: d, maximumFractionDigits: d }));
  return siUnit && siUnit !== 'count' ? `${s} ${siUnit}` : s;
}
