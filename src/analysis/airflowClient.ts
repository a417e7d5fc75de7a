import * as Comlink from 'comlink';
import type { AirflowStage, AirflowWorkerApi } from '../../workers/airflow.worker';
import type { HallAirflow } from '../../workers/airflow/engine';
import type { EditorStore } from '../store/store';

/**
 * Live airflow: runs in its own worker whenever the document changes while thermal analysis is on.
 * A newer edit cancels the running solve (the worker is terminated: a solve is one synchronous loop),
 * and the next run warm-starts from the last finished coarse and final solutions.
 */
export function startAirflow(store: EditorStore, debounceMs = 350): () => void {
  let worker: Worker | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let runId = 0;
  let lastCoarse: HallAirflow[] | undefined;
  let lastFinal: HallAirflow[] | undefined;
  let lastFinalRes: string | undefined;

  const stop = () => {
    worker?.terminate();
    worker = null;
  };

  const launch = () => {
    const s = store.getState();
    if (!s.thermal.on) return;
    stop();
    const id = ++runId;
    const doc = s.doc;
    const resolution = s.thermal.resolution;
    worker = new Worker(new URL('../../workers/airflow.worker.ts', import.meta.url), { type: 'module' });
    const w = worker;
    w.addEventListener('error', (e) => {
      if (id !== runId) return;
      store.getState().setAirflow({ status: 'error', error: e.message || 'the airflow worker stopped' });
      stop();
    });
    const api = Comlink.wrap<AirflowWorkerApi>(w);
    store.getState().setAirflow({ status: 'running', stage: 'coarse', step: 0, error: undefined });
    const onStage = (st: AirflowStage) => {
      if (st.runId !== runId) return;
      if (st.stage === 'coarse') lastCoarse = st.result.halls;
      else {
        lastFinal = st.result.halls;
        lastFinalRes = resolution;
      }
      const cur = store.getState();
      store.getState().setAirflow({
        status: st.stage === 'final' ? 'done' : 'running',
        stage: 'final',
        result: st.result,
        resultStage: st.stage,
        stale: cur.doc !== doc,
        elapsedMs: st.elapsedMs,
      });
    };
    const onProgress = (p: { stage: 'coarse' | 'final'; step: number }) => {
      if (id === runId) store.getState().setAirflow({ stage: p.stage, step: p.step });
    };
    api
      .run(
        {
          docJson: JSON.stringify(doc),
          runId: id,
          resolution,
          initialCoarse: lastCoarse,
          initialFinal: lastFinalRes === resolution ? lastFinal : undefined,
        },
        Comlink.proxy(onStage),
        Comlink.proxy(onProgress),
      )
      .then(
        () => {
          if (id === runId) stop();
        },
        (e: unknown) => {
          if (id !== runId) return;
          store.getState().setAirflow({ status: 'error', error: e instanceof Error ? e.message : String(e) });
          stop();
        },
      );
  };

  const schedule = () => {
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
    if (s.doc !== prev.doc || s.thermal.on !== prev.thermal.on || s.thermal.resolution !== prev.thermal.resolution) {
      if (s.doc !== prev.doc && s.airflow.result) store.getState().setAirflow({ stale: true });
      schedule();
    }
  });
  return () => {
    unsub();
    if (timer) clearTimeout(timer);
    runId++;
    stop();
  };
}
