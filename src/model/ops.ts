import { getKind, resolveModel } from '../catalog/registry';
import type { Equipment, LayoutDoc, Props } from './document';
import { boxAabb, pointInPolygon, rotate2, type Box, type Vec2, type Vec3 } from './geometry';

/**
 * Pure document operations: each takes a document and returns a new one (structural sharing; unchanged
 * records keep their identity so the scene can update only what moved). The store wraps them as named,
 * undoable actions; the headless editor and tests call them directly.
 */

export function equipmentBox(e: Equipment): Box {
  return {
    cx: e.position[0],
    cy: e.position[1],
    z: e.position[2],
    widthM: e.props.widthM,
    depthM: e.props.depthM,
    heightM: e.props.heightM,
    rotationDeg: e.rotationDeg,
  };
}

/** Ids are `<kind>-<n>`; pick numbers above any in use so ids never collide or get reused in a session. */
export function makeIdAllocator(doc: LayoutDoc): (kind: string) => string {
  const used = new Set(doc.equipment.map((e) => e.id));
  const next = new Map<string, number>();
  return (kind: string) => {
    let n = next.get(kind) ?? 1;
    let id = `${kind}-${String(n).padStart(3, '0')}`;
    while (used.has(id)) {
      n++;
      id = `${kind}-${String(n).padStart(3, '0')}`;
    }
    used.add(id);
    next.set(kind, n + 1);
    return id;
  };
}

/** The hall whose outline contains the plan point, if any. */
export function hallAt(doc: LayoutDoc, p: Vec2): string | null {
  for (const h of doc.halls) if (pointInPolygon(p, h.outline)) return h.id;
  return null;
}

export interface PlaceSpec {
  kind: string;
  model: string;
  position: Vec3 | Vec2;
  rotationDeg?: number;
  props?: Partial<Props>;
  name?: string;
}

/** Build a complete equipment record from the catalog (props restored from the model). */
export function makeEquipment(doc: LayoutDoc, spec: PlaceSpec, id: string): Equipment {
  const k = getKind(spec.kind);
  const m = resolveModel(spec.kind, spec.model, doc.customModels);
  if (!k || !m) throw new Error(`unknown model ${spec.kind}/${spec.model}`);
  const props = { ...(m.props as Props), ...(spec.props ?? {}) } as Props;
  const z = spec.position.length === 3 ? spec.position[2] : (k.defaultElevationM?.(props) ?? 0);
  const p: Vec2 = [spec.position[0], spec.position[1]];
  const hallId = k.placement === 'outdoor' && !hallAt(doc, p) ? null : hallAt(doc, p);
  return {
    id,
    kind: spec.kind,
    model: spec.model,
    name: spec.name ?? id,
    hallId,
    position: [p[0], p[1], z],
    rotationDeg: spec.rotationDeg ?? 0,
    props,
  };
}

export function addEquipment(doc: LayoutDoc, items: Equipment[]): LayoutDoc {
  return { ...doc, equipment: [...doc.equipment, ...items] };
}

export function removeEquipment(doc: LayoutDoc, ids: ReadonlySet<string>): LayoutDoc {
  return {
    ...doc,
    equipment: doc.equipment.filter((e) => !ids.has(e.id)),
    connections: doc.connections.filter((c) => !ids.has(c.from) && !ids.has(c.to)),
    pipeLoops: detachFromLoops(doc.pipeLoops, ids),
  };
}

/**
 * Pipe loops without the removed equipment: its taps and CDU entries go, the drawn mains stay (a loop
 * left without CDUs or taps is valid; the liquid engine reports it). Loops that referenced none of
 * `ids` keep their identity, and so does the array when nothing changed.
 */
export function detachFromLoops(loops: LayoutDoc['pipeLoops'], ids: ReadonlySet<string>): LayoutDoc['pipeLoops'] {
  let changed = false;
  const out = loops.map((l) => {
    if (!l.cduIds.some((id) => ids.has(id)) && !l.taps.some((t) => ids.has(t.rackId))) return l;
    changed = true;
    return { ...l, cduIds: l.cduIds.filter((id) => !ids.has(id)), taps: l.taps.filter((t) => !ids.has(t.rackId)) };
  });
  return changed ? out : loops;
}

/** Replace records by id through `fn`; records `fn` returns unchanged keep their identity. */
export function mapEquipment(doc: LayoutDoc, ids: ReadonlySet<string>, fn: (e: Equipment) => Equipment): LayoutDoc {
  let changed = false;
  const equipment = doc.equipment.map((e) => {
    if (!ids.has(e.id)) return e;
    const n = fn(e);
    if (n !== e) changed = true;
    return n;
  });
  return changed ? { ...doc, equipment } : doc;
}

/** Move to absolute positions (plan x, y), re-deriving which hall each record stands in. */
export function setPositions(doc: LayoutDoc, positions: ReadonlyMap<string, Vec2>): LayoutDoc {
  return mapEquipment(doc, new Set(positions.keys()), (e) => {
    const p = positions.get(e.id)!;
    if (p[0] === e.position[0] && p[1] === e.position[1]) return e;
    const hall = hallAt(doc, p);
    const outdoor = getKind(e.kind)?.placement === 'outdoor';
    return { ...e, position: [p[0], p[1], e.position[2]], hallId: hall ?? (outdoor ? null : e.hallId) };
  });
}

export function normDeg(d: number): number {
  const r = ((d % 360) + 360) % 360;
  return Math.abs(r - 360) < 1e-9 ? 0 : Number(r.toFixed(6));
}

/**
 * Rotate a selection by `deltaDeg` about the centre of its bounding box (one record rotates in place).
 */
export function rotateEquipment(doc: LayoutDoc, ids: ReadonlySet<string>, deltaDeg: number): LayoutDoc {
  const sel = doc.equipment.filter((e) => ids.has(e.id));
  if (!sel.length) return doc;
  let minX = Infinity,
    minY = Infinity,
    maxX = -Infinity,
    maxY = -Infinity;
  for (const e of sel) {
    const a = boxAabb(equipmentBox(e));
    minX = Math.min(minX, a.minX);
    minY = Math.min(minY, a.minY);
    maxX = Math.max(maxX, a.maxX);
    maxY = Math.max(maxY, a.maxY);
  }
  const cx = (minX + maxX) / 2;
  const cy = (minY + maxY) / 2;
  return mapEquipment(doc, ids, (e) => {
    const r = rotate2([e.position[0] - cx, e.position[1] - cy], deltaDeg);
    const x = round6(cx + r[0]);
    const y = round6(cy + r[1]);
    return { ...e, position: [x, y, e.position[2]], rotationDeg: normDeg(e.rotationDeg + deltaDeg), hallId: hallAt(doc, [x, y]) ?? e.hallId };
  });
}

export function round6(v: number): number {
  return Math.round(v * 1e6) / 1e6;
}

/**
 * A row of `count` copies of `src`, the first `pitchM` from it along the record's own width axis
 * (rotated with it), so a rotated rack makes a rotated row.
 */
export function arrayCopies(doc: LayoutDoc, src: Equipment, count: number, pitchM: number, alloc: (k: string) => string): Equipment[] {
  const out: Equipment[] = [];
  const step = rotate2([pitchM, 0], src.rotationDeg);
  for (let i = 1; i <= count; i++) {
    const x = round6(src.position[0] + step[0] * i);
    const y = round6(src.position[1] + step[1] * i);
    const id = alloc(src.kind);
    out.push({ ...src, id, name: id, position: [x, y, src.position[2]], hallId: hallAt(doc, [x, y]) ?? src.hallId });
  }
  return out;
}
