import LZString from 'lz-string';
import type { LayoutDoc } from '../model/document';
import { loadLayout, MAX_FILE_BYTES, serializeLayoutCompact, type LoadResult } from '../model/load';

/**
 * Share links: the whole layout travels in the URL fragment (`#layout=<data>&c=<check>`), compressed with
 * lz-string's URI-safe alphabet, so no server is involved and the data never reaches one (browsers do
 * not send fragments). Opening a link runs the same loader as opening a file.
 */

export const SHARE_PARAM = 'layout';
/**
 * Check parameter: FNV-1a (32 bit, 8 hex digits) of the layout text. lz-string has no integrity
 * check, and a link with one character changed often still decompresses, to a *different* valid
 * layout; the check turns that into a clear "damaged link". Links without it are still accepted.
 */
export const CHECK_PARAM = 'c';

/** FNV-1a over UTF-16 code units: tiny, dependency-free, and plenty to detect accidental damage. */
export function fnv1a(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0).toString(16).padStart(8, '0');
}

/**
 * Longest fragment we create, in characters (all ASCII, so also bytes). Browsers cope with
 * fragments of several MB, but chat tools, mail clients and link shorteners truncate or refuse long
 * URLs well before that, and a truncated link cannot be repaired; 64 kB is a size that survives
 * the common ones. Bigger layouts are shared as a downloaded .json file.
 */
export const MAX_LINK_CHARS = 64 * 1024;

/**
 * Longest fragment we agree to decompress. Larger than what we create (a newer app may allow longer
 * links) but bounded: lz-string output can grow much faster than its input, so hostile links are
 * refused before decompression.
 */
export const MAX_DECODE_CHARS = 16 * MAX_LINK_CHARS;

export type ShareResult = { ok: true; fragment: string; length: number } | { ok: false; reason: string };

const kB = (n: number) => `${Math.ceil(n / 1024)} kB`;

/** The fragment (with its leading '#') that carries `doc`, or why it cannot. */
export function encodeShareFragment(doc: LayoutDoc): ShareResult {
  const text = serializeLayoutCompact(doc);
  const data = LZString.compressToEncodedURIComponent(text);
  const fragment = `#${SHARE_PARAM}=${data}&${CHECK_PARAM}=${fnv1a(text)}`;
  if (fragment.length > MAX_LINK_CHARS) {
    return {
      ok: false,
      reason: `This layout is too large for a link (${kB(fragment.length)}, the limit is ${kB(MAX_LINK_CHARS)}); download the .json instead.`,
    };
  }
  return { ok: true, fragment, length: fragment.length };
}

/** The raw value of parameter `name` in a fragment such as `#layout=…&c=…`, or null if absent. */
function param(hash: string, name: string): string | null {
  const h = hash.startsWith('#') ? hash.slice(1) : hash;
  // not URLSearchParams: it would turn the '+' of lz-string's alphabet into a space
  for (const part of h.split('&')) {
    if (part.startsWith(`${name}=`)) return part.slice(name.length + 1);
  }
  return null;
}

const damaged = (why: string): LoadResult => {
  const summary = `The link does not hold a readable layout (${why}). Was it cut short when it was copied? Ask for the .json file instead.`;
  return { ok: false, summary, errors: [{ path: '', message: summary }] };
};

/**
 * The layout carried by a location hash: null when the hash holds no layout (so the app opens as
 * usual), otherwise the loader's result. Never throws, whatever the hash holds.
 */
export function decodeShareFragment(hash: string): LoadResult | null {
  const data = param(hash, SHARE_PARAM);
  if (data === null) return null;
  if (data === '') return damaged('the layout data is empty');
  if (data.length > MAX_DECODE_CHARS) return damaged(`the layout data is ${kB(data.length)}, more than any link this app makes`);
  // encoded data uses only this alphabet; anything else means the link was mangled (or percent-encoded)
  let clean = data;
  if (/%[0-9A-Fa-f]{2}/.test(clean)) {
    try {
      clean = decodeURIComponent(clean);
    } catch {
      return damaged('it holds broken %-escapes');
    }
  }
  // some tools turn '+' into a space on the way
  clean = clean.replace(/ /g, '+');
  if (!/^[A-Za-z0-9+\-$]*$/.test(clean)) return damaged('it holds characters a layout link never contains');
  let text: string | null;
  try {
    text = LZString.decompressFromEncodedURIComponent(clean);
  } catch (e) {
    return damaged(`it cannot be decompressed: ${(e as Error).message}`);
  }
  if (!text) return damaged('it cannot be decompressed');
  if (text.length > MAX_FILE_BYTES) return damaged('it unpacks to more than a layout can hold');
  const check = param(hash, CHECK_PARAM);
  if (check !== null && check.toLowerCase() !== fnv1a(text)) return damaged('its check code does not match its data');
  // Text that is not JSON here means corrupt data, not a hand-edited file: say so in link terms.
  // The parsed value then goes through the loader like any file.
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return damaged('its data is corrupt');
  }
  return loadLayout(raw);
}
