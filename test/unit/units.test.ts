import { describe, expect, it } from 'vitest';
import { formatMeasure, formatQty, fromDisplay, toDisplay, type Quantity } from '../../src/units';

describe('units: SI inside, metric or imperial at the edges', () => {
  it('converts with the exact definitions', () => {
    expect(fromDisplay('length', 100, 'imperial')).toBe(30.48);
    expect(toDisplay('length', 0.3048, 'imperial')).toBe(1);
    expect(fromDisplay('mass', 1, 'imperial')).toBe(0.45359237);
    expect(toDisplay('temperature', 27, 'imperial')).toBeCloseTo(80.6, 12);
    expect(fromDisplay('temperature', 212, 'imperial')).toBeCloseTo(100, 12);
    expect(toDisplay('deltaT', 10, 'imperial')).toBeCloseTo(18, 12);
    expect(toDisplay('airflow', 1, 'imperial')).toBeCloseTo(2118.88, 2); // 1 m³/s in CFM
    expect(toDisplay('liquidFlow', 3.785411784, 'imperial')).toBeCloseTo(1, 12); // L/min → gpm
    expect(toDisplay('floorLoad', 1000, 'imperial')).toBeCloseTo(204.816, 3); // kg/m² → lb/ft²
    expect(toDisplay('pressure', 100, 'imperial')).toBeCloseTo(14.5038, 4); // kPa → psi
  });

  it('round-trips every quantity in both systems', () => {
    const qs: Quantity[] = ['length', 'area', 'mass', 'power', 'floorLoad', 'airflow', 'liquidFlow', 'pressure', 'temperature', 'deltaT', 'velocity', 'fraction'];
    for (const q of qs) for (const sys of ['metric', 'imperial'] as const) expect(fromDisplay(q, toDisplay(q, 12.345, sys), sys)).toBeCloseTo(12.345, 10);
  });

  it('formats engine measures in the chosen system; counts without decimals', () => {
    expect(formatQty('length', 1.2, 'metric')).toBe('1.20 m');
    expect(formatMeasure(1.2, 'm', 'imperial')).toBe('3.94 ft');
    expect(formatMeasure(1888.9, 'kg/m²', 'metric')).toBe('1889 kg/m²');
    expect(formatMeasure(28, '', 'metric')).toBe('28');
    expect(formatMeasure(2928, 'kW', 'imperial')).toBe('2928 kW');
    // eddy viscosity (airflow figure): m²/s ↔ ft²/s
    expect(formatMeasure(0.0822, 'm²/s', 'metric')).toBe('0.08 m²/s');
    expect(formatMeasure(0.0822, 'm²/s', 'imperial')).toBe('0.88 ft²/s');
    expect(formatMeasure(3.1, '%', 'metric')).toBe('3.10 %');
    // a tiny negative value that rounds to zero is shown without a sign (an energy imbalance of −0.001 %)
    expect(formatMeasure(-0.001, '%', 'metric')).toBe('0.00 %');
    expect(formatQty('deltaT', -0.001, 'metric')).toBe('0.00 K');
    expect(formatMeasure(-0.02, '%', 'metric')).toBe('-0.02 %');
  });
});
