import '@vitest/web-worker';
import { afterEach, describe, expect, it } from 'vitest';
import { startAirflow } from '../../src/analysis/airflowClient';
import { emptyHallDoc, type LayoutDoc } from '../../src/model/document';
import { loadLayout, serializeLayout } from '../../src/model/load';
import { createEditorStore, type EditorStore } from '../../src/store/store';

/** A 12 × 8 × 4 m room with one rack and one cooler: a few seconds per solve. */
function roomDoc(): LayoutDoc {
  const raw = JSON.parse(serializeLayout(emptyHallDoc(12, 8, 4, 'Thermal room')));
  raw.equipment = [
    { id: 'rack-1', kind: 'rack', model: 'hgx-h100-4x-air', hallId: 'hall-1', position: [4, 4, 0] },
    { id: 'crah-1', kind: 'cooler', model: 'crah-150', hallId: 'hall-1', position: [10, 4, 0], rotationDeg: 90 },
  ];
  const r = loadLayout(raw);
  if (!r.ok) throw new Error(r.summary);
  return r.doc;
}

/** Counts workers made and terminated (the client cancels a solve by terminating its worker). */
function countWorkers() {
  const Base = globalThis.Worker;
  const n = { made: 0, terminated: 0 };
  globalThis.Worker = class extends Base {
    constructor(...args: ConstructorParameters<typeof Worker>) {
      super(...args);
      n.made++;
    }
    terminate() {
      n.terminated++;
      super.terminate();
    }
  } as typeof Worker;
  return { n, restore: () => (globalThis.Worker = Base) };
}

const until = async (cond: () => boolean, ms = 60_000) => {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > ms) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
};

describe('live airflow client', () => {
  let stop: (() => void) | null = null;
  let restore: (() => void) | null = null;
  afterEach(() => {
    stop?.();
    restore?.();
  });

  it('posts the coarse answer, then the refined one; an edit stops a running solve at once and the next run follows', async () => {
    const w = countWorkers();
    restore = w.restore;
    const store: EditorStore = createEditorStore(roomDoc());
    stop = startAirflow(store, 50, 1000, 0); // no preview stage (tested below)
    const stages: string[] = [];
    store.subscribe((s, p) => {
      if (s.airflow.resultStage !== p.airflow.resultStage || s.airflow.result !== p.airflow.result) stages.push(`${s.airflow.resultStage}:${s.airflow.status}`);
    });
    // an edit as soon as the coarse answer is shown, while the refined solve runs: that worker goes
    // now, not when the next run starts
    const edited = new Promise<{ made: number; terminated: number; airflow: object }>((resolve) => {
      const unsub = store.subscribe((s) => {
        if (s.airflow.resultStage !== 'coarse') return;
        unsub();
        queueMicrotask(() => {
          const made = w.n.made;
          store.getState().moveTo(new Map([['rack-1', [4.5, 4]]]));
          resolve({ made, terminated: w.n.terminated, airflow: store.getState().airflow });
        });
      });
    });
    store.getState().setThermal({ on: true });
    const e = await edited;
    expect(e.made).toBe(1);
    expect(e.terminated).toBe(1);
    expect(e.airflow).toMatchObject({ status: 'running', stage: 'coarse', step: 0, stale: true });
    await until(() => store.getState().airflow.status === 'done');
    expect(w.n.made).toBe(2);
    const a = store.getState().airflow;
    expect(a.resultStage).toBe('final');
    expect(a.stale).toBe(false);
    expect(a.result!.halls[0].racks.map((r) => r.id)).toEqual(['rack-1']);
    // coarse, then (after the edit) coarse again and the refined answer
    expect(stages).toEqual(['coarse:running', 'coarse:running', 'final:done']);
  });

  it('after an edit a preview of the warm coarse solve comes first (one step on a 1 ms budget), then the coarse solve settles from it, then the refined one', async () => {
    const store: EditorStore = createEditorStore(roomDoc());
    // this small room settles within the default 150 ms budget (then no preview: test below); 1 ms → one step
    stop = startAirflow(store, 0, 1000, 1);
    store.getState().setThermal({ on: true });
    await until(() => store.getState().airflow.status === 'done');
    const settledBefore = store.getState().airflow.result!;
    const seen: { stage: string | null; steps: number; preview: boolean; inlet: number; stale: boolean }[] = [];
    store.subscribe((s, p) => {
      if (s.airflow.result === p.airflow.result || !s.airflow.result) return;
      const h = s.airflow.result.halls[0];
      seen.push({ stage: s.airflow.resultStage, steps: h.steps, preview: !!h.preview, inlet: h.racks[0].inletMeanC, stale: s.airflow.stale });
    });
    store.getState().moveTo(new Map([['rack-1', [3, 4]]]));
    await until(() => seen.some((x) => x.stage === 'final'));
    expect(seen.map((x) => x.stage)).toEqual(['preview', 'coarse', 'final']);
    expect(seen.every((x) => !x.stale)).toBe(true);
    const [preview, coarse] = seen;
    expect(preview.preview).toBe(true);
    expect(coarse.preview).toBe(false);
    expect(preview.steps).toBe(1);
    expect(coarse.steps).toBeGreaterThan(1);
    expect(preview.inlet).not.toBe(settledBefore.halls[0].racks[0].inletMeanC);
    // a preview carries no convergence finding: the status line says what it is
    expect(store.getState().airflow.result!.findings.some((f) => f.code === 'not-converged')).toBe(false);
  });

  it('a grid change marks the shown answer stale at once and solves on the new grid', async () => {
    const store: EditorStore = createEditorStore(roomDoc());
    stop = startAirflow(store, 50);
    store.getState().setThermal({ on: true });
    await until(() => store.getState().airflow.status === 'done');
    const normalCell = store.getState().airflow.result!.halls[0].cellM;
    store.getState().setThermal({ resolution: 'coarse' });
    expect(store.getState().airflow.stale).toBe(true);
    await until(() => store.getState().airflow.status === 'done' && !store.getState().airflow.stale);
    expect(store.getState().airflow.result!.halls[0].cellM).toBeGreaterThan(normalCell);
  });

  it('a warm coarse solve that settles within the preview budget is the coarse answer (no separate preview)', async () => {
    const store: EditorStore = createEditorStore(roomDoc());
    stop = startAirflow(store, 0, 1000, 60_000);
    store.getState().setThermal({ on: true });
    await until(() => store.getState().airflow.status === 'done');
    const stages: string[] = [];
    store.subscribe((s, p) => {
      if (s.airflow.result !== p.airflow.result && s.airflow.result) stages.push(`${s.airflow.resultStage}:${s.airflow.result.halls[0].converged}`);
    });
    store.getState().moveTo(new Map([['rack-1', [3, 4]]]));
    await until(() => stages.length === 2);
    expect(stages).toEqual(['coarse:true', 'final:true']);
  });

  it('a drag stops the solve at its first move and starts no run until it ends; a cancelled drag re-runs the unchanged layout', async () => {
    const w = countWorkers();
    restore = w.restore;
    const store: EditorStore = createEditorStore(roomDoc());
    stop = startAirflow(store, 30);
    store.getState().setThermal({ on: true });
    await until(() => store.getState().airflow.resultStage === 'coarse');
    const made = w.n.made;
    const st = store.getState();
    st.beginTransient();
    for (const x of [4.2, 4.4, 4.6]) {
      st.updateTransient((d) => ({ ...d, equipment: d.equipment.map((e) => (e.id === 'rack-1' ? { ...e, position: [x, 4, 0] as [number, number, number] } : e)) }));
      await new Promise((r) => setTimeout(r, 120)); // longer than the debounce: still no run mid-drag
    }
    expect(w.n.terminated).toBe(1);
    expect(w.n.made).toBe(made);
    expect(store.getState().airflow.stale).toBe(true);
    st.commitTransient();
    await until(() => w.n.made === made + 1);
    await until(() => store.getState().airflow.status === 'done');
    expect(store.getState().airflow.stale).toBe(false);
    expect(store.getState().airflow.result!.halls[0].racks.map((r) => r.id)).toEqual(['rack-1']);
    // the finished run's worker is kept (idle); a cancelled drag runs the unchanged layout again in it
    const before = { ...w.n };
    const prevResult = store.getState().airflow.result;
    st.beginTransient();
    st.updateTransient((d) => ({ ...d, equipment: d.equipment.map((e) => (e.id === 'rack-1' ? { ...e, position: [5, 4, 0] as [number, number, number] } : e)) }));
    await new Promise((r) => setTimeout(r, 100));
    expect(store.getState().airflow.stale).toBe(true);
    st.cancelTransient();
    await until(() => store.getState().airflow.status === 'done' && store.getState().airflow.result !== prevResult);
    expect(store.getState().airflow.stale).toBe(false);
    expect(w.n).toEqual(before); // no worker started or stopped: the idle one ran it
  });

  it('the refined solve starts only once the coarse answer has been drawn (two frames), so the frame does not compete with it', async () => {
    const frames: FrameRequestCallback[] = [];
    const g = globalThis as { requestAnimationFrame?: (cb: FrameRequestCallback) => number };
    g.requestAnimationFrame = (cb) => frames.push(cb);
    restore = () => delete g.requestAnimationFrame;
    const store: EditorStore = createEditorStore(roomDoc());
    stop = startAirflow(store, 0, 60_000);
    store.getState().setThermal({ on: true });
    await until(() => store.getState().airflow.resultStage === 'coarse');
    const coarseMs = store.getState().airflow.elapsedMs;
    const frame = async () => {
      await until(() => frames.length > 0);
      frames.splice(0).forEach((cb) => cb(performance.now()));
      await new Promise((r) => setTimeout(r, 10));
    };
    // the browser takes its time to draw: the worker waits for it (its clock keeps running)
    await new Promise((r) => setTimeout(r, 1500));
    await frame(); // the panels
    await frame(); // the scene
    await until(() => store.getState().airflow.status === 'done');
    expect(store.getState().airflow.elapsedMs - coarseMs).toBeGreaterThan(1500);
    // progress messages ride their own channel: a late one never turns the status back
    await new Promise((r) => setTimeout(r, 200));
    expect(store.getState().airflow).toMatchObject({ status: 'done', resultStage: 'final', stage: 'final' });
  });
});
