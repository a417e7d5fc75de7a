import { describe, expect, it } from 'vitest';
import {
  COPPER_CONDUCTORS,
  CONDUCTOR_SIZES,
  conductorImpedanceOhmPerM,
  feederLossKw,
  nemaUnbalancePct,
  singlePhaseCurrentA,
  singlePhaseKw,
  threePhaseCurrentA,
  threePhaseKw,
  transformerLossKw,
  upsEfficiency,
  upsLossKw,
  usableKw,
  voltageDrop,
} from '../../workers/power/electrical';

/** |a/b − 1| ≤ tol */
function rel(a: number, b: number): number {
  return Math.abs(a / b - 1);
}

describe('three- and single-phase power', () => {
  it('√3·415·63·1.0 = 45.28 kW (IEC 63 A rack feed at 100 %)', () => {
    expect(rel(threePhaseKw(415, 63, 1), 45.28)).toBeLessThan(0.001);
    expect(rel(usableKw({ voltageV: 415, phases: 3, breakerA: 63, continuousFactor: 1 }), 45.28)).toBeLessThan(0.001);
  });
  it('208 V 3φ 30 A at 80 % = 8.65 kW; 480 V 3φ 60 A at 80 % = 39.9 kW; 208 V 60 A = 17.3 kW', () => {
    expect(rel(usableKw({ voltageV: 208, phases: 3, breakerA: 30 }), 8.65)).toBeLessThan(0.001);
    expect(rel(usableKw({ voltageV: 480, phases: 3, breakerA: 60 }), 39.9)).toBeLessThan(0.001);
    expect(rel(usableKw({ voltageV: 208, phases: 3, breakerA: 60 }), 17.3)).toBeLessThan(0.001);
    expect(rel(usableKw({ voltageV: 415, phases: 3, breakerA: 60 }), 34.5)).toBeLessThan(0.001);
  });
  it('power factor and current round trip', () => {
    // 100 kW at 480 V, PF 0.9: I = 100 000 / (1.7320508 · 480 · 0.9) = 133.646 A
    expect(threePhaseCurrentA(100, 480, 0.9)).toBeCloseTo(133.646, 2);
    expect(threePhaseKw(480, threePhaseCurrentA(100, 480, 0.9), 0.9)).toBeCloseTo(100, 9);
    // single phase 230 V 32 A PF 1 → 7.36 kW; 16 A breaker at 80 %, 230 V → 2.944 kW
    expect(singlePhaseKw(230, 32)).toBeCloseTo(7.36, 9);
    expect(usableKw({ voltageV: 230, phases: 1, breakerA: 16 })).toBeCloseTo(2.944, 9);
    expect(singlePhaseCurrentA(2.4, 120, 0.8)).toBeCloseTo(25, 9);
    expect(() => threePhaseKw(480, 10, 1.2)).toThrow(RangeError);
  });
});

describe('NEMA unbalance', () => {
  it('100, 90, 80 A → mean 90, max deviation 10 → 11.1 %', () => {
    expect(nemaUnbalancePct([100, 90, 80])).toBeCloseTo(100 / 9, 9);
  });
  it('is max deviation over mean, not (max − min)/mean', () => {
    // 100, 100, 70: mean 90, max deviation 20 → 22.2 % ((max−min)/mean would be 33.3 %)
    expect(nemaUnbalancePct([100, 100, 70])).toBeCloseTo(200 / 9, 9);
    expect(nemaUnbalancePct([50, 50, 50])).toBe(0);
    expect(nemaUnbalancePct([0, 0, 0])).toBe(0);
  });
});

describe('conductors and voltage drop (NEC Ch. 9 Table 9)', () => {
  it('table spot values and ampacity (75 °C Cu)', () => {
    expect(COPPER_CONDUCTORS['4/0'].rPvcOhmPerKft).toBe(0.062);
    expect(COPPER_CONDUCTORS['4/0'].xPvcAlOhmPerKft).toBe(0.041);
    expect(COPPER_CONDUCTORS['500'].ampacity75CA).toBe(380);
    expect(COPPER_CONDUCTORS['4'].ampacity75CA).toBe(85);
    // R decreases and ampacity increases monotonically with size
    const sizes = CONDUCTOR_SIZES.map((k) => COPPER_CONDUCTORS[k]);
    expect(sizes.length).toBe(13);
    for (let i = 1; i < sizes.length; i++) {
      expect(sizes[i].rPvcOhmPerKft).toBeLessThan(sizes[i - 1].rPvcOhmPerKft);
      expect(sizes[i].ampacity75CA).toBeGreaterThan(sizes[i - 1].ampacity75CA);
    }
    const z = conductorImpedanceOhmPerM('4/0', 'steel');
    expect(z.rOhmPerM).toBeCloseTo(0.063 / 304.8, 12);
    expect(z.xOhmPerM).toBeCloseTo(0.051 / 304.8, 12);
  });
  it('100 m of 4/0 AWG Cu in PVC at 200 A, 480 V, PF 0.9: 8.373 V = 1.744 %', () => {
    // hand: R = 0.062/304.8 = 2.03412e-4 Ω/m, X = 0.041/304.8 = 1.34514e-4 Ω/m, sin φ = 0.435890
    // Z_eff·L = 100 · (2.03412e-4·0.9 + 1.34514e-4·0.435890) = 0.0241704 Ω
    // VD = √3 · 200 · 0.0241704 = 8.3729 V → 8.3729 / 480 = 1.7444 %
    const vd = voltageDrop({ currentA: 200, lengthM: 100, size: '4/0', conduit: 'pvc', pf: 0.9, phases: 3, voltageV: 480 });
    expect(rel(vd.dropV, 8.3729)).toBeLessThan(1e-4);
    expect(rel(vd.dropPct, 1.7444)).toBeLessThan(1e-4);
    // two parallel sets halve it; a single-phase run uses 2·I·L instead of √3·I·L
    expect(voltageDrop({ currentA: 200, lengthM: 100, size: '4/0', pf: 0.9, parallelSets: 2, voltageV: 480 }).dropV).toBeCloseTo(8.3729 / 2, 3);
    expect(voltageDrop({ currentA: 200, lengthM: 100, size: '4/0', pf: 0.9, phases: 1, voltageV: 480 }).dropV).toBeCloseTo((8.3729 * 2) / Math.sqrt(3), 3);
  });
  it('feeder I²R loss: 3 · 200² · 0.0203412 Ω = 2.441 kW', () => {
    expect(feederLossKw([200, 200, 200], 100, '4/0')).toBeCloseTo((3 * 200 * 200 * (0.062 / 304.8) * 100) / 1000, 9);
    expect(rel(feederLossKw([200, 200, 200], 100, '4/0'), 2.44094)).toBeLessThan(1e-5);
  });
});

describe('transformer and UPS losses', () => {
  it('transformer: 2500 kVA, 5 kW no-load, 20 kW load loss, at 2000 kVA → 5 + 20·0.8² = 17.8 kW', () => {
    expect(transformerLossKw(2000, 2500, 5, 20)).toBeCloseTo(17.8, 12);
    expect(transformerLossKw(0, 2500, 5, 20)).toBe(5);
  });
  it('UPS three-term model reproduces its fitted efficiency curve', () => {
    // loss/rated = 0.013 + 0.013x + 0.015x²; η = x / (x + loss)
    expect(upsEfficiency(1000, 1000)).toBeCloseTo(1 / 1.041, 9); // 96.06 %
    expect(upsEfficiency(500, 1000)).toBeCloseTo(0.5 / (0.5 + 0.013 + 0.0065 + 0.00375), 9); // 95.56 %
    expect(upsEfficiency(250, 1000)).toBeCloseTo(0.25 / (0.25 + 0.013 + 0.00325 + 0.0009375), 9); // 93.57 %
    expect(upsLossKw(0, 1000)).toBeCloseTo(13, 9);
    expect(upsEfficiency(0, 1000)).toBe(0);
  });
});
