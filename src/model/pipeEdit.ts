import type { LayoutDoc, PipeLoop, PipeRun, PipeTap } from './document';
import type { Vec2, Vec3 } from './geometry';

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
