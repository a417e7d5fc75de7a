import { useFrame } from '@react-three/fiber';
import { useEffect, useMemo } from 'react';
import * as THREE from 'three';
import { useEditor, viewportBridge } from '../app/instance';
import { getKind } from '../catalog/registry';

/**
 * Name tags as plain DOM over the canvas: crisp at every zoom, constant size, and cheap — React renders
 * the list when it changes; each frame only rewrites their transforms (no React render per frame).
 */
interface Anchor {
  pos: THREE.Vector3;
  el: HTMLElement | null;
}
const anchors = new Map<string, Anchor>();
const v = new THREE.Vector3();

interface LabelSpec {
  key: string;
  text: string;
  at: [number, number, number];
  cls: string;
}

export function LabelsOverlay() {
  const on = useEditor((s) => s.labels);
  const selection = useEditor((s) => s.selection);
  const doc = useEditor((s) => s.committed);
  const specs = useMemo<LabelSpec[]>(() => {
    if (!on) return [];
    const out: LabelSpec[] = [];
    for (const h of doc.halls) {
      const n = h.outline.length;
      const cx = h.outline.reduce((a, p) => a + p[0], 0) / n;
      const cy = h.outline.reduce((a, p) => a + p[1], 0) / n;
      out.push({ key: `hall:${h.id}`, text: h.name, at: [cx, cy, h.clearHeightM + 1.5], cls: 'label label-hall' });
    }
    const sel = new Set(selection);
    const major = doc.equipment.filter((e) => {
      const k = getKind(e.kind);
      return k && (k.category === 'electrical' || k.category === 'liquid' || k.category === 'heat-rejection') && e.kind !== 'busway';
    });
    const shown = new Set<string>();
    const push = (e: (typeof doc.equipment)[number], cls: string) => {
      if (shown.has(e.id)) return;
      shown.add(e.id);
      out.push({ key: e.id, text: e.name, at: [e.position[0], e.position[1], e.position[2] + e.props.heightM + 0.4], cls });
    };
    for (const e of doc.equipment) if (sel.has(e.id) && shown.size < 60) push(e, 'label label-selected');
    if (major.length <= 60) for (const e of major) push(e, 'label');
    return out;
  }, [on, selection, doc]);
  useEffect(() => {
    viewportBridge.invalidate?.();
  }, [specs]);
  return (
    <div className="labels-layer" aria-hidden="true">
      {specs.map((l) => (
        <div
          key={l.key}
          className={l.cls}
          ref={(el) => {
            if (el) anchors.set(l.key, { pos: new THREE.Vector3(l.at[0], l.at[2], -l.at[1]), el });
            else anchors.delete(l.key);
          }}
        >
          {l.text}
        </div>
      ))}
    </div>
  );
}

/** Inside the canvas: project every anchor after each rendered frame. */
export function LabelProjector() {
  useFrame(({ camera, size }) => {
    for (const a of anchors.values()) {
      if (!a.el) continue;
      v.copy(a.pos).project(camera);
      if (v.z > 1 || v.z < -1 || Math.abs(v.x) > 1.2 || Math.abs(v.y) > 1.2) {
        a.el.style.display = 'none';
        continue;
      }
      a.el.style.display = '';
      const x = ((v.x + 1) / 2) * size.width;
      const y = ((1 - v.y) / 2) * size.height;
      a.el.style.transform = `translate(-50%, -50%) translate(${x.toFixed(1)}px, ${y.toFixed(1)}px)`;
    }
  });
  return null;
}
