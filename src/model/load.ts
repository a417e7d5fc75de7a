import { z } from 'zod';
import { getKind, KINDS } from '../catalog/registry';
import type { AnyKindDef } from '../catalog/types';
import { CURRENT_VERSION, FORMAT, type Equipment, type LayoutDoc, type Props } from './document';
import { polygonArea, type Vec2 } from './geometry';
import { migrate, MIGRATIONS, type Migration } from './migrations';
import {
  connectionSchema,
  customModelSchema,
  hallSchema,
  layoutSchema,
  MAX_EQUIPMENT,
  metaSchema,
  openingSchema,
  pipeFittingSchema,
  pipeLoopSchema,
  pipeRunSchema,
  pipeTapSchema,
  settingsSchema,
  siteSchema,
} from './schema';

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
/** Longest chain of custom models deriving from each other (custom → custom → … → catalog). */
export const MAX_MODEL_CHAIN = 16;
/** Summary prefix of the last-resort catch: a loader bug, never a file problem. Tests assert it never appears. */
export const INTERNAL_ERROR = 'Internal error while loading';
const MAX_DEPTH = 32;
const MAX_ERRORS = 25;
const FORBIDDEN_KEYS = new Set(['__proto__', 'constructor', 'prototype']);
const MB = 1024 * 1024;

const fail = (summary: string, errors: LoadIssue[] = []): LoadResult => ({
  ok: false,
  summary,
  errors: errors.length ? errors.slice(0, MAX_ERRORS) : [{ path: '', message: summary }],
});

const problems = (errors: LoadIssue[]): LoadResult =>
  fail(
    `The layout has ${errors.length} problem${errors.length > 1 ? 's' : ''}; first: ${errors[0].path || '(file)'}: ${errors[0].message}`,
    errors,
  );

const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** `equipment[3].props.itPowerKw`; keys that are not identifiers are quoted: `props["a b"]`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let s = '';
  for (const p of path) {
    if (typeof p === 'number') s += `[${p}]`;
    else if (typeof p === 'string' && IDENT.test(p)) s += s ? `.${p}` : p;
    else s += `[${JSON.stringify(String(p))}]`;
  }
  return s;
}

/** Line and column (1-based) of a character offset, for JSON syntax errors. */
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

const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
const HEX = /^[0-9a-fA-F]{4}$/;

/**
 * Offset of the first JSON syntax error, or -1 if the text is valid. V8's JSON.parse messages only
 * sometimes carry a position ("Unexpected token '}', "…" is not valid JSON" does not), so the loader
 * finds it itself. Iterative: hostile nesting cannot overflow the stack. Only run after JSON.parse fails.
 */
export function jsonErrorOffset(s: string): number {
  const n = s.length;
  let i = 0;
  const stack: boolean[] = []; // true = object, false = array
  const ws = () => {
    while (i < n) {
      const c = s.charCodeAt(i);
      if (c === 32 || c === 9 || c === 10 || c === 13) i++;
      else break;
    }
  };
  const str = (): boolean => {
    i++; // opening quote
    while (i < n) {
      const c = s.charCodeAt(i);
      if (c === 34) {
        i++;
        return true;
      }
      if (c < 32) return false;
      if (c === 92) {
        const e = s[i + 1];
        if (e === 'u') {
          if (!HEX.test(s.slice(i + 2, i + 6))) return (i += 1), false;
          i += 6;
        } else if (e !== undefined && '"\\/bfnrt'.includes(e)) i += 2;
        else return (i += 1), false;
      } else i++;
    }
    return false;
  };
  const scalar = (): boolean => {
    if (s[i] === '"') return str();
    for (const w of ['true', 'false', 'null']) {
      if (s.startsWith(w, i)) {
        i += w.length;
        return true;
      }
    }
    NUMBER.lastIndex = i;
    const m = NUMBER.exec(s);
    if (!m) return false;
    i += m[0].length;
    return true;
  };
  type State = 'value' | 'firstValue' | 'key' | 'firstKey' | 'after';
  let st: State = 'value';
  for (;;) {
    ws();
    if (st === 'value' || st === 'firstValue') {
      if (i >= n) return i;
      const c = s[i];
      if (st === 'firstValue' && c === ']') {
        i++;
        stack.pop();
        st = 'after';
      } else if (c === '[') {
        i++;
        stack.push(false);
        st = 'firstValue';
      } else if (c === '{') {
        i++;
        stack.push(true);
        st = 'firstKey';
      } else {
        if (!scalar()) return i;
        st = 'after';
      }
    } else if (st === 'key' || st === 'firstKey') {
      if (i >= n) return i;
      if (st === 'firstKey' && s[i] === '}') {
        i++;
        stack.pop();
        st = 'after';
        continue;
      }
      if (s[i] !== '"' || !str()) return i;
      ws();
      if (s[i] !== ':') return i;
      i++;
      st = 'value';
    } else {
      if (!stack.length) return i < n ? i : -1;
      if (i >= n) return i;
      const obj = stack[stack.length - 1];
      if (s[i] === ',') {
        i++;
        st = obj ? 'key' : 'value';
      } else if (s[i] === (obj ? '}' : ']')) {
        i++;
        stack.pop();
      } else return i;
    }
  }
}

/** What sits at a syntax error: a word ("tru"), or one character named so a person can find it. */
function describeAt(text: string, at: number): string {
  const word = /^[A-Za-z0-9_.+-]+/.exec(text.slice(at, at + 40));
  if (word) return `"${word[0]}"`;
  const c = text[at];
  if (c === '\n' || c === '\r') return 'a line break';
  if (c === '\t') return 'a tab';
  return JSON.stringify(c);
}

/**
 * The syntax-error sentence. The place comes from jsonErrorOffset; V8's wording is kept when it says
 * what was expected, but "Unexpected token" messages echo the whole text, so those are rewritten.
 */
function jsonReason(text: string, e: unknown): string {
  const raw = e instanceof Error ? e.message : String(e);
  let reason = raw.replace(/ (in|after) JSON at position \d+.*$/s, '').trim();
  const at = jsonErrorOffset(text);
  if (at < 0) return `an unknown place: ${/^Unexpected token/.test(reason) ? 'Unexpected token' : reason}.`;
  const { line, col } = lineCol(text, at);
  if (at >= text.length) return `line ${line}, column ${col}: the text ends too early (was it truncated?).`;
  if (/after JSON at position/.test(raw)) reason = `Unexpected ${describeAt(text, at)} after the end of the layout`;
  else if (/^Unexpected (token|end)|is not valid JSON/.test(reason)) reason = `Unexpected ${describeAt(text, at)}`;
  return `line ${line}, column ${col}: ${reason}.`;
}

interface ScanNode {
  v: unknown;
  key: PropertyKey;
  parent: ScanNode | null;
  depth: number;
}
const pathOf = (n: ScanNode | null): PropertyKey[] => {
  const out: PropertyKey[] = [];
  for (let p = n; p && p.parent; p = p.parent) out.push(p.key);
  return out.reverse();
};

/**
 * Refuse prototype-polluting keys and absurd nesting, iteratively (no recursion on hostile input).
 * Pre-parsed input may share or loop objects: each object is scanned once, so a DAG cannot make the
 * scan exponential and a cycle cannot make it endless (the schema, not this scan, then rejects it).
 */
function scanTree(root: unknown): LoadIssue | undefined {
  const seen = new WeakSet<object>();
  const stack: ScanNode[] = [{ v: root, key: '', parent: null, depth: 0 }];
  while (stack.length) {
    const node = stack.pop()!;
    const v = node.v;
    if (v === null || typeof v !== 'object') continue;
    if (seen.has(v)) continue;
    seen.add(v);
    if (node.depth > MAX_DEPTH) {
      return { path: formatPath(pathOf(node)), message: `Nested deeper than ${MAX_DEPTH} levels; a layout file never is.` };
    }
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) stack.push({ v: v[i], key: i, parent: node, depth: node.depth + 1 });
    } else {
      for (const k of Object.keys(v)) {
        if (FORBIDDEN_KEYS.has(k)) {
          return {
            path: formatPath([...pathOf(node), k]),
            message: `The key "${k}" is not allowed in a layout file (it could alter program objects). Remove it.`,
          };
        }
        stack.push({ v: (v as Record<string, unknown>)[k], key: k, parent: node, depth: node.depth + 1 });
      }
    }
  }
  return undefined;
}

/** A short, truthful rendering of an offending value (JSON.stringify turns NaN into "null"). */
function describe(v: unknown): string {
  if (v === undefined) return 'nothing (the field is missing)';
  if (typeof v === 'number') {
    if (Number.isNaN(v)) return 'NaN (not a number)';
    if (!Number.isFinite(v)) return `${v > 0 ? '' : '-'}Infinity (a number too large to store)`;
    return String(v);
  }
  if (Array.isArray(v)) return `a list of ${v.length} item${v.length === 1 ? '' : 's'}`;
  if (v === null) return 'null';
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  if (typeof v === 'bigint') return `${v} (a BigInt)`;
  if (typeof v === 'boolean') return String(v);
  return `a ${typeof v}`;
}

const kindList = () => KINDS.map((k) => k.kind).join(', ');

function zodIssues(err: z.ZodError, raw: Record<string, unknown>): LoadIssue[] {
  const out: LoadIssue[] = [];
  for (const iss of err.issues) {
    if (out.length >= MAX_ERRORS) break;
    const path = formatPath(iss.path);
    const input = (iss as { input?: unknown }).input;
    if (iss.code === 'invalid_union' && iss.path[0] === 'equipment' && iss.path.length <= 3) {
      const item = (raw.equipment as { kind?: unknown }[] | undefined)?.[iss.path[1] as number];
      const kind = item && typeof item === 'object' ? item.kind : undefined;
      const itemPath = formatPath(iss.path.slice(0, 2));
      out.push({
        path: `${itemPath}.kind`,
        message:
          kind === undefined
            ? `Missing "kind". Known kinds: ${kindList()}.`
            : `Unknown equipment kind ${describe(kind)}. Known kinds: ${kindList()}.`,
      });
    } else if (iss.code === 'unrecognized_keys') {
      // one issue per key, pointing at the key itself rather than its parent object
      for (const k of iss.keys) {
        out.push({ path: formatPath([...iss.path, k]), message: `Unknown field "${k}": remove it or check the spelling.` });
      }
    } else if (iss.code === 'invalid_type') {
      const missing = input === undefined;
      out.push({ path, message: `Expected ${iss.expected}, found ${describe(input)}.${missing ? ' Add the field.' : ''}` });
    } else if (iss.code === 'too_small' || iss.code === 'too_big') {
      const what = Array.isArray(input) ? `${input.length} items` : describe(input);
      const fix = Array.isArray(input) ? 'Change the number of items.' : 'Enter a value within the limit.';
      out.push({ path, message: `${iss.message}; found ${what}. ${fix}` });
    } else if (iss.code === 'invalid_union') {
      // e.g. connection props: number, string or boolean
      const expected = [...new Set(iss.errors.flat().filter((e) => e.code === 'invalid_type').map((e) => (e as { expected: string }).expected))];
      const what = expected.length ? `Expected ${expected.length > 1 ? `${expected.slice(0, -1).join(', ')} or ${expected[expected.length - 1]}` : expected[0]}` : 'Invalid value';
      out.push({ path, message: `${what}; found ${describe(input)}.` });
    } else if (iss.code === 'invalid_value' || iss.code === 'invalid_format') {
      out.push({ path, message: `${iss.message}; found ${describe(input)}.` });
    } else {
      out.push({ path, message: iss.message });
    }
  }
  return out;
}

/** Put props in the kind's schema order so that save → open → save is byte-identical. */
function canonicalProps(kind: AnyKindDef, props: Record<string, unknown>): Props {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(kind.propsSchema.shape)) if (key in props) out[key] = props[key];
  return out as Props;
}

type ValidDoc = Omit<LayoutDoc, 'equipment' | 'pipeLoops'> & {
  equipment: (Omit<Equipment, 'name'> & { name?: string })[];
  pipeLoops: (Omit<LayoutDoc['pipeLoops'][number], 'name'> & { name?: string })[];
};

/**
 * Resolve and check every custom model once, so equipment lookups are O(1) and a file with thousands
 * of models deriving from each other cannot make loading quadratic. Each model's base chain is walked
 * iteratively and at most MAX_MODEL_CHAIN steps, so cycles and absurd chains cost little and cannot
 * overflow the stack. For a valid document this agrees with registry.resolveModel: catalog ids win,
 * then the document's models of the same kind.
 *
 * Each problem is reported once, at the model that causes it; models deriving from a broken model are
 * silently broken, and equipment using them points at the model to fix.
 */
function modelResolver(v: ValidDoc, errors: LoadIssue[]) {
  const index = new Map<string, number>(); // `${kind}\u0000${id}` → customModels index
  const key = (kind: string, id: string) => `${kind}\u0000${id}`;
  v.customModels.forEach((m, i) => {
    const k = getKind(m.kind);
    if (!k) {
      errors.push({ path: `customModels[${i}].kind`, message: `Unknown kind "${m.kind}". Known kinds: ${kindList()}.` });
    } else if (k.models.some((b) => b.id === m.id)) {
      errors.push({ path: `customModels[${i}].id`, message: `"${m.id}" is already a catalog model of kind ${m.kind}; give the custom model another id.` });
    } else if (index.has(key(m.kind, m.id))) {
      errors.push({ path: `customModels[${i}].id`, message: `Duplicate custom model id "${m.id}" (also customModels[${index.get(key(m.kind, m.id))}]).` });
    } else index.set(key(m.kind, m.id), i);
  });

  // walk each chain: path[0] is the model itself, path[n-1] the one deriving from a catalog model
  type Walk = { ok: true; path: number[]; base: Record<string, unknown> } | { ok: false };
  const walks = new Map<number, Walk>();
  for (const i of index.values()) {
    const kind = getKind(v.customModels[i].kind)!;
    const path = [i];
    let walk: Walk = { ok: false };
    for (let cur = i; ; ) {
      const m = v.customModels[cur];
      const builtin = kind.models.find((b) => b.id === m.baseModel);
      if (builtin) {
        walk = { ok: true, path, base: builtin.props };
        break;
      }
      const j = index.get(key(m.kind, m.baseModel));
      if (j === undefined) {
        if (cur === i) errors.push({ path: `customModels[${i}].baseModel`, message: `Base model "${m.baseModel}" is neither a catalog model of kind ${m.kind} nor a custom model of that kind.` });
        break;
      }
      if (path.includes(j)) {
        if (j === i) errors.push({ path: `customModels[${i}].baseModel`, message: `Custom model "${v.customModels[i].id}" derives from itself through "${v.customModels[i].baseModel}" (a circle); derive one of them from a catalog model.` });
        break;
      }
      path.push(j);
      if (path.length > MAX_MODEL_CHAIN) {
        errors.push({ path: `customModels[${i}].baseModel`, message: `Custom models derive from each other more than ${MAX_MODEL_CHAIN} deep; derive from a catalog model directly.` });
        break;
      }
      cur = j;
    }
    walks.set(i, walk);
  }

  // check complete props, ancestors first, so an inherited bad value is reported where it was set
  const resolved = new Map<number, Record<string, unknown> | null>();
  const order = [...walks.entries()].sort((a, b) => (a[1].ok ? a[1].path.length : 0) - (b[1].ok ? b[1].path.length : 0));
  for (const [i, walk] of order) {
    const m = v.customModels[i];
    if (!walk.ok) {
      resolved.set(i, null);
      continue;
    }
    const k = getKind(m.kind)!;
    const shape = k.propsSchema.shape as Record<string, unknown>;
    const unknown = Object.keys(m.props).filter((p) => !(p in shape));
    if (unknown.length) {
      for (const p of unknown) errors.push({ path: formatPath(['customModels', i, 'props', p]), message: `Unknown property "${p}" for kind ${m.kind}. Known: ${Object.keys(shape).join(', ')}.` });
      resolved.set(i, null);
      continue;
    }
    if (walk.path.slice(1).some((j) => resolved.get(j) === null)) {
      resolved.set(i, null); // an ancestor is broken and has been reported
      continue;
    }
    let props: Record<string, unknown> = { ...walk.base };
    for (let n = walk.path.length - 1; n >= 0; n--) props = { ...props, ...v.customModels[walk.path[n]].props };
    const check = k.propsSchema.safeParse(props, { reportInput: true });
    if (!check.success) {
      for (const iss of check.error.issues.slice(0, 5)) {
        const own = String(iss.path[0]) in m.props;
        errors.push({
          path: own ? `customModels[${i}].props.${formatPath(iss.path)}` : `customModels[${i}].baseModel`,
          message: `${iss.message}; found ${describe((iss as { input?: unknown }).input)}${own ? '' : ` (inherited from "${m.baseModel}")`}.`,
        });
      }
      resolved.set(i, null);
      continue;
    }
    resolved.set(i, props);
  }

  /** complete props of a model, `null` if unknown, `'broken'` if it is a custom model with errors */
  return (kind: AnyKindDef, modelId: string): Record<string, unknown> | null | 'broken' => {
    const builtin = kind.models.find((b) => b.id === modelId);
    if (builtin) return { ...builtin.props };
    const i = index.get(key(kind.kind, modelId));
    if (i === undefined) return null;
    const r = resolved.get(i);
    return r ? { ...r } : 'broken';
  };
}

export interface LoadOptions {
  /** migration table; defaults to MIGRATIONS (tests inject their own) */
  migrations?: readonly Migration[];
  /** the version the table migrates to; defaults to CURRENT_VERSION */
  currentVersion?: number;
}

/**
 * The single loading pipeline: parse → recognise → migrate → validate → restore defaults.
 * Accepts the file text (or an already-parsed value). Never throws; never touches app state.
 */
export function loadLayout(input: string | unknown, opts: LoadOptions = {}): LoadResult {
  try {
    return loadUnsafe(input, opts);
  } catch (e) {
    // A loader bug must not take the app down; the fuzz tests assert this branch is never reached.
    return fail(`${INTERNAL_ERROR}: ${e instanceof Error ? e.message : String(e)}. Please report this file.`);
  }
}

function loadUnsafe(input: string | unknown, opts: LoadOptions): LoadResult {
  const table = opts.migrations ?? MIGRATIONS;
  const current = opts.currentVersion ?? CURRENT_VERSION;
  let raw: unknown = input;
  if (typeof input === 'string') {
    // length in UTF-16 units ≤ UTF-8 bytes, so this is a cheap guard taken before any parsing
    if (input.length > MAX_FILE_BYTES) {
      return fail(`The file is ${(input.length / MB).toFixed(1)} MB; layouts are limited to ${MAX_FILE_BYTES / MB} MB. Is this the right file?`);
    }
    // editors on Windows like to prepend a byte-order mark, which JSON.parse rejects
    const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
    if (text.trim() === '') return fail('The file is empty.');
    try {
      raw = JSON.parse(text);
    } catch (e) {
      return fail(`The file is not valid JSON at ${jsonReason(text, e)} Was it edited by hand or cut short?`);
    }
  }
  const bad = scanTree(raw);
  if (bad) return fail(`Refused: ${bad.message}`, [bad]);

  // recognise
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    return fail(`This is not a Retrofit Designer layout: the file must hold a JSON object, found ${describe(raw)}.`);
  }
  const obj = raw as Record<string, unknown>;
  if (obj.format !== FORMAT) {
    const found = obj.format === undefined ? 'missing' : describe(obj.format);
    return fail(`This is not a Retrofit Designer layout: "format" is ${found}, expected "${FORMAT}".`, [
      { path: 'format', message: `Expected "${FORMAT}", found ${found}.` },
    ]);
  }
  const version = obj.version;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    const found = version === undefined ? 'the field is missing' : `found ${describe(version)}`;
    return fail(`"version" must be a whole number ≥ 1; ${found}. Every layout file states its format version.`, [
      { path: 'version', message: `Expected a whole number ≥ 1; ${found}.` },
    ]);
  }
  if (version > current) {
    return fail(
      `This layout was saved by a newer Retrofit Designer (format version ${version}); this app reads versions up to ${current}. Open it in the newer app or update this one.`,
      [{ path: 'version', message: `Version ${version} is newer than ${current}, the newest this app reads.` }],
    );
  }
  // Counted before validation: parsing 10 million equipment records only to say "too many" is slow.
  for (const [field, max] of [['equipment', MAX_EQUIPMENT], ['connections', MAX_EQUIPMENT * 4]] as const) {
    const list = obj[field];
    if (Array.isArray(list) && list.length > max) {
      return fail(`The layout has ${list.length} ${field} records; at most ${max} are supported.`, [
        { path: field, message: `Too many items: ${list.length}, at most ${max}.` },
      ]);
    }
  }

  // migrate
  const mig = migrate(obj, version, table, current);
  if (!mig.ok) return fail(mig.message, [{ path: 'version', message: mig.message }]);

  // validate. The schema pins `version` to CURRENT_VERSION; with an injected table the loader has just
  // checked the version itself, so the schema sees the version it knows.
  const candidate = current === CURRENT_VERSION ? mig.doc : { ...mig.doc, version: CURRENT_VERSION };
  const parsed = layoutSchema.safeParse(candidate, { reportInput: true });
  if (!parsed.success) return problems(zodIssues(parsed.error, mig.doc));
  const v = parsed.data as unknown as ValidDoc;

  // cross-references and restore defaults
  const errors: LoadIssue[] = [];
  const warnings: LoadIssue[] = [];
  const ids = new Map<string, string>();
  const claim = (id: string, path: string) => {
    const prev = ids.get(id);
    if (prev !== undefined) errors.push({ path, message: `Duplicate id "${id}" (also at ${prev}); every hall, opening, equipment and connection needs its own id.` });
    else ids.set(id, path);
  };
  v.halls.forEach((h, i) => {
    claim(h.id, `halls[${i}].id`);
    const outlineProblem = checkOutline(h.outline as Vec2[]);
    if (outlineProblem) errors.push({ path: `halls[${i}].outline`, message: outlineProblem });
    h.openings.forEach((o, j) => {
      const path = `halls[${i}].openings[${j}]`;
      claim(o.id, `${path}.id`);
      if (o.wall >= h.outline.length) {
        errors.push({ path: `${path}.wall`, message: `Wall ${o.wall} does not exist; the outline has ${h.outline.length} edges (0–${h.outline.length - 1}).` });
        return;
      }
      const a = h.outline[o.wall];
      const b = h.outline[(o.wall + 1) % h.outline.length];
      const len = Math.hypot(b[0] - a[0], b[1] - a[1]);
      if (o.offsetM - o.widthM / 2 < -1e-6 || o.offsetM + o.widthM / 2 > len + 1e-6) {
        warnings.push({ path, message: `The opening (centre ${o.offsetM} m, width ${o.widthM} m) runs past the ends of wall ${o.wall}, which is ${len.toFixed(2)} m long.` });
      }
    });
  });
  const hallIds = new Set(v.halls.map((h) => h.id));
  const resolve = modelResolver(v, errors);

  const equipment: Equipment[] = [];
  v.equipment.forEach((e, i) => {
    claim(e.id, `equipment[${i}].id`);
    if (e.hallId !== null && !hallIds.has(e.hallId)) {
      errors.push({ path: `equipment[${i}].hallId`, message: `Hall "${e.hallId}" does not exist. Use one of: ${[...hallIds].join(', ')}, or null for outdoor.` });
    }
    const kind = getKind(e.kind)!;
    const model = resolve(kind, e.model);
    if (model === null) {
      const known = kind.models.map((m) => m.id).join(', ');
      errors.push({ path: `equipment[${i}].model`, message: `Model "${e.model}" is not a catalog model of kind ${e.kind} (${known}) nor in customModels.` });
      return;
    }
    if (model === 'broken') {
      const at = v.customModels.findIndex((m) => m.kind === e.kind && m.id === e.model);
      errors.push({ path: `equipment[${i}].model`, message: `Custom model "${e.model}" is invalid; fix customModels[${at}] first.` });
      return;
    }
    // restore defaults: the model supplies every prop the file left out
    const full = { ...model, ...(e.props as Record<string, unknown>) };
    const check = kind.propsSchema.safeParse(full, { reportInput: true });
    if (!check.success) {
      for (const iss of check.error.issues.slice(0, 5)) {
        errors.push({ path: `equipment[${i}].props.${formatPath(iss.path)}`, message: `${iss.message}; found ${describe((iss as { input?: unknown }).input)}.` });
      }
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
      props: canonicalProps(kind, full),
    });
  });
  // endpoints are checked against every equipment record, valid or not, so one bad rack does not
  // also make each of its connections "dangling"
  const eqIds = new Set(v.equipment.map((e) => e.id));
  v.connections.forEach((c, i) => {
    claim(c.id, `connections[${i}].id`);
    for (const end of ['from', 'to'] as const) {
      if (!eqIds.has(c[end])) errors.push({ path: `connections[${i}].${end}`, message: `Equipment "${c[end]}" does not exist; connect two pieces of equipment by id.` });
    }
    if (c.from === c.to) errors.push({ path: `connections[${i}].to`, message: `The connection joins "${c.from}" to itself.` });
  });
  const pipeLoops = checkPipeLoops(v, equipment, claim, errors, warnings);
  if (errors.length) return problems(errors);
  const doc: LayoutDoc = { ...v, version: current as typeof CURRENT_VERSION, equipment, pipeLoops };
  return { ok: true, doc, warnings, migratedFrom: mig.applied.length ? version : undefined };
}

/** Length of a 3D polyline, m, and the index of its first zero-length segment (−1 if none). */
function runLength(path: readonly (readonly number[])[]): { lengthM: number; repeated: number } {
  let lengthM = 0;
  let repeated = -1;
  for (let i = 1; i < path.length; i++) {
    const d = Math.hypot(path[i][0] - path[i - 1][0], path[i][1] - path[i - 1][1], path[i][2] - path[i - 1][2]);
    if (d < 1e-6 && repeated < 0) repeated = i;
    lengthM += d;
  }
  return { lengthM, repeated };
}

/**
 * Cross-references of the pipe loops: loop ids in the shared namespace; cduIds name CDUs, each CDU in
 * one loop; taps name racks, each rack tapped once; tap and expansion positions within their mains;
 * no zero-length segments. A tap on a rack with no liquid share is a warning (it carries no heat).
 * Returns the loops with defaults restored (name → id).
 */
function checkPipeLoops(
  v: ValidDoc,
  restored: readonly Equipment[],
  claim: (id: string, path: string) => void,
  errors: LoadIssue[],
  warnings: LoadIssue[],
): LayoutDoc['pipeLoops'] {
  const kindOf = new Map(v.equipment.map((e) => [e.id, e.kind]));
  // complete props (defaults restored), for the air-rack warning
  const liquidShare = new Map(restored.map((e) => [e.id, e.props.liquidFraction]));
  const cduAt = new Map<string, string>();
  const rackAt = new Map<string, string>();
  v.pipeLoops.forEach((loop, i) => {
    const at = `pipeLoops[${i}]`;
    claim(loop.id, `${at}.id`);
    loop.cduIds.forEach((id, j) => {
      const path = `${at}.cduIds[${j}]`;
      const kind = kindOf.get(id);
      if (kind === undefined) errors.push({ path, message: `Equipment "${id}" does not exist; list the ids of the CDUs that feed this loop.` });
      else if (kind !== 'cdu') errors.push({ path, message: `"${id}" is a ${kind}, not a CDU.` });
      else if (cduAt.has(id)) errors.push({ path, message: `CDU "${id}" is already listed at ${cduAt.get(id)}; a CDU feeds one loop.` });
      else cduAt.set(id, path);
    });
    const len: Record<'supply' | 'return', number> = { supply: 0, return: 0 };
    for (const side of ['supply', 'return'] as const) {
      const r = runLength(loop[side].path);
      len[side] = r.lengthM;
      if (r.repeated >= 0) {
        errors.push({ path: `${at}.${side}.path[${r.repeated}]`, message: `Point ${r.repeated} repeats point ${r.repeated - 1}; remove one (a pipe segment needs a length).` });
      }
    }
    // a millimetre of slack: tools round positions to the millimetre; the engine clamps to the end
    const within = (value: number, side: 'supply' | 'return', path: string, what: string) => {
      if (value > len[side] + 1e-3) {
        errors.push({ path, message: `${what} ${value} m along the ${side} main lies beyond its end; the ${side} path is ${len[side].toFixed(3)} m long.` });
      }
    };
    loop.taps.forEach((t, j) => {
      const path = `${at}.taps[${j}]`;
      const kind = kindOf.get(t.rackId);
      if (kind === undefined) errors.push({ path: `${path}.rackId`, message: `Equipment "${t.rackId}" does not exist; a tap connects a rack by its id.` });
      else if (kind !== 'rack') errors.push({ path: `${path}.rackId`, message: `"${t.rackId}" is a ${kind}, not a rack; only racks are tapped onto a loop.` });
      else if (rackAt.has(t.rackId)) errors.push({ path: `${path}.rackId`, message: `Rack "${t.rackId}" is already tapped at ${rackAt.get(t.rackId)}; a rack connects to one loop once.` });
      else {
        rackAt.set(t.rackId, path);
        if (liquidShare.get(t.rackId) === 0) warnings.push({ path: `${path}.rackId`, message: `Rack "${t.rackId}" is air-cooled (no liquid share); its tap carries no heat.` });
      }
      within(t.supplyAtM, 'supply', `${path}.supplyAtM`, 'The supply tee at');
      within(t.returnAtM, 'return', `${path}.returnAtM`, 'The return tee at');
    });
    within(loop.expansion.atM, 'return', `${at}.expansion.atM`, 'The expansion point at');
  });
  return v.pipeLoops.map((l) => ({ ...l, name: l.name ?? l.id }));
}

/**
 * Why a hall outline is unusable, or undefined: repeated corners (zero-length walls, which openings
 * would index), no area, or edges that cross (inside/outside tests and wall lengths go wrong).
 * O(n²) in corners, n ≤ 500 by the schema.
 */
export function checkOutline(poly: readonly Vec2[]): string | undefined {
  const n = poly.length;
  for (let i = 0; i < n; i++) {
    const a = poly[i];
    const b = poly[(i + 1) % n];
    if (Math.abs(a[0] - b[0]) < 1e-9 && Math.abs(a[1] - b[1]) < 1e-9) {
      return i === n - 1
        ? `The last corner repeats the first (${a[0]}, ${a[1]}); outlines close by themselves, remove it.`
        : `Corners ${i} and ${i + 1} are the same point (${a[0]}, ${a[1]}); remove one.`;
    }
  }
  const cross = (o: Vec2, p: Vec2, q: Vec2) => (p[0] - o[0]) * (q[1] - o[1]) - (p[1] - o[1]) * (q[0] - o[0]);
  const onSeg = (p: Vec2, q: Vec2, r: Vec2) =>
    Math.min(p[0], q[0]) - 1e-9 <= r[0] && r[0] <= Math.max(p[0], q[0]) + 1e-9 && Math.min(p[1], q[1]) - 1e-9 <= r[1] && r[1] <= Math.max(p[1], q[1]) + 1e-9;
  const sign = (x: number) => (Math.abs(x) < 1e-9 ? 0 : x > 0 ? 1 : -1);
  for (let i = 0; i < n; i++) {
    const p1 = poly[i];
    const p2 = poly[(i + 1) % n];
    for (let j = i + 2; j < n; j++) {
      if (i === 0 && j === n - 1) continue; // edges n−1 and 0 share corner 0
      const q1 = poly[j];
      const q2 = poly[(j + 1) % n];
      const d1 = sign(cross(q1, q2, p1));
      const d2 = sign(cross(q1, q2, p2));
      const d3 = sign(cross(p1, p2, q1));
      const d4 = sign(cross(p1, p2, q2));
      const hit =
        (d1 * d2 < 0 && d3 * d4 < 0) ||
        (d1 === 0 && onSeg(q1, q2, p1)) ||
        (d2 === 0 && onSeg(q1, q2, p2)) ||
        (d3 === 0 && onSeg(p1, p2, q1)) ||
        (d4 === 0 && onSeg(p1, p2, q2));
      if (hit) return `Walls ${i} and ${j} cross or touch; an outline must not cross itself. Check the order of the corners.`;
    }
  }
  // after the crossing test: a bow tie's signed areas cancel, but "walls cross" is the better advice
  if (polygonArea(poly as Vec2[]) < 0.01) return 'The outline encloses no area; give the hall at least three corners that are not in a line.';
  return undefined;
}

// ---------------------------------------------------------------------------------------------------
// serialization

const keysOf = (s: { shape: Record<string, unknown> }) => Object.keys(s.shape);
const ORDER = {
  doc: keysOf(layoutSchema),
  meta: keysOf(metaSchema),
  site: keysOf(siteSchema),
  utility: keysOf(siteSchema.shape.utility),
  climate: keysOf(siteSchema.shape.climate),
  hall: keysOf(hallSchema),
  opening: keysOf(openingSchema),
  equipment: ['id', 'kind', 'model', 'name', 'hallId', 'position', 'rotationDeg', 'props'],
  connection: keysOf(connectionSchema),
  pipeLoop: keysOf(pipeLoopSchema),
  pipeRun: keysOf(pipeRunSchema),
  pipeTap: keysOf(pipeTapSchema),
  pipeFitting: keysOf(pipeFittingSchema),
  expansion: ['atM', 'pressureKpa'],
  customModel: keysOf(customModelSchema),
  settings: keysOf(settingsSchema),
};

/** Known keys in schema order, then any others in their own order (nothing is silently dropped). */
function ordered<T extends object>(o: T, keys: readonly string[], map: Partial<Record<string, (v: never) => unknown>> = {}): T {
  const src = o as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const k of keys) if (k in src) out[k] = map[k] ? map[k]!(src[k] as never) : src[k];
  for (const k of Object.keys(src)) if (!(k in out)) out[k] = src[k];
  return out as T;
}

function canonicalDoc(doc: LayoutDoc): LayoutDoc {
  return ordered(doc, ORDER.doc, {
    meta: (m: object) => ordered(m, ORDER.meta),
    site: (s: object) =>
      ordered(s, ORDER.site, { utility: (u: object) => ordered(u, ORDER.utility), climate: (c: object) => ordered(c, ORDER.climate) }),
    halls: (hs: object[]) => hs.map((h) => ordered(h, ORDER.hall, { openings: (os: object[]) => os.map((o) => ordered(o, ORDER.opening)) })),
    equipment: (es: Equipment[]) =>
      es.map((e) =>
        ordered(e, ORDER.equipment, {
          props: (p: object) => {
            const k = getKind(e.kind);
            return k ? ordered(p, Object.keys(k.propsSchema.shape)) : p;
          },
        }),
      ),
    connections: (cs: object[]) => cs.map((c) => ordered(c, ORDER.connection)),
    pipeLoops: (ls: object[] | undefined) => {
      const run = (r: object) => ordered(r, ORDER.pipeRun, { fittings: (fs: object[]) => fs.map((f) => ordered(f, ORDER.pipeFitting)) });
      return (ls ?? []).map((l) =>
        ordered(l, ORDER.pipeLoop, {
          supply: run,
          return: run,
          taps: (ts: object[]) => ts.map((t) => ordered(t, ORDER.pipeTap)),
          expansion: (e: object) => ordered(e, ORDER.expansion),
        }),
      );
    },
    customModels: (ms: { kind: string }[]) =>
      ms.map((m) =>
        ordered(m, ORDER.customModel, {
          props: (p: object) => {
            const k = getKind(m.kind);
            return k ? ordered(p, Object.keys(k.propsSchema.shape)) : p;
          },
        }),
      ),
    settings: (s: object) => ordered(s, ORDER.settings),
  });
}

/**
 * The document as the text of a .json file: 2-space indented, keys in schema order whatever order
 * the app built its objects in. Stable: serialize(load(serialize(d))) === serialize(d).
 */
export function serializeLayout(doc: LayoutDoc): string {
  return JSON.stringify(canonicalDoc(doc), null, 2) + '\n';
}

/** Compact single-line form (share links, autosave): same keys and order, no whitespace. */
export function serializeLayoutCompact(doc: LayoutDoc): string {
  return JSON.stringify(canonicalDoc(doc));
}
