import { createStore, del, get, set } from 'idb-keyval';
import { MAX_FILE_BYTES } from '../model/load';

/**
 * Autosave: the serialized document (text, exactly what "Download" writes) plus a little metadata,
 * kept in IndexedDB through idb-keyval so a reload or crash does not lose work. The text goes back
 * through loadLayout on restore like any file, so a stale or damaged autosave is reported, not trusted.
 *
 * Storage is behind a tiny key-value interface so Node tests inject a Map-backed store; the app uses
 * the IndexedDB one, created lazily (creating it opens the database, which Node does not have).
 */

export interface KeyValueStore {
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown): Promise<void>;
  del(key: string): Promise<void>;
}

export interface AutosaveMeta {
  /** meta.title of the document, for "Restore “…” from 14:02?" */
  title?: string;
  /** ISO time of the save; filled in by saveAutosave when absent */
  savedAt?: string;
  /** the document had unsaved changes (not yet downloaded) when it was autosaved */
  dirty?: boolean;
  /** number of equipment records, for the restore prompt */
  equipmentCount?: number;
}

/** What is stored: the text plus its metadata, flat. */
export interface AutosaveRecord extends AutosaveMeta {
  /** version of this record's shape (not of the layout format, which the text carries) */
  v: 1;
  /** serializeLayout output */
  docText: string;
  savedAt: string;
}

export const AUTOSAVE_KEY = 'retrofit-designer:autosave';

/** A store over a Map: for tests, and as a fallback where IndexedDB is unavailable (private windows). */
export function memoryStore(map: Map<string, unknown> = new Map()): KeyValueStore {
  return {
    get: async (k) => map.get(k),
    set: async (k, v) => void map.set(k, v),
    del: async (k) => void map.delete(k),
  };
}

/** The IndexedDB store (database "retrofit-designer", object store "autosave"). */
export function idbStore(): KeyValueStore {
  const s = createStore('retrofit-designer', 'autosave');
  return { get: (k) => get(k, s), set: (k, v) => set(k, v, s), del: (k) => del(k, s) };
}

let defaultStore: KeyValueStore | undefined;
const storeOr = (s?: KeyValueStore): KeyValueStore => s ?? (defaultStore ??= idbStore());

export type SaveResult = { ok: true; record: AutosaveRecord } | { ok: false; reason: string };

/**
 * Store `docText` (serializeLayout output). Never throws and never rejects: a full disk or a blocked
 * database comes back as `{ ok: false, reason }`, so check `ok` rather than `.catch`.
 */
export async function saveAutosave(docText: string, meta: AutosaveMeta, store?: KeyValueStore): Promise<SaveResult> {
  if (docText.length > MAX_FILE_BYTES) {
    return { ok: false, reason: `The layout is too large to autosave (${(docText.length / 1024 / 1024).toFixed(1)} MB); download it instead.` };
  }
  const record: AutosaveRecord = { ...meta, v: 1, docText, savedAt: meta.savedAt ?? new Date().toISOString() };
  try {
    await storeOr(store).set(AUTOSAVE_KEY, record);
    return { ok: true, record };
  } catch (e) {
    return { ok: false, reason: `Autosave failed: ${e instanceof Error ? e.message : String(e)}. Download the layout to keep it safe.` };
  }
}

const isRecord = (r: unknown): r is AutosaveRecord => {
  if (!r || typeof r !== 'object') return false;
  const x = r as Partial<AutosaveRecord>;
  return (
    x.v === 1 &&
    typeof x.docText === 'string' &&
    typeof x.savedAt === 'string' &&
    (x.title === undefined || typeof x.title === 'string') &&
    (x.dirty === undefined || typeof x.dirty === 'boolean')
  );
};

/**
 * The last autosave, or null if there is none, the storage cannot be read, or what is stored is not
 * an autosave record this app wrote. The text still has to go through loadLayout.
 */
export async function loadAutosave(store?: KeyValueStore): Promise<AutosaveRecord | null> {
  try {
    const r = await storeOr(store).get(AUTOSAVE_KEY);
    return isRecord(r) ? r : null;
  } catch {
    return null;
  }
}

/** Forget the autosave (after the user discards it, or once it is safely downloaded). Never throws. */
export async function clearAutosave(store?: KeyValueStore): Promise<void> {
  try {
    await storeOr(store).del(AUTOSAVE_KEY);
  } catch {
    // nothing to do: a store that cannot be written cannot hold a stale autosave either
  }
}

/**
 * Debounced autosaving for the app: call `schedule` after every change; the last text is written
 * `delayMs` after changes stop (and at most every `maxWaitMs` while they continue). `text` is a thunk
 * so serialization happens once per write, not once per keystroke.
 */
export function createAutosaver(opts: {
  store?: KeyValueStore;
  delayMs?: number;
  maxWaitMs?: number;
  onSaved?: (r: SaveResult) => void;
}) {
  const delay = opts.delayMs ?? 1500;
  const maxWait = opts.maxWaitMs ?? 10_000;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let firstPending: number | undefined;
  let pending: { text: () => string; meta: AutosaveMeta } | undefined;

  const flush = async (): Promise<SaveResult | undefined> => {
    if (timer !== undefined) clearTimeout(timer);
    timer = undefined;
    firstPending = undefined;
    const job = pending;
    pending = undefined;
    if (!job) return undefined;
    let text: string;
    try {
      text = job.text();
    } catch (e) {
      const r: SaveResult = { ok: false, reason: `Autosave failed: ${(e as Error).message}` };
      opts.onSaved?.(r);
      return r;
    }
    const r = await saveAutosave(text, job.meta, opts.store);
    opts.onSaved?.(r);
    return r;
  };

  return {
    schedule(text: () => string, meta: AutosaveMeta) {
      pending = { text, meta };
      const now = Date.now();
      firstPending ??= now;
      if (timer !== undefined) clearTimeout(timer);
      const wait = Math.max(0, Math.min(delay, firstPending + maxWait - now));
      timer = setTimeout(() => void flush(), wait);
    },
    flush,
    cancel() {
      if (timer !== undefined) clearTimeout(timer);
      timer = undefined;
      firstPending = undefined;
      pending = undefined;
    },
    get pending() {
      return pending !== undefined;
    },
  };
}
