import { loadLayout, serializeLayout, type LoadResult } from '../model/load';
import { clearAutosave, loadAutosave, saveAutosave } from '../io/autosave';
import { downloadName, downloadText, readFileAsText } from '../io/files';
import { decodeShareFragment, encodeShareFragment } from '../io/share';
import { store } from './instance';
import { docJson } from '../analysis/docJson';

export interface SampleEntry {
  file: string;
  title: string;
  description: string;
  kind: 'sample' | 'template';
}

/** Samples ship in public/samples; URLs are relative so the site works under any sub-path. */
const samplesUrl = (file: string) => new URL(`samples/${file}`, document.baseURI).toString();

export async function listSamples(): Promise<SampleEntry[]> {
  const r = await fetch(samplesUrl('index.json'));
  if (!r.ok) throw new Error(`samples index: HTTP ${r.status}`);
  return (await r.json()) as SampleEntry[];
}

/**
 * Open a loaded result, or show what is wrong and where — never replacing the open document,
 * its undo history or its autosave on failure.
 */
export function applyLoad(res: LoadResult, source: string, info?: string): boolean {
  const s = store.getState();
  if (!res.ok) {
    s.setNotice({
      kind: 'error',
      title: `Could not open ${source}: ${res.summary}`,
      details: res.errors.map((e) => (e.path ? `${e.path}: ${e.message}` : e.message)),
    });
    return false;
  }
  const notes = [...(res.migratedFrom ? [`Upgraded from format version ${res.migratedFrom}.`] : []), ...res.warnings.map((w) => `${w.path}: ${w.message}`)];
  s.openDocument(res.doc, info || notes.length ? { kind: 'info', title: info ?? `Opened ${source}`, details: notes } : null);
  return true;
}

export async function openSample(file: string): Promise<boolean> {
  try {
    const r = await fetch(samplesUrl(file));
    if (!r.ok) throw new Error(`HTTP ${r.status}`);
    return applyLoad(loadLayout(await r.text()), file);
  } catch (e) {
    store.getState().setNotice({ kind: 'error', title: `Could not fetch the sample ${file}: ${(e as Error).message}`, details: [] });
    return false;
  }
}

export async function openFile(file: File): Promise<boolean> {
  const text = await readFileAsText(file);
  if (!text.ok) {
    store.getState().setNotice({ kind: 'error', title: `Could not open ${file.name}: ${text.reason}`, details: [] });
    return false;
  }
  return applyLoad(loadLayout(text.text), file.name);
}

export function openFromFile(): Promise<boolean> {
  return new Promise((resolve) => {
    const input = document.createElement('input');
    input.type = 'file';
    input.accept = '.json,application/json';
    input.onchange = () => {
      const f = input.files?.[0];
      if (f) void openFile(f).then(resolve);
      else resolve(false);
    };
    input.click();
  });
}

export function saveToFile(): void {
  const doc = store.getState().doc;
  downloadText(downloadName(doc), serializeLayout(doc));
  store.getState().markSaved();
}

export async function copyShareLink(): Promise<void> {
  const s = store.getState();
  const enc = encodeShareFragment(s.doc);
  if (!enc.ok) {
    s.setNotice({ kind: 'error', title: enc.reason, details: [] });
    return;
  }
  const url = `${location.origin}${location.pathname}${location.search}${enc.fragment}`;
  try {
    await navigator.clipboard.writeText(url);
    s.setNotice({ kind: 'info', title: `Share link copied (${(enc.length / 1000).toFixed(1)} kB). Anyone opening it sees this layout — it works offline, nothing is uploaded.`, details: [] });
  } catch {
    s.setNotice({ kind: 'info', title: 'Copy this share link:', details: [url] });
  }
}

const DEFAULT_SAMPLE = 'as-found-mining-hall.json';

/**
 * First document: a share link in the URL wins, then ?sample=, then the autosave of this browser,
 * then the default sample.
 */
export async function bootstrap(): Promise<void> {
  const fromLink = decodeShareFragment(location.hash);
  if (fromLink) {
    const ok = applyLoad(fromLink, 'the share link', 'Opened from a share link');
    history.replaceState(null, '', location.pathname + location.search);
    if (ok) return;
  }
  // ?sample=<file> opens a shipped sample directly (links for demos); plain file names only
  const sample = new URLSearchParams(location.search).get('sample');
  if (sample && /^[\w.-]+\.json$/.test(sample)) {
    if (await openSample(sample)) return;
  }
  try {
    const saved = await loadAutosave();
    if (saved) {
      const res = loadLayout(saved.docText);
      if (res.ok) {
        applyLoad(res, 'autosave', `Restored your autosaved layout from ${new Date(saved.savedAt).toLocaleString()}`);
        // it was unsaved work: keep it marked as such
        if (saved.dirty) store.setState({ savedDoc: { ...res.doc } });
        return;
      }
    }
  } catch {
    // no IndexedDB (private mode): fall through to the sample
  }
  await openSample(DEFAULT_SAMPLE);
}

/** Autosave the document to IndexedDB a moment after each change. */
export function startAutosave(delayMs = 600): () => void {
  let timer: ReturnType<typeof setTimeout> | null = null;
  const unsub = store.subscribe((s, prev) => {
    if (s.doc === prev.doc && s.savedDoc === prev.savedDoc) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      const st = store.getState();
      void saveAutosave(docJson(st.doc), { dirty: st.doc !== st.savedDoc, title: st.doc.meta.title }).then((r) => {
        if (!r.ok && store.getState().notice?.title.startsWith('Autosave') !== true) {
          store.getState().setNotice({ kind: 'error', title: `Autosave failed: ${r.reason}. Save a .json to keep your work.`, details: [] });
        }
      });
    }, delayMs);
  });
  return () => {
    unsub();
    if (timer) clearTimeout(timer);
  };
}

export { clearAutosave };
