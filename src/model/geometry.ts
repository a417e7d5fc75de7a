/**
 * Plan geometry shared by the editor and the engines. Plan coordinates are metres: x east, y north,
 * z up (elevation above the hall floor). Rotation is about z, counter-clockwise seen from above, degrees.
 * In an equipment's own frame the width runs along local x and the depth along local y; the front
 * (air inlet) faces local −y, the rear (exhaust) local +y.
 */
export type Vec2 = [number, number];
export type Vec3 = [number, number, number];

export interface Box {
  /** centre of the footprint in plan, metres */
  cx: number;
  cy: number;
  /** base elevation, metres */
  z: number;
  widthM: number;
  depthM: number;
  heightM: number;
  rotationDeg: number;
}

export const DEG = Math.PI / 180;

/** Rotate a local plan vector into the plan frame. */
export function rotate2(v: Vec2, rotationDeg: number): Vec2 {
  const c = Math.cos(rotationDeg * DEG);
  const s = Math.sin(rotationDeg * DEG);
  return [v[0] * c - v[1] * s, v[0] * s + v[1] * c];
}

/** The four plan corners of a box, counter-clockwise. */
export function boxCorners(b: Box): Vec2[] {
  const hw = b.widthM / 2;
  const hd = b.depthM / 2;
  const local: Vec2[] = [
    [-hw, -hd],
    [hw, -hd],
    [hw, hd],
    [-hw, hd],
  ];
  return local.map((p) => {
    const r = rotate2(p, b.rotationDeg);
    return [b.cx + r[0], b.cy + r[1]] as Vec2;
  });
}

/** Unit vector of the front face normal (direction the air inlet faces) in plan. */
export function frontNormal(rotationDeg: number): Vec2 {
  return rotate2([0, -1], rotationDeg);
}

export interface Aabb {
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
}

export function boxAabb(b: Box): Aabb {
  const c = Math.abs(Math.cos(b.rotationDeg * DEG));
  const s = Math.abs(Math.sin(b.rotationDeg * DEG));
  const hx = (b.widthM * c + b.depthM * s) / 2;
  const hy = (b.widthM * s + b.depthM * c) / 2;
  return { minX: b.cx - hx, minY: b.cy - hy, maxX: b.cx + hx, maxY: b.cy + hy };
}

export function polygonArea(poly: Vec2[]): number {
  let a = 0;
  for (let i = 0, j = poly.length - 1; i < poly.length; j = i++) {
    a += (poly[j][0] + poly[i][0]) * (poly[j][1] - poly[i][1]);
  }
  return Math.abs(a) / 2;
}

/** Point in polygon (even-odd rule); points on the boundary count as inside within eps. */
export function pointInPolygon(p: Vec2, poly: Vec2[], eps = 1e-9): boolean {
  let inside = false;
  for (let i = 0, j = poly.length - 1; i < poly.length; j = i++) {
    const [xi, yi] = poly[i];
    const [xj, yj] = poly[j];
    if (distToSegment(p, poly[j], poly[i]) <= eps) return true;
    if (yi > p[1] !== yj > p[1] && p[0] < ((xj - xi) * (p[1] - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

export function distToSegment(p: Vec2, a: Vec2, b: Vec2): number {
  const dx = b[0] - a[0];
  const dy = b[1] - a[1];
  const l2 = dx * dx + dy * dy;
  let t = l2 > 0 ? ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / l2 : 0;
  t = Math.max(0, Math.min(1, t));
  const x = a[0] + t * dx - p[0];
  const y = a[1] + t * dy - p[1];
  return Math.sqrt(x * x + y * y);
}

/**
 * Overlap depth of two rotated rectangles by the separating-axis theorem: the smallest penetration
 * along the four candidate axes, in metres (≤ 0 means no overlap; touching counts as 0).
 */
export function rectOverlapDepth(a: Vec2[], b: Vec2[]): number {
  let minPen = Infinity;
  for (const poly of [a, b]) {
    for (let i = 0; i < 2; i++) {
      const p0 = poly[i];
      const p1 = poly[i + 1];
      let ax = p1[0] - p0[0];
      let ay = p1[1] - p0[1];
      const len = Math.hypot(ax, ay);
      if (len === 0) continue;
      ax /= len;
      ay /= len;
      // normal axis
      const nx = -ay;
      const ny = ax;
      for (const [ux, uy] of [
        [ax, ay],
        [nx, ny],
      ]) {
        let amin = Infinity,
          amax = -Infinity,
          bmin = Infinity,
          bmax = -Infinity;
        for (const q of a) {
          const d = q[0] * ux + q[1] * uy;
          if (d < amin) amin = d;
          if (d > amax) amax = d;
        }
        for (const q of b) {
          const d = q[0] * ux + q[1] * uy;
          if (d < bmin) bmin = d;
          if (d > bmax) bmax = d;
        }
        const pen = Math.min(amax, bmax) - Math.max(amin, bmin);
        if (pen < minPen) minPen = pen;
        if (minPen <= 0) return minPen;
      }
    }
  }
  return minPen;
}
