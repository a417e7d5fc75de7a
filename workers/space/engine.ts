/**
 * The space engine: does everything fit? Overlaps between equipment bodies, service clearance in
 * front of and behind racks, equipment inside its hall, floor load and clear height.
 *
 * Pure: takes a LayoutDoc (SI: metres, kg) and returns an EngineResult; no DOM, no store.
 * Neighbour queries go through a uniform spatial hash grid, so 5,000 racks take milliseconds.
 */
import { getKind } from '../../src/catalog/registry';
import type { AnyKindDef } from '../../src/catalog/types';
import { DEFAULT_SETTINGS, type Equipment, type Hall, type LayoutDoc } from '../../src/model/document';
import { DEG, polygonArea, rectOverlapDepth, type Vec2 } from '../../src/model/geometry';
import type { EngineResult, Figure, Finding } from '../findings';
import { chooseCellM, SpatialHashGrid } from './grid';
import { clipHalfPlane, distToBoundary, insideConvexCcw, segmentsCross, strictlyInside, strictlyOutside } from './plan';

export const SPACE_ENGINE = 'space';

/** Geometric tolerance, m: contact closer than this is touching, not overlapping or crossing. */
export const TOL_M = 1e-6;
/**
 * Service headroom, m above the rack's base: a body that starts lower than this blocks a person
 * working at the rack; one hung higher (busway, cable tray, pipe rack overhead) does not.
 */
export const SERVICE_HEADROOM_M = 2.0;
/** Floor load above this share of the rating is a warning (critical above 100 %). */
export const FLOOR_LOAD_WARN_SHARE = 0.9;

/**
 * Kinds that do not obstruct a service zone: aisle containment covers the aisle itself (roof and end
 * doors, its footprint is the aisle between the rows), and people work inside it. It is still a body
 * for the overlap check: a rack standing in a contained aisle is a clash.
 */
export const NON_OBSTRUCTING_KINDS: ReadonlySet<string> = new Set(['containment']);

/**
 * Wall-mounted kinds (placement 'wall': intake pads, exhaust fans) sit in the wall line; their centre
 * must be within half their depth plus this tolerance of a wall, m.
 */
export const WALL_MOUNT_TOL_M = 0.1;

/** How the engine looks up kinds; tests inject their own, the app uses the catalog registry. */
export type KindLookup = (kind: string) => AnyKindDef | undefined;

interface Body {
  eq: Equipment;
  kind: AnyKindDef | undefined;
  hall: Hall | undefined;
  corners: Vec2[];
  minX: number;
  minY: number;
  maxX: number;
  maxY: number;
  zMin: number;
  zMax: number;
  cos: number;
  sin: number;
  /** blocks service zones (everything but containment) */
  obstructs: boolean;
}

const fmt = (v: number, digits = 2) => v.toFixed(digits);

function makeBody(eq: Equipment, halls: Map<string, Hall>, lookup: KindLookup): Body {
  const cos = Math.cos(eq.rotationDeg * DEG);
  const sin = Math.sin(eq.rotationDeg * DEG);
  const [cx, cy] = eq.position;
  const hw = eq.props.widthM / 2;
  const hd = eq.props.depthM / 2;
  // the same corners as boxCorners() (counter-clockwise from local (−w/2, −d/2)), without temporaries
  const corners: Vec2[] = [
    [cx - hw * cos + hd * sin, cy - hw * sin - hd * cos],
    [cx + hw * cos + hd * sin, cy + hw * sin - hd * cos],
    [cx + hw * cos - hd * sin, cy + hw * sin + hd * cos],
    [cx - hw * cos - hd * sin, cy - hw * sin + hd * cos],
  ];
  const ex = Math.abs(hw * cos) + Math.abs(hd * sin);
  const ey = Math.abs(hw * sin) + Math.abs(hd * cos);
  return {
    eq,
    kind: lookup(eq.kind),
    hall: eq.hallId === null ? undefined : halls.get(eq.hallId),
    corners,
    minX: cx - ex,
    minY: cy - ey,
    maxX: cx + ex,
    maxY: cy + ey,
    zMin: eq.position[2],
    zMax: eq.position[2] + eq.props.heightM,
    cos,
    sin,
    obstructs: !NON_OBSTRUCTING_KINDS.has(eq.kind),
  };
}

/**
 * Compute load counted as IT: 'it' kinds, and 'legacy' kinds that compute (miners on shelves, mining
 * containers) — not the legacy wall-mounted air equipment (evaporative pads, exhaust fans), whose
 * power is facility load.
 */
function isComputeLoad(k: AnyKindDef): boolean {
  return k.category === 'it' || (k.category === 'legacy' && k.placement !== 'wall');
}

/** Floor-standing: its weight goes into the slab (overhead and wall-hung items hang from the structure). */
function standsOnFloor(b: Body): boolean {
  const p = b.kind?.placement ?? 'floor';
  return p === 'floor' || p === 'outdoor';
}

/**
 * Free distance, m, from a rack's front (side −1, local −y) or rear (side +1, local +y) face to the
 * nearest part of `pts` (a convex polygon or a segment, plan coordinates) within the strip of the
 * rack's width; undefined when nothing of `pts` lies in front of that face within the strip.
 * The strip is open by TOL_M at its sides so that neighbours touching side by side do not count, and
 * a body must reach more than TOL_M past the face line (one that merely touches the face line from the
 * rack's side is not in the zone). A wall segment lying on the face line does count (`isWall`): the
 * outside of the hall begins right there.
 */
function faceFreeDistanceM(rack: Body, side: -1 | 1, pts: Vec2[], isWall = false): number | undefined {
  const hw = rack.eq.props.widthM / 2 - TOL_M;
  const hd = rack.eq.props.depthM / 2;
  const [cx, cy] = rack.eq.position;
  // local coordinates: lx along the width, u outward along the chosen face normal
  let local: Vec2[] = pts.map(([x, y]) => {
    const dx = x - cx;
    const dy = y - cy;
    const lx = dx * rack.cos + dy * rack.sin;
    const ly = -dx * rack.sin + dy * rack.cos;
    return [lx, side * ly] as Vec2;
  });
  local = clipHalfPlane(local, 1, 0, hw); // lx ≤ hw
  local = clipHalfPlane(local, -1, 0, hw); // lx ≥ −hw
  local = clipHalfPlane(local, 0, -1, -hd); // u ≥ hd
  if (local.length === 0) return undefined;
  let uMin = Infinity;
  let uMax = -Infinity;
  for (const p of local) {
    if (p[1] < uMin) uMin = p[1];
    if (p[1] > uMax) uMax = p[1];
  }
  if (!isWall && uMax <= hd + TOL_M) return undefined;
  const freeM = uMin - hd;
  return freeM <= TOL_M ? 0 : freeM; // flush within the tolerance is flush
}

/** The plan rectangle of a rack's service zone (front or rear), for the grid query. */
function zoneAabb(rack: Body, side: -1 | 1, depthM: number) {
  const hw = rack.eq.props.widthM / 2;
  const hd = rack.eq.props.depthM / 2;
  const [cx, cy] = rack.eq.position;
  let minX = Infinity,
    minY = Infinity,
    maxX = -Infinity,
    maxY = -Infinity;
  for (const lx of [-hw, hw]) {
    for (const u of [hd, hd + depthM]) {
      const ly = side * u;
      const x = cx + lx * rack.cos - ly * rack.sin;
      const y = cy + lx * rack.sin + ly * rack.cos;
      if (x < minX) minX = x;
      if (x > maxX) maxX = x;
      if (y < minY) minY = y;
      if (y > maxY) maxY = y;
    }
  }
  return { minX, minY, maxX, maxY };
}

/**
 * Whether a footprint leaves its hall outline, and how far (m): the farthest footprint corner outside
 * the outline, or wall corner inside the footprint, from the other's boundary. A wall crossing the
 * footprint with neither gives outside with depth 0. Touching a wall (within TOL_M) is inside.
 */
function outsideHallDepth(b: Body, ol: Vec2[]): { outside: boolean; depthM: number } {
  let depthM = 0;
  let outside = false;
  for (const c of b.corners) {
    if (strictlyOutside(c, ol, TOL_M)) {
      outside = true;
      depthM = Math.max(depthM, distToBoundary(c, ol));
    }
  }
  for (const v of ol) {
    if (v[0] <= b.minX || v[0] >= b.maxX || v[1] <= b.minY || v[1] >= b.maxY) continue;
    if (insideConvexCcw(v, b.corners, TOL_M)) {
      outside = true;
      depthM = Math.max(depthM, distToBoundary(v, b.corners));
    }
  }
  if (outside) return { outside, depthM };
  for (let p = 0, q = ol.length - 1; p < ol.length; q = p++) {
    const w0 = ol[q];
    const w1 = ol[p];
    // cheap reject: the wall segment's box misses the footprint's box
    if (Math.max(w0[0], w1[0]) <= b.minX || Math.min(w0[0], w1[0]) >= b.maxX || Math.max(w0[1], w1[1]) <= b.minY || Math.min(w0[1], w1[1]) >= b.maxY) continue;
    for (let k = 0; k < 4; k++) {
      if (segmentsCross(b.corners[k], b.corners[(k + 1) % 4], w0, w1, TOL_M)) return { outside: true, depthM: 0 };
    }
  }
  return { outside: false, depthM: 0 };
}

/**
 * Run the space checks on a layout.
 *
 * Findings (ids are stable: `space:<code>:<subject>`):
 * - `overlap` (critical): two bodies whose plan rectangles overlap (SAT; touching is not overlapping)
 *   and whose vertical ranges [z, z + height] overlap. Measured: penetration depth, m — the smaller of
 *   the plan SAT depth and the vertical overlap (the shortest move that separates them).
 * - `clearance-front` / `clearance-rear` (warning): for kinds with `serviceClearance`, the zone of the
 *   equipment's width extending settings.clearanceFrontM (rearM) from the front (local −y) / rear face
 *   must be free of bodies starting below SERVICE_HEADROOM_M above its base (containment excepted,
 *   see NON_OBSTRUCTING_KINDS) and of its hall's wall. Measured: free distance to the nearest
 *   intruder, m; limit: required clearance, m.
 * - `outside-hall` (critical): a footprint corner outside its hall outline, a wall corner inside the
 *   footprint, or a footprint edge crossing a wall. Measured: how far it reaches through the wall, m
 *   (the farthest outside corner from the outline, or wall corner from the footprint edge); omitted
 *   when a wall merely passes through the footprint. Wall-mounted kinds (placement 'wall') may straddle
 *   the wall line: they are outside only when their centre is outside the hall and farther than
 *   depth/2 + WALL_MOUNT_TOL_M from it; inside but that far from every wall is `off-wall` (warning).
 * - `hall-missing` (critical): hallId names no hall.
 * - `outdoor-in-hall` (warning): outdoor equipment (hallId null) with its footprint inside a hall.
 * - `floor-load` (critical above the hall's floorRatingKgM2, warning above 90 %): weight / footprint
 *   area of floor-standing equipment (placement 'floor' or 'outdoor'; overhead and wall-mounted kinds
 *   hang from the structure), kg/m² — a uniformly loaded footprint, no spreading plates.
 * - `height` (critical): base elevation + height above the hall's clear height, m.
 *
 * Figures: equipment count, rack count, IT load (kW: electricalKw of 'it' kinds and of computing
 * 'legacy' kinds, i.e. not wall-mounted pads and fans) and its legacy (mining) part, hall floor area
 * (m²), share of it covered by floor-standing footprints (%), peak floor load (kg/m²).
 *
 * `opts.getKind` replaces the catalog lookup (tests); unknown kinds are floor-standing bodies without
 * service clearance or load.
 */
export function runSpace(doc: LayoutDoc, opts: { getKind?: KindLookup } = {}): EngineResult {
  const lookup = opts.getKind ?? getKind;
  const t0 = performance.now();
  const findings: Finding[] = [];
  const halls = new Map(doc.halls.map((h) => [h.id, h]));
  const settings = { ...DEFAULT_SETTINGS, ...(doc.settings ?? {}) };
  const bodies = doc.equipment.map((e) => makeBody(e, halls, lookup));
  const n = bodies.length;

  // --- spatial index -------------------------------------------------------------------------
  const extents = new Float64Array(n);
  for (let i = 0; i < n; i++) extents[i] = Math.max(bodies[i].maxX - bodies[i].minX, bodies[i].maxY - bodies[i].minY);
  const grid = new SpatialHashGrid(chooseCellM(extents));
  for (let i = 0; i < n; i++) {
    const b = bodies[i];
    grid.insert(i, b.minX, b.minY, b.maxX, b.maxY);
  }
  const cand: number[] = [];

  // --- overlaps ------------------------------------------------------------------------------
  for (let i = 0; i < n; i++) {
    const a = bodies[i];
    grid.query(a.minX, a.minY, a.maxX, a.maxY, cand);
    for (const j of cand) {
      if (j <= i) continue;
      const b = bodies[j];
      if (a.minX >= b.maxX - TOL_M || b.minX >= a.maxX - TOL_M || a.minY >= b.maxY - TOL_M || b.minY >= a.maxY - TOL_M) continue;
      const dz = Math.min(a.zMax, b.zMax) - Math.max(a.zMin, b.zMin);
      if (dz <= TOL_M) continue;
      const planDepth = rectOverlapDepth(a.corners, b.corners);
      if (planDepth <= TOL_M) continue;
      const depth = Math.min(planDepth, dz);
      const [p, q] = a.eq.id < b.eq.id ? [a, b] : [b, a];
      findings.push({
        id: `space:overlap:${p.eq.id}:${q.eq.id}`,
        engine: SPACE_ENGINE,
        code: 'overlap',
        severity: 'critical',
        message: `${p.eq.name} and ${q.eq.name} overlap by ${fmt(depth)} m. Move one of them apart.`,
        subjects: [p.eq.id, q.eq.id],
        measured: { value: depth, unit: 'm' },
        limit: { value: 0, unit: 'm' },
        owner: 'IT',
        at: [(p.eq.position[0] + q.eq.position[0]) / 2, (p.eq.position[1] + q.eq.position[1]) / 2, Math.max(p.zMin, q.zMin)],
      });
    }
  }

  // --- service clearance ---------------------------------------------------------------------
  const sides: { side: -1 | 1; code: string; label: string; requiredM: number }[] = [
    { side: -1, code: 'clearance-front', label: 'Front', requiredM: settings.clearanceFrontM },
    { side: 1, code: 'clearance-rear', label: 'Rear', requiredM: settings.clearanceRearM },
  ];
  for (let i = 0; i < n; i++) {
    const r = bodies[i];
    if (!r.kind?.serviceClearance) continue;
    for (const { side, code, label, requiredM } of sides) {
      if (!(requiredM > TOL_M)) continue;
      let freeM = Infinity;
      let blocker: { id: string; name: string } | undefined;
      const z = zoneAabb(r, side, requiredM);
      grid.query(z.minX, z.minY, z.maxX, z.maxY, cand);
      for (const j of cand) {
        if (j === i) continue;
        const o = bodies[j];
        if (!o.obstructs) continue;
        if (o.maxX <= z.minX || o.minX >= z.maxX || o.maxY <= z.minY || o.minY >= z.maxY) continue;
        if (o.zMin >= r.zMin + SERVICE_HEADROOM_M || o.zMax <= r.zMin) continue;
        const d = faceFreeDistanceM(r, side, o.corners);
        if (d !== undefined && d < freeM) {
          freeM = d;
          blocker = { id: o.eq.id, name: o.eq.name };
        }
      }
      if (r.hall) {
        const ol = r.hall.outline;
        for (let k = 0, m = ol.length - 1; k < ol.length; m = k++) {
          const p0 = ol[m];
          const p1 = ol[k];
          // cheap reject: the wall segment's box misses the zone's box
          if (Math.max(p0[0], p1[0]) < z.minX || Math.min(p0[0], p1[0]) > z.maxX || Math.max(p0[1], p1[1]) < z.minY || Math.min(p0[1], p1[1]) > z.maxY) continue;
          const d = faceFreeDistanceM(r, side, [p0, p1], true);
          if (d !== undefined && d < freeM) {
            freeM = d;
            blocker = { id: r.hall.id, name: `the wall of ${r.hall.name}` };
          }
        }
      }
      if (blocker && freeM < requiredM - TOL_M) {
        const face = side === -1 ? 'front' : 'rear';
        const hd = r.eq.props.depthM / 2;
        const u = hd + freeM / 2;
        findings.push({
          id: `space:${code}:${r.eq.id}`,
          engine: SPACE_ENGINE,
          code,
          severity: 'warning',
          message: `${label} service clearance of ${r.eq.name} is ${fmt(freeM)} m, needs ${fmt(requiredM)} m: blocked by ${blocker.name}. Widen the ${face} aisle.`,
          subjects: [r.eq.id, blocker.id],
          measured: { value: freeM, unit: 'm' },
          limit: { value: requiredM, unit: 'm' },
          owner: 'IT',
          at: [r.eq.position[0] - side * u * r.sin, r.eq.position[1] + side * u * r.cos, r.zMin],
        });
      }
    }
  }

  // --- halls: inside, height, floor load -------------------------------------------------------
  let peakLoadKgM2 = 0;
  let footprintInHallsM2 = 0;
  for (const b of bodies) {
    const e = b.eq;
    const footprintM2 = e.props.widthM * e.props.depthM;
    if (e.hallId === null) {
      const inside = doc.halls.find((h) => strictlyInside([e.position[0], e.position[1]], h.outline, TOL_M) || b.corners.some((c) => strictlyInside(c, h.outline, TOL_M)));
      if (inside) {
        findings.push({
          id: `space:outdoor-in-hall:${e.id}`,
          engine: SPACE_ENGINE,
          code: 'outdoor-in-hall',
          severity: 'warning',
          message: `${e.name} is marked as outdoor equipment but stands inside ${inside.name}. Assign it to the hall or move it outside.`,
          subjects: [e.id, inside.id],
          owner: 'structural',
          at: [e.position[0], e.position[1], e.position[2]],
        });
      }
      continue;
    }
    const hall = b.hall;
    if (!hall) {
      findings.push({
        id: `space:hall-missing:${e.id}`,
        engine: SPACE_ENGINE,
        code: 'hall-missing',
        severity: 'critical',
        message: `${e.name} refers to hall "${e.hallId}", which does not exist.`,
        subjects: [e.id],
        owner: 'structural',
      });
      continue;
    }
    // inside the outline? (wall-mounted kinds sit in the wall line instead)
    if (b.kind?.placement === 'wall') {
      const c: Vec2 = [e.position[0], e.position[1]];
      const toWallM = distToBoundary(c, hall.outline);
      const reachM = e.props.depthM / 2 + WALL_MOUNT_TOL_M;
      if (toWallM > reachM + TOL_M) {
        const out = strictlyOutside(c, hall.outline, 0);
        findings.push({
          id: `space:${out ? 'outside-hall' : 'off-wall'}:${e.id}`,
          engine: SPACE_ENGINE,
          code: out ? 'outside-hall' : 'off-wall',
          severity: out ? 'critical' : 'warning',
          message: out
            ? `${e.name} (wall-mounted) is ${fmt(toWallM)} m outside the walls of ${hall.name}. Put it in a wall of its hall.`
            : `${e.name} is wall-mounted but stands ${fmt(toWallM)} m from the nearest wall of ${hall.name}. Put it in the wall (its centre within ${fmt(reachM)} m of the wall line).`,
          subjects: [e.id, hall.id],
          measured: { value: toWallM, unit: 'm' },
          limit: { value: reachM, unit: 'm' },
          owner: 'structural',
          at: [e.position[0], e.position[1], e.position[2]],
        });
      }
    } else {
      const out = outsideHallDepth(b, hall.outline);
      if (out.outside) {
        findings.push({
          id: `space:outside-hall:${e.id}`,
          engine: SPACE_ENGINE,
          code: 'outside-hall',
          severity: 'critical',
          message:
            out.depthM > TOL_M
              ? `${e.name} reaches ${fmt(out.depthM)} m through the wall of ${hall.name}. Move it inside the hall.`
              : `${e.name} crosses the wall of ${hall.name}. Move it inside the hall.`,
          subjects: [e.id, hall.id],
          // a wall passing straight through the footprint (no corner out, no wall corner in) has no simple depth
          ...(out.depthM > TOL_M ? { measured: { value: out.depthM, unit: 'm' }, limit: { value: 0, unit: 'm' } } : {}),
          owner: 'structural',
          at: [e.position[0], e.position[1], e.position[2]],
        });
      }
    }
    // clear height
    const topM = b.zMax;
    if (topM > hall.clearHeightM + TOL_M) {
      findings.push({
        id: `space:height:${e.id}`,
        engine: SPACE_ENGINE,
        code: 'height',
        severity: 'critical',
        message: `${e.name} reaches ${fmt(topM)} m, above the ${fmt(hall.clearHeightM)} m clear height of ${hall.name}.`,
        subjects: [e.id, hall.id],
        measured: { value: topM, unit: 'm' },
        limit: { value: hall.clearHeightM, unit: 'm' },
        owner: 'structural',
        at: [e.position[0], e.position[1], topM],
      });
    }
    // floor load
    if (standsOnFloor(b)) {
      footprintInHallsM2 += footprintM2;
      const loadKgM2 = footprintM2 > 0 ? e.props.weightKg / footprintM2 : 0;
      if (loadKgM2 > peakLoadKgM2) peakLoadKgM2 = loadKgM2;
      const rating = hall.floorRatingKgM2;
      if (loadKgM2 > FLOOR_LOAD_WARN_SHARE * rating) {
        const critical = loadKgM2 > rating;
        findings.push({
          id: `space:floor-load:${e.id}`,
          engine: SPACE_ENGINE,
          code: 'floor-load',
          severity: critical ? 'critical' : 'warning',
          message: `${e.name} loads the floor with ${fmt(loadKgM2, 0)} kg/m² (${fmt(e.props.weightKg, 0)} kg on ${fmt(footprintM2)} m²), ${critical ? 'above' : 'over 90 % of'} the ${fmt(rating, 0)} kg/m² rating of ${hall.name}. ${critical ? 'Spread the load or strengthen the slab.' : 'Check with the structural engineer.'}`,
          subjects: [e.id, hall.id],
          measured: { value: loadKgM2, unit: 'kg/m²' },
          limit: { value: rating, unit: 'kg/m²' },
          owner: 'structural',
          at: [e.position[0], e.position[1], e.position[2]],
        });
      }
    }
  }

  // --- figures -------------------------------------------------------------------------------
  let itKw = 0;
  let legacyKw = 0;
  let racks = 0;
  for (const b of bodies) {
    if (b.eq.kind === 'rack') racks++;
    if (!b.kind || !isComputeLoad(b.kind)) continue;
    const kw = b.kind.electricalKw(b.eq.props);
    itKw += kw;
    if (b.kind.category === 'legacy') legacyKw += kw;
  }
  const floorAreaM2 = doc.halls.reduce((s, h) => s + polygonArea(h.outline), 0);
  const figures: Figure[] = [
    { name: 'equipment_count', label: 'Equipment', value: n, unit: '' },
    { name: 'rack_count', label: 'Racks', value: racks, unit: '' },
    { name: 'it_load_kw', label: 'IT load', value: itKw, unit: 'kW' },
    { name: 'legacy_it_load_kw', label: 'of which mining (legacy)', value: legacyKw, unit: 'kW' },
    { name: 'floor_area_m2', label: 'Hall floor area', value: floorAreaM2, unit: 'm²' },
    { name: 'footprint_share_pct', label: 'Floor covered by equipment', value: floorAreaM2 > 0 ? (100 * footprintInHallsM2) / floorAreaM2 : 0, unit: '%' },
    { name: 'peak_floor_load_kg_m2', label: 'Peak floor load', value: peakLoadKgM2, unit: 'kg/m²' },
  ];
  return { engine: SPACE_ENGINE, figures, findings, elapsedMs: performance.now() - t0 };
}
