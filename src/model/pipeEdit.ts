import type { LayoutDoc, PipeLoop, PipeRun, PipeTap } from './document';
import { rotate2, type Vec2, type Vec3 } from './geometry';

/**
 * Pipe-loop geometry helpers for the editor (drawing and tapping racks); the hydraulics are the
 * liquid engine's business.
 */

/** Cumulative length at each vertex of a polyline, m. */
export function cumulative(path: readonly Vec3[]): number[] {
  const out = [0];
  for (let i = 1; i < path.length; i++) {
    const [a, b] = [path[i - 1], path[i]];
    out.push(out[i - 1] + Math.hypot(b[0] - a[0], b[1] - a[1], b[2] - a[2]));
  }
  return out;
}

/** The point at distance `d` along a polyline (clamped to its ends). */
export function pointAt(path: readonly Vec3[], d: number): Vec3 {
  const cum = cumulative(path);
  if (d <= 0) return [...path[0]] as Vec3;
  for (let i = 1; i < path.length; i++) {
    if (d <= cum[i]) {
      const t = (d - cum[i - 1]) / (cum[i] - cum[i - 1] || 1);
      const [a, b] = [path[i - 1], path[i]];
      return [a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1]), a[2] + t * (b[2] - a[2])];
    }
  }
  return [...path[path.length - 1]] as Vec3;
}

/** Distance along the polyline of the point nearest (in plan) to p, m. */
export function nearestAlong(path: readonly Vec3[], p: Vec2): number {
  const cum = cumulative(path);
  let best = Infinity;
  let at = 0;
  for (let i = 1; i < path.length; i++) {
    const [a, b] = [path[i - 1], path[i]];
    const dx = b[0] - a[0];
    const dy = b[1] - a[1];
    const l2 = dx * dx + dy * dy;
    const t = l2 > 0 ? Math.max(0, Math.min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / l2)) : 0;
    const x = a[0] + t * dx - p[0];
    const y = a[1] + t * dy - p[1];
    const d = x * x + y * y;
    if (d < best) {
      best = d;
      at = cum[i - 1] + t * (cum[i] - cum[i - 1]);
    }
  }
  return Math.round(at * 1000) / 1000;
}

/**
 * Tap racks into a loop in one action: each rack gets a supply and a return tee at the points of the
 * mains nearest to it. Racks already tapped into any loop are skipped (moving a rack between loops is
 * delete-then-tap). Returns the new loop list and how many racks were tapped.
 */
export function tapRacks(doc: LayoutDoc, loopId: string, rackIds: readonly string[]): { pipeLoops: PipeLoop[]; tapped: number } {
  const already = new Set(doc.pipeLoops.flatMap((l) => l.taps.map((t) => t.rackId)));
  let tapped = 0;
  const pipeLoops = doc.pipeLoops.map((l) => {
    if (l.id !== loopId) return l;
    const taps: PipeTap[] = [...l.taps];
    for (const id of rackIds) {
      const e = doc.equipment.find((x) => x.id === id);
      if (!e || already.has(id)) continue;
      const p: Vec2 = [e.position[0], e.position[1]];
      taps.push({ rackId: id, supplyAtM: nearestAlong(l.supply.path, p), returnAtM: nearestAlong(l.return.path, p) });
      tapped++;
    }
    return tapped ? { ...l, taps } : l;
  });
  return { pipeLoops, tapped };
}

export function runLength(run: PipeRun): number {
  const c = cumulative(run.path);
  return c[c.length - 1];
}

/** Default inner diameter of a new main (DN100 steel, ~0.1 m), branch (2" sch 40) and steel roughness. */
export const NEW_MAIN_DIAMETER_M = 0.1023;
export const NEW_BRANCH_DIAMETER_M = 0.0525;
export const STEEL_ROUGHNESS_M = 4.5e-5;
/** return main stacked this far above the supply main, m */
export const RETURN_ABOVE_SUPPLY_M = 0.35;

/** How close (m) a route point must come to a row's connection line or a rack's connection point to snap to it. */
export const PIPE_SNAP_M = 0.5;

/**
 * Connection points of liquid-cooled racks: the middle of the rear face (where manifolds sit), plan metres.
 * A row's points share one line, so snapping to them routes a main along the row.
 */
export function rackConnectionPoints(doc: LayoutDoc): Vec2[] {
  const out: Vec2[] = [];
  for (const e of doc.equipment) {
    if (e.kind !== 'rack' || !(Number(e.props.liquidFraction) > 0)) continue;
    const r = rotate2([0, e.props.depthM / 2], e.rotationDeg);
    out.push([Math.round((e.position[0] + r[0]) * 1e6) / 1e6, Math.round((e.position[1] + r[1]) * 1e6) / 1e6]);
  }
  return out;
}

/**
 * Snap a new vertex so the segment from `prev` runs along x or y (whichever the pointer is closer to).
 * Its free coordinate snaps to a rack row's connection line or a rack's connection point within
 * PIPE_SNAP_M (so mains run along rows and end at racks), else to the editor grid.
 */
export function orthoSnap(prev: Vec2, p: Vec2, gridM: number, targets: readonly Vec2[] = []): Vec2 {
  const g = (v: number) => (gridM > 0 ? Math.round(Math.round(v / gridM) * gridM * 1e6) / 1e6 : v);
  const alongX = Math.abs(p[0] - prev[0]) >= Math.abs(p[1] - prev[1]);
  const axis = alongX ? 0 : 1;
  let best = g(p[axis]);
  let bestD = PIPE_SNAP_M;
  for (const t of targets) {
    const d = Math.abs(t[axis] - p[axis]);
    if (d < bestD) {
      bestD = d;
      best = t[axis];
    }
  }
  return alongX ? [best, prev[1]] : [prev[0], best];
}

/**
 * A loop from a drawn route: the supply main rises from the CDU's top to `elevationM` and follows the
 * plan points; the return main runs the same route stacked RETURN_ABOVE_SUPPLY_M above it.
 */
export function loopFromRoute(doc: LayoutDoc, cduId: string, route: readonly Vec2[], elevationM: number, id: string, name: string): PipeLoop | null {
  const cdu = doc.equipment.find((e) => e.id === cduId);
  if (!cdu || route.length < 1) return null;
  const top = cdu.position[2] + cdu.props.heightM;
  const start: Vec2 = [cdu.position[0], cdu.position[1]];
  const plan = [start, ...route].filter((p, i, all) => i === 0 || p[0] !== all[i - 1][0] || p[1] !== all[i - 1][1]);
  if (plan.length < 2) return null;
  const at = (z: number): Vec3[] => [[start[0], start[1], Math.min(top, z - 0.01)], ...plan.map((p) => [p[0], p[1], z] as Vec3)];
  return {
    id,
    name,
    fluid: 'water',
    cduIds: [cduId],
    supply: { path: at(elevationM), diameterM: NEW_MAIN_DIAMETER_M, roughnessM: STEEL_ROUGHNESS_M, fittings: [] },
    return: { path: at(elevationM + RETURN_ABOVE_SUPPLY_M), diameterM: NEW_MAIN_DIAMETER_M, roughnessM: STEEL_ROUGHNESS_M, fittings: [] },
    taps: [],
    branchDiameterM: NEW_BRANCH_DIAMETER_M,
    designDeltaTK: 10,
    expansion: { atM: 0, pressureKpa: 150 },
    pumpControl: 'dp',
    rackValves: 'none',
  };
}

/**
 * Move or delete a route vertex of both mains of a loop (they share the plan route; vertices 0 and 1
 * are the CDU and the top of its riser, fixed). Taps are re-placed at the points nearest their racks.
 * Returns null when the edit is not possible (riser, last segment, or a zero-length segment).
 */
export function editLoopVertex(doc: LayoutDoc, loop: PipeLoop, index: number, to: Vec2 | null): PipeLoop | null {
  const edit = (run: PipeRun): PipeRun | null => {
    if (index < 2 || index >= run.path.length) return null;
    let path: Vec3[];
    if (to) path = run.path.map((p, i) => (i === index ? ([to[0], to[1], p[2]] as Vec3) : p));
    else {
      if (run.path.length <= 3) return null;
      path = run.path.filter((_, i) => i !== index);
    }
    if (path.some((p, i) => i > 0 && p[0] === path[i - 1][0] && p[1] === path[i - 1][1] && p[2] === path[i - 1][2])) return null;
    return { ...run, path };
  };
  const supply = edit(loop.supply);
  const ret = edit(loop.return);
  if (!supply || !ret) return null;
  const where = new Map(doc.equipment.map((e) => [e.id, [e.position[0], e.position[1]] as Vec2]));
  const taps = loop.taps.map((t) => {
    const p = where.get(t.rackId);
    return p ? { ...t, supplyAtM: nearestAlong(supply.path, p), returnAtM: nearestAlong(ret.path, p) } : t;
  });
  return { ...loop, supply, return: ret, taps };
}
