import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KINDS } from '../../src/catalog/registry';
import { CURRENT_VERSION, FORMAT } from '../../src/model/document';
import { formatPath, INTERNAL_ERROR, loadLayout, type LoadResult, serializeLayout } from '../../src/model/load';
import { layoutSchema } from '../../src/model/schema';
import { buildLayoutJsonSchema } from '../../scripts/gen-schema';

/**
 * Property tests of the loader: whatever it is given, it returns a well-formed result and never throws,
 * and whatever it accepts is valid and survives save → open → save unchanged. Run counts are kept
 * modest so the whole file stays within a few seconds on a shared 2-core machine; for a deep run,
 * scale them: `FUZZ_SCALE=50 npx vitest run test/unit/fuzz.test.ts`.
 */
const SCALE = Math.max(1, Number(process.env.FUZZ_SCALE) || 1);
const runs = (n: number) => ({ numRuns: n * SCALE });

/* eslint-disable @typescript-eslint/no-explicit-any */
type Raw = any;
type Path = (string | number)[];

// the newest frozen fixture, so it is a current-version document (pipe loops included) that the
// published JSON Schema, which pins `version`, must accept; older fixtures are loaded in migrations.test.ts
const fixtureText = readFileSync(new URL('../fixtures/v2-liquid-loop.json', import.meta.url), 'utf8');

/** A document using every section, with connections and a custom model on top of the fixture. */
function richDoc(): Raw {
  const d = JSON.parse(fixtureText);
  d.connections = [
    { id: 'c1', kind: 'power', from: 'rack-01', to: 'rack-02', props: { lengthM: 8, label: 'A', redundant: false } },
    { id: 'c2', kind: 'liquid', from: 'rack-02', to: 'rack-03', props: {} },
  ];
  return d;
}

/** The invariant every result must satisfy. Returns the result for further checks. */
function checkResult(r: LoadResult): LoadResult {
  if (r.ok) {
    expect(Array.isArray(r.doc.equipment)).toBe(true);
    // accepted means valid: the output re-validates against the schema…
    const again = layoutSchema.safeParse(r.doc);
    if (!again.success) throw new Error(`accepted document does not re-validate: ${again.error.message}`);
    // …and round-trips byte for byte
    const text = serializeLayout(r.doc);
    const reloaded = loadLayout(text);
    if (!reloaded.ok) throw new Error(`accepted document does not reload: ${reloaded.summary}`);
    expect(serializeLayout(reloaded.doc)).toBe(text);
  } else {
    expect(typeof r.summary).toBe('string');
    expect(r.summary.length).toBeGreaterThan(0);
    expect(r.summary.startsWith(INTERNAL_ERROR)).toBe(false);
    expect(r.errors.length).toBeGreaterThan(0);
    expect(r.errors.length).toBeLessThanOrEqual(25);
    for (const e of r.errors) {
      expect(typeof e.path).toBe('string');
      expect(typeof e.message).toBe('string');
      expect(e.message.length).toBeGreaterThan(0);
    }
  }
  return r;
}

/** Every path to a value inside `v` (not the root), objects and arrays included. */
function allPaths(v: unknown, prefix: Path = [], out: Path[] = []): Path[] {
  if (v && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) {
      const p = [...prefix, Array.isArray(v) ? Number(k) : k];
      out.push(p);
      allPaths(x, p, out);
    }
  }
  return out;
}

/** True when JSON text represents `v` exactly: no NaN, ±Infinity, -0 or undefined anywhere. */
function jsonExact(v: unknown): boolean {
  if (typeof v === 'number') return Number.isFinite(v) && !Object.is(v, -0);
  if (v === undefined) return false;
  if (v && typeof v === 'object') return Object.values(v).every(jsonExact);
  return true;
}

const parentOf = (root: Raw, path: Path): Raw => path.slice(0, -1).reduce((o, k) => o[k], root);

/** A value of some type, biased to the troublesome ones. */
const anyValue = fc.oneof(
  fc.constantFrom(NaN, Infinity, -Infinity, -0, -1, 0, 1e308, 2 ** 53 + 1, null, true, '', '1', 'rack', [], {}),
  fc.string({ maxLength: 20 }),
  fc.double(),
  fc.integer(),
  fc.jsonValue({ maxDepth: 2 }),
);

/** One piece of every registered kind (the registry grows; so does this document), partial props. */
function allKindsDoc(): Raw {
  const d = JSON.parse(fixtureText);
  d.equipment = KINDS.map((k, i) => {
    const m = k.models[i % k.models.length];
    const [first] = Object.entries(m.props);
    return { id: `k${i}`, kind: k.kind, model: m.id, hallId: k.placement === 'outdoor' ? null : 'hall-a', position: [2 + i, 3, 0], rotationDeg: 90 * (i % 4), props: { [first[0]]: first[1] } };
  });
  d.pipeLoops = []; // they tap the fixture's racks, replaced here
  d.connections = [{ id: 'kc', kind: 'power', from: 'k0', to: `k${KINDS.length - 1}`, props: {} }];
  return d;
}

const base = [richDoc(), JSON.parse(fixtureText), allKindsDoc()];
const basePaths = base.map((d) => allPaths(d));

describe('loader fuzz', () => {
  it('arbitrary JSON values, as text and as objects', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), (v) => {
        checkResult(loadLayout(JSON.stringify(v)));
        checkResult(loadLayout(v));
      }),
      runs(300),
    );
  });

  it('arbitrary JavaScript values, including NaN, symbols, functions and odd prototypes', () => {
    fc.assert(
      fc.property(fc.anything({ maxDepth: 3, withBigInt: true, withMap: true, withSet: true, withDate: true, withNullPrototype: true, withTypedArray: true, withSparseArray: true, withObjectString: true, withBoxedValues: true }), (v) => {
        checkResult(loadLayout(v));
      }),
      runs(300),
    );
  });

  it('envelope-shaped objects with arbitrary contents', () => {
    const section = fc.oneof(anyValue, fc.array(fc.dictionary(fc.constantFrom('id', 'kind', 'model', 'position', 'props', 'from', 'to'), anyValue), { maxLength: 3 }));
    fc.assert(
      fc.property(fc.record({ site: section, halls: section, equipment: section, connections: section, customModels: section }, { requiredKeys: [] }), (parts) => {
        checkResult(loadLayout({ format: FORMAT, version: CURRENT_VERSION, ...parts }));
      }),
      runs(300),
    );
  });

  it('mutations of a valid document: delete a field, or replace a value with another type', () => {
    fc.assert(
      fc.property(fc.nat(base.length - 1), fc.nat(), fc.boolean(), anyValue, (which, at, del, value) => {
        const doc = structuredClone(base[which]);
        const path = basePaths[which][at % basePaths[which].length];
        const parent = parentOf(doc, path);
        const key = path[path.length - 1];
        if (del && Array.isArray(parent)) parent.splice(key as number, 1);
        else if (del) delete parent[key];
        else parent[key] = value;
        const before = JSON.stringify(doc);
        const fromObject = checkResult(loadLayout(doc));
        // the loader never edits what it is given
        expect(JSON.stringify(doc)).toBe(before);
        // NaN and ±Infinity become null in text; both routes must hold up…
        const fromText = checkResult(loadLayout(before));
        // …and where the text says exactly what the object holds, they must agree
        if (jsonExact(doc)) expect(fromObject).toEqual(fromText);
      }),
      runs(400),
    );
  });

  it('mutations of a valid document: a forbidden key anywhere is refused at that key', () => {
    fc.assert(
      fc.property(fc.nat(base.length - 1), fc.nat(), fc.constantFrom('__proto__', 'constructor', 'prototype'), (which, at, bad) => {
        const doc = structuredClone(base[which]);
        const objects = [[], ...basePaths[which]].filter((p) => {
          const v = p.reduce((o: Raw, k) => o[k], doc);
          return v && typeof v === 'object' && !Array.isArray(v);
        });
        const path = objects[at % objects.length];
        const target = path.reduce((o: Raw, k) => o[k], doc);
        // an own property, as JSON.parse creates it (a literal `__proto__:` would set the prototype instead)
        Object.defineProperty(target, bad, { value: { polluted: true }, enumerable: true, configurable: true, writable: true });
        for (const r of [loadLayout(doc), loadLayout(JSON.stringify(doc))]) {
          checkResult(r);
          expect(r.ok).toBe(false);
          if (!r.ok) expect(r.errors[0].path.endsWith(bad)).toBe(true);
        }
        expect(({} as Raw).polluted).toBeUndefined();
      }),
      runs(200),
    );
  });

  it('truncated and spliced text', () => {
    const loaded = loadLayout(richDoc());
    if (!loaded.ok) throw new Error(loaded.summary);
    const text = serializeLayout(loaded.doc);
    fc.assert(
      fc.property(fc.nat(text.length), fc.nat(text.length), fc.string({ maxLength: 4 }), (a, b, insert) => {
        checkResult(loadLayout(text.slice(0, a)));
        const [lo, hi] = a < b ? [a, b] : [b, a];
        checkResult(loadLayout(text.slice(0, lo) + insert + text.slice(hi)));
      }),
      runs(300),
    );
  });

  it('generated valid documents load and round-trip byte-identically', () => {
    const equipment = fc.array(
      fc.record({
        kindIx: fc.nat(),
        modelIx: fc.nat(),
        keep: fc.array(fc.boolean(), { minLength: 32, maxLength: 32 }),
        x: fc.double({ min: -1000, max: 1000, noNaN: true }),
        y: fc.double({ min: -1000, max: 1000, noNaN: true }),
        rot: fc.integer({ min: -360, max: 360 }),
        name: fc.option(fc.string({ maxLength: 12 }), { nil: undefined }),
        inHall: fc.boolean(),
      }),
      { maxLength: 12 },
    );
    fc.assert(
      fc.property(equipment, fc.string({ maxLength: 30 }), (items, title) => {
        const d = JSON.parse(fixtureText);
        d.meta.title = title;
        d.pipeLoops = []; // they tap the fixture's racks, replaced below
        d.equipment = items.map((it, i) => {
          const kind = KINDS[it.kindIx % KINDS.length];
          const m = kind.models[it.modelIx % kind.models.length];
          // a subset of the model's own (valid) props: the rest must be restored from the catalog
          const props = Object.fromEntries(Object.entries(m.props).filter((_, j) => it.keep[j % 32]));
          return { id: `e${i}`, kind: kind.kind, model: m.id, name: it.name, hallId: it.inHall ? 'hall-a' : null, position: [it.x, it.y, 0], rotationDeg: it.rot, props };
        });
        const r = checkResult(loadLayout(d));
        if (!r.ok) throw new Error(r.summary);
        expect(r.doc.equipment).toHaveLength(items.length);
      }),
      runs(150),
    );
  });
});

// ------------------------------------------------------------------------------------------------
// The published JSON Schema (public/layout.schema.json) must accept and refuse what the loader's
// zod schema does, or tools validating against it would disagree with the app. No validator
// dependency: a strict interpreter of exactly the keywords the generator emits; any other keyword
// makes it throw, so a generator change cannot silently weaken this check.

type Schema = Record<string, any> | boolean;
const ANNOTATIONS = new Set(['$schema', 'title', 'description', 'default']);

function jsonType(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

function validates(schema: Schema, v: unknown): boolean {
  if (schema === true) return true;
  if (schema === false) return false;
  for (const k of Object.keys(schema)) {
    if (ANNOTATIONS.has(k)) continue;
    const s = schema[k];
    switch (k) {
      case 'type': {
        const t = jsonType(v);
        const ok = s === 'integer' ? t === 'number' && Number.isInteger(v) : s === t;
        if (!ok) return false;
        break;
      }
      case 'const':
        if (v !== s) return false;
        break;
      case 'enum':
        if (!s.includes(v)) return false;
        break;
      case 'minimum':
        if (typeof v === 'number' && !(v >= s)) return false;
        break;
      case 'maximum':
        if (typeof v === 'number' && !(v <= s)) return false;
        break;
      case 'minLength':
        if (typeof v === 'string' && [...v].length < s) return false;
        break;
      case 'maxLength':
        if (typeof v === 'string' && [...v].length > s) return false;
        break;
      case 'pattern':
        if (typeof v === 'string' && !new RegExp(s, 'u').test(v)) return false;
        break;
      case 'minItems':
        if (Array.isArray(v) && v.length < s) return false;
        break;
      case 'maxItems':
        if (Array.isArray(v) && v.length > s) return false;
        break;
      case 'prefixItems':
        if (Array.isArray(v) && !s.every((sub: Schema, i: number) => i >= v.length || validates(sub, v[i]))) return false;
        break;
      case 'items':
        if (Array.isArray(v) && !v.slice(schema.prefixItems?.length ?? 0).every((x) => validates(s, x))) return false;
        break;
      case 'required':
        if (jsonType(v) === 'object' && !s.every((key: string) => Object.hasOwn(v as object, key))) return false;
        break;
      case 'properties':
        if (jsonType(v) === 'object' && !Object.entries(s).every(([key, sub]) => !Object.hasOwn(v as object, key) || validates(sub as Schema, (v as Raw)[key]))) return false;
        break;
      case 'additionalProperties':
        if (jsonType(v) === 'object' && !Object.keys(v as object).every((key) => Object.hasOwn(schema.properties ?? {}, key) || validates(s, (v as Raw)[key]))) return false;
        break;
      case 'propertyNames':
        if (jsonType(v) === 'object' && !Object.keys(v as object).every((key) => validates(s, key))) return false;
        break;
      case 'anyOf':
        if (!s.some((sub: Schema) => validates(sub, v))) return false;
        break;
      case 'oneOf':
        if (s.filter((sub: Schema) => validates(sub, v)).length !== 1) return false;
        break;
      default:
        throw new Error(`the test's JSON Schema interpreter does not know "${k}"`);
    }
  }
  return true;
}

describe('published JSON Schema agrees with the zod schema', () => {
  const schema = buildLayoutJsonSchema();

  it('accepts the fixture and the rich document; refuses typical mistakes', () => {
    expect(validates(schema, JSON.parse(fixtureText))).toBe(true);
    expect(validates(schema, richDoc())).toBe(true);
    expect(validates(schema, allKindsDoc())).toBe(true);
    expect(checkResult(loadLayout(allKindsDoc())).ok).toBe(true);
    const bad: ((d: Raw) => void)[] = [
      (d) => (d.equipment[0].props.widthM = -1),
      (d) => (d.equipment[0].kind = 'toaster'),
      (d) => (d.equipment[0].props.itPowerKW = 1),
      (d) => (d.halls[0].openings[0].wall = 1.5),
      (d) => delete d.site,
      (d) => (d.version = CURRENT_VERSION + 1),
      (d) => (d.pipeLoops[0].supply.path = [[0, 0, 0]]),
      (d) => (d.pipeLoops[0].fluid = 'glycol'),
      (d) => (d.pipeLoops[0].taps[0].supplyAtM = -1),
      (d) => (d.pipeLoops[0].supply.fittings = [{ kind: 'elbow', count: 1 }]),
      (d) => (d.halls[0].outline = [[0, 0], [1, 1]]),
      (d) => (d.equipment[0].id = 'has space'),
    ];
    for (const f of bad) {
      const d = richDoc();
      f(d);
      expect([f.toString(), validates(schema, d)]).toEqual([f.toString(), false]);
      expect(layoutSchema.safeParse(d).success).toBe(false);
    }
  });

  it('gives the same verdict as layoutSchema on mutated documents', () => {
    let accepted = 0;
    fc.assert(
      fc.property(fc.nat(base.length - 1), fc.nat(), fc.boolean(), anyValue, (which, at, del, value) => {
        const doc = structuredClone(base[which]);
        const path = basePaths[which][at % basePaths[which].length];
        const parent = parentOf(doc, path);
        const key = path[path.length - 1];
        if (del && Array.isArray(parent)) parent.splice(key as number, 1);
        else if (del) delete parent[key];
        else parent[key] = value;
        if (!jsonExact(doc)) return; // JSON Schema speaks about JSON, which cannot hold NaN or -0
        const zodOk = layoutSchema.safeParse(doc).success;
        if (zodOk) accepted++;
        expect([formatPath(path), validates(schema, doc)]).toEqual([formatPath(path), zodOk]);
      }),
      runs(400),
    );
    expect(accepted).toBeGreaterThan(0); // both verdicts occur
  });
});
