/**
 * The analysis Web Worker: exposes runAll over comlink. The computation lives in ./analysis.ts;
 * this file only parses the snapshot and exposes the API.
 */
import { expose } from 'comlink';
import type { LayoutDoc } from '../src/model/document';
import type { EngineResult, Figure, Finding } from './findings';
import { runAll, ENGINES, type AnalysisOptions } from './analysis';

export interface AnalysisResponse {
  /** echoes the request's runId so the caller can drop results of superseded runs */
  runId: number;
  results: EngineResult[];
  /** critical first */
  findings: Finding[];
  figures: Figure[];
  /** wall-clock time of the whole analysis inside the worker, ms */
  elapsedMs: number;
}

export interface AnalysisApi {
  /**
   * Analyse a document snapshot given as JSON text (the app's already-validated document, e.g.
   * JSON.stringify(doc)); a string is passed so that nothing of the caller's objects is shared.
   * Rejects when the text is not JSON.
   */
  analyse(docJson: string, runId: number, opts?: AnalysisOptions): AnalysisResponse;
}

export const api: AnalysisApi = {
  analyse(docJson: string, runId: number, opts: AnalysisOptions = {}): AnalysisResponse {
    const t0 = performance.now();
    const doc = JSON.parse(docJson) as LayoutDoc;
    const r = runAll(doc, ENGINES, opts);
    return { runId, ...r, elapsedMs: performance.now() - t0 };
  },
};

// Only expose inside a worker. `self` must be passed explicitly (under @vitest/web-worker the default
// endpoint lacks addEventListener), and WorkerGlobalScope is not defined in that simulation.
if (typeof self !== 'undefined' && typeof window === 'undefined') {
  expose(api, self as unknown as Parameters<typeof expose>[1]);
}
