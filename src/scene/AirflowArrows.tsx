import { useThree } from '@react-three/fiber';
import { useEffect, useMemo } from 'react';
import * as THREE from 'three';
import { useEditor } from '../app/instance';
import type { HallAirflow } from '../../workers/airflow/engine';
import { Grid } from '../../workers/airflow/grid';
import { useShownAirflow } from './airflowShown';

/** The arrows' material settings, shared with the start-up warm-up (ThermalWarmup.tsx). */
export const ARROW_MATERIAL = { color: '#10161d', transparent: true, opacity: 0.8, depthTest: false } as const;

/**
 * Airflow arrows on the horizontal slice plane: the solved face velocities averaged to cell centres,
 * every `stride` cells, drawn as line arrows scaled with speed (0.5 m/s ≈ one stride long).
 */
function arrowsOf(h: HallAirflow, zM: number): Float32Array {
  const [nx, ny, nz] = h.dims;
  if (!h.state.u.length) return new Float32Array(0);
  const g = new Grid({ nx, ny, nz, h_m: h.cellM });
  const k = Math.min(nz - 1, Math.max(0, Math.floor(zM / h.cellM)));
  const stride = Math.max(1, Math.round(1 / h.cellM));
  const out: number[] = [];
  const z = (k + 0.5) * h.cellM;
  const scale = (stride * h.cellM) / 0.5;
  for (let j = 0; j < ny; j += stride)
    for (let i = 0; i < nx; i += stride) {
      if (Number.isNaN(h.temperature[i + nx * (j + ny * k)])) continue;
      const u = 0.5 * (h.state.u[g.uFace(i, j, k)] + h.state.u[g.uFace(i + 1, j, k)]);
      const v = 0.5 * (h.state.v[g.vFace(i, j, k)] + h.state.v[g.vFace(i, j + 1, k)]);
      const sp = Math.hypot(u, v);
      if (sp < 0.02) continue;
      const len = Math.min(sp * scale, 1.6 * stride * h.cellM);
      const dx = (u / sp) * len;
      const dy = (v / sp) * len;
      const x0 = h.origin[0] + (i + 0.5) * h.cellM - dx / 2;
      const y0 = h.origin[1] + (j + 0.5) * h.cellM - dy / 2;
      const x1 = x0 + dx;
      const y1 = y0 + dy;
      // shaft and two barbs, in three.js coordinates (x, z, −y)
      const bx = -dx * 0.3;
      const by = -dy * 0.3;
      out.push(x0, z, -y0, x1, z, -y1);
      out.push(x1, z, -y1, x1 + bx - by * 0.6, z, -(y1 + by + bx * 0.6));
      out.push(x1, z, -y1, x1 + bx + by * 0.6, z, -(y1 + by - bx * 0.6));
    }
  return new Float32Array(out);
}

export function AirflowArrows() {
  const result = useShownAirflow();
  const thermal = useEditor((s) => s.thermal);
  const invalidate = useThree((s) => s.invalidate);
  const geo = useMemo(() => {
    if (!result || !thermal.on || !thermal.arrows) return null;
    const parts = result.halls.map((h) => arrowsOf(h, thermal.sliceZ));
    const n = parts.reduce((a, p) => a + p.length, 0);
    const all = new Float32Array(n);
    let o = 0;
    for (const p of parts) {
      all.set(p, o);
      o += p.length;
    }
    const g = new THREE.BufferGeometry();
    g.setAttribute('position', new THREE.BufferAttribute(all, 3));
    return g;
  }, [result, thermal.on, thermal.arrows, thermal.sliceZ]);
  useEffect(() => {
    invalidate();
    return () => geo?.dispose();
  }, [geo, invalidate]);
  if (!geo) return null;
  return (
    <lineSegments geometry={geo} renderOrder={4}>
      <lineBasicMaterial {...ARROW_MATERIAL} />
    </lineSegments>
  );
}
