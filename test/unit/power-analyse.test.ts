import { describe, expect, it } from 'vitest';
import { analysePower, type PowerResult } from '../../workers/power/analyse';
import type { PowerLoadInput, PowerNodeInput, PowerSystemInput } from '../../workers/power/graph';

const node = (r: PowerResult, id: string) => {
  const s = r.nodes.find((x) => x.id === id);
  if (!s) throw new Error(`no node ${id}`);
  return s;
};
const finding = (r: PowerResult, id: string) => r.findings.find((f) => f.id === id);
const scenario = (r: PowerResult, key: string) => {
  const s = r.scenarios.find((x) => x.key === key);
  if (!s) throw new Error(`no scenario ${key}`);
  return s;
};
const racks = (prefix: string, count: number, kw: number, cords: string[], extra: Partial<PowerLoadInput> = {}, breakerA?: number): PowerLoadInput[] =>
  Array.from({ length: count }, (_, i) => ({
    id: `${prefix}-${i}`,
    category: 'it' as const,
    kw,
    pf: 1,
    cords: cords.map((c, k) => ({ node: c, label: String.fromCharCode(65 + k), breakerA })),
    ...extra,
  }));

/** utility → transformer → switchgear chain feeding whatever comes below (480 V). */
const supply = (sfx = '', side?: string): PowerNodeInput[] => [
  { id: `util${sfx}`, kind: 'utility', sources: [], voltageV: 34_500, ratingKw: 20_000, side },
  { id: `tx${sfx}`, kind: 'transformer', sources: [`util${sfx}`], voltageV: 480, ratingKva: 5000, side },
  { id: `swgr${sfx}`, kind: 'switchgear', sources: [`tx${sfx}`], voltageV: 480, breakerA: 8000, side },
];

describe('UPS N+1 (module redundancy inside one system)', () => {
  const input: PowerSystemInput = {
    nodes: [
      ...supply(),
      { id: 'ups', kind: 'ups', sources: ['swgr'], voltageV: 415, ups: { moduleKw: 250, moduleCount: 4, redundantModules: 1 } },
      { id: 'pdu', kind: 'pdu', sources: ['ups'], voltageV: 415 },
    ],
    loads: racks('r', 7, 100, ['pdu']),
    design: { redundancy: 'N+1' },
  };
  it('4 × 250 kW, 700 kW: 70 % normally, 700/750 = 93.3 % with one module lost (warning)', () => {
    const r = analysePower(input);
    expect(node(r, 'ups').outputKw).toBeCloseTo(700, 9);
    expect(node(r, 'ups').utilisation).toBeCloseTo(0.7, 12);
    const sc = scenario(r, 'module@ups');
    expect(sc.overloads).toHaveLength(1);
    expect(sc.overloads[0].utilisation).toBeCloseTo(700 / 750, 12);
    const f = finding(r, 'electrical:failure-overload:module@ups:ups')!;
    expect(f.severity).toBe('warning');
    expect(f.measured!.value).toBeCloseTo(700, 9);
    expect(f.limit!.value).toBeCloseTo(750, 9);
    expect(r.findings.filter((x) => x.severity === 'critical')).toEqual([]);
    // the whole system failing drops the single-corded racks (accepted in an N+1 design: info)
    const lost = finding(r, 'electrical:failure-lost-load:ups')!;
    expect(lost.severity).toBe('info');
    expect(scenario(r, 'ups').lostKw).toBeCloseTo(700, 9);
    expect(r.figures.find((f) => f.name === 'worstLostKw')!.value).toBeCloseTo(700, 9);
    expect(r.figures.find((f) => f.name === 'itKw')!.value).toBeCloseTo(700, 9);
  });
  it('the same state computed directly with a module out of service', () => {
    const r = analysePower(input, { upsModulesOut: { ups: 1 }, singleFailure: false });
    expect(node(r, 'ups').utilisation).toBeCloseTo(700 / 750, 12);
    expect(finding(r, 'electrical:near-limit:ups')!.severity).toBe('warning');
    // 700 kW on 3 × 250 kW with one declared redundant: N capacity 500 kW → N+1 not met
    const red = finding(r, 'electrical:ups-redundancy:ups')!;
    expect(red.measured!.value).toBeCloseTo(700, 9);
    expect(red.limit!.value).toBeCloseTo(500, 9);
    expect(finding(analysePower(input, { singleFailure: false }), 'electrical:ups-redundancy:ups')).toBeUndefined();
    const r2 = analysePower(input, { upsModulesOut: { ups: 2 }, singleFailure: false });
    expect(node(r2, 'ups').utilisation).toBeCloseTo(700 / 500, 12);
    expect(finding(r2, 'electrical:overload:ups')!.severity).toBe('critical');
  });
});

const twoN = (rackKw: number, extraLoads: PowerLoadInput[] = [], cordBreakerA?: number): PowerSystemInput => ({
  nodes: [
    ...supply('-A', 'A'),
    ...supply('-B', 'B'),
    { id: 'ups-A', kind: 'ups', sources: ['swgr-A'], voltageV: 415, ups: { moduleKw: 250, moduleCount: 4 }, side: 'A' },
    { id: 'ups-B', kind: 'ups', sources: ['swgr-B'], voltageV: 415, ups: { moduleKw: 250, moduleCount: 4 }, side: 'B' },
    { id: 'pdu-A', kind: 'pdu', sources: ['ups-A'], voltageV: 415, side: 'A' },
    { id: 'pdu-A2', kind: 'pdu', sources: ['ups-A'], voltageV: 415, side: 'A' },
    { id: 'pdu-B', kind: 'pdu', sources: ['ups-B'], voltageV: 415, side: 'B' },
  ],
  loads: [...racks('r', 10, rackKw, ['pdu-A', 'pdu-B'], {}, cordBreakerA), ...extraLoads],
  design: { redundancy: '2N' },
});

describe('2N (system plus system)', () => {
  it('two 1 MW UPS, 600 kW dual-corded: 300 kW each, 600 kW on the survivor', () => {
    const r = analysePower(twoN(60), { recordScenarioNodes: true });
    expect(node(r, 'ups-A').outputKw).toBeCloseTo(300, 9);
    expect(node(r, 'ups-B').outputKw).toBeCloseTo(300, 9);
    for (const [failed, survivor] of [
      ['ups-A', 'ups-B'],
      ['ups-B', 'ups-A'],
      ['side@A', 'ups-B'],
    ]) {
      const sc = scenario(r, failed);
      expect(sc.changed!.find((c) => c.elementId === survivor)!.outputKw).toBeCloseTo(600, 9);
      expect(sc.lostLoadIds).toEqual([]);
      expect(sc.overloads).toEqual([]);
    }
    // full recomputation with ups-A out of service agrees
    const full = analysePower(twoN(60), { outOfService: ['ups-A'], singleFailure: false });
    expect(node(full, 'ups-B').outputKw).toBeCloseTo(600, 9);
    expect(node(full, 'ups-A').alive).toBe(false);
    expect(node(full, 'pdu-A').alive).toBe(false);
    expect(full.loads.every((l) => l.powered && l.liveCords === 1)).toBe(true);
    expect(r.findings.filter((f) => f.severity !== 'info')).toEqual([]);
  });
  it('with 1.2 MW both UPS are overloaded (120 %) after the other fails', () => {
    const r = analysePower(twoN(120));
    expect(node(r, 'ups-A').utilisation).toBeCloseTo(0.6, 12);
    for (const [failed, survivor] of [
      ['ups-A', 'ups-B'],
      ['ups-B', 'ups-A'],
    ]) {
      const f = finding(r, `electrical:failure-overload:${failed}:${survivor}`)!;
      expect(f.severity).toBe('critical');
      expect(f.measured!.value).toBeCloseTo(1200, 9);
      expect(f.limit!.value).toBeCloseTo(1000, 9);
      expect(f.subjects).toEqual([survivor, failed]);
      expect(f.message).toContain('120.0 %');
    }
    // upstream, the survivor's transformer also takes the whole load (+ UPS losses)
    const sc = scenario(r, 'ups-A');
    expect(sc.overloads.map((o) => o.elementId)).toEqual(['ups-B']);
  });
  it('lost redundancy: single cord, both cords on one PDU, both cords on one UPS; cord failover overload', () => {
    const extra: PowerLoadInput[] = [
      { id: 'single', category: 'it', kw: 10, pf: 1, cords: [{ node: 'pdu-A' }] },
      { id: 'same-pdu', category: 'it', kw: 10, pf: 1, cords: [{ node: 'pdu-A' }, { node: 'pdu-A' }] },
      { id: 'same-ups', category: 'it', kw: 10, pf: 1, cords: [{ node: 'pdu-A' }, { node: 'pdu-A2' }] },
    ];
    const r = analysePower(twoN(60, extra, 100));
    expect(finding(r, 'electrical:single-corded:single')!.severity).toBe('warning');
    expect(finding(r, 'electrical:single-corded:r-0')).toBeUndefined();
    const pduA = scenario(r, 'pdu-A');
    expect(pduA.lostLoadIds.sort()).toEqual(['same-pdu', 'single']);
    expect(pduA.lostMultiCorded).toBe(1);
    expect(finding(r, 'electrical:failure-lost-load:pdu-A')!.severity).toBe('critical');
    expect(finding(r, 'electrical:cords-same-element:same-pdu')!.severity).toBe('critical');
    expect(finding(r, 'electrical:cords-same-element:same-ups')).toBeUndefined();
    const upsA = scenario(r, 'ups-A');
    expect(upsA.lostLoadIds.sort()).toEqual(['same-pdu', 'same-ups', 'single']);
    expect(upsA.lostMultiCorded).toBe(2);
    expect(upsA.lostKw).toBeCloseTo(30, 9);
    // pdu-A2 alone: same-ups survives on its other cord
    expect(scenario(r, 'pdu-A2').lostLoadIds).toEqual([]);
    // 60 kW racks at PF 1 on 415 V / 100 A cords: 41.74 A normally, 83.47 A on failover > 80 A
    const cf = finding(r, 'electrical:cord-failover-overload:r-0')!;
    expect(cf.severity).toBe('critical');
    expect(cf.measured!.value).toBeCloseTo(60_000 / (Math.sqrt(3) * 415), 6);
    expect(cf.limit!.value).toBe(80);
  });
});

describe('busway and tap-offs under failover', () => {
  it('tap-off warnings are summarised per scenario; busway and RPP kVA ratings checked', () => {
    const sides = ['A', 'B'];
    const input: PowerSystemInput = {
      nodes: [
        ...sides.flatMap((s) => supply(`-${s}`, s)),
        ...sides.flatMap((s): PowerNodeInput[] => [
          { id: `ups-${s}`, kind: 'ups', sources: [`swgr-${s}`], voltageV: 415, ups: { moduleKw: 250, moduleCount: 4 }, side: s },
          { id: `bw-${s}`, kind: 'busway', sources: [`ups-${s}`], voltageV: 415, ratingA: 800, side: s },
          ...Array.from({ length: 10 }, (_, i): PowerNodeInput => ({ id: `tap-${i}-${s}`, kind: 'tapoff', sources: [`bw-${s}`], voltageV: 415, breakerA: 63, side: s })),
          { id: `rpp-${s}`, kind: 'rpp', sources: [`ups-${s}`], voltageV: 415, ratingKva: 100, side: s },
        ]),
      ],
      loads: [
        ...Array.from({ length: 10 }, (_, i): PowerLoadInput => ({ id: `r-${i}`, category: 'it', kw: 33, pf: 1, cords: sides.map((s) => ({ node: `tap-${i}-${s}` })) })),
        { id: 'rpp-load', category: 'it', kw: 60, pf: 1, cords: sides.map((s) => ({ node: `rpp-${s}` })) },
      ],
      design: { redundancy: '2N' },
    };
    const r = analysePower(input);
    // 33 kW at 415 V PF 1 = 45.91 A on the surviving 63 A tap-off (50.4 A at 80 %): 91.1 %
    const sc = scenario(r, 'bw-A');
    const taps = sc.overloads.filter((o) => o.elementId.startsWith('tap-'));
    expect(taps).toHaveLength(10);
    for (const o of taps) expect(o.utilisation).toBeCloseTo(33_000 / (Math.sqrt(3) * 415) / 50.4, 9);
    expect(r.findings.filter((f) => f.code === 'failure-overload' && f.id.startsWith('electrical:failure-overload:bw-A:'))).toEqual([]);
    const more = finding(r, 'electrical:failure-overload-more:bw-A')!;
    expect(more.severity).toBe('warning');
    expect(more.message).toContain('10 element(s)');
    // busway: 330 kW → 459.1 A on 800 A (640 A continuous) normally half of that
    expect(node(r, 'bw-A').measured).toBeCloseTo(165_000 / (Math.sqrt(3) * 415), 6);
    expect(node(r, 'bw-A').limit).toBe(640);
    // RPP: 30 kVA normally, 60 kVA on 100 kVA after the other side fails (no finding); 120 kVA overloads it
    expect(node(r, 'rpp-A').basis).toBe('kva');
    expect(node(r, 'rpp-A').utilisation).toBeCloseTo(0.3, 12);
    const r2 = analysePower({ ...input, loads: input.loads.map((l) => (l.id === 'rpp-load' ? { ...l, kw: 120 } : l)) });
    expect(finding(r2, 'electrical:failure-overload:rpp-A:rpp-B')!.severity).toBe('critical');
    expect(finding(r2, 'electrical:failure-overload:rpp-A:rpp-B')!.measured!.value).toBeCloseTo(120, 9);
  });
});

describe('distributed redundant 3-to-make-2', () => {
  const input: PowerSystemInput = {
    nodes: [
      ...supply(),
      ...[1, 2, 3].flatMap((k): PowerNodeInput[] => [
        { id: `ups-${k}`, kind: 'ups', sources: ['swgr'], voltageV: 415, ups: { moduleKw: 250, moduleCount: 4 } },
        { id: `pdu-${k}`, kind: 'pdu', sources: [`ups-${k}`], voltageV: 415 },
      ]),
    ],
    loads: [...racks('p12', 10, 60, ['pdu-1', 'pdu-2']), ...racks('p23', 10, 60, ['pdu-2', 'pdu-3']), ...racks('p31', 10, 60, ['pdu-3', 'pdu-1'])],
    design: { redundancy: 'DR' },
  };
  it('three 1 MW systems, 1.8 MW on three pairs: 600 kW each, 900 kW on each survivor', () => {
    const r = analysePower(input, { recordScenarioNodes: true });
    for (const k of [1, 2, 3]) expect(node(r, `ups-${k}`).outputKw).toBeCloseTo(600, 9);
    for (const [failed, a, b] of [
      ['ups-1', 'ups-2', 'ups-3'],
      ['ups-2', 'ups-3', 'ups-1'],
      ['ups-3', 'ups-1', 'ups-2'],
    ]) {
      const sc = scenario(r, failed);
      expect(sc.changed!.find((c) => c.elementId === a)!.outputKw).toBeCloseTo(900, 9);
      expect(sc.changed!.find((c) => c.elementId === b)!.outputKw).toBeCloseTo(900, 9);
      // 900/1000 = 90 %: at the warning threshold, not over
      expect(sc.overloads.map((o) => [o.elementId, o.utilisation]).sort()).toEqual(
        [
          [a, 0.9],
          [b, 0.9],
        ]
          .map(([id, u]) => [id, expect.closeTo(u as number, 12)])
          .sort(),
      );
      expect(finding(r, `electrical:failure-overload:${failed}:${a}`)!.severity).toBe('warning');
      expect(sc.lostLoadIds).toEqual([]);
    }
    const full = analysePower(input, { outOfService: ['ups-2'], singleFailure: false });
    expect(node(full, 'ups-1').outputKw).toBeCloseTo(900, 9);
    expect(node(full, 'ups-3').outputKw).toBeCloseTo(900, 9);
  });
});

describe('nested capacity and losses', () => {
  const input: PowerSystemInput = {
    nodes: [
      { id: 'util', kind: 'utility', sources: [], voltageV: 34_500, ratingKw: 1000 },
      { id: 'tx', kind: 'transformer', sources: ['util'], voltageV: 480, ratingKva: 2500, noLoadLossKw: 5, loadLossKw: 20 },
      { id: 'swgr', kind: 'switchgear', sources: ['tx'], voltageV: 480, breakerA: 3000 },
      { id: 'ups', kind: 'ups', sources: ['swgr'], voltageV: 480, ups: { moduleKw: 250, moduleCount: 4, inputPf: 0.99 } },
      { id: 'pdu', kind: 'pdu', sources: ['ups'], voltageV: 415, ratingKva: 300, noLoadLossKw: 1, loadLossKw: 4 },
    ],
    loads: racks('r', 2, 100, ['pdu']),
    site: { interconnectMw: 0.25, headroomFraction: 0.1 },
  };
  it('every level carries the sum below plus losses; the transformer sees the UPS losses', () => {
    const r = analysePower(input);
    // PDU: 200 kVA on 300 kVA → loss 1 + 4·(2/3)² = 2.777 778 kW → input 202.777 778 kW
    expect(node(r, 'pdu').outputKw).toBeCloseTo(200, 9);
    expect(node(r, 'pdu').lossKw).toBeCloseTo(1 + 4 * (200 / 300) ** 2, 9);
    expect(node(r, 'pdu').inputKw).toBeCloseTo(202.7777778, 6);
    // UPS: x = 0.202 778 → loss 1000·(0.013 + 0.013x + 0.015x²) = 16.252 894 kW → input 219.030 671 kW,
    // rectifier PF 0.99 → 219.030 671 · tan(acos 0.99) = 31.210 180 kvar
    expect(node(r, 'ups').outputKw).toBeCloseTo(202.7777778, 6);
    expect(node(r, 'ups').lossKw).toBeCloseTo(16.2528935, 6);
    expect(node(r, 'ups').inputKw).toBeCloseTo(219.0306713, 6);
    expect(node(r, 'ups').inputKvar).toBeCloseTo(31.2101803, 6);
    expect(node(r, 'swgr').outputKw).toBeCloseTo(219.0306713, 6);
    // transformer: 221.243 102 kVA on 2500 → 5 + 20·(0.088 497)² = 5.156 635 kW → 224.187 307 kW
    expect(node(r, 'tx').outputKva).toBeCloseTo(221.2431023, 6);
    expect(node(r, 'tx').lossKw).toBeCloseTo(5.1566352, 6);
    expect(node(r, 'tx').inputKw).toBeCloseTo(224.1873065, 6);
    expect(node(r, 'util').outputKw).toBeCloseTo(224.1873065, 6);
    expect(r.totals.siteKw).toBeCloseTo(224.1873065, 6);
    expect(r.totals.lossKw).toBeCloseTo(24.1873065, 6);
    expect(r.totals.pue).toBeCloseTo(1.12093653, 7);
    // 224.2 kW on a 250 kW interconnect: 10.3 % headroom ≥ 10 % → no finding; at 0.24 MW it warns
    expect(r.totals.headroomPct).toBeCloseTo((100 * (250 - 224.1873065)) / 250, 5);
    expect(r.findings.find((f) => f.code === 'interconnect')).toBeUndefined();
    const tight = analysePower({ ...input, site: { interconnectMw: 0.24 } }, { singleFailure: false });
    expect(finding(tight, 'electrical:interconnect:site')!.severity).toBe('warning');
    const over = analysePower({ ...input, site: { interconnectMw: 0.2 } }, { singleFailure: false });
    expect(finding(over, 'electrical:interconnect:site')!.severity).toBe('critical');
  });
});

describe('catalogue-style loss inputs', () => {
  it('fixed UPS / PDU efficiency and busway square-law losses', () => {
    const iRated = 800;
    const pKw = (Math.sqrt(3) * 415 * 400) / 1000; // 400 A at PF 1 = 287.527 kW
    const r = analysePower({
      nodes: [
        ...supply(),
        { id: 'ups', kind: 'ups', sources: ['swgr'], voltageV: 415, ups: { moduleKw: 250, moduleCount: 4, efficiency: 0.96 } },
        { id: 'bw', kind: 'busway', sources: ['ups'], voltageV: 415, ratingA: iRated, ratedLossKw: 6 },
        { id: 'pdu', kind: 'pdu', sources: ['swgr'], voltageV: 208, ratingKva: 150, efficiency: 0.98 },
        { id: 'rpp', kind: 'rpp', sources: ['swgr'], voltageV: 480, efficiency: 0.995 },
      ],
      loads: [
        { id: 'a', category: 'it', kw: pKw, pf: 1, cords: [{ node: 'bw' }] },
        { id: 'b', category: 'it', kw: 98, pf: 1, cords: [{ node: 'pdu' }] },
        { id: 'c', category: 'it', kw: 10, pf: 1, cords: [{ node: 'rpp', connection: 'A' }] },
      ],
    });
    // a pass-through element with an efficiency keeps its phase pattern: 10 kW on A → 10.0503 kW on A
    expect(node(r, 'rpp').lossKw).toBeCloseTo(10 * (1 / 0.995 - 1), 9);
    expect(node(r, 'rpp').inputCurrentA).toBeCloseTo(((10 / 0.995) * 1000) / (480 / Math.sqrt(3)), 9);
    // busway at half its rating: 6 · 0.5² = 1.5 kW; UPS: (287.527 + 1.5) · (1/0.96 − 1)
    expect(node(r, 'bw').lossKw).toBeCloseTo(1.5, 9);
    expect(node(r, 'ups').outputKw).toBeCloseTo(pKw + 1.5, 9);
    expect(node(r, 'ups').lossKw).toBeCloseTo((pKw + 1.5) * (1 / 0.96 - 1), 9);
    expect(node(r, 'pdu').lossKw).toBeCloseTo(98 * (1 / 0.98 - 1), 9);
    expect(node(r, 'pdu').inputKw).toBeCloseTo(100, 9);
  });
});

describe('per-phase loading of single-phase loads on 208 V panels', () => {
  const vln = 208 / Math.sqrt(3); // 120.089 V
  const ln = (id: string, panel: string, conn: 'A' | 'B' | 'C' | 'AB' | 'BC' | 'CA', kw: number, pf = 1): PowerLoadInput => ({
    id,
    category: 'it',
    kw,
    pf,
    cords: [{ node: panel, connection: conn }],
  });
  const input: PowerSystemInput = {
    nodes: [
      ...supply(),
      { id: 'pdu', kind: 'pdu', sources: ['swgr'], voltageV: 208 },
      ...[1, 2, 3, 4, 5].map((k): PowerNodeInput => ({ id: `panel-${k}`, kind: 'panel', sources: ['pdu'], voltageV: 208, breakerA: 100 })),
    ],
    loads: [
      ln('a1', 'panel-1', 'A', 2.4),
      ln('b1', 'panel-1', 'B', 1.8),
      ln('c1', 'panel-1', 'C', 1.2),
      ln('ab2', 'panel-2', 'AB', 4.16),
      ln('a2', 'panel-2', 'A', 2.4),
      ln('ab3', 'panel-3', 'AB', 4.16),
      ln('bc3', 'panel-3', 'BC', 4.16),
      ln('ca3', 'panel-3', 'CA', 4.16),
      ln('ab4', 'panel-4', 'AB', 4.16, 0.8),
      ln('ab5', 'panel-5', 'AB', 4.16, 0.8),
      ln('a5', 'panel-5', 'A', 2.4),
      ln('b5', 'panel-5', 'B', 1.8),
    ],
  };
  const r = analysePower(input);
  it('line-to-neutral loads: 2.4/1.8/1.2 kW → 19.985/14.989/9.993 A, NEMA unbalance 33.3 %', () => {
    const p = node(r, 'panel-1');
    expect(p.phaseCurrentA[0]).toBeCloseTo(2400 / vln, 9);
    expect(p.phaseCurrentA[1]).toBeCloseTo(1800 / vln, 9);
    expect(p.phaseCurrentA[2]).toBeCloseTo(1200 / vln, 9);
    expect(p.unbalancePct).toBeCloseTo(100 / 3, 9);
    const f = finding(r, 'electrical:unbalance:panel-1')!;
    expect(f.measured!.value).toBeCloseTo(100 / 3, 9);
    expect(f.severity).toBe('info'); // lightly loaded panel (25 % of its limit)
    expect(p.utilisation).toBeCloseTo(2400 / vln / 80, 9);
  });
  it('line-to-line load adds as a phasor: 20 A∠30° + 19.985 A∠0° = 38.623 A on A, 20 A on B, 0 on C', () => {
    const p = node(r, 'panel-2');
    expect(p.phaseCurrentA[0]).toBeCloseTo(38.6227391, 6);
    expect(p.phaseCurrentA[1]).toBeCloseTo(20, 9);
    expect(p.phaseCurrentA[2]).toBeCloseTo(0, 9);
    expect(p.outputKw).toBeCloseTo(6.56, 9);
  });
  it('three equal line-to-line loads: √3 · 20 A = 34.641 A per line, balanced', () => {
    const p = node(r, 'panel-3');
    for (const i of p.phaseCurrentA) expect(i).toBeCloseTo(20 * Math.sqrt(3), 9);
    expect(p.unbalancePct).toBeCloseTo(0, 9);
  });
  it('line-to-line at PF 0.8: I = 4.16 kW / 0.8 / 208 V = 25 A on both lines', () => {
    const p = node(r, 'panel-4');
    expect(p.phaseCurrentA[0]).toBeCloseTo(25, 9);
    expect(p.phaseCurrentA[1]).toBeCloseTo(25, 9);
    expect(p.outputKvar).toBeCloseTo(4.16 * 0.75, 9);
  });
  it('lagging line-to-line current with line-to-neutral loads: I_A = 25∠−6.87° + 19.985∠0° = 44.905 A, I_B = |−25∠−6.87° + 14.989∠−120°| = 33.824 A', () => {
    const p = node(r, 'panel-5');
    expect(p.phaseCurrentA[0]).toBeCloseTo(44.9053894, 6);
    expect(p.phaseCurrentA[1]).toBeCloseTo(33.8240212, 6);
    expect(p.phaseCurrentA[2]).toBeCloseTo(0, 9);
  });
  it('the PDU (transformer) draws the panels’ total balanced from its 480 V source', () => {
    const p = node(r, 'pdu');
    const totalKw = 2.4 + 1.8 + 1.2 + 4.16 + 2.4 + 3 * 4.16 + 4.16 + 4.16 + 2.4 + 1.8;
    expect(p.outputKw).toBeCloseTo(totalKw, 9);
    expect(node(r, 'swgr').unbalancePct).toBeCloseTo(0, 9);
  });
});

describe('transformer loading with unbalanced secondary', () => {
  it('is judged on the most loaded phase: 4 kW on phase A of a 15 kVA PDU = 3 × 4 = 12 kVA (80 %)', () => {
    const r = analysePower({
      nodes: [...supply(), { id: 'pdu', kind: 'pdu', sources: ['swgr'], voltageV: 208, ratingKva: 15, noLoadLossKw: 0.05, loadLossKw: 0.3 }],
      loads: [{ id: 'a', category: 'it', kw: 4, pf: 1, cords: [{ node: 'pdu', connection: 'A' }] }],
    });
    const p = node(r, 'pdu');
    expect(p.basis).toBe('kva');
    expect(p.measured).toBeCloseTo(12, 12);
    expect(p.utilisation).toBeCloseTo(0.8, 12);
    // losses on the total kVA: 0.05 + 0.3 · (4/15)²; the primary draws it balanced
    expect(p.lossKw).toBeCloseTo(0.05 + 0.3 * (4 / 15) ** 2, 12);
    expect(node(r, 'swgr').unbalancePct).toBeCloseTo(0, 9);
    expect(p.unbalancePct).toBeCloseTo(200, 9);
  });
});

describe('feeder voltage drop and ampacity', () => {
  const pKw = Math.sqrt(3) * 480 * 200 * 0.9 / 1000; // 149.649 kW: 200 A at PF 0.9
  const input: PowerSystemInput = {
    nodes: [
      ...supply(),
      { id: 'p100', kind: 'panel', sources: ['swgr'], voltageV: 480, breakerA: 400, feeder: { lengthM: 100, size: '4/0', conduit: 'pvc' } },
      { id: 'p200', kind: 'panel', sources: ['swgr'], voltageV: 480, breakerA: 400, feeder: { lengthM: 200, size: '4/0', parallelSets: 2 } },
      { id: 'px', kind: 'panel', sources: ['swgr'], voltageV: 480, breakerA: 400, feeder: { lengthM: 100, size: '4/0', parallelSets: 2 } },
      { id: 'sub', kind: 'panel', sources: ['px'], voltageV: 480, breakerA: 400, feeder: { lengthM: 100, size: '4/0' } },
    ],
    loads: [
      { id: 'l100', category: 'mechanical', kw: pKw, pf: 0.9, cords: [{ node: 'p100' }] },
      { id: 'l200', category: 'mechanical', kw: 2 * pKw, pf: 0.9, cords: [{ node: 'p200' }] },
      { id: 'lsub', category: 'mechanical', kw: pKw, pf: 0.9, cords: [{ node: 'sub' }] },
    ],
  };
  const r = analysePower(input);
  it('100 m 4/0 Cu at 200 A, 480 V, PF 0.9: 1.744 % drop, 2.441 kW loss, 200 A over 184 A ampacity limit', () => {
    const p = node(r, 'p100');
    expect(p.inputCurrentA).toBeCloseTo(200, 9);
    expect(p.feederDropPct).toBeCloseTo(1.7443509, 6);
    expect(p.lossKw).toBeCloseTo(2.4409449, 6);
    expect(p.inputKw).toBeCloseTo(pKw + 2.4409449, 6);
    // 4/0 Cu 75 °C = 230 A → 184 A continuous: critical
    expect(p.basis).toBe('conductor');
    const f = finding(r, 'electrical:overload:p100')!;
    expect(f.severity).toBe('critical');
    expect(f.measured!.value).toBeCloseTo(200, 9);
    expect(f.limit!.value).toBeCloseTo(184, 9);
  });
  it('200 m, two parallel sets, 400 A: 3.489 % → warning over 3 %', () => {
    const p = node(r, 'p200');
    expect(p.feederDropPct).toBeCloseTo(2 * 1.7443509, 6);
    expect(finding(r, 'electrical:voltage-drop:p200')!.severity).toBe('warning');
    expect(finding(r, 'electrical:voltage-drop:p100')).toBeUndefined();
  });
  it('cumulative drop adds the upstream feeder (which also carries the downstream feeder loss)', () => {
    const sub = node(r, 'sub');
    const px = node(r, 'px');
    expect(sub.feederDropPct).toBeCloseTo(1.7443509, 6);
    // px carries 149.649 + 2.441 kW and 72.478 kvar: 202.646 A over 2 sets, 50 m-equivalent → 0.8830 %
    expect(px.inputCurrentA).toBeCloseTo(202.6464415, 6);
    expect(px.feederDropPct).toBeCloseTo(1.7659011 / 2, 6);
    expect(sub.totalDropPct).toBeCloseTo(1.7443509 + 1.7659011 / 2, 6);
  });
});

describe('feeder voltage drop under failover', () => {
  it('a 2N pair of 200 m 4/0 feeders: 1.744 % normally, 3.489 % and 200 A > 184 A when the partner fails', () => {
    const pKw = Math.sqrt(3) * 480 * 200 * 0.9 / 1000; // 200 A at PF 0.9 through one feeder
    const r = analysePower({
      nodes: [
        ...supply('-A', 'A'),
        ...supply('-B', 'B'),
        ...['A', 'B'].map((s): PowerNodeInput => ({ id: `p-${s}`, kind: 'panel', sources: [`swgr-${s}`], voltageV: 480, feeder: { lengthM: 200, size: '4/0' }, side: s })),
      ],
      loads: [{ id: 'crah', category: 'mechanical', kw: pKw, pf: 0.9, cords: [{ node: 'p-A' }, { node: 'p-B' }] }],
      design: { redundancy: '2N' },
    });
    expect(node(r, 'p-B').feederDropPct).toBeCloseTo(1.7443509, 6); // 100 A over 200 m
    const vd = finding(r, 'electrical:failure-voltage-drop:p-A:p-B')!;
    expect(vd.severity).toBe('warning');
    expect(vd.measured!.value).toBeCloseTo(2 * 1.7443509, 6);
    const amp = finding(r, 'electrical:failure-overload:p-A:p-B')!;
    expect(amp.severity).toBe('critical');
    expect(amp.measured!.value).toBeCloseTo(200, 9);
    expect(amp.limit!.value).toBeCloseTo(184, 9);
    expect(scenario(r, 'side@A').overloads.map((o) => o.basis).sort()).toEqual(['conductor', 'voltage-drop']);
  });
});

describe('standby sources: generator back-up and catcher UPS', () => {
  const input: PowerSystemInput = {
    nodes: [
      { id: 'util', kind: 'utility', sources: [], voltageV: 13_800, ratingKw: 5000 },
      { id: 'gen', kind: 'generator', sources: [], voltageV: 13_800, ratingKw: 800 },
      { id: 'mv', kind: 'switchgear', sources: ['util', 'gen'], sourceMode: 'standby', voltageV: 13_800 },
      { id: 'tx', kind: 'transformer', sources: ['mv'], voltageV: 480, ratingKva: 3000 },
      { id: 'swgr', kind: 'switchgear', sources: ['tx'], voltageV: 480, breakerA: 4000 },
      ...['1', '2', 'c'].map((k): PowerNodeInput => ({ id: `ups-${k}`, kind: 'ups', sources: ['swgr'], voltageV: 480, ups: { moduleKw: 250, moduleCount: 2 } })),
      { id: 'ob-1', kind: 'switchgear', sources: ['ups-1', 'ups-c'], sourceMode: 'standby', voltageV: 480 },
      { id: 'ob-2', kind: 'switchgear', sources: ['ups-2', 'ups-c'], sourceMode: 'standby', voltageV: 480 },
    ],
    loads: [...racks('a', 4, 100, ['ob-1']), ...racks('b', 4, 100, ['ob-2'])],
    design: { redundancy: 'catcher' },
  };
  it('a primary UPS failure moves its 400 kW onto the catcher; the catcher failing moves no load', () => {
    const r = analysePower(input, { recordScenarioNodes: true });
    expect(node(r, 'ups-c').outputKw).toBe(0);
    expect(node(r, 'ups-c').lossKw).toBeCloseTo(500 * 0.013, 9); // energised, unloaded
    const sc = scenario(r, 'ups-1');
    expect(sc.changed!.find((c) => c.elementId === 'ups-c')!.outputKw).toBeCloseTo(400, 9);
    expect(sc.lostLoadIds).toEqual([]);
    expect(sc.overloads.map((o) => o.elementId)).toEqual([]);
    // the catcher failing moves no load; only its own no-load loss (6.5 kW) disappears upstream
    const cat = scenario(r, 'ups-c');
    expect(cat.changed!.map((c) => c.elementId).sort()).toEqual(['mv', 'swgr', 'tx', 'util']);
    expect(cat.changed!.find((c) => c.elementId === 'swgr')!.outputKw).toBeCloseTo(node(r, 'swgr').outputKw - 6.5, 9);
    expect(cat.lostLoadIds).toEqual([]);
    expect(cat.overloads).toEqual([]);
  });
  it('utility loss puts the whole site (800 kW IT + losses) on the 800 kW generator: overloaded', () => {
    const r = analysePower(input);
    const site = r.totals.siteKw;
    expect(site).toBeGreaterThan(800);
    const f = finding(r, 'electrical:failure-overload:util:gen')!;
    expect(f.severity).toBe('critical');
    expect(f.measured!.value).toBeCloseTo(site, 9);
    expect(node(r, 'gen').outputKw).toBe(0);
  });
});

describe('structural problems', () => {
  it('unknown ids, voltage mismatch, cycles, unpowered elements and loads', () => {
    const r = analysePower({
      nodes: [
        ...supply(),
        { id: 'p', kind: 'panel', sources: ['swgr'], voltageV: 208 },
        { id: 'orphan', kind: 'panel', sources: [], voltageV: 480 },
        { id: 'x', kind: 'panel', sources: ['nowhere'], voltageV: 480 },
      ],
      loads: [
        { id: 'l1', category: 'it', kw: 5, cords: [{ node: 'orphan' }] },
        { id: 'l2', category: 'it', kw: 5, cords: [{ node: 'missing' }] },
        { id: 'l3', category: 'it', kw: 5, cords: [] },
      ],
    });
    expect(finding(r, 'electrical:voltage-mismatch:p')!.severity).toBe('critical');
    expect(finding(r, 'electrical:unknown-source:x')!.severity).toBe('critical');
    expect(finding(r, 'electrical:unpowered:orphan')).toBeDefined();
    expect(finding(r, 'electrical:unpowered-load:l1')!.severity).toBe('critical');
    expect(finding(r, 'electrical:unknown-cord-node:l2')).toBeDefined();
    expect(finding(r, 'electrical:unpowered-load:l3')!.message).toContain('no power cord');
    expect(r.totals.unpoweredKw).toBe(15);
    const pos = analysePower({
      nodes: [
        ...supply(),
        { id: 'bw', kind: 'busway', sources: ['swgr'], voltageV: 480, ratingA: 800, positions: 2 },
        ...[0, 1, 2].map((i): PowerNodeInput => ({ id: `t${i}`, kind: 'tapoff', sources: ['bw'], voltageV: 480, breakerA: 60 })),
        { id: 'rpp', kind: 'rpp', sources: ['swgr'], voltageV: 480, positions: 3 },
      ],
      loads: [
        { id: 'r1', category: 'it', kw: 10, cords: [{ node: 'rpp' }, { node: 'rpp' }], requiredCords: 4 },
        { id: 'r2', category: 'it', kw: 10, cords: [{ node: 'rpp' }, { node: 't0' }], requiredCords: 2 },
      ],
    });
    expect(finding(pos, 'electrical:positions:bw')!.measured!.value).toBe(3);
    expect(finding(pos, 'electrical:positions:rpp')).toBeUndefined(); // 3 cords on 3 positions
    expect(finding(pos, 'electrical:cords-missing:r1')!.message).toContain('4 power cords but only 2');
    expect(finding(pos, 'electrical:cords-missing:r2')).toBeUndefined();
    const dup = analysePower({ nodes: supply(), loads: [{ id: 'tx', category: 'it', kw: 1, cords: [{ node: 'swgr' }] }] });
    expect(finding(dup, 'electrical:duplicate-id:tx')!.severity).toBe('critical');
    const cyc = analysePower({
      nodes: [
        { id: 'a', kind: 'panel', sources: ['b'], voltageV: 480 },
        { id: 'b', kind: 'panel', sources: ['a'], voltageV: 480 },
      ],
      loads: [],
    });
    expect(cyc.findings.find((f) => f.code === 'cycle')!.severity).toBe('critical');
  });
});

/** A mixed system exercising every mechanism at once: the incremental single-failure results must equal a full recomputation. */
function mixedSystem(): PowerSystemInput {
  const nodes: PowerNodeInput[] = [
    { id: 'util-1', kind: 'utility', sources: [], voltageV: 13_800, ratingKw: 3000, side: 'A' },
    { id: 'util-2', kind: 'utility', sources: [], voltageV: 13_800, ratingKw: 3000, side: 'B' },
    { id: 'gen', kind: 'generator', sources: [], voltageV: 13_800, ratingKw: 2000 },
    { id: 'mv-1', kind: 'switchgear', sources: ['util-1', 'gen'], sourceMode: 'standby', voltageV: 13_800, side: 'A' },
    { id: 'mv-2', kind: 'switchgear', sources: ['util-2', 'gen'], sourceMode: 'standby', voltageV: 13_800, side: 'B' },
    { id: 'tx-1', kind: 'transformer', sources: ['mv-1'], voltageV: 480, ratingKva: 2000, side: 'A', feeder: { lengthM: 40, size: '4/0', parallelSets: 2 } },
    { id: 'tx-2', kind: 'transformer', sources: ['mv-2'], voltageV: 480, ratingKva: 2000, side: 'B' },
    { id: 'swgr-1', kind: 'switchgear', sources: ['tx-1'], voltageV: 480, breakerA: 3000, side: 'A' },
    { id: 'swgr-2', kind: 'switchgear', sources: ['tx-2'], voltageV: 480, breakerA: 3000, side: 'B' },
    { id: 'tie', kind: 'switchgear', sources: ['swgr-1', 'swgr-2'], voltageV: 480, breakerA: 2000 },
    ...[1, 2, 3].map((k): PowerNodeInput => ({ id: `ups-${k}`, kind: 'ups', sources: [k === 3 ? 'tie' : `swgr-${k}`], voltageV: 415, ups: { moduleKw: 200, moduleCount: 3 } })),
    { id: 'ups-c', kind: 'ups', sources: ['tie'], voltageV: 415, ups: { moduleKw: 300, moduleCount: 2 } },
    ...[1, 2, 3].map((k): PowerNodeInput => ({ id: `ob-${k}`, kind: 'switchgear', sources: [`ups-${k}`, 'ups-c'], sourceMode: 'standby', voltageV: 415, breakerA: 1200 })),
    ...[1, 2, 3].flatMap((k): PowerNodeInput[] => [
      { id: `bw-${k}`, kind: 'busway', sources: [`ob-${k}`], voltageV: 415, ratingA: 800, feeder: { lengthM: 30, size: '500', parallelSets: 2, conduit: 'steel' } },
      { id: `pdu-${k}`, kind: 'pdu', sources: [`ob-${k}`], voltageV: 208, ratingKva: 150 },
      { id: `rpp-${k}`, kind: 'rpp', sources: [`pdu-${k}`], voltageV: 208, breakerA: 400 },
    ]),
    { id: 'mp', kind: 'panel', sources: ['tie'], voltageV: 480, breakerA: 800, feeder: { lengthM: 60, size: '350' } },
  ];
  const loads: PowerLoadInput[] = [];
  const conns = ['A', 'B', 'C', 'AB', 'BC', 'CA', '3P'] as const;
  let seed = 7;
  const rnd = () => ((seed = (seed * 16807) % 2147483647) / 2147483647);
  for (let i = 0; i < 40; i++) {
    const a = 1 + (i % 3);
    const b = 1 + ((i + 1) % 3);
    loads.push({
      id: `rack-${i}`,
      category: 'it',
      kw: 5 + 30 * rnd(),
      pf: 0.9 + 0.1 * rnd(),
      cords: [
        { node: i % 2 ? `bw-${a}` : `rpp-${a}`, connection: i % 2 ? '3P' : conns[i % 7] },
        ...(i % 5 === 4 ? [] : [{ node: i % 2 ? `bw-${b}` : `rpp-${b}`, connection: i % 2 ? ('3P' as const) : conns[(i + 3) % 7] }]),
      ],
    });
  }
  loads.push({ id: 'chiller', category: 'mechanical', kw: 400, pf: 0.88, cords: [{ node: 'mp' }, { node: 'swgr-2' }] });
  return { nodes, loads, design: { redundancy: 'DR' } };
}

describe('incremental single-failure analysis equals full recomputation', () => {
  it('every element and side scenario of a mixed system', () => {
    const input = mixedSystem();
    const r = analysePower(input, { recordScenarioNodes: true });
    const baseOut = new Map(r.nodes.map((s) => [s.id, s.outputKw]));
    let checked = 0;
    for (const sc of r.scenarios) {
      if (sc.kind === 'module') continue;
      const full = analysePower(input, { outOfService: sc.failed, singleFailure: false });
      const changed = new Map(sc.changed!.map((c) => [c.elementId, c]));
      for (const s of full.nodes) {
        if (!s.alive) {
          expect(changed.has(s.id)).toBe(false);
          continue;
        }
        const c = changed.get(s.id);
        const expected = s.outputKw;
        const got = c ? c.outputKw : baseOut.get(s.id)!;
        expect(Math.abs(got - expected), `${sc.key}: ${s.id}`).toBeLessThan(1e-9 * Math.max(1, expected));
        if (c) {
          expect(Math.abs(c.outputKvar - s.outputKvar)).toBeLessThan(1e-9 * Math.max(1, Math.abs(s.outputKvar)));
          expect(Math.abs(c.utilisation - s.utilisation)).toBeLessThan(1e-9);
        }
        checked++;
      }
      const fullLost = full.loads.filter((l) => !l.powered).map((l) => l.id).sort();
      expect(sc.lostLoadIds.slice().sort(), sc.key).toEqual(fullLost);
      expect(sc.lostKw).toBeCloseTo(full.totals.unpoweredKw, 9);
    }
    expect(r.scenarios.filter((s) => s.kind === 'side').map((s) => s.key)).toEqual(['side@A', 'side@B']);
    expect(checked).toBeGreaterThan(500);
  });
});

/** Random layered DAGs: shared and standby multi-source nodes, transformers, UPS, feeders, every connection type. */
function randomSystem(seed: number): PowerSystemInput {
  let s = seed;
  const rnd = () => ((s = (s * 48271) % 2147483647) / 2147483647);
  const pick = <T,>(a: readonly T[]): T => a[Math.floor(rnd() * a.length)];
  const nodes: PowerNodeInput[] = [];
  const levels: string[][] = [];
  const nSrc = 1 + Math.floor(rnd() * 3);
  levels.push([]);
  for (let i = 0; i < nSrc; i++) {
    const id = `src-${i}`;
    nodes.push({ id, kind: i === 2 ? 'generator' : 'utility', sources: [], voltageV: 480, ratingKw: 500 + 1500 * rnd(), side: i % 2 ? 'B' : 'A' });
    levels[0].push(id);
  }
  const kinds = ['switchgear', 'transformer', 'ups', 'panel', 'busway', 'pdu'] as const;
  for (let lv = 1; lv <= 4; lv++) {
    levels.push([]);
    const count = 1 + Math.floor(rnd() * 4);
    for (let i = 0; i < count; i++) {
      const id = `n${lv}-${i}`;
      const kind = pick(kinds);
      const nParents = Math.min(levels[lv - 1].length, 1 + (rnd() < 0.35 ? 1 : 0));
      const parents = new Set<string>();
      while (parents.size < nParents) parents.add(pick(levels[lv - 1]));
      // an occasional extra source from two levels up
      if (lv >= 2 && rnd() < 0.2) parents.add(pick(levels[lv - 2]));
      nodes.push({
        id,
        kind,
        sources: [...parents],
        sourceMode: rnd() < 0.4 ? 'standby' : 'shared',
        voltageV: 480,
        breakerA: 200 + 1000 * rnd(),
        ratingKva: kind === 'transformer' || kind === 'pdu' ? 100 + 600 * rnd() : undefined,
        ups: kind === 'ups' ? { moduleKw: 50 + 100 * rnd(), moduleCount: 1 + Math.floor(rnd() * 4) } : undefined,
        feeder: rnd() < 0.3 ? { lengthM: 10 + 80 * rnd(), size: pick(['1/0', '4/0', '350', '500'] as const) } : undefined,
        ratedLossKw: kind === 'busway' ? 2 * rnd() : undefined,
        side: rnd() < 0.5 ? 'A' : 'B',
      });
      levels[lv].push(id);
    }
  }
  const attach = levels.slice(1).flat();
  const conns = ['3P', 'A', 'B', 'C', 'AB', 'BC', 'CA'] as const;
  const loads: PowerLoadInput[] = [];
  for (let j = 0; j < 12; j++) {
    const nc = 1 + Math.floor(rnd() * 3);
    loads.push({
      id: `L${j}`,
      category: pick(['it', 'it', 'mechanical', 'other'] as const),
      kw: 5 + 60 * rnd(),
      pf: 0.8 + 0.2 * rnd(),
      cords: Array.from({ length: nc }, () => ({ node: pick(attach), connection: pick(conns) })),
    });
  }
  return { nodes, loads, design: { redundancy: '2N' } };
}

describe('incremental single failures on random systems', () => {
  it('equal a full recomputation for 25 random systems', () => {
    let scenarios = 0;
    for (let seed = 1; seed <= 25; seed++) {
      const input = randomSystem(seed * 7919);
      const r = analysePower(input, { recordScenarioNodes: true });
      expect(r.findings.filter((f) => f.code === 'cycle')).toEqual([]);
      const base = new Map(r.nodes.map((x) => [x.id, x]));
      for (const sc of r.scenarios) {
        if (sc.kind === 'module') continue;
        scenarios++;
        const full = analysePower(input, { outOfService: sc.failed, singleFailure: false });
        const changed = new Map(sc.changed!.map((c) => [c.elementId, c]));
        for (const x of full.nodes) {
          if (!x.alive) continue;
          const c = changed.get(x.id);
          const got = c ? c.outputKw : base.get(x.id)!.outputKw;
          expect(Math.abs(got - x.outputKw), `seed ${seed} ${sc.key} ${x.id}`).toBeLessThan(1e-9 * Math.max(1, x.outputKw));
          const gotU = c ? c.utilisation : base.get(x.id)!.utilisation;
          expect(Math.abs(gotU - x.utilisation), `seed ${seed} ${sc.key} ${x.id} util`).toBeLessThan(1e-9 * Math.max(1, x.utilisation));
        }
        expect(sc.lostLoadIds.slice().sort(), `seed ${seed} ${sc.key}`).toEqual(
          full.loads.filter((l) => !l.powered && r.loads.find((b) => b.id === l.id)!.powered).map((l) => l.id).sort(),
        );
      }
    }
    expect(scenarios).toBeGreaterThan(150);
  });
});
