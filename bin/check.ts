/**
 * Command-line checker: `npm run check -- <layout.json> [--json]`.
 *
 * Loads a layout through the same pipeline as the app, runs every engine and prints the key figures
 * and findings. Exit codes: 0 no critical finding, 1 at least one critical finding, 2 the file could
 * not be read or is not a valid layout (or the command line is wrong).
 */
import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadLayout, MAX_FILE_BYTES } from '../src/model/load';
import { runAll } from '../workers/analysis';
import type { Figure, Finding, Severity } from '../workers/findings';

/** Findings listed in the human-readable output unless --all (the JSON output always has all). */
export const MAX_LISTED = 200;

export const USAGE = `Usage: npm run check -- <layout.json> [--json]

Checks a Retrofit Designer layout file: loads and validates it, runs the analysis engines
and prints the key figures and the findings.

Options:
  --json      print one JSON object {file, figures, findings, summary} on stdout
  --all       list every finding (by default the first ${MAX_LISTED} are listed, critical first)
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
  const files: string[] = [];
  for (const a of argv) {
    if (a === '--help' || a === '-h') {
      io.out(USAGE);
      return 0;
    } else if (a === '--json') json = true;
    else if (a === '--all') all = true;
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

  const { findings, figures } = runAll(loaded.doc);
  const summary: Record<Severity, number> = { critical: 0, warning: 0, info: 0 };
  for (const f of findings) summary[f.severity]++;

  if (json) {
    io.out(JSON.stringify({ file, figures, findings, summary }) + '\n');
  } else {
    const doc = loaded.doc;
    const width = Math.max(...figures.map((f) => f.label.length), 8);
    const out: string[] = [];
    out.push(`${file}: "${doc.meta.title}" — ${doc.halls.length} hall${doc.halls.length === 1 ? '' : 's'}, ${doc.equipment.length} equipment`);
    out.push('');
    out.push('Figures');
    for (const f of figures) out.push(figureLine(f, width));
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

// run when executed (tsx bin/check.ts), not when imported
const invoked = process.argv[1] ? pathToFileURL(resolve(process.argv[1])).href : '';
if (invoked === import.meta.url) {
  process.exitCode = main(process.argv.slice(2), {
    out: (t) => process.stdout.write(t),
    err: (t) => process.stderr.write(t),
  });
}
