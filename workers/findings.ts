/**
 * What every engine returns. A finding is one thing a person must act on (or know), with the
 * measured value and the limit it was checked against, and who must act.
 */
export type Severity = 'info' | 'warning' | 'critical';
export type Owner = 'IT' | 'electrical' | 'mechanical' | 'structural';

export interface Measure {
  value: number;
  /** SI unit as shown in the document, e.g. 'm', 'kg/m²', 'kW', '°C' */
  unit: string;
}

export interface Finding {
  /** stable id: engine:code:subject, so the UI can keep selection across runs */
  id: string;
  engine: string;
  /** machine-readable check name, e.g. 'overlap', 'clearance-front', 'floor-load' */
  code: string;
  severity: Severity;
  message: string;
  /** equipment (or hall) ids this finding concerns; the first is the one to frame */
  subjects: string[];
  measured?: Measure;
  limit?: Measure;
  owner: Owner;
  /** a plan point to frame when the subject alone does not say where, metres */
  at?: [number, number, number];
}

/** A headline figure of an engine, e.g. total IT load. */
export interface Figure {
  name: string;
  label: string;
  value: number;
  unit: string;
}

export interface EngineResult {
  engine: string;
  figures: Figure[];
  findings: Finding[];
  /** wall-clock time of the run, ms (informational) */
  elapsedMs: number;
}

export const SEVERITY_RANK: Record<Severity, number> = { info: 0, warning: 1, critical: 2 };
