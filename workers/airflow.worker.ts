/**
 * The airflow Web Worker: runs the airflow engine (workers/airflow/engine.ts) off the main thread.
 * A coarse answer is posted first, then the refined one; the previous run's solver state is passed back
 * in by the caller for a warm start. Cancellation is by terminating the worker (a solve is one long
 * synchronous loop), so the caller keeps the last finished state.
 */
import { expose, releaseProxy, transfer } from 'comlink';
import type { LayoutDoc } from '../src/model/document';
import { runAirflow, type AirflowResult, type HallAirflow } from './airflow/engine';
import type { AirflowResolution } from './airflow/layout';

export interface AirflowRunRequest {
  docJson: string;
  runId: number;
  /** the final resolution; a coarse pass runs first unless it is already coarse */
  resolution: AirflowResolution;
  /** warm starts: the halls (with solver state) of the previous coarse and final results */
  initialCoarse?: HallAirflow[];
  initialFinal?: HallAirflow[];
  /**
   * after an edit (a warm coarse start), post a preview once the coarse solve has run this long, ms,
   * before settling it (default 150; 0 = none)
   */
  previewMs?: number;
}

export interface AirflowStage {
  runId: number;
  /** preview: the first steps of the warm coarse solve after an edit (halls marked `preview`) */
  stage: 'preview' | 'coarse' | 'final';
  result: AirflowResult;
  elapsedMs: number;
}

export interface AirflowWorkerApi {
  run(req: AirflowRunRequest, onStage: (s: AirflowStage) => void | Promise<void>, onProgress: (p: { stage: 'coarse' | 'final'; step: number; hallId: string }) => void): Promise<void>;
}

function buffersOf(r: AirflowResult): ArrayBuffer[] {
  const out: ArrayBuffer[] = [];
  for (const h of r.halls) {
    out.push(h.temperature.buffer as ArrayBuffer);
    for (const a of [h.state.u, h.state.v, h.state.w, h.state.p, h.state.T]) out.push(a.buffer as ArrayBuffer);
  }
  return out.filter((b, i, all) => b.byteLength > 0 && all.indexOf(b) === i);
}

export const api: AirflowWorkerApi = {
  async run(req, onStage, onProgress) {
    const doc = JSON.parse(req.docJson) as LayoutDoc;
    const t0 = performance.now();
    let last = 0;
    const progress = (stage: 'coarse' | 'final') => (p: { hallId: string; step: number }) => {
      // throttle: a message every 10 steps is plenty for a progress bar
      if (p.step - last >= 10 || p.step < last) {
        last = p.step;
        void onProgress({ stage, step: p.step, hallId: p.hallId });
      }
      return true;
    };
    // post a stage's result; a result the worker still needs (the next stage starts from it) goes as a copy
    const post = (stage: AirflowStage['stage'], result: AirflowResult, keep: boolean) => {
      const r = keep ? structuredClone(result) : result;
      return onStage(transfer({ runId: req.runId, stage, result: r, elapsedMs: performance.now() - t0 }, buffersOf(r)));
    };
    let initialFinal = req.initialFinal;
    let initialCoarse = req.initialCoarse;
    const warm = !!initialCoarse?.length;
    const previewMs = req.previewMs ?? 150;
    let settledCoarse: AirflowResult | null = null;
    if (warm && previewMs > 0) {
      // after an edit: the first steps of the warm coarse solve already carry most of the edit's effect
      // (the moved rack's own intake at once; the hall's slow recirculation follows), so show them
      // (≈ 8 steps at 1 m for the converted hall, docs/airflow.md §13), then settle from there
      const preview = runAirflow(doc, { resolution: 'coarse', initial: initialCoarse, maxSolveMs: previewMs, onProgress: progress('coarse') });
      if (preview.halls.every((h) => h.usable || h.skipped)) {
        initialCoarse = preview.halls;
        if (req.resolution === 'coarse') initialFinal = preview.halls;
        if (preview.halls.some((h) => h.preview)) await post('preview', preview, true);
        else settledCoarse = preview; // it settled within the budget (a small room): that is the coarse answer
      }
    }
    if (req.resolution !== 'coarse') {
      // a quick coarse answer first (warm from the previous coarse one), then the refined one
      // after an edit (warm start) the coarse answer is a preview that the refined one replaces: stop it
      // on a 0.5 K band over 15 steps (≈ 0.45 s for the converted hall, within 0.6 K of the settled
      // coarse answer; the default 0.3 K over 30 steps takes ≈ 0.85 s, docs/airflow.md §13)
      const coarse =
        settledCoarse ??
        runAirflow(doc, {
          resolution: 'coarse',
          initial: initialCoarse,
          onProgress: progress('coarse'),
          ...(warm ? { tolDeviceDrift_K: 0.5, driftWindow: 15 } : {}),
        });
      if (!initialFinal?.length) initialFinal = coarse.halls;
      await post('coarse', coarse, true);
    }
    last = 0;
    const final =
      req.resolution === 'coarse' && settledCoarse
        ? settledCoarse
        : runAirflow(doc, { resolution: req.resolution, initial: initialFinal, coarseThenFine: false, onProgress: progress('final') });
    await post('final', final, false);
    release(onStage, onProgress);
  },
};

/** The caller keeps this worker for its next run: close this run's callback channels. */
function release(...callbacks: unknown[]) {
  for (const cb of callbacks as { [releaseProxy]?: () => void }[]) cb[releaseProxy]?.();
}

if (typeof self !== 'undefined' && typeof window === 'undefined') {
  expose(api, self as unknown as Parameters<typeof expose>[1]);
}
