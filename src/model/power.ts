import { getKind } from '../catalog/registry';
import type { Connection, Equipment, LayoutDoc } from './document';
import { boxCorners, distToSegment, rotate2, type Vec2 } from './geometry';
import { equipmentBox } from './ops';

/**
 * Power connections in the document: `from` is the upstream source, `to` the downstream load;
 * `props.side` ('A' | 'B') names the distribution path. These helpers are editing topology only —
 * loads, ratings and failures are the power engine's business.
 */
export type Side = 'A' | 'B';

/** Kinds that can feed others (the electrical category). */
export function canFeed(e: Equipment): boolean {
  return getKind(e.kind)?.category === 'electrical';
}

export function upstreamOf(doc: LayoutDoc, id: string): Connection[] {
  return doc.connections.filter((c) => c.kind === 'power' && c.to === id);
}

/** Would a connection from → to close a loop (to already feeds from, directly or not)? */
export function wouldCycle(doc: LayoutDoc, from: string, to: string): boolean {
  if (from === to) return true;
  const down = new Map<string, string[]>();
  for (const c of doc.connections) if (c.kind === 'power') down.set(c.from, [...(down.get(c.from) ?? []), c.to]);
  const seen = new Set<string>();
  const stack = [to];
  while (stack.length) {
    const n = stack.pop()!;
    if (n === from) return true;
    if (seen.has(n)) continue;
    seen.add(n);
    stack.push(...(down.get(n) ?? []));
  }
  return false;
}

/** Why a power connection from → to cannot be made, or null when it can. */
export function connectionProblem(doc: LayoutDoc, from: string, to: string): string | null {
  const a = doc.equipment.find((e) => e.id === from);
  const b = doc.equipment.find((e) => e.id === to);
  if (!a || !b) return 'both ends must be equipment in this layout';
  if (from === to) return 'a piece of equipment cannot feed itself';
  if (!canFeed(a)) return `${a.name} is not electrical distribution equipment and cannot feed others`;
  if (doc.connections.some((c) => c.kind === 'power' && c.from === from && c.to === to)) return `${a.name} already feeds ${b.name}`;
  if (wouldCycle(doc, from, to)) return `${b.name} already feeds ${a.name} (directly or further down): that would make a loop`;
  return null;
}

/** The side of a distribution element: the side of the first upstream connection that names one. */
export function sideOf(doc: LayoutDoc, id: string, depth = 0): Side | null {
  if (depth > 32) return null;
  for (const c of upstreamOf(doc, id)) {
    const s = c.props.side;
    if (s === 'A' || s === 'B') return s;
    const up = sideOf(doc, c.from, depth + 1);
    if (up) return up;
  }
  return null;
}

export function nextConnectionId(doc: LayoutDoc): (prefix: string) => string {
  const used = new Set(doc.connections.map((c) => c.id));
  let n = doc.connections.length + 1;
  return (prefix) => {
    let id = `${prefix}-${String(n).padStart(3, '0')}`;
    while (used.has(id)) id = `${prefix}-${String(++n).padStart(3, '0')}`;
    used.add(id);
    n++;
    return id;
  };
}

/** Plan distance from a point to an equipment footprint (to the run's centre line for long items like busway). */
function distanceTo(e: Equipment, p: Vec2): number {
  const b = equipmentBox(e);
  if (b.widthM > 3 * b.depthM) {
    const h = rotate2([b.widthM / 2, 0], b.rotationDeg);
    return distToSegment(p, [b.cx - h[0], b.cy - h[1]], [b.cx + h[0], b.cy + h[1]]);
  }
  const c = boxCorners(b);
  let d = Infinity;
  for (let i = 0; i < 4; i++) d = Math.min(d, distToSegment(p, c[i], c[(i + 1) % 4]));
  return d;
}

const FEEDER_KINDS = new Set(['busway', 'pdu']);

/**
 * Connect each load to its nearest busway or PDU/RPP on side A and on side B (sides traced upstream;
 * where no sides are known, the two nearest distinct feeders become A and B). Existing links are kept.
 * Returns the new connections (the caller adds them as one undoable step).
 */
export function autoConnectAB(doc: LayoutDoc, loadIds: readonly string[]): Connection[] {
  const feeders = doc.equipment.filter((e) => FEEDER_KINDS.has(e.kind));
  const sides = new Map(feeders.map((f) => [f.id, sideOf(doc, f.id)]));
  const alloc = nextConnectionId(doc);
  const out: Connection[] = [];
  for (const id of loadIds) {
    const load = doc.equipment.find((e) => e.id === id);
    if (!load || canFeed(load)) continue;
    const p: Vec2 = [load.position[0], load.position[1]];
    const ranked = feeders
      .filter((f) => f.hallId === load.hallId)
      .map((f) => ({ f, d: distanceTo(f, p) }))
      .sort((a, b) => a.d - b.d);
    const have = new Set(upstreamOf(doc, id).map((c) => c.props.side));
    const pick = (side: Side, exclude?: string) =>
      ranked.find((r) => sides.get(r.f.id) === side && r.f.id !== exclude) ??
      ranked.find((r) => !sides.get(r.f.id) && r.f.id !== exclude);
    let usedA: string | undefined;
    for (const side of ['A', 'B'] as Side[]) {
      if (have.has(side)) continue;
      const r = pick(side, usedA);
      if (!r) continue;
      if (side === 'A') usedA = r.f.id;
      if (doc.connections.some((c) => c.from === r.f.id && c.to === id) || out.some((c) => c.from === r.f.id && c.to === id)) continue;
      out.push({ id: alloc('power'), kind: 'power', from: r.f.id, to: id, props: { side } });
    }
  }
  return out;
}

/**
 * Busway runs drawn along a row: for the selected racks (one row, one orientation), an A and a B busway
 * over the row, running its whole length, 0.3 m either side of the row's centre line, at the catalog
 * model's overhead elevation (or just above the tallest rack). Returns the two equipment specs.
 */
export function buswaysAlongRow(
  doc: LayoutDoc,
  rackIds: readonly string[],
  model: string,
): { specs: { kind: 'busway'; model: string; position: [number, number, number]; rotationDeg: number; props: { widthM: number }; name: string }[]; problem?: string } {
  const racks = doc.equipment.filter((e) => rackIds.includes(e.id) && !canFeed(e));
  if (racks.length < 1) return { specs: [], problem: 'select the racks of one row first' };
  const rot = racks[0].rotationDeg;
  if (racks.some((r) => Math.abs((((r.rotationDeg - rot) % 180) + 180) % 180) > 0.5 && Math.abs((((r.rotationDeg - rot) % 180) + 180) % 180 - 180) > 0.5)) {
    return { specs: [], problem: 'the selected racks do not stand in one row (different orientations)' };
  }
  const u = rotate2([1, 0], rot);
  const v = rotate2([0, 1], rot);
  const o = racks[0].position;
  let lo = Infinity,
    hi = -Infinity,
    vSum = 0,
    top = 0;
  for (const r of racks) {
    const du = (r.position[0] - o[0]) * u[0] + (r.position[1] - o[1]) * u[1];
    lo = Math.min(lo, du - r.props.widthM / 2);
    hi = Math.max(hi, du + r.props.widthM / 2);
    vSum += (r.position[0] - o[0]) * v[0] + (r.position[1] - o[1]) * v[1];
    top = Math.max(top, r.position[2] + r.props.heightM);
  }
  const vMid = vSum / racks.length;
  const z = Math.max(top + 0.3, getKind('busway')?.defaultElevationM?.({} as never) ?? 2.7);
  const len = Math.round((hi - lo) * 1000) / 1000;
  const mid = (lo + hi) / 2;
  const specs = (['A', 'B'] as const).map((side, i) => {
    const off = vMid + (i === 0 ? -0.3 : 0.3);
    const x = o[0] + u[0] * mid + v[0] * off;
    const y = o[1] + u[1] * mid + v[1] * off;
    return {
      kind: 'busway' as const,
      model,
      position: [Math.round(x * 1e6) / 1e6, Math.round(y * 1e6) / 1e6, z] as [number, number, number],
      rotationDeg: rot,
      props: { widthM: len },
      name: `Busway ${side} over ${racks[0].name}…`,
    };
  });
  return { specs };
}
