import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { KINDS, resolveModel } from '../../src/catalog/registry';
import { emptyHallDoc, type Connection, type Equipment, type LayoutDoc, type Props } from '../../src/model/document';
import { loadLayout } from '../../src/model/load';
import { ENGINES, runAll } from '../../workers/analysis';
import { adaptLayoutPower, powerInputFromLayout, runPower, UTILITY_ID } from '../../workers/power/adapt';
import { analysePower } from '../../workers/power/analyse';
import { SAMPLES_DIR } from '../../scripts/make-samples';
import { makePowerDoc } from '../helpers/power-layout';
import { main as checkMain } from '../../bin/check';

const SQRT3 = Math.sqrt(3);
const tanOf = (pf: number) => Math.tan(Math.acos(pf));

/** Equipment from a catalog model, with prop overrides. */
function eq(id: string, kind: string, model: string, x: number, y: number, over: Partial<Props> = {}, hallId: string | null = 'hall-1'): Equipment {
  const m = resolveModel(kind, model);
  if (!m) throw new Error(`no model ${kind}/${model}`);
  return { id, kind, model, name: id, hallId, position: [x, y, 0], rotationDeg: 0, props: { ...(m.props as Props), ...over } as Props };
}
let nConn = 0;
const feed = (from: string, to: string, props: Connection['props'] = {}): Connection => ({ id: `c${++nConn}`, kind: 'power', from, to, props });

/**
 * 2N: utility 34.5 kV → per side T (2,500 kVA) → SG (4,000 A) → UPS (5 × 250 kW, η 0.97) → PDU
 * (300 kVA 480 → 415 V, η 0.98, 60 A branches) → four 41 kW HGX racks, each with 2 cords per side.
 */
function smallHall(opts: { sameUps?: boolean } = {}): LayoutDoc {
  nConn = 0;
  const d = emptyHallDoc(40, 20, 7, 'Small 2N hall');
  d.site.powerRedundancy = '2N';
  const E: Equipment[] = [];
  const C: Connection[] = [];
  for (const s of ['A', 'B']) {
    E.push(eq(`T-${s}`, 'transformer', 'mv-480-2500', -10, s === 'A' ? 2 : 12, {}, null));
    E.push(eq(`SG-${s}`, 'switchgear', 'lv-480-4000', -15, s === 'A' ? 2 : 12, {}, null));
    E.push(eq(`UPS-${s}`, 'ups', 'modular-1250', 3, s === 'A' ? 2 : 17));
    E.push(eq(`PDU-${s}`, 'pdu', 'pdu-300', 8, s === 'A' ? 2 : 17));
    C.push(feed(`T-${s}`, `SG-${s}`, { side: s }), feed(`SG-${s}`, `UPS-${s}`, { side: s }));
    C.push(feed(opts.sameUps ? 'UPS-A' : `UPS-${s}`, `PDU-${s}`, { side: s }));
  }
  for (let i = 1; i <= 4; i++) E.push(eq(`R${i}`, 'rack', 'hgx-h100-4x-air', 10 + i * 0.6, 10));
  for (let i = 1; i <= 4; i++) C.push(feed('PDU-A', `R${i}`, { side: 'A' }), feed('PDU-B', `R${i}`, { side: 'B' }));
  d.equipment = E;
  d.connections = C;
  return d;
}

describe('layout → power input mapping', () => {
  it('direction, sides, ratings and cords come from the document and the catalog', () => {
    const input = powerInputFromLayout(smallHall());
    const node = (id: string) => input.nodes.find((n) => n.id === id)!;
    expect(input.nodes.map((n) => n.id)).toEqual([UTILITY_ID, 'T-A', 'SG-A', 'UPS-A', 'PDU-A', 'T-B', 'SG-B', 'UPS-B', 'PDU-B']);
    expect(node(UTILITY_ID)).toEqual({ id: UTILITY_ID, kind: 'utility', name: 'Utility service', voltageV: 34_500, sources: [] });
    // `from` is upstream: each element names the one feeding it; transformers hang on the utility
    expect(node('T-A')).toMatchObject({ kind: 'transformer', sources: [UTILITY_ID], voltageV: 480, ratingKva: 2500, noLoadLossKw: 2, loadLossKw: 15, side: 'A' });
    expect(node('SG-B')).toMatchObject({ kind: 'switchgear', sources: ['T-B'], voltageV: 480, breakerA: 4000, rated100Pct: false, ratedLossKw: 4, side: 'B' });
    expect(node('UPS-A')).toMatchObject({ kind: 'ups', sources: ['SG-A'], voltageV: 480, ups: { moduleKw: 250, moduleCount: 5, redundantModules: 1, efficiency: 0.97 } });
    expect(node('PDU-B')).toMatchObject({ kind: 'pdu', sources: ['UPS-B'], voltageV: 415, ratingKva: 300, efficiency: 0.98, positions: 42, side: 'B' });
    expect(input.design).toEqual({ redundancy: '2N' });
    expect(input.site).toEqual({ interconnectMw: 10 });
    // racks: 41 kW IT, 4 cords shared 2 + 2 over the A and B connections, 60 A branch breakers
    expect(input.loads).toHaveLength(4);
    const r1 = input.loads[0];
    expect(r1).toMatchObject({ id: 'R1', category: 'it', kw: 41, requiredCords: 4 });
    expect(r1.cords).toEqual([
      { node: 'PDU-A', connection: '3P', label: 'A', breakerA: 60 },
      { node: 'PDU-A', connection: '3P', label: 'A', breakerA: 60 },
      { node: 'PDU-B', connection: '3P', label: 'B', breakerA: 60 },
      { node: 'PDU-B', connection: '3P', label: 'B', breakerA: 60 },
    ]);
  });

  it('gives the loads, losses and site demand of a hand calculation from the catalog values', () => {
    const r = runPower(smallHall());
    const p = r.power!;
    const el = (id: string) => p.elements.find((e) => e.id === id)!;
    // per side: 4 racks × 41 kW / 2 sides, PF 0.98
    const pdu = 82;
    const pduQ = pdu * tanOf(0.98);
    const pduLoss = pdu * (1 / 0.98 - 1); // 1.673469 kW
    const ups = pdu + pduLoss;
    const upsLoss = ups * (1 / 0.97 - 1); // 2.587839 kW
    const upsIn = ups + upsLoss;
    const upsInQ = upsIn * tanOf(0.99); // rectifier input PF 0.99
    // switchgear: 4 kW at 4,000 A, square law per phase
    const iSg = (Math.hypot(upsIn / 3, upsInQ / 3) * 1000) / (480 / SQRT3);
    const sgLoss = 3 * (4 / 3) * (iSg / 4000) ** 2;
    const sgIn = upsIn + sgLoss;
    // transformer: 2 kW + 15 kW · (S / 2,500 kVA)²
    const tLoss = 2 + 15 * (Math.hypot(sgIn, upsInQ) / 2500) ** 2;
    const tIn = sgIn + tLoss;
    expect(el('PDU-A').outputKw).toBeCloseTo(82, 9);
    expect(el('PDU-A').lossKw).toBeCloseTo(pduLoss, 9);
    expect(pduLoss).toBeCloseTo(1.673469, 6);
    expect(el('UPS-A').outputKw).toBeCloseTo(ups, 9);
    expect(el('UPS-A').lossKw).toBeCloseTo(upsLoss, 9);
    expect(upsLoss).toBeCloseTo(2.587839, 6);
    expect(el('SG-A').lossKw).toBeCloseTo(sgLoss, 12);
    expect(el('T-A').lossKw).toBeCloseTo(tLoss, 9);
    expect(el('T-A').outputKw).toBeCloseTo(sgIn, 9);
    // UPS-A governed by its module kW: 83.67 / 1,250
    expect(el('UPS-A')).toMatchObject({ basis: 'ups-kw', side: 'A' });
    expect(el('UPS-A').utilisation).toBeCloseTo(ups / 1250, 12);
    // PDU: 3 × kVA of its most loaded phase against 300 kVA
    expect(el('PDU-A').basis).toBe('kva');
    expect(el('PDU-A').utilisation).toBeCloseTo(Math.hypot(pdu, pduQ) / 300, 12);
    const t = p.totals;
    expect(t.itKw).toBe(164);
    expect(t.mechanicalKw).toBe(0);
    expect(t.lossKw).toBeCloseTo(2 * (pduLoss + upsLoss + sgLoss + tLoss), 9);
    expect(t.siteKw).toBeCloseTo(2 * tIn, 9);
    expect(t.pue).toBeCloseTo((2 * tIn) / 164, 12);
    expect(t.headroomPct).toBeCloseTo((100 * (10_000 - 2 * tIn)) / 10_000, 9);
    const fig = (n: string) => r.figures.find((f) => f.name === n)!.value;
    expect(fig('power_it_kw')).toBe(164);
    expect(fig('power_site_kw')).toBeCloseTo(2 * tIn, 9);
    expect(fig('power_pue')).toBeCloseTo(t.pue!, 12);
    expect(fig('power_interconnect_kw')).toBe(10_000);
    // 2N without generators: every single failure (8 elements, 2 UPS module sets, 2 sides) is survived
    // except the utility's, a single point of failure once the batteries run out
    expect(p.scenarios).toHaveLength(1 + 8 + 2 + 2);
    expect(p.scenarios.filter((s) => s.lostKw > 0 || s.overloads > 0).map((s) => [s.key, s.lostKw])).toEqual([[UTILITY_ID, 164]]);
    expect(r.findings.map((f) => [f.id, f.severity])).toEqual([['electrical:failure-lost-load:@utility', 'critical']]);
    // subjects name document items only: the racks, not the implicit utility
    expect(r.findings[0].subjects).toEqual(['R1', 'R2', 'R3', 'R4']);
    // side A lost: PDU-B carries all four racks, 164 kW + 3.346939 kW loss
    const sideA = p.scenarios.find((s) => s.key === 'side@A')!;
    expect(sideA.failed.sort()).toEqual(['PDU-A', 'SG-A', 'T-A', 'UPS-A']);
    // the result crosses the worker boundary: plain JSON, no engine arrays
    expect(JSON.parse(JSON.stringify(r))).toEqual(r);
    expect(r).not.toHaveProperty('nodes');
    expect(r).not.toHaveProperty('scenarios');
  });

  it('what-if: with side A out of service, side B carries everything (the state of the side@A scenario in full)', () => {
    const d = smallHall();
    const sideA = runPower(d).power!.elements.filter((e) => e.side === 'A').map((e) => e.id);
    expect(sideA).toEqual(['T-A', 'SG-A', 'UPS-A', 'PDU-A']);
    const r = runPower(d, { outOfService: sideA, singleFailure: false });
    const el = (id: string) => r.power!.elements.find((e) => e.id === id)!;
    expect(r.power!.scenarios).toEqual([]);
    expect(sideA.every((id) => !el(id).alive)).toBe(true);
    expect(el('PDU-B').outputKw).toBeCloseTo(164, 9);
    expect(el('PDU-B').lossKw).toBeCloseTo(164 * (1 / 0.98 - 1), 9);
    expect(el('UPS-B').outputKw).toBeCloseTo(164 / 0.98, 9);
    // every rack keeps its B cords: nothing is unpowered, and each B cord now carries 41 / 2 kW
    expect(r.power!.totals.itKw).toBe(164);
    expect(r.power!.totals.unpoweredKw).toBe(0);
    // in that state each rack is down to its two B cords: their loss is said, and that one more lost
    // cord would trip the other (41 kW on one 415 V cord: 58.2 A > 48 A) — a second failure
    expect(r.findings.map((f) => [f.code, f.severity, f.subjects[0]])).toEqual(
      ['R1', 'R2', 'R3', 'R4'].flatMap((id) => [
        ['cord-unpowered', 'warning', id],
        ['cord-failover-overload', 'critical', id],
      ]),
    );
  });

  it('cord breakers are checked for the loss of a whole side, not only of one cord', () => {
    // the HGX racks on 32 A cords: one cord lost leaves 3 × 13.7 kW (19.4 A, 76 % of 25.6 A), but side A
    // lost leaves the 2 B cords with 20.5 kW each
    const d = smallHall();
    for (const e of d.equipment) if (e.kind === 'rack') e.props.cordBreakerA = 32;
    const r = runPower(d);
    const f = r.findings.filter((x) => x.code === 'cord-failover-overload');
    expect(f.map((x) => x.subjects[0])).toEqual(['R1', 'R2', 'R3', 'R4']);
    const iSide = (20.5 / 0.98) * 1000 / (SQRT3 * 415);
    expect(iSide).toBeCloseTo(29.1017, 4);
    expect(f[0]).toMatchObject({ severity: 'critical', limit: { value: 25.6, unit: 'A' } });
    expect(f[0].measured!.value).toBeCloseTo(iSide, 9);
    expect(f[0].message).toContain('when PDU-A loses power (2 of its 4 cords) the other cords draw 29.1 A each');
    // A cords spread over two PDUs of side A: no one element takes both, the side label does
    const spread = smallHall();
    for (const e of spread.equipment) if (e.kind === 'rack') e.props.cordBreakerA = 32;
    spread.equipment.push(eq('PDU-A2', 'pdu', 'pdu-300', 8, 5));
    spread.connections.push(feed('UPS-A', 'PDU-A2', { side: 'A' }), feed('PDU-A2', 'R1', { side: 'A' }), feed('PDU-B', 'R1', { side: 'B' }));
    expect(powerInputFromLayout(spread).loads[0].cords.map((c) => c.node)).toEqual(['PDU-A', 'PDU-B', 'PDU-A2', 'PDU-B']);
    const r1 = runPower(spread).findings.find((x) => x.id === 'electrical:cord-failover-overload:R1')!;
    expect(r1.message).toContain('when its A cords lose power (2 of 4) the other cords draw 29.1 A each');
    expect(r1.measured!.value).toBeCloseTo(iSide, 9);
    // with the catalogue's 60 A cords the same loss is 61 % of 48 A: nothing to say
    expect(runPower(smallHall()).findings.filter((x) => x.code === 'cord-failover-overload')).toEqual([]);
  });

  it('a 2N claim with A and B from the same UPS is flagged: losing that UPS drops every dual-corded rack', () => {
    const r = runPower(smallHall({ sameUps: true }));
    const lost = r.findings.find((f) => f.id === 'electrical:failure-lost-load:UPS-A')!;
    expect(lost.severity).toBe('critical');
    expect(lost.measured).toEqual({ value: 164, unit: 'kW' });
    expect(lost.subjects).toEqual(['UPS-A', 'R1', 'R2', 'R3', 'R4']);
    expect(lost.message).toContain('4 of them have several cords');
    // so do SG-A and T-A upstream of it; UPS-B feeds nothing and is not on the racks' paths
    expect(r.findings.filter((f) => f.code === 'failure-lost-load' && f.severity === 'critical').map((f) => f.id).sort()).toEqual(
      ['electrical:failure-lost-load:@utility', 'electrical:failure-lost-load:SG-A', 'electrical:failure-lost-load:T-A', 'electrical:failure-lost-load:UPS-A', 'electrical:failure-lost-load:side@A'].sort(),
    );
    expect(r.power!.scenarios.find((s) => s.key === 'UPS-A')!.lostLoads).toBe(4);
    // the same layout claimed as N: the lost racks are information, not a broken promise
    const d = smallHall({ sameUps: true });
    d.site.powerRedundancy = 'N';
    expect(runPower(d).findings.find((f) => f.id === 'electrical:failure-lost-load:UPS-A')!.severity).toBe('warning');
  });

  it('racks on one supply: critical in a 2N design, information in an N design', () => {
    const d = smallHall();
    d.connections = d.connections.filter((c) => !(c.from === 'PDU-B' && c.to.startsWith('R')));
    const twoN = runPower(d);
    // all 4 cords of each rack in PDU-A
    expect(powerInputFromLayout(d).loads[0].cords.map((c) => c.node)).toEqual(['PDU-A', 'PDU-A', 'PDU-A', 'PDU-A']);
    expect(twoN.findings.filter((f) => f.code === 'cords-same-element').map((f) => [f.subjects[0], f.severity])).toEqual([
      ['R1', 'critical'],
      ['R2', 'critical'],
      ['R3', 'critical'],
      ['R4', 'critical'],
    ]);
    expect(twoN.findings.find((f) => f.id === 'electrical:failure-lost-load:PDU-A')!.severity).toBe('critical');
    d.site.powerRedundancy = 'N';
    const n = runPower(d);
    expect(n.findings.filter((f) => f.code === 'cords-same-element').every((f) => f.severity === 'info')).toBe(true);
    expect(n.findings.find((f) => f.id === 'electrical:failure-lost-load:PDU-A')!.severity).toBe('warning');
  });

  it('a cooler without a feed is an unpowered load (critical); fed, it counts as mechanical load', () => {
    const d = smallHall();
    d.equipment.push(eq('CRAH-1', 'cooler', 'fan-wall-500', 20, 10));
    const r = runPower(d);
    const f = r.findings.find((x) => x.id === 'electrical:unpowered-load:CRAH-1')!;
    expect(f).toMatchObject({ severity: 'critical', code: 'unpowered-load', subjects: ['CRAH-1'], measured: { value: 20, unit: 'kW' } });
    expect(r.power!.totals.unpoweredKw).toBe(20);
    expect(r.power!.totals.mechanicalKw).toBe(0);
    d.connections.push(feed('PDU-A', 'CRAH-1', { side: 'A' }), feed('PDU-B', 'CRAH-1', { side: 'B' }));
    const fed = runPower(d);
    expect(fed.findings.map((x) => x.id)).toEqual(['electrical:failure-lost-load:@utility']);
    expect(fed.findings[0].measured!.value).toBe(184);
    expect(fed.power!.totals.mechanicalKw).toBe(20);
    expect(fed.power!.totals.unpoweredKw).toBe(0);
    // a pump-less exhaust fan, chiller, dry cooler, CDU and evaporative pad are mechanical loads too
    const input = powerInputFromLayout({ ...d, equipment: [...d.equipment, eq('CH', 'chiller', 'air-cooled-1200', 0, -10, {}, null), eq('CDU', 'cdu', 'in-row-1000', 30, 5)] });
    expect(input.loads.find((l) => l.id === 'CH')).toMatchObject({ category: 'mechanical', kw: 1200 / 4.2, cords: [] });
    expect(input.loads.find((l) => l.id === 'CDU')).toMatchObject({ category: 'mechanical', kw: 11.5, cords: [] });
  });

  it('reports reversed connections, cord voltages that do not match, and assigns 1φ cords phase by phase', () => {
    const d = smallHall();
    d.connections.push(feed('R1', 'PDU-A'));
    const r = runPower(d);
    const dir = r.findings.find((f) => f.code === 'connection-direction')!;
    expect(dir.severity).toBe('warning');
    expect(dir.message).toContain('reverse it');
    // the reversed connection is ignored: nothing else changes
    expect(r.power!.totals.itKw).toBe(164);

    // a 415 V rack on a 480 V UPS output
    const v = smallHall();
    v.connections.push(feed('UPS-A', 'R1', { side: 'A' }));
    const mism = runPower(v).findings.filter((f) => f.code === 'feed-voltage');
    expect(mism).toHaveLength(1);
    expect(mism[0]).toMatchObject({ severity: 'critical', subjects: ['R1', 'UPS-A'], measured: { value: 480, unit: 'V' }, limit: { value: 415, unit: 'V' } });

    // single-phase 240 V racks on a 415Y/240 V PDU: line-to-neutral, A, B, C in turn, or as the connection says
    const s = smallHall();
    for (const e of s.equipment) if (e.kind === 'rack') Object.assign(e.props, { feedPhases: 1, feedVoltageV: 240, cordCount: 2 });
    s.connections = s.connections.filter((c) => !(c.to.startsWith('R') && c.from === 'PDU-B'));
    s.connections.find((c) => c.to === 'R4')!.props.phase = 'C';
    const input = powerInputFromLayout(s);
    expect(input.loads.map((l) => l.cords.map((c) => c.connection).join(''))).toEqual(['AA', 'BB', 'CC', 'CC']);
    // 208 V single-phase cords on the same 415 V PDU fit neither 240 V L-N nor 415 V L-L
    for (const e of s.equipment) if (e.id === 'R2') e.props.feedVoltageV = 208;
    const r2Conn = s.connections.find((c) => c.to === 'R2')!.id;
    expect(adaptLayoutPower(s).findings.map((f) => f.id)).toEqual([`electrical:feed-voltage:R2:${r2Conn}`]);
    // 400 V single-phase cords are line-to-line (415 V within 10 %); the PDU's second connection takes
    // the second pair (the turn counts connections on that PDU, whatever their kind)
    for (const e of s.equipment) if (e.id === 'R2') e.props.feedVoltageV = 400;
    expect(powerInputFromLayout(s).loads.map((l) => l.cords.map((c) => c.connection).join(''))).toEqual(['AA', 'BCBC', 'CC', 'CC']);
  });

  it('generators back up as standby sources, feeders and branch breakers come from connection props', () => {
    const d = smallHall();
    d.equipment.push(eq('G-A', 'generator', 'diesel-2500', -30, 2, {}, null));
    d.connections.push(feed('G-A', 'SG-A', { side: 'A' }));
    const c = d.connections.find((x) => x.from === 'SG-A' && x.to === 'UPS-A')!;
    Object.assign(c.props, { lengthM: 40, size: '500', parallelSets: 4, conduit: 'steel' });
    d.connections.find((x) => x.from === 'PDU-A' && x.to === 'R1')!.props.breakerA = 32;
    const { input, findings } = adaptLayoutPower(d);
    expect(findings).toEqual([]);
    const node = (id: string) => input.nodes.find((n) => n.id === id)!;
    expect(node('G-A')).toMatchObject({ kind: 'generator', sources: [], ratingKw: 2500, voltageV: 480, side: 'A' });
    expect(node('SG-A')).toMatchObject({ sources: ['T-A', 'G-A'], sourceMode: 'standby' });
    expect(node('UPS-A').feeder).toEqual({ lengthM: 40, size: '500', parallelSets: 4, conduit: 'steel' });
    // the connection's 32 A breaker is below the rack's 60 A inlet
    expect(input.loads[0].cords.map((x) => x.breakerA)).toEqual([32, 32, 60, 60]);
    // utility lost: side A rides on its generator, side B is lost (T-B has no back-up) but every rack keeps a cord
    const r = analysePower(input);
    const util = r.scenarios.find((s) => s.key === UTILITY_ID)!;
    expect(util.lostLoadIds).toEqual([]);
    expect(util.failed).toEqual([UTILITY_ID]);
    // the summary carries the graph as the engine sees it, for the one-line view
    const el = runPower(d).power!.elements;
    expect(el.find((e) => e.id === 'SG-A')).toMatchObject({ sources: ['T-A', 'G-A'], sourceMode: 'standby', side: 'A' });
    expect(el.find((e) => e.id === 'T-B')!.sources).toEqual([UTILITY_ID]);
    expect(el.find((e) => e.id === 'UPS-B')).not.toHaveProperty('sourceMode');
    // a bad feeder description is reported, not guessed
    Object.assign(c.props, { size: '750' });
    expect(adaptLayoutPower(d).findings.map((f) => f.code)).toEqual(['connection-prop']);
  });

  it('the utility feeds top-level transformers and MV switchgear at its voltage, not a stray 480 V board', () => {
    const d = emptyHallDoc(20, 20);
    d.equipment = [
      eq('MV', 'switchgear', 'mv-34.5kv-1200', -10, 5, {}, null),
      eq('T1', 'transformer', 'mv-480-2500', -20, 5, {}, null),
      eq('LV', 'switchgear', 'lv-480-4000', -30, 5, {}, null),
      eq('T2', 'transformer', 'mv-480-2500', -40, 5, { primaryKv: 13.8 }, null),
    ];
    d.connections = [feed('MV', 'T1'), feed('MV', 'T2')];
    const { input, findings } = adaptLayoutPower(d);
    const src = Object.fromEntries(input.nodes.map((n) => [n.id, n.sources]));
    expect(src).toEqual({ [UTILITY_ID]: [], MV: [UTILITY_ID], T1: ['MV'], LV: [], T2: ['MV'] });
    expect(findings.map((f) => [f.id, f.severity])).toEqual([['electrical:primary-voltage:T2', 'critical']]);
    const r = runPower(d);
    expect(r.findings.map((f) => f.id)).toContain('electrical:unpowered:LV');
  });

  it('a layout without any power design gets one info finding instead of every load flagged', () => {
    const d = emptyHallDoc(20, 20);
    d.equipment = [eq('R1', 'rack', 'gb200-nvl72', 5, 5), eq('F1', 'cooler', 'fan-wall-500', 10, 5)];
    const r = runPower(d);
    expect(r.figures).toEqual([]);
    expect(r.findings).toHaveLength(1);
    expect(r.findings[0]).toMatchObject({ id: 'electrical:no-power-design:site', severity: 'info', measured: { value: 152, unit: 'kW' } });
    expect(runPower(emptyHallDoc(10, 10)).findings).toEqual([]);
    // one power connection (even a wrong one) starts the checks
    d.connections = [feed('R1', 'F1')];
    const r2 = runPower(d);
    expect(r2.findings.map((f) => f.code).sort()).toEqual(['connection-direction', 'unpowered-load', 'unpowered-load']);
  });

  it("the benchmark's generated 2N layout (here 1,000 racks) survives every single failure", () => {
    const r = runPower(makePowerDoc(1000));
    const p = r.power!;
    // 5 blocks × 2 sides × (T, G, SG, UPS, RPP, 4 busways) + the utility
    expect(p.elements).toHaveLength(1 + 5 * 2 * 9);
    // every element fails once, one module of each UPS, and each side
    expect(p.scenarios).toHaveLength(91 + 10 + 2);
    expect(r.findings).toEqual([]);
    expect(p.totals.itKw).toBe(12_000);
    expect(p.totals.mechanicalKw).toBe(200);
    expect(p.scenarios.every((s) => s.lostKw === 0 && s.overloads === 0)).toBe(true);
    // in normal operation the generators stand by: a standby source carries nothing until the utility fails
    const g = p.elements.filter((e) => e.kind === 'generator');
    expect(g.every((e) => e.outputKw === 0)).toBe(true);
  });

  it('is registered as the electrical engine of the analysis runner', () => {
    const names = ENGINES.map((e) => e.name);
    expect(names.slice(0, 2)).toEqual(['space', 'electrical']);
    const out = runAll(smallHall({ sameUps: true }));
    expect(out.results[1].engine).toBe('electrical');
    expect(out.findings.some((f) => f.id === 'electrical:failure-lost-load:UPS-A')).toBe(true);
  });
});

describe('robustness', () => {
  it('any wiring of every catalog model, with junk connection props, analyses without throwing; finding ids are unique', () => {
    let seed = 12345;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const pick = <T,>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
    const junk: Connection['props'][keyof Connection['props']][] = ['A', 'B', '', 42, true, false, -5, 0, 'AB', 'C', '4/0', '750', 1e9];
    const keys = ['side', 'standby', 'lengthM', 'size', 'parallelSets', 'conduit', 'breakerA', 'rated100Pct', 'phase'];
    const models = KINDS.flatMap((k) => k.models.map((m) => [k.kind, m.id] as const));
    for (let trial = 0; trial < 150; trial++) {
      nConn = 0;
      const d = emptyHallDoc(100, 100);
      d.site.powerRedundancy = pick(['N', 'N+1', '2N', 'DR', 'catcher'] as const);
      d.equipment = models.map(([kind, model], i) => eq(`e${i}`, kind, model, 5 + (i % 10) * 9, 5 + Math.floor(i / 10) * 9));
      const n = Math.floor(rnd() * 80);
      for (let c = 0; c < n; c++) {
        const props: Connection['props'] = {};
        for (const k of keys) if (rnd() < 0.3) props[k] = pick(junk)!;
        d.connections.push(feed(pick(d.equipment).id, pick(d.equipment).id, props));
      }
      const r = runPower(d);
      const ids = r.findings.map((f) => f.id);
      expect(new Set(ids).size, `trial ${trial}: ${ids.filter((x, i) => ids.indexOf(x) !== i).join(', ')}`).toBe(ids.length);
      const docIds = new Set(d.equipment.map((e) => e.id).concat(d.connections.map((c) => c.id)));
      for (const f of r.findings) for (const sub of f.subjects) expect(docIds.has(sub), `${f.id} names ${sub}`).toBe(true);
      expect(JSON.parse(JSON.stringify(r.power ?? null))).toEqual(r.power ?? null);
    }
  });
});

describe('the shipped samples through the electrical engine', () => {
  const load = (file: string): LayoutDoc => {
    const r = loadLayout(readFileSync(join(SAMPLES_DIR, file), 'utf8'));
    if (!r.ok) throw new Error(r.summary);
    return r.doc;
  };
  const ids = (r: ReturnType<typeof runPower>, sev: string) => r.findings.filter((f) => f.severity === sev).map((f) => f.id);

  it('as-found mining hall (N): T2 near its nameplate is the one warning; 100 %-rated mains carry the miners', () => {
    const r = runPower(load('as-found-mining-hall.json'));
    expect(ids(r, 'critical')).toEqual([]);
    expect(ids(r, 'warning')).toEqual(['electrical:near-limit:transformer-002']);
    const p = r.power!;
    const el = (id: string) => p.elements.find((e) => e.id === id)!;
    expect(el('transformer-002').utilisation).toBeCloseTo(0.9006, 4);
    expect(el('switchgear-002')).toMatchObject({ basis: 'breaker', limit: 4000 });
    expect(el('switchgear-002').utilisation).toBeCloseTo(0.8116, 4);
    // miners are the IT load: 750 × 3.25 + 750 × 3.5 kW; fans 32 × 1.1 and pads 9 × 0.37 kW
    expect(p.totals.itKw).toBeCloseTo(5062.5, 9);
    expect(p.totals.mechanicalKw).toBeCloseTo(35.2 + 9 * 0.37, 9);
    expect(p.totals.unpoweredKw).toBe(0);
    // N: any single failure of the chain drops miners, as information
    expect(ids(r, 'info')).toHaveLength(5);
    expect(p.redundancy).toBe('N');
  });

  it('converted AI hall (2N): everything powered, no single failure loses load; one side alone runs at 90 %', () => {
    const r = runPower(load('converted-ai-hall.json'));
    expect(ids(r, 'critical')).toEqual([]);
    expect(ids(r, 'info')).toEqual([]);
    expect(ids(r, 'warning').sort()).toEqual(
      [
        'electrical:failure-overload:switchgear-001:switchgear-002',
        'electrical:failure-overload:switchgear-001:transformer-002',
        'electrical:failure-overload:switchgear-002:switchgear-001',
        'electrical:failure-overload:switchgear-002:transformer-001',
        'electrical:failure-overload:side@A:switchgear-002',
        'electrical:failure-overload:side@A:transformer-002',
        'electrical:failure-overload:side@B:switchgear-001',
        'electrical:failure-overload:side@B:transformer-001',
      ].sort(),
    );
    const p = r.power!;
    expect(p.redundancy).toBe('2N');
    expect(p.totals.itKw).toBe(2928);
    // 4 chillers 1,200 kW / COP 4.2, 4 dry coolers 28 kW, 4 CDUs 11.5 kW, 3 fan walls 20 kW
    expect(p.totals.mechanicalKw).toBeCloseTo((4 * 1200) / 4.2 + 4 * 28 + 4 * 11.5 + 3 * 20, 9);
    expect(p.totals.unpoweredKw).toBe(0);
    expect(p.scenarios.every((s) => s.lostKw === 0 && s.overloads === 0)).toBe(true);
    expect(p.totals.siteKw).toBeGreaterThan(4300);
    expect(p.totals.siteKw).toBeLessThan(0.7 * 7000);
    expect(p.totals.pue).toBeCloseTo(p.totals.siteKw / 2928, 12);
    // normal operation: each UPS carries half the critical load (racks, CDUs, fan walls)
    // UPS-A = half the racks + its busways' losses + RPP-A (half the CDUs and fan walls at η 0.998)
    const ups = p.elements.find((e) => e.id === 'ups-001')!;
    const bwA = p.elements.filter((e) => e.kind === 'busway' && e.side === 'A');
    expect(bwA).toHaveLength(4);
    const bwLoss = bwA.reduce((a, e) => a + e.lossKw, 0);
    expect(bwLoss).toBeGreaterThan(0);
    expect(ups.outputKw).toBeCloseTo(2928 / 2 + bwLoss + (4 * 11.5 + 3 * 20) / 2 / 0.998, 9);
  });

  it('container farm and empty hall', () => {
    const farm = runPower(load('container-farm.json'));
    expect(ids(farm, 'critical')).toEqual([]);
    expect(ids(farm, 'warning')).toEqual(['electrical:near-limit:transformer-001', 'electrical:near-limit:transformer-002']);
    expect(farm.power!.totals.unpoweredKw).toBe(0);
    expect(runPower(load('empty-hall.json')).findings).toEqual([]);
  });

  it('the checker prints the power figures and findings of the converted hall, and the same in --json', () => {
    const file = join(SAMPLES_DIR, 'converted-ai-hall.json');
    let out = '';
    // airflow off: it is slow and not this test's subject; the exit code depends on every engine, so it is not asserted
    checkMain([file, '--airflow=off'], { out: (t) => (out += t), err: () => {} });
    expect(out).toMatch(/IT load \(powered\)\s+2,928 kW/);
    expect(out).toMatch(/Mechanical load \(powered\)\s+1,361 kW/);
    expect(out).toMatch(/Distribution losses\s+115 kW/);
    expect(out).toMatch(/Site electrical demand\s+4,404 kW/);
    expect(out).toMatch(/Utility interconnect\s+7,000 kW/);
    expect(out).toMatch(/PUE at design load \(all connected plant running\)\s+1\.5/);
    expect(out).toContain('[electrical:failure-overload:side@A:transformer-002] measured 4,514 kVA; limit 5,000 kVA; owner electrical; transformer-002');
    let json = '';
    checkMain([file, '--json', '--airflow=off'], { out: (t) => (json += t), err: () => {} });
    const j = JSON.parse(json) as { figures: { name: string; value: number }[]; findings: { engine: string; severity: string }[] };
    const fig = Object.fromEntries(j.figures.filter((f) => f.name.startsWith('power_')).map((f) => [f.name, f.value]));
    const direct = runPower(load('converted-ai-hall.json'));
    expect(fig).toEqual(Object.fromEntries(direct.figures.map((f) => [f.name, f.value])));
    expect(j.findings.filter((f) => f.engine === 'electrical').map((f) => f.severity)).toEqual(Array(8).fill('warning'));
  });
});
