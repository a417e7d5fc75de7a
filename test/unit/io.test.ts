import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import LZString from 'lz-string';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { emptyHallDoc, type LayoutDoc } from '../../src/model/document';
import { INTERNAL_ERROR, loadLayout, MAX_FILE_BYTES, serializeLayout } from '../../src/model/load';
import { AUTOSAVE_KEY, clearAutosave, createAutosaver, loadAutosave, memoryStore, saveAutosave, type KeyValueStore } from '../../src/io/autosave';
import { downloadName, openLayoutFile, readFileAsText } from '../../src/io/files';
import { docJson } from '../../src/analysis/docJson';
import { decodeShareFragment, encodeShareFragment, fnv1a, MAX_DECODE_CHARS, MAX_LINK_CHARS } from '../../src/io/share';

const fixture = (): LayoutDoc => {
  const r = loadLayout(readFileSync(new URL('../fixtures/v1-small-hall.json', import.meta.url), 'utf8'));
  if (!r.ok) throw new Error(r.summary);
  return r.doc;
};

/** A document with n racks whose positions and names differ, so it does not compress to nothing. */
function bigDoc(n: number): LayoutDoc {
  const d = emptyHallDoc(400, 400);
  const r = fixture().equipment[0];
  d.equipment = Array.from({ length: n }, (_, i) => ({ ...r, id: `rack-${i}`, name: `Rack ${i * 7919}`, hallId: 'hall-1', position: [(i % 300) * 1.3 + 0.1 * (i % 7), Math.floor(i / 300) * 2.9, 0] }));
  return d;
}

describe('share links', () => {
  it('encode → decode gives the same document', () => {
    const doc = fixture();
    const r = encodeShareFragment(doc);
    if (!r.ok) throw new Error(r.reason);
    expect(r.length).toBe(r.fragment.length);
    const text = JSON.stringify(JSON.parse(serializeLayout(doc)));
    expect(r.fragment).toBe(`#layout=${LZString.compressToEncodedURIComponent(text)}&c=${fnv1a(text)}`);
    expect(r.fragment).toMatch(/^#layout=[A-Za-z0-9+\-$]+&c=[0-9a-f]{8}$/);
    const back = decodeShareFragment(r.fragment);
    if (!back?.ok) throw new Error('decode failed');
    expect(serializeLayout(back.doc)).toBe(serializeLayout(doc));
  });

  it('accepts the hash without "#", among other parameters, and with + turned into spaces', () => {
    const { fragment } = encodeShareFragment(fixture()) as { fragment: string };
    const [, data, check] = /^#layout=([^&]+)&c=([0-9a-f]{8})$/.exec(fragment)!;
    expect(data).toContain('+'); // so the space variant below tests something
    for (const h of [
      `layout=${data}&c=${check}`,
      `#c=${check.toUpperCase()}&view=3d&layout=${data}`,
      `#view=3d&layout=${data}&x=1`, // links without a check code still open
      `#layout=${data.replace(/\+/g, ' ')}&c=${check}`,
      `#layout=${encodeURIComponent(data)}&c=${check}`,
    ]) {
      expect([h.slice(0, 12), decodeShareFragment(h)?.ok]).toEqual([h.slice(0, 12), true]);
    }
  });

  it('a hash without a layout is null, so the app opens as usual', () => {
    for (const h of ['', '#', '#view=3d', '#layouts=abc', '#x=1&y=2']) expect(decodeShareFragment(h)).toBeNull();
  });

  it('too large for a link: a clear reason naming the size', () => {
    // grow the layout until its link passes the limit, then check the refusal
    let n = 500;
    let r = encodeShareFragment(bigDoc(n));
    while (r.ok) r = encodeShareFragment(bigDoc((n *= 2)));
    expect(r).toEqual({ ok: false, reason: expect.stringMatching(/^This layout is too large for a link \(\d+ kB, the limit is 64 kB\); download the \.json instead\.$/) });
    const size = Number(/\((\d+) kB/.exec((r as { reason: string }).reason)![1]);
    expect(size).toBeGreaterThan(64);
    const data = LZString.compressToEncodedURIComponent(JSON.stringify(JSON.parse(serializeLayout(bigDoc(n)))));
    expect(size).toBe(Math.ceil(('#layout='.length + data.length + '&c=12345678'.length) / 1024));
    expect(MAX_LINK_CHARS).toBe(64 * 1024);
  });

  it('corrupt, truncated or foreign data gives a clear error, never a throw', () => {
    const { fragment } = encodeShareFragment(fixture()) as { fragment: string };
    const expectDamaged = (h: string, why: string) => {
      const r = decodeShareFragment(h);
      const summary = `The link does not hold a readable layout (${why}). Was it cut short when it was copied? Ask for the .json file instead.`;
      expect(r).toEqual({ ok: false, summary, errors: [{ path: '', message: summary }] });
    };
    expectDamaged('#layout=', 'the layout data is empty');
    expectDamaged('#layout=<script>', 'it holds characters a layout link never contains');
    expectDamaged('#layout=%E0%A4%A', 'it holds broken %-escapes');
    expectDamaged(`#layout=${'A'.repeat(MAX_DECODE_CHARS + 1)}`, 'the layout data is 1025 kB, more than any link this app makes');
    // a link cut in half: decompresses to nothing or to broken JSON
    const half = decodeShareFragment(fragment.slice(0, Math.floor(fragment.length / 2)));
    expect(half?.ok).toBe(false);
    if (half && !half.ok) expect(half.summary).toMatch(/^The link does not hold a readable layout \((it cannot be decompressed|its data is corrupt)\)/);
    // valid compression of something that is not a layout goes through the loader's messages
    const notLayout = decodeShareFragment(`#layout=${LZString.compressToEncodedURIComponent('{"hello": 1}')}`);
    expect(notLayout).toEqual({
      ok: false,
      summary: 'This is not a Retrofit Designer layout: "format" is missing, expected "retrofit-designer.layout".',
      errors: [{ path: 'format', message: 'Expected "retrofit-designer.layout", found missing.' }],
    });
  });

  it('a link with a character changed never opens as a different layout', () => {
    const doc = fixture();
    const { fragment } = encodeShareFragment(doc) as { fragment: string };
    const start = '#layout='.length;
    const end = fragment.indexOf('&c=');
    const original = serializeLayout(doc);
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+-$'.split('');
    let opened = 0;
    fc.assert(
      fc.property(fc.integer({ min: start, max: end - 1 }), fc.constantFrom(...alphabet), (at, c) => {
        const r = decodeShareFragment(fragment.slice(0, at) + c + fragment.slice(at + 1));
        expect(r).not.toBeNull();
        // unused padding bits in the last character can leave the text unchanged: then it may open
        if (r!.ok) {
          opened++;
          expect(serializeLayout(r!.doc)).toBe(original);
        }
      }),
      { numRuns: 300 },
    );
    expect(opened).toBeLessThan(300);
    const wrong = decodeShareFragment(fragment.replace(/&c=.*/, '&c=00000000'));
    expect(wrong?.ok === false && wrong.summary).toBe(
      'The link does not hold a readable layout (its check code does not match its data). Was it cut short when it was copied? Ask for the .json file instead.',
    );
  });

  it('fnv1a is the 32-bit FNV-1a hash', () => {
    // reference values of FNV-1a 32 for ASCII input
    expect(fnv1a('')).toBe('811c9dc5');
    expect(fnv1a('a')).toBe('e40c292c');
    expect(fnv1a('foobar')).toBe('bf9cf968');
  });

  it('random link data never throws', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+-$'.split('')), maxLength: 400 }), (s) => {
        const r = decodeShareFragment(`#layout=${s}`);
        expect(r).not.toBeNull();
        if (r && !r.ok) {
          expect(r.summary.length).toBeGreaterThan(0);
          expect(r.summary.startsWith(INTERNAL_ERROR)).toBe(false);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('autosave', () => {
  it('save → load → clear through an injected store', async () => {
    const map = new Map<string, unknown>();
    const store = memoryStore(map);
    expect(await loadAutosave(store)).toBeNull();
    const text = serializeLayout(fixture());
    const saved = await saveAutosave(text, { title: 'Small hall', savedAt: '2026-11-25T10:00:00.000Z', dirty: true, equipmentCount: 4 }, store);
    const record = { v: 1, docText: text, title: 'Small hall', savedAt: '2026-11-25T10:00:00.000Z', dirty: true, equipmentCount: 4 };
    expect(saved).toEqual({ ok: true, record });
    expect([...map.keys()]).toEqual([AUTOSAVE_KEY]);
    const back = await loadAutosave(store);
    expect(back).toEqual(record);
    expect(loadLayout(back!.docText).ok).toBe(true);
    await clearAutosave(store);
    expect(map.size).toBe(0);
    expect(await loadAutosave(store)).toBeNull();
  });

  it('fills in savedAt', async () => {
    vi.useFakeTimers({ now: new Date('2026-11-25T12:34:56.000Z') });
    try {
      const r = await saveAutosave('{}', {}, memoryStore());
      expect(r).toEqual({ ok: true, record: { v: 1, docText: '{}', savedAt: '2026-11-25T12:34:56.000Z' } });
    } finally {
      vi.useRealTimers();
    }
  });

  it('something else under the key is not mistaken for an autosave', async () => {
    const good = { v: 1, docText: '{}', savedAt: 'x' };
    expect(await loadAutosave(memoryStore(new Map([[AUTOSAVE_KEY, good]])))).toEqual(good);
    for (const junk of [null, 'text', 42, { ...good, v: 2 }, { ...good, docText: 5 }, { v: 1, docText: '{}' }, { ...good, dirty: 'yes' }, { ...good, title: 3 }]) {
      expect(await loadAutosave(memoryStore(new Map([[AUTOSAVE_KEY, junk]])))).toBeNull();
    }
  });

  it('storage failures are reported, never thrown', async () => {
    const broken: KeyValueStore = {
      get: async () => {
        throw new Error('blocked');
      },
      set: async () => {
        throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      },
      del: async () => {
        throw new Error('blocked');
      },
    };
    expect(await saveAutosave('{}', { title: 't' }, broken)).toEqual({
      ok: false,
      reason: 'Autosave failed: The quota has been exceeded.. Download the layout to keep it safe.',
    });
    expect(await loadAutosave(broken)).toBeNull();
    await expect(clearAutosave(broken)).resolves.toBeUndefined();
  });

  it('refuses a text larger than a layout may be', async () => {
    const r = await saveAutosave('x'.repeat(MAX_FILE_BYTES + 1), { title: 't' }, memoryStore());
    expect(r).toEqual({ ok: false, reason: 'The layout is too large to autosave (40.0 MB); download it instead.' });
  });

  describe('createAutosaver', () => {
    afterEach(() => vi.useRealTimers());

    it('debounces: one write of the latest text after changes stop, serialized once', async () => {
      vi.useFakeTimers();
      const map = new Map<string, unknown>();
      const saved: unknown[] = [];
      const a = createAutosaver({ store: memoryStore(map), delayMs: 1000, onSaved: (r) => saved.push(r) });
      let calls = 0;
      for (let i = 0; i < 5; i++) {
        a.schedule(() => (calls++, `text ${i}`), { title: `t${i}` });
        await vi.advanceTimersByTimeAsync(500);
      }
      expect(map.size).toBe(0);
      expect(a.pending).toBe(true);
      await vi.advanceTimersByTimeAsync(1000);
      expect(calls).toBe(1);
      expect((map.get(AUTOSAVE_KEY) as { docText: string }).docText).toBe('text 4');
      expect(saved).toHaveLength(1);
      expect(a.pending).toBe(false);
    });

    it('writes at least every maxWaitMs while changes keep coming', async () => {
      vi.useFakeTimers();
      const map = new Map<string, unknown>();
      const a = createAutosaver({ store: memoryStore(map), delayMs: 1000, maxWaitMs: 3000 });
      for (let i = 0; i < 7; i++) {
        a.schedule(() => `text ${i}`, { title: 't' });
        await vi.advanceTimersByTimeAsync(500);
      }
      // changes at 0, 500 … 3000 ms never pause for 1000 ms, yet the 3000 ms cap writes the text of
      // 2500 ms; the change at 3000 ms starts a new wait
      expect((map.get(AUTOSAVE_KEY) as { docText: string }).docText).toBe('text 5');
      expect(a.pending).toBe(true);
      await vi.advanceTimersByTimeAsync(1000);
      expect((map.get(AUTOSAVE_KEY) as { docText: string }).docText).toBe('text 6');
    });

    it('flush writes now; cancel drops the pending write', async () => {
      vi.useFakeTimers();
      const map = new Map<string, unknown>();
      const a = createAutosaver({ store: memoryStore(map), delayMs: 1000 });
      a.schedule(() => 'now', { title: 't' });
      const r = await a.flush();
      expect(r?.ok).toBe(true);
      expect((map.get(AUTOSAVE_KEY) as { docText: string }).docText).toBe('now');
      a.schedule(() => 'later', { title: 't' });
      a.cancel();
      await vi.advanceTimersByTimeAsync(5000);
      expect((map.get(AUTOSAVE_KEY) as { docText: string }).docText).toBe('now');
      expect(await a.flush()).toBeUndefined();
    });
  });
});

describe('document JSON for workers and autosave (docJson)', () => {
  it('serialises each document version once, and the text loads back to the same document', () => {
    const doc = fixture();
    const spy = vi.spyOn(JSON, 'stringify');
    try {
      const a = docJson(doc);
      expect(docJson(doc)).toBe(a);
      expect(spy).toHaveBeenCalledTimes(1);
      // an edit makes a new document object: serialised afresh
      const edited = { ...doc, equipment: doc.equipment.slice(1) };
      expect(docJson(edited)).not.toBe(a);
      expect(spy).toHaveBeenCalledTimes(2);
    } finally {
      spy.mockRestore();
    }
    const back = loadLayout(docJson(doc));
    expect(back.ok && serializeLayout(back.doc)).toBe(serializeLayout(doc));
  });
});

describe('files', () => {
  it('downloadName makes a safe file name from the title', () => {
    const name = (title: string) => downloadName({ meta: { title } });
    expect(name('Hall Süd / Phase 2')).toBe('hall-sud-phase-2.json');
    expect(name('  ../../etc/passwd  ')).toBe('etc-passwd.json');
    expect(name('CON')).toBe('layout-con.json');
    expect(name('nul.txt')).toBe('layout-nul.txt.json');
    expect(name('')).toBe('layout.json');
    expect(name('***')).toBe('layout.json');
    expect(name('数据中心')).toBe('layout.json');
    expect(name('Rack row A: 12×GB200 (v2.1)')).toBe('rack-row-a-12-gb200-v2.1.json');
    expect(name('x'.repeat(200))).toBe(`${'x'.repeat(80)}.json`);
    expect(name(`${'a'.repeat(79)} b`)).toBe(`${'a'.repeat(79)}.json`); // no trailing '-' after the cut
  });

  it('readFileAsText reads a small file', async () => {
    const r = await readFileAsText(new Blob(['{"a":1}']));
    expect(r).toEqual({ ok: true, text: '{"a":1}' });
  });

  it('a 60 MB file is refused from its size, without being read', async () => {
    const text = vi.fn(async () => 'never');
    const huge = { size: 60 * 1024 * 1024, name: 'huge.json', text } as unknown as Blob;
    expect(await readFileAsText(huge)).toEqual({ ok: false, reason: '"huge.json" is 60.0 MB; layouts are limited to 40 MB. Is this the right file?' });
    expect(text).not.toHaveBeenCalled();
  });

  it('a read failure is a reason, not a throw', async () => {
    const bad = { size: 10, text: async () => Promise.reject(new Error('permission denied')) } as unknown as Blob;
    expect(await readFileAsText(bad)).toEqual({ ok: false, reason: 'The file could not be read: permission denied.' });
  });

  it('openLayoutFile reads and loads', async () => {
    const doc = fixture();
    const r = await openLayoutFile(new Blob([serializeLayout(doc)]));
    expect(r.ok && serializeLayout(r.doc)).toBe(serializeLayout(doc));
    const refused = await openLayoutFile({ size: MAX_FILE_BYTES + 1, text: async () => '' } as unknown as Blob);
    expect(refused).toEqual({ ok: false, summary: 'The file is 40.0 MB; layouts are limited to 40 MB. Is this the right file?', errors: [{ path: '', message: 'The file is 40.0 MB; layouts are limited to 40 MB. Is this the right file?' }] });
  });
});
