/**
 * The power-distribution graph: input types (engine-owned, independent of the layout document) and
 * their compilation into flat typed arrays for fast analysis.
 *
 * Model: a directed acyclic graph of distribution nodes from sources (utility feeds, generators) down
 * to the breakers that loads plug into:
 *   utility → transformer → switchgear → UPS system → PDU / RPP / busway → tap-off / branch breaker
 * Each node names its upstream sources. A node with several sources either shares its load equally
 * among the live ones ('shared', e.g. a dual-input busway with paralleled feeds) or takes it all from
 * the first live one in list order ('standby': automatic transfer switch, main-tie-main, generator
 * back-up, static transfer to a catcher UPS).
 * Loads (racks, mechanical plant) attach by cords; a load's power is shared equally among its live
 * cords, so when cord A's path fails, the remaining cords carry it all.
 *
 * Voltages are line-to-line, V. Power kW / kVA / kvar. Lengths m. Currents A.
 */
import type { Finding } from '../findings';
import { isConductorSize, pfTan, SQRT3, type Conduit, type ConductorSize, type UpsLossCoefficients } from './electrical';

export type NodeKind =
  | 'utility'
  | 'generator'
  | 'transformer'
  | 'switchgear'
  | 'ups'
  | 'pdu'
  | 'rpp'
  | 'panel'
  | 'busway'
  | 'tapoff'
  | 'breaker';

/** How a load or a cord attaches to a three-phase system: all three phases, one phase to neutral, or a line-to-line pair. */
export type PhaseConnection = '3P' | 'A' | 'B' | 'C' | 'AB' | 'BC' | 'CA';

export type LoadCategory = 'it' | 'mechanical' | 'other';

/** Redundancy the design claims; used to judge single-corded loads and lost loads. */
export type DesignRedundancy = 'N' | 'N+1' | '2N' | 'DR' | 'catcher';

/** The cable run from a node's (first) source to the node. */
export interface FeederSpec {
  /** one-way length, m */
  lengthM: number;
  /** copper conductor size (AWG / kcmil) */
  size: ConductorSize;
  conduit?: Conduit;
  /** conductor sets in parallel (default 1) */
  parallelSets?: number;
}

export interface UpsSpec {
  /** rated output of one power module, kW */
  moduleKw: number;
  /** installed modules */
  moduleCount: number;
  /** modules held as redundancy inside the system (N+1 → 1); informational, failures are simulated */
  redundantModules?: number;
  /** loss model; default DEFAULT_UPS_LOSS */
  loss?: UpsLossCoefficients;
  /** fixed double-conversion efficiency 0…1 (loss = P·(1/η − 1)); used when `loss` is not given */
  efficiency?: number;
  /** input power factor of the rectifier (default 0.99) */
  inputPf?: number;
}

export interface PowerNodeInput {
  id: string;
  kind: NodeKind;
  name?: string;
  /** upstream node ids; empty for utility feeds and generators. For 'standby' in priority order. */
  sources: string[];
  /** how a node with several sources draws from them (default 'shared') */
  sourceMode?: 'shared' | 'standby';
  /** line-to-line output voltage, V */
  voltageV: number;
  /** the A/B (or 1/2/3) side label of redundant paths; a 'side' failure takes out every node of that side */
  side?: string;
  /** main (or feeder) breaker rating, A, checked on the output current (switchgear, panel, RPP, PDU output, tap-off, breaker) */
  breakerA?: number;
  /** busway rating, A (checked like a breaker) */
  ratingA?: number;
  /** true when the breaker / busway is 100 %-rated (continuous factor 1 instead of 0.8) */
  rated100Pct?: boolean;
  /** nameplate kVA (transformer, PDU) */
  ratingKva?: number;
  /** capacity of a utility feed or generator, kW */
  ratingKw?: number;
  /** transformer (or PDU transformer) no-load and rated load losses, kW; defaults 0.2 % and 0.8 % of kVA */
  noLoadLossKw?: number;
  loadLossKw?: number;
  /** transformer / PDU fixed efficiency 0…1 (loss = P·(1/η − 1)); used when no-load / load losses are not given */
  efficiency?: number;
  /**
   * losses of a pass-through element (busway, switchgear, panel) at its rated current, kW; they scale
   * with (I / I_rated)² per phase, I_rated = ratingA or breakerA (e.g. busway W/m × length)
   */
  ratedLossKw?: number;
  ups?: UpsSpec;
  feeder?: FeederSpec;
  /**
   * circuit positions available: branch breakers of a PDU / RPP / panel, tap-off slots of a busway;
   * used = cords plugged in directly + downstream tap-off / breaker elements
   */
  positions?: number;
  /** include in the single-failure enumeration (default: by kind; see FAILABLE_KINDS) */
  failable?: boolean;
}

export interface PowerCordInput {
  /** the node (breaker, tap-off, PDU, RPP …) this cord plugs into */
  node: string;
  connection?: PhaseConnection;
  /** branch breaker / receptacle rating of this cord, A (checked at the node's voltage) */
  breakerA?: number;
  rated100Pct?: boolean;
  /** label shown in findings, e.g. 'A' or 'B' */
  label?: string;
}

export interface PowerLoadInput {
  id: string;
  name?: string;
  category: LoadCategory;
  /** real power drawn, kW (design / nameplate-derated value) */
  kw: number;
  /** power factor (default 0.98 for IT, 0.9 for mechanical and other) */
  pf?: number;
  cords: PowerCordInput[];
  /** cords the equipment has (e.g. a rack's A+B power supplies); fewer connected is a finding */
  requiredCords?: number;
}

export interface PowerSystemInput {
  nodes: PowerNodeInput[];
  loads: PowerLoadInput[];
  site?: {
    /** utility interconnect capacity, MW */
    interconnectMw?: number;
    /** required headroom below the interconnect, fraction (default 0.1) */
    headroomFraction?: number;
  };
  design?: { redundancy?: DesignRedundancy };
}

/** Kinds enumerated in the single-failure analysis unless a node says otherwise. */
export const FAILABLE_KINDS: ReadonlySet<NodeKind> = new Set<NodeKind>([
  'utility',
  'generator',
  'transformer',
  'switchgear',
  'ups',
  'pdu',
  'rpp',
  'panel',
  'busway',
]);

const SOURCE_KINDS: ReadonlySet<NodeKind> = new Set<NodeKind>(['utility', 'generator']);
/** Kinds that may change voltage between input and output. */
const TRANSFORMING_KINDS: ReadonlySet<NodeKind> = new Set<NodeKind>(['transformer', 'pdu', 'ups']);

/** Phase-connection codes stored per cord. */
const CONN_CODE: Record<PhaseConnection, number> = { '3P': 0, A: 1, B: 2, C: 3, AB: 4, BC: 5, CA: 6 };

/**
 * Compiled graph: flat arrays indexed by node number. Parents/children/cords are CSR lists
 * (xStart[i] … xStart[i+1]). rank is a topological rank with every child below its parents;
 * order lists nodes by ascending rank (leaves first).
 */
export interface PowerGraph {
  n: number;
  ids: string[];
  index: Map<string, number>;
  nodes: PowerNodeInput[];
  kind: NodeKind[];
  isSource: Uint8Array;
  standby: Uint8Array;
  failable: Uint8Array;
  /** node transforms voltage / regenerates it (transformer, PDU with transformer, UPS): input drawn balanced */
  transforming: Uint8Array;
  voltageV: Float64Array;
  /** input voltage (the first source's output voltage; own voltage for sources), V */
  inputVoltageV: Float64Array;
  parentStart: Int32Array;
  parentList: Int32Array;
  childStart: Int32Array;
  childList: Int32Array;
  rank: Int32Array;
  order: Int32Array;
  /** false when the graph has a cycle (analysis is then not possible) */
  acyclic: boolean;
  // loads and cords
  loads: PowerLoadInput[];
  loadIds: string[];
  loadCategory: Uint8Array; // 0 it, 1 mechanical, 2 other
  loadKw: Float64Array;
  loadKvar: Float64Array;
  loadCordStart: Int32Array;
  /** per cord: node index (-1 if unknown), owning load, and the per-phase complex power (6 numbers) it would carry with the whole load */
  cordNode: Int32Array;
  cordLoad: Int32Array;
  cordConn: Uint8Array;
  cordS: Float64Array;
  nodeCordStart: Int32Array;
  nodeCordList: Int32Array;
  /** problems found while compiling (unknown ids, cycles, voltage mismatch, missing ratings) */
  problems: Finding[];
}

const CAT_CODE: Record<LoadCategory, number> = { it: 0, mechanical: 1, other: 2 };

function problem(code: string, severity: Finding['severity'], subject: string, message: string): Finding {
  return { id: `electrical:${code}:${subject}`, engine: 'electrical', code, severity, message, subjects: [subject], owner: 'electrical' };
}

/**
 * Per-phase complex power (Pa, Qa, Pb, Qb, Pc, Qc; kW/kvar) of a load S = P + jQ attached by
 * `conn`, referenced to each phase's line-to-neutral voltage, so that |I_phase| = |S_phase| / V_LN exactly
 * (balanced source voltages). A line-to-line load on X–Y (positive-sequence order) puts
 * (S/√3)∠−30° on X and (S/√3)∠+30° on Y: I = S/V_LL flows out of line X and back in line Y.
 */
export function phaseSplit(conn: PhaseConnection, pKw: number, qKvar: number, out: Float64Array | number[], offset = 0): void {
  for (let k = 0; k < 6; k++) out[offset + k] = 0;
  switch (conn) {
    case '3P':
      for (let ph = 0; ph < 3; ph++) {
        out[offset + 2 * ph] = pKw / 3;
        out[offset + 2 * ph + 1] = qKvar / 3;
      }
      return;
    case 'A':
    case 'B':
    case 'C': {
      const ph = conn === 'A' ? 0 : conn === 'B' ? 1 : 2;
      out[offset + 2 * ph] = pKw;
      out[offset + 2 * ph + 1] = qKvar;
      return;
    }
    default: {
      const x = conn === 'AB' ? 0 : conn === 'BC' ? 1 : 2;
      const y = (x + 1) % 3;
      const c = Math.cos(Math.PI / 6) / SQRT3; // = 1/2
      const s = Math.sin(Math.PI / 6) / SQRT3; // = 1/(2√3)
      // X: S·(1/√3)∠−30°; Y: S·(1/√3)∠+30°
      out[offset + 2 * x] = pKw * c + qKvar * s;
      out[offset + 2 * x + 1] = qKvar * c - pKw * s;
      out[offset + 2 * y] = pKw * c - qKvar * s;
      out[offset + 2 * y + 1] = qKvar * c + pKw * s;
    }
  }
}

/** Compile the input into a PowerGraph. Never throws on bad data: problems are returned as findings. */
export function buildPowerGraph(input: PowerSystemInput): PowerGraph {
  const problems: Finding[] = [];
  const nodes: PowerNodeInput[] = [];
  const index = new Map<string, number>();
  for (const nd of input.nodes) {
    if (index.has(nd.id)) {
      problems.push(problem('duplicate-id', 'critical', nd.id, `Two power elements share the id ${nd.id}; the second is ignored.`));
      continue;
    }
    index.set(nd.id, nodes.length);
    nodes.push(nd);
  }
  const n = nodes.length;
  const ids = nodes.map((x) => x.id);
  const kind = nodes.map((x) => x.kind);
  const isSource = new Uint8Array(n);
  const standby = new Uint8Array(n);
  const failable = new Uint8Array(n);
  const transforming = new Uint8Array(n);
  const voltageV = new Float64Array(n);
  const inputVoltageV = new Float64Array(n);

  // parents
  const parentCount = new Int32Array(n + 1);
  const parentsOf: number[][] = [];
  for (let i = 0; i < n; i++) {
    const nd = nodes[i];
    isSource[i] = SOURCE_KINDS.has(nd.kind) ? 1 : 0;
    standby[i] = nd.sourceMode === 'standby' ? 1 : 0;
    failable[i] = (nd.failable ?? FAILABLE_KINDS.has(nd.kind)) ? 1 : 0;
    voltageV[i] = nd.voltageV;
    if (!(nd.voltageV > 0)) problems.push(problem('bad-voltage', 'critical', nd.id, `${label(nd)} has no valid voltage (${nd.voltageV} V).`));
    const ps: number[] = [];
    for (const s of nd.sources ?? []) {
      const j = index.get(s);
      if (j === undefined) problems.push(problem('unknown-source', 'critical', nd.id, `${label(nd)} names an unknown source ${s}.`));
      else if (j === i) problems.push(problem('self-source', 'critical', nd.id, `${label(nd)} names itself as its source.`));
      else if (!ps.includes(j)) ps.push(j);
    }
    if (isSource[i] && ps.length > 0) {
      problems.push(problem('source-with-source', 'warning', nd.id, `${label(nd)} is a ${nd.kind} and cannot have upstream sources; they are ignored.`));
      ps.length = 0;
    }
    parentsOf.push(ps);
    parentCount[i + 1] = ps.length;
  }
  const parentStart = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) parentStart[i + 1] = parentStart[i] + parentCount[i + 1];
  const parentList = new Int32Array(parentStart[n]);
  const childCount = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    parentList.set(parentsOf[i], parentStart[i]);
    for (const p of parentsOf[i]) childCount[p]++;
  }
  const childStart = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) childStart[i + 1] = childStart[i] + childCount[i];
  const childList = new Int32Array(childStart[n]);
  const fill = childStart.slice(0, n);
  for (let i = 0; i < n; i++) for (const p of parentsOf[i]) childList[fill[p]++] = i;

  // voltages and transforming
  for (let i = 0; i < n; i++) {
    const nd = nodes[i];
    const ps = parentsOf[i];
    inputVoltageV[i] = ps.length > 0 ? voltageV[ps[0]] : voltageV[i];
    // one finding per node (its id is per node), naming every voltage its sources supply
    const other = ps.filter((p) => Math.abs(voltageV[p] - inputVoltageV[i]) > 1e-6).map((p) => voltageV[p]);
    if (other.length > 0)
      problems.push(problem('source-voltage-mismatch', 'critical', nd.id, `${label(nd)} is fed from sources at different voltages (${[inputVoltageV[i], ...new Set(other)].map((v) => `${v} V`).join(', ')}).`));
    const changes = Math.abs(inputVoltageV[i] - voltageV[i]) > 1e-6;
    transforming[i] = nd.kind === 'transformer' || nd.kind === 'ups' || (nd.kind === 'pdu' && (changes || nd.noLoadLossKw !== undefined || nd.loadLossKw !== undefined)) ? 1 : 0;
    if (changes && !TRANSFORMING_KINDS.has(nd.kind))
      problems.push(problem('voltage-mismatch', 'critical', nd.id, `${label(nd)} (${nd.kind}) is at ${voltageV[i]} V but its source supplies ${inputVoltageV[i]} V; only transformers, PDUs with a transformer and UPS change voltage.`));
    if (!isSource[i] && ps.length === 0 && (nd.sources ?? []).length === 0)
      problems.push(problem('no-source', 'warning', nd.id, `${label(nd)} has no upstream source.`));
    if ((nd.kind === 'transformer') && !(nd.ratingKva! > 0)) problems.push(problem('missing-rating', 'warning', nd.id, `Transformer ${label(nd)} has no kVA rating.`));
    if (nd.kind === 'ups' && !(nd.ups && nd.ups.moduleKw > 0 && nd.ups.moduleCount > 0))
      problems.push(problem('missing-rating', 'critical', nd.id, `UPS ${label(nd)} has no module rating / count.`));
    if (nd.feeder && !isConductorSize(nd.feeder.size))
      problems.push(problem('unknown-conductor', 'warning', nd.id, `${label(nd)}: conductor size ${nd.feeder.size} is not in the table (4 AWG … 500 kcmil).`));
  }

  // topological order (Kahn, sources first); rank = n-1-position so children rank below parents
  const indeg = new Int32Array(n);
  for (let i = 0; i < n; i++) indeg[i] = parentStart[i + 1] - parentStart[i];
  const topo = new Int32Array(n);
  let head = 0;
  let tail = 0;
  for (let i = 0; i < n; i++) if (indeg[i] === 0) topo[tail++] = i;
  while (head < tail) {
    const u = topo[head++];
    for (let k = childStart[u]; k < childStart[u + 1]; k++) {
      const c = childList[k];
      if (--indeg[c] === 0) topo[tail++] = c;
    }
  }
  const acyclic = tail === n;
  const rank = new Int32Array(n);
  const order = new Int32Array(n);
  if (acyclic) {
    for (let pos = 0; pos < n; pos++) {
      rank[topo[pos]] = n - 1 - pos;
      order[n - 1 - pos] = topo[pos];
    }
  } else {
    const inCycle = [];
    for (let i = 0; i < n; i++) if (indeg[i] > 0) inCycle.push(ids[i]);
    problems.push({
      id: `electrical:cycle:${inCycle[0]}`,
      engine: 'electrical',
      code: 'cycle',
      severity: 'critical',
      message: `The power connections form a loop through ${inCycle.slice(0, 6).join(', ')}${inCycle.length > 6 ? ' …' : ''}; power cannot be analysed until it is broken.`,
      subjects: inCycle.slice(0, 20),
      owner: 'electrical',
    });
  }

  // loads and cords
  const loads = input.loads;
  const L = loads.length;
  const loadIds = loads.map((l) => l.id);
  const seenLoad = new Set<string>();
  for (const id of loadIds) {
    if (seenLoad.has(id) || index.has(id)) problems.push(problem('duplicate-id', 'critical', id, `The id ${id} is used more than once among power elements and loads.`));
    seenLoad.add(id);
  }
  const loadCategory = new Uint8Array(L);
  const loadKw = new Float64Array(L);
  const loadKvar = new Float64Array(L);
  const loadCordStart = new Int32Array(L + 1);
  for (let j = 0; j < L; j++) loadCordStart[j + 1] = loadCordStart[j] + loads[j].cords.length;
  const C = loadCordStart[L];
  const cordNode = new Int32Array(C);
  const cordLoad = new Int32Array(C);
  const cordConn = new Uint8Array(C);
  const cordS = new Float64Array(6 * C);
  const nodeCordCount = new Int32Array(n);
  for (let j = 0; j < L; j++) {
    const ld = loads[j];
    loadCategory[j] = CAT_CODE[ld.category] ?? 2;
    const pf = ld.pf ?? (ld.category === 'it' ? 0.98 : 0.9);
    const kw = ld.kw > 0 ? ld.kw : 0;
    if (!(ld.kw >= 0)) problems.push(problem('bad-load', 'warning', ld.id, `${ld.name ?? ld.id} has no valid power (${ld.kw} kW).`));
    loadKw[j] = kw;
    loadKvar[j] = pf > 0 && pf <= 1 ? kw * pfTan(pf) : 0;
    // one finding per load and code (finding ids are per load)
    let unknownReported = false;
    let onSourceReported = false;
    for (let c = loadCordStart[j]; c < loadCordStart[j + 1]; c++) {
      const cord = ld.cords[c - loadCordStart[j]];
      cordLoad[c] = j;
      const conn = cord.connection ?? '3P';
      cordConn[c] = CONN_CODE[conn] ?? 0;
      phaseSplit(conn, loadKw[j], loadKvar[j], cordS, 6 * c);
      const ni = index.get(cord.node);
      if (ni === undefined) {
        cordNode[c] = -1;
        if (!unknownReported) problems.push(problem('unknown-cord-node', 'critical', ld.id, `${ld.name ?? ld.id}: cord ${cord.label ?? c - loadCordStart[j] + 1} plugs into unknown element ${cord.node}.`));
        unknownReported = true;
      } else {
        cordNode[c] = ni;
        nodeCordCount[ni]++;
        if (isSource[ni] && !onSourceReported) {
          problems.push(problem('cord-on-source', 'warning', ld.id, `${ld.name ?? ld.id} plugs straight into ${ids[ni]} (a ${kind[ni]}).`));
          onSourceReported = true;
        }
      }
    }
  }
  const nodeCordStart = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) nodeCordStart[i + 1] = nodeCordStart[i] + nodeCordCount[i];
  const nodeCordList = new Int32Array(nodeCordStart[n]);
  const nfill = nodeCordStart.slice(0, n);
  for (let c = 0; c < C; c++) if (cordNode[c] >= 0) nodeCordList[nfill[cordNode[c]]++] = c;

  return {
    n,
    ids,
    index,
    nodes,
    kind,
    isSource,
    standby,
    failable,
    transforming,
    voltageV,
    inputVoltageV,
    parentStart,
    parentList,
    childStart,
    childList,
    rank,
    order,
    acyclic,
    loads,
    loadIds,
    loadCategory,
    loadKw,
    loadKvar,
    loadCordStart,
    cordNode,
    cordLoad,
    cordConn,
    cordS,
    nodeCordStart,
    nodeCordList,
    problems,
  };
}

export function label(nd: { id: string; name?: string }): string {
  return nd.name && nd.name !== nd.id ? `${nd.name} (${nd.id})` : nd.id;
}

export const CONNECTIONS: readonly PhaseConnection[] = ['3P', 'A', 'B', 'C', 'AB', 'BC', 'CA'];
