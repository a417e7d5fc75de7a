import { Grid, MapControls, OrbitControls, OrthographicCamera, PerspectiveCamera } from '@react-three/drei';
import { Canvas, useThree } from '@react-three/fiber';
import { useEffect, useRef, useState } from 'react';
import * as THREE from 'three';
import { editor, store, useEditor, viewportBridge } from '../app/instance';
import { getKind } from '../catalog/registry';
import type { LayoutDoc } from '../model/document';
import { boxAabb } from '../model/geometry';
import { equipmentBox } from '../model/ops';
import { BenchHook } from './BenchHook';
import { Building } from './Building';
import { ConnectionLines } from './ConnectionLines';
import { PipeLoops } from './PipeLoops';
import { ThermalSlice } from './ThermalSlice';
import { AirflowArrows } from './AirflowArrows';
import { ThermalWarmup } from './ThermalWarmup';
import { EquipmentInstances, instances } from './EquipmentInstances';
import { LabelProjector, LabelsOverlay } from './Labels';

type Controls = { enabled: boolean; target: THREE.Vector3; update: () => void };

function docBounds(doc: LayoutDoc, ids?: ReadonlySet<string>) {
  let minX = Infinity,
    minY = Infinity,
    maxX = -Infinity,
    maxY = -Infinity,
    maxZ = 0;
  const add = (x: number, y: number) => {
    minX = Math.min(minX, x);
    minY = Math.min(minY, y);
    maxX = Math.max(maxX, x);
    maxY = Math.max(maxY, y);
  };
  if (ids) {
    for (const e of doc.equipment) {
      if (!ids.has(e.id)) continue;
      const a = boxAabb(equipmentBox(e));
      add(a.minX, a.minY);
      add(a.maxX, a.maxY);
      maxZ = Math.max(maxZ, e.position[2] + e.props.heightM);
    }
  } else {
    for (const h of doc.halls) for (const [x, y] of h.outline) add(x, y);
    for (const e of doc.equipment) {
      const a = boxAabb(equipmentBox(e));
      add(a.minX, a.minY);
      add(a.maxX, a.maxY);
    }
  }
  if (!Number.isFinite(minX)) return null;
  return { minX, minY, maxX, maxY, maxZ };
}

/** Pointer handling: DOM listeners on the canvas, in the capture phase so they run before the camera controls. */
function Interaction() {
  const { camera, gl, controls, invalidate } = useThree() as unknown as {
    camera: THREE.Camera;
    gl: THREE.WebGLRenderer;
    controls: Controls | null;
    invalidate: () => void;
  };
  useEffect(() => {
    const el = gl.domElement;
    const ray = new THREE.Raycaster();
    const plane = new THREE.Plane(new THREE.Vector3(0, 1, 0), 0);
    const hit = new THREE.Vector3();
    const ndc = (cx: number, cy: number) => {
      const r = el.getBoundingClientRect();
      return new THREE.Vector2(((cx - r.left) / r.width) * 2 - 1, -((cy - r.top) / r.height) * 2 + 1);
    };
    const toFloor = (cx: number, cy: number): [number, number] | null => {
      ray.setFromCamera(ndc(cx, cy), camera);
      return ray.ray.intersectPlane(plane, hit) ? [hit.x, -hit.z] : null;
    };
    const pick = (cx: number, cy: number): string | null => {
      const inst = instances.current;
      if (!inst || inst.solid.mesh.count === 0) return null;
      ray.setFromCamera(ndc(cx, cy), camera);
      const hits = ray.intersectObject(inst.solid.mesh, false);
      return hits.length && hits[0].instanceId !== undefined ? inst.idAt(hits[0].instanceId) : null;
    };
    viewportBridge.screenToFloor = toFloor;
    viewportBridge.floorToScreen = (x, y, z = 0) => {
      const v = new THREE.Vector3(x, z, -y).project(camera);
      const r = el.getBoundingClientRect();
      return [r.left + ((v.x + 1) / 2) * r.width, r.top + ((1 - v.y) / 2) * r.height];
    };
    viewportBridge.invalidate = invalidate;
    let mode: 'none' | 'editor' | 'orbit' = 'none';
    let down: { x: number; y: number } | null = null;
    /** metres per pixel near the pointer, to turn a 4-px drag threshold into metres */
    const mPerPx = (cx: number, cy: number) => {
      const a = toFloor(cx, cy);
      const b = toFloor(cx + 4, cy);
      return a && b ? Math.hypot(b[0] - a[0], b[1] - a[1]) / 4 : 0.02;
    };
    const onDown = (ev: PointerEvent) => {
      if (ev.button !== 0) return;
      const p = toFloor(ev.clientX, ev.clientY);
      if (!p) return;
      const s = store.getState();
      const hitId = s.tool.type !== 'place' ? pick(ev.clientX, ev.clientY) : null;
      down = { x: ev.clientX, y: ev.clientY };
      editor.dragThresholdM = 4 * mPerPx(ev.clientX, ev.clientY);
      if (s.tool.type !== 'select' || hitId || ev.shiftKey || s.view === 'plan') {
        mode = 'editor';
        if (controls) controls.enabled = false;
        el.setPointerCapture(ev.pointerId);
        editor.pointerDown({ x: p[0], y: p[1], shift: ev.shiftKey, hitId });
      } else {
        mode = 'orbit'; // 3D view: a drag on empty floor orbits; a click clears the selection
      }
    };
    const onMove = (ev: PointerEvent) => {
      if (mode !== 'editor') return;
      const p = toFloor(ev.clientX, ev.clientY);
      if (p) editor.pointerMove({ x: p[0], y: p[1], shift: ev.shiftKey });
    };
    const onUp = (ev: PointerEvent) => {
      if (ev.button !== 0) return;
      const p = toFloor(ev.clientX, ev.clientY);
      if (mode === 'editor') {
        editor.pointerUp(p ? { x: p[0], y: p[1], shift: ev.shiftKey } : undefined);
        if (controls) controls.enabled = true;
      } else if (mode === 'orbit' && down && Math.hypot(ev.clientX - down.x, ev.clientY - down.y) < 4 && !ev.shiftKey) {
        store.getState().select([]);
      }
      mode = 'none';
      down = null;
      invalidate();
    };
    el.addEventListener('pointerdown', onDown, { capture: true });
    el.addEventListener('pointermove', onMove);
    el.addEventListener('pointerup', onUp);
    el.addEventListener('pointercancel', onUp);
    return () => {
      el.removeEventListener('pointerdown', onDown, { capture: true });
      el.removeEventListener('pointermove', onMove);
      el.removeEventListener('pointerup', onUp);
      el.removeEventListener('pointercancel', onUp);
      viewportBridge.screenToFloor = null;
    };
  }, [camera, gl, controls, invalidate]);
  return null;
}

/** The selection rectangle while box-selecting, drawn on the floor. */
function Brush() {
  const [rect, setRect] = useState<{ minX: number; minY: number; maxX: number; maxY: number } | null>(null);
  const invalidate = useThree((s) => s.invalidate);
  useEffect(() => {
    editor.onBrush = (r) => {
      setRect(r);
      invalidate();
    };
    return () => {
      editor.onBrush = undefined;
    };
  }, [invalidate]);
  if (!rect) return null;
  const w = rect.maxX - rect.minX;
  const d = rect.maxY - rect.minY;
  return (
    <mesh position={[(rect.minX + rect.maxX) / 2, 0.05, -(rect.minY + rect.maxY) / 2]} rotation={[-Math.PI / 2, 0, 0]}>
      <planeGeometry args={[Math.max(w, 0.01), Math.max(d, 0.01)]} />
      <meshBasicMaterial color="#2f7bff" transparent opacity={0.18} depthWrite={false} />
    </mesh>
  );
}

/** Frames requested ids (finding click, outline double-click) or the whole site on open. */
function Framer() {
  const { camera: camera0, controls, invalidate, size } = useThree() as unknown as {
    camera: THREE.PerspectiveCamera | THREE.OrthographicCamera;
    controls: Controls | null;
    invalidate: () => void;
    size: { width: number; height: number };
  };
  const frame = useEditor((s) => s.frame);
  const doc = useEditor((s) => s.committed);
  const savedDoc = useEditor((s) => s.savedDoc);
  const view = useEditor((s) => s.view);
  const lastOpened = useRef<{ doc: LayoutDoc; controls: Controls } | null>(null);
  const fit = (b: NonNullable<ReturnType<typeof docBounds>>, pad: number) => {
    if (!controls) return;
    // move the camera the controls drive (the default camera may have just been swapped)
    const camera = ((controls as unknown as { object?: THREE.Camera }).object ?? camera0) as THREE.PerspectiveCamera | THREE.OrthographicCamera;
    const cx = (b.minX + b.maxX) / 2;
    const cy = (b.minY + b.maxY) / 2;
    const span = Math.max(b.maxX - b.minX, b.maxY - b.minY, 3) * pad;
    controls.target.set(cx, 0, -cy);
    if ((camera as THREE.OrthographicCamera).isOrthographicCamera) {
      const cam = camera as THREE.OrthographicCamera;
      cam.position.set(cx, 200, -cy);
      cam.zoom = Math.min(size.width / ((b.maxX - b.minX) * pad + 2), size.height / ((b.maxY - b.minY) * pad + 2));
      cam.updateProjectionMatrix();
    } else {
      // far enough that the span fills the view: d = (span / 2) / tan(fov / 2), seen from the south-south-east
      const fov = ((camera as THREE.PerspectiveCamera).fov ?? 45) * (Math.PI / 180);
      const aspect = size.width / Math.max(1, size.height);
      const d = (span / 2 / Math.tan(fov / 2)) * Math.max(1, 1.2 / aspect) * 0.9;
      const dir = new THREE.Vector3(0.3, 0.75, 0.6).normalize();
      camera.position.set(cx + dir.x * d, b.maxZ + dir.y * d, -cy + dir.z * d);
    }
    controls.update();
    invalidate();
  };
  useEffect(() => {
    // a newly opened document: frame the whole site
    // frame once per (opened document, camera controls): controls are re-created when the view switches
    if (!controls || (savedDoc === lastOpened.current?.doc && controls === lastOpened.current?.controls)) return;
    if (store.temporal.getState().pastStates.length === 0 && doc === savedDoc) {
      lastOpened.current = { doc: savedDoc, controls };
      const b = docBounds(doc);
      if (b) fit(b, 1.08);
    }
  }, [savedDoc, controls, view]);
  useEffect(() => {
    if (!frame) return;
    const doc = store.getState().doc;
    let b = docBounds(doc, new Set(frame.ids));
    // pipe loops (by loop id) frame their route
    for (const l of doc.pipeLoops) {
      if (!frame.ids.includes(l.id) && !frame.ids.some((id) => id.startsWith(`${l.id}:`))) continue;
      for (const p of [...l.supply.path, ...l.return.path]) {
        b = b ?? { minX: p[0], minY: p[1], maxX: p[0], maxY: p[1], maxZ: p[2] };
        b = { minX: Math.min(b.minX, p[0]), minY: Math.min(b.minY, p[1]), maxX: Math.max(b.maxX, p[0]), maxY: Math.max(b.maxY, p[1]), maxZ: Math.max(b.maxZ, p[2]) };
      }
    }
    if (frame.at) {
      const [x, y, z] = frame.at;
      b = { minX: x - 1.5, minY: y - 1.5, maxX: x + 1.5, maxY: y + 1.5, maxZ: z };
    }
    if (b) fit(b, 4);
  }, [frame]);
  return null;
}

function Cameras() {
  const view = useEditor((s) => s.view);
  return view === 'plan' ? (
    <>
      <OrthographicCamera makeDefault position={[30, 200, -15]} up={[0, 0, -1]} zoom={10} near={0.1} far={1000} />
      <MapControls
        makeDefault
        enableRotate={false}
        screenSpacePanning
        mouseButtons={{ LEFT: THREE.MOUSE.PAN, MIDDLE: THREE.MOUSE.DOLLY, RIGHT: THREE.MOUSE.PAN }}
      />
    </>
  ) : (
    <>
      <PerspectiveCamera makeDefault position={[30, 40, 40]} fov={45} near={0.1} far={3000} />
      <OrbitControls makeDefault maxPolarAngle={Math.PI / 2 - 0.02} enableDamping={false} />
    </>
  );
}

export function Viewport() {
  const onDragOver = (e: React.DragEvent) => {
    if (e.dataTransfer.types.includes('application/x-retrofit-model')) {
      e.preventDefault();
      e.dataTransfer.dropEffect = 'copy';
    }
  };
  const onDrop = (e: React.DragEvent) => {
    const data = e.dataTransfer.getData('application/x-retrofit-model');
    if (!data) return;
    e.preventDefault();
    e.stopPropagation();
    const p = viewportBridge.screenToFloor?.(e.clientX, e.clientY);
    if (!p) return;
    const { kind, model } = JSON.parse(data) as { kind: string; model: string };
    if (!getKind(kind)) return;
    store.getState().setTool({ type: 'place', kind, model });
    editor.pointerDown({ x: p[0], y: p[1] });
  };
  return (
    <div className="viewport" onDragOver={onDragOver} onDrop={onDrop}>
      <Canvas
        frameloop="demand"
        dpr={[1, 2]}
        gl={{ antialias: true, preserveDrawingBuffer: true }}
        onCreated={({ gl }) => {
          gl.setClearColor('#dfe6ee');
          gl.domElement.setAttribute('aria-label', '3D view of the layout');
          gl.domElement.setAttribute('role', 'img');
        }}
      >
        <Cameras />
        <hemisphereLight args={['#ffffff', '#8d9199', 1.4]} />
        <directionalLight position={[40, 80, 30]} intensity={1.6} />
        <directionalLight position={[-50, 40, -40]} intensity={0.5} />
        <Grid
          position={[0, 0.02, 0]}
          infiniteGrid
          cellSize={1}
          sectionSize={10}
          cellColor="#9aa3ad"
          sectionColor="#5d6875"
          fadeDistance={400}
          cellThickness={0.5}
          sectionThickness={1}
        />
        <mesh rotation={[-Math.PI / 2, 0, 0]} position={[0, -0.02, 0]}>
          <planeGeometry args={[4000, 4000]} />
          <meshStandardMaterial color="#cfd6cc" roughness={1} />
        </mesh>
        <Building />
        <EquipmentInstances />
        <ConnectionLines />
        <PipeLoops />
        <ThermalSlice />
        <AirflowArrows />
        <ThermalWarmup />
        <LabelProjector />
        <Brush />
        <Interaction />
        <Framer />
        <BenchHook />
      </Canvas>
      <LabelsOverlay />
    </div>
  );
}
