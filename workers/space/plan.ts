/**
 * Plan-geometry helpers of the space engine (metres, x east, y north). Kept apart from the engine so
 * they can be tested and reused; src/model/geometry.ts holds the shared basics (corners, SAT depth).
 */
import { distToSegment, type Vec2 } from '../../src/model/geometry';

/**
 * Clip a convex polygon (or a segment given as two points) to the half-plane a·x + b·y ≤ c
 * (Sutherland–Hodgman, one plane). Returns the clipped vertices; empty when nothing is left.
 */
export function clipHalfPlane(pts: Vec2[], a: number, b: number, c: number): Vec2[] {
  const n = pts.length;
  if (n === 0) return pts;
  const out: Vec2[] = [];
  for (let i = 0; i < n; i++) {
    const p = pts[i];
    const q = pts[(i + 1) % n];
    const dp = a * p[0] + b * p[1] - c;
    const dq = a * q[0] + b * q[1] - c;
    if (dp <= 0) out.push(p);
    if ((dp < 0 && dq > 0) || (dp > 0 && dq < 0)) {
      const t = dp / (dp - dq);
      out.push([p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])]);
    }
  }
  return out;
}

/** Shortest distance from a point to the boundary of a polygon, m. */
export function distToBoundary(p: Vec2, poly: Vec2[]): number {
  let d = Infinity;
  for (let i = 0, j = poly.length - 1; i < poly.length; j = i++) {
    const e = distToSegment(p, poly[j], poly[i]);
    if (e < d) d = e;
  }
  return d;
}

/** Even-odd point-in-polygon without any boundary tolerance (boundary points may go either way). */
function inPolygonRaw(p: Vec2, poly: Vec2[]): boolean {
  let inside = false;
  for (let i = 0, j = poly.length - 1; i < poly.length; j = i++) {
    const [xi, yi] = poly[i];
    const [xj, yj] = poly[j];
    if (yi > p[1] !== yj > p[1] && p[0] < ((xj - xi) * (p[1] - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Inside the polygon by more than `tolM` (points within tolM of the boundary are not "strictly" inside). */
export function strictlyInside(p: Vec2, poly: Vec2[], tolM: number): boolean {
  return inPolygonRaw(p, poly) && distToBoundary(p, poly) > tolM;
}

/** Outside the polygon by more than `tolM` (points on or near the boundary count as inside). */
export function strictlyOutside(p: Vec2, poly: Vec2[], tolM: number): boolean {
  return !inPolygonRaw(p, poly) && distToBoundary(p, poly) > tolM;
}

/**
 * True when segments ab and cd cross at a point interior to both (by more than `tolM` from every
 * endpoint, measured along each segment). Touching, collinear overlap and end-point contact are not
 * crossings: a rack standing against a wall does not cross it.
 */
export function segmentsCross(a: Vec2, b: Vec2, c: Vec2, d: Vec2, tolM: number): boolean {
  const rx = b[0] - a[0];
  const ry = b[1] - a[1];
  const sx = d[0] - c[0];
  const sy = d[1] - c[1];
  const den = rx * sy - ry * sx;
  const lr = Math.hypot(rx, ry);
  const ls = Math.hypot(sx, sy);
  if (lr === 0 || ls === 0) return false;
  // parallel (within ~1e-9 rad): no proper crossing
  if (Math.abs(den) <= 1e-9 * lr * ls) return false;
  const qx = c[0] - a[0];
  const qy = c[1] - a[1];
  const t = (qx * sy - qy * sx) / den;
  const u = (qx * ry - qy * rx) / den;
  const tt = tolM / lr;
  const tu = tolM / ls;
  return t > tt && t < 1 - tt && u > tu && u < 1 - tu;
}

/** Point strictly inside a convex polygon given counter-clockwise, by more than tolM from every edge. */
export function insideConvexCcw(p: Vec2, poly: Vec2[], tolM: number): boolean {
  for (let i = 0, j = poly.length - 1; i < poly.length; j = i++) {
    const ex = poly[i][0] - poly[j][0];
    const ey = poly[i][1] - poly[j][1];
    const len = Math.hypot(ex, ey);
    if (len === 0) continue;
    // left of edge j→i is inside for a counter-clockwise polygon
    const cross = (ex * (p[1] - poly[j][1]) - ey * (p[0] - poly[j][0])) / len;
    if (cross <= tolM) return false;
  }
  return true;
}
