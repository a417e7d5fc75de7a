import { createStore, type StoreApi } from 'zustand/vanilla';
import { temporal, type TemporalState } from 'zundo';
import type { EngineResult, Finding, Figure } from '../../workers/findings';
import type { AirflowResult } from '../../workers/airflow/engine';
import type { AirflowResolution } from '../../workers/airflow/layout';
import { getKind, resolveModel, type CustomModel } from '../catalog/registry';
import type { Connection, Equipment, Hall, LayoutDoc, PipeLoop, Props, Settings, Site } from '../model/document';
import { connectionProblem, nextConnectionId } from '../model/power';
import { tapRacks } from '../model/pipeEdit';
import type { Vec2 } from '../model/geometry';
import {
  addEquipment,
  arrayCopies,
  makeEquipment,
  makeIdAllocator,
  mapEquipment,
  removeEquipment,
  rotateEquipment,
  setPositions,
  type PlaceSpec,
} from '../model/ops';
import type { UnitSystem } from '../units';

export type Tool =
  | { type: 'select' }
  | { type: 'place'; kind: string; model: string }
  /** connect power: click the load (downstream), then its source (upstream) */
  | { type: 'connect'; side: 'A' | 'B'; pendingTo: string | null }
  /** draw a pipe loop: click its CDU, then route points (orthogonal); Enter finishes, Backspace undoes a point */
  | { type: 'pipe'; cduId: string | null; route: [number, number][]; elevationM: number };

export interface AnalysisState {
  status: 'idle' | 'running' | 'done' | 'error';
  runId: number;
  findings: Finding[];
  figures: Figure[];
  /** per-engine results (engine-specific summaries such as `power` ride along) */
  results: EngineResult[];
  elapsedMs: number;
  error?: string;
}

/** Live airflow (its own worker): the latest result, coarse first then refined. */
export interface AirflowState {
  status: 'off' | 'running' | 'done' | 'error';
  /** the stage being solved now */
  stage: 'coarse' | 'final';
  step: number;
  result: AirflowResult | null;
  /** which stage `result` comes from (preview: the first steps of the coarse solve after an edit) */
  resultStage: 'preview' | 'coarse' | 'final' | null;
  /** the document changed since `result` was computed */
  stale: boolean;
  elapsedMs: number;
  error?: string;
}

export interface Notice {
  kind: 'error' | 'info';
  title: string;
  details: string[];
}

/** View state: never part of the shared document, never in undo history. */
export interface ViewState {
  units: UnitSystem;
  view: '3d' | 'plan';
  labels: boolean;
  cutaway: boolean;
  /** editor snapping grid, metres */
  gridM: number;
  snap: boolean;
  /** draw power links in 3D */
  links: boolean;
  /** the one-line diagram drawer is open */
  drawer: boolean;
  /** the "new empty hall" dialog is open */
  newHallOpen: boolean;
  /** pipe colours: supply/return, or the solved velocity */
  pipeColour: 'role' | 'velocity';
  /** live thermal analysis settings and the overlays drawn from it */
  thermal: {
    on: boolean;
    resolution: AirflowResolution;
    /** colour racks by inlet temperature */
    colourRacks: boolean;
    /** airflow arrows on the horizontal slice plane */
    arrows: boolean;
    slice: 'off' | 'horizontal' | 'vertical';
    /** horizontal slice height, m; vertical slice at plan y, m */
    sliceZ: number;
    sliceY: number;
  };
  /** a failure scenario shown live instead of normal operation (power what-if) */
  scenario: { key: string; label: string; failed: string[] } | null;
  kindFilter: string | null;
}

export interface EditorState extends ViewState {
  /** the live document (changes on every pointer move during a drag; the scene follows it imperatively) */
  doc: LayoutDoc;
  /**
   * The document as of the last finished edit: equals `doc` except during a drag. Panels render from
   * it, so a drag causes no React render per pointer move.
   */
  committed: LayoutDoc;
  /** the document as last opened or saved; dirty = doc !== savedDoc */
  savedDoc: LayoutDoc;
  selection: string[];
  tool: Tool;
  analysis: AnalysisState;
  notice: Notice | null;
  /** bumped to ask the scene to frame these ids */
  frame: { ids: string[]; at?: [number, number, number]; n: number } | null;

  // document actions (undoable)
  place(spec: PlaceSpec): string;
  moveTo(positions: ReadonlyMap<string, Vec2>): void;
  nudge(dx: number, dy: number): void;
  rotateSelection(deltaDeg: number): void;
  setRotation(id: string, deg: number): void;
  duplicateSelection(offset?: Vec2): void;
  deleteSelection(): void;
  arraySelection(count: number, pitchM: number): void;
  updateProps(id: string, patch: Partial<Props>): void;
  updateEquipment(id: string, patch: Partial<Pick<Equipment, 'name' | 'position' | 'hallId'>>): void;
  updateSite(patch: Partial<Site>): void;
  updateHall(id: string, patch: Partial<Hall>): void;
  updateSettings(patch: Partial<Settings>): void;
  /** add a power connection from (upstream) → to (downstream); returns why not, or null when added */
  connectPower(from: string, to: string, side: 'A' | 'B' | null): string | null;
  addConnections(list: Connection[]): void;
  addLoop(loop: PipeLoop): void;
  updateLoop(id: string, fn: (l: PipeLoop) => PipeLoop | null): string | null;
  removeLoop(id: string): void;
  /** tap racks into a pipe loop at the nearest points of its mains; returns how many were tapped */
  tapIntoLoop(loopId: string, rackIds: string[]): number;
  /** add several catalog items as one undoable step; returns their ids */
  placeMany(specs: PlaceSpec[]): string[];
  removeConnections(ids: string[]): void;
  /** set (or, with undefined, remove) props of a connection */
  updateConnection(id: string, patch: Record<string, number | string | boolean | undefined>): void;
  deriveModel(id: string, name: string): string;
  /** Rewrite a custom model from an item's current props (and rename it); other items keep their own props. */
  updateCustomModel(modelId: string, fromId: string, name?: string): void;
  // document actions (not undoable)
  openDocument(doc: LayoutDoc, notice?: Notice | null): void;
  markSaved(): void;
  // transient edits (a drag): begin → update* → commit (one undo step) | cancel
  beginTransient(): void;
  updateTransient(fn: (doc: LayoutDoc) => LayoutDoc): void;
  commitTransient(): void;
  cancelTransient(): void;
  // view/selection (not undoable)
  select(ids: string[], mode?: 'replace' | 'add' | 'toggle'): void;
  setTool(tool: Tool): void;
  setView(patch: Partial<ViewState>): void;
  setAnalysis(a: Partial<AnalysisState>): void;
  airflow: AirflowState;
  setAirflow(a: Partial<AirflowState>): void;
  setThermal(t: Partial<EditorState['thermal']>): void;
  setNotice(n: Notice | null): void;
  /** frame equipment (and/or a plan point with elevation) in the 3D view */
  frameIds(ids: string[], at?: [number, number, number]): void;
}

export type EditorStore = StoreApi<EditorState> & {
  temporal: StoreApi<TemporalState<{ doc: LayoutDoc }>>;
};

export const HISTORY_LIMIT = 200;

export function createEditorStore(initial: LayoutDoc): EditorStore {
  let snapshot: LayoutDoc | null = null;
  const store = createStore<EditorState>()(
    temporal(
      (set, get) => {
        /** Apply a document change as one named, undoable step (kept selection valid). */
        const edit = (fn: (doc: LayoutDoc) => LayoutDoc) => {
          const doc = get().doc;
          const next = fn(doc);
          if (next !== doc) set({ doc: next });
        };
        const selSet = () => new Set(get().selection);
        return {
          doc: initial,
          committed: initial,
          savedDoc: initial,
          selection: [],
          tool: { type: 'select' },
          units: 'metric',
          view: '3d',
          labels: true,
          cutaway: true,
          gridM: 0.1,
          snap: true,
          links: true,
          drawer: false,
          newHallOpen: false,
          pipeColour: 'role',
          kindFilter: null,
          analysis: { status: 'idle', runId: 0, findings: [], figures: [], results: [], elapsedMs: 0 },
          scenario: null,
          thermal: { on: false, resolution: 'normal', colourRacks: true, arrows: false, slice: 'horizontal', sliceZ: 1.5, sliceY: 10 },
          airflow: { status: 'off', stage: 'coarse', step: 0, result: null, resultStage: null, stale: false, elapsedMs: 0 },
          notice: null,
          frame: null,

          place(spec) {
            const doc = get().doc;
            const id = makeIdAllocator(doc)(spec.kind);
            const e = makeEquipment(doc, spec, id);
            set({ doc: addEquipment(doc, [e]), selection: [id] });
            return id;
          },
          moveTo(positions) {
            edit((d) => setPositions(d, positions));
          },
          nudge(dx, dy) {
            const ids = selSet();
            if (!ids.size) return;
            const pos = new Map<string, Vec2>();
            for (const e of get().doc.equipment) if (ids.has(e.id)) pos.set(e.id, [round(e.position[0] + dx), round(e.position[1] + dy)]);
            edit((d) => setPositions(d, pos));
          },
          rotateSelection(deltaDeg) {
            edit((d) => rotateEquipment(d, selSet(), deltaDeg));
          },
          setRotation(id, deg) {
            edit((d) => mapEquipment(d, new Set([id]), (e) => (e.rotationDeg === deg ? e : { ...e, rotationDeg: deg })));
          },
          duplicateSelection(offset = [1, 1]) {
            const doc = get().doc;
            const ids = selSet();
            const alloc = makeIdAllocator(doc);
            const copies = doc.equipment
              .filter((e) => ids.has(e.id))
              .map((e) => {
                const id = alloc(e.kind);
                return { ...e, id, name: id, position: [round(e.position[0] + offset[0]), round(e.position[1] + offset[1]), e.position[2]] } as Equipment;
              });
            if (!copies.length) return;
            set({ doc: addEquipment(doc, copies), selection: copies.map((c) => c.id) });
          },
          deleteSelection() {
            const ids = selSet();
            if (!ids.size) return;
            set({ doc: removeEquipment(get().doc, ids), selection: [] });
          },
          arraySelection(count, pitchM) {
            const doc = get().doc;
            const src = doc.equipment.find((e) => e.id === get().selection[0]);
            if (!src || !(count >= 1) || !Number.isFinite(pitchM)) return;
            const n = Math.min(Math.floor(count), 2000);
            const copies = arrayCopies(doc, src, n, pitchM, makeIdAllocator(doc));
            set({ doc: addEquipment(doc, copies), selection: [src.id, ...copies.map((c) => c.id)] });
          },
          updateProps(id, patch) {
            edit((d) => mapEquipment(d, new Set([id]), (e) => ({ ...e, props: { ...e.props, ...patch } as Props })));
          },
          updateEquipment(id, patch) {
            edit((d) => mapEquipment(d, new Set([id]), (e) => ({ ...e, ...patch })));
          },
          updateSite(patch) {
            edit((d) => ({ ...d, site: { ...d.site, ...patch } }));
          },
          updateHall(id, patch) {
            edit((d) => ({ ...d, halls: d.halls.map((h) => (h.id === id ? { ...h, ...patch } : h)) }));
          },
          updateSettings(patch) {
            edit((d) => ({ ...d, settings: { ...d.settings, ...patch } }));
          },
          connectPower(from, to, side) {
            const doc = get().doc;
            const why = connectionProblem(doc, from, to);
            if (why) return why;
            const c: Connection = { id: nextConnectionId(doc)('power'), kind: 'power', from, to, props: side ? { side } : {} };
            set({ doc: { ...doc, connections: [...doc.connections, c] } });
            return null;
          },
          placeMany(specs) {
            const doc = get().doc;
            const alloc = makeIdAllocator(doc);
            const items = specs.map((sp) => makeEquipment(doc, sp, alloc(sp.kind)));
            if (items.length) set({ doc: addEquipment(doc, items), selection: items.map((e) => e.id) });
            return items.map((e) => e.id);
          },
          addLoop(loop) {
            edit((d) => ({ ...d, pipeLoops: [...d.pipeLoops, loop] }));
          },
          updateLoop(id, fn) {
            const doc = get().doc;
            const l = doc.pipeLoops.find((x) => x.id === id);
            if (!l) return 'no such loop';
            const n = fn(l);
            if (!n) return 'that edit would leave the loop without a valid route';
            if (n !== l) set({ doc: { ...doc, pipeLoops: doc.pipeLoops.map((x) => (x.id === id ? n : x)) } });
            return null;
          },
          removeLoop(id) {
            edit((d) => ({ ...d, pipeLoops: d.pipeLoops.filter((l) => l.id !== id) }));
          },
          tapIntoLoop(loopId, rackIds) {
            const doc = get().doc;
            const r = tapRacks(doc, loopId, rackIds);
            if (r.tapped) set({ doc: { ...doc, pipeLoops: r.pipeLoops } });
            return r.tapped;
          },
          addConnections(list) {
            if (list.length) edit((d) => ({ ...d, connections: [...d.connections, ...list] }));
          },
          updateConnection(id, patch) {
            edit((d) => ({
              ...d,
              connections: d.connections.map((c) => {
                if (c.id !== id) return c;
                const props = { ...c.props };
                for (const [k, v] of Object.entries(patch)) {
                  if (v === undefined) delete props[k];
                  else props[k] = v;
                }
                return { ...c, props };
              }),
            }));
          },
          removeConnections(ids) {
            const drop = new Set(ids);
            edit((d) => (d.connections.some((c) => drop.has(c.id)) ? { ...d, connections: d.connections.filter((c) => !drop.has(c.id)) } : d));
          },
          deriveModel(id, name) {
            const doc = get().doc;
            const e = doc.equipment.find((x) => x.id === id);
            if (!e) return '';
            const base = resolveModel(e.kind, e.model, doc.customModels);
            const taken = new Set([...doc.customModels.map((m) => m.id), ...(getKind(e.kind)?.models.map((m) => m.id) ?? [])]);
            let n = 1;
            while (taken.has(`custom-${e.kind}-${n}`)) n++;
            const modelId = `custom-${e.kind}-${n}`;
            // store only the differences from the base model, so the custom model stays an edit of its base
            const diff: Record<string, number> = {};
            for (const [k, v] of Object.entries(e.props)) if (base?.props[k] !== v) diff[k] = v;
            const cm: CustomModel = { id: modelId, kind: e.kind, baseModel: e.model, name, props: diff };
            set({
              doc: {
                ...doc,
                customModels: [...doc.customModels, cm],
                equipment: doc.equipment.map((x) => (x.id === id ? { ...x, model: modelId } : x)),
              },
            });
            return modelId;
          },
          updateCustomModel(modelId, fromId, name) {
            const doc = get().doc;
            const cm = doc.customModels.find((m) => m.id === modelId);
            const e = doc.equipment.find((x) => x.id === fromId);
            if (!cm || !e) return;
            const base = resolveModel(cm.kind, cm.baseModel, doc.customModels);
            const diff: Record<string, number> = {};
            for (const [k, v] of Object.entries(e.props)) if (base?.props[k] !== v) diff[k] = v;
            set({
              doc: {
                ...doc,
                customModels: doc.customModels.map((m) => (m.id === modelId ? { ...m, name: name ?? m.name, props: diff } : m)),
              },
            });
          },
          openDocument(doc, notice = null) {
            snapshot = null;
            set({ doc, savedDoc: doc, selection: [], notice, tool: { type: 'select' } });
            store.temporal.getState().clear();
          },
          markSaved() {
            set({ savedDoc: get().doc });
          },
          beginTransient() {
            if (snapshot) return;
            snapshot = get().doc;
            store.temporal.getState().pause();
          },
          updateTransient(fn) {
            if (!snapshot) return;
            const d = get().doc;
            const n = fn(d);
            if (n !== d) set({ doc: n });
          },
          commitTransient() {
            if (!snapshot) return;
            const final = get().doc;
            const before = snapshot;
            snapshot = null;
            set({ doc: before });
            store.temporal.getState().resume();
            if (final !== before) set({ doc: final });
          },
          cancelTransient() {
            if (!snapshot) return;
            const before = snapshot;
            snapshot = null;
            set({ doc: before });
            store.temporal.getState().resume();
          },
          select(ids, mode = 'replace') {
            const cur = get().selection;
            if (mode === 'replace') set({ selection: [...new Set(ids)] });
            else if (mode === 'add') set({ selection: [...new Set([...cur, ...ids])] });
            else {
              const s = new Set(cur);
              for (const id of ids) {
                if (s.has(id)) s.delete(id);
                else s.add(id);
              }
              set({ selection: [...s] });
            }
          },
          setTool(tool) {
            set({ tool });
          },
          setView(patch) {
            set(patch);
          },
          setAnalysis(a) {
            set({ analysis: { ...get().analysis, ...a } });
          },
          setAirflow(a) {
            set({ airflow: { ...get().airflow, ...a } });
          },
          setThermal(t) {
            set({ thermal: { ...get().thermal, ...t } });
          },
          setNotice(n) {
            set({ notice: n });
          },
          frameIds(ids, at) {
            set({ frame: { ids, at, n: (get().frame?.n ?? 0) + 1 } });
          },
        };
      },
      {
        partialize: (s) => ({ doc: s.doc }),
        equality: (a, b) => a.doc === b.doc,
        limit: HISTORY_LIMIT,
      },
    ),
  ) as EditorStore;

  // Undo/redo restore only `doc`; drop selected ids that no longer exist; publish finished edits.
  store.subscribe((s, prev) => {
    if (!snapshot && s.committed !== s.doc) store.setState({ committed: s.doc });
    if (s.doc !== prev.doc && s.selection.length) {
      const ids = new Set(s.doc.equipment.map((e) => e.id));
      const kept = s.selection.filter((id) => ids.has(id));
      if (kept.length !== s.selection.length) store.setState({ selection: kept });
    }
  });
  return store;
}

function round(v: number): number {
  return Math.round(v * 1e6) / 1e6;
}

let lastFindings: { base: Finding[]; air: Finding[] | null; out: Finding[] } | null = null;

/** Live airflow's findings as the user sees them with `result` (the store's by default): none while it is off. */
export function airflowFindings(s: EditorState, result: AirflowResult | null = s.airflow.result): Finding[] | null {
  return s.thermal.on && result ? result.findings : null;
}

/**
 * Every finding the user sees: the every-edit engines' plus live airflow's while it is on, critical
 * first. The findings panel lists these; the 3D highlight tints the same set (airflowFindings, with
 * the result the scene shows). Memoised on its inputs.
 */
export function selectFindings(s: EditorState): Finding[] {
  const base = s.analysis.findings;
  const air = airflowFindings(s);
  if (lastFindings && lastFindings.base === base && lastFindings.air === air) return lastFindings.out;
  const rank = { info: 0, warning: 1, critical: 2 } as const;
  const out = air ? [...base, ...air].sort((a, b) => rank[b.severity] - rank[a.severity]) : base;
  lastFindings = { base, air, out };
  return out;
}

export function undo(store: EditorStore): void {
  store.temporal.getState().undo();
}
export function redo(store: EditorStore): void {
  store.temporal.getState().redo();
}
export function canUndo(store: EditorStore): boolean {
  return store.temporal.getState().pastStates.length > 0;
}
export function canRedo(store: EditorStore): boolean {
  return store.temporal.getState().futureStates.length > 0;
}
