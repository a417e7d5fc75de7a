import { describe, expect, it } from 'vitest';
import { fluidProps } from '../../workers/liquid/fluids';
import { pipeDp } from '../../workers/liquid/friction';
import { analyzeLiquid, buildHeaderLoop, cduPumpCurve, designPointNeed, solveLoop, type HeaderLoopOptions, type LoopSpec } from '../../workers/liquid/index';

const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);
const LPM = 60000;

/** 10 GB200-class racks (120 kW to liquid, ΔT 10 K) on one 1.5 MW CDU, water. */
function tenRackOptions(): HeaderLoopOptions {
  return {
    id: 'loop-a',
    fluid: 'water',
    cdus: [{ id: 'cdu-1', capacityKw: 1500, ratedApproachK: 4, maxFlowLpm: 1900, pumpHeadKpa: 100, supplySetpointC: 30, fwsSupplyC: 24, pumpsInstalled: 2, pumpsDuty: 1 }],
    racks: Array.from({ length: 10 }, (_, i) => ({
      id: `rack-${i + 1}`,
      liquidHeatKw: 120,
      designDeltaTK: 10,
      coldPlateDpKpa: 80,
      coldPlateRatedFlowLpm: 180,
      maxSupplyC: 32,
      maxReturnC: 45,
    })),
    tapSpacingM: 1.2,
    headerDiameterM: 0.1541, // 6" sch 40
    lateralDiameterM: 0.0525, // 2" sch 40
    roughnessM: 0.045e-3,
    headerFittings: [{ kind: 'tee-run-flanged', count: 1 }],
  };
}

/** node continuity residual, relative to the node's throughput */
function continuityResiduals(spec: LoopSpec, res: ReturnType<typeof solveLoop>): number[] {
  const links = [
    ...spec.pipes.map((p) => [p.from, p.to]),
    ...spec.cdus.map((c) => [c.inletNode, c.outletNode]),
    ...spec.racks.map((r) => [r.inletNode, r.outletNode]),
  ];
  const inflow = new Map<string, number>();
  const through = new Map<string, number>();
  links.forEach(([a, b], k) => {
    const q = res.network.flowM3s[k];
    inflow.set(b, (inflow.get(b) ?? 0) + q);
    inflow.set(a, (inflow.get(a) ?? 0) - q);
    through.set(a, (through.get(a) ?? 0) + Math.abs(q));
    through.set(b, (through.get(b) ?? 0) + Math.abs(q));
  });
  return spec.nodes.filter((n) => n.id !== spec.expansionNode).map((n) => Math.abs(inflow.get(n.id)!) / through.get(n.id)!);
}

describe('closed CDU loop with 10 racks', () => {
  const spec = buildHeaderLoop(tenRackOptions());
  const res = solveLoop(spec);

  it('conserves mass at every node to 1e-9 and sits exactly on the pump curve', () => {
    expect(res.converged).toBe(true);
    for (const r of continuityResiduals(spec, res)) expect(r).toBeLessThan(1e-9);
    const cdu = res.cdus[0];
    expect(rel(cdu.pumpDpKpa, cdu.curveDpKpa)).toBeLessThan(1e-9);
    // and the CDU flow is the sum of the rack flows
    expect(rel(cdu.flowLpm, res.racks.reduce((s, r) => s + r.flowLpm, 0))).toBeLessThan(1e-9);
    // energy (pressure) closes around every rack circuit: pump rise = Σ losses S0→rack→R0
    const pd = (id: string) => res.pipes.find((p) => p.id === id)!.dpKpa;
    for (let i = 1; i <= 10; i++) {
      let path = 0;
      for (let j = 1; j <= i; j++) path += pd(`sup-${j}`) + pd(`ret-${j}`);
      path += pd(`lat-s-rack-${i}`) + res.racks[i - 1].availableDpKpa + pd(`lat-r-rack-${i}`);
      expect(rel(path, cdu.pumpDpKpa)).toBeLessThan(1e-9);
    }
    console.log(
      `10-rack loop: CDU ${cdu.flowLpm.toFixed(1)} L/min at ${cdu.pumpDpKpa.toFixed(2)} kPa, ${res.iterations} iterations; rack flows ${res.racks[0].flowLpm.toFixed(1)}…${res.racks[9].flowLpm.toFixed(1)} L/min (need ${res.racks[0].requiredFlowLpm.toFixed(1)})`,
    );
  });

  it('required flow is Q/(ρ·cp·ΔT) at the mean loop temperature and the energy balance closes to 1e-6', () => {
    const fp = fluidProps('water', 35); // 30 °C setpoint + 10 K/2
    expect(rel(res.racks[0].requiredFlowLpm, (120e3 / (fp.densityKgM3 * fp.cpJkgK * 10)) * LPM)).toBeLessThan(1e-12);
    const cdu = res.cdus[0];
    const mdot = (res.densityKgM3 * cdu.flowLpm) / LPM;
    const removedKw = (mdot * res.cpJkgK * (cdu.returnC - cdu.supplyC)) / 1000;
    expect(rel(removedKw, 1200)).toBeLessThan(1e-6);
    expect(rel(cdu.loadKw, 1200)).toBeLessThan(1e-6);
    // every rack: its own balance, and the supply reaches it at the CDU setpoint (adiabatic pipes)
    for (const r of res.racks) {
      expect(Math.abs(r.supplyC - 30)).toBeLessThan(1e-9);
      const kw = ((res.densityKgM3 * r.flowLpm) / LPM) * res.cpJkgK * (r.returnC - r.supplyC) / 1000;
      expect(rel(kw, 120)).toBeLessThan(1e-9);
    }
    // mixed return is the flow-weighted mean of rack outlets
    const mix = res.racks.reduce((s, r) => s + r.flowLpm * r.returnC, 0) / res.racks.reduce((s, r) => s + r.flowLpm, 0);
    expect(Math.abs(mix - cdu.returnC)).toBeLessThan(1e-9);
  });

  it('healthy loop reports no starved rack, no velocity or capacity findings', () => {
    const a = analyzeLiquid({ loops: [spec], liquidRackIds: spec.racks.map((r) => r.id) });
    expect(a.findings.filter((f) => f.severity !== 'info')).toEqual([]);
    expect(res.racks.every((r) => !r.starved)).toBe(true);
  });

  it('a long, narrow branch starves its rack, and the finding names it with measured and required flow', () => {
    const o = tenRackOptions();
    o.racks[9] = { ...o.racks[9], lateralLengthM: 40, lateralDiameterM: 0.021 };
    const s2 = buildHeaderLoop(o);
    const a = analyzeLiquid({ loops: [s2] });
    const st = a.findings.filter((f) => f.code === 'starved');
    expect(st.map((f) => f.subjects[0])).toEqual(['rack-10']);
    const r10 = a.loops[0].racks[9];
    expect(st[0].id).toBe('liquid:starved:rack-10');
    expect(st[0].owner).toBe('mechanical');
    expect(st[0].measured!.value).toBeCloseTo(r10.flowLpm, 9);
    expect(st[0].limit!.value).toBeCloseTo(r10.requiredFlowLpm, 9);
    expect(r10.flowLpm).toBeLessThan(0.8 * r10.requiredFlowLpm);
    // the narrow branch becomes the index circuit the pump cannot serve, and the rack returns too hot
    const ph = a.findings.find((f) => f.code === 'pump-head')!;
    expect(ph.measured!.value).toBeGreaterThan(10 * ph.limit!.value);
    // its outlet temperature is T_supply + P/(ṁ·cp) at the starved flow
    expect(Math.abs(r10.returnC - (30 + 120e3 / (((a.loops[0].densityKgM3 * r10.flowLpm) / LPM) * a.loops[0].cpJkgK)))).toBeLessThan(1e-9);
    expect(a.findings.some((f) => f.code === 'return-temperature' && f.subjects[0] === 'rack-10')).toBe(true);
    for (const r of continuityResiduals(s2, a.loops[0])) expect(r).toBeLessThan(1e-9);
  });

  it('flow-control valves hold every rack at its required flow when the pump allows', () => {
    const o = tenRackOptions();
    o.racks = o.racks.map((r) => ({ ...r, flowControl: true }));
    const r = solveLoop(buildHeaderLoop(o));
    for (const rr of r.racks) expect(rel(rr.flowLpm, rr.requiredFlowLpm)).toBeLessThan(1e-6);
    expect(rel(r.cdus[0].pumpDpKpa, r.cdus[0].curveDpKpa)).toBeLessThan(1e-9);
  });
});

describe('header arrangement', () => {
  it('reverse return evens out the rack flows of a direct-return header, with the same conservation', () => {
    const o = tenRackOptions();
    o.headerDiameterM = 0.0779; // 3" sch 40: header losses comparable to the racks'
    o.velocityLimitMps = 10;
    const direct = solveLoop(buildHeaderLoop(o));
    const revSpec = buildHeaderLoop({ ...o, reverseReturn: true });
    const rev = solveLoop(revSpec);
    const spread = (r: typeof direct) => Math.max(...r.racks.map((x) => x.flowLpm)) / Math.min(...r.racks.map((x) => x.flowLpm));
    expect(spread(rev)).toBeLessThan(spread(direct));
    expect(spread(direct)).toBeGreaterThan(1.1);
    // direct return: the nearest rack gets the most; reverse return: every rack's circuit is equally long
    expect(direct.racks[0].flowLpm).toBeGreaterThan(direct.racks[9].flowLpm);
    for (const r of continuityResiduals(revSpec, rev)) expect(r).toBeLessThan(1e-9);
    expect(rel(rev.cdus[0].pumpDpKpa, rev.cdus[0].curveDpKpa)).toBeLessThan(1e-9);
    console.log(`rack flow spread max/min: direct ${spread(direct).toFixed(3)}, reverse return ${spread(rev).toFixed(3)}`);
  });

  it('a loop without a running CDU is reported and its racks starve', () => {
    const o = tenRackOptions();
    o.cdus = [{ ...o.cdus[0], failed: true }];
    const a = analyzeLiquid({ loops: [buildHeaderLoop(o)] });
    expect(a.findings.find((f) => f.code === 'no-cdu')!.subjects[0]).toBe('loop-a');
    expect(a.findings.filter((f) => f.code === 'starved').length).toBe(10);
  });
});

describe('PG25 coolant', () => {
  it('needs more flow for the same heat, by the ratio of ρ·cp, and still closes its energy balance', () => {
    const o = tenRackOptions();
    o.fluid = 'pg25';
    const r = solveLoop(buildHeaderLoop(o));
    // PG25 at 35 °C: ρ = 1017.01 kg/m³, cp = 3949.9 J/(kg·K) (table row)
    expect(rel(r.racks[0].requiredFlowLpm, (120e3 / (1017.01 * 3949.9 * 10)) * LPM)).toBeLessThan(1e-12);
    const w = solveLoop(buildHeaderLoop(tenRackOptions()));
    expect(rel(r.racks[0].requiredFlowLpm / w.racks[0].requiredFlowLpm, (994.03 * 4179.3) / (1017.01 * 3949.9))).toBeLessThan(1e-12);
    const c = r.cdus[0];
    expect(rel((((r.densityKgM3 * c.flowLpm) / LPM) * r.cpJkgK * (c.returnC - c.supplyC)) / 1000, 1200)).toBeLessThan(1e-6);
    // the more viscous fluid loses more pressure in the same laterals at the same flow
    const lat = (x: typeof r) => x.pipes.find((p) => p.id === 'lat-s-rack-1')!;
    expect(lat(r).dpKpa / lat(r).flowLpm ** 2).toBeGreaterThan(lat(w).dpKpa / lat(w).flowLpm ** 2);
  });
});

describe('temperature-dependent viscosity', () => {
  it('each pipe takes the viscosity of the fluid in it: colder supply laterals lose more than warmer returns', () => {
    const o = tenRackOptions();
    o.fluid = 'pg25';
    const iso = solveLoop(buildHeaderLoop(o));
    const spec = { ...buildHeaderLoop(o), viscosityFromTemperature: true };
    const r = solveLoop(spec);
    expect(r.viscosityIterations).toBeGreaterThan(0);
    expect(r.viscosityIterations).toBeLessThan(20);
    const pipe = (x: typeof r, id: string) => x.pipes.find((p) => p.id === id)!;
    // isothermal: identical supply and return laterals at the same flow lose the same
    expect(rel(pipe(iso, 'lat-s-rack-1').dpKpa, pipe(iso, 'lat-r-rack-1').dpKpa)).toBeLessThan(1e-9);
    // variable: the 30 °C supply lateral loses more than the 40.x °C return lateral
    expect(pipe(r, 'lat-s-rack-1').dpKpa).toBeGreaterThan(1.02 * pipe(r, 'lat-r-rack-1').dpKpa);
    // and every pipe's Reynolds number uses ν at its own (upstream-node) temperature
    for (const p of spec.pipes) {
      const pr = pipe(r, p.id);
      const up = pr.flowLpm >= 0 ? p.from : p.to;
      const nu = fluidProps('pg25', r.nodeTempC[up]).kinematicM2s;
      const area = (Math.PI / 4) * p.diameterM ** 2;
      expect(rel(pr.reynolds, ((Math.abs(pr.flowLpm) / LPM / area) * p.diameterM) / nu)).toBeLessThan(1e-6);
    }
    // conservation and the heat balance are untouched
    for (const x of continuityResiduals(spec, r)) expect(x).toBeLessThan(1e-9);
    const c = r.cdus[0];
    expect(rel((((r.densityKgM3 * c.flowLpm) / LPM) * r.cpJkgK * (c.returnC - c.supplyC)) / 1000, 1200)).toBeLessThan(1e-6);
    console.log(`PG25 variable viscosity: ${r.viscosityIterations} outer iterations; CDU flow ${c.flowLpm.toFixed(1)} vs ${iso.cdus[0].flowLpm.toFixed(1)} L/min isothermal`);
  });
});

describe('speed-controlled CDU pumps', () => {
  it("'dp' control with flow-controlled racks: every rack at its required flow, pump rise = 1.1 × index-circuit need, reduced speed", () => {
    const o = tenRackOptions();
    o.cdus = [{ ...o.cdus[0], control: 'dp' }];
    o.racks = o.racks.map((r) => ({ ...r, flowControl: true }));
    const spec = buildHeaderLoop(o);
    const need = designPointNeed(spec)[0].needKpa;
    const r = solveLoop(spec);
    const c = r.cdus[0];
    expect(rel(c.pumpDpKpa, 1.1 * need)).toBeLessThan(1e-6);
    for (const rr of r.racks) expect(rel(rr.flowLpm, rr.requiredFlowLpm)).toBeLessThan(1e-6);
    // affinity law: s² · shutoff = rise + r·Q²
    const curve = cduPumpCurve({ ...o.cdus[0], inletNode: 'R0', outletNode: 'S0' });
    const q = c.flowLpm / LPM;
    expect(rel((c.speedPct / 100) ** 2 * curve.shutoffPa, c.pumpDpKpa * 1000 + curve.curveR * q * q)).toBeLessThan(1e-9);
    expect(c.speedPct).toBeLessThan(100);
    console.log(`dp control: need ${need.toFixed(2)} kPa, pump ${c.pumpDpKpa.toFixed(2)} kPa at ${c.flowLpm.toFixed(1)} L/min, speed ${c.speedPct.toFixed(1)} %`);
  });

  it("'flow' control: the CDU delivers 1.1 × the design flow exactly and no rack is starved", () => {
    const o = tenRackOptions();
    o.cdus = [{ ...o.cdus[0], control: 'flow' }];
    const spec = buildHeaderLoop(o);
    const r = solveLoop(spec);
    const total = r.racks.reduce((s2, x) => s2 + x.requiredFlowLpm, 0);
    expect(rel(r.cdus[0].flowLpm, 1.1 * total)).toBeLessThan(1e-9);
    expect(r.racks.every((x) => !x.starved)).toBe(true);
    expect(r.cdus[0].speedPct).toBeLessThan(100);
    // a set point the pump cannot reach runs it at full speed on its curve
    const o2 = tenRackOptions();
    o2.cdus = [{ ...o2.cdus[0], control: 'flow', flowSetpointLpm: 5000 }];
    const r2 = solveLoop(buildHeaderLoop(o2));
    expect(r2.cdus[0].speedPct).toBe(100);
    expect(rel(r2.cdus[0].pumpDpKpa, r2.cdus[0].curveDpKpa)).toBeLessThan(1e-9);
  });
});

describe('pump head against the index circuit', () => {
  it('design-point need of a one-rack loop equals the hand sum of losses at the required flow', () => {
    const o = tenRackOptions();
    o.racks = [o.racks[0]];
    const spec = buildHeaderLoop(o);
    const fp = fluidProps('water', 35);
    const q = 120e3 / (fp.densityKgM3 * fp.cpJkgK * 10);
    const base = { densityKgM3: fp.densityKgM3, kinematicM2s: fp.kinematicM2s, roughnessM: 0.045e-3 };
    const header = pipeDp({ ...base, lengthM: 1.2, diameterM: 0.1541, minorK: 0.2 }, q).dpPa;
    const lateral = pipeDp({ ...base, lengthM: 3, diameterM: 0.0525, minorK: 0 }, q).dpPa;
    const plate = (80e3 / (180 / LPM) ** 2) * q * q;
    const hand = (2 * header + 2 * lateral + plate) / 1000;
    const d = designPointNeed(spec);
    expect(rel(d[0].needKpa, hand)).toBeLessThan(1e-6);
    expect(rel(d[0].designFlowLpm, q * LPM)).toBeLessThan(1e-6);
  });

  it('flags a pump that cannot meet the need at design flow, with both pressures in the finding', () => {
    const o = tenRackOptions();
    o.cdus = [{ ...o.cdus[0], pumpHeadKpa: 60, maxFlowLpm: 1800 }];
    const a = analyzeLiquid({ loops: [buildHeaderLoop(o)] });
    const f = a.findings.find((x) => x.code === 'pump-head');
    expect(f).toBeDefined();
    const c = a.loops[0].cdus[0];
    const curve = cduPumpCurve({ ...o.cdus[0], inletNode: 'R0', outletNode: 'S0' });
    const qd = c.designFlowLpm / LPM;
    expect(rel(f!.limit!.value, (curve.shutoffPa - curve.curveR * qd * qd) / 1000)).toBeLessThan(1e-12);
    expect(f!.measured!.value).toBeGreaterThan(f!.limit!.value);
    // and in operation the racks are indeed short of flow
    expect(a.findings.filter((x) => x.code === 'starved').length).toBeGreaterThan(0);
  });
});

describe('CDU capacity, overload temperature and n−1', () => {
  // two CDUs of 1000 kW at 4 K approach, FWS 24 °C, setpoint 27 °C; racks accept ≤ 28 °C
  function twoCdu(totalKw: number): LoopSpec {
    const cdu = { capacityKw: 1000, ratedApproachK: 4, maxFlowLpm: 2400, pumpHeadKpa: 300, supplySetpointC: 27, fwsSupplyC: 24 };
    return buildHeaderLoop({
      id: 'loop-b',
      fluid: 'water',
      cdus: [{ id: 'cdu-a', ...cdu }, { id: 'cdu-b', ...cdu }],
      racks: Array.from({ length: 10 }, (_, i) => ({ id: `r${i}`, liquidHeatKw: totalKw / 10, designDeltaTK: 10, coldPlateDpKpa: 60, coldPlateRatedFlowLpm: 200, maxSupplyC: 28 })),
      tapSpacingM: 1.2,
      headerDiameterM: 0.1541,
      lateralDiameterM: 0.0409,
      roughnessM: 0.045e-3,
    });
  }

  it('at 60 % each, the pair shares the load exactly and fails n−1: 1200 kW against 1000 kW', () => {
    const a = analyzeLiquid({ loops: [twoCdu(1200)] });
    const [ca, cb] = a.loops[0].cdus;
    expect(rel(ca.loadKw, 600)).toBeLessThan(1e-6);
    expect(rel(cb.loadKw, 600)).toBeLessThan(1e-6);
    expect(ca.supplyC).toBe(27); // 24 + 4·0.6 = 26.4 < setpoint: holds 27
    const n1 = a.findings.filter((f) => f.code === 'cdu-n-1');
    expect(n1.map((f) => f.subjects[0]).sort()).toEqual(['cdu-a', 'cdu-b']);
    expect(n1[0].measured).toEqual({ value: 1200, unit: 'kW' });
    expect(n1[0].limit).toEqual({ value: 1000, unit: 'kW' });
    // the survivor alone: duty = UA·approach → supply = 24 + 4·1200/1000 = 28.8 °C exactly
    const fc = a.failureCases.find((c) => c.failedCduId === 'cdu-a')!;
    const survivor = fc.result.cdus.find((c) => c.id === 'cdu-b')!;
    expect(Math.abs(survivor.supplyC - 28.8)).toBeLessThan(1e-9);
    expect(rel(survivor.loadKw, 1200)).toBeLessThan(1e-6);
    expect(fc.result.cdus.find((c) => c.id === 'cdu-a')!.flowLpm).toBe(0);
    expect(fc.result.racks.every((r) => Math.abs(r.supplyC - 28.8) < 1e-9)).toBe(true);
    expect(n1[0].message).toMatch(/1000\.0 kW for 1200\.0 kW/);
  });

  it('at 45 % each, one CDU can carry 900 kW: no n−1 finding; the survivor holds 24 + 4·0.9 = 27.6 °C', () => {
    const a = analyzeLiquid({ loops: [twoCdu(900)] });
    expect(a.findings.filter((f) => f.code === 'cdu-n-1')).toEqual([]);
    const fc = a.failureCases.find((c) => c.failedCduId === 'cdu-b')!;
    const survivor = fc.result.cdus.find((c) => c.id === 'cdu-a')!;
    expect(Math.abs(survivor.supplyC - 27.6)).toBeLessThan(1e-9);
    expect(fc.result.racks.every((r) => !r.starved)).toBe(true);
  });

  it('an overloaded single CDU raises its supply by approach·load/capacity and the hot racks are flagged', () => {
    const s = twoCdu(1300);
    s.cdus = [s.cdus[0]];
    const a = analyzeLiquid({ loops: [s] });
    const c = a.loops[0].cdus[0];
    expect(Math.abs(c.supplyC - (24 + (4 * 1300) / 1000))).toBeLessThan(1e-9); // 29.2 °C
    expect(a.findings.find((f) => f.code === 'cdu-capacity')!.measured!.value).toBeCloseTo(1300, 5);
    expect(a.findings.filter((f) => f.code === 'supply-temperature').length).toBe(10);
  });
});

describe('catalog-style inputs', () => {
  it('pump heat adds to the exchanger load: 24 + 4·(1300 + 20)/1000 = 29.28 °C; Δp rated at the required flow by default', () => {
    const o = tenRackOptions();
    o.cdus = [{ ...o.cdus[0], capacityKw: 1000, supplySetpointC: 27, pumpHeatKw: 20, maxFlowLpm: 2000, pumpHeadKpa: 200 }];
    o.racks = o.racks.map((r) => ({ ...r, liquidHeatKw: 130, coldPlateRatedFlowLpm: undefined, flowControl: true }));
    const spec = buildHeaderLoop(o);
    const a = analyzeLiquid({
      loops: [spec],
      heatRejection: { designDryBulbC: 35, designWetBulbC: 24, units: [{ id: 'dc', kind: 'dry-cooler', capacityKw: 1310, leavingC: 24 }] },
    });
    const c = a.loops[0].cdus[0];
    expect(Math.abs(c.supplyC - 29.28)).toBeLessThan(1e-9);
    expect(rel(c.loadKw, 1320)).toBeLessThan(1e-6);
    expect(a.loops[0].totalPumpHeatKw).toBe(20);
    // the loop itself carries only the rack heat
    expect(rel((((a.loops[0].densityKgM3 * c.flowLpm) / LPM) * a.loops[0].cpJkgK * (c.returnC - c.supplyC)) / 1000, 1300)).toBeLessThan(1e-6);
    // plant: 1310 kW of dry coolers for 1320 kW including pump heat
    const hr = a.findings.find((f) => f.code === 'heat-rejection')!;
    expect(hr.measured!.value).toBeCloseTo(1320, 9);
    expect(a.plantLeavingC).toBe(24); // leavingC overrides 35 + approach
    // cold plate rated at the required flow: Δp there is exactly the catalog value
    for (const r of a.loops[0].racks) expect(rel(r.requiredDpKpa, 80)).toBeLessThan(1e-12);
  });
});

describe('unequal CDUs sharing an overloaded loop', () => {
  it('each CDU sits exactly on T = T_FWS + approach·load/capacity and the loads add up to the rack heat', () => {
    const o = tenRackOptions();
    o.cdus = [
      { ...o.cdus[0], id: 'big', capacityKw: 800, maxFlowLpm: 1300, supplySetpointC: 25 },
      { ...o.cdus[0], id: 'small', capacityKw: 400, ratedApproachK: 3, maxFlowLpm: 700, supplySetpointC: 25 },
    ];
    o.racks = o.racks.map((r) => ({ ...r, liquidHeatKw: 150 })); // 1500 kW on 1200 kW of CDUs
    const r = solveLoop(buildHeaderLoop(o));
    const [big, small] = r.cdus;
    expect(Math.abs(big.supplyC - (24 + (4 * big.loadKw) / 800))).toBeLessThan(1e-9);
    expect(Math.abs(small.supplyC - (24 + (3 * small.loadKw) / 400))).toBeLessThan(1e-9);
    expect(rel(big.loadKw + small.loadKw, 1500)).toBeLessThan(1e-6);
    // both see the same mixed return; each removes ṁ·cp·(T_return − its supply)
    expect(Math.abs(big.returnC - small.returnC)).toBeLessThan(1e-12);
    expect(rel(big.loadKw, ((r.densityKgM3 * big.flowLpm) / LPM) * r.cpJkgK * (big.returnC - big.supplyC) / 1000)).toBeLessThan(1e-12);
    expect(r.thermalIterations).toBeGreaterThan(1);
    // the racks get the flow-weighted mix of the two supplies
    const mix = (big.flowLpm * big.supplyC + small.flowLpm * small.supplyC) / (big.flowLpm + small.flowLpm);
    expect(Math.abs(r.racks[0].supplyC - mix)).toBeLessThan(1e-9);
  });
});

describe('system checks', () => {
  it('condensation, unconnected racks and heat rejection at design ambient', () => {
    const spec = buildHeaderLoop({ ...tenRackOptions(), roomDewPointC: 29 });
    const a = analyzeLiquid({
      loops: [spec],
      liquidRackIds: [...spec.racks.map((r) => r.id), 'rack-orphan'],
      heatRejection: {
        designDryBulbC: 35,
        designWetBulbC: 24,
        units: [
          { id: 'dc-1', kind: 'dry-cooler', capacityKw: 600, approachK: -11 },
          { id: 'dc-2', kind: 'dry-cooler', capacityKw: 500, approachK: -11 },
        ],
      },
    });
    const cond = a.findings.find((f) => f.code === 'condensation')!;
    expect(cond.measured!.value).toBe(30);
    expect(cond.limit!.value).toBe(31);
    expect(a.findings.find((f) => f.code === 'unconnected')!.subjects).toEqual(['rack-orphan']);
    const hr = a.findings.find((f) => f.code === 'heat-rejection')!;
    expect(hr.measured!.value).toBeCloseTo(1200, 9);
    expect(hr.limit!.value).toBe(1100);
    expect(a.plantLeavingC).toBe(24);
  });

  it('velocity, negative static pressure, CDU flow and pump redundancy findings carry the right numbers', () => {
    const o = tenRackOptions();
    o.velocityLimitMps = 1.2;
    o.expansionPressureKpa = 20;
    o.cdus = [{ ...o.cdus[0], pumpsInstalled: 1, pumpsDuty: 1, maxFlowLpm: 1600, pumpHeadKpa: 70 }];
    const spec = buildHeaderLoop(o);
    // rack 5's inlet sits 12 m up a riser: 20 kPa at the tank plus the pump cannot hold ρ·g·12 ≈ 117 kPa
    spec.nodes = spec.nodes.map((n) => (n.id === 'rack-5.in' ? { ...n, position: [n.position![0], n.position![1], 12] as [number, number, number] } : n));
    spec.pipes = spec.pipes.map((p) => (p.id === 'lat-s-rack-5' ? { ...p, lengthM: 15 } : p));
    const a = analyzeLiquid({ loops: [spec] });
    const L = a.loops[0];
    const vel = a.findings.filter((f) => f.code === 'velocity');
    expect(vel.length).toBeGreaterThan(0);
    for (const f of vel) {
      const p = spec.pipes.find((x) => x.id === f.subjects[0])!;
      const q = L.pipes.find((x) => x.id === p.id)!.flowLpm / LPM;
      expect(rel(f.measured!.value, Math.abs(q) / ((Math.PI / 4) * p.diameterM ** 2))).toBeLessThan(1e-9);
      expect(f.measured!.value).toBeGreaterThan(1.2);
    }
    // every pipe faster than the limit is flagged, and only those
    expect(vel.length).toBe(L.pipes.filter((p) => Math.abs(p.velocityMps) > 1.2).length);
    const neg = a.findings.find((f) => f.code === 'negative-pressure')!;
    expect(neg.id).toBe('liquid:negative-pressure:loop-a/rack-5.in');
    expect(neg.measured!.value).toBeCloseTo(L.nodeStaticKpa['rack-5.in'], 12);
    expect(neg.measured!.value).toBeLessThan(0);
    const cf = a.findings.find((f) => f.code === 'cdu-flow')!;
    expect(cf.limit!.value).toBe(1600);
    expect(rel(cf.measured!.value, L.racks.reduce((s2, r) => s2 + r.requiredFlowLpm, 0))).toBeLessThan(1e-6);
    expect(a.findings.find((f) => f.code === 'pump-redundancy')!.severity).toBe('info');
  });

  it('a plant that cannot make cold enough facility water pushes the TCS supply up: T = FWS + approach·load/capacity', () => {
    const spec = buildHeaderLoop(tenRackOptions());
    const a = analyzeLiquid({
      loops: [spec],
      heatRejection: { designDryBulbC: 35, designWetBulbC: 24, units: [{ id: 'dc', kind: 'dry-cooler', capacityKw: 2000, approachK: 5 }] },
    });
    expect(a.plantLeavingC).toBe(40);
    // 40 + 4·1200/1500 = 43.2 °C > 30 °C setpoint and > 32 °C rack limit
    expect(Math.abs(a.loops[0].cdus[0].supplyC - 43.2)).toBeLessThan(1e-9);
    expect(a.findings.filter((f) => f.code === 'supply-temperature').length).toBe(10);
  });

  it('static pressure falls by ρ·g·Δz up a riser', () => {
    const spec = buildHeaderLoop(tenRackOptions());
    const up = { ...spec, nodes: spec.nodes.map((n) => (n.id === 'rack-5.in' ? { ...n, position: [n.position![0], n.position![1], 10] as [number, number, number] } : n)) };
    const a = solveLoop(spec);
    const b = solveLoop(up);
    expect(rel(a.nodeStaticKpa['rack-5.in'] - b.nodeStaticKpa['rack-5.in'], (a.densityKgM3 * 9.80665 * 10) / 1000)).toBeLessThan(1e-9);
  });
});

describe('performance sanity', () => {
  it('2,000 racks on 100 CDUs (50 loops of 2 CDUs × 40 racks), full analysis with n−1', () => {
    const loops: LoopSpec[] = [];
    for (let l = 0; l < 50; l++) {
      const o = tenRackOptions();
      o.id = `loop-${l}`;
      // two 2 MW CDUs on differential-pressure control, racks with flow-control valves
      const cdu = { ...o.cdus[0], capacityKw: 2000, maxFlowLpm: 2600, pumpHeadKpa: 150, control: 'dp' as const };
      o.cdus = [{ ...cdu, id: `cdu-${l}-a` }, { ...cdu, id: `cdu-${l}-b` }];
      o.racks = Array.from({ length: 40 }, (_, i) => ({ ...o.racks[0], id: `rack-${l}-${i}`, liquidHeatKw: 60 + (i % 5) * 10, flowControl: true }));
      o.headerDiameterM = 0.2027; // 8" sch 40
      loops.push(buildHeaderLoop(o));
    }
    const time = (f: () => void) => {
      const t = performance.now();
      f();
      return performance.now() - t;
    };
    let a!: ReturnType<typeof analyzeLiquid>;
    let b!: ReturnType<typeof analyzeLiquid>;
    const tFirst = time(() => (a = analyzeLiquid({ loops, cduFailureCases: false })));
    const tWarm = time(() => (a = analyzeLiquid({ loops, cduFailureCases: false })));
    const tOperating = time(() => loops.forEach((l) => solveLoop(l)));
    const tAll = time(() => (b = analyzeLiquid({ loops })));
    expect(a.loops.every((l) => l.converged)).toBe(true);
    expect(a.loops.flatMap((l) => l.racks).every((r) => !r.starved)).toBe(true);
    expect(b.failureCases.length).toBe(100);
    expect(a.loops.flatMap((l) => l.racks).length).toBe(2000);
    console.log(
      `2,000 racks / 100 CDUs: operating + design point ${tFirst.toFixed(0)} ms first run, ${tWarm.toFixed(0)} ms warm; ` +
        `operating solves alone ${tOperating.toFixed(0)} ms; with the 100 CDU-failure cases ${tAll.toFixed(0)} ms; ` +
        `max ${Math.max(...a.loops.map((l) => l.iterations))} GGA iterations per loop`,
    );
  });
});
