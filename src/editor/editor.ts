import type { Equipment, LayoutDoc } from '../model/document';
import { boxAabb, boxCorners, pointInPolygon, rotate2, type Vec2 } from '../model/geometry';
import { equipmentBox, round6, setPositions } from '../model/ops';
import { loopFromRoute, orthoSnap, rackConnectionPoints } from '../model/pipeEdit';
import { redo, undo, type EditorStore } from '../store/store';

/**
 * The editor's tools as a small state machine over plan coordinates (metres). The 3D scene turns
 * pointer gestures into these calls (floor-plane hits plus the instance under the pointer); tests drive
 * the same calls headlessly. select: idle → pointing → translating | brushing; place: click to place.
 */
export interface PointerInput {
  x: number;
  y: number;
  shift?: boolean;
  /** the equipment under the pointer as the scene picked it; undefined = let the editor hit-test in plan */
  hitId?: string | null;
}

export interface KeyInput {
  key: string;
  ctrl?: boolean;
  shift?: boolean;
}

type State =
  | { name: 'idle' }
  | { name: 'pointing'; origin: Vec2; hitId: string | null; shift: boolean; toggled: boolean }
  | { name: 'translating'; origin: Vec2; leadId: string; start: Map<string, Vec2>; last: Vec2 }
  | { name: 'brushing'; origin: Vec2; current: Vec2; shift: boolean };

/** Distance within which a dragged item snaps to abut a neighbour in its row, metres. */
export const ROW_SNAP_M = 0.3;

export class Editor {
  private st: State = { name: 'idle' };
  /** pointer travel before a press becomes a drag, metres (the scene scales it with zoom) */
  dragThresholdM = 0.05;
  /** listeners for the selection brush rectangle (for drawing) */
  onBrush?: (rect: { minX: number; minY: number; maxX: number; maxY: number } | null) => void;

  constructor(readonly store: EditorStore) {}

  get stateName(): State['name'] {
    return this.st.name;
  }

  private get s() {
    return this.store.getState();
  }

  /** Topmost equipment whose footprint contains p (overhead items win over floor items below them). */
  hitTest(p: Vec2): string | null {
    let best: Equipment | null = null;
    let bestTop = -Infinity;
    let bestArea = Infinity;
    for (const e of this.s.doc.equipment) {
      const b = equipmentBox(e);
      const a = boxAabb(b);
      if (p[0] < a.minX || p[0] > a.maxX || p[1] < a.minY || p[1] > a.maxY) continue;
      if (!pointInPolygon(p, boxCorners(b))) continue;
      const top = b.z + b.heightM;
      const area = b.widthM * b.depthM;
      if (top > bestTop + 1e-9 || (Math.abs(top - bestTop) <= 1e-9 && area < bestArea)) {
        best = e;
        bestTop = top;
        bestArea = area;
      }
    }
    return best?.id ?? null;
  }

  snapGrid(v: number): number {
    const g = this.s.gridM;
    return this.s.snap && g > 0 ? round6(Math.round(v / g) * g) : round6(v);
  }

  pointerDown(p: PointerInput): void {
    const s = this.s;
    const pt: Vec2 = [p.x, p.y];
    if (s.tool.type === 'place') {
      const pos = this.snapPlacement(s.doc, s.tool.kind, s.tool.model, [this.snapGrid(p.x), this.snapGrid(p.y)]);
      s.place({ kind: s.tool.kind, model: s.tool.model, position: pos });
      if (!p.shift) s.setTool({ type: 'select' });
      return;
    }
    const hitId = p.hitId !== undefined ? p.hitId : this.hitTest(pt);
    if (s.tool.type === 'connect') {
      this.connectClick(hitId);
      return;
    }
    if (s.tool.type === 'pipe') {
      this.pipeClick(pt, hitId);
      return;
    }
    if (hitId) {
      let toggled = false;
      if (p.shift) {
        s.select([hitId], 'toggle');
        toggled = true;
      } else if (!s.selection.includes(hitId)) {
        s.select([hitId]);
      }
      this.st = { name: 'pointing', origin: pt, hitId, shift: !!p.shift, toggled };
    } else {
      this.st = { name: 'brushing', origin: pt, current: pt, shift: !!p.shift };
    }
  }

  pointerMove(p: PointerInput): void {
    const pt: Vec2 = [p.x, p.y];
    const st = this.st;
    if (st.name === 'pointing') {
      if (Math.hypot(pt[0] - st.origin[0], pt[1] - st.origin[1]) < this.dragThresholdM) return;
      const sel = new Set(this.s.selection);
      if (!st.hitId || !sel.has(st.hitId)) return; // shift-click that deselected: no drag
      const start = new Map<string, Vec2>();
      for (const e of this.s.doc.equipment) if (sel.has(e.id)) start.set(e.id, [e.position[0], e.position[1]]);
      this.s.beginTransient();
      this.st = { name: 'translating', origin: st.origin, leadId: st.hitId, start, last: [0, 0] };
      this.pointerMove(p);
    } else if (st.name === 'translating') {
      const lead = st.start.get(st.leadId)!;
      let target: Vec2 = [this.snapGrid(lead[0] + pt[0] - st.origin[0]), this.snapGrid(lead[1] + pt[1] - st.origin[1])];
      const leadEq = this.s.doc.equipment.find((e) => e.id === st.leadId);
      if (leadEq && this.s.snap) target = this.snapToRow(this.s.doc, leadEq, target, new Set(st.start.keys()));
      const dx = target[0] - lead[0];
      const dy = target[1] - lead[1];
      // keep equipment inside its hall: try the move, else slide along the wall (one axis), else stay
      const d = this.s.doc;
      const fits = (mx: number, my: number) => this.staysInside(d, st.start, mx, my);
      let move: Vec2 | null = null;
      if (fits(dx, dy)) move = [dx, dy];
      else if (fits(dx, st.last[1])) move = [dx, st.last[1]];
      else if (fits(st.last[0], dy)) move = [st.last[0], dy];
      if (!move) return;
      st.last = move;
      const pos = new Map<string, Vec2>();
      for (const [id, q] of st.start) pos.set(id, [round6(q[0] + move[0]), round6(q[1] + move[1])]);
      this.s.updateTransient((doc) => setPositions(doc, pos));
    } else if (st.name === 'brushing') {
      st.current = pt;
      this.onBrush?.(rectOf(st.origin, pt));
    }
  }

  pointerUp(p?: PointerInput): void {
    const st = this.st;
    this.st = { name: 'idle' };
    if (st.name === 'translating') {
      this.s.commitTransient();
    } else if (st.name === 'brushing') {
      const end: Vec2 = p ? [p.x, p.y] : st.current;
      this.onBrush?.(null);
      const r = rectOf(st.origin, end);
      const tiny = r.maxX - r.minX < this.dragThresholdM && r.maxY - r.minY < this.dragThresholdM;
      if (tiny) {
        if (!st.shift) this.s.select([]);
        return;
      }
      // box select: every item whose footprint lies wholly inside the rectangle
      const ids = this.s.doc.equipment
        .filter((e) => {
          const a = boxAabb(equipmentBox(e));
          return a.minX >= r.minX && a.maxX <= r.maxX && a.minY >= r.minY && a.maxY <= r.maxY;
        })
        .map((e) => e.id);
      this.s.select(ids, st.shift ? 'add' : 'replace');
    } else if (st.name === 'pointing' && !st.shift && st.hitId) {
      // a plain click on one member of a multi-selection selects just it
      this.s.select([st.hitId]);
    }
  }

  /**
   * True when moving every dragged record by (dx, dy) keeps each one that stands in a hall wholly inside
   * that hall's outline (records already outside, or outdoor ones, are free to move).
   */
  private staysInside(doc: LayoutDoc, start: ReadonlyMap<string, Vec2>, dx: number, dy: number): boolean {
    for (const e of doc.equipment) {
      const q = start.get(e.id);
      if (!q || e.hallId === null) continue;
      const hall = doc.halls.find((h) => h.id === e.hallId);
      if (!hall) continue;
      const was = boxCorners({ ...equipmentBox(e), cx: q[0], cy: q[1] });
      if (!was.every((c) => pointInPolygon(c, hall.outline, 1e-6))) continue;
      const now = boxCorners({ ...equipmentBox(e), cx: q[0] + dx, cy: q[1] + dy });
      if (!now.every((c) => pointInPolygon(c, hall.outline, 1e-6))) return false;
    }
    return true;
  }

  /**
   * Connect tool: the first click picks the load (downstream), the second its source (upstream). A refused
   * link (not a source, a loop, a duplicate) is explained in a notice and the load stays picked.
   */
  private connectClick(hitId: string | null): void {
    const s = this.s;
    if (s.tool.type !== 'connect') return;
    if (!hitId) {
      s.setTool({ ...s.tool, pendingTo: null });
      return;
    }
    if (!s.tool.pendingTo) {
      s.setTool({ ...s.tool, pendingTo: hitId });
      s.select([hitId]);
      return;
    }
    const why = s.connectPower(hitId, s.tool.pendingTo, s.tool.side);
    if (why) s.setNotice({ kind: 'error', title: `Cannot connect: ${why}.`, details: [] });
    else {
      s.setNotice(null);
      s.setTool({ ...s.tool, pendingTo: null });
    }
  }

  /** Pipe tool: the first click picks the CDU; later clicks add route points, each segment along x or y. */
  private pipeClick(pt: Vec2, hitId: string | null): void {
    const s = this.s;
    if (s.tool.type !== 'pipe') return;
    const tool = s.tool;
    if (!tool.cduId) {
      const e = hitId ? s.doc.equipment.find((x) => x.id === hitId) : undefined;
      if (!e || e.kind !== 'cdu') {
        s.setNotice({ kind: 'error', title: 'Pipe tool: click the CDU the loop starts from.', details: [] });
        return;
      }
      s.setNotice(null);
      s.setTool({ ...tool, cduId: e.id, route: [] });
      return;
    }
    const cdu = s.doc.equipment.find((x) => x.id === tool.cduId);
    if (!cdu) return;
    const prev: Vec2 = tool.route.length ? tool.route[tool.route.length - 1] : [cdu.position[0], cdu.position[1]];
    const p = orthoSnap(prev, pt, s.snap ? s.gridM : 0, s.snap ? rackConnectionPoints(s.doc) : []);
    if (p[0] === prev[0] && p[1] === prev[1]) return;
    s.setTool({ ...tool, route: [...tool.route, p] });
  }

  /** Finish the loop being drawn (Enter). */
  finishPipe(): boolean {
    const s = this.s;
    if (s.tool.type !== 'pipe' || !s.tool.cduId) return false;
    const n = s.doc.pipeLoops.length + 1;
    let id = `loop-${String(n).padStart(3, '0')}`;
    for (let k = n; s.doc.pipeLoops.some((l) => l.id === id); k++) id = `loop-${String(k + 1).padStart(3, '0')}`;
    const loop = loopFromRoute(s.doc, s.tool.cduId, s.tool.route, s.tool.elevationM, id, `Loop ${n}`);
    if (!loop) {
      s.setNotice({ kind: 'error', title: 'Pipe tool: add at least one route point before finishing.', details: [] });
      return true;
    }
    s.addLoop(loop);
    s.setTool({ type: 'select' });
    s.setNotice({ kind: 'info', title: `${loop.name} drawn. Select its racks and use "Tap into loop" to connect them.`, details: [] });
    return true;
  }

  /** Escape: abandon a drag (document back as before it, no undo step), leave the place tool, or clear selection. */
  cancel(): void {
    const st = this.st;
    this.st = { name: 'idle' };
    if (st.name === 'translating') this.s.cancelTransient();
    else if (st.name === 'brushing') this.onBrush?.(null);
    else if (this.s.tool.type !== 'select') this.s.setTool({ type: 'select' });
    else this.s.select([]);
  }

  /** Keyboard shortcuts. Returns true when the key was handled. */
  key(k: KeyInput): boolean {
    const s = this.s;
    const key = k.key.length === 1 ? k.key.toLowerCase() : k.key;
    if (k.ctrl && key === 'z') {
      if (this.st.name === 'translating') return true;
      if (k.shift) redo(this.store);
      else undo(this.store);
      return true;
    }
    if (k.ctrl && key === 'y') {
      redo(this.store);
      return true;
    }
    if (k.ctrl && key === 'd') {
      s.duplicateSelection();
      return true;
    }
    if (k.ctrl && key === 'a') {
      s.select(s.doc.equipment.map((e) => e.id));
      return true;
    }
    if (k.ctrl) return false;
    const step = (s.snap ? s.gridM : 0.1) * (k.shift ? 10 : 1);
    switch (key) {
      case 'Escape':
        this.cancel();
        return true;
      case 'Enter':
        return this.finishPipe();
      case 'Delete':
      case 'Backspace':
        if (s.tool.type === 'pipe') {
          s.setTool({ ...s.tool, route: s.tool.route.slice(0, -1) });
          return true;
        }
        s.deleteSelection();
        return true;
      case 'ArrowLeft':
        s.nudge(-step, 0);
        return true;
      case 'ArrowRight':
        s.nudge(step, 0);
        return true;
      case 'ArrowUp':
        s.nudge(0, step);
        return true;
      case 'ArrowDown':
        s.nudge(0, -step);
        return true;
      case 'r':
        s.rotateSelection(k.shift ? -90 : 90);
        return true;
      default:
        return false;
    }
  }

  /** Snap a new item being placed so it abuts a neighbour in a row, like a dragged one. */
  private snapPlacement(doc: LayoutDoc, kind: string, model: string, p: Vec2): Vec2 {
    const probe = doc.equipment.find((e) => e.kind === kind && e.model === model);
    if (!probe || !this.s.snap) return p;
    return this.snapToRow(doc, { ...probe, id: '\u0000probe', rotationDeg: probe.rotationDeg }, p, new Set());
  }

  /**
   * Row snapping: if `target` puts `lead` within ROW_SNAP_M of abutting a same-oriented neighbour along
   * its width axis (and nearly in line), move it to abut exactly and line up. Nearest candidate wins.
   */
  snapToRow(doc: LayoutDoc, lead: Equipment, target: Vec2, exclude: ReadonlySet<string>): Vec2 {
    let best: Vec2 | null = null;
    let bestDist = Infinity;
    const u = rotate2([1, 0], lead.rotationDeg);
    const v = rotate2([0, 1], lead.rotationDeg);
    const reach = lead.props.widthM + ROW_SNAP_M + 5;
    for (const o of doc.equipment) {
      if (o.id === lead.id || exclude.has(o.id)) continue;
      const dx = target[0] - o.position[0];
      const dy = target[1] - o.position[1];
      if (Math.abs(dx) > reach + o.props.widthM || Math.abs(dy) > reach + o.props.widthM) continue;
      const rel = (((o.rotationDeg - lead.rotationDeg) % 180) + 180) % 180;
      if (Math.min(rel, 180 - rel) > 0.5) continue;
      if (Math.abs(o.props.depthM - lead.props.depthM) > 0.5 && o.kind !== lead.kind) continue;
      const du = dx * u[0] + dy * u[1];
      const dv = dx * v[0] + dy * v[1];
      const want = (lead.props.widthM + o.props.widthM) / 2;
      const err = Math.abs(Math.abs(du) - want);
      if (Math.abs(dv) > ROW_SNAP_M || err > ROW_SNAP_M) continue;
      const d = Math.hypot(err, dv);
      if (d < bestDist) {
        bestDist = d;
        const sdu = Math.sign(du || 1) * want;
        best = [round6(o.position[0] + sdu * u[0]), round6(o.position[1] + sdu * u[1])];
      }
    }
    return best ?? target;
  }
}

function rectOf(a: Vec2, b: Vec2) {
  return { minX: Math.min(a[0], b[0]), minY: Math.min(a[1], b[1]), maxX: Math.max(a[0], b[0]), maxY: Math.max(a[1], b[1]) };
}

