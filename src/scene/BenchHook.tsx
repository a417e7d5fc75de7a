import { useThree } from '@react-three/fiber';
import { useEffect } from 'react';
import * as THREE from 'three';
import { viewportBridge } from '../app/instance';
import { instances } from './EquipmentInstances';

/**
 * Frame-cost probe for `npm run bench`: renders the live scene N times, then a bare scene with one
 * instanced mesh of the same number of boxes (same renderer, camera and lights), each followed by a
 * 1-pixel read so the GPU (SwiftShader here) really finishes. Ratios within one run are what count.
 */
export function BenchHook() {
  const { gl, scene, camera } = useThree();
  useEffect(() => {
    viewportBridge.benchFrames = (frames: number) => {
      const px = new Uint8Array(4);
      const ctx = gl.getContext();
      const time = (s: THREE.Scene) => {
        gl.render(s, camera);
        ctx.readPixels(0, 0, 1, 1, ctx.RGBA, ctx.UNSIGNED_BYTE, px);
        const t0 = performance.now();
        for (let i = 0; i < frames; i++) {
          gl.render(s, camera);
          ctx.readPixels(0, 0, 1, 1, ctx.RGBA, ctx.UNSIGNED_BYTE, px);
        }
        return (performance.now() - t0) / frames;
      };
      const inst = instances.current;
      const boxes = (inst?.solid.mesh.count ?? 0) + (inst?.glass.mesh.count ?? 0);
      const bare = new THREE.Scene();
      bare.background = new THREE.Color('#dfe6ee');
      bare.add(new THREE.HemisphereLight('#ffffff', '#8d9199', 1.4), new THREE.DirectionalLight('#ffffff', 1.6));
      const mesh = new THREE.InstancedMesh(new THREE.BoxGeometry(1, 1, 1), new THREE.MeshStandardMaterial(), Math.max(1, boxes));
      if (inst) {
        const m = new THREE.Matrix4();
        let k = 0;
        for (const layer of [inst.solid.mesh, inst.glass.mesh]) {
          for (let i = 0; i < layer.count; i++) {
            layer.getMatrixAt(i, m);
            mesh.setMatrixAt(k++, m);
          }
        }
      }
      mesh.count = boxes;
      bare.add(mesh);
      // interleave to spread machine noise over both
      let sceneMs = 0;
      let bareMs = 0;
      for (let r = 0; r < 3; r++) {
        sceneMs += time(scene);
        bareMs += time(bare);
      }
      mesh.geometry.dispose();
      (mesh.material as THREE.Material).dispose();
      return { sceneMs: sceneMs / 3, bareMs: bareMs / 3, boxes };
    };
    return () => {
      viewportBridge.benchFrames = null;
    };
  }, [gl, scene, camera]);
  return null;
}
