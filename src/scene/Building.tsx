import { useFrame } from '@react-three/fiber';
import { useMemo, useRef } from 'react';
import * as THREE from 'three';
import { useEditor } from '../app/instance';
import type { Hall, OpeningKind } from '../model/document';

/**
 * The building shell: floor slab, walls with their openings (intake louvres, exhaust grilles, doors),
 * and a cutaway — walls whose outside faces the camera drop to knee height so you can see in.
 */
interface WallPiece {
  /** along-edge start/end, m */
  a: number;
  b: number;
  z0: number;
  z1: number;
  kind: 'wall' | OpeningKind;
}

const OPENING_COLOR: Record<OpeningKind, string> = {
  intake: '#6fb7c9',
  exhaust: '#565d66',
  louvre: '#8fa3b0',
  door: '#c7a064',
};

function wallPieces(h: Hall, edge: number, len: number): WallPiece[] {
  const ops = h.openings.filter((o) => o.wall === edge).sort((x, y) => x.offsetM - y.offsetM);
  const H = h.clearHeightM + 0.6; // eaves above the clear height
  const pieces: WallPiece[] = [];
  let cur = 0;
  for (const o of ops) {
    const a = Math.max(0, o.offsetM - o.widthM / 2);
    const b = Math.min(len, o.offsetM + o.widthM / 2);
    if (a > cur) pieces.push({ a: cur, b: a, z0: 0, z1: H, kind: 'wall' });
    if (o.sillM > 0) pieces.push({ a, b, z0: 0, z1: o.sillM, kind: 'wall' });
    const top = Math.min(H, o.sillM + o.heightM);
    if (o.kind !== 'door') pieces.push({ a, b, z0: o.sillM, z1: top, kind: o.kind });
    else pieces.push({ a, b, z0: top - 0.15, z1: top, kind: 'door' });
    if (top < H) pieces.push({ a, b, z0: top, z1: H, kind: 'wall' });
    cur = Math.max(cur, b);
  }
  if (cur < len) pieces.push({ a: cur, b: len, z0: 0, z1: H, kind: 'wall' });
  return pieces;
}

function signedArea(poly: [number, number][]): number {
  let s = 0;
  for (let i = 0; i < poly.length; i++) {
    const [x0, y0] = poly[i];
    const [x1, y1] = poly[(i + 1) % poly.length];
    s += x0 * y1 - x1 * y0;
  }
  return s / 2;
}

const WALL_T = 0.25;

function HallShell({ hall, cutaway }: { hall: Hall; cutaway: boolean }) {
  const floorGeo = useMemo(() => {
    const shape = new THREE.Shape(hall.outline.map(([x, y]) => new THREE.Vector2(x, y)));
    const g = new THREE.ShapeGeometry(shape);
    g.rotateX(-Math.PI / 2);
    return g;
  }, [hall.outline]);
  const ccw = signedArea(hall.outline) > 0;
  const walls = useMemo(
    () =>
      hall.outline.map(([x0, y0], i) => {
        const [x1, y1] = hall.outline[(i + 1) % hall.outline.length];
        const len = Math.hypot(x1 - x0, y1 - y0);
        const ux = (x1 - x0) / len;
        const uy = (y1 - y0) / len;
        // outward normal in plan
        const nx = ccw ? uy : -uy;
        const ny = ccw ? -ux : ux;
        return { i, x0, y0, ux, uy, nx, ny, len, angle: Math.atan2(uy, ux), pieces: wallPieces(hall, i, len) };
      }),
    [hall, ccw],
  );
  const refs = useRef<(THREE.Group | null)[]>([]);
  const tmp = useMemo(() => new THREE.Vector3(), []);
  useFrame(({ camera }) => {
    walls.forEach((w, i) => {
      const g = refs.current[i];
      if (!g) return;
      // wall midpoint in three coords, then the direction to the camera in plan
      const mx = w.x0 + (w.ux * w.len) / 2;
      const my = w.y0 + (w.uy * w.len) / 2;
      tmp.set(camera.position.x - mx, 0, camera.position.z + my);
      const facing = tmp.x * w.nx + -tmp.z * w.ny > 0;
      const low = cutaway && facing && camera.position.y < 400;
      g.scale.y = low ? 0.12 : 1;
    });
  });
  return (
    <group name={`hall-${hall.id}`}>
      <mesh geometry={floorGeo} receiveShadow position={[0, 0.002, 0]}>
        <meshStandardMaterial color="#c9ccd1" roughness={0.95} />
      </mesh>
      {walls.map((w, i) => (
        <group
          key={i}
          ref={(g) => {
            refs.current[i] = g;
          }}
          position={[w.x0, 0, -w.y0]}
          rotation={[0, w.angle, 0]}
        >
          {w.pieces.map((p, j) => (
            <mesh key={j} position={[(p.a + p.b) / 2, (p.z0 + p.z1) / 2, (ccw ? 1 : -1) * (WALL_T / 2)]}>
              <boxGeometry args={[Math.max(p.b - p.a, 0.01), Math.max(p.z1 - p.z0, 0.01), WALL_T]} />
              {p.kind === 'wall' ? (
                <meshStandardMaterial color="#e4e1da" roughness={0.9} />
              ) : (
                <meshStandardMaterial color={OPENING_COLOR[p.kind]} roughness={0.5} transparent opacity={p.kind === 'intake' ? 0.75 : 0.9} />
              )}
            </mesh>
          ))}
        </group>
      ))}
    </group>
  );
}

export function Building() {
  const halls = useEditor((s) => s.committed.halls);
  const cutaway = useEditor((s) => s.cutaway);
  return (
    <group name="building">
      {halls.map((h) => (
        <HallShell key={h.id} hall={h} cutaway={cutaway} />
      ))}
    </group>
  );
}
