import { describe, expect, it } from 'vitest';
import { Editor } from '../../src/editor/editor';
import { emptyHallDoc } from '../../src/model/document';
import { serializeLayout, loadLayout } from '../../src/model/load';
import { canRedo, canUndo, createEditorStore, redo, undo } from '../../src/store/store';

function setup() {
  const store = createEditorStore(emptyHallDoc(20, 10));
  const ed = new Editor(store);
  return { store, ed, s: () => store.getState() };
}

const pos = (store: ReturnType<typeof setup>['store'], id: string) => store.getState().doc.equipment.find((e) => e.id === id)!.position;

describe('headless editor: place, drag, snap, undo', () => {
  it('places a catalog model with a click, snapped to the grid, and selects it', () => {
    const { store, ed, s } = setup();
    s().setTool({ type: 'place', kind: 'rack', model: 'gb200-nvl72' });
    ed.pointerDown({ x: 5.03, y: 4.96 });
    const doc = s().doc;
    expect(doc.equipment).toHaveLength(1);
    const e = doc.equipment[0];
    expect(e.id).toBe('rack-001');
    expect(e.position).toEqual([5, 5, 0]);
    expect(e.hallId).toBe('hall-1');
    expect(e.props.itPowerKw).toBe(132);
    expect(s().selection).toEqual(['rack-001']);
    expect(s().tool.type).toBe('select');
    expect(canUndo(store)).toBe(true);
  });

  it('a drag is one undo step, redo restores the end position, and the document stays loadable', () => {
    const { store, ed, s } = setup();
    const id = s().place({ kind: 'rack', model: 'gb200-nvl72', position: [5, 5] });
    const pastBefore = store.temporal.getState().pastStates.length;
    ed.pointerDown({ x: 5.1, y: 5.1 });
    expect(ed.stateName).toBe('pointing');
    for (let i = 1; i <= 20; i++) ed.pointerMove({ x: 5.1 + i * 0.1, y: 5.1 + i * 0.05 });
    expect(ed.stateName).toBe('translating');
    // panels render from `committed`, which holds still during the drag
    const committedDuring = s().committed;
    expect(committedDuring.equipment.find((e) => e.id === id)!.position).toEqual([5, 5, 0]);
    expect(s().doc).not.toBe(committedDuring);
    ed.pointerUp({ x: 7.1, y: 6.1 });
    expect(s().committed).toBe(s().doc);
    expect(pos(store, id)).toEqual([7, 6, 0]);
    expect(store.temporal.getState().pastStates.length).toBe(pastBefore + 1);
    undo(store);
    expect(pos(store, id)).toEqual([5, 5, 0]);
    expect(canRedo(store)).toBe(true);
    redo(store);
    expect(pos(store, id)).toEqual([7, 6, 0]);
    const again = loadLayout(serializeLayout(s().doc));
    expect(again.ok).toBe(true);
  });

  it('Escape during a drag puts everything back and leaves no undo step', () => {
    const { store, ed, s } = setup();
    const id = s().place({ kind: 'rack', model: 'storage', position: [3, 3] });
    const past = store.temporal.getState().pastStates.length;
    ed.pointerDown({ x: 3, y: 3 });
    ed.pointerMove({ x: 6, y: 4 });
    expect(pos(store, id)).toEqual([6, 4, 0]);
    ed.key({ key: 'Escape' });
    expect(pos(store, id)).toEqual([3, 3, 0]);
    expect(store.temporal.getState().pastStates.length).toBe(past);
  });

  it('snaps a dragged rack to abut its neighbour in the row and line up with it', () => {
    const { store, ed, s } = setup();
    const a = s().place({ kind: 'rack', model: 'gb200-nvl72', position: [5, 5] });
    const b = s().place({ kind: 'rack', model: 'gb200-nvl72', position: [9, 7] });
    ed.pointerDown({ x: 9, y: 7 });
    // drop near the right side of a: ideal abutting x = 5 + 0.6 = 5.6; pointer lands 0.17 m off in x and 0.12 m in y
    ed.pointerMove({ x: 5.77, y: 5.12 });
    ed.pointerUp({ x: 5.77, y: 5.12 });
    expect(pos(store, b)).toEqual([5.6, 5, 0]);
    expect(pos(store, a)).toEqual([5, 5, 0]);
  });

  it('does not snap when the neighbour is rotated across the row', () => {
    const { store, ed, s } = setup();
    s().place({ kind: 'rack', model: 'gb200-nvl72', position: [5, 5], rotationDeg: 90 });
    const b = s().place({ kind: 'rack', model: 'gb200-nvl72', position: [9, 7] });
    ed.pointerDown({ x: 9, y: 7 });
    ed.pointerMove({ x: 5.77, y: 5.12 });
    ed.pointerUp();
    expect(pos(store, b)).toEqual([5.8, 5.1, 0]);
  });

  it('shift-click adds to the selection, box select picks items wholly inside, drag moves the whole selection', () => {
    const { store, ed, s } = setup();
    const ids = [2, 4, 6].map((x) => s().place({ kind: 'rack', model: 'storage', position: [x, 2] }));
    ed.pointerDown({ x: 2, y: 2 });
    ed.pointerUp({ x: 2, y: 2 });
    ed.pointerDown({ x: 4, y: 2, shift: true });
    ed.pointerUp({ x: 4, y: 2, shift: true });
    expect(s().selection).toEqual([ids[0], ids[1]]);
    // empty click clears
    ed.pointerDown({ x: 15, y: 8 });
    ed.pointerUp({ x: 15, y: 8 });
    expect(s().selection).toEqual([]);
    // box from (3,0) to (7,4) contains racks at x=4 and x=6 (0.6 wide, 1.2 deep)
    ed.pointerDown({ x: 3, y: 0.5 });
    ed.pointerMove({ x: 7, y: 4 });
    ed.pointerUp({ x: 7, y: 4 });
    expect(s().selection.sort()).toEqual([ids[1], ids[2]].sort());
    ed.pointerDown({ x: 4, y: 2 });
    ed.pointerMove({ x: 4, y: 5 });
    ed.pointerUp({ x: 4, y: 5 });
    expect(pos(store, ids[1])).toEqual([4, 5, 0]);
    expect(pos(store, ids[2])).toEqual([6, 5, 0]);
    expect(pos(store, ids[0])).toEqual([2, 2, 0]);
    undo(store);
    expect(pos(store, ids[1])).toEqual([4, 2, 0]);
    expect(pos(store, ids[2])).toEqual([6, 2, 0]);
  });

  it('keyboard: nudge by the grid, rotate 90°, duplicate, delete, undo/redo shortcuts', () => {
    const { store, ed, s } = setup();
    const id = s().place({ kind: 'rack', model: 'storage', position: [5, 5] });
    ed.key({ key: 'ArrowRight' });
    ed.key({ key: 'ArrowUp', shift: true });
    expect(pos(store, id)).toEqual([5.1, 6, 0]);
    ed.key({ key: 'r' });
    expect(s().doc.equipment[0].rotationDeg).toBe(90);
    ed.key({ key: 'r', shift: true });
    ed.key({ key: 'r', shift: true });
    expect(s().doc.equipment[0].rotationDeg).toBe(270);
    ed.key({ key: 'd', ctrl: true });
    expect(s().doc.equipment).toHaveLength(2);
    expect(s().selection).toEqual(['rack-002']);
    ed.key({ key: 'Delete' });
    expect(s().doc.equipment.map((e) => e.id)).toEqual([id]);
    ed.key({ key: 'z', ctrl: true });
    expect(s().doc.equipment).toHaveLength(2);
    ed.key({ key: 'z', ctrl: true, shift: true });
    expect(s().doc.equipment).toHaveLength(1);
  });

  it('array tool: a row of N copies at a pitch along the rack width axis, rotated with it, as one undo step', () => {
    const { store, s } = setup();
    s().place({ kind: 'rack', model: 'gb200-nvl72', position: [2, 5], rotationDeg: 90 });
    const past = store.temporal.getState().pastStates.length;
    s().arraySelection(4, 0.6);
    const eq = s().doc.equipment;
    expect(eq).toHaveLength(5);
    // width axis at 90° points +y
    expect(eq.map((e) => e.position)).toEqual([
      [2, 5, 0],
      [2, 5.6, 0],
      [2, 6.2, 0],
      [2, 6.8, 0],
      [2, 7.4, 0],
    ]);
    expect(eq.every((e) => e.rotationDeg === 90)).toBe(true);
    expect(s().selection).toHaveLength(5);
    expect(store.temporal.getState().pastStates.length).toBe(past + 1);
    undo(store);
    expect(s().doc.equipment).toHaveLength(1);
  });

  it('rotating a selection turns it about its common centre', () => {
    const { store, s } = setup();
    s().place({ kind: 'rack', model: 'storage', position: [4, 5] });
    s().place({ kind: 'rack', model: 'storage', position: [4.6, 5] });
    s().select(['rack-001', 'rack-002']);
    s().rotateSelection(90);
    expect(pos(store, 'rack-001')).toEqual([4.3, 4.7, 0]);
    expect(pos(store, 'rack-002')).toEqual([4.3, 5.3, 0]);
  });

  it('opening a document clears history and the dirty flag; an edit sets it; undo back to saved clears it', () => {
    const { store, s } = setup();
    s().place({ kind: 'rack', model: 'storage', position: [4, 5] });
    expect(s().doc !== s().savedDoc).toBe(true);
    s().openDocument(emptyHallDoc(30, 12));
    expect(canUndo(store)).toBe(false);
    expect(s().doc === s().savedDoc).toBe(true);
    s().place({ kind: 'rack', model: 'storage', position: [4, 5] });
    expect(s().doc === s().savedDoc).toBe(false);
    undo(store);
    expect(s().doc === s().savedDoc).toBe(true);
  });

  it('derives a custom model from placed equipment, storing only the edited props', () => {
    const { s } = setup();
    const id = s().place({ kind: 'rack', model: 'gb200-nvl72', position: [4, 5] });
    s().updateProps(id, { itPowerKw: 100 });
    const mid = s().deriveModel(id, 'GB200 capped 100 kW');
    const doc = s().doc;
    expect(doc.customModels).toEqual([{ id: mid, kind: 'rack', baseModel: 'gb200-nvl72', name: 'GB200 capped 100 kW', props: { itPowerKw: 100 } }]);
    expect(doc.equipment[0].model).toBe(mid);
    const r = loadLayout(serializeLayout(doc));
    expect(r.ok && r.doc.equipment[0].props.itPowerKw).toBe(100);
    // placing the custom model gives its props
    const id2 = s().place({ kind: 'rack', model: mid, position: [8, 5] });
    expect(s().doc.equipment.find((e) => e.id === id2)!.props.itPowerKw).toBe(100);
  });
});

describe('headless editor: equipment stays inside its hall while dragged', () => {
  it('stops at the wall and slides along it', () => {
    const { store, ed, s } = setup(); // hall 20 × 10 m
    const id = s().place({ kind: 'rack', model: 'gb200-nvl72', position: [5, 5] }); // 0.6 × 1.2 m
    ed.pointerDown({ x: 5, y: 5 });
    ed.pointerMove({ x: 5, y: 8 });
    expect(pos(store, id)).toEqual([5, 8, 0]);
    // past the north wall (y = 10): the rack's half depth is 0.6, so y ≤ 9.4; x still follows
    ed.pointerMove({ x: 7, y: 12 });
    expect(pos(store, id)).toEqual([7, 8, 0]);
    ed.pointerMove({ x: 7, y: 9.4 });
    expect(pos(store, id)).toEqual([7, 9.4, 0]);
    ed.pointerMove({ x: 30, y: 30 });
    expect(pos(store, id)).toEqual([7, 9.4, 0]);
    ed.pointerUp();
    const e = s().doc.equipment[0];
    expect(e.hallId).toBe('hall-1');
  });
});

describe('custom models can be edited after deriving them', () => {
  it('updates a custom model from an item: new diff against the base, new name, one undo step', () => {
    const { store, s } = setup();
    const id = s().place({ kind: 'rack', model: 'gb200-nvl72', position: [4, 5] });
    s().updateProps(id, { itPowerKw: 100 });
    const mid = s().deriveModel(id, 'Capped');
    s().updateProps(id, { itPowerKw: 90, weightKg: 1400 });
    s().updateCustomModel(mid, id, 'Capped 90 kW');
    expect(s().doc.customModels).toEqual([{ id: mid, kind: 'rack', baseModel: 'gb200-nvl72', name: 'Capped 90 kW', props: { weightKg: 1400, itPowerKw: 90 } }]);
    undo(store);
    expect(s().doc.customModels[0].props).toEqual({ itPowerKw: 100 });
  });
});
