import { CURRENT_VERSION } from './document';

/**
 * Format migrations as data: entry `n` takes a raw document of version n to version n+1 by editing a
 * copy. The table must be contiguous from 1 up to CURRENT_VERSION (a unit test checks it), and frozen
 * fixtures of every old version live in test/fixtures and must keep loading.
 *
 * Version 1 is the first published format. Version 2 adds `pipeLoops` (TCS pipe loops, issue #5).
 *
 * Policy for adding a version (see docs/format.md §Versioning):
 * 1. bump CURRENT_VERSION in document.ts and change the zod schema to the new shape;
 * 2. append `{ from: n, to: n + 1, up }` here; `up` receives a private deep copy it may edit in place
 *    and returns the new-shape document (without setting `version`: `migrate` does that);
 * 3. freeze a fixture of the old version under test/fixtures/vN-*.json and assert it still loads.
 */
export interface Migration {
  from: number;
  to: number;
  description: string;
  up(doc: Record<string, unknown>): Record<string, unknown>;
}

export const MIGRATIONS: Migration[] = [
  {
    from: 1,
    to: 2,
    description: 'adds pipeLoops (liquid-cooling pipe loops), empty',
    up(doc) {
      // version 1 was closed (unknown keys refused), so a v1 file holding pipeLoops is mislabelled:
      // refuse rather than drop or guess at its loops
      if ('pipeLoops' in doc) throw new Error('a version-1 file cannot hold "pipeLoops" (they arrived in version 2); set "version": 2 if the file was written for it');
      doc.pipeLoops = [];
      return doc;
    },
  },
];

export type MigrateResult =
  | { ok: true; doc: Record<string, unknown>; applied: Migration[] }
  | { ok: false; message: string };

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * Bring a raw document from `version` to `target` through the table. Never mutates the input and
 * never throws: a missing step, a throwing `up` or an `up` that returns a non-object is a failure.
 */
export function migrate(
  raw: Record<string, unknown>,
  version: number,
  table: readonly Migration[] = MIGRATIONS,
  target: number = CURRENT_VERSION,
): MigrateResult {
  // Nothing to do: hand the input back untouched. Cloning here would also throw (DataCloneError) on
  // pre-parsed input holding functions or symbols, which validation reports properly instead.
  if (version >= target) return { ok: true, doc: raw, applied: [] };
  let doc: Record<string, unknown>;
  try {
    doc = structuredClone(raw);
  } catch (e) {
    return { ok: false, message: `The document cannot be copied for migration: ${(e as Error).message}` };
  }
  const applied: Migration[] = [];
  for (let v = version; v < target; v++) {
    const m = table.find((x) => x.from === v);
    if (!m || m.to !== v + 1) {
      return { ok: false, message: `No migration from format version ${v} to ${v + 1}; this app cannot read version ${version} files.` };
    }
    let next: unknown;
    try {
      next = m.up(doc);
    } catch (e) {
      return { ok: false, message: `Migrating from format version ${v} to ${v + 1} (${m.description}) failed: ${(e as Error)?.message ?? String(e)}` };
    }
    if (!isPlainObject(next)) {
      return { ok: false, message: `Migrating from format version ${v} to ${v + 1} (${m.description}) did not produce a document.` };
    }
    doc = next;
    doc.version = v + 1;
    applied.push(m);
  }
  return { ok: true, doc, applied };
}
