/**
 * Energy conservation, device models, symmetry and buoyancy of the airflow solver.
 * Rooms are 8 m × 5 m × 3 m at h = 0.25 m (32×20×12 = 7 680 cells) to keep the suite fast; the
 * turbulence model is a constant ν_t = 0.01 m²/s (typical room value), which gives strictly steady
 * solutions so the conservation checks are not blurred by unsteadiness.
 */
import { describe, expect, it } from 'vitest';
import { Grid, facesOnSide } from '../../workers/airflow/grid';
import { AirflowSolver } from '../../workers/airflow/solver';
import { closedBox, type Domain } from '../../workers/airflow/domain';
import { closedRoom, crahAt, rack, roomGrid } from './airflow-rooms';

const RHO = 1.2;
const CP = 1006;
const H = 0.25;
const NUT = 0.01;
const room = () => roomGrid(H);

describe('airflow: energy balance and device models', () => {
  it('closed room, one rack + one cooler: cooler removes Q, mixed return = T_s + Q/(ρ·c_p·V̇)', () => {
    const grid = room();
    const Q = 10_000;
    const Vc = 1.0;
    const Ts = 18;
    const r = rack(grid, 'rack', 2, 'xmin', Q, 0.8);
    const domain = closedRoom(grid, NUT, { devices: [r, crahAt(grid, { flow_m3_s: Vc, setpoint_C: Ts, capacity_W: 20_000 })] });
    const s = new AirflowSolver(domain, { cfl: 5, dtTemperatureFactor: 10 });
    const res = s.steady({ maxSteps: 600, tolEnergy: 0.002 });
    console.log(
      `closed room: ${res.steps} steps, ${res.elapsedMs.toFixed(0)} ms, ${(res.cellsPerSecond / 1e6).toFixed(2)} M cell-steps/s, imbalance ${(res.energy.relative * 100).toFixed(3)} %`,
    );
    expect(res.converged).toBe(true);
    expect(res.averagedSteps).toBe(0);
    const crah = res.devices.find((d) => d.id === 'crah')!;
    const rk = res.devices.find((d) => d.id === 'rack')!;
    expect(Math.abs(-crah.heatToAir_W - Q) / Q).toBeLessThan(0.02);
    expect(Math.abs(crah.inlet_C - (Ts + Q / (RHO * CP * Vc)))).toBeLessThan(0.1);
    expect(crah.outlet_C).toBeCloseTo(Ts, 10);
    // rack: ΔT across the rack is Q/(ρ c_p V̇) exactly by construction
    expect(rk.outlet_C - rk.inlet_C).toBeCloseTo(Q / (RHO * CP * 0.8), 9);
    // rack inlet lies between supply and return (mixing), and the room is warmer than the supply
    expect(rk.inlet_C).toBeGreaterThan(Ts);
    expect(rk.inlet_C).toBeLessThan(crah.inlet_C + 1e-9);
  });

  it('open room, inflow at T_amb and pressure outlet: heat leaving = heat released, mass in = mass out', () => {
    const grid = room();
    const Q = 6000;
    const Tamb = 24;
    const Vin = 0.6;
    const r = rack(grid, 'rack', 3.5, 'xmin', Q, 0.5);
    const inlet = facesOnSide(grid, grid.boxToCells({ min: [0, 1.5, 0.25], max: [0.25, 3.5, 1.25] }), 'xmin', { domainBoundary: true });
    const outlet = facesOnSide(grid, grid.boxToCells({ min: [7.75, 1.5, 2.0], max: [8, 3.5, 3] }), 'xmax', { domainBoundary: true });
    const domain = closedRoom(grid, NUT, {
      devices: [r],
      openings: [
        { kind: 'velocity', id: 'louvre', faces: inlet, flow_m3_s: Vin, temperature_C: Tamb },
        { kind: 'pressure', id: 'vent', faces: outlet, pressure_Pa: 0, temperature_C: Tamb },
      ],
    });
    const s = new AirflowSolver(domain, { cfl: 5, dtTemperatureFactor: 10 });
    const res = s.steady({ maxSteps: 600, tolEnergy: 0.002 });
    console.log(`open room: ${res.steps} steps, ${res.elapsedMs.toFixed(0)} ms, imbalance ${(res.energy.relative * 100).toFixed(3)} %`);
    expect(res.converged).toBe(true);
    const louvre = res.openings.find((o) => o.id === 'louvre')!;
    const vent = res.openings.find((o) => o.id === 'vent')!;
    expect(louvre.outflow_m3_s).toBeCloseTo(-Vin, 9);
    expect(Math.abs(vent.outflow_m3_s - Vin) / Vin).toBeLessThan(1e-3);
    const heatLeaving = louvre.heatOut_W + vent.heatOut_W;
    expect(Math.abs(heatLeaving - Q) / Q).toBeLessThan(0.02);
    // well-mixed outlet estimate: T_out = T_amb + Q/(ρ c_p V̇)
    const Tvent = vent.heatOut_W / (RHO * CP * vent.outflow_m3_s);
    expect(Math.abs(Tvent - (Tamb + Q / (RHO * CP * Vin)))).toBeLessThan(0.2);
  });

  it('mirror-symmetric set-up gives mirror-symmetric rack inlet temperatures', () => {
    const grid = room();
    const a = rack(grid, 'A', 2, 'xmin', 8000, 0.6);
    const b = rack(grid, 'B', 5, 'xmax', 8000, 0.6);
    // centred cooler, returning at the top, supplying towards ymin: symmetric about x = 4 m
    const c = crahAt(grid, { box: { min: [3.5, 4, 0], max: [4.5, 5, 2.5] }, supply: 'ymin', flow_m3_s: 1.5, setpoint_C: 18, capacity_W: 30_000 });
    const domain = closedRoom(grid, NUT, { devices: [a, b, c] });
    const res = new AirflowSolver(domain, { cfl: 5, dtTemperatureFactor: 10 }).steady({ maxSteps: 800, tolEnergy: 0.002, tolVelocity: 2e-5, tolTemperature: 2e-5 });
    console.log(`mirror: ${res.steps} steps, ${res.elapsedMs.toFixed(0)} ms`);
    expect(res.converged).toBe(true);
    const TA = res.devices.find((d) => d.id === 'A')!.inlet_C;
    const TB = res.devices.find((d) => d.id === 'B')!.inlet_C;
    console.log(`mirror: T_in A = ${TA.toFixed(4)} °C, B = ${TB.toFixed(4)} °C`);
    expect(Math.abs(TA - TB)).toBeLessThan(0.05);
    // the whole temperature field is mirror-symmetric too
    let maxAsym = 0;
    for (let k = 0; k < grid.nz; k++)
      for (let j = 0; j < grid.ny; j++)
        for (let i = 0; i < grid.nx / 2; i++) {
          const c = grid.cell(i, j, k);
          const m = grid.cell(grid.nx - 1 - i, j, k);
          if (!grid.solid[c]) maxAsym = Math.max(maxAsym, Math.abs(res.state.T[c] - res.state.T[m]));
        }
    expect(maxAsym).toBeLessThan(0.1);
  });

  it('cooler above capacity: removes exactly its capacity and the supply rises by (demand − capacity)/(ρ·c_p·V̇)', () => {
    const grid = room();
    const Q = 10_000;
    const cap = 3000;
    const Vc = 1.0;
    const Ts = 18;
    const Tamb = 25;
    const r = rack(grid, 'rack', 2, 'xmin', Q, 0.8);
    const c = crahAt(grid, { flow_m3_s: Vc, setpoint_C: Ts, capacity_W: cap });
    const inlet = facesOnSide(grid, grid.boxToCells({ min: [0, 0, 0], max: [0.25, 5, 1] }), 'xmin', { domainBoundary: true });
    const outlet = facesOnSide(grid, grid.boxToCells({ min: [0, 0, 2], max: [8, 0.25, 3] }), 'ymin', { domainBoundary: true });
    const domain = closedRoom(grid, NUT, {
      devices: [r, c],
      openings: [
        { kind: 'velocity', id: 'in', faces: inlet, flow_m3_s: 0.5, temperature_C: Tamb },
        { kind: 'pressure', id: 'out', faces: outlet, temperature_C: Tamb },
      ],
    });
    const res = new AirflowSolver(domain, { cfl: 5, dtTemperatureFactor: 10 }).steady({ maxSteps: 600, tolEnergy: 0.002 });
    expect(res.converged).toBe(true);
    const crah = res.devices.find((d) => d.id === 'crah')!;
    const C = RHO * CP * Vc;
    expect(crah.saturated).toBe(true);
    expect(-crah.heatToAir_W).toBeCloseTo(cap, 6);
    expect(crah.demand_W!).toBeGreaterThan(cap);
    expect(crah.outlet_C - Ts).toBeCloseTo((crah.demand_W! - cap) / C, 9);
    expect(crah.outlet_C).toBeGreaterThan(Ts + 0.5);
    // the rest of the heat leaves through the openings
    const leaving = res.openings.reduce((s, o) => s + o.heatOut_W, 0);
    expect(Math.abs(leaving - (Q - cap)) / Q).toBeLessThan(0.02);
  });

  it('exchange devices (intake + exhaust fans on the walls): heat carried out = heat released, exhaust at T_out + Q/(ρ·c_p·V̇)', () => {
    const grid = room();
    const Q = 8000;
    const V = 0.7;
    const Tout = 30;
    const r = rack(grid, 'rack', 3.5, 'xmin', Q, 0.6);
    const intake = facesOnSide(grid, grid.boxToCells({ min: [0, 1.5, 0.5], max: [0.25, 3.5, 1.5] }), 'xmin', { domainBoundary: true });
    const exhaust = facesOnSide(grid, grid.boxToCells({ min: [7.75, 1.5, 1.75], max: [8, 3.5, 2.75] }), 'xmax', { domainBoundary: true });
    const domain = closedRoom(grid, NUT, {
      devices: [
        r,
        { id: 'intake', inlet: [], outlet: intake, flow_m3_s: V, model: { kind: 'exchange', outside_C: Tout } },
        { id: 'exhaust', inlet: exhaust, outlet: [], flow_m3_s: V, model: { kind: 'exchange', outside_C: Tout } },
      ],
    });
    const res = new AirflowSolver(domain, { cfl: 5, dtTemperatureFactor: 10 }).steady({ maxSteps: 600, tolEnergy: 0.002 });
    expect(res.converged).toBe(true);
    expect(Math.abs(res.energy.leavingOpenings_W - Q) / Q).toBeLessThan(0.02);
    const ex = res.devices.find((d) => d.id === 'exhaust')!;
    expect(Math.abs(ex.inlet_C - (Tout + Q / (RHO * CP * V)))).toBeLessThan(0.2);
    expect(res.devices.find((d) => d.id === 'intake')!.outlet_C).toBe(Tout);
  });

  it('buoyancy: a heated volume drives a rising plume; no gravity → no flow; stored heat = P·t exactly', () => {
    const run = (g: number) => {
      const grid = new Grid({ nx: 16, ny: 16, nz: 16, h_m: 0.125 }); // 2 m cube
      const src = grid.cellsOf(grid.boxToCells({ min: [0.75, 0.75, 0.125], max: [1.25, 1.25, 0.375] }));
      const P = 500;
      const domain: Domain = {
        grid,
        sides: closedBox(),
        fluid: { g_m_s2: g, Tref_C: 20 },
        turbulence: { kind: 'constant', nut_m2_s: 1e-3 },
        heatSources: [{ id: 'heater', cells: src, power_W: P }],
      };
      const s = new AirflowSolver(domain, { dt_s: 0.1, temperatureSweeps: 6, momentumSweeps: 3, poissonRtol: 1e-8 });
      const steps = 60;
      for (let n = 0; n < steps; n++) s.step();
      let heat = 0;
      for (let c = 0; c < grid.nCells; c++) heat += RHO * CP * grid.h ** 3 * (s.state.T[c] - 20);
      let wMax = 0;
      let wAbove = 0;
      for (let c = 0; c < grid.nW; c++) wMax = Math.max(wMax, Math.abs(s.state.w[c]));
      // w on the column above the heater centre (x = y = 1 m), between z = 0.5 and 1.5 m
      for (let k = 4; k <= 12; k++) wAbove += s.state.w[grid.wFace(8, 8, k)] + s.state.w[grid.wFace(7, 7, k)];
      const Tmax = Math.max(...s.state.T);
      return { heat, P, t: steps * 0.1, wMax, wAbove, Tmax, grid, s };
    };
    const withG = run(9.81);
    // transient conservation: enthalpy stored = P·t
    expect(withG.heat / (withG.P * withG.t)).toBeCloseTo(1, 4);
    expect(withG.wAbove).toBeGreaterThan(0);
    // magnitude: free-fall bound sqrt(2 g β ΔT_max H) with H = 2 m; a plume reaches a fair fraction of it
    const beta = 1 / 293.15;
    const bound = Math.sqrt(2 * 9.81 * beta * (withG.Tmax - 20) * 2);
    console.log(`plume: w_max = ${withG.wMax.toFixed(3)} m/s, T_max − T_ref = ${(withG.Tmax - 20).toFixed(2)} K, bound ${bound.toFixed(3)} m/s`);
    expect(withG.wMax).toBeLessThan(bound);
    expect(withG.wMax).toBeGreaterThan(0.1 * bound);
    const noG = run(0);
    expect(noG.wMax).toBeLessThan(1e-12);
    expect(noG.heat / (noG.P * noG.t)).toBeCloseTo(1, 4);
  });
});
