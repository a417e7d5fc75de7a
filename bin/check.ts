/**
 * Command-line checker: `npm run check -- <layout.json> [--json] [--airflow=coarse|normal|fine|off]`.
 *
 * Loads a layout through the same pipeline as the app, runs every engine and prints the key figures
 * and findings. The airflow engine (slow, so not in ENGINES) runs too, by default on the coarse grid
 * (1 m cells in a 60 × 30 × 7 m hall; adapted to the hall's size, workers/airflow/layout.ts cellSizeFor) in
 * every hall that has air cooling or ventilation. Exit codes: 0 no critical finding, 1 at least one
 * critical finding, 2 the file could not be read or is not a valid layout (or the command line is wrong).
 */
import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadLayout, MAX_FILE_BYTES } from '../src/model/load';
import { runAll, sortFindings } from '../workers/analysis';
import type { Figure, Finding, Severity } from '../workers/findings';
import { airflowDomainFromLayout, type AirflowResolution } from '../workers/airflow/layout';
import { runAirflow, type AirflowResult } from '../workers/airflow/engine';
import type { LayoutDoc } from '../src/model/document';

/** Findings listed in the human-readable output unless --all (the JSON output always has all). */
export const MAX_LISTED = 200;

export const USAGE = `Usage: npm run check -- <layout.json> [--json] [--airflow=coarse|normal|fine|off]

Checks a Retrofit Designer layout file: loads and validates it, runs the analysis engines
and prints the key figures and the findings.

Options:
  --json      print one JSON object {file, figures, findings, summary, airflow} on stdout
  --all       list every finding (by default the first ${MAX_LISTED} are listed, critical first)
  --airflow=coarse|normal|fine|off
              airflow and temperatures on about 1 m / 0.5 m / 0.33 m cells (adapted to each
              hall: ≥ 6/10/14 layers over its height, ≤ 25k/150k/500k cells), or not at all. Default:
              coarse, on every hall with air cooling or ventilation (a hall without is noted on
              stderr); naming a resolution also checks halls without (their heat has nowhere to go).
  -h, --help  show this help

Exit codes: 0 no critical finding, 1 critical findings, 2 unreadable or invalid file.
`;

export interface Io {
  out(text: string): void;
  err(text: string): void;
}

/** A number for people: at most 0–3 decimals by magnitude (trailing zeros dropped), thousands separated. */
export function fmtNumber(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  const digits = Number.isInteger(v) ? 0 : a >= 100 ? 0 : a >= 10 ? 1 : a >= 0.1 ? 2 : 3;
  return v.toLocaleString('en-US', { minimumFractionDigits: 0, maximumFractionDigits: digits });
}

const withUnit = (v: number, unit: string) => (unit ? `${fmtNumber(v)} ${unit}` : fmtNumber(v));

function figureLine(f: Figure, width: number): string {
  return `  ${f.label.padEnd(width)}  ${withUnit(f.value, f.unit)}`;
}

function findingLine(f: Finding): string {
  const tag = f.severity.toUpperCase().padEnd(8);
  const extra: string[] = [];
  if (f.measured) extra.push(`measured ${withUnit(f.measured.value, f.measured.unit)}`);
  if (f.limit) extra.push(`limit ${withUnit(f.limit.value, f.limit.unit)}`);
  extra.push(`owner ${f.owner}`);
  if (f.subjects.length) extra.push(f.subjects.join(', '));
  return `  ${tag}  ${f.message}\n            [${f.id}] ${extra.join('; ')}`;
}

/** Run the checker; returns the exit code. */
export function main(argv: readonly string[], io: Io): number {
  let json = false;
  let all = false;
  let airflow: AirflowResolution | 'off' | 'auto' = 'auto';
  const files: string[] = [];
  for (const a of argv) {
    if (a === '--help' || a === '-h') {
      io.out(USAGE);
      return 0;
    } else if (a === '--json') json = true;
    else if (a === '--all') all = true;
    else if (a.startsWith('--airflow=')) {
      const v = a.slice('--airflow='.length);
      if (v !== 'coarse' && v !== 'normal' && v !== 'fine' && v !== 'off') {
        io.err(`check: --airflow must be coarse, normal, fine or off (got "${v}")\n\n${USAGE}`);
        return 2;
      }
      airflow = v;
    }
    else if (a.startsWith('-') && a !== '-') {
      io.err(`check: unknown option ${a}\n\n${USAGE}`);
      return 2;
    } else files.push(a);
  }
  if (files.length !== 1) {
    io.err(`${files.length === 0 ? 'check: no layout file given' : `check: one layout file at a time (got ${files.length})`}\n\n${USAGE}`);
    return 2;
  }
  const file = files[0];

  // read, size-guarded before reading
  let text: string;
  try {
    const st = statSync(file);
    if (!st.isFile()) {
      io.err(`check: ${file} is not a file.\n`);
      return 2;
    }
    if (st.size > MAX_FILE_BYTES) {
      io.err(`check: ${file} is ${(st.size / 1e6).toFixed(1)} MB; layouts are limited to ${MAX_FILE_BYTES / 1e6} MB. Is this the right file?\n`);
      return 2;
    }
    text = readFileSync(file, 'utf8');
    // editors on some systems write a byte-order mark; JSON.parse would refuse it
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : (e as Error).message;
    io.err(`check: cannot read ${file}: ${why}.\n`);
    return 2;
  }

  const loaded = loadLayout(text);
  if (!loaded.ok) {
    // a whole-file problem repeats the summary; list only what adds a path or a detail
    const detail = loaded.errors.filter((x) => x.path || x.message !== loaded.summary);
    const lines = detail.map((x) => `  ${x.path || '(file)'}: ${x.message}\n`).join('');
    io.err(`check: ${file} is not a valid layout.\n${loaded.summary}\n${lines}`);
    if (json) io.out(JSON.stringify({ file, error: loaded.summary, errors: loaded.errors }) + '\n');
    return 2;
  }
  for (const w of loaded.warnings) io.err(`check: note: ${w.path || '(file)'}: ${w.message}\n`);
  if (loaded.migratedFrom !== undefined) io.err(`check: note: the file is format version ${loaded.migratedFrom}; it was migrated in memory (the file is unchanged).\n`);

  const base = runAll(loaded.doc);
  const air = airflow === 'off' ? null : runAirflowForCli(loaded.doc, airflow, io);
  const findings = air ? sortFindings([...base.findings, ...air.findings]) : base.findings;
  const figures = air ? [...base.figures, ...air.figures] : base.figures;
  const summary: Record<Severity, number> = { critical: 0, warning: 0, info: 0 };
  for (const f of findings) summary[f.severity]++;

  if (json) {
    io.out(JSON.stringify({ file, figures, findings, summary, ...(air ? { airflow: airflowJson(air) } : {}) }) + '\n');
  } else {
    const doc = loaded.doc;
    const width = Math.max(...figures.map((f) => f.label.length), 8);
    const out: string[] = [];
    out.push(`${file}: "${doc.meta.title}" — ${doc.halls.length} hall${doc.halls.length === 1 ? '' : 's'}, ${doc.equipment.length} equipment`);
    out.push('');
    out.push('Figures');
    for (const f of figures) out.push(figureLine(f, width));
    if (air) for (const l of airflowLines(air)) out.push(l);
    out.push('');
    out.push(`Findings: ${summary.critical} critical, ${summary.warning} warning${summary.warning === 1 ? '' : 's'}, ${summary.info} info`);
    const listed = all ? findings : findings.slice(0, MAX_LISTED);
    for (const f of listed) out.push(findingLine(f));
    if (listed.length < findings.length) out.push(`  … and ${findings.length - listed.length} more (--all or --json lists every finding)`);
    if (findings.length === 0) out.push('  none — the layout passes every check.');
    io.out(out.join('\n') + '\n');
  }
  return summary.critical > 0 ? 1 : 0;
}

/**
 * The airflow part of the check. 'auto': the coarse grid, only halls with air cooling or ventilation (a
 * hall whose heat has nowhere to go is noted on stderr: with rack heat and nothing to remove it there
 * is no steady state to compute); a named resolution: every hall with equipment.
 */
export function runAirflowForCli(doc: LayoutDoc, mode: AirflowResolution | 'auto', io: Io): AirflowResult | null {
  const resolution: AirflowResolution = mode === 'auto' ? 'coarse' : mode;
  let hallIds = doc.halls.filter((h) => doc.equipment.some((e) => e.hallId === h.id)).map((h) => h.id);
  if (mode === 'auto') {
    hallIds = hallIds.filter((id) => {
      const d = airflowDomainFromLayout(doc, id, { resolution });
      if (d.heatToAir_W > 0 && !d.hasHeatRemoval)
        io.err(
          `check: note: airflow not run for ${id}: ${(d.heatToAir_W / 1000).toFixed(1)} kW reaches the air and no cooler, fan, evaporative intake or opening removes it (--airflow=coarse reports it as a finding).\n`,
        );
      return d.heatToAir_W > 0 && d.hasHeatRemoval;
    });
  }
  if (hallIds.length === 0) return null;
  return runAirflow(doc, { resolution, hallIds });
}

function airflowLines(air: AirflowResult): string[] {
  const out: string[] = [];
  for (const h of air.halls) {
    if (h.skipped) {
      out.push(`  Airflow ${h.hallId}: not solved (${h.skipped})`);
      continue;
    }
    const [nx, ny, nz] = h.dims;
    out.push(
      `  Airflow ${h.hallId}: ${nx}×${ny}×${nz} cells of ${fmtNumber(h.cellM)} m, ${h.steps} steps, ${fmtNumber(h.solveMs / 1000)} s, ${h.converged ? 'converged' : 'NOT converged'}; energy: released ${fmtNumber(h.energy.released_W / 1000)} kW, removed ${fmtNumber(h.energy.removedByCoolers_W / 1000)} kW, leaving ${fmtNumber(h.energy.leavingOpenings_W / 1000)} kW (imbalance ${fmtNumber(h.energy.relative * 100)} %)`,
    );
  }
  return out;
}

function airflowJson(air: AirflowResult) {
  const r = (v: number, d = 3) => (Number.isFinite(v) ? Number(v.toFixed(d)) : null);
  return {
    halls: air.halls.map((h) => ({
      hallId: h.hallId,
      dims: h.dims,
      cellM: h.cellM,
      skipped: h.skipped ?? null,
      converged: h.converged,
      steps: h.steps,
      solveS: r(h.solveMs / 1000),
      energy: { releasedW: r(h.energy.released_W, 1), removedByCoolersW: r(h.energy.removedByCoolers_W, 1), leavingW: r(h.energy.leavingOpenings_W, 1), imbalanceW: r(h.energy.imbalance_W, 1), imbalancePct: r(h.energy.relative * 100, 4) },
      rciHi: r(h.rciHi, 2),
      rciLo: r(h.rciLo, 2),
      rti: r(h.rti, 2),
      racks: h.racks.map((x) => ({ id: x.id, role: x.role, inletMeanC: r(x.inletMeanC), inletMaxC: r(x.inletMaxC), exhaustC: r(x.exhaustC) })),
      coolers: h.coolers.map((c) => ({ id: c.id, returnC: r(c.returnC), supplyC: r(c.supplyC), loadW: r(c.load_W, 1), capacityW: c.capacity_W, saturated: c.saturated })),
      hotSpots: h.hotSpots.slice(0, 20).map((s) => ({ volumeM3: r(s.volume_m3), maxC: r(s.maxC), at: s.at.map((v) => r(v, 2)), racks: s.racks })),
    })),
  };
}


// run when executed (tsx bin/check.ts), not when imported
const invoked = process.argv[1] ? pathToFileURL(resolve(process.argv[1])).href : '';
if (invoked === import.meta.url) {
  process.exitCode = main(process.argv.slice(2), {
    out: (t) => process.stdout.write(t),
    err: (t) => process.stderr.write(t),
  });
}
