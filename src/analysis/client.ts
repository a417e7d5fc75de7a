import * as Comlink from 'comlink';
import type { AnalysisApi, AnalysisResponse } from '../../workers/analysis.worker';
import type { EditorState, EditorStore } from '../store/store';
import type { LayoutDoc } from '../model/document';
import { docJson } from './docJson';

/**
 * Runs every engine in a Web Worker whenever the document changes: debounced, one run at a time,
 * results of a run superseded by a newer edit are dropped. A worker that throws or dies is reported
 * as an analysis error; the document is never touched by analysis.
 */
export function startAnalysis(store: EditorStore, debounceMs = 120): () => void {
  let worker: Worker | null = null;
  let api: Comlink.Remote<AnalysisApi> | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let running = false;
  let pending: { doc: LayoutDoc; scenario: EditorState['scenario'] } | null = null;
  let runId = 0;

  const connect = () => {
    worker = new Worker(new URL('../../workers/analysis.worker.ts', import.meta.url), { type: 'module' });
    worker.addEventListener('error', (e) => {
      store.getState().setAnalysis({ status: 'error', error: e.message || 'the analysis worker stopped' });
      worker?.terminate();
      worker = null;
      api = null;
      running = false;
    });
    api = Comlink.wrap<AnalysisApi>(worker);
  };

  const run = async () => {
    if (running || !pending) return;
    const { doc, scenario } = pending;
    pending = null;
    running = true;
    const id = ++runId;
    store.getState().setAnalysis({ status: 'running', runId: id });
    try {
      if (!api) connect();
      const res: AnalysisResponse = await api!.analyse(docJson(doc), id, scenario ? { outOfService: scenario.failed } : {});
      // stale: the document or the scenario changed while this run was going
      const now = store.getState();
      if (now.doc === doc && now.scenario === scenario && res.runId === runId) {
        now.setAnalysis({ status: 'done', findings: res.findings, figures: res.figures, results: res.results, elapsedMs: res.elapsedMs, error: undefined });
      }
    } catch (e) {
      store.getState().setAnalysis({ status: 'error', error: (e as Error).message ?? String(e) });
    } finally {
      running = false;
      if (pending) void run();
    }
  };

  const schedule = (doc: LayoutDoc, scenario: EditorState['scenario']) => {
    pending = { doc, scenario };
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      void run();
    }, debounceMs);
  };

  schedule(store.getState().doc, store.getState().scenario);
  const unsub = store.subscribe((s, prev) => {
    if (s.doc !== prev.doc || s.scenario !== prev.scenario) schedule(s.doc, s.scenario);
  });
  return () => {
    unsub();
    if (timer) clearTimeout(timer);
    worker?.terminate();
  };
}
