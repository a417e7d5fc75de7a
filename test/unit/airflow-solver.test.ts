/**
 * Numerics and API of the airflow core: multigrid-preconditioned CG, plane Poiseuille flow through
 * fixed-velocity and fixed-pressure openings, warm start, cancellation, set-up validation.
 */
import { describe, expect, it } from 'vitest';
import { PoissonMG } from '../../workers/airflow/poisson';
import { Grid, facesOnSide } from '../../workers/airflow/grid';
import { AirflowSolver, type SteadyResult, type StepReport } from '../../workers/airflow/solver';
import { closedBox, type Domain } from '../../workers/airflow/domain';
import { resampleState, sampleTemperature, sampleVelocity } from '../../workers/airflow/builder';
import { builtRackAndCrahRoom, rackAndCrahRoom } from './airflow-rooms';
import { ENGINE_CFL, ENGINE_POISSON_RTOL } from '../../workers/airflow/engine';

/** 7-point operator on an n³ box, Dirichlet (half-cell) on the xmin face, optional obstacle */
function box(n: number, dirichlet: boolean) {
  const N = n * n * n;
  const cx = new Float64Array(N);
  const cy = new Float64Array(N);
  const cz = new Float64Array(N);
  const dd = new Float64Array(N);
  const act = new Uint8Array(N).fill(1);
  const id = (i: number, j: number, k: number) => i + n * (j + n * k);
  // a solid slab with a gap, so the coefficients are not uniform
  for (let k = 0; k < n; k++)
    for (let j = 0; j < (3 * n) / 4; j++) act[id(n >> 1, j, k)] = 0;
  for (let k = 0; k < n; k++)
    for (let j = 0; j < n; j++)
      for (let i = 0; i < n; i++) {
        const c = id(i, j, k);
        if (!act[c]) continue;
        if (i + 1 < n && act[c + 1]) cx[c] = 1;
        if (j + 1 < n && act[c + n]) cy[c] = 1;
        if (k + 1 < n && act[c + n * n]) cz[c] = 1;
        if (dirichlet && i === 0) dd[c] = 2;
      }
  return { N, cx, cy, cz, dd, act };
}

function applyA(n: number, s: ReturnType<typeof box>, x: Float64Array): Float64Array {
  const y = new Float64Array(s.N);
  for (let c = 0; c < s.N; c++) {
    if (!s.act[c]) continue;
    y[c] += s.dd[c] * x[c];
    const pairs: [Float64Array, number][] = [
      [s.cx, 1],
      [s.cy, n],
      [s.cz, n * n],
    ];
    for (const [cf, st] of pairs) {
      const a = cf[c];
      if (a) {
        y[c] += a * (x[c] - x[c + st]);
        y[c + st] += a * (x[c + st] - x[c]);
      }
    }
  }
  return y;
}

describe('airflow: pressure solver (MG-preconditioned CG)', () => {
  it('converges to 1e-8 in a grid-independent number of iterations, Dirichlet and pure Neumann', () => {
    const its: number[] = [];
    for (const n of [16, 32, 48]) {
      for (const dir of [true, false]) {
        const s = box(n, dir);
        const xTrue = new Float64Array(s.N);
        for (let c = 0; c < s.N; c++) if (s.act[c]) xTrue[c] = Math.sin(0.37 * c) + 0.1 * ((c * 7919) % 13);
        const b = applyA(n, s, xTrue);
        const mg = new PoissonMG(n, n, n, s.cx, s.cy, s.cz, s.dd, s.act);
        expect(mg.singular).toBe(!dir);
        const x = new Float64Array(s.N);
        const st = mg.solve(x, b, 1e-8, 100);
        expect(st.relResidual).toBeLessThan(1e-8);
        // compare with the exact solution (up to a constant in the singular case)
        let mx = 0;
        let mt = 0;
        let cnt = 0;
        for (let c = 0; c < s.N; c++)
          if (s.act[c]) {
            mx += x[c];
            mt += xTrue[c];
            cnt++;
          }
        const shift = dir ? 0 : (mt - mx) / cnt;
        let err = 0;
        for (let c = 0; c < s.N; c++) if (s.act[c]) err = Math.max(err, Math.abs(x[c] + shift - xTrue[c]));
        expect(err).toBeLessThan(1e-5);
        its.push(st.iterations);
      }
    }
    console.log(`PCG iterations to 1e-8 for 16³, 32³, 48³ (Dirichlet, Neumann): ${its.join(', ')}`);
    for (const it of its) expect(it).toBeLessThanOrEqual(20);
  });
});

describe('airflow: plane Poiseuille flow through openings', () => {
  it('fully developed profile u = 6·U·y(1−y)/H² and dp/dx = −12·μ·U/H²', () => {
    const ny = 16;
    const H = 1;
    const h = H / ny;
    const nx = 96; // 6 m long
    const grid = new Grid({ nx, ny, nz: 1, h_m: h });
    const nu = 0.1;
    const U = 1;
    const inlet = facesOnSide(grid, { i0: 0, i1: 1, j0: 0, j1: ny, k0: 0, k1: 1 }, 'xmin', { domainBoundary: true });
    const outlet = facesOnSide(grid, { i0: nx - 1, i1: nx, j0: 0, j1: ny, k0: 0, k1: 1 }, 'xmax', { domainBoundary: true });
    const domain: Domain = {
      grid,
      sides: { ...closedBox(), zmin: { kind: 'slip' }, zmax: { kind: 'slip' } },
      fluid: { nu_m2_s: nu, g_m_s2: 0, rho_kg_m3: 1 },
      turbulence: { kind: 'laminar' },
      openings: [
        { kind: 'velocity', id: 'in', faces: inlet, flow_m3_s: U * H * h, temperature_C: 20 },
        { kind: 'pressure', id: 'out', faces: outlet, pressure_Pa: 0, temperature_C: 20 },
      ],
    };
    const res = new AirflowSolver(domain, { dt_s: 0.5, momentumScheme: 'quick', poissonRtol: 1e-6 }).steady({
      maxSteps: 1500,
      tolVelocity: 1e-6,
      allowAveraging: false,
    });
    expect(res.converged).toBe(true);
    const i = 64; // x = 4 m: ≥ 8 channel heights from the inlet
    let maxErr = 0;
    for (let j = 0; j < ny; j++) {
      const y = (j + 0.5) * h;
      const exact = (6 * U * y * (H - y)) / (H * H);
      maxErr = Math.max(maxErr, Math.abs(res.state.u[grid.uFace(i, j, 0)] - exact));
    }
    // pressure gradient between x = 3 m and x = 5 m on the centreline (kinematic = Pa for ρ = 1)
    const jc = ny / 2;
    const dpdx = (res.state.p[grid.cell(80, jc, 0)] - res.state.p[grid.cell(48, jc, 0)]) / (32 * h);
    console.log(`Poiseuille: max |u − u_exact| = ${maxErr.toFixed(5)} m/s, dp/dx = ${dpdx.toFixed(4)} (exact ${(-12 * nu * U) / (H * H)})`);
    expect(maxErr).toBeLessThan(0.01 * 1.5 * U);
    // second-order wall treatment: the discrete solution is u = A·(y(H−y) + h²/4), so the discrete
    // gradient is the exact one divided by (1 + 1.5·h²/H²) = 1.0059 for 16 cells
    expect(Math.abs(dpdx / ((-12 * nu * U) / (H * H)) - 1)).toBeLessThan(0.012);
    // outlet carries the inlet flow
    const out = res.openings.find((o) => o.id === 'out')!;
    expect(out.outflow_m3_s).toBeCloseTo(U * H * h, 8);
  });
});

describe('airflow: body-force (momentum source) channel between two pressure openings', () => {
  it('reproduces the discrete Poiseuille solution u = a/(2ν)·(y(H−y) + h²/4) to 1e-5', () => {
    const ny = 16;
    const nx = 12;
    const h = 1 / ny;
    const grid = new Grid({ nx, ny, nz: 1, h_m: h });
    const nu = 0.1;
    const a = 1.2;
    const all = grid.cellsOf({ i0: 0, i1: nx, j0: 0, j1: ny, k0: 0, k1: 1 });
    const domain: Domain = {
      grid,
      sides: { ...closedBox(), zmin: { kind: 'slip' }, zmax: { kind: 'slip' } },
      fluid: { nu_m2_s: nu, g_m_s2: 0 },
      turbulence: { kind: 'laminar' },
      momentumSources: [{ id: 'fan', cells: all, accel_m_s2: [a, 0, 0] }],
      openings: [
        { kind: 'pressure', id: 'w', faces: facesOnSide(grid, { i0: 0, i1: 1, j0: 0, j1: ny, k0: 0, k1: 1 }, 'xmin', { domainBoundary: true }), temperature_C: 20 },
        { kind: 'pressure', id: 'e', faces: facesOnSide(grid, { i0: nx - 1, i1: nx, j0: 0, j1: ny, k0: 0, k1: 1 }, 'xmax', { domainBoundary: true }), temperature_C: 20 },
      ],
    };
    const res = new AirflowSolver(domain, { dt_s: 1, momentumScheme: 'quick', poissonRtol: 1e-8 }).steady({ maxSteps: 2000, tolVelocity: 1e-8, allowAveraging: false });
    expect(res.converged).toBe(true);
    let err = 0;
    for (let i = 0; i <= nx; i++)
      for (let j = 0; j < ny; j++) {
        const y = (j + 0.5) * h;
        const exact = (a / (2 * nu)) * (y * (1 - y) + (h * h) / 4);
        err = Math.max(err, Math.abs(res.state.u[grid.uFace(i, j, 0)] - exact));
      }
    let vmax = 0;
    for (const v of res.state.v) vmax = Math.max(vmax, Math.abs(v));
    console.log(`body-force channel: ${res.steps} steps, max |u − u_discrete| = ${err.toExponential(2)}, max |v| = ${vmax.toExponential(2)}`);
    expect(err).toBeLessThan(1e-5);
    expect(vmax).toBeLessThan(1e-6);
    // the flow through both openings balances; the discrete flow rate is the midpoint sum of the
    // profile above: a·H³/(12ν)·(1 + 2h²/H²) (midpoint rule adds h²/12, the wall shift h²/4)
    const w = res.openings.find((o) => o.id === 'w')!;
    const e = res.openings.find((o) => o.id === 'e')!;
    expect(e.outflow_m3_s).toBeCloseTo(-w.outflow_m3_s, 10);
    expect(e.outflow_m3_s / h).toBeCloseTo((a / (12 * nu)) * (1 + 2 * h * h), 4);
  });
});

/** the rack-and-CRAH room at 0.5 m */
const smallRoom = () => rackAndCrahRoom(0.5, 0.02);

describe('airflow: solver API', () => {
  it('warm start from a converged state converges in the minimum number of steps', () => {
    const cold = new AirflowSolver(smallRoom(), { dtTemperatureFactor: 10 }).steady({ maxSteps: 800, tolEnergy: 0.002 });
    expect(cold.converged).toBe(true);
    expect(cold.averagedSteps).toBe(0);
    const warm = new AirflowSolver(smallRoom(), { dtTemperatureFactor: 10, initial: cold.state }).steady({ maxSteps: 800, tolEnergy: 0.002, minSteps: 3 });
    console.log(`warm start: cold ${cold.steps} steps, warm ${warm.steps} steps`);
    expect(warm.converged).toBe(true);
    expect(warm.steps).toBeLessThanOrEqual(5);
    expect(warm.devices[1].inlet_C).toBeCloseTo(cold.devices[1].inlet_C, 2);
  });

  it('progress callback sees every step and cancels when it returns false', () => {
    const seen: number[] = [];
    const res = new AirflowSolver(smallRoom()).steady({
      maxSteps: 100,
      onProgress: (p) => {
        seen.push(p.step);
        expect(Number.isFinite(p.resVelocity)).toBe(true);
        return p.step < 3;
      },
    });
    expect(res.cancelled).toBe(true);
    expect(res.converged).toBe(false);
    expect(res.steps).toBe(3);
    expect(seen).toEqual([1, 2, 3]);
    expect(res.history.length).toBe(3);
  });

  it('rejects inconsistent set-ups', () => {
    const d = smallRoom();
    // the same faces used by two devices
    d.devices!.push({ ...d.devices![0], id: 'dup' });
    expect(() => new AirflowSolver(d)).toThrow(/claimed twice/);
    // a closed room with a net fixed inflow has no solution
    const e = smallRoom();
    const g = e.grid;
    e.openings = [
      { kind: 'velocity', id: 'in', faces: facesOnSide(g, { i0: 0, i1: 1, j0: 0, j1: 2, k0: 0, k1: 2 }, 'xmin', { domainBoundary: true }), flow_m3_s: 0.2, temperature_C: 20 },
    ];
    expect(() => new AirflowSolver(e)).toThrow(/pressure opening/);
  });
});

describe('airflow: metric domain builder', () => {
  it('builds the same domain as the face-level API and samples fields at points', () => {
    const built = builtRackAndCrahRoom(0.5, 0.02);
    const manual = smallRoom();
    expect(Array.from(built.grid.solid)).toEqual(Array.from(manual.grid.solid));
    for (let d = 0; d < 2; d++) {
      expect(built.devices![d].inlet).toEqual(manual.devices![d].inlet);
      expect(built.devices![d].outlet).toEqual(manual.devices![d].outlet);
    }
    const s = new AirflowSolver(built);
    for (let n = 0; n < 5; n++) s.step();
    const g = built.grid;
    const c = g.cellCentre(4, 6, 3);
    expect(sampleTemperature(g, s.state, c)).toBeCloseTo(s.state.T[g.cell(4, 6, 3)], 12);
    const v = sampleVelocity(g, s.state, c);
    expect(v[0]).toBeCloseTo(0.5 * (s.state.u[g.uFace(4, 6, 3)] + s.state.u[g.uFace(5, 6, 3)]), 12);
    // halfway between two fluid cell centres: mean of the two
    const mid: [number, number, number] = [c[0] + 0.25, c[1], c[2]];
    expect(sampleTemperature(g, s.state, mid)).toBeCloseTo(0.5 * (s.state.T[g.cell(4, 6, 3)] + s.state.T[g.cell(5, 6, 3)]), 12);
  });
});

describe('airflow: two-level warm start and engineering stop', () => {
  const roomAt = (h: number) => builtRackAndCrahRoom(h, 0.01);
  it('a coarse solution resampled onto the fine grid shortens the fine solve; drift stop agrees with the strict answer', () => {
    const coarseDom = roomAt(0.5);
    const coarse = new AirflowSolver(coarseDom, { cfl: 5, dtTemperatureFactor: 10 }).steady({ maxSteps: 600 });
    const fineCold = new AirflowSolver(roomAt(0.25), { cfl: 5, dtTemperatureFactor: 10 }).steady({ maxSteps: 600, tolEnergy: 0.002 });
    const fineDom = roomAt(0.25);
    const init = resampleState(coarseDom.grid, coarse.state, fineDom.grid);
    const fineWarm = new AirflowSolver(fineDom, { cfl: 5, dtTemperatureFactor: 10, initial: init }).steady({ maxSteps: 600, tolEnergy: 0.002 });
    console.log(`two-level: coarse ${coarse.steps} steps, fine cold ${fineCold.steps}, fine warm ${fineWarm.steps}`);
    expect(fineCold.convergedBy).toBe('residuals');
    expect(fineWarm.convergedBy).toBe('residuals');
    expect(fineWarm.steps).toBeLessThan(fineCold.steps);
    expect(fineWarm.devices[0].inlet_C).toBeCloseTo(fineCold.devices[0].inlet_C, 1);
    const drift = new AirflowSolver(roomAt(0.25), { cfl: 5, dtTemperatureFactor: 10 }).steady({ maxSteps: 600, tolEnergy: 0.005, tolDeviceDrift_K: 0.05, tolVelocity: 1e-9 });
    console.log(`drift stop after ${drift.steps} steps (${drift.convergedBy})`);
    expect(drift.convergedBy).toBe('deviceDrift');
    for (let d = 0; d < 2; d++) expect(Math.abs(drift.devices[d].inlet_C - fineCold.devices[d].inlet_C)).toBeLessThan(0.1);
  });
});

describe('airflow: pressure tolerance per pseudo-time step', () => {
  it("the engine's loose tolerance (incremental projection) reaches the strict answer with fewer iterations", () => {
    const run = (rtol: number) => {
      const r = new AirflowSolver(rackAndCrahRoom(0.25, 0.01), { cfl: ENGINE_CFL, dtTemperatureFactor: 10, poissonRtol: rtol }).steady({ maxSteps: 800, tolEnergy: 0.002 });
      const its = r.history.reduce((a, h) => a + h.poissonIterations, 0) / r.history.length;
      return { r, its };
    };
    const strict = run(1e-6);
    const loose = run(ENGINE_POISSON_RTOL);
    console.log(`pressure rtol 1e-6: ${strict.r.steps} steps, ${strict.its.toFixed(1)} its/step; ${ENGINE_POISSON_RTOL}: ${loose.r.steps} steps, ${loose.its.toFixed(1)} its/step; inlets ${strict.r.devices.map((d, i) => `${d.inlet_C.toFixed(4)}/${loose.r.devices[i].inlet_C.toFixed(4)}`).join(", ")} °C`);
    expect(strict.r.convergedBy).toBe('residuals');
    expect(loose.r.convergedBy).toBe('residuals');
    expect(loose.its).toBeLessThan(0.6 * strict.its);
    for (let d = 0; d < 2; d++) expect(Math.abs(loose.r.devices[d].inlet_C - strict.r.devices[d].inlet_C)).toBeLessThan(0.02);
    expect(Math.abs(loose.r.energy.relative)).toBeLessThan(0.002);
  });
});

describe('airflow: statistically steady stop on a limit cycle', () => {
  /**
   * A converged room whose temperature field is then made to oscillate by ±1 K with a period of 77
   * steps (2.6 averaging windows) — the shape of the hall-scale limit cycles seen at 0.5 m (docs §5).
   * Residuals stay flat (stagnated), so only the window means can stop the run.
   */
  class Oscillating extends AirflowSolver {
    n = 0;
    base: Float64Array | null = null;
    step(): StepReport {
      if (!this.base) this.base = this.state.T.slice();
      this.n++;
      const d = Math.sin((2 * Math.PI * this.n) / 77);
      const T = this.state.T;
      for (let c = 0; c < T.length; c++) T[c] = this.base[c] + d;
      (this as unknown as { updateDevices(): void }).updateDevices();
      return { step: 0, time_s: this.n, resVelocity: 0.01, resTemperature: 0.01, energyImbalance: this.energyBalance().relative, poissonIterations: 0, elapsedMs: 0, phaseMs: { momentum: 0, pressure: 0, energy: 0 } };
    }
  }
  it('long windows grow until they span the oscillation: stops with the time-mean inlets; within 4 doublings of the window', () => {
    const steadyRun = new AirflowSolver(rackAndCrahRoom(0.5, 0.01), { cfl: 5, dtTemperatureFactor: 10 }).steady({ maxSteps: 600 });
    expect(steadyRun.converged).toBe(true);
    const run = (doublings: number) =>
      new Oscillating(rackAndCrahRoom(0.5, 0.01), { initial: steadyRun.state }).steady({ maxSteps: 1200, averagingWindow: 30, tolDeviceTemperature_K: 0.3, tolMeanVelocity: 0.03, maxWindowDoublings: doublings });
    const grown = run(2);
    // for comparison only: windows that do not grow stop when two of them happen to straddle the cycle alike
    const fixed = run(0);
    const off = (r: SteadyResult) => Math.max(...r.devices.map((d, i) => Math.abs(d.inlet_C - steadyRun.devices[i].inlet_C)));
    console.log(`limit cycle: growing long windows stop after ${grown.steps} steps (${grown.averagedSteps} averaged, ${off(grown).toFixed(3)} K off the mean); without growth ${fixed.converged ? `stop after ${fixed.steps} steps, ${off(fixed).toFixed(3)} K off` : `do not stop in ${fixed.steps} steps`}`);
    expect(grown.convergedBy).toBe('averaging');
    expect(grown.averagedSteps).toBeGreaterThanOrEqual(120);
    // after the solver's 10 minimum steps, long windows of 60 (2 windows), 60 (differ: merged to 120),
    // 120 (merged to 240 if they still differ), 240
    expect(grown.steps).toBeLessThanOrEqual(9 + 60 + 60 + 120 + 240);
    expect(off(grown)).toBeLessThan(0.12);
    expect(Math.abs(grown.energy.relative)).toBeLessThan(0.01);
  });
});

describe('airflow: energy-tail sweeps', () => {
  it('once the device inlets hold the drift band, extra energy sweeps close the heat balance in fewer steps at the same answer', () => {
    const run = (energyTailSweeps?: number) => {
      const s = new AirflowSolver(rackAndCrahRoom(0.25, 0.01), { cfl: 5, dtTemperatureFactor: 50 });
      // a tight balance so that it, not the drift band, sets the stop; no residual or averaging stop
      const r = s.steady({ maxSteps: 800, tolDeviceDrift_K: 0.05, tolEnergy: 1e-4, tolVelocity: 1e-9, allowAveraging: false, energyTailSweeps });
      return { r, sweepsAfter: (s as unknown as { opts: { temperatureSweeps: number } }).opts.temperatureSweeps };
    };
    const plain = run();
    const tail = run(6);
    console.log(`energy tail: ${plain.r.steps} steps with 3 sweeps throughout, ${tail.r.steps} with 6 once the inlets settled`);
    expect(plain.r.convergedBy).toBe('deviceDrift');
    expect(tail.r.convergedBy).toBe('deviceDrift');
    expect(tail.r.steps).toBeLessThan(0.9 * plain.r.steps);
    for (let d = 0; d < 2; d++) expect(Math.abs(tail.r.devices[d].inlet_C - plain.r.devices[d].inlet_C)).toBeLessThan(0.005);
    expect(Math.abs(tail.r.energy.relative)).toBeLessThan(1e-4);
    // the solver's own setting is restored for the next solve
    expect(tail.sweepsAfter).toBe(3);
  });
});
