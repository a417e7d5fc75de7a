import { describe, expect, it } from 'vitest';
import { getKind } from '../../src/catalog/registry';
import { Editor } from '../../src/editor/editor';
import { emptyHallDoc } from '../../src/model/document';
import { loadLayout, serializeLayout } from '../../src/model/load';
import { autoConnectAB, connectionProblem, sideOf, wouldCycle } from '../../src/model/power';
import { createEditorStore, undo } from '../../src/store/store';

/** A hall with an A and a B busway over a row of 4 racks, each busway fed from its own UPS. */
function setup() {
  const store = createEditorStore(emptyHallDoc(20, 12));
  const s = () => store.getState();
  const upsA = s().place({ kind: 'ups', model: firstModel('ups'), position: [2, 2] });
  const upsB = s().place({ kind: 'ups', model: firstModel('ups'), position: [2, 9] });
  const racks = [6, 6.6, 7.2, 7.8].map((x) => s().place({ kind: 'rack', model: 'gb200-nvl72', position: [x, 6] }));
  const busA = s().place({ kind: 'busway', model: firstModel('busway'), position: [7, 5.7] });
  const busB = s().place({ kind: 'busway', model: firstModel('busway'), position: [7, 6.3] });
  expect(s().connectPower(upsA, busA, 'A')).toBeNull();
  expect(s().connectPower(upsB, busB, 'B')).toBeNull();
  return { store, s, ed: new Editor(store), upsA, upsB, racks, busA, busB };
}

/** The catalog's first model of a kind. */
const firstModel = (kind: string): string => getKind(kind)!.models[0].id;

describe('power connections in the editor', () => {
  it('traces sides upstream and refuses self-feeds, non-sources, duplicates and loops', () => {
    const { s, upsA, busA, racks } = setup();
    const doc = s().doc;
    expect(sideOf(doc, busA)).toBe('A');
    expect(connectionProblem(doc, racks[0], busA)).toMatch(/not electrical distribution equipment/);
    expect(connectionProblem(doc, busA, busA)).toMatch(/cannot feed itself/);
    expect(connectionProblem(doc, upsA, busA)).toMatch(/already feeds/);
    expect(wouldCycle(doc, busA, upsA)).toBe(true);
    expect(connectionProblem(doc, busA, upsA)).toMatch(/loop/);
    expect(connectionProblem(doc, busA, racks[0])).toBeNull();
  });

  it('connect tool: click the load, then its source; a refused link explains itself; undo removes the link', () => {
    const { store, s, ed, racks, busA } = setup();
    s().setTool({ type: 'connect', side: 'A', pendingTo: null });
    const n0 = s().doc.connections.length;
    ed.pointerDown({ x: 6, y: 6, hitId: racks[0] });
    ed.pointerUp();
    expect(s().tool).toEqual({ type: 'connect', side: 'A', pendingTo: racks[0] });
    ed.pointerDown({ x: 6.6, y: 6, hitId: racks[1] }); // a rack cannot feed a rack
    expect(s().notice?.title).toMatch(/Cannot connect: .* not electrical distribution equipment/);
    expect(s().doc.connections).toHaveLength(n0);
    ed.pointerDown({ x: 7, y: 5.7, hitId: busA });
    const c = s().doc.connections.at(-1)!;
    expect([c.from, c.to, c.props.side]).toEqual([busA, racks[0], 'A']);
    expect(s().tool).toEqual({ type: 'connect', side: 'A', pendingTo: null });
    undo(store);
    expect(s().doc.connections).toHaveLength(n0);
    ed.key({ key: 'Escape' });
    expect(s().tool.type).toBe('select');
  });

  it('auto-connect feeds every rack from the nearest A and B feeders, once, and the result loads', () => {
    const { s, racks, busA, busB } = setup();
    const links = autoConnectAB(s().doc, racks);
    expect(links.map((c) => [c.from, c.to, c.props.side])).toEqual(racks.flatMap((r) => [[busA, r, 'A'], [busB, r, 'B']]));
    s().addConnections(links);
    expect(autoConnectAB(s().doc, racks)).toEqual([]);
    const r = loadLayout(serializeLayout(s().doc));
    expect(r.ok).toBe(true);
  });

  it('deleting equipment removes its connections', () => {
    const { s, busA } = setup();
    s().select([busA]);
    s().deleteSelection();
    expect(s().doc.connections.some((c) => c.from === busA || c.to === busA)).toBe(false);
  });
});

describe('one-line diagram graph', () => {
  it('groups loads with the same sources, keeps distribution gear as single boxes, ranks sources above loads', async () => {
    const { buildOneLine } = await import('../../src/model/oneline');
    const { s, racks, busA, busB, upsA, upsB } = setup();
    s().addConnections(autoConnectAB(s().doc, racks));
    const g = buildOneLine(s().doc);
    const group = g.nodes.find((n) => n.members.length > 1)!;
    expect(group.members.sort()).toEqual([...racks].sort());
    expect(group.label).toBe('4 × IT rack');
    expect(g.nodes.map((n) => n.id).sort()).toEqual([busA, busB, group.id, upsA, upsB].sort());
    const y = (id: string) => g.nodes.find((n) => n.id === id)!.y;
    expect(y(upsA)).toBeLessThan(y(busA));
    expect(y(busA)).toBeLessThan(y(group.id));
    expect(g.edges.map((e) => [e.from, e.to, e.side]).sort()).toEqual(
      [
        [upsA, busA, 'A'],
        [upsB, busB, 'B'],
        [busA, group.id, 'A'],
        [busB, group.id, 'B'],
      ].sort(),
    );
    expect(g.edges.every((e) => e.points.length >= 2)).toBe(true);
  });
});

describe('pipe loops: tapping racks in one action', () => {
  it('tees each rack at the nearest point of the supply and return mains, once', async () => {
    const { nearestAlong, pointAt, cumulative } = await import('../../src/model/pipeEdit');
    const path: [number, number, number][] = [
      [2, 2, 3],
      [2, 6, 3],
      [12, 6, 3],
    ];
    expect(cumulative(path)).toEqual([0, 4, 14]);
    expect(pointAt(path, 9)).toEqual([7, 6, 3]);
    expect(nearestAlong(path, [7.3, 5])).toBeCloseTo(9.3, 9);
    expect(nearestAlong(path, [0, 0])).toBe(0);
    const { s, racks } = setup();
    const d = s().doc;
    const loop = {
      id: 'loop-1', name: 'Row loop', fluid: 'water' as const, cduIds: [], branchDiameterM: 0.025, designDeltaTK: 10,
      expansion: { atM: 0, pressureKpa: 150 }, pumpControl: 'dp' as const, rackValves: 'none' as const, taps: [],
      supply: { path: [[5, 5.5, 2.8], [9, 5.5, 2.8]] as [number, number, number][], diameterM: 0.08, roughnessM: 4.5e-5, fittings: [] },
      return: { path: [[5, 6.5, 2.8], [9, 6.5, 2.8]] as [number, number, number][], diameterM: 0.08, roughnessM: 4.5e-5, fittings: [] },
    };
    s().openDocument({ ...d, pipeLoops: [loop] });
    expect(s().tapIntoLoop('loop-1', racks)).toBe(4);
    expect(s().doc.pipeLoops[0].taps).toEqual([
      { rackId: racks[0], supplyAtM: 1, returnAtM: 1 },
      { rackId: racks[1], supplyAtM: 1.6, returnAtM: 1.6 },
      { rackId: racks[2], supplyAtM: 2.2, returnAtM: 2.2 },
      { rackId: racks[3], supplyAtM: 2.8, returnAtM: 2.8 },
    ]);
    expect(s().tapIntoLoop('loop-1', racks)).toBe(0);
    expect(loadLayout(serializeLayout(s().doc)).ok).toBe(true);
  });
});

describe('busways along a row', () => {
  it('spans the selected row exactly, A and B 0.3 m either side of its centre line, above the racks, one undo step', async () => {
    const { buswaysAlongRow } = await import('../../src/model/power');
    const store = createEditorStore(emptyHallDoc(20, 12));
    const s = () => store.getState();
    const racks = [6, 6.6, 7.2, 7.8].map((x) => s().place({ kind: 'rack', model: 'gb200-nvl72', position: [x, 6] }));
    const r = buswaysAlongRow(s().doc, racks, firstModel('busway'));
    expect(r.problem).toBeUndefined();
    expect(r.specs.map((b) => [b.position, b.rotationDeg, b.props.widthM])).toEqual([
      [[6.9, 5.7, 2.7], 0, 2.4],
      [[6.9, 6.3, 2.7], 0, 2.4],
    ]);
    const past = store.temporal.getState().pastStates.length;
    const ids = s().placeMany(r.specs);
    expect(store.temporal.getState().pastStates.length).toBe(past + 1);
    expect(s().doc.equipment.filter((e) => ids.includes(e.id)).map((e) => e.props.widthM)).toEqual([2.4, 2.4]);
    // a rotated row: the runs turn with it
    const rot = createEditorStore(emptyHallDoc(20, 12));
    const q = [4, 4.6].map((y) => rot.getState().place({ kind: 'rack', model: 'gb200-nvl72', position: [5, y], rotationDeg: 90 }));
    const rr = buswaysAlongRow(rot.getState().doc, q, firstModel('busway'));
    expect(rr.specs.map((b) => [b.position, b.rotationDeg, b.props.widthM])).toEqual([
      [[5.3, 4.3, 2.7], 90, 1.2],
      [[4.7, 4.3, 2.7], 90, 1.2],
    ]);
    // mixed orientations are refused with a reason
    rot.getState().place({ kind: 'rack', model: 'gb200-nvl72', position: [8, 4] });
    expect(buswaysAlongRow(rot.getState().doc, rot.getState().doc.equipment.map((e) => e.id), firstModel('busway')).problem).toMatch(/one row/);
  });
});
