import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { resolveModel } from '../../src/catalog/registry';
import { emptyHallDoc, FORMAT, type Equipment, type LayoutDoc, type PipeLoop, type Props } from '../../src/model/document';
import { loadLayout, serializeLayout } from '../../src/model/load';
import { removeEquipment } from '../../src/model/ops';
import { ENGINES, runAll } from '../../workers/analysis';
import {
  adaptLayout,
  dewPointFromDbWbC,
  heatRejectionFromLayout,
  liquidSpecFromLayout,
  liquidStates,
  rackConnectionPoint,
  runLiquid,
} from '../../workers/liquid/adapt';
import { analyzeLiquid, designPointNeed, polylineLengthM, solveLoop } from '../../workers/liquid/index';
import { designWithout } from '../../workers/liquid/loop';
import { makeLiquidDoc } from '../helpers/liquid-layout';

const LPM = 60_000;
const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);
const props = (kind: string, model: string) => ({ ...(resolveModel(kind, model)!.props as Props) });
const item = (id: string, kind: string, model: string, at: [number, number, number], rotationDeg = 0, hallId: string | null = 'hall-1'): Equipment => ({
  id,
  kind,
  model,
  name: id,
  hallId,
  position: at,
  rotationDeg,
  props: props(kind, model),
});

// Water properties at the loop's mean design temperature 25 °C setpoint + 10 K / 2 = 30 °C, a row of
// the IAPWS table in workers/liquid/fluids.ts (docs/liquid.md): no interpolation involved.
const RHO_30 = 995.65;
const CP_30 = 4179.8;
/** GB200 NVL72: 132 kW × 0.85 to liquid */
const Q_GB200_KW = 132 * 0.85;

/**
 * A 30 × 12 m hall: one 1 MW in-row CDU at x = 2.4 (0.8 m wide) and four GB200 NVL72 racks east of it
 * at x = 3.1, 3.7, 4.3, 4.9, all facing south (rear at y = 4.6); straight overhead mains along y = 4.5
 * (0.1 m inside the rear faces, right above the racks' rear connection points), supply at z = 3.0 and
 * return at z = 3.4, running from above the CDU (x = 2.4) to x = endX; a tap at each rack.
 * A 1.2 MW air-cooled chiller (20 °C water) stands outdoors.
 */
function smallLoopDoc(loop: Partial<PipeLoop> = {}, endX = 6.0): LayoutDoc {
  const d = emptyHallDoc(30, 12, 7, 'Small loop');
  d.halls[0].floorRatingKgM2 = 2500;
  const xs = [3.1, 3.7, 4.3, 4.9];
  d.equipment = [
    item('cdu-1', 'cdu', 'in-row-1000', [2.4, 4, 0]),
    ...xs.map((x, i) => item(`r${i + 1}`, 'rack', 'gb200-nvl72', [x, 4, 0])),
    item('ch-1', 'chiller', 'air-cooled-1200', [15, -5, 0], 0, null),
  ];
  const main = (z: number) => ({ path: [[2.4, 4.5, z], [endX, 4.5, z]] as [number, number, number][], diameterM: 0.1023, roughnessM: 4.5e-5, fittings: [] });
  d.pipeLoops = [
    {
      id: 'L1',
      name: 'Loop 1',
      fluid: 'water',
      cduIds: ['cdu-1'],
      supply: main(3.0),
      return: main(3.4),
      taps: xs.map((x, i) => ({ rackId: `r${i + 1}`, supplyAtM: Math.round((x - 2.4) * 1e9) / 1e9, returnAtM: Math.round((x - 2.4) * 1e9) / 1e9 })),
      branchDiameterM: 0.0525,
      designDeltaTK: 10,
      expansion: { atM: 0, pressureKpa: 150 },
      pumpControl: 'dp',
      rackValves: 'flow-control',
      ...loop,
    },
  ];
  return d;
}

/** Round-trip through the file format, so the test documents are what the loader accepts. */
function loaded(d: LayoutDoc): LayoutDoc {
  const r = loadLayout(serializeLayout(d));
  if (!r.ok) throw new Error(`${r.summary} ${JSON.stringify(r.errors)}`);
  return r.doc;
}

describe('liquidSpecFromLayout: one CDU, four racks, straight mains', () => {
  const doc = loaded(smallLoopDoc());
  const spec = liquidSpecFromLayout(doc);
  const loop = spec.loops[0];
  const pipe = (id: string) => loop.pipes.find((p) => p.id === id)!;
  const len = (id: string) => pipe(id).lengthM ?? polylineLengthM(pipe(id).path!);

  it('maps the catalog: rack heat = itPowerKw × liquidFraction, CDU props, FWS from the chiller, every liquid rack listed', () => {
    expect(spec.loops).toHaveLength(1);
    expect(spec.liquidRackIds).toEqual(['r1', 'r2', 'r3', 'r4']);
    expect(loop.racks.map((r) => [r.id, r.liquidHeatKw, r.designDeltaTK, r.coldPlateDpKpa, r.maxSupplyC, r.flowControl])).toEqual(
      ['r1', 'r2', 'r3', 'r4'].map((id) => [id, Q_GB200_KW, 10, 80, 25, true]),
    );
    expect(loop.cdus).toEqual([
      {
        id: 'cdu-1',
        inletNode: 'R0',
        outletNode: 'S0',
        capacityKw: 1000,
        ratedApproachK: 4,
        maxFlowLpm: 1500,
        pumpHeadKpa: 300,
        supplySetpointC: 25,
        fwsSupplyC: 20, // the chiller's leaving water
        pumpsInstalled: 2,
        pumpsDuty: 1,
        pumpHeatKw: 11.5, // one running pump
        control: 'dp',
      },
    ]);
    expect(loop.expansionNode).toBe('R0');
    expect(loop.expansionPressureKpa).toBe(150);
    expect(spec.heatRejection).toEqual({ units: [{ id: 'ch-1', kind: 'chiller', capacityKw: 1200, leavingC: 20 }], designDryBulbC: 35, designWetBulbC: 24 });
  });

  it('splits the mains at the tees: pipe lengths are the tap spacings, branches the vertical drops', () => {
    // supply: 0 → 0.7 → 1.3 → 1.9 → 2.5 → 3.6 (dead end past the last tee)
    expect(loop.pipes.filter((p) => p.id.startsWith('L1:supply:')).map((p) => [p.id, p.from, p.to])).toEqual([
      ['L1:supply:1', 'S0', 'S1'],
      ['L1:supply:2', 'S1', 'S2'],
      ['L1:supply:3', 'S2', 'S3'],
      ['L1:supply:4', 'S3', 'S4'],
      ['L1:supply:5', 'S4', 'S5'],
    ]);
    const expected = [0.7, 0.6, 0.6, 0.6, 1.1];
    expected.forEach((l, i) => {
      expect(len(`L1:supply:${i + 1}`)).toBeCloseTo(l, 12);
      expect(len(`L1:return:${i + 1}`)).toBeCloseTo(l, 12);
    });
    // the return runs towards the CDU: R1 → R0
    expect([pipe('L1:return:1').from, pipe('L1:return:1').to]).toEqual(['R1', 'R0']);
    // straight mains: no bends; a tee (run) on every piece that ends at a tee, none on the dead end
    expect(pipe('L1:supply:1').fittings).toEqual([{ kind: 'tee-run-flanged', count: 1 }]);
    expect(pipe('L1:supply:5').fittings).toBeUndefined();
    // rack r2: connection 0.1 m inside its rear face at its top (2.3 m), right under both mains
    expect(rackConnectionPoint(doc.equipment.find((e) => e.id === 'r2')!, 3.0)).toEqual([3.7, 4.5, 2.3]);
    expect(pipe('L1:r2:supply').from).toBe('S2');
    expect(pipe('L1:r2:supply').to).toBe('r2.in');
    expect(len('L1:r2:supply')).toBeCloseTo(3.0 - 2.3, 12);
    expect(len('L1:r2:return')).toBeCloseTo(3.4 - 2.3, 12);
    expect(pipe('L1:r2:return').from).toBe('r2.out');
    expect(pipe('L1:r2:return').to).toBe('R2');
    // a straight drop out of the tee: the tee's branch loss and an isolation valve, no elbow
    expect(pipe('L1:r2:supply').fittings).toEqual([
      { kind: 'tee-branch-flanged', count: 1 },
      { kind: 'valve-ball-open', count: 1 },
    ]);
    // nodes at the tee positions, 3D
    expect(loop.nodes.find((n) => n.id === 'S2')!.position![0]).toBeCloseTo(3.7, 12);
    expect(loop.nodes.find((n) => n.id === 'R4')!.position).toEqual([4.9, 4.5, 3.4]);
  });

  it('flow-control racks each get Q/(ρ·c_p·ΔT); the loop balances its energy', () => {
    const a = analyzeLiquid(spec);
    const res = a.loops[0];
    // hand calculation: 112.2 kW / (995.65 kg/m³ · 4179.8 J/(kg·K) · 10 K) = 2.69605e-3 m³/s = 161.76 L/min
    const qReq = ((Q_GB200_KW * 1000) / (RHO_30 * CP_30 * 10)) * LPM;
    expect(qReq).toBeCloseTo(161.763, 2);
    expect(res.densityKgM3).toBe(RHO_30);
    expect(res.cpJkgK).toBe(CP_30);
    for (const r of res.racks) {
      expect(rel(r.requiredFlowLpm, qReq)).toBeLessThan(1e-12);
      expect(rel(r.flowLpm, qReq)).toBeLessThan(1e-6);
      // each rack: ΔT = P / (ṁ c_p) = 10 K at its required flow
      expect(r.returnC - r.supplyC).toBeCloseTo(10, 5);
      expect(r.supplyC).toBeCloseTo(25, 9);
    }
    const cdu = res.cdus[0];
    expect(rel(cdu.flowLpm, 4 * qReq)).toBeLessThan(1e-6);
    // loop balance: ρ·Q·c_p·(T_return − T_supply) at the CDU = Σ rack heat = 448.8 kW
    const balanceKw = (RHO_30 * (cdu.flowLpm / LPM) * CP_30 * (cdu.returnC - cdu.supplyC)) / 1000;
    expect(rel(balanceKw, 4 * Q_GB200_KW)).toBeLessThan(1e-6);
    expect(res.totalHeatKw).toBeCloseTo(448.8, 9);
    // the exchanger also takes the running pump's 11.5 kW
    expect(cdu.loadKw).toBeCloseTo(448.8 + 11.5, 5);
    // FWS 20 °C + 4 K × 460.3/1000 = 21.84 °C < 25 °C setpoint: the CDU holds 25 °C
    expect(cdu.supplyC).toBeCloseTo(25, 9);
    expect(a.findings).toEqual([]);
  });

  it("'flow' pump control without rack valves: the CDU delivers 1.1 × Σ Q_req, shared by the racks", () => {
    const a = analyzeLiquid(liquidSpecFromLayout(loaded(smallLoopDoc({ pumpControl: 'flow', rackValves: 'none' }))));
    const res = a.loops[0];
    const qReq = ((Q_GB200_KW * 1000) / (RHO_30 * CP_30 * 10)) * LPM;
    expect(rel(res.cdus[0].flowLpm, 1.1 * 4 * qReq)).toBeLessThan(1e-6);
    const sum = res.racks.reduce((s, r) => s + r.flowLpm, 0);
    expect(rel(sum, 1.1 * 4 * qReq)).toBeLessThan(1e-9);
    for (const r of res.racks) expect(r.flowLpm).toBeGreaterThan(qReq);
    expect(a.findings.filter((f) => f.severity !== 'info')).toEqual([]);
  });
});

describe('liquidStates (for drawing the loops)', () => {
  it('per-pipe flows and temperatures: mains carry the racks downstream of them, branches one rack each', () => {
    const { pipes, racks } = liquidStates(loaded(smallLoopDoc()));
    const qReq = ((Q_GB200_KW * 1000) / (RHO_30 * CP_30 * 10)) * LPM;
    const by = new Map(pipes.map((p) => [p.id, p]));
    // supply piece n carries the 5 − n racks beyond it; the dead end nothing
    [4, 3, 2, 1, 0].forEach((n, i) => expect(Math.abs(by.get(`L1:supply:${i + 1}`)!.flowLpm - n * qReq)).toBeLessThan(1e-6 * qReq));
    [4, 3, 2, 1].forEach((n, i) => expect(Math.abs(by.get(`L1:return:${i + 1}`)!.flowLpm - n * qReq)).toBeLessThan(1e-6 * qReq));
    // supply at 25 °C, every return piece at 25 + 10 K (each rack adds 10 K at its required flow)
    expect(by.get('L1:supply:2')!.tempC).toBeCloseTo(25, 9);
    expect(by.get('L1:return:1')!.tempC).toBeCloseTo(35, 5);
    expect(by.get('L1:r3:supply')!.path).toEqual([[4.3, 4.5, 3], [4.3, 4.5, 2.3]]);
    expect(racks.map((r) => r.id)).toEqual(['r1', 'r2', 'r3', 'r4']);
    // plain JSON
    expect(JSON.parse(JSON.stringify(racks))).toEqual(racks);
  });
});

describe('tap splitting on a bent main', () => {
  // supply path: 4 m east, then 5 m north (a 90° bend at 4 m), taps at 2, 4 (on the bend) and 6.5 m
  const d = smallLoopDoc();
  d.pipeLoops[0].supply = { path: [[0, 0, 3], [4, 0, 3], [4, 5, 3]], diameterM: 0.1023, roughnessM: 4.5e-5, fittings: [{ kind: 'valve-gate-open', count: 2 }] };
  d.pipeLoops[0].taps = [
    { rackId: 'r1', supplyAtM: 2, returnAtM: 0.7 },
    { rackId: 'r2', supplyAtM: 4, returnAtM: 1.3 },
    { rackId: 'r3', supplyAtM: 6.5, returnAtM: 1.9 },
    { rackId: 'r4', supplyAtM: 6.5, returnAtM: 2.5 }, // two racks on one tee
  ];
  const loop = liquidSpecFromLayout(loaded(d)).loops[0];
  const sup = loop.pipes.filter((p) => p.id.startsWith('L1:supply:'));

  it('pieces 2, 2, 2.5, 2.5 m; taps at one position share a node; the bend belongs to the piece that starts on it', () => {
    expect(sup.map((p) => polylineLengthM(p.path!))).toEqual([2, 2, 2.5, 2.5]);
    expect(loop.nodes.filter((n) => n.id.startsWith('S')).map((n) => [n.id, n.position])).toEqual([
      ['S0', [0, 0, 3]],
      ['S1', [2, 0, 3]],
      ['S2', [4, 0, 3]],
      ['S3', [4, 2.5, 3]],
      ['S4', [4, 5, 3]],
    ]);
    expect(loop.pipes.find((p) => p.id === 'L1:r3:supply')!.from).toBe('S3');
    expect(loop.pipes.find((p) => p.id === 'L1:r4:supply')!.from).toBe('S3');
    // user fittings on the first piece; tees where pieces end at a tee; the 90° elbow on piece 3
    expect(sup[0].fittings).toEqual([
      { kind: 'tee-run-flanged', count: 1 },
      { kind: 'valve-gate-open', count: 2 },
    ]);
    expect(sup[1].fittings).toEqual([{ kind: 'tee-run-flanged', count: 1 }]);
    expect(sup[2].fittings).toEqual([
      { kind: 'elbow-90-flanged', count: 1 },
      { kind: 'tee-run-flanged', count: 1 },
    ]);
    expect(sup[2].path).toEqual([[4, 0, 3], [4, 2.5, 3]]);
    expect(sup[3].fittings).toBeUndefined();
    // r1 is 2.6 m from its tee in plan (tee at (2, 0), connection at (3.1, 4.5)): level run, elbow, 0.7 m drop
    const b = loop.pipes.find((p) => p.id === 'L1:r1:supply')!;
    expect(b.path).toEqual([[2, 0, 3], [3.1, 4.5, 3], [3.1, 4.5, 2.3]]);
    expect(b.lengthM).toBeCloseTo(Math.hypot(1.1, 4.5) + 0.7, 12);
    expect(b.fittings).toEqual([
      { kind: 'tee-branch-flanged', count: 1 },
      { kind: 'elbow-90-flanged', count: 1 },
      { kind: 'valve-ball-open', count: 1 },
    ]);
  });

  it('a given branch length and bore win over the geometry', () => {
    const d2 = smallLoopDoc();
    d2.pipeLoops[0].taps[0] = { ...d2.pipeLoops[0].taps[0], branchLengthM: 3, branchDiameterM: 0.0409 };
    const p = liquidSpecFromLayout(loaded(d2)).loops[0].pipes.find((x) => x.id === 'L1:r1:return')!;
    expect(p.lengthM).toBe(3);
    expect(p.diameterM).toBe(0.0409);
    expect(p.fittings![0]).toEqual({ kind: 'tee-branch-threaded', count: 1 }); // small bore: threaded
  });
});

describe('findings the layout wiring adds', () => {
  it('an NVL72 on no loop is critical (unconnected); through runAll too', () => {
    const d = smallLoopDoc();
    d.equipment.push(item('lonely', 'rack', 'gb300-nvl72', [12, 8, 0]), item('air', 'rack', 'hgx-h100-4x-air', [14, 8, 0]));
    const r = runLiquid(loaded(d));
    expect(r.engine).toBe('liquid');
    expect(r.findings.map((f) => [f.id, f.severity, f.owner, f.subjects])).toEqual([['liquid:unconnected:lonely', 'critical', 'mechanical', ['lonely']]]);
    expect(ENGINES.map((e) => e.name)).toContain('liquid');
    const all = runAll(loaded(d));
    expect(all.findings.filter((f) => f.engine === 'liquid').map((f) => f.id)).toEqual(['liquid:unconnected:lonely']);
    // the result is small and survives JSON
    expect(JSON.parse(JSON.stringify(r))).toEqual(r);
  });

  it('pipes over a UPS: a warning measuring the pipe length over its footprint; none when the pipes run below it', () => {
    // mains extended to x = 11 over a 3.6 × 1.0 m UPS centred at (8, 4.5): both mains cross 3.6 m of it
    const d = smallLoopDoc({}, 11);
    d.equipment.push(item('ups-1', 'ups', 'modular-1250', [8, 4.5, 0]));
    const f = runLiquid(loaded(d)).findings;
    expect(f.map((x) => [x.id, x.severity, x.subjects])).toEqual([['liquid:pipe-over-electrical:L1:ups-1', 'warning', ['ups-1', 'L1']]]);
    expect(f[0].measured!.value).toBeCloseTo(2 * 3.6, 9);
    expect(f[0].limit).toEqual({ value: 0, unit: 'm' });
    expect(f[0].at![0]).toBeCloseTo(8, 9);
    // turned 90°: its 1.0 m depth lies along the pipes
    d.equipment[d.equipment.length - 1].rotationDeg = 90;
    expect(runLiquid(loaded(d)).findings[0].measured!.value).toBeCloseTo(2 * 1.0, 9);
    // beside the pipes (centre 0.6 m south of them, 0.5 m half-depth): nothing
    d.equipment[d.equipment.length - 1] = item('ups-1', 'ups', 'modular-1250', [8, 3.9, 0]);
    expect(runLiquid(loaded(d)).findings).toEqual([]);
    // a UPS on a mezzanine 3.5 m up, above both mains: nothing drips onto it
    d.equipment[d.equipment.length - 1] = item('ups-1', 'ups', 'modular-1250', [8, 4.5, 3.5]);
    expect(runLiquid(loaded(d)).findings).toEqual([]);
    // …and at 3.2 m, between the supply (3.0) and return (3.4) mains: only the return is above it
    d.equipment[d.equipment.length - 1] = item('ups-1', 'ups', 'modular-1250', [8, 4.5, 3.2]);
    expect(runLiquid(loaded(d)).findings[0].measured!.value).toBeCloseTo(3.6, 9);
  });

  it('mains that do not start at their CDU: a warning with the plan distance', () => {
    const d = smallLoopDoc();
    // the CDU (0.8 × 1.2 m at (2.4, 4)) moved 3 m west: the mains now start 2.6 m east of its east face
    d.equipment[0].position = [-0.6, 4, 0];
    const f = runLiquid(loaded(d)).findings.filter((x) => x.code === 'cdu-not-at-main');
    expect(f.map((x) => [x.id, x.severity])).toEqual([['liquid:cdu-not-at-main:L1:cdu-1', 'warning']]);
    expect(f[0].measured!.value).toBeCloseTo(2.4 - (-0.6 + 0.4), 12);
    expect(f[0].message).toContain('supply main starts 2.6 m and the return main starts 2.6 m from CDU cdu-1');
    // as drawn in smallLoopDoc (starting above the CDU's centre): nothing
    expect(runLiquid(loaded(smallLoopDoc())).findings).toEqual([]);
  });

  it('a main too small for its flow: velocity warnings placed at the middle of each pipe', () => {
    // 2" mains (52.5 mm) for 4 × 161.8 L/min: v = 647.1 / 60,000 / (π/4 · 0.0525²) = 4.98 m/s on the first piece
    const d = smallLoopDoc();
    d.pipeLoops[0].supply.diameterM = 0.0525;
    const f = runLiquid(loaded(d)).findings.filter((x) => x.code === 'velocity');
    const qReq = ((Q_GB200_KW * 1000) / (RHO_30 * CP_30 * 10)) * LPM;
    const area = (Math.PI / 4) * 0.0525 ** 2;
    // flow-control racks: the first piece carries all four racks' flow (4.98 m/s), the second three
    // (3.74 m/s); the third carries two, 2.49 m/s, just under the 2.5 m/s limit
    expect((2 * qReq) / LPM / area).toBeCloseTo(2.49, 2);
    expect(f.map((x) => x.subjects[0])).toEqual(['L1:supply:1', 'L1:supply:2']);
    expect(f.map((x) => x.measured!.value)).toEqual([4, 3].map((n) => expect.closeTo((n * qReq) / LPM / area, 5)));
    expect(f[0].at).toEqual([expect.closeTo(2.75, 12), 4.5, 3]);
    expect(f[1].at![0]).toBeCloseTo(3.4, 12);
  });

  it('mains drawn through the racks: a clash per rack, measured as the main length inside it; the own CDU is exempt', () => {
    // mains at 1.5 and 1.9 m run along y = 4.5 through the four racks (x 2.8–5.2, 0.6 m each, 0–2.3 m high)
    const d = smallLoopDoc();
    d.pipeLoops[0].supply.path = [[2.4, 4.5, 1.5], [6.0, 4.5, 1.5]];
    d.pipeLoops[0].return.path = [[2.4, 4.5, 1.9], [6.0, 4.5, 1.9]];
    const f = runLiquid(loaded(d)).findings.filter((x) => x.code === 'pipe-clash');
    expect(f.map((x) => [x.id, x.severity, x.measured!.value])).toEqual(['r1', 'r2', 'r3', 'r4'].map((r) => [`liquid:pipe-clash:L1:${r}`, 'warning', expect.closeTo(2 * 0.6, 9)]));
    // placed at the first piece of main found inside r2 (x 3.4–4.0): the supply piece ending at its tee, 3.4–3.7
    expect(f[1].at).toEqual([expect.closeTo(3.55, 9), 4.5, 1.5]);
    // a riser through a network rack standing where the supply main turns up: only the part inside counts
    const d2 = smallLoopDoc();
    d2.equipment.push(item('net', 'rack', 'network', [8, 4.5, 0])); // 0.8 × 1.2 × 2.2 m
    d2.pipeLoops[0].supply.path = [[2.4, 4.5, 3.0], [8, 4.5, 3.0], [8, 4.5, 1.0], [9, 4.5, 1.0]];
    const g = runLiquid(loaded(d2)).findings.filter((x) => x.code === 'pipe-clash');
    // down the riser from its top (2.2 m, less the 1 mm a pipe may rest on) to 1.0 m, and 0.4 m east along
    // the low run to the rack's face
    expect(g.map((x) => [x.id, x.measured!.value])).toEqual([['liquid:pipe-clash:L1:net', expect.closeTo(1.2 - 0.001 + 0.4, 9)]]);
  });

  it('no heat-rejection equipment: a warning, FWS assumed at setpoint − approach', () => {
    const d = smallLoopDoc();
    d.equipment = d.equipment.filter((e) => e.kind !== 'chiller');
    const { spec, notes } = adaptLayout(loaded(d));
    expect(spec.heatRejection).toBeUndefined();
    expect(spec.loops[0].cdus[0].fwsSupplyC).toBe(25 - 4);
    expect(notes.findings.map((f) => [f.id, f.severity])).toEqual([['liquid:no-heat-rejection:plant', 'warning']]);
  });
});

describe('loops being drawn or edited', () => {
  it('deleting a tapped rack and the CDU detaches them; the mains stay, the file stays valid, the engine says what is missing', () => {
    const d = loaded(smallLoopDoc());
    const noR2 = removeEquipment(d, new Set(['r2']));
    expect(noR2.pipeLoops[0].taps.map((t) => t.rackId)).toEqual(['r1', 'r3', 'r4']);
    expect(noR2.pipeLoops[0].supply).toBe(d.pipeLoops[0].supply);
    // removing something no loop references keeps the loops array itself
    expect(removeEquipment(d, new Set(['ch-1'])).pipeLoops).toBe(d.pipeLoops);
    const noCdu = loaded(removeEquipment(d, new Set(['cdu-1'])));
    expect(noCdu.pipeLoops[0].cduIds).toEqual([]);
    expect(runLiquid(noCdu).findings.map((f) => [f.id, f.severity, f.subjects])).toEqual([['liquid:no-cdu:L1', 'critical', ['L1', 'r1', 'r2', 'r3', 'r4']]]);
    const noTaps = loaded(removeEquipment(d, new Set(['r1', 'r2', 'r3', 'r4'])));
    expect(runLiquid(noTaps).findings.map((f) => [f.id, f.severity])).toEqual([['liquid:no-racks:L1', 'info']]);
  });

  it('a CDU that cannot pump (0 L/min rated flow) is left out with a critical finding', () => {
    const d = smallLoopDoc();
    d.equipment[0].props.maxFlowLpm = 0;
    const f = runLiquid(loaded(d)).findings;
    expect(f.map((x) => [x.id, x.severity])).toEqual([
      ['liquid:cdu-data:cdu-1', 'critical'],
      ['liquid:no-cdu:L1', 'critical'],
    ]);
  });
});

describe('site conditions', () => {
  /** Hyland–Wexler (ASHRAE Fundamentals 2017 ch. 1 eq. 6) saturation pressure over water, kPa. */
  const pwsHW = (tC: number) => {
    const T = tC + 273.15;
    return Math.exp(-5.8002206e3 / T + 1.3914993 - 4.8640239e-2 * T + 4.1764768e-5 * T * T - 1.4452093e-8 * T ** 3 + 6.5459673 * Math.log(T)) / 1000;
  };
  /** dew point by bisection on Hyland–Wexler */
  const dewHW = (pw: number) => {
    let lo = -40;
    let hi = 60;
    for (let i = 0; i < 200; i++) {
      const m = (lo + hi) / 2;
      if (pwsHW(m) < pw) lo = m;
      else hi = m;
    }
    return lo;
  };

  it('room dew point from design dry/wet bulb agrees with an independent Hyland–Wexler calculation to 0.1 K (Magnus vs Hyland–Wexler)', () => {
    for (const [db, wb] of [[38, 24], [35, 24], [30, 15], [25, 25]] as const) {
      const pws = pwsHW(wb);
      const ws = (0.621945 * pws) / (101.325 - pws);
      const w = ((2501 - 2.326 * wb) * ws - 1.006 * (db - wb)) / (2501 + 1.86 * db - 4.186 * wb);
      const pw = (101.325 * w) / (0.621945 + w);
      expect(Math.abs(dewPointFromDbWbC(db, wb) - dewHW(pw)), `${db}/${wb}`).toBeLessThan(0.1);
    }
    // saturated air: the dew point is the wet bulb
    expect(dewPointFromDbWbC(25, 25)).toBeCloseTo(25, 2);
    // West Texas 38/24 °C: ≈ 18.0 °C (psychrometric chart: W ≈ 0.0130 kg/kg)
    expect(dewPointFromDbWbC(38, 24)).toBeCloseTo(18.04, 1);
    // bone dry: no dew point
    expect(dewPointFromDbWbC(45, 5)).toBe(-Infinity);
  });

  it('heat rejection: chillers set the FWS; dry coolers warmer than that are idle economisers; alone, the warmest dry cooler sets it', () => {
    const d = smallLoopDoc();
    d.site.climate = { designDryBulbC: 38, designWetBulbC: 24 };
    d.equipment.push(item('dc-1', 'dry-cooler', 'v-1000', [15, -12, 0], 0, null), item('dc-2', 'dry-cooler', 'adiabatic-1000', [30, -12, 0], 0, null));
    const withChiller = heatRejectionFromLayout(loaded(d));
    expect(withChiller.fwsSupplyC).toBe(20);
    expect(withChiller.idleEconomisers).toEqual(['dc-1', 'dc-2']);
    expect(withChiller.units.map((u) => u.id)).toEqual(['ch-1']);
    d.equipment = d.equipment.filter((e) => e.kind !== 'chiller');
    const dry = heatRejectionFromLayout(loaded(d));
    // plain: 38 + 8 = 46 °C; adiabatic (ε 0.8): 38 − 0.8 × (38 − 24) + 8 = 34.8 °C; the warmer one sets the FWS
    expect(dry.units.map((u) => [u.id, u.leavingC])).toEqual([
      ['dc-1', 46],
      ['dc-2', 38 - 0.8 * 14 + 8],
    ]);
    expect(dry.fwsSupplyC).toBe(46);
    // …and 46 °C facility water cannot make 25 °C coolant: every rack too warm (supply 46 + 4 × load/capacity)
    const r = runLiquid(loaded(d));
    expect(r.findings.filter((f) => f.code === 'supply-temperature')).toHaveLength(4);
  });
});

describe('loader: pipe-loop cross-references, with JSON paths', () => {
  const raw = () => JSON.parse(serializeLayout(smallLoopDoc()));
  const errorsOf = (d: unknown) => {
    const r = loadLayout(d);
    if (r.ok) throw new Error('expected the load to fail');
    return r.errors;
  };

  it('unknown or wrong-kind CDU ids, a CDU on two loops', () => {
    const d = raw();
    d.pipeLoops[0].cduIds = ['nope', 'r1'];
    expect(errorsOf(d)).toEqual([
      { path: 'pipeLoops[0].cduIds[0]', message: 'Equipment "nope" does not exist; list the ids of the CDUs that feed this loop.' },
      { path: 'pipeLoops[0].cduIds[1]', message: '"r1" is a rack, not a CDU.' },
    ]);
    const d2 = raw();
    d2.pipeLoops.push({ ...structuredClone(d2.pipeLoops[0]), id: 'L2', taps: [] });
    expect(errorsOf(d2)).toEqual([{ path: 'pipeLoops[1].cduIds[0]', message: 'CDU "cdu-1" is already listed at pipeLoops[0].cduIds[0]; a CDU feeds one loop.' }]);
  });

  it('unknown racks, racks tapped twice, non-racks tapped', () => {
    const d = raw();
    d.pipeLoops[0].taps[1].rackId = 'ghost';
    d.pipeLoops[0].taps[2].rackId = 'r1';
    d.pipeLoops[0].taps[3].rackId = 'cdu-1';
    expect(errorsOf(d)).toEqual([
      { path: 'pipeLoops[0].taps[1].rackId', message: 'Equipment "ghost" does not exist; a tap connects a rack by its id.' },
      { path: 'pipeLoops[0].taps[2].rackId', message: 'Rack "r1" is already tapped at pipeLoops[0].taps[0]; a rack connects to one loop once.' },
      { path: 'pipeLoops[0].taps[3].rackId', message: '"cdu-1" is a cdu, not a rack; only racks are tapped onto a loop.' },
    ]);
  });

  it('tap and expansion positions beyond the path, repeated points, paths with fewer than 2 points, shared ids', () => {
    const d = raw();
    d.pipeLoops[0].taps[3].supplyAtM = 3.7; // the supply main is 3.6 m long
    d.pipeLoops[0].expansion.atM = 4;
    d.pipeLoops[0].return.path.splice(1, 0, [2.4, 4.5, 3.4]); // repeats point 0
    expect(errorsOf(d)).toEqual([
      { path: 'pipeLoops[0].return.path[1]', message: 'Point 1 repeats point 0; remove one (a pipe segment needs a length).' },
      { path: 'pipeLoops[0].taps[3].supplyAtM', message: 'The supply tee at 3.7 m along the supply main lies beyond its end; the supply path is 3.600 m long.' },
      { path: 'pipeLoops[0].expansion.atM', message: 'The expansion point at 4 m along the return main lies beyond its end; the return path is 3.600 m long.' },
    ]);
    const d2 = raw();
    d2.pipeLoops[0].supply.path = [[2.4, 4.5, 3]];
    const e2 = errorsOf(d2);
    expect(e2).toHaveLength(1);
    expect(e2[0].path).toBe('pipeLoops[0].supply.path');
    expect(e2[0].message).toMatch(/>=2 items; found 1 items\. Change the number of items\./);
    const d3 = raw();
    d3.pipeLoops[0].id = 'r1';
    expect(errorsOf(d3)).toEqual([{ path: 'pipeLoops[0].id', message: 'Duplicate id "r1" (also at equipment[1].id); every hall, opening, equipment and connection needs its own id.' }]);
  });

  it('a millimetre of slack past the end (tools round to the millimetre): accepted and clamped to the end', () => {
    const d = raw();
    d.pipeLoops[0].taps[3].supplyAtM = 3.6009;
    const r = loadLayout(d);
    if (!r.ok) throw new Error(r.summary);
    const loop = liquidSpecFromLayout(r.doc).loops[0];
    // the tee is the end node S4 (taps at 0.7, 1.3, 1.9 and the end): no zero-length piece past it
    expect(loop.pipes.find((p) => p.id === 'L1:r4:supply')!.from).toBe('S4');
    expect(loop.pipes.filter((p) => p.id.startsWith('L1:supply:')).map((p) => polylineLengthM(p.path!))).toEqual([0.7, 0.6, 0.6, 1.7].map((x) => expect.closeTo(x, 12)));
    d.pipeLoops[0].taps[3].supplyAtM = 3.6011;
    expect(errorsOf(d).map((e) => e.path)).toEqual(['pipeLoops[0].taps[3].supplyAtM']);
  });

  it('an air rack on a tap loads with a warning and carries no heat', () => {
    const d = raw();
    d.equipment.push({ id: 'air-1', kind: 'rack', model: 'hgx-h100-4x-air', hallId: 'hall-1', position: [20, 8, 0] });
    d.pipeLoops[0].taps.push({ rackId: 'air-1', supplyAtM: 3.6, returnAtM: 3.6 });
    const r = loadLayout(d);
    if (!r.ok) throw new Error(r.summary);
    expect(r.warnings).toEqual([{ path: 'pipeLoops[0].taps[4].rackId', message: 'Rack "air-1" is air-cooled (no liquid share); its tap carries no heat.' }]);
    expect(liquidSpecFromLayout(r.doc).loops[0].racks.map((x) => x.id)).toEqual(['r1', 'r2', 'r3', 'r4']);
  });

  it('a version-1 document migrates to an empty pipeLoops array', () => {
    const d = raw();
    d.version = 1;
    delete d.pipeLoops;
    const r = loadLayout(d);
    if (!r.ok) throw new Error(r.summary);
    expect(r.migratedFrom).toBe(1);
    expect(r.doc.pipeLoops).toEqual([]);
    expect(r.doc.format).toBe(FORMAT);
    // and the liquid engine then finds the four NVL72 racks unconnected
    expect(runLiquid(r.doc).findings.map((f) => [f.code, f.severity])).toEqual(Array(4).fill(['unconnected', 'critical']));
  });
});

describe('samples', () => {
  const sample = (f: string) => {
    const r = loadLayout(readFileSync(new URL(`../../public/samples/${f}`, import.meta.url), 'utf8'));
    if (!r.ok) throw new Error(r.summary);
    return r.doc;
  };

  it('converted AI hall: four healthy row loops, 20 NVL72 racks fed at 25 °C; only the chillers’ rating-ambient notes', () => {
    const doc = sample('converted-ai-hall.json');
    expect(doc.pipeLoops.map((l) => [l.id, l.fluid, l.cduIds.length, l.taps.length])).toEqual([
      ['tcs-a1', 'water', 1, 5],
      ['tcs-a2', 'water', 1, 5],
      ['tcs-b1', 'pg25', 1, 5],
      ['tcs-b2', 'pg25', 1, 5],
    ]);
    const r = runLiquid(doc);
    // chillers rated at 35 °C, site design 38 °C: information, not a fault
    expect(r.findings.map((f) => [f.id, f.severity])).toEqual([1, 2, 3, 4].map((i) => [`liquid:plant-rating-ambient:chiller-00${i}`, 'info']));
    const fig = Object.fromEntries(r.figures.map((f) => [f.name, f.value]));
    expect(fig.liquidHeatKw).toBeCloseTo(10 * 132 * 0.85 + 10 * 140 * 0.85, 9); // 2,312 kW
    expect(fig.loops).toBe(4);
    expect(fig.liquidRacks).toBe(20);
    expect(fig.fwsSupplyC).toBe(20);
    expect(fig.minFlowMarginPct).toBeGreaterThan(0);
    expect(fig.maxVelocityMps).toBeLessThan(2.5);
    const a = analyzeLiquid(liquidSpecFromLayout(doc));
    for (const l of a.loops) {
      for (const rr of l.racks) {
        expect(rr.supplyC).toBeCloseTo(25, 9);
        expect(rr.flowLpm).toBeGreaterThan(rr.requiredFlowLpm);
      }
      // each CDU carries its row (5 × 112.2 or 5 × 119 kW) plus its running pump, within 1,000 kW
      expect(l.cdus[0].loadKw).toBeCloseTo(l.totalHeatKw + 11.5, 6);
      expect(l.cdus[0].loadKw).toBeLessThan(1000);
    }
    expect(a.loops.map((l) => l.totalHeatKw)).toEqual([561, 561, 595, 595].map((x) => expect.closeTo(x, 9)));
  });

  it('as-found mining hall: no liquid racks, no loops, no liquid findings', () => {
    const r = runLiquid(sample('as-found-mining-hall.json'));
    expect(r.findings).toEqual([]);
    expect(r.figures.find((f) => f.name === 'loops')!.value).toBe(0);
  });
});

describe('generated layout of the benchmark (test/helpers/liquid-layout.ts)', () => {
  it('3 rows × (2 CDUs, 40 racks): loads clean; flow-control racks get their flow; each CDU alone is short (n−1)', () => {
    const doc = loaded(makeLiquidDoc({ rows: 3 }));
    expect(doc.pipeLoops).toHaveLength(3);
    const { spec } = adaptLayout(doc);
    const a = analyzeLiquid({ ...spec, cduFailureCases: false });
    for (const l of a.loops) {
      expect(l.converged).toBe(true);
      expect(l.racks).toHaveLength(40);
      for (const r of l.racks) expect(rel(r.flowLpm, r.requiredFlowLpm)).toBeLessThan(1e-6);
      // 8 × (60 + 70 + 80 + 90 + 100) kW = 3,200 kW per row
      expect(l.totalHeatKw).toBeCloseTo(3200, 9);
    }
    // a failed 2 MW CDU leaves 2,000 kW for 3,200 kW + the other's 11.5 kW pump heat
    const f = runLiquid(doc).findings;
    expect(f.filter((x) => x.code === 'cdu-n-1').map((x) => [x.subjects[0], x.measured!.value, x.limit!.value])).toEqual(
      [0, 1, 2].flatMap((r) => [0, 1].map((c) => [`cdu-${r}-${c}`, expect.closeTo(3211.5, 6), 2000])),
    );
    expect(f.filter((x) => x.code !== 'cdu-n-1').map((x) => x.id)).toEqual(['liquid:no-heat-rejection:plant']);
  });
});

describe('docs/format.md', () => {
  it('the pipeLoops example loads on the v2 fixture and describes its loop', () => {
    const md = readFileSync(new URL('../../docs/format.md', import.meta.url), 'utf8');
    const at = md.indexOf('### `pipeLoops[]`');
    expect(at).toBeGreaterThan(-1);
    const block = /```json\n([\s\S]*?)```/.exec(md.slice(at))![1];
    const example = JSON.parse(`{${block}}`).pipeLoops;
    const fixture = JSON.parse(readFileSync(new URL('../fixtures/v2-liquid-loop.json', import.meta.url), 'utf8'));
    const r = loadLayout({ ...fixture, pipeLoops: example });
    if (!r.ok) throw new Error(r.summary);
    const l = r.doc.pipeLoops[0];
    expect(l.name).toBe('loop-1');
    expect(l.taps).toEqual([
      { rackId: 'rack-01', supplyAtM: 1.3, returnAtM: 1.7 },
      { rackId: 'rack-02', supplyAtM: 1.9, returnAtM: 2.3 },
    ]);
    // the taps sit right above the racks' rear connection points: 0.7 m branches on the supply
    const loop = liquidSpecFromLayout(r.doc).loops[0];
    expect(polylineLengthM(loop.pipes.find((p) => p.id === 'loop-1:rack-01:supply')!.path!)).toBeCloseTo(0.7, 12);
  });
});

describe('CDU failure cases reuse the design point when it is exact (designWithout)', () => {
  it('parallel CDUs on common nodes: same need, flow shared by one fewer; the failure solve is unchanged', () => {
    for (const pumpControl of ['dp', 'flow'] as const) {
      const doc = loaded(makeLiquidDoc({ rows: 1, racksPerRow: 12, cdusPerRow: 3 }));
      doc.pipeLoops[0].pumpControl = pumpControl;
      doc.pipeLoops[0].rackValves = 'none';
      const loop = liquidSpecFromLayout(doc).loops[0];
      const design = designPointNeed(loop);
      const failedSpec = { ...loop, cdus: loop.cdus.map((c) => (c.id === 'cdu-0-1' ? { ...c, failed: true } : c)) };
      const direct = designPointNeed(failedSpec);
      const derived = designWithout(loop, design, 'cdu-0-1')!;
      expect(derived.map((d) => d.cduId)).toEqual(direct.map((d) => d.cduId));
      derived.forEach((d, i) => {
        expect(d.needKpa).toBeCloseTo(direct[i].needKpa, 9);
        expect(d.designFlowLpm).toBeCloseTo(direct[i].designFlowLpm, 6);
      });
      expect(derived[1].designFlowLpm).toBe(0);
      // 3 CDUs → 2: each survivor takes 3/2 of its intact share
      expect(rel(derived[0].designFlowLpm, 1.5 * design[0].designFlowLpm)).toBeLessThan(1e-12);
      const a = solveLoop(loop, 'cdu-0-1', 20, derived);
      const b = solveLoop(loop, 'cdu-0-1', 20);
      a.racks.forEach((r, i) => expect(rel(r.flowLpm, b.racks[i].flowLpm)).toBeLessThan(1e-9));
      a.cdus.forEach((c, i) => expect(Math.abs(c.flowLpm - b.cdus[i].flowLpm)).toBeLessThan(1e-6));
    }
  });

  it('a CDU alone on its nodes: not derivable (its failure changes the design-point network)', () => {
    const loop = liquidSpecFromLayout(loaded(smallLoopDoc())).loops[0];
    const moved = { ...loop, cdus: [loop.cdus[0], { ...loop.cdus[0], id: 'cdu-x', inletNode: 'R1', outletNode: 'S1' }] };
    expect(designWithout(moved, designPointNeed(moved), 'cdu-x')).toBeUndefined();
    expect(designWithout(loop, designPointNeed(loop), 'cdu-1')).toBeUndefined(); // the only CDU
  });
});
