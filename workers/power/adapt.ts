/**
 * Layout document → power-engine input, and the 'electrical' engine run on a document.
 *
 * Pure (no DOM). The mapping (docs/power.md, "Layout mapping"):
 *
 * - `site.utility` is one `utility` node (id UTILITY_ID, `voltageKv·1000` V; `interconnectMw` is the
 *   site's interconnect, checked against the site demand with its headroom) feeding every transformer without an upstream power connection, and every other top-level
 *   distribution element at the utility voltage (MV switchgear). A top-level element at any other
 *   voltage stays without a source (the engine reports it unpowered).
 * - Distribution equipment (transformer, switchgear, UPS, PDU/RPP, busway, generator) becomes nodes
 *   with the equipment id; a power connection `from → to` between two of them adds `from` to `to`'s
 *   sources. A node fed by a generator (or by a connection with `props.standby: true`) takes its power
 *   from the first live source in order ('standby': ATS / generator back-up), the standby sources last.
 * - A power connection into any other equipment (racks, miners, CDUs, coolers, chillers, fans, pumps)
 *   becomes cords of that load on `from`. Loads draw `kind.electricalKw(props)`; equipment with a draw
 *   and no power connection is a load without cords (the engine's critical `unpowered-load`).
 * - Connection props: `side` ('A' | 'B' | …) labels the redundant path (nodes take the side of their
 *   incoming connections, top-level nodes that of their outgoing ones); `lengthM` + `size`
 *   (+ `parallelSets`, `conduit`) describe the feeder cable into a node; `breakerA`, `rated100Pct`
 *   and `phase` describe a cord's branch circuit.
 * - Not modelled: generator auxiliaries (`auxKw`: block heaters, chargers), which hang on the board the
 *   generator backs up, and the losses of distribution equipment that carries nothing.
 *
 * A document with no distribution equipment and no power connection has no power design yet: the
 * engine then reports one info finding instead of flagging every load as unpowered.
 */
import { getKind } from '../../src/catalog/registry';
import type { Connection, Equipment, LayoutDoc } from '../../src/model/document';
import type { EngineResult, Figure, Finding } from '../findings';
import { analysePower, type PowerResult, type RatingBasis } from './analyse';
import { label, type DesignRedundancy, type LoadCategory, type NodeKind, type PhaseConnection, type PowerCordInput, type PowerLoadInput, type PowerNodeInput, type PowerSystemInput } from './graph';
import { isConductorSize, SQRT3, type Conduit } from './electrical';

/** Id of the site's utility feed in the power graph ('@' cannot occur in document ids). */
export const UTILITY_ID = '@utility';

/** Equipment kinds that are distribution elements (nodes of the power graph). */
export const DISTRIBUTION_KINDS: Readonly<Record<string, NodeKind>> = Object.freeze({
  transformer: 'transformer',
  switchgear: 'switchgear',
  ups: 'ups',
  pdu: 'pdu',
  busway: 'busway',
  generator: 'generator',
});
const IT_KINDS: ReadonlySet<string> = new Set(['rack', 'miner-shelf', 'mining-container']);
const MECHANICAL_KINDS: ReadonlySet<string> = new Set(['cdu', 'cooler', 'chiller', 'dry-cooler', 'evap-wall', 'exhaust-fan']);
/** A rack's cord voltage may differ from the supply by this fraction before it is a mismatch. */
export const FEED_VOLTAGE_TOLERANCE = 0.1;
/** A transformer's primary may differ from its supply by this fraction. */
export const PRIMARY_VOLTAGE_TOLERANCE = 0.05;

export function loadCategoryOf(kind: string): LoadCategory {
  return IT_KINDS.has(kind) ? 'it' : MECHANICAL_KINDS.has(kind) ? 'mechanical' : 'other';
}

export interface AdaptedPower {
  input: PowerSystemInput;
  /** problems found while mapping (reversed connections, cord voltages, bad connection props) */
  findings: Finding[];
  /** false when the document has no distribution equipment and no power connection */
  hasDesign: boolean;
  /** loads by category from the catalogue, kW (whether or not they are connected) */
  designKw: { it: number; mechanical: number; other: number };
}

function finding(code: string, severity: Finding['severity'], subjects: string[], message: string, extra: Partial<Finding> = {}): Finding {
  return { id: `electrical:${code}:${subjects[0] ?? 'site'}`, engine: 'electrical', code, severity, message, subjects, owner: 'electrical', ...extra };
}

const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
const fmt = (x: number, d = 0) => x.toFixed(d);
const near = (a: number, b: number, tol: number) => Math.abs(a - b) <= tol * Math.max(Math.abs(a), Math.abs(b));

/** Output line-to-line voltage of a distribution element, V. */
function nodeVoltage(e: Equipment): number {
  const p = e.props;
  switch (e.kind) {
    case 'transformer':
      return p.secondaryV;
    default:
      return p.voltageV;
  }
}

/** Branch / tap-off breaker of a distribution element that cords plug into, A (undefined: none). */
function branchBreakerA(e: Equipment): number | undefined {
  if (e.kind === 'busway') return e.props.tapOffA;
  if (e.kind === 'pdu') return e.props.branchBreakerA;
  return undefined;
}

function nodeOf(e: Equipment, kind: NodeKind): PowerNodeInput {
  const p = e.props;
  const nd: PowerNodeInput = { id: e.id, kind, name: e.name, sources: [], voltageV: nodeVoltage(e) };
  switch (e.kind) {
    case 'transformer':
      nd.ratingKva = p.kva;
      nd.noLoadLossKw = p.noLoadLossKw;
      nd.loadLossKw = p.loadLossKw;
      break;
    case 'switchgear':
      nd.breakerA = p.ratingA;
      nd.rated100Pct = p.continuousPct === 100;
      if (p.lossKw > 0) nd.ratedLossKw = p.lossKw;
      break;
    case 'ups':
      nd.ups = { moduleKw: p.moduleKw, moduleCount: p.moduleCount, redundantModules: p.redundantModules, efficiency: p.efficiency };
      break;
    case 'pdu':
      nd.ratingKva = p.kva;
      nd.efficiency = p.efficiency;
      nd.positions = p.branchCount;
      break;
    case 'busway':
      nd.ratingA = p.ratingA;
      nd.positions = p.tapOffCount;
      if (p.lossWPerM > 0) nd.ratedLossKw = (p.lossWPerM * p.widthM) / 1000;
      break;
    case 'generator':
      nd.ratingKw = p.ratedKw;
      break;
  }
  return nd;
}

/** The single-phase connection of a 1φ cord: its voltage against the supply's V_LN and V_LL. */
function singlePhaseKind(cordV: number, supplyLL: number): 'LN' | 'LL' | null {
  if (near(cordV, supplyLL / SQRT3, FEED_VOLTAGE_TOLERANCE)) return 'LN';
  if (near(cordV, supplyLL, FEED_VOLTAGE_TOLERANCE)) return 'LL';
  return null;
}

/**
 * Map a layout document onto the power engine's input, with the mapping's own findings.
 * Never throws on document content.
 */
export function adaptLayoutPower(doc: LayoutDoc): AdaptedPower {
  const findings: Finding[] = [];
  const byId = new Map<string, Equipment>();
  for (const e of doc.equipment) byId.set(e.id, e);
  const power = doc.connections.filter((c) => c.kind === 'power');
  const designKw = { it: 0, mechanical: 0, other: 0 };
  for (const e of doc.equipment) {
    if (DISTRIBUTION_KINDS[e.kind]) continue;
    const k = getKind(e.kind);
    if (k) designKw[loadCategoryOf(e.kind)] += Math.max(0, k.electricalKw(e.props));
  }
  const hasDesign = power.length > 0 || doc.equipment.some((e) => DISTRIBUTION_KINDS[e.kind] !== undefined);

  // ---- nodes
  const nodes: PowerNodeInput[] = [];
  const nodeIndex = new Map<string, PowerNodeInput>();
  const utilityV = doc.site.utility.voltageKv * 1000;
  // no ratingKw: the interconnect (with its headroom) is checked once, on the site demand
  const utility: PowerNodeInput = { id: UTILITY_ID, kind: 'utility', name: 'Utility service', sources: [], voltageV: utilityV };
  nodes.push(utility);
  nodeIndex.set(UTILITY_ID, utility);
  for (const e of doc.equipment) {
    const kind = DISTRIBUTION_KINDS[e.kind];
    if (!kind) continue;
    const nd = nodeOf(e, kind);
    nodes.push(nd);
    nodeIndex.set(e.id, nd);
  }

  // ---- connections: sources (node → node) and cords (node → load)
  const incoming = new Map<string, Connection[]>(); // node id → connections from nodes
  const outgoing = new Map<string, Connection[]>(); // node id → connections to anything
  const cordConns = new Map<string, Connection[]>(); // load id → connections from nodes
  const push = <T>(m: Map<string, T[]>, k: string, v: T) => {
    const a = m.get(k);
    if (a) a.push(v);
    else m.set(k, [v]);
  };
  for (const c of power) {
    const from = byId.get(c.from);
    const to = byId.get(c.to);
    if (!from || !to || c.from === c.to) {
      findings.push(finding('connection-dangling', 'warning', [c.id], `Power connection ${c.id} joins ${c.from} to ${c.to}, which are not two pieces of equipment; it is ignored.`));
      continue;
    }
    if (!nodeIndex.has(from.id)) {
      const reversed = nodeIndex.has(to.id);
      findings.push(
        finding(
          'connection-direction',
          'warning',
          [c.id, from.id, to.id],
          reversed
            ? `Power connection ${c.id} runs from ${label(from)} (a ${from.kind}, which draws power) to ${label(to)} (a ${to.kind}); connections run from the supply to the load — reverse it.`
            : `Power connection ${c.id} runs from ${label(from)} (a ${from.kind}) to ${label(to)}: neither is distribution equipment, so it carries no power; connect both to a PDU, busway, switchgear or transformer.`,
        ),
      );
      continue;
    }
    push(outgoing, from.id, c);
    if (nodeIndex.has(to.id)) push(incoming, to.id, c);
    else push(cordConns, to.id, c);
  }

  const sideOf = (cs: Connection[] | undefined): string | undefined => {
    const sides = new Set<string>();
    for (const c of cs ?? []) {
      const s = c.props.side;
      if (typeof s === 'string' && s !== '') sides.add(s);
      else if (s !== undefined) return undefined;
    }
    return sides.size === 1 ? [...sides][0] : undefined;
  };

  for (const nd of nodes) {
    if (nd.id === UTILITY_ID) continue;
    const e = byId.get(nd.id)!;
    const inc = incoming.get(nd.id) ?? [];
    nd.side = inc.length > 0 ? sideOf(inc) : sideOf(outgoing.get(nd.id));
    if (inc.length === 0) {
      // top level: the utility feeds transformers and elements at the utility voltage
      if (e.kind === 'transformer' || (e.kind !== 'generator' && near(nd.voltageV, utilityV, 0.01))) nd.sources = [UTILITY_ID];
    } else {
      const normal: Connection[] = [];
      const standby: Connection[] = [];
      for (const c of inc) (c.props.standby === true || byId.get(c.from)!.kind === 'generator' ? standby : normal).push(c);
      const ordered = [...normal, ...standby];
      nd.sources = ordered.map((c) => c.from);
      if (standby.length > 0 && ordered.length > 1) nd.sourceMode = 'standby';
      const feeder = feederOf(ordered[0], findings);
      if (feeder) nd.feeder = feeder;
    }
    if (e.kind === 'transformer') {
      const inV = nd.sources.length > 0 ? nodeIndex.get(nd.sources[0])?.voltageV : undefined;
      const primaryV = e.props.primaryKv * 1000;
      if (inV !== undefined && !near(primaryV, inV, PRIMARY_VOLTAGE_TOLERANCE)) {
        findings.push(
          finding('primary-voltage', 'critical', [e.id], `${label(e)} has a ${fmt(e.props.primaryKv, 1)} kV primary but is fed at ${fmt(inV / 1000, 2)} kV.`, {
            measured: { value: inV, unit: 'V' },
            limit: { value: primaryV, unit: 'V' },
          }),
        );
      }
    }
  }

  // ---- loads
  const loads: PowerLoadInput[] = [];
  const rr = new Map<string, number>(); // round-robin phase per supply node for 1φ cords
  for (const e of doc.equipment) {
    if (DISTRIBUTION_KINDS[e.kind]) continue;
    const k = getKind(e.kind);
    if (!k) continue;
    const kw = Math.max(0, k.electricalKw(e.props));
    const conns = cordConns.get(e.id) ?? [];
    if (kw <= 0 && conns.length === 0) continue;
    const ld: PowerLoadInput = { id: e.id, name: e.name, category: loadCategoryOf(e.kind), kw, cords: [] };
    const isRack = e.kind === 'rack';
    const cordCount = isRack ? Math.floor(e.props.cordCount) : 0;
    if (isRack && cordCount > 0) {
      ld.requiredCords = cordCount;
      if (conns.length > cordCount)
        findings.push(finding('extra-feeds', 'warning', [e.id], `${label(e)} has ${cordCount} power cord(s) but ${conns.length} power connections; each connection is taken as one cord.`));
    }
    conns.forEach((c, i) => {
      const supply = byId.get(c.from)!;
      const supplyV = nodeVoltage(supply);
      // cords per connection: the rack's cords shared among its connections (the first ones take the remainder)
      const n = isRack && cordCount >= conns.length ? Math.floor(cordCount / conns.length) + (i < cordCount % conns.length ? 1 : 0) : 1;
      let connection: PhaseConnection = '3P';
      if (isRack) {
        const cordV = e.props.feedVoltageV;
        if (e.props.feedPhases === 1) {
          const kindLN = singlePhaseKind(cordV, supplyV);
          if (!kindLN)
            findings.push(feedVoltageFinding(e, supply, c, cordV, supplyV, `its single-phase cords are for ${fmt(cordV)} V; the supply gives ${fmt(supplyV / SQRT3)} V line-to-neutral and ${fmt(supplyV)} V line-to-line`));
          connection = phaseOf(c, kindLN ?? 'LN', supply.id, rr, findings);
        } else if (!near(cordV, supplyV, FEED_VOLTAGE_TOLERANCE)) {
          findings.push(feedVoltageFinding(e, supply, c, cordV, supplyV, `its three-phase cords are for ${fmt(cordV)} V; the supply is ${fmt(supplyV)} V`));
        }
      }
      const connBreaker = num(c.props.breakerA);
      if (c.props.breakerA !== undefined && !(connBreaker !== undefined && connBreaker > 0))
        findings.push({ ...finding('connection-prop', 'warning', [c.id, e.id], `Power connection ${c.id}: breakerA must be a positive number of amperes; found ${JSON.stringify(c.props.breakerA)}.`), id: `electrical:connection-prop:${c.id}:breakerA` });
      const branch = connBreaker !== undefined && connBreaker > 0 ? connBreaker : branchBreakerA(supply);
      const limits = [branch, isRack ? e.props.cordBreakerA : undefined].filter((x): x is number => x !== undefined && x > 0);
      const cord: PowerCordInput = { node: supply.id, connection, label: typeof c.props.side === 'string' ? c.props.side : c.id };
      if (limits.length > 0) cord.breakerA = Math.min(...limits);
      if (c.props.rated100Pct === true) cord.rated100Pct = true;
      for (let j = 0; j < n; j++) ld.cords.push({ ...cord });
    });
    loads.push(ld);
  }
  const input: PowerSystemInput = {
    nodes,
    loads,
    site: { interconnectMw: doc.site.utility.interconnectMw },
    design: { redundancy: (doc.site.powerRedundancy ?? 'N') as DesignRedundancy },
  };
  return { input, findings, hasDesign, designKw };
}

function feedVoltageFinding(rack: Equipment, supply: Equipment, c: Connection, cordV: number, supplyV: number, why: string): Finding {
  return {
    ...finding('feed-voltage', 'critical', [rack.id, supply.id], `${label(rack)} is fed from ${label(supply)} by ${c.id}, but ${why}: change the rack's cord voltage or feed it from a matching supply.`, {
      measured: { value: supplyV, unit: 'V' },
      limit: { value: cordV, unit: 'V' },
    }),
    id: `electrical:feed-voltage:${rack.id}:${c.id}`,
  };
}

/** The phase (pair) a single-phase cord uses: the connection's `phase` prop, else round-robin per supply. */
function phaseOf(c: Connection, kind: 'LN' | 'LL', supplyId: string, rr: Map<string, number>, findings: Finding[]): PhaseConnection {
  const want = c.props.phase;
  const allowed: PhaseConnection[] = kind === 'LN' ? ['A', 'B', 'C'] : ['AB', 'BC', 'CA'];
  if (typeof want === 'string' && (allowed as string[]).includes(want)) return want as PhaseConnection;
  if (want !== undefined)
    findings.push({
      ...finding('connection-prop', 'warning', [c.id], `Power connection ${c.id}: phase ${JSON.stringify(want)} is not one of ${allowed.join(', ')} for this ${kind === 'LN' ? 'line-to-neutral' : 'line-to-line'} cord; phases are assigned in turn instead.`),
      id: `electrical:connection-prop:${c.id}:phase`,
    });
  const k = rr.get(supplyId) ?? 0;
  rr.set(supplyId, k + 1);
  return allowed[k % 3];
}

/** The feeder cable described on a connection (`lengthM`, `size`, optional `parallelSets`, `conduit`). */
function feederOf(c: Connection, findings: Finding[]): PowerNodeInput['feeder'] | undefined {
  const lengthM = num(c.props.lengthM);
  const size = c.props.size;
  if (lengthM === undefined && size === undefined) return undefined;
  const sizeStr = typeof size === 'number' ? String(size) : typeof size === 'string' ? size : '';
  if (!(lengthM !== undefined && lengthM > 0) || !isConductorSize(sizeStr)) {
    findings.push({
      ...finding(
        'connection-prop',
        'warning',
        [c.id],
        `Power connection ${c.id}: a feeder needs lengthM (> 0, m) and size (copper AWG / kcmil: 4 … 4/0, 250 … 500); found lengthM ${JSON.stringify(c.props.lengthM)}, size ${JSON.stringify(size)}. The feeder is not checked.`,
      ),
      id: `electrical:connection-prop:${c.id}:feeder`,
    });
    return undefined;
  }
  const feeder: NonNullable<PowerNodeInput['feeder']> = { lengthM, size: sizeStr };
  const sets = num(c.props.parallelSets);
  if (sets !== undefined && sets >= 1) feeder.parallelSets = Math.floor(sets);
  const conduit = c.props.conduit;
  if (conduit === 'pvc' || conduit === 'steel' || conduit === 'aluminium') feeder.conduit = conduit as Conduit;
  return feeder;
}

/** The engine input for a layout (pure). See adaptLayoutPower for the mapping's own findings. */
export function powerInputFromLayout(doc: LayoutDoc): PowerSystemInput {
  return adaptLayoutPower(doc).input;
}

// ---------------------------------------------------------------------------------------------------
// the engine run

/** One distribution element's state for colouring and inspection. */
export interface PowerElementSummary {
  id: string;
  kind: NodeKind;
  alive: boolean;
  /** load / limit of the governing rating (1 = at the limit) */
  utilisation: number;
  basis: RatingBasis;
  measured: number;
  limit: number;
  unit: string;
  outputKw: number;
  lossKw: number;
  side?: string;
  /** upstream element ids as the engine sees them (UTILITY_ID for top-level transformers), in priority order */
  sources: string[];
  /** 'standby': takes everything from the first live source (ATS / generator back-up); absent: shared */
  sourceMode?: 'standby';
}

/** One single-failure scenario, without its per-element detail. */
export interface PowerScenarioSummary {
  key: string;
  kind: 'element' | 'module' | 'side';
  label: string;
  failed: string[];
  lostKw: number;
  lostLoads: number;
  /** overloads (> 100 %, not voltage drop) in the scenario */
  overloads: number;
  worstElementId: string | null;
  worstUtilisation: number;
}

/** What runPower returns: an EngineResult plus a compact, serialisable power summary. */
export interface PowerEngineResult extends EngineResult {
  power?: {
    totals: PowerResult['totals'];
    redundancy: DesignRedundancy;
    elements: PowerElementSummary[];
    scenarios: PowerScenarioSummary[];
    timings: PowerResult['timings'];
  };
}

/** Options of runPower (the analysis runner uses none). */
export interface PowerRunOptions {
  /**
   * Element ids taken out of service (document ids, or UTILITY_ID): shows one failure in full —
   * every element's state with the load moved to the surviving paths (e.g. all ids of side A).
   */
  outOfService?: readonly string[];
  /** run the single-failure enumeration (default true; false for a quick what-if view) */
  singleFailure?: boolean;
}

/** The 'electrical' engine on a layout: adapt, analyse (flows, ratings, single failures), summarise. */
export function runPower(doc: LayoutDoc, options: PowerRunOptions = {}): PowerEngineResult {
  const t0 = performance.now();
  const ad = adaptLayoutPower(doc);
  if (!ad.hasDesign) {
    const total = ad.designKw.it + ad.designKw.mechanical + ad.designKw.other;
    const findings: Finding[] =
      total > 0
        ? [
            finding(
              'no-power-design',
              'info',
              [],
              `No power distribution is laid out yet: ${fmt(total)} kW of equipment (IT ${fmt(ad.designKw.it)} kW, mechanical ${fmt(ad.designKw.mechanical)} kW) is not checked electrically. Add transformers, switchgear, UPS, PDUs or busways and power connections.`,
              { measured: { value: total, unit: 'kW' } },
            ),
          ]
        : [];
    return { engine: 'electrical', figures: [], findings, elapsedMs: performance.now() - t0 };
  }
  const r = analysePower(ad.input, { outOfService: options.outOfService, singleFailure: options.singleFailure });
  // the utility is no document item: findings name what the designer can select
  const findings = [...ad.findings, ...r.findings].map((f) => (f.subjects.includes(UTILITY_ID) ? { ...f, subjects: f.subjects.filter((x) => x !== UTILITY_ID) } : f));
  const t = r.totals;
  const figures: Figure[] = [
    { name: 'power_it_kw', label: 'IT load (powered)', value: t.itKw, unit: 'kW' },
    { name: 'power_mechanical_kw', label: 'Mechanical load (powered)', value: t.mechanicalKw, unit: 'kW' },
    { name: 'power_other_kw', label: 'Other electrical load', value: t.otherKw, unit: 'kW' },
    { name: 'power_loss_kw', label: 'Distribution losses', value: t.lossKw, unit: 'kW' },
    { name: 'power_site_kw', label: 'Site electrical demand', value: t.siteKw, unit: 'kW' },
  ];
  if (t.interconnectKw !== null) {
    figures.push({ name: 'power_interconnect_kw', label: 'Utility interconnect', value: t.interconnectKw, unit: 'kW' });
    figures.push({ name: 'power_headroom_pct', label: 'Interconnect headroom', value: t.headroomPct ?? 0, unit: '%' });
  }
  if (t.pue !== null) figures.push({ name: 'power_pue', label: 'PUE at design load (all connected plant running)', value: t.pue, unit: '' });
  figures.push({ name: 'power_unpowered_kw', label: 'Load without power', value: t.unpoweredKw, unit: 'kW' });
  const get = (n: string) => r.figures.find((f) => f.name === n)?.value ?? 0;
  figures.push({ name: 'power_scenarios', label: 'Single failures simulated', value: get('scenarios'), unit: '' });
  figures.push({ name: 'power_scenarios_failing', label: 'Single failures with overload or lost load', value: get('scenariosFailing'), unit: '' });
  figures.push({ name: 'power_worst_lost_kw', label: 'Largest load lost to one failure', value: get('worstLostKw'), unit: 'kW' });

  const inputs = new Map(ad.input.nodes.map((n) => [n.id, n]));
  const elements: PowerElementSummary[] = r.nodes.map((s) => {
    const nd = inputs.get(s.id)!;
    const el: PowerElementSummary = {
      id: s.id,
      kind: s.kind,
      alive: s.alive,
      utilisation: s.utilisation,
      basis: s.basis,
      measured: s.measured,
      limit: s.limit,
      unit: s.unit,
      outputKw: s.outputKw,
      lossKw: s.lossKw,
      sources: [...nd.sources],
    };
    if (nd.side !== undefined) el.side = nd.side;
    if (nd.sourceMode === 'standby') el.sourceMode = 'standby';
    return el;
  });
  const scenarios: PowerScenarioSummary[] = r.scenarios.map((s) => {
    let worst: string | null = null;
    let wu = 0;
    let over = 0;
    for (const o of s.overloads) {
      if (o.utilisation > 1 && o.basis !== 'voltage-drop') over++;
      if (o.utilisation > wu) {
        wu = o.utilisation;
        worst = o.elementId;
      }
    }
    return { key: s.key, kind: s.kind, label: s.label, failed: s.failed, lostKw: s.lostKw, lostLoads: s.lostLoadIds.length, overloads: over, worstElementId: worst, worstUtilisation: wu };
  });
  return {
    engine: 'electrical',
    figures,
    findings,
    elapsedMs: performance.now() - t0,
    power: { totals: r.totals, redundancy: ad.input.design?.redundancy ?? 'N', elements, scenarios, timings: r.timings },
  };
}

