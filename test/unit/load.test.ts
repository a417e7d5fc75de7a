import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { getKind, KINDS, resolveModel } from '../../src/catalog/registry';
import { CURRENT_VERSION, emptyHallDoc, FORMAT, type LayoutDoc } from '../../src/model/document';
import {
  formatPath,
  INTERNAL_ERROR,
  jsonErrorOffset,
  loadLayout,
  type LoadIssue,
  MAX_FILE_BYTES,
  MAX_MODEL_CHAIN,
  serializeLayout,
  serializeLayoutCompact,
} from '../../src/model/load';
import { layoutSchema, MAX_EQUIPMENT } from '../../src/model/schema';
import { buildLayoutJsonSchema, kindsMarkdown, withKindsSection } from '../../scripts/gen-schema';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Raw = any;

const rack = () => getKind('rack')!;
const model = (id: string) => ({ ...rack().models.find((m) => m.id === id)!.props });
const rackKeys = () => Object.keys(rack().propsSchema.shape);
const knownKinds = () => KINDS.map((k) => k.kind).join(', ');

/** A complete, valid document as plain JSON data, exercising every section. */
function valid(): Raw {
  return {
    format: FORMAT,
    version: CURRENT_VERSION,
    meta: { title: 'Test hall', createdAt: '2026-01-01T00:00:00Z' },
    site: {
      name: 'Site',
      utility: { interconnectMw: 20, voltageKv: 34.5 },
      climate: { designDryBulbC: 35, designWetBulbC: 24 },
      ashraeClass: 'A1',
    },
    halls: [
      {
        id: 'hall-1',
        name: 'Hall 1',
        outline: [[0, 0], [40, 0], [40, 20], [0, 20]],
        clearHeightM: 7,
        floorRatingKgM2: 1200,
        openings: [{ id: 'door-1', kind: 'door', wall: 0, offsetM: 5, widthM: 2, heightM: 3, sillM: 0 }],
      },
    ],
    equipment: [
      { id: 'r1', kind: 'rack', model: 'gb200-nvl72', name: 'R1', hallId: 'hall-1', position: [5, 5, 0], rotationDeg: 0, props: model('gb200-nvl72') },
      { id: 'r2', kind: 'rack', model: 'custom-air', name: 'R2', hallId: 'hall-1', position: [6, 5, 0], rotationDeg: 180, props: { ...model('storage'), itPowerKw: 30 } },
    ],
    connections: [{ id: 'c1', kind: 'power', from: 'r1', to: 'r2', props: { lengthM: 12, label: 'A feed', redundant: true } }],
    customModels: [{ id: 'custom-air', kind: 'rack', baseModel: 'storage', name: 'Custom air', props: { itPowerKw: 30 } }],
    settings: { clearanceFrontM: 1.2, clearanceRearM: 1 },
  };
}

function ok(input: unknown): LayoutDoc {
  const r = loadLayout(input);
  if (!r.ok) throw new Error(`expected ok, got: ${r.summary}\n${JSON.stringify(r.errors, null, 1)}`);
  return r.doc;
}
function errors(input: unknown): LoadIssue[] {
  const r = loadLayout(input);
  if (r.ok) throw new Error('expected the load to fail');
  expect(r.summary.length).toBeGreaterThan(0);
  return r.errors;
}
function summary(input: unknown): string {
  const r = loadLayout(input);
  if (r.ok) throw new Error('expected the load to fail');
  return r.summary;
}
const edit = (f: (d: Raw) => void): Raw => {
  const d = valid();
  f(d);
  return d;
};
const text = (d: unknown) => JSON.stringify(d, null, 2);

describe('round trip', () => {
  it('serialize → load → serialize is byte-identical, and load keeps every value', () => {
    const s1 = serializeLayout(ok(valid()));
    const d2 = ok(s1);
    expect(serializeLayout(d2)).toBe(s1);
    expect(d2.connections[0]).toEqual({ id: 'c1', kind: 'power', from: 'r1', to: 'r2', props: { lengthM: 12, label: 'A feed', redundant: true } });
    expect(d2.equipment[1].props).toEqual({ ...model('storage'), itPowerKw: 30 });
    expect(s1.endsWith('}\n')).toBe(true);
  });

  it('a document from emptyHallDoc round-trips', () => {
    const d = emptyHallDoc(30, 12);
    const s = serializeLayout(d);
    expect(serializeLayout(ok(s))).toBe(s);
    expect(ok(s)).toEqual(d);
  });

  it('serialization is canonical: key order of the in-memory objects does not matter', () => {
    const d = ok(valid());
    // connection props are a free-form record: their order is the user's, so they are left alone
    const reverse = (o: unknown, key = ''): unknown =>
      Array.isArray(o)
        ? o.map((x) => reverse(x))
        : o && typeof o === 'object' && key !== 'connectionProps'
          ? Object.fromEntries(Object.entries(o).reverse().map(([k, v]) => [k, reverse(v, 'kind' in o && 'from' in o && k === 'props' ? 'connectionProps' : k)]))
          : o;
    const shuffled = reverse(d) as LayoutDoc;
    expect(Object.keys(shuffled.customModels[0])[0]).toBe('props');
    expect(Object.keys(shuffled)[0]).toBe('settings'); // the reversal really happened
    expect(serializeLayout(shuffled)).toBe(serializeLayout(d));
    expect(serializeLayoutCompact(shuffled)).toBe(JSON.stringify(JSON.parse(serializeLayout(d))));
  });

  it('does not mutate a pre-parsed input', () => {
    const d = edit((x) => {
      x.equipment[0].props = { itPowerKw: 90 };
      delete x.equipment[0].name;
    });
    const before = JSON.stringify(d);
    ok(d);
    expect(JSON.stringify(d)).toBe(before);
  });

  it('a UTF-8 byte-order mark from a Windows editor is accepted', () => {
    expect(ok('\ufeff' + text(valid())).meta.title).toBe('Test hall');
  });
});

describe('restore defaults', () => {
  it('fills missing props from the catalog model, in schema order', () => {
    const d = ok(
      edit((x) => {
        x.equipment[0].props = { cordCount: 6, itPowerKw: 100 }; // deliberately out of schema order
      }),
    );
    expect(d.equipment[0].props).toEqual({ ...model('gb200-nvl72'), itPowerKw: 100, cordCount: 6 });
    expect(Object.keys(d.equipment[0].props)).toEqual(rackKeys());
  });

  it('fills props from a custom model chain: catalog ← custom ← instance', () => {
    const d = ok(edit((x) => (x.equipment[1].props = { weightKg: 950 })));
    expect(d.equipment[1].props).toEqual({ ...model('storage'), itPowerKw: 30, weightKg: 950 });
    expect(Object.keys(d.equipment[1].props)).toEqual(rackKeys());
  });

  it('optional fields and sections get their documented defaults', () => {
    const d = ok(
      edit((x) => {
        delete x.meta;
        delete x.settings;
        delete x.connections;
        delete x.customModels;
        x.equipment = [{ id: 'r1', kind: 'rack', model: 'storage', position: [1, 1, 0] }];
        delete x.halls[0].openings;
      }),
    );
    expect(d.meta).toEqual({ title: 'Untitled layout' });
    expect(d.settings).toEqual({ clearanceFrontM: 1.2, clearanceRearM: 1.0 });
    expect(d.connections).toEqual([]);
    expect(d.customModels).toEqual([]);
    expect(d.halls[0].openings).toEqual([]);
    expect(d.equipment).toEqual([
      { id: 'r1', kind: 'rack', model: 'storage', name: 'r1', hallId: null, position: [1, 1, 0], rotationDeg: 0, props: model('storage') },
    ]);
    expect(Object.keys(d.equipment[0])).toEqual(['id', 'kind', 'model', 'name', 'hallId', 'position', 'rotationDeg', 'props']);
  });

  it('an opening without sillM sits on the floor', () => {
    expect(ok(edit((x) => delete x.halls[0].openings[0].sillM)).halls[0].openings[0].sillM).toBe(0);
  });
});

describe('syntax and envelope errors', () => {
  it('malformed JSON gives line and column', () => {
    const t = '{\n  "format": "retrofit-designer.layout",\n  "version": 1,\n}';
    expect(summary(t)).toBe('The file is not valid JSON at line 4, column 1: Expected double-quoted property name. Was it edited by hand or cut short?');
    // V8 gives no position for this one; the loader finds it itself
    expect(summary('{\n  "a": tru\n}')).toBe('The file is not valid JSON at line 2, column 8: Unexpected "tru". Was it edited by hand or cut short?');
    expect(summary('{"a": 1}\n\n\n  x')).toBe('The file is not valid JSON at line 4, column 3: Unexpected "x" after the end of the layout. Was it edited by hand or cut short?');
    expect(summary('{"a":\n\t}')).toBe('The file is not valid JSON at line 2, column 2: Unexpected "}". Was it edited by hand or cut short?');
  });

  it('truncated text says so', () => {
    const t = text(valid());
    const cut = t.slice(0, 200);
    const lines = cut.split('\n');
    expect(summary(cut)).toBe(
      `The file is not valid JSON at line ${lines.length}, column ${lines[lines.length - 1].length + 1}: the text ends too early (was it truncated?). Was it edited by hand or cut short?`,
    );
    expect(errors(cut)).toHaveLength(1);
    expect(errors(cut)[0].path).toBe('');
  });

  it('empty text', () => {
    expect(summary('')).toBe('The file is empty.');
    expect(summary(' \n\t')).toBe('The file is empty.');
  });

  it('not an object', () => {
    expect(summary('[1, 2]')).toBe('This is not a Retrofit Designer layout: the file must hold a JSON object, found a list of 2 items.');
    expect(summary('null')).toBe('This is not a Retrofit Designer layout: the file must hold a JSON object, found null.');
    expect(summary('42')).toBe('This is not a Retrofit Designer layout: the file must hold a JSON object, found 42.');
    expect(summary(undefined)).toBe('This is not a Retrofit Designer layout: the file must hold a JSON object, found nothing (the field is missing).');
  });

  it('wrong or missing format', () => {
    expect(loadLayout({ ...valid(), format: 'excalidraw' })).toEqual({
      ok: false,
      summary: 'This is not a Retrofit Designer layout: "format" is "excalidraw", expected "retrofit-designer.layout".',
      errors: [{ path: 'format', message: 'Expected "retrofit-designer.layout", found "excalidraw".' }],
    });
    expect(errors(edit((x) => delete x.format))).toEqual([{ path: 'format', message: 'Expected "retrofit-designer.layout", found missing.' }]);
  });

  it('missing or invalid version', () => {
    expect(loadLayout(edit((x) => delete x.version))).toEqual({
      ok: false,
      summary: '"version" must be a whole number ≥ 1; the field is missing. Every layout file states its format version.',
      errors: [{ path: 'version', message: 'Expected a whole number ≥ 1; the field is missing.' }],
    });
    expect(errors(edit((x) => (x.version = '1')))).toEqual([{ path: 'version', message: 'Expected a whole number ≥ 1; found "1".' }]);
    expect(errors(edit((x) => (x.version = 1.5)))).toEqual([{ path: 'version', message: 'Expected a whole number ≥ 1; found 1.5.' }]);
    expect(errors(edit((x) => (x.version = 0)))).toEqual([{ path: 'version', message: 'Expected a whole number ≥ 1; found 0.' }]);
    expect(errors(edit((x) => (x.version = NaN)))).toEqual([{ path: 'version', message: 'Expected a whole number ≥ 1; found NaN (not a number).' }]);
  });

  it('a newer version is refused with a clear message', () => {
    expect(loadLayout(edit((x) => (x.version = CURRENT_VERSION + 1)))).toEqual({
      ok: false,
      summary: `This layout was saved by a newer Retrofit Designer (format version ${CURRENT_VERSION + 1}); this app reads versions up to ${CURRENT_VERSION}. Open it in the newer app or update this one.`,
      errors: [{ path: 'version', message: `Version ${CURRENT_VERSION + 1} is newer than ${CURRENT_VERSION}, the newest this app reads.` }],
    });
  });
});

describe('validation errors carry the JSON path and an actionable message', () => {
  it('wrong types', () => {
    expect(errors(edit((x) => (x.halls[0].clearHeightM = '6')))).toEqual([{ path: 'halls[0].clearHeightM', message: 'Expected number, found "6".' }]);
    expect(errors(edit((x) => (x.halls = {})))).toEqual([{ path: 'halls', message: 'Expected array, found an object.' }]);
    expect(errors(edit((x) => (x.equipment[1].position = [1, 2]))).map((e) => e.path)).toEqual(['equipment[1].position']);
    expect(errors(edit((x) => (x.connections[0].props.lengthM = null)))).toEqual([
      { path: 'connections[0].props.lengthM', message: 'Expected number, string or boolean; found null.' },
    ]);
  });

  it('missing required fields', () => {
    expect(errors(edit((x) => delete x.site.climate))).toEqual([
      { path: 'site.climate', message: 'Expected object, found nothing (the field is missing). Add the field.' },
    ]);
    expect(errors(edit((x) => delete x.equipment[0].position))).toEqual([
      { path: 'equipment[0].position', message: 'Expected tuple, found nothing (the field is missing). Add the field.' },
    ]);
    expect(errors(edit((x) => delete x.halls))).toEqual([{ path: 'halls', message: 'Expected array, found nothing (the field is missing). Add the field.' }]);
  });

  it('negative sizes', () => {
    expect(errors(edit((x) => (x.equipment[0].props.widthM = -0.6)))).toEqual([
      { path: 'equipment[0].props.widthM', message: 'Too small: expected number to be >=0.05; found -0.6. Enter a value within the limit.' },
    ]);
    expect(errors(edit((x) => (x.halls[0].openings[0].widthM = -2)))).toEqual([
      { path: 'halls[0].openings[0].widthM', message: 'Too small: expected number to be >=0.1; found -2. Enter a value within the limit.' },
    ]);
    expect(errors(edit((x) => (x.halls[0].clearHeightM = 0)))).toEqual([
      { path: 'halls[0].clearHeightM', message: 'Too small: expected number to be >=1; found 0. Enter a value within the limit.' },
    ]);
  });

  it('NaN and Infinity (pre-parsed objects can hold them; JSON text can overflow to Infinity)', () => {
    expect(errors(edit((x) => (x.equipment[0].position[0] = NaN)))).toEqual([
      { path: 'equipment[0].position[0]', message: 'Expected number, found NaN (not a number).' },
    ]);
    expect(errors(edit((x) => (x.equipment[0].props.itPowerKw = Infinity)))).toEqual([
      { path: 'equipment[0].props.itPowerKw', message: 'Expected number, found Infinity (a number too large to store).' },
    ]);
    expect(errors(edit((x) => (x.site.utility.interconnectMw = -Infinity)))).toEqual([
      { path: 'site.utility.interconnectMw', message: 'Expected number, found -Infinity (a number too large to store).' },
    ]);
    const t = text(valid()).replace('"clearHeightM": 7', '"clearHeightM": 1e999');
    expect(errors(t)).toEqual([{ path: 'halls[0].clearHeightM', message: 'Expected number, found Infinity (a number too large to store).' }]);
  });

  it('huge counts are refused before validating each record', () => {
    const d = valid();
    const one = d.equipment[0];
    d.equipment = new Array(MAX_EQUIPMENT + 1).fill(one); // shared object: cheap to build and to scan
    const t0 = performance.now();
    expect(loadLayout(d)).toEqual({
      ok: false,
      summary: `The layout has ${MAX_EQUIPMENT + 1} equipment records; at most ${MAX_EQUIPMENT} are supported.`,
      errors: [{ path: 'equipment', message: `Too many items: ${MAX_EQUIPMENT + 1}, at most ${MAX_EQUIPMENT}.` }],
    });
    expect(performance.now() - t0).toBeLessThan(500);
    expect(errors(edit((x) => (x.halls = new Array(101).fill(x.halls[0]))))).toEqual([
      { path: 'halls', message: 'Too big: expected array to have <=100 items; found 101 items. Change the number of items.' },
    ]);
  });

  it('unknown kinds list the known kinds', () => {
    expect(errors(edit((x) => (x.equipment[1].kind = 'toaster')))).toEqual([
      { path: 'equipment[1].kind', message: `Unknown equipment kind "toaster". Known kinds: ${knownKinds()}.` },
    ]);
    expect(errors(edit((x) => delete x.equipment[0].kind))).toEqual([{ path: 'equipment[0].kind', message: `Missing "kind". Known kinds: ${knownKinds()}.` }]);
  });

  it('unknown fields name the field itself, at any level', () => {
    expect(errors(edit((x) => (x.colour = 'red')))).toEqual([{ path: 'colour', message: 'Unknown field "colour": remove it or check the spelling.' }]);
    expect(
      errors(
        edit((x) => {
          x.equipment[0].tag = 1;
          x.equipment[0].props.itPowerKW = 1; // wrong capitalisation
          x.meta['odd key'] = 1;
        }),
      ),
    ).toEqual([
      { path: 'meta["odd key"]', message: 'Unknown field "odd key": remove it or check the spelling.' },
      { path: 'equipment[0].props.itPowerKW', message: 'Unknown field "itPowerKW": remove it or check the spelling.' },
      { path: 'equipment[0].tag', message: 'Unknown field "tag": remove it or check the spelling.' },
    ]);
  });

  it('malformed ids and enum values say what was found', () => {
    expect(errors(edit((x) => (x.equipment[0].id = 'rack 1')))).toEqual([
      { path: 'equipment[0].id', message: 'ids use letters, digits and _ . : - only; found "rack 1".' },
    ]);
    expect(errors(edit((x) => (x.site.ashraeClass = 'B7')))).toEqual([
      { path: 'site.ashraeClass', message: 'Invalid option: expected one of "A1"|"A2"|"A3"|"A4"|"H1"; found "B7".' },
    ]);
  });

  it('unknown model', () => {
    const known = rack().models.map((m) => m.id).join(', ');
    expect(errors(edit((x) => (x.equipment[0].model = 'gb900')))).toEqual([
      { path: 'equipment[0].model', message: `Model "gb900" is not a catalog model of kind rack (${known}) nor in customModels.` },
    ]);
  });

  it('duplicate ids, across sections', () => {
    expect(errors(edit((x) => (x.equipment[1].id = 'r1')))).toContainEqual({
      path: 'equipment[1].id',
      message: 'Duplicate id "r1" (also at equipment[0].id); every hall, opening, equipment and connection needs its own id.',
    });
    expect(errors(edit((x) => (x.connections[0].id = 'hall-1')))).toEqual([
      { path: 'connections[0].id', message: 'Duplicate id "hall-1" (also at halls[0].id); every hall, opening, equipment and connection needs its own id.' },
    ]);
  });

  it('dangling hallId and connection endpoints', () => {
    expect(errors(edit((x) => (x.equipment[0].hallId = 'hall-9')))).toEqual([
      { path: 'equipment[0].hallId', message: 'Hall "hall-9" does not exist. Use one of: hall-1, or null for outdoor.' },
    ]);
    expect(
      errors(
        edit((x) => {
          x.connections[0].from = 'nope';
          x.connections.push({ id: 'c2', kind: 'liquid', from: 'r2', to: 'r2' });
        }),
      ),
    ).toEqual([
      { path: 'connections[0].from', message: 'Equipment "nope" does not exist; connect two pieces of equipment by id.' },
      { path: 'connections[1].to', message: 'The connection joins "r2" to itself.' },
    ]);
  });

  it('a bad rack does not also make its connections dangling', () => {
    expect(errors(edit((x) => (x.equipment[0].props.itPowerKw = 9999))).map((e) => e.path)).toEqual(['equipment[0].props.itPowerKw']);
  });

  it('opening wall index out of range', () => {
    expect(errors(edit((x) => (x.halls[0].openings[0].wall = 4)))).toEqual([
      { path: 'halls[0].openings[0].wall', message: 'Wall 4 does not exist; the outline has 4 edges (0–3).' },
    ]);
  });

  it('an opening running past its wall loads with a warning', () => {
    const r = loadLayout(edit((x) => (x.halls[0].openings[0].offsetM = 39.5)));
    expect(r.ok && r.warnings).toEqual([
      { path: 'halls[0].openings[0]', message: 'The opening (centre 39.5 m, width 2 m) runs past the ends of wall 0, which is 40.00 m long.' },
    ]);
  });

  it('outlines that repeat a corner or cross themselves are refused', () => {
    const e = (outline: number[][]) => errors(edit((x) => ((x.halls[0].outline = outline), (x.halls[0].openings = []))));
    expect(e([[0, 0], [10, 0], [10, 10], [0, 10], [0, 0]])).toEqual([
      { path: 'halls[0].outline', message: 'The last corner repeats the first (0, 0); outlines close by themselves, remove it.' },
    ]);
    expect(e([[0, 0], [10, 0], [10, 0], [0, 10]])).toEqual([{ path: 'halls[0].outline', message: 'Corners 1 and 2 are the same point (10, 0); remove one.' }]);
    // a bow tie: the diagonals, walls 1 and 3, cross at (5, 5)
    expect(e([[0, 0], [10, 0], [0, 10], [10, 10]])).toEqual([
      { path: 'halls[0].outline', message: 'Walls 1 and 3 cross or touch; an outline must not cross itself. Check the order of the corners.' },
    ]);
    // a corner touching another wall
    expect(e([[0, 0], [10, 0], [10, 10], [5, 0], [0, 10]])[0].message).toMatch(/^Walls 0 and 2 cross or touch/);
    // an L-shaped (concave) hall is fine, in either winding
    const l = [[0, 0], [20, 0], [20, 8], [8, 8], [8, 20], [0, 20]];
    expect(ok(edit((x) => ((x.halls[0].outline = l), (x.halls[0].openings = [])))).halls[0].outline).toEqual(l);
    expect(ok(edit((x) => ((x.halls[0].outline = [...l].reverse()), (x.halls[0].openings = [])))).halls[0].outline).toHaveLength(6);
  });

  it('a degenerate outline is refused', () => {
    expect(errors(edit((x) => (x.halls[0].outline = [[0, 0], [10, 0], [20, 0]])))).toEqual([
      { path: 'halls[0].outline', message: 'The outline encloses no area; give the hall at least three corners that are not in a line.' },
    ]);
  });

  it('at most 25 errors are listed, and the summary counts them', () => {
    const d = valid();
    d.equipment = Array.from({ length: 40 }, (_, i) => ({ id: `e${i}`, kind: 'rack', model: 'storage', position: [1, 1, 0], hallId: 'none' }));
    d.connections = [];
    const r = loadLayout(d);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.errors).toHaveLength(25);
      expect(r.summary).toBe('The layout has 40 problems; first: equipment[0].hallId: Hall "none" does not exist. Use one of: hall-1, or null for outdoor.');
    }
  });
});

describe('hostile input', () => {
  it('__proto__ / constructor / prototype keys are refused at any depth, and nothing is polluted', () => {
    const cases: [string, string][] = [
      ['{"__proto__": {"polluted": 1}, "format": "retrofit-designer.layout"}', '__proto__'],
      [text(valid()).replace('"itPowerKw": 132', '"__proto__": {"polluted": 1}, "itPowerKw": 132'), 'equipment[0].props.__proto__'],
      [text(valid()).replace('"label": "A feed"', '"constructor": {"prototype": {"polluted": 1}}'), 'connections[0].props.constructor'],
      [text(valid()).replace('"title": "Test hall"', '"title": "x", "x": {"a": [{"prototype": 1}]}'), 'meta.x.a[0].prototype'],
    ];
    for (const [t, path] of cases) {
      const e = errors(t);
      const key = path.split('.').pop();
      expect(e).toEqual([{ path, message: `The key "${key}" is not allowed in a layout file (it could alter program objects). Remove it.` }]);
    }
    // and from a pre-parsed object (JSON.parse makes "__proto__" an own key)
    expect(errors(JSON.parse('{"a": {"__proto__": {"polluted": 1}}}'))[0].path).toBe('a.__proto__');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('polluted');
  });

  it('deep nesting is refused with the path where it got too deep', () => {
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    const e = errors(text(valid()).replace('"title": "Test hall"', `"title": "x", "junk": ${deep}`));
    expect(e).toHaveLength(1);
    expect(e[0].path).toBe('meta.junk' + '[0]'.repeat(31));
    expect(e[0].message).toBe('Nested deeper than 32 levels; a layout file never is.');
  });

  it('a 50 MB string is refused at once, without parsing', () => {
    const big = '{' + ' '.repeat(50 * 1024 * 1024); // would be a syntax error if it were parsed
    const t0 = performance.now();
    expect(summary(big)).toBe('The file is 50.0 MB; layouts are limited to 40 MB. Is this the right file?');
    expect(performance.now() - t0).toBeLessThan(50);
    expect(MAX_FILE_BYTES).toBe(40 * 1024 * 1024);
  });

  it('pre-parsed input with functions, symbols, BigInts or cycles fails cleanly', () => {
    const cyclic = valid();
    cyclic.meta.self = cyclic;
    for (const d of [
      edit((x) => (x.meta.title = () => 'x')),
      edit((x) => (x.site.name = Symbol('s'))),
      edit((x) => (x.halls[0].clearHeightM = 7n)),
      cyclic,
    ]) {
      const r = loadLayout(d);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.summary.startsWith(INTERNAL_ERROR)).toBe(false);
    }
    expect(errors(edit((x) => (x.halls[0].clearHeightM = 7n)))).toEqual([{ path: 'halls[0].clearHeightM', message: 'Expected number, found 7 (a BigInt).' }]);
  });
});

describe('custom models', () => {
  const withModels = (models: Raw[], equipmentModel = 'custom-air') =>
    edit((x) => {
      x.customModels = models;
      x.equipment[1].model = equipmentModel;
      x.equipment[1].props = {};
    });

  it('derive from a catalog entry and override props; chains resolve in order', () => {
    const d = ok(
      withModels(
        [
          { id: 'custom-air', kind: 'rack', baseModel: 'storage', name: 'A', props: { itPowerKw: 30 } },
          { id: 'custom-air-heavy', kind: 'rack', baseModel: 'custom-air', name: 'B', props: { weightKg: 1200 } },
        ],
        'custom-air-heavy',
      ),
    );
    expect(d.equipment[1].props).toEqual({ ...model('storage'), itPowerKw: 30, weightKg: 1200 });
    // the loader's memoised resolution agrees with the registry's, which the app uses after loading
    expect(resolveModel('rack', 'custom-air-heavy', d.customModels)!.props).toEqual(d.equipment[1].props);
  });

  it('a bad value is reported where it was set, not again in every model deriving from it', () => {
    expect(
      errors(
        withModels([
          { id: 'custom-air', kind: 'rack', baseModel: 'storage', name: 'A', props: { widthM: -1 } },
          { id: 'child', kind: 'rack', baseModel: 'custom-air', name: 'B', props: { itPowerKw: 5 } },
        ]),
      ),
    ).toEqual([
      { path: 'customModels[0].props.widthM', message: 'Too small: expected number to be >=0.05; found -1.' },
      { path: 'equipment[1].model', message: 'Custom model "custom-air" is invalid; fix customModels[0] first.' },
    ]);
  });

  it('unknown base', () => {
    expect(errors(withModels([{ id: 'custom-air', kind: 'rack', baseModel: 'nope', name: 'A', props: {} }]))).toEqual([
      { path: 'customModels[0].baseModel', message: 'Base model "nope" is neither a catalog model of kind rack nor a custom model of that kind.' },
      { path: 'equipment[1].model', message: 'Custom model "custom-air" is invalid; fix customModels[0] first.' },
    ]);
  });

  it('circular bases, including a model deriving from itself', () => {
    const e = errors(
      withModels([
        { id: 'custom-air', kind: 'rack', baseModel: 'b', name: 'A', props: {} },
        { id: 'b', kind: 'rack', baseModel: 'custom-air', name: 'B', props: {} },
        { id: 'self', kind: 'rack', baseModel: 'self', name: 'S', props: {} },
      ]),
    );
    expect(e).toEqual([
      { path: 'customModels[0].baseModel', message: 'Custom model "custom-air" derives from itself through "b" (a circle); derive one of them from a catalog model.' },
      { path: 'customModels[1].baseModel', message: 'Custom model "b" derives from itself through "custom-air" (a circle); derive one of them from a catalog model.' },
      { path: 'customModels[2].baseModel', message: 'Custom model "self" derives from itself through "self" (a circle); derive one of them from a catalog model.' },
      { path: 'equipment[1].model', message: 'Custom model "custom-air" is invalid; fix customModels[0] first.' },
    ]);
  });

  it('chains deeper than MAX_MODEL_CHAIN are refused; a long legal chain resolves fast', () => {
    const chain = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `m${i}`, kind: 'rack', baseModel: i === 0 ? 'storage' : `m${i - 1}`, name: `M${i}`, props: { weightKg: 800 + i } }));
    // m0 … m15 is a chain of exactly MAX_MODEL_CHAIN custom models: fine
    const last = MAX_MODEL_CHAIN - 1;
    expect(ok(withModels(chain(MAX_MODEL_CHAIN), `m${last}`)).equipment[1].props.weightKg).toBe(800 + last);
    // one more is refused, at the model that is too deep, and so is the rack using it
    expect(errors(withModels(chain(MAX_MODEL_CHAIN + 1), `m${last + 1}`))).toEqual([
      { path: `customModels[${last + 1}].baseModel`, message: `Custom models derive from each other more than ${MAX_MODEL_CHAIN} deep; derive from a catalog model directly.` },
      { path: 'equipment[1].model', message: `Custom model "m${last + 1}" is invalid; fix customModels[${last + 1}] first.` },
    ]);
  });

  it('thousands of custom models and racks load in linear time (resolution is memoised)', () => {
    const d = valid();
    d.customModels = Array.from({ length: 2000 }, (_, i) => ({ id: `m${i}`, kind: 'rack', baseModel: i % 10 === 0 ? 'storage' : `m${i - 1}`, name: `M${i}`, props: { weightKg: 800 + i } }));
    d.equipment = Array.from({ length: 5000 }, (_, i) => ({ id: `e${i}`, kind: 'rack', model: `m${i % 2000}`, position: [1, 1, 0] }));
    d.connections = [];
    const t0 = performance.now();
    const doc = ok(d);
    expect(performance.now() - t0).toBeLessThan(3000);
    expect(doc.equipment[4999].props.weightKg).toBe(800 + 999);
  });

  it('id clashes, unknown kinds, unknown and invalid props', () => {
    expect(
      errors(
        withModels([
          { id: 'custom-air', kind: 'rack', baseModel: 'storage', name: 'A', props: {} },
          { id: 'custom-air', kind: 'rack', baseModel: 'storage', name: 'A again', props: {} },
          { id: 'storage', kind: 'rack', baseModel: 'network', name: 'Shadow', props: {} },
          { id: 'k', kind: 'toaster', baseModel: 'x', name: 'K', props: {} },
          { id: 'p', kind: 'rack', baseModel: 'storage', name: 'P', props: { itPowerKW: 3 } },
          { id: 'q', kind: 'rack', baseModel: 'storage', name: 'Q', props: { widthM: -1 } },
        ]),
      ),
    ).toEqual([
      { path: 'customModels[1].id', message: 'Duplicate custom model id "custom-air" (also customModels[0]).' },
      { path: 'customModels[2].id', message: '"storage" is already a catalog model of kind rack; give the custom model another id.' },
      { path: 'customModels[3].kind', message: `Unknown kind "toaster". Known kinds: ${knownKinds()}.` },
      { path: 'customModels[4].props.itPowerKW', message: `Unknown property "itPowerKW" for kind rack. Known: ${rackKeys().join(', ')}.` },
      { path: 'customModels[5].props.widthM', message: 'Too small: expected number to be >=0.05; found -1.' },
    ]);
  });
});

describe('helpers', () => {
  it('formatPath quotes keys that are not identifiers', () => {
    expect(formatPath(['equipment', 3, 'props', 'itPowerKw'])).toBe('equipment[3].props.itPowerKw');
    expect(formatPath(['meta', 'a b', 0])).toBe('meta["a b"][0]');
    expect(formatPath([])).toBe('');
  });

  it('jsonErrorOffset agrees with JSON.parse on what is valid', () => {
    const good = ['{}', '[]', ' {"a": [1, -2.5e3, true, false, null, "x\\u00e9\\n"]} ', '0', '"s"'];
    for (const g of good) expect(jsonErrorOffset(g)).toBe(-1);
    const bad: [string, number][] = [['{"a":1,}', 7], ['[1 2]', 3], ['{"a" 1}', 5], ['[01]', 2], ['"\\x"', 2], ['[1]x', 3], ['{', 1], ['"abc', 4]];
    for (const [b, at] of bad) {
      expect(() => JSON.parse(b)).toThrow();
      expect([b, jsonErrorOffset(b)]).toEqual([b, at]);
    }
  });
});

describe('JSON Schema (scripts/gen-schema.ts)', () => {
  type J = Record<string, any>;
  const schema = buildLayoutJsonSchema() as J;

  it('has a title and the required top-level keys, and is closed', () => {
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.title).toBe('Retrofit Designer layout');
    expect(schema.type).toBe('object');
    expect(schema.required).toEqual(['format', 'version', 'site', 'halls']);
    expect(Object.keys(schema.properties)).toEqual(Object.keys(layoutSchema.shape));
    expect(schema.additionalProperties).toBe(false);
    expect(schema.properties.format.const).toBe(FORMAT);
    expect(schema.properties.version.const).toBe(CURRENT_VERSION);
    expect(schema.properties.equipment.maxItems).toBe(MAX_EQUIPMENT);
  });

  it('lists every kind in KINDS, with every prop described with its unit', () => {
    const branches: J[] = schema.properties.equipment.items.oneOf;
    expect(branches.map((b) => b.properties.kind.const)).toEqual(KINDS.map((k) => k.kind));
    for (const b of branches) {
      const kind = getKind(b.properties.kind.const)!;
      const props = b.properties.props;
      expect(Object.keys(props.properties)).toEqual(Object.keys(kind.propsSchema.shape));
      expect(props.required).toBeUndefined(); // files may give any subset; the rest come from the model
      expect(props.additionalProperties).toBe(false);
      for (const [key, p] of Object.entries<J>(props.properties)) expect([key, typeof p.description]).toEqual([key, 'string']);
    }
    const rackProps = branches.find((b) => b.properties.kind.const === 'rack')!.properties.props.properties;
    expect(rackProps.itPowerKw).toEqual({ type: 'number', minimum: 0, maximum: 500, description: 'IT power, kW' });
    expect(rackProps.liquidFraction.description).toBe('Liquid share of heat, share 0–1');
    expect(rackProps.cordCount.description).toBe('Power cords');
  });

  it('unit descriptions from the zod schema survive', () => {
    expect(schema.properties.site.properties.utility.properties.interconnectMw.description).toBe('utility interconnect capacity, MW');
    expect(schema.properties.halls.items.properties.floorRatingKgM2.description).toBe('floor load rating, kg/m²');
  });

  it('the docs generator rewrites only the marked section and lists every kind', () => {
    const md = kindsMarkdown();
    for (const k of KINDS) expect(md).toContain(`| \`${k.kind}\` | ${k.label} |`);
    expect(md).toContain('| `itPowerKw` | IT power | kW | 0 | 500 | 132 |');
    const start = '<!-- kinds:start (generated by `tsx scripts/gen-schema.ts --docs`; do not edit by hand) -->';
    const doc = `# A\n${start}\nold\n<!-- kinds:end -->\n# B\n`;
    expect(withKindsSection(doc)).toBe(`# A\n${start}\n\n${md}\n\n<!-- kinds:end -->\n# B\n`);
    expect(() => withKindsSection('# no markers')).toThrow(/markers/);
  });
});

describe('docs/format.md', () => {
  const md = readFileSync(new URL('../../docs/format.md', import.meta.url), 'utf8');
  const jsonBlockAfter = (heading: string) => {
    const at = md.indexOf(heading);
    expect(at).toBeGreaterThan(-1);
    const m = /```json\n([\s\S]*?)```/.exec(md.slice(at));
    return m![1];
  };

  it('the minimal example loads and becomes what the text after it says', () => {
    const d = ok(jsonBlockAfter('## Minimal example'));
    expect(d.equipment).toHaveLength(1);
    const r = d.equipment[0];
    expect(r.name).toBe('rack-1');
    expect(r.rotationDeg).toBe(0);
    expect(r.props).toEqual({ ...model('gb200-nvl72'), itPowerKw: 120 });
    expect(d.halls[0].openings[0].sillM).toBe(0);
  });

  it('the custom model example is valid', () => {
    const cm = JSON.parse(jsonBlockAfter('## Custom models'));
    const d = ok(edit((x) => x.customModels.push(cm)));
    expect(resolveModel('rack', 'air-48', d.customModels)!.props).toEqual({ ...model('hgx-h100-4x-air'), itPowerKw: 48, airDeltaTK: 14 });
  });
});
