import { useThree } from '@react-three/fiber';
import { useEffect, useRef } from 'react';
import * as THREE from 'three';
import { store } from '../app/instance';
import type { EditorState } from '../store/store';

/**
 * Power links as line segments between equipment tops (side A orange, B blue, unsided grey), one draw
 * call, rebuilt imperatively when the document changes (follows a drag without React renders).
 */
const SIDE_COLOR = { A: new THREE.Color('#e8590c'), B: new THREE.Color('#1c7ed6'), none: new THREE.Color('#868e96') };

function fill(s: EditorState, geo: THREE.BufferGeometry) {
  const byId = new Map(s.doc.equipment.map((e) => [e.id, e]));
  const links = s.links ? s.doc.connections.filter((c) => c.kind === 'power') : [];
  const pos = new Float32Array(links.length * 6);
  const col = new Float32Array(links.length * 6);
  let n = 0;
  for (const c of links) {
    const a = byId.get(c.from);
    const b = byId.get(c.to);
    if (!a || !b) continue;
    const side = c.props.side === 'A' || c.props.side === 'B' ? c.props.side : 'none';
    const k = SIDE_COLOR[side];
    // a small offset by side so A and B links to the same rack stay distinguishable
    const off = side === 'A' ? -0.08 : side === 'B' ? 0.08 : 0;
    const pts = [a, b].map((e) => [e.position[0] + off, e.position[2] + e.props.heightM + 0.05, -(e.position[1] + off)]);
    pos.set([...pts[0], ...pts[1]], n * 6);
    col.set([k.r, k.g, k.b, k.r, k.g, k.b], n * 6);
    n++;
  }
  geo.setAttribute('position', new THREE.BufferAttribute(pos.subarray(0, n * 6), 3));
  geo.setAttribute('color', new THREE.BufferAttribute(col.subarray(0, n * 6), 3));
  geo.computeBoundingSphere();
}

export function ConnectionLines() {
  const ref = useRef<THREE.LineSegments>(null);
  const invalidate = useThree((s) => s.invalidate);
  useEffect(() => {
    const geo = ref.current!.geometry;
    fill(store.getState(), geo);
    invalidate();
    return store.subscribe((s, prev) => {
      if (s.doc === prev.doc && s.links === prev.links) return;
      fill(s, geo);
      invalidate();
    });
  }, [invalidate]);
  return (
    <lineSegments ref={ref} frustumCulled={false} renderOrder={2}>
      <bufferGeometry />
      <lineBasicMaterial vertexColors transparent opacity={0.85} depthTest={true} />
    </lineSegments>
  );
}
