import { useFrame, useThree } from '@react-three/fiber';
import { useEffect, useMemo, useRef } from 'react';
import * as THREE from 'three';
import { ARROW_MATERIAL } from './AirflowArrows';
import { SLICE_MATERIAL, sliceDataTexture } from './ThermalSlice';

/**
 * Draws the heat-map slice's and the airflow arrows' materials once, invisibly, when the browser is
 * first idle after start-up, so their shaders are compiled then and not when the first airflow result
 * lands (nor in the first frame, which would show the layout later).
 *
 * Measured on SwiftShader (software WebGL): the first draw of the slice cost ≈ 300–400 ms on the main
 * thread (program link plus the renderer compiling its pipeline and texture sampler) in the middle of
 * a live-airflow solve. The warm-up objects sit just in front of the camera (so pixels are really
 * shaded: the sampler is compiled on first use), in the real scene (same lights, same programs), with
 * a fully transparent texel and zero opacity; each hides itself after it has been drawn once.
 */
export function ThermalWarmup() {
  const group = useRef<THREE.Group>(null);
  const parts = useMemo(() => {
    const tex = sliceDataTexture(new Uint8Array(4), 1, 1); // one transparent texel
    const slice = new THREE.Mesh(new THREE.PlaneGeometry(0.05, 0.05), new THREE.MeshBasicMaterial({ ...SLICE_MATERIAL, map: tex }));
    const lineGeo = new THREE.BufferGeometry();
    lineGeo.setAttribute('position', new THREE.BufferAttribute(new Float32Array([-0.02, 0, 0, 0.02, 0, 0]), 3));
    const arrows = new THREE.LineSegments(lineGeo, new THREE.LineBasicMaterial({ ...ARROW_MATERIAL, opacity: 0 }));
    for (const o of [slice, arrows]) {
      o.frustumCulled = false;
      o.visible = false; // until the browser is idle
      o.onAfterRender = () => {
        o.visible = false;
      };
    }
    return { tex, slice, arrows };
  }, []);
  const invalidate = useThree((s) => s.invalidate);
  const scheduled = useRef<(() => void) | null>(null);
  useEffect(() => {
    const g = group.current!;
    g.add(parts.slice, parts.arrows);
    return () => {
      scheduled.current?.();
      g.remove(parts.slice, parts.arrows);
      parts.tex.dispose();
      for (const o of [parts.slice, parts.arrows]) {
        o.geometry.dispose();
        (o.material as THREE.Material).dispose();
      }
    };
  }, [parts, invalidate]);
  useFrame(({ camera }) => {
    const g = group.current;
    if (!g) return;
    // after the first frame, at the next idle moment: its own frame, not one with the start-up work
    if (!scheduled.current) {
      const show = () => {
        parts.slice.visible = parts.arrows.visible = true;
        invalidate();
      };
      if (typeof requestIdleCallback === 'function') {
        const id = requestIdleCallback(show, { timeout: 3000 });
        scheduled.current = () => cancelIdleCallback(id);
      } else {
        const id = setTimeout(show, 1000);
        scheduled.current = () => clearTimeout(id);
      }
    }
    // until drawn: 1 m in front of the camera, facing it
    if (!parts.slice.visible && !parts.arrows.visible) return;
    camera.getWorldDirection(g.position).multiplyScalar(1).add(camera.getWorldPosition(new THREE.Vector3()));
    g.quaternion.copy(camera.getWorldQuaternion(new THREE.Quaternion()));
  });
  return <group ref={group} name="thermal-warmup" />;
}
