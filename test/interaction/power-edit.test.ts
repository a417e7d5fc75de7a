import { describe, expect, it } from 'vitest';
import { getKind } from '../../src/catalog/registry';
import { Editor } from '../../src/editor/editor';
import { emptyHallDoc } from '../../src/model/document';
import { loadLayout, serializeLayout } from '../../src/model/load';
import { autoConnectAB, connectionProblem, sideOf, wouldCycle } from '../../src/model/power';
import { editLoopVertex } from '../../src/model/pipeEdit';
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

describe('pipe tool: draw a loop from a CDU, tap racks, edit the route', () => {
  it('routes orthogonal segments from the CDU, stacks the return above the supply, and the liquid engine solves it', async () => {
    const { runLength } = await import('../../src/model/pipeEdit');
    const { runLiquid } = await import('../../workers/liquid/adapt');
    const store = createEditorStore(emptyHallDoc(20, 12));
    const s = () => store.getState();
    const ed = new Editor(store);
    const cdu = s().place({ kind: 'cdu', model: firstModel('cdu'), position: [2, 6] });
    const racks = [6, 6.6, 7.2, 7.8].map((x) => s().place({ kind: 'rack', model: 'gb200-nvl72', position: [x, 6] }));
    s().setTool({ type: 'pipe', cduId: null, route: [], elevationM: 3 });
    ed.pointerDown({ x: 8, y: 8, hitId: racks[0] }); // not a CDU
    expect(s().notice?.title).toMatch(/click the CDU/);
    ed.pointerDown({ x: 2, y: 6, hitId: cdu });
    ed.pointerDown({ x: 2.04, y: 7.02, hitId: null }); // mostly north → x stays on the CDU line; y snaps to the row's rear line (6 + 1.2/2 = 6.6)
    ed.pointerDown({ x: 9.03, y: 7.3, hitId: null }); // mostly east → y stays 7
    ed.key({ key: 'Backspace' });
    ed.pointerDown({ x: 8.98, y: 7.2, hitId: null });
    expect(s().tool).toMatchObject({ type: 'pipe', cduId: cdu, route: [[2, 6.6], [9, 6.6]] });
    const past = store.temporal.getState().pastStates.length;
    expect(ed.key({ key: 'Enter' })).toBe(true);
    expect(store.temporal.getState().pastStates.length).toBe(past + 1);
    const loop = s().doc.pipeLoops[0];
    const cduTop = s().doc.equipment.find((e) => e.id === cdu)!.props.heightM;
    expect(loop.cduIds).toEqual([cdu]);
    expect(loop.supply.path).toEqual([[2, 6, cduTop], [2, 6, 3], [2, 6.6, 3], [9, 6.6, 3]]);
    expect(loop.return.path).toEqual([[2, 6, cduTop], [2, 6, 3.35], [2, 6.6, 3.35], [9, 6.6, 3.35]]);
    expect(runLength(loop.supply)).toBeCloseTo(3 - cduTop + 0.6 + 7, 9);
    expect(s().tool.type).toBe('select');

    expect(s().tapIntoLoop(loop.id, racks)).toBe(4);
    const tapped = s().doc.pipeLoops[0];
    // rack at x = 6 projects onto the east-running segment at 4 m from its start (2 → 6)
    expect(tapped.taps[0].supplyAtM).toBeCloseTo(3 - cduTop + 0.6 + 4, 3);
    expect(loadLayout(serializeLayout(s().doc)).ok).toBe(true);
    const liquid = runLiquid(s().doc);
    expect(liquid.findings.some((f) => f.code === 'unconnected')).toBe(false);
    expect(liquid.figures.length).toBeGreaterThan(0);

    // move the corner east by 1 m: taps are re-placed at the racks' nearest points
    expect(s().updateLoop(loop.id, (l) => editLoopVertex(s().doc, l, 2, [3, 6.6]))).toBeNull();
    expect(s().doc.pipeLoops[0].supply.path[2]).toEqual([3, 6.6, 3]);
    expect(s().doc.pipeLoops[0].taps[0].supplyAtM).toBeCloseTo(3 - cduTop + Math.hypot(1, 0.6) + 3, 3); // tap positions are kept to the millimetre
    // the riser cannot be edited; deleting the last bend leaves a valid (diagonal) route
    expect(s().updateLoop(loop.id, (l) => editLoopVertex(s().doc, l, 1, [5, 5]))).toMatch(/valid route/);
    expect(s().updateLoop(loop.id, (l) => editLoopVertex(s().doc, l, 2, null))).toBeNull();
    expect(s().doc.pipeLoops[0].supply.path).toHaveLength(3);
    expect(s().updateLoop(loop.id, (l) => editLoopVertex(s().doc, l, 2, null))).toMatch(/valid route/);
  });
});

describe('pipe tool snapping', () => {
  it('snaps the free coordinate to a rack row connection line or point within 0.5 m, else to the grid', async () => {
    const { orthoSnap } = await import('../../src/model/pipeEdit');
    const targets: [number, number][] = [
      [6, 6.6],
      [7.8, 6.6],
    ];
    expect(orthoSnap([2, 6], [2.1, 6.95], 0.1, targets)).toEqual([2, 6.6]); // along y: to the row line
    expect(orthoSnap([2, 6.6], [8.2, 6.7], 0.1, targets)).toEqual([7.8, 6.6]); // along x: to the last rack
    expect(orthoSnap([2, 6.6], [9.4, 6.7], 0.1, targets)).toEqual([9.4, 6.6]); // too far: grid
    expect(orthoSnap([2, 6], [2.1, 8.23], 0.5, [])).toEqual([2, 8.0]);
  });
});

describe('editing a power connection', () => {
  it('sets and removes feeder, side and breaker props as one undo step each; the file still loads', () => {
    const { store, s, upsA, busA } = setup();
    const c = s().doc.connections.find((x) => x.from === upsA && x.to === busA)!;
    s().updateConnection(c.id, { lengthM: 45, size: '4/0', breakerA: 400 });
    expect(s().doc.connections.find((x) => x.id === c.id)!.props).toEqual({ side: 'A', lengthM: 45, size: '4/0', breakerA: 400 });
    expect(loadLayout(serializeLayout(s().doc)).ok).toBe(true);
    s().updateConnection(c.id, { breakerA: undefined, side: 'B' });
    expect(s().doc.connections.find((x) => x.id === c.id)!.props).toEqual({ side: 'B', lengthM: 45, size: '4/0' });
    undo(store);
    expect(s().doc.connections.find((x) => x.id === c.id)!.props).toEqual({ side: 'A', lengthM: 45, size: '4/0', breakerA: 400 });
  });
});
