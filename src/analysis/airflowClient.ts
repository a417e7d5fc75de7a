import * as Comlink from 'comlink';
import type { AirflowStage, AirflowWorkerApi } from '../../workers/airflow.worker';
import type { HallAirflow } from '../../workers/airflow/engine';
import type { EditorStore } from '../store/store';
import { docJson } from './docJson';

/**
 * Resolves once the browser has produced `frames` more frames (each: a rAF callback, then a task after
 * that frame), or after `capMs` (a hidden tab draws no frames).
 */
function afterFrames(frames: number, capMs: number): Promise<void> {
  if (typeof requestAnimationFrame !== 'function') return Promise.resolve();
  return new Promise((resolve) => {
    const cap = setTimeout(resolve, capMs);
    const next = (n: number) => {
      if (n === 0) {
        clearTimeout(cap);
        resolve();
        return;
      }
      requestAnimationFrame(() => setTimeout(() => next(n - 1), 0));
    };
    next(frames);
  });
}

/**
 * Live airflow: runs in its own worker whenever the document changes while thermal analysis is on.
 * A newer edit cancels the running solve at once (the worker is terminated: a solve is one synchronous
 * loop), and the next run starts `debounceMs` after the edit is finished (the committed document: at the
 * end of a drag, not on every pointer move), warm from the last finished coarse and final solutions.
 * After an edit the warm coarse solve is shown after `previewMs` of solving (a preview, drawn before it
 * goes on), then settled, then refined.
 *
 * The main thread and the solver share the machine: on a software-rendered canvas a frame drawn while
 * the solver computes can take several times as long (measured 40–430 ms instead of ≈ 45 ms on two
 * cores). So the worker waits, after posting the coarse answer, until it has been drawn (two frames:
 * the panels, then the scene; at most `drawWaitMs`) before it starts the refined solve — and a
 * stale solve is stopped at the first edit, not when the next one starts, so the edit's own frames
 * (a drag) do not compete with it.
 */
export function startAirflow(store: EditorStore, debounceMs = 100, drawWaitMs = 1000, previewMs = 150): () => void {
  // one worker at a time; kept after a finished run (idle) so the next edit does not pay for starting
  // one, terminated when its run goes stale (a solve is one synchronous loop: no other way to stop it)
  let worker: Worker | null = null;
  let api: Comlink.Remote<AirflowWorkerApi> | null = null;
  let busy = false;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let runId = 0;
  let lastCoarse: HallAirflow[] | undefined;
  let lastFinal: HallAirflow[] | undefined;
  let lastFinalRes: string | undefined;

  const stop = () => {
    worker?.terminate();
    worker = null;
    api = null;
    busy = false;
  };

  const launch = () => {
    const s = store.getState();
    if (!s.thermal.on) return;
    if (busy) stop();
    const id = ++runId;
    const doc = s.committed;
    const resolution = s.thermal.resolution;
    if (!worker || !api) {
      const w = new Worker(new URL('../../workers/airflow.worker.ts', import.meta.url), { type: 'module' });
      w.addEventListener('error', (e) => {
        if (w !== worker) return;
        store.getState().setAirflow({ status: 'error', error: e.message || 'the airflow worker stopped' });
        stop();
      });
      worker = w;
      api = Comlink.wrap<AirflowWorkerApi>(w);
    }
    busy = true;
    store.getState().setAirflow({ status: 'running', stage: 'coarse', step: 0, error: undefined });
    // progress and stage results ride separate message channels (one per comlink proxy), so a progress
    // message can land after the stage it reports on has finished: drop those
    const finished = new Set<'coarse' | 'final'>();
    const onStage = (st: AirflowStage) => {
      if (st.runId !== runId) return;
      if (st.stage !== 'preview') finished.add(st.stage);
      // a preview is the warm coarse state a few steps on: the next edit starts from it if this run goes stale
      if (st.stage !== 'final') lastCoarse = st.result.halls;
      else {
        lastFinal = st.result.halls;
        lastFinalRes = resolution;
      }
      const cur = store.getState();
      store.getState().setAirflow({
        status: st.stage === 'final' ? 'done' : 'running',
        // what is being solved next: the coarse solve settles from its preview, the refined one follows the coarse
        stage: st.stage === 'preview' ? 'coarse' : 'final',
        result: st.result,
        resultStage: st.stage,
        stale: cur.doc !== doc,
        elapsedMs: st.elapsedMs,
      });
      // the worker awaits this before it goes on (comlink resolves the promise first)
      return st.stage !== 'final' ? afterFrames(2, drawWaitMs) : undefined;
    };
    const onProgress = (p: { stage: 'coarse' | 'final'; step: number }) => {
      if (id === runId && !finished.has(p.stage)) store.getState().setAirflow({ stage: p.stage, step: p.step });
    };
    api
      .run(
        {
          docJson: docJson(doc),
          runId: id,
          resolution,
          initialCoarse: lastCoarse,
          initialFinal: lastFinalRes === resolution ? lastFinal : undefined,
          previewMs,
        },
        Comlink.proxy(onStage),
        Comlink.proxy(onProgress),
      )
      .then(
        () => {
          // the worker is idle now: keep it for the next run
          if (id === runId) busy = false;
        },
        (e: unknown) => {
          if (id !== runId) return;
          store.getState().setAirflow({ status: 'error', error: e instanceof Error ? e.message : String(e) });
          stop();
        },
      );
  };

  const cancelRunning = () => {
    if (!busy) return;
    runId++;
    stop();
    store.getState().setAirflow({ status: 'running', stage: 'coarse', step: 0 });
  };

  const schedule = () => {
    // whatever is solving now is for an older document or grid: stop it now, not at the next launch
    cancelRunning();
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      launch();
    }, debounceMs);
  };

  if (store.getState().thermal.on) schedule();
  const unsub = store.subscribe((s, prev) => {
    if (!s.thermal.on) {
      if (prev.thermal.on) {
        runId++;
        stop();
        store.getState().setAirflow({ status: 'off' });
      }
      return;
    }
    if (s.doc !== prev.doc || s.thermal.resolution !== prev.thermal.resolution) {
      // whatever is solving now is for an older document or grid: stop it now (a drag's frames must not
      // compete), and the answer shown is no longer the one asked for
      if (s.airflow.result && !s.airflow.stale) store.getState().setAirflow({ stale: true });
      cancelRunning();
    }
    // a new run once an edit is finished — the document is the committed one again: after an action,
    // at the end of a drag, or when a drag is cancelled (not on every pointer move of a drag)
    const settled = s.doc === s.committed && (s.doc !== prev.doc || s.committed !== prev.committed);
    if (settled || s.thermal.on !== prev.thermal.on || s.thermal.resolution !== prev.thermal.resolution) schedule();
  });
  return () => {
    unsub();
    if (timer) clearTimeout(timer);
    runId++;
    stop();
  };
}
