/**
 * Buoyancy validation: natural convection in a differentially heated square cavity against the
 * benchmark of de Vahl Davis (1983), Int. J. Numer. Methods Fluids 3:249–264 (Pr = 0.71):
 *   Ra = 10⁴: u_max = 16.178 (z = 0.823), w_max = 19.617 (x = 0.119), Nu = 2.243
 *   Ra = 10⁵: u_max = 34.73 (z = 0.855),  w_max = 68.59 (x = 0.066),  Nu = 4.519
 * (velocities in units of α/L). Run as an x–z slice of the 3D code: ny = 1 with slip y-sides,
 * isothermal xmin (hot) / xmax (cold) walls, adiabatic floor and ceiling, g·β·ΔT = 1, L = 1.
 */
import { describe, expect, it } from 'vitest';
import { Grid } from '../../workers/airflow/grid';
import { AirflowSolver } from '../../workers/airflow/solver';

function cavity(N: number, Ra: number, dt: number) {
  const Pr = 0.71;
  const alpha = Math.sqrt(1 / (Ra * Pr));
  const grid = new Grid({ nx: N, ny: 1, nz: N, h_m: 1 / N });
  const solver = new AirflowSolver(
    {
      grid,
      sides: {
        xmin: { kind: 'wall', temperature_C: 0.5 },
        xmax: { kind: 'wall', temperature_C: -0.5 },
        ymin: { kind: 'slip' },
        ymax: { kind: 'slip' },
        zmin: { kind: 'wall' },
        zmax: { kind: 'wall' },
      },
      fluid: { nu_m2_s: Pr * alpha, Pr, g_m_s2: 1, beta_1_K: 1, Tref_C: 0 },
      turbulence: { kind: 'laminar' },
    },
    { dt_s: dt, momentumScheme: 'quick', temperatureScheme: 'quick', poissonRtol: 1e-6 },
  );
  const res = solver.steady({ maxSteps: 3000, tolVelocity: 1e-6, tolTemperature: 1e-6, allowAveraging: false });
  const { T, u, w } = res.state;
  // Nusselt number on the hot wall (conduction over half a cell) and through the mid-plane
  // (convection + conduction): equal at steady state by energy conservation
  let nuHot = 0;
  for (let k = 0; k < N; k++) nuHot += 2 * (0.5 - T[grid.cell(0, 0, k)]);
  let nuMid = 0;
  const im = N / 2;
  for (let k = 0; k < N; k++) {
    const T0 = T[grid.cell(im - 1, 0, k)];
    const T1 = T[grid.cell(im, 0, k)];
    nuMid += ((u[grid.uFace(im, 0, k)] * 0.5 * (T0 + T1)) / alpha - (T1 - T0) * N) / N;
  }
  let uMax = 0;
  let zU = 0;
  for (let k = 0; k < N; k++) {
    const v = u[grid.uFace(im, 0, k)] / alpha;
    if (v > uMax) [uMax, zU] = [v, (k + 0.5) / N];
  }
  let wMax = 0;
  let xW = 0;
  for (let i = 0; i < N; i++) {
    const v = w[grid.wFace(i, 0, N / 2)] / alpha;
    if (v > wMax) [wMax, xW] = [v, (i + 0.5) / N];
  }
  console.log(
    `de Vahl Davis Ra=${Ra} ${N}²: ${res.steps} steps, ${res.elapsedMs.toFixed(0)} ms; Nu_hot ${nuHot.toFixed(4)}, Nu_mid ${nuMid.toFixed(4)}, u_max ${uMax.toFixed(3)} at z=${zU.toFixed(3)}, w_max ${wMax.toFixed(3)} at x=${xW.toFixed(3)}, wall imbalance ${res.energy.relative.toExponential(2)}`,
  );
  return { res, nuHot, nuMid, uMax, zU, wMax, xW, N };
}

describe('airflow: natural convection in a differentially heated cavity (de Vahl Davis 1983)', () => {
  it('Ra = 1e4, 32×32: Nu within 2 %, peak velocities within 1 %', () => {
    const r = cavity(32, 1e4, 0.5);
    expect(r.res.converged).toBe(true);
    expect(Math.abs(r.nuMid / 2.243 - 1)).toBeLessThan(0.02);
    expect(Math.abs(r.nuHot / 2.243 - 1)).toBeLessThan(0.02);
    expect(Math.abs(r.uMax / 16.178 - 1)).toBeLessThan(0.01);
    expect(Math.abs(r.wMax / 19.617 - 1)).toBeLessThan(0.01);
    expect(Math.abs(r.zU - 0.823)).toBeLessThan(1 / r.N);
    expect(Math.abs(r.xW - 0.119)).toBeLessThan(1 / r.N);
    // heat in through the hot wall = heat out through the cold wall
    expect(Math.abs(r.res.energy.relative)).toBeLessThan(1e-3);
    expect(Math.abs(r.nuHot - r.nuMid) / r.nuHot).toBeLessThan(2e-3);
  });

  it('Ra = 1e5, 48×48: Nu within 2 %, peak velocities within 1 %', () => {
    const r = cavity(48, 1e5, 0.2);
    expect(r.res.converged).toBe(true);
    expect(Math.abs(r.nuMid / 4.519 - 1)).toBeLessThan(0.02);
    expect(Math.abs(r.uMax / 34.73 - 1)).toBeLessThan(0.01);
    expect(Math.abs(r.wMax / 68.59 - 1)).toBeLessThan(0.01);
    expect(Math.abs(r.zU - 0.855)).toBeLessThan(1 / r.N);
    expect(Math.abs(r.xW - 0.066)).toBeLessThan(1 / r.N);
    expect(Math.abs(r.res.energy.relative)).toBeLessThan(1e-3);
  });
});
