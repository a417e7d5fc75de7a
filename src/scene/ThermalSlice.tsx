import { useEffect, useMemo } from 'react';
import * as THREE from 'three';
import { useThree } from '@react-three/fiber';
import { useEditor } from '../app/instance';
import type { HallAirflow } from '../../workers/airflow/engine';
import { useShownAirflow } from './airflowShown';
import { thermalColour } from './thermalColours';

/**
 * The slice's material settings, shared with the start-up warm-up (ThermalWarmup.tsx) so its shader
 * is compiled before the first result. One pass: a flat plane needs no back-then-front drawing.
 */
export const SLICE_MATERIAL = { transparent: true, depthWrite: false, side: THREE.DoubleSide, forceSinglePass: true } as const;

/** An RGBA heat-map texture, one texel per cell, nearest filtering so the cells stay honest. */
export function sliceDataTexture(data: Uint8Array, w: number, h: number): THREE.DataTexture {
  const tex = new THREE.DataTexture(data, w, h, THREE.RGBAFormat);
  tex.magFilter = THREE.NearestFilter;
  tex.minFilter = THREE.NearestFilter;
  tex.needsUpdate = true;
  return tex;
}

/**
 * A heat-map slice through the airflow temperature field: horizontal at a height, or vertical (x–z)
 * at a plan y. One texel per cell, nearest filtering so the cells stay honest; solid cells transparent.
 */
function sliceTexture(h: HallAirflow, mode: 'horizontal' | 'vertical', at: number): { tex: THREE.DataTexture; w: number; hgt: number } | null {
  const [nx, ny, nz] = h.dims;
  if (!h.temperature.length) return null;
  // texel (a, b) → cell index: rows run north (horizontal slice) or up (vertical slice)
  const rows = mode === 'horizontal' ? ny : nz;
  const fixed = mode === 'horizontal' ? Math.min(nz - 1, Math.max(0, Math.floor(at / h.cellM))) : Math.min(ny - 1, Math.max(0, Math.floor((at - h.origin[1]) / h.cellM)));
  const cellOf = mode === 'horizontal' ? (i: number, r: number) => i + nx * (r + ny * fixed) : (i: number, r: number) => i + nx * (fixed + ny * r);
  const data = new Uint8Array(nx * rows * 4);
  const c = new THREE.Color();
  for (let r = 0; r < rows; r++)
    for (let i = 0; i < nx; i++) {
      const t = h.temperature[cellOf(i, r)];
      if (Number.isNaN(t)) continue; // solid: transparent
      const o = 4 * (i + nx * r);
      thermalColour(t, c);
      data[o] = c.r * 255;
      data[o + 1] = c.g * 255;
      data[o + 2] = c.b * 255;
      data[o + 3] = 200;
    }
  return { tex: sliceDataTexture(data, nx, rows), w: nx, hgt: rows };
}

function HallSlice({ h, mode, at }: { h: HallAirflow; mode: 'horizontal' | 'vertical'; at: number }) {
  const invalidate = useThree((s) => s.invalidate);
  const s = useMemo(() => sliceTexture(h, mode, at), [h, mode, at]);
  useEffect(() => {
    if (!s) return;
    invalidate();
    return () => s.tex.dispose();
  }, [s, invalidate]);
  if (!s) return null;
  const [nx, ny, nz] = h.dims;
  const W = nx * h.cellM;
  const D = ny * h.cellM;
  const H = nz * h.cellM;
  const [ox, oy] = h.origin;
  if (mode === 'horizontal') {
    const z = (Math.min(nz - 1, Math.max(0, Math.floor(at / h.cellM))) + 0.5) * h.cellM;
    // texture rows run along +y (north): a plane in the floor's orientation, rotated to face up
    return (
      <mesh position={[ox + W / 2, z, -(oy + D / 2)]} rotation={[-Math.PI / 2, 0, 0]} renderOrder={3}>
        <planeGeometry args={[W, D]} />
        <meshBasicMaterial map={s.tex} {...SLICE_MATERIAL} />
      </mesh>
    );
  }
  const y = oy + (Math.min(ny - 1, Math.max(0, Math.floor((at - oy) / h.cellM))) + 0.5) * h.cellM;
  return (
    <mesh position={[ox + W / 2, H / 2, -y]} renderOrder={3}>
      <planeGeometry args={[W, H]} />
      <meshBasicMaterial map={s.tex} {...SLICE_MATERIAL} />
    </mesh>
  );
}

export function ThermalSlice() {
  const result = useShownAirflow();
  const thermal = useEditor((s) => s.thermal);
  if (!result || !thermal.on || thermal.slice === 'off') return null;
  return (
    <group name="thermal-slice">
      {result.halls.map((h) => (
        <HallSlice key={h.hallId} h={h} mode={thermal.slice as 'horizontal' | 'vertical'} at={thermal.slice === 'horizontal' ? thermal.sliceZ : thermal.sliceY} />
      ))}
    </group>
  );
}
