import { z } from 'zod';
import { getKind, KINDS, resolveModel } from '../catalog/registry';
import { CURRENT_VERSION, FORMAT, type Equipment, type LayoutDoc, type Props } from './document';
import { migrate, MIGRATIONS, type Migration } from './migrations';
import { layoutSchema } from './schema';

/** One problem found while loading, with the JSON path it concerns and what to do about it. */
export interface LoadIssue {
  /** JSON path, e.g. `equipment[3].props.itPowerKw`; empty for the whole file */
  path: string;
  message: string;
}

export type LoadResult =
  | { ok: true; doc: LayoutDoc; migratedFrom?: number; warnings: LoadIssue[] }
  | { ok: false; summary: string; errors: LoadIssue[] };

/** Files larger than this are refused before parsing (a 10,000-rack layout is ~4 MB). */
export const MAX_FILE_BYTES = 40 * 1024 * 1024;
const MAX_DEPTH = 32;
const MAX_ERRORS = 25;
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

const fail = (summary: string, errors: LoadIssue[] = []): LoadResult => ({
  ok: false,
  summary,
  errors: errors.length ? errors.slice(0, MAX_ERRORS) : [{ path: '', message: summary }],
});

export function formatPath(path: readonly PropertyKey[]): string {
  let s = '';
  for (const p of path) {
    if (typeof p === 'number') s += `[${p}]`;
    else s += s ? `.${String(p)}` : String(p);
  }
  return s;
}

/** Line and column of a character offset, for JSON syntax errors. */
function lineCol(text: string, pos: number): { line: number; col: number } {
  let line = 1;
  let last = -1;
  for (let i = 0; i < pos && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      last = i;
    }
  }
  return { line, col: pos - last };
}

/** Refuse prototype-polluting keys and absurd nesting, iteratively (no recursion on hostile input). */
function scanTree(root: unknown): LoadIssue | undefined {
  const stack: { v: unknown; path: PropertyKey[] }[] = [{ v: root, path: [] }];
  while (stack.length) {
    const { v, path } = stack.pop()!;
    if (v === null || typeof v !== 'object') continue;
    if (path.length > MAX_DEPTH) {
      return { path: formatPath(path), message: `Nested deeper than ${MAX_DEPTH} levels; a layout file never is.` };
    }
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) stack.push({ v: v[i], path: [...path, i] });
    } else {
      for (const k of Object.keys(v)) {
        if (FORBIDDEN_KEYS.has(k)) {
          return {
            path: formatPath([...path, k]),
            message: `The key "${k}" is not allowed in a layout file (it could alter program objects). Remove it.`,
          };
        }
        stack.push({ v: (v as Record<string, unknown>)[k], path: [...path, k] });
      }
    }
  }
  return undefined;
}

function zodIssues(err: z.ZodError, raw: unknown): LoadIssue[] {
  const kinds = KINDS.map((k) => k.kind).join(', ');
  return err.issues.slice(0, MAX_ERRORS).map((iss) => {
    const path = formatPath(iss.path);
    let message = iss.message;
    if (iss.code === 'invalid_union' && iss.path[0] === 'equipment' && iss.path.length <= 3) {
      const item = (raw as { equipment?: { kind?: unknown }[] }).equipment?.[iss.path[1] as number];
      message = `Unknown equipment kind ${JSON.stringify(item?.kind)}. Known kinds: ${kinds}.`;
    } else if (iss.code === 'unrecognized_keys') {
      message = `Unknown field${iss.keys.length > 1 ? 's' : ''} ${iss.keys.map((k) => `"${k}"`).join(', ')}: remove ${iss.keys.length > 1 ? 'them' : 'it'} or check the spelling.`;
    } else if (iss.code === 'invalid_type') {
      const got = iss.input === undefined ? 'nothing (the field is missing)' : JSON.stringify(iss.input)?.slice(0, 40);
      message = `Expected ${iss.expected}, found ${got}.${iss.input === undefined ? ' Add the field.' : ''}`;
    } else if (iss.code === 'too_small' || iss.code === 'too_big') {
      message = `${iss.message}; found ${JSON.stringify(iss.input)?.slice(0, 40)}. Enter a value within the limit.`;
    }
    return { path, message };
  });
}

/** Put props in the kind's schema order so that save → open → save is byte-identical. */
function canonicalProps(kind: string, props: Record<string, unknown>): Props {
  const k = getKind(kind)!;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(k.propsSchema.shape)) if (key in props) out[key] = props[key];
  return out as Props;
}

/**
 * The single loading pipeline: parse → recognise → migrate → validate → restore defaults.
 * Accepts the file text (or an already-parsed value). Never throws; never touches app state.
 */
export function loadLayout(input: string | unknown, opts: { migrations?: readonly Migration[]; currentVersion?: number } = {}): LoadResult {
  const table = opts.migrations ?? MIGRATIONS;
  const current = opts.currentVersion ?? CURRENT_VERSION;
  let raw: unknown = input;
  if (typeof input === 'string') {
    if (input.length > MAX_FILE_BYTES) {
      return fail(`The file is ${(input.length / 1e6).toFixed(1)} MB; layouts are limited to ${MAX_FILE_BYTES / 1e6} MB. Is this the right file?`);
    }
    if (input.trim() === '') return fail('The file is empty.');
    try {
      raw = JSON.parse(input);
    } catch (e) {
      const msg = (e as Error).message;
      const m = /position (\d+)/.exec(msg);
      const where = m ? lineCol(input, Number(m[1])) : undefined;
      return fail(
        `The file is not valid JSON${where ? ` (line ${where.line}, column ${where.col})` : ''}: ${msg}. Was it edited by hand or truncated?`,
      );
    }
  }
  const bad = scanTree(raw);
  if (bad) return fail(`Refused: ${bad.message}`, [bad]);

  // recognise
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    return fail('This is not a Retrofit Designer layout: the file must hold a JSON object.');
  }
  const obj = raw as Record<string, unknown>;
  if (obj.format !== FORMAT) {
    return fail(
      `This is not a Retrofit Designer layout: "format" is ${JSON.stringify(obj.format) ?? 'missing'}, expected "${FORMAT}".`,
      [{ path: 'format', message: `Expected "${FORMAT}".` }],
    );
  }
  const version = obj.version;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    return fail(`"version" must be a whole number ≥ 1; found ${JSON.stringify(version)}.`, [
      { path: 'version', message: 'Expected a whole number ≥ 1.' },
    ]);
  }
  if (version > current) {
    return fail(
      `This layout was saved by a newer Retrofit Designer (format version ${version}); this app reads versions up to ${current}. Open it in the newer app or update this one.`,
      [{ path: 'version', message: `Version ${version} is newer than ${current}.` }],
    );
  }

  // migrate
  const mig = migrate(obj, version, table, current);
  if (!mig.ok) return fail(mig.message, [{ path: 'version', message: mig.message }]);

  // validate
  const parsed = layoutSchema.safeParse(mig.doc, { reportInput: true });
  if (!parsed.success) {
    const errors = zodIssues(parsed.error, mig.doc);
    return fail(`The layout has ${parsed.error.issues.length} problem${parsed.error.issues.length > 1 ? 's' : ''}; first: ${errors[0].path || '(file)'}: ${errors[0].message}`, errors);
  }
  const v = parsed.data as unknown as LayoutDoc & { equipment: (Omit<Equipment, 'name'> & { name?: string })[] };

  // cross-references and restore defaults
  const errors: LoadIssue[] = [];
  const warnings: LoadIssue[] = [];
  const ids = new Set<string>();
  const claim = (id: string, path: string) => {
    if (ids.has(id)) errors.push({ path, message: `Duplicate id "${id}"; every hall, equipment and connection needs its own id.` });
    ids.add(id);
  };
  v.halls.forEach((h, i) => {
    claim(h.id, `halls[${i}].id`);
    h.openings.forEach((o, j) => {
      if (o.wall >= h.outline.length) errors.push({ path: `halls[${i}].openings[${j}].wall`, message: `Wall ${o.wall} does not exist; the outline has ${h.outline.length} edges (0–${h.outline.length - 1}).` });
    });
  });
  const hallIds = new Set(v.halls.map((h) => h.id));
  v.customModels.forEach((m, i) => {
    const k = getKind(m.kind);
    if (!k) errors.push({ path: `customModels[${i}].kind`, message: `Unknown kind "${m.kind}".` });
    else if (!resolveModel(m.kind, m.id, v.customModels)) errors.push({ path: `customModels[${i}].baseModel`, message: `Base model "${m.baseModel}" not found for kind ${m.kind} (or the models refer to each other in a circle).` });
    else {
      const unknown = Object.keys(m.props).filter((key) => !(key in k.propsSchema.shape));
      if (unknown.length) errors.push({ path: `customModels[${i}].props`, message: `Unknown propert${unknown.length > 1 ? 'ies' : 'y'} ${unknown.join(', ')} for kind ${m.kind}.` });
    }
  });
  const equipment: Equipment[] = [];
  if (!errors.length) {
    v.equipment.forEach((e, i) => {
      claim(e.id, `equipment[${i}].id`);
      if (e.hallId !== null && !hallIds.has(e.hallId)) {
        errors.push({ path: `equipment[${i}].hallId`, message: `Hall "${e.hallId}" does not exist. Use one of: ${[...hallIds].join(', ')}, or null for outdoor.` });
      }
      const model = resolveModel(e.kind, e.model, v.customModels);
      if (!model) {
        errors.push({ path: `equipment[${i}].model`, message: `Model "${e.model}" is not in the catalog for kind ${e.kind} nor in customModels.` });
        return;
      }
      const full = { ...model.props, ...(e.props as Record<string, unknown>) };
      const kind = getKind(e.kind)!;
      const check = kind.propsSchema.safeParse(full);
      if (!check.success) {
        for (const iss of check.error.issues.slice(0, 5)) errors.push({ path: `equipment[${i}].props.${formatPath(iss.path)}`, message: iss.message });
        return;
      }
      equipment.push({
        id: e.id,
        kind: e.kind,
        model: e.model,
        name: e.name ?? e.id,
        hallId: e.hallId,
        position: e.position,
        rotationDeg: e.rotationDeg,
        props: canonicalProps(e.kind, full),
      });
    });
  }
  const eqIds = new Set(equipment.map((e) => e.id));
  v.connections.forEach((c, i) => {
    claim(c.id, `connections[${i}].id`);
    for (const end of ['from', 'to'] as const) {
      if (!eqIds.has(c[end])) errors.push({ path: `connections[${i}].${end}`, message: `Equipment "${c[end]}" does not exist.` });
    }
  });
  if (errors.length) {
    return fail(`The layout has ${errors.length} problem${errors.length > 1 ? 's' : ''}; first: ${errors[0].path}: ${errors[0].message}`, errors);
  }
  const doc: LayoutDoc = { ...v, equipment };
  return { ok: true, doc, warnings, migratedFrom: mig.applied.length ? version : undefined };
}

/** The document as the text of a .json file. Stable: serialize(load(serialize(d))) === serialize(d). */
export function serializeLayout(doc: LayoutDoc): string {
  return JSON.stringify(doc, null, 2) + '\n';
}
