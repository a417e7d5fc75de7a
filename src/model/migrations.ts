import { CURRENT_VERSION } from './document';

/**
 * Format migrations as data: entry `n` takes a raw document of version n to version n+1 by editing a
 * copy. The table must be contiguous from 1 up to CURRENT_VERSION (a unit test checks it), and frozen
 * fixtures of every old version live in test/fixtures and must keep loading.
 *
 * Version 1 is the first published format, so the table is empty today; the power and liquid issues
 * add entries when they extend the format.
 */
export interface Migration {
  from: number;
  to: number;
  description: string;
  up(doc: Record<string, unknown>): Record<string, unknown>;
}

export const MIGRATIONS: Migration[] = [];

export type MigrateResult =
  | { ok: true; doc: Record<string, unknown>; applied: Migration[] }
  | { ok: false; message: string };

/** Bring a raw document from `version` to `target` through the table. Never mutates the input. */
export function migrate(
  raw: Record<string, unknown>,
  version: number,
  table: readonly Migration[] = MIGRATIONS,
  target: number = CURRENT_VERSION,
): MigrateResult {
  let doc: Record<string, unknown> = structuredClone(raw);
  const applied: Migration[] = [];
  for (let v = version; v < target; v++) {
    const m = table.find((x) => x.from === v);
    if (!m || m.to !== v + 1) {
      return { ok: false, message: `No migration from format version ${v} to ${v + 1}.` };
    }
    try {
      doc = m.up(doc);
    } catch (e) {
      return { ok: false, message: `Migrating from version ${v} to ${v + 1} failed: ${(e as Error).message}` };
    }
    doc.version = v + 1;
    applied.push(m);
  }
  return { ok: true, doc, applied };
}
