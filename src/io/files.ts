import type { LayoutDoc } from '../model/document';
import { loadLayout, MAX_FILE_BYTES, type LoadResult } from '../model/load';

/**
 * Opening and saving files. Pure helpers (names, size guards) run in Node; `downloadText` is the only
 * browser-only part.
 */

const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])$/i;
const MAX_NAME = 80;

/**
 * A file name for the document, from meta.title: ASCII letters, digits, '-', '_' and '.', accents
 * dropped ("Hall Süd / Phase 2" → "hall-sud-phase-2.json"), safe on Windows, macOS and Linux.
 */
export function downloadName(doc: Pick<LayoutDoc, 'meta'>): string {
  const slug = (doc.meta?.title ?? '')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '') // combining accents left by NFKD
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '')
    .slice(0, MAX_NAME)
    .replace(/[-.]+$/g, '');
  const base = slug === '' ? 'layout' : WINDOWS_RESERVED.test(slug.split('.')[0]) ? `layout-${slug}` : slug;
  return `${base}.json`;
}

export type ReadResult = { ok: true; text: string } | { ok: false; reason: string };

const mb = (n: number) => (n / 1024 / 1024).toFixed(1);

/**
 * The text of a dropped or picked file. The size is checked first, so a 60 MB drop is refused without
 * reading it into memory. Never throws.
 */
export async function readFileAsText(file: Blob): Promise<ReadResult> {
  const name = typeof (file as File).name === 'string' ? `"${(file as File).name}"` : 'The file';
  if (file.size > MAX_FILE_BYTES) {
    return { ok: false, reason: `${name} is ${mb(file.size)} MB; layouts are limited to ${MAX_FILE_BYTES / 1024 / 1024} MB. Is this the right file?` };
  }
  try {
    return { ok: true, text: await file.text() };
  } catch (e) {
    return { ok: false, reason: `${name} could not be read: ${e instanceof Error ? e.message : String(e)}.` };
  }
}

/** Read and load a file in one step: the result the app shows (size refusals look like load errors). */
export async function openLayoutFile(file: Blob): Promise<LoadResult> {
  const r = await readFileAsText(file);
  if (!r.ok) return { ok: false, summary: r.reason, errors: [{ path: '', message: r.reason }] };
  return loadLayout(r.text);
}

/** Offer `text` as a download named `name` (browser only). */
export function downloadText(name: string, text: string, type = 'application/json'): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.rel = 'noopener';
  document.body.appendChild(a);
  a.click();
  a.remove();
  // revoking at once can cancel the download in some browsers
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
