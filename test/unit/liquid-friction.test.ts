import { describe, expect, it } from 'vitest';
import { fluidProps, requiredFlowLpm } from '../../workers/liquid/fluids';
import {
  darcyFriction,
  fittingsK,
  frictionColebrook,
  frictionSwameeJain,
  headLossM,
  pipeDp,
  reynolds,
} from '../../workers/liquid/friction';

const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

describe('fluid properties', () => {
  it('reproduces the table rows exactly and interpolates midpoints within 0.2 % of IAPWS / ASHRAE values', () => {
    const w25 = fluidProps('water', 25);
    expect(w25.densityKgM3).toBe(997.05);
    expect(w25.cpJkgK).toBe(4181.3);
    expect(w25.viscosityPaS).toBeCloseTo(0.89e-3, 12);
    // independent reference values at mid-rows (IAPWS-95 / IAPWS 2008 at 101.325 kPa; ASHRAE PG 25 % vol)
    const checks: [Parameters<typeof fluidProps>[0], number, number, number, number][] = [
      ['water', 22.5, 997.659, 4182.50, 0.94315e-3],
      ['water', 37.5, 993.149, 4179.26, 0.68462e-3],
      ['pg25', 12.5, 1026.873, 3894.36, 3.22880e-3],
      ['pg25', 37.5, 1015.760, 3956.06, 1.45887e-3],
    ];
    for (const [fl, t, rho, cp, mu] of checks) {
      const p = fluidProps(fl, t);
      expect(rel(p.densityKgM3, rho)).toBeLessThan(5e-5);
      expect(rel(p.cpJkgK, cp)).toBeLessThan(2e-4);
      expect(rel(p.viscosityPaS, mu)).toBeLessThan(2e-3);
      expect(p.inRange).toBe(true);
    }
    expect(fluidProps('water', 120).inRange).toBe(false);
  });

  it('required flow matches the domain rule of thumb 14.35 L/min per kW/K for water', () => {
    // Q = P/(ρ cp ΔT) = 100 kW / (992.22 · 4179.4 · 10) m³/s at 40 °C
    const q = requiredFlowLpm(100, 10, 'water', 40);
    const hand = (100e3 / (992.22 * 4179.4 * 10)) * 60000; // 144.69 L/min
    expect(rel(q, hand)).toBeLessThan(1e-12);
    expect(rel(q, 14.35 * 100 / 10)).toBeLessThan(0.01);
    // PG25 at 30 °C needs (992.22·4179.4)/(1019.43·3937.6) = 1.03308 × the water flow at 40 °C
    expect(rel(requiredFlowLpm(100, 10, 'pg25', 30) / q, (992.22 * 4179.4) / (1019.43 * 3937.6))).toBeLessThan(1e-12);
  });
});

describe('friction and head loss in one pipe', () => {
  /*
   * Hand calculation: water at 25 °C (ρ = 997.05 kg/m³, μ = 0.890 mPa·s), 2" schedule-40 steel pipe
   * D = 52.5 mm, ε = 0.045 mm (commercial steel), L = 30 m, Q = 200 L/min.
   *   A   = π·0.0525²/4                     = 2.16475e-3 m²
   *   Q   = 200/60000                        = 3.33333e-3 m³/s
   *   v   = Q/A                              = 1.53982 m/s
   *   Re  = ρ·v·D/μ = 997.05·1.53982·0.0525/0.89e-3 = 90 564
   *   ε/D = 0.045/52.5                       = 8.5714e-4
   *   Swamee–Jain: u = 8.5714e-4/3.7 + 5.74/90564^0.9 = 4.30110e-4; log10 u = −3.366420
   *                f = 0.25/3.366420²        = 0.0220599
   *   Colebrook (iterated):                  f = 0.0219103   (SJ is 0.68 % high)
   *   Δp = f·(L/D)·ρ·v²/2 = 0.0220599·(30/0.0525)·997.05·1.53982²/2 = 14 900.2 Pa
   *   h_f = Δp/(ρ g)                          = 1.52390 m
   */
  const rho = 997.05;
  const mu = 0.89e-3;
  const D = 0.0525;
  const q = 200 / 60000;

  it('velocity, Reynolds number, friction factors and pressure drop match the hand calculation to 0.1 %', () => {
    const w = fluidProps('water', 25);
    expect(w.densityKgM3).toBe(rho);
    const r = pipeDp(
      { lengthM: 30, diameterM: D, roughnessM: 0.045e-3, minorK: 0, densityKgM3: w.densityKgM3, kinematicM2s: w.kinematicM2s },
      q,
    );
    expect(rel(r.vMps, 1.53982)).toBeLessThan(1e-3);
    expect(rel(r.re, 90564)).toBeLessThan(1e-3);
    expect(rel(reynolds(r.vMps, D, mu / rho), 90564)).toBeLessThan(1e-3);
    const fsj = frictionSwameeJain(90564, 0.045 / 52.5);
    const fcb = frictionColebrook(90564, 0.045 / 52.5);
    expect(rel(fsj, 0.0220599)).toBeLessThan(1e-3);
    expect(rel(fcb, 0.0219103)).toBeLessThan(1e-3);
    expect(rel(fsj, fcb)).toBeLessThan(0.01);
    expect(r.regime).toBe('turbulent');
    expect(rel(r.f, 0.0220599)).toBeLessThan(1e-3);
    expect(rel(r.dpPa, 14900.2)).toBeLessThan(1e-3);
    expect(rel(headLossM(r.f, 30, D, r.vMps), 1.5239)).toBeLessThan(1e-3);
    // Colebrook must satisfy its own implicit equation
    expect(Math.abs(1 / Math.sqrt(fcb) + 2 * Math.log10(0.045 / 52.5 / 3.7 + 2.51 / (90564 * Math.sqrt(fcb))))).toBeLessThan(1e-10);
  });

  it('minor losses add K·ρv²/2 and the pressure drop is odd in Q', () => {
    const w = fluidProps('water', 25);
    const base = { lengthM: 30, diameterM: D, roughnessM: 0.045e-3, densityKgM3: w.densityKgM3, kinematicM2s: w.kinematicM2s };
    const k = fittingsK([
      { kind: 'elbow-90-threaded', count: 4 },
      { kind: 'valve-ball-open', count: 2 },
    ]);
    expect(k).toBeCloseTo(6.1, 12);
    const a = pipeDp({ ...base, minorK: 0 }, q);
    const b = pipeDp({ ...base, minorK: k }, q);
    expect(b.dpPa - a.dpPa).toBeCloseTo((6.1 * rho * a.vMps * a.vMps) / 2, 6);
    expect(pipeDp({ ...base, minorK: k }, -q).dpPa).toBeCloseTo(-b.dpPa, 9);
  });

  it('analytic derivative dΔp/dQ matches a central difference in every regime', () => {
    for (const method of ['swamee-jain', 'colebrook'] as const) {
      for (const qq of [1e-6, 2e-5, 4e-5, 1e-4, q]) {
        const p = { lengthM: 12, diameterM: 0.02, roughnessM: 1.5e-6, minorK: 3, densityKgM3: 997, kinematicM2s: 0.9e-6, method };
        const h = qq * 1e-6;
        const num = (pipeDp(p, qq + h).dpPa - pipeDp(p, qq - h).dpPa) / (2 * h);
        expect(rel(pipeDp(p, qq).dDpdQ, num)).toBeLessThan(1e-5);
      }
    }
  });

  it('laminar is 64/Re, the transition bridge is C¹ at 2000 and 4000 and keeps Δp monotonic', () => {
    expect(darcyFriction(1000, 1e-3).f).toBeCloseTo(0.064, 15);
    const eps = 1e-9;
    expect(Math.abs(darcyFriction(2000 + eps, 1e-3).f - darcyFriction(2000 - eps, 1e-3).f)).toBeLessThan(1e-9);
    expect(Math.abs(darcyFriction(4000 + 1e-6, 1e-3).f - darcyFriction(4000 - 1e-6, 1e-3).f)).toBeLessThan(1e-9);
    expect(darcyFriction(3000, 1e-3).regime).toBe('transition');
    // C¹: the slope is continuous at both ends of the band too
    for (const r0 of [2000, 4000]) {
      const lo = darcyFriction(r0 - 1e-6, 1e-3).dfdRe;
      const hi = darcyFriction(r0 + 1e-6, 1e-3).dfdRe;
      expect(Math.abs(lo - hi) / Math.abs(lo)).toBeLessThan(1e-6);
    }
    // the pressure drop (∝ f·Re²) stays strictly increasing through the band, for smooth to rough pipes
    for (const rr of [0, 1e-5, 1e-3, 1e-2]) {
      let prev = 0;
      for (let re = 1500; re <= 4500; re += 10) {
        const g = darcyFriction(re, rr).f * re * re;
        expect(g).toBeGreaterThan(prev);
        prev = g;
      }
    }
  });
});
