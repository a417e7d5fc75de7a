import { useThree } from '@react-three/fiber';
import { useEffect, useRef } from 'react';
import * as THREE from 'three';
import type { Finding } from '../../workers/findings';
import { getKind } from '../catalog/registry';
import type { LookPart } from '../catalog/types';
import type { Equipment, Props } from '../model/document';
import { DEG } from '../model/geometry';
import { store } from '../app/instance';
import { airflowFindings, type EditorState } from '../store/store';
import { shownAirflow, subscribeShownAirflow } from './airflowShown';
import { thermalColour } from './thermalColours';

/**
 * All equipment drawn as two instanced meshes (opaque and glass): every look part of every record is
 * one instance of a unit box, its colour carried per instance. Updates are imperative from a store
 * subscription — a drag touches only the moved records' matrices and never re-renders React.
 */
const lookCache = new WeakMap<Props, LookPart[]>();
function partsOf(e: Equipment): LookPart[] {
  let parts = lookCache.get(e.props);
  if (!parts) {
    const k = getKind(e.kind);
    parts = k ? k.look(e.props) : [{ name: 'body', offset: [0, 0, e.props.heightM / 2], size: [e.props.widthM, e.props.depthM, e.props.heightM], color: '#888888' }];
    lookCache.set(e.props, parts);
  }
  return parts;
}

const HIGHLIGHT = {
  selected: new THREE.Color('#ff9f1c'),
  failed: new THREE.Color('#202020'),
  critical: new THREE.Color('#ff2020'),
  warning: new THREE.Color('#ffd000'),
};

class Layer {
  mesh: THREE.InstancedMesh;
  capacity = 0;
  count = 0;
  /** equipment index owning each instance */
  owners = new Int32Array(0);
  constructor(
    private readonly group: THREE.Group,
    private readonly material: THREE.Material,
    private readonly geometry: THREE.BufferGeometry,
  ) {
    this.mesh = this.make(1024);
  }
  private make(capacity: number): THREE.InstancedMesh {
    const m = new THREE.InstancedMesh(this.geometry, this.material, capacity);
    m.instanceMatrix.setUsage(THREE.DynamicDrawUsage);
    m.setColorAt(0, new THREE.Color());
    m.instanceColor!.setUsage(THREE.DynamicDrawUsage);
    m.count = 0;
    m.frustumCulled = false;
    this.capacity = capacity;
    this.owners = new Int32Array(capacity);
    return m;
  }
  ensure(n: number) {
    if (n <= this.capacity) return;
    this.group.remove(this.mesh);
    this.mesh.dispose();
    this.mesh = this.make(Math.ceil(n * 1.5));
    this.group.add(this.mesh);
  }
}

const tmpEq = new THREE.Matrix4();
const tmpPart = new THREE.Matrix4();
const tmpQ = new THREE.Quaternion();
const tmpPos = new THREE.Vector3();
const tmpScale = new THREE.Vector3();
const UP = new THREE.Vector3(0, 1, 0);
const tmpColor = new THREE.Color();
const tmpHeat = new THREE.Color();

export class InstanceSync {
  solid: Layer;
  glass: Layer;
  private eq: Equipment[] = [];
  /** per equipment: [layer (0 solid, 1 glass), instance index] pairs */
  private slots: number[][] = [];
  constructor(group: THREE.Group) {
    const geo = new THREE.BoxGeometry(1, 1, 1);
    this.solid = new Layer(group, new THREE.MeshStandardMaterial({ roughness: 0.65, metalness: 0.15 }), geo);
    this.glass = new Layer(
      group,
      new THREE.MeshStandardMaterial({ transparent: true, opacity: 0.22, depthWrite: false, roughness: 0.1, metalness: 0 }),
      geo,
    );
    group.add(this.solid.mesh, this.glass.mesh);
  }

  idAt(instanceId: number): string | null {
    const i = this.solid.owners[instanceId];
    return this.eq[i]?.id ?? null;
  }

  rebuild(s: EditorState) {
    this.eq = s.doc.equipment;
    let ns = 0,
      ng = 0;
    for (const e of this.eq) for (const p of partsOf(e)) p.role === 'glass' ? ng++ : ns++;
    this.solid.ensure(ns);
    this.glass.ensure(ng);
    this.solid.count = 0;
    this.glass.count = 0;
    this.slots = new Array(this.eq.length);
    this.eq.forEach((e, i) => {
      const slots: number[] = [];
      for (const p of partsOf(e)) {
        const layer = p.role === 'glass' ? this.glass : this.solid;
        const idx = layer.count++;
        layer.owners[idx] = i;
        slots.push(layer === this.glass ? 1 : 0, idx);
      }
      this.slots[i] = slots;
      this.write(i);
    });
    this.solid.mesh.count = this.solid.count;
    this.glass.mesh.count = this.glass.count;
    this.recolor(s);
    this.flush();
  }

  /** Update after a document change: in place when the same records moved or changed, else rebuild. */
  update(s: EditorState) {
    const next = s.doc.equipment;
    if (next.length !== this.eq.length) return this.rebuild(s);
    const changed: number[] = [];
    for (let i = 0; i < next.length; i++) {
      if (next[i] === this.eq[i]) continue;
      if (next[i].id !== this.eq[i].id || partsOf(next[i]).length !== partsOf(this.eq[i]).length) return this.rebuild(s);
      const a = partsOf(next[i]);
      const b = partsOf(this.eq[i]);
      for (let j = 0; j < a.length; j++) if ((a[j].role === 'glass') !== (b[j].role === 'glass')) return this.rebuild(s);
      changed.push(i);
    }
    this.eq = next;
    for (const i of changed) this.write(i);
    // only the changed records can have new colours (edited props); a drag must not repaint 20,000 boxes
    this.recolor(s, changed);
    this.flush();
  }

  private write(i: number) {
    const e = this.eq[i];
    tmpQ.setFromAxisAngle(UP, e.rotationDeg * DEG);
    tmpEq.compose(tmpPos.set(e.position[0], e.position[2], -e.position[1]), tmpQ, tmpScale.set(1, 1, 1));
    const parts = partsOf(e);
    const slots = this.slots[i];
    for (let j = 0; j < parts.length; j++) {
      const p = parts[j];
      tmpPart.makeScale(Math.max(p.size[0], 1e-3), Math.max(p.size[2], 1e-3), Math.max(p.size[1], 1e-3));
      tmpPart.setPosition(p.offset[0], p.offset[2], -p.offset[1]);
      tmpPart.premultiply(tmpEq);
      (slots[2 * j] ? this.glass : this.solid).mesh.setMatrixAt(slots[2 * j + 1], tmpPart);
    }
  }

  /** Colour instances from selection, findings, failure scenario and inlet temperatures; `only` limits it to those records. */
  recolor(s: EditorState, only?: readonly number[]) {
    const c = colourInputs(s);
    const sel = new Set(c.selection);
    const sev = severityBySubject(c.findings, c.airFindings);
    const failed = new Set(c.scenario?.failed ?? []);
    // racks and miners coloured by their inlet temperature when the airflow overlay is on
    const inlet = new Map<string, number>();
    if (c.inlets) for (const h of c.inlets.halls) for (const r of h.racks) inlet.set(r.id, r.inletMaxC);
    for (const i of only ?? this.eq.keys()) {
      const e = this.eq[i];
      const parts = partsOf(e);
      const slots = this.slots[i];
      const mark = sel.has(e.id) ? 'selected' : failed.has(e.id) ? 'failed' : sev.get(e.id);
      const tIn = inlet.get(e.id);
      for (let j = 0; j < parts.length; j++) {
        tmpColor.set(parts[j].color);
        // body fully in the temperature colour; doors and details keep a hint of their own colour
        if (tIn !== undefined && parts[j].role !== 'glass') tmpColor.lerp(thermalColour(tIn, tmpHeat), parts[j].role === 'body' ? 1 : 0.65);
        if (mark) tmpColor.lerp(HIGHLIGHT[mark], mark === 'selected' ? 0.6 : mark === 'failed' ? 0.75 : 0.55);
        (slots[2 * j] ? this.glass : this.solid).mesh.setColorAt(slots[2 * j + 1], tmpColor);
      }
    }
  }

  flush() {
    for (const l of [this.solid, this.glass]) {
      l.mesh.instanceMatrix.needsUpdate = true;
      if (l.mesh.instanceColor) l.mesh.instanceColor.needsUpdate = true;
      l.mesh.computeBoundingSphere();
    }
  }
}

/**
 * Everything the instance colours depend on besides the equipment itself. Airflow parts come from the
 * result the scene shows (airflowShown.ts), so the racks change colour in the same frame as the slice.
 */
function colourInputs(s: EditorState) {
  const air = shownAirflow();
  return {
    selection: s.selection,
    findings: s.analysis.findings,
    airFindings: airflowFindings(s, air),
    scenario: s.scenario,
    inlets: s.thermal.on && s.thermal.colourRacks ? air : null,
  };
}
type ColourInputs = ReturnType<typeof colourInputs>;
const sameInputs = (a: ColourInputs, b: ColourInputs) =>
  a.selection === b.selection && a.findings === b.findings && a.airFindings === b.airFindings && a.scenario === b.scenario && a.inlets === b.inlets;

function severityBySubject(...lists: (Finding[] | null)[]): Map<string, 'critical' | 'warning'> {
  const m = new Map<string, 'critical' | 'warning'>();
  for (const findings of lists) {
    for (const f of findings ?? []) {
      if (f.severity === 'info') continue;
      for (const id of f.subjects) {
        if (f.severity === 'critical' || !m.has(id)) m.set(id, f.severity);
      }
    }
  }
  return m;
}

/** The single live InstanceSync, for picking from the interaction layer. */
export const instances: { current: InstanceSync | null } = { current: null };

export function EquipmentInstances() {
  const group = useRef<THREE.Group>(null);
  const invalidate = useThree((s) => s.invalidate);
  useEffect(() => {
    const sync = new InstanceSync(group.current!);
    instances.current = sync;
    sync.rebuild(store.getState());
    let inputs = colourInputs(store.getState());
    invalidate();
    // repaint (and redraw: a whole frame) only when a colour can have changed — not on airflow
    // progress, nor when live airflow is switched on before it has a result
    const recolorIfChanged = () => {
      const s = store.getState();
      const next = colourInputs(s);
      if (sameInputs(next, inputs)) return;
      inputs = next;
      sync.recolor(s);
      sync.flush();
      invalidate();
    };
    const unsub = store.subscribe((s, prev) => {
      if (s.doc.equipment !== prev.doc.equipment) {
        inputs = colourInputs(s);
        sync.update(s);
        invalidate();
      } else recolorIfChanged();
    });
    const unsubAir = subscribeShownAirflow(recolorIfChanged);
    return () => {
      unsub();
      unsubAir();
      instances.current = null;
      group.current?.clear();
    };
  }, [invalidate]);
  return <group ref={group} name="equipment" />;
}
