/**
 * The analysis runner: every engine over one layout, results merged. Pure (no DOM), so the CLI,
 * the benchmarks, the tests and the analysis worker all call the same code.
 */
import type { LayoutDoc } from '../src/model/document';
import { SEVERITY_RANK, type EngineResult, type Figure, type Finding, type Owner } from './findings';
import { runSpace } from './space/engine';
import { runLiquid } from './liquid/adapt';
import { runPower } from './power/adapt';

/** One engine: a name (the `engine` field of its findings), who owns its failures, and the pure run. */
export interface EngineDef {
  name: string;
  /** who acts when the engine itself fails (its findings carry their own owners) */
  owner: Owner;
  run(doc: LayoutDoc, opts: AnalysisOptions): EngineResult;
}

/** What-if options for one analysis run (the every-edit run passes none). */
export interface AnalysisOptions {
  /**
   * Equipment taken out of service to view one failure scenario live (the power engine then shows that
   * state instead of enumerating every single failure).
   */
  outOfService?: readonly string[];
}

/** The engines, in the order they run and report. Airflow, power and liquid join here. */
export const ENGINES: EngineDef[] = [
  { name: 'space', owner: 'structural', run: (doc) => runSpace(doc) },
  {
    name: 'electrical',
    owner: 'electrical',
    run: (doc, opts) => (opts.outOfService?.length ? runPower(doc, { outOfService: opts.outOfService, singleFailure: false }) : runPower(doc)),
  },
  // runLiquid's result carries the per-pipe state for the view (pipes coloured by velocity)
  { name: 'liquid', owner: 'mechanical', run: (doc) => runLiquid(doc) },
];

export interface AnalysisResult {
  /** one result per engine, in ENGINES order (a failed engine gives a result with one engine-failed finding) */
  results: EngineResult[];
  /** all findings, critical first, then warning, then info; engine order and each engine's order within a severity */
  findings: Finding[];
  /** all figures, engine by engine */
  figures: Figure[];
}

/** Sort critical → warning → info, keeping the given order within a severity (Array.prototype.sort is stable). */
export function sortFindings(findings: Finding[]): Finding[] {
  return [...findings].sort((a, b) => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity]);
}

/**
 * Run every engine on the document. An engine that throws does not take the others down: it becomes
 * a critical finding `<engine>:engine-failed` naming the engine and the error.
 */
export function runAll(doc: LayoutDoc, engines: readonly EngineDef[] = ENGINES, opts: AnalysisOptions = {}): AnalysisResult {
  const results: EngineResult[] = [];
  for (const e of engines) {
    const t0 = performance.now();
    try {
      const r = e.run(doc, opts);
      results.push(r);
    } catch (err) {
      const msg = err instanceof Error ? err.message : String(err);
      results.push({
        engine: e.name,
        figures: [],
        findings: [
          {
            id: `${e.name}:engine-failed`,
            engine: e.name,
            code: 'engine-failed',
            severity: 'critical',
            message: `The ${e.name} analysis failed: ${msg}. Its checks did not run; the other results stand.`,
            subjects: [],
            owner: e.owner,
          },
        ],
        elapsedMs: performance.now() - t0,
      });
    }
  }
  return {
    results,
    findings: sortFindings(results.flatMap((r) => r.findings)),
    figures: results.flatMap((r) => r.figures),
  };
}
