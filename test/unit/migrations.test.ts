import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { getKind } from '../../src/catalog/registry';
import { CURRENT_VERSION, FORMAT } from '../../src/model/document';
import { loadLayout, serializeLayout } from '../../src/model/load';
import { migrate, MIGRATIONS, type Migration } from '../../src/model/migrations';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/${name}`, import.meta.url), 'utf8');
const rackModel = (id: string) => getKind('rack')!.models.find((m) => m.id === id)!.props;
const rackKeys = () => Object.keys(getKind('rack')!.propsSchema.shape);

/** The table rule from style.md: one step per version, 1→2, 2→3, … ending at CURRENT_VERSION. */
function tableProblems(table: readonly Migration[], current: number): string[] {
  const out: string[] = [];
  table.forEach((m, i) => {
    if (m.from !== i + 1) out.push(`entry ${i} migrates from ${m.from}, expected ${i + 1}`);
    if (m.to !== m.from + 1) out.push(`entry ${i} goes ${m.from}→${m.to}, expected ${m.from}→${m.from + 1}`);
  });
  const last = table.length ? table[table.length - 1].to : 1;
  if (last !== current) out.push(`table ends at ${last}, CURRENT_VERSION is ${current}`);
  return out;
}

describe('migration table', () => {
  it('is contiguous from 1 to CURRENT_VERSION', () => {
    expect(tableProblems(MIGRATIONS, CURRENT_VERSION)).toEqual([]);
    // one step per version after the first: this pins the pairing of the two
    expect(MIGRATIONS.length).toBe(CURRENT_VERSION - 1);
    expect(CURRENT_VERSION).toBeGreaterThanOrEqual(2);
  });

  it('the contiguity check itself catches gaps, wrong targets and a short table', () => {
    const step = (from: number, to: number): Migration => ({ from, to, description: `${from}→${to}`, up: (d) => d });
    expect(tableProblems([step(1, 2), step(2, 3)], 3)).toEqual([]);
    expect(tableProblems([step(1, 2), step(3, 4)], 4)).toEqual(['entry 1 migrates from 3, expected 2']);
    expect(tableProblems([step(1, 3)], 3)).toEqual(['entry 0 goes 1→3, expected 1→2']);
    expect(tableProblems([step(1, 2)], 3)).toEqual(['table ends at 2, CURRENT_VERSION is 3']);
  });
});

describe('frozen fixture v1-small-hall.json', () => {
  const text = fixture('v1-small-hall.json');

  it('still loads, with defaults restored from the catalog and the custom model', () => {
    const r = loadLayout(text);
    if (!r.ok) throw new Error(r.summary);
    // a version-1 file: migrated in memory to the current version
    expect(r.migratedFrom).toBe(1);
    expect(r.warnings).toEqual([]);
    const d = r.doc;
    expect(d.format).toBe(FORMAT);
    expect(d.version).toBe(CURRENT_VERSION);
    expect(d.meta).toEqual({ title: 'Small hall, format v1 (frozen fixture)', createdAt: '2026-11-25T09:00:00Z', app: 'Retrofit Designer 0.1.0' });
    expect(d.site).toEqual({
      name: 'Fixture site',
      utility: { interconnectMw: 12, voltageKv: 34.5 },
      climate: { designDryBulbC: 36.5, designWetBulbC: 23 },
      ashraeClass: 'A2',
      powerRedundancy: 'N', // not in the v1 file: restored as N
    });
    expect(d.settings).toEqual({ clearanceFrontM: 1.5, clearanceRearM: 1 });

    expect(d.halls).toHaveLength(1);
    const h = d.halls[0];
    expect(h.outline).toEqual([[0, 0], [30, 0], [30, 12], [0, 12]]);
    expect(h.openings.map((o) => [o.id, o.kind, o.wall, o.offsetM, o.widthM, o.heightM, o.sillM])).toEqual([
      ['door-main', 'door', 0, 4, 2.4, 3, 0], // sillM omitted in the file → default 0
      ['intake-east', 'intake', 1, 6, 8, 2, 1.5],
      ['exhaust-north', 'exhaust', 2, 15, 10, 1.5, 4.5],
    ]);

    const [r1, r2, r3, net] = d.equipment;
    expect(d.equipment.map((e) => e.id)).toEqual(['rack-01', 'rack-02', 'rack-03', 'net-01']);
    // partial props: the file's value wins, the rest come from the catalog model, in schema order
    expect(r1.props).toEqual({ ...rackModel('gb200-nvl72'), itPowerKw: 120 });
    expect(Object.keys(r1.props)).toEqual(rackKeys());
    // no props, no name, no rotation at all
    expect(r2.props).toEqual(rackModel('gb200-nvl72'));
    expect(r2.name).toBe('rack-02');
    expect(r2.rotationDeg).toBe(0);
    // custom model on a catalog base, plus a per-instance override
    expect(r3.model).toBe('air-48');
    expect(r3.props).toEqual({ ...rackModel('hgx-h100-4x-air'), itPowerKw: 48, airDeltaTK: 14, weightKg: 900 });
    expect(r3.rotationDeg).toBe(180);
    expect(net.props).toEqual(rackModel('network'));
    expect(net.position).toEqual([10, 8, 0]);
    expect(d.customModels).toEqual([
      { id: 'air-48', kind: 'rack', baseModel: 'hgx-h100-4x-air', name: '48 kW air rack', props: { itPowerKw: 48, airDeltaTK: 14 } },
    ]);
    expect(d.connections).toEqual([]);
    // 1 → 2 adds the (empty) pipe loops
    expect(d.pipeLoops).toEqual([]);
  });

  it('is a fixed point after one load: save → open → save is byte-identical', () => {
    const r = loadLayout(text);
    if (!r.ok) throw new Error(r.summary);
    const once = serializeLayout(r.doc);
    const again = loadLayout(once);
    if (!again.ok) throw new Error(again.summary);
    expect(serializeLayout(again.doc)).toBe(once);
  });
});

describe('migration 1 → 2 (pipe loops)', () => {
  const step = MIGRATIONS.find((m) => m.from === 1)!;

  it('adds an empty pipeLoops array and nothing else', () => {
    const v1 = JSON.parse(fixture('v1-small-hall.json'));
    const r = migrate(v1, 1);
    if (!r.ok) throw new Error(r.message);
    expect(r.applied).toEqual([step]);
    const { pipeLoops, version, ...rest } = r.doc;
    expect(pipeLoops).toEqual([]);
    expect(version).toBe(2);
    const { version: _v, ...before } = v1;
    void _v;
    expect(rest).toEqual(before);
  });

  it('refuses a version-1 file that already holds pipeLoops (mislabelled), naming the step', () => {
    const v1 = JSON.parse(fixture('v1-small-hall.json'));
    v1.pipeLoops = [];
    const r = loadLayout(v1);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.summary).toMatch(/^Migrating from format version 1 to 2 \(adds pipeLoops/);
      expect(r.summary).toContain('set "version": 2');
      expect(r.errors[0].path).toBe('version');
    }
  });
});

describe('frozen fixture v2-liquid-loop.json', () => {
  const text = fixture('v2-liquid-loop.json');

  it('loads without migration, with the loop defaults restored', () => {
    const r = loadLayout(text);
    if (!r.ok) throw new Error(`${r.summary} ${JSON.stringify(r.errors)}`);
    expect(r.migratedFrom).toBeUndefined();
    expect(r.warnings).toEqual([]);
    const d = r.doc;
    expect(d.version).toBe(2);
    expect(d.equipment.map((e) => e.id)).toEqual(['cdu-01', 'rack-01', 'rack-02', 'rack-03', 'net-01']);
    expect(d.equipment[0].props.supplyTempC).toBe(27);
    expect(d.pipeLoops).toHaveLength(1);
    const l = d.pipeLoops[0];
    expect(l).toEqual({
      id: 'loop-1',
      name: 'TCS loop 1',
      fluid: 'water',
      cduIds: ['cdu-01'],
      supply: {
        path: [[4.4, 4.5, 2.3], [4.4, 4.5, 3.0], [7.0, 4.5, 3.0]],
        diameterM: 0.0779,
        roughnessM: 4.5e-5, // default
        fittings: [{ kind: 'valve-ball-open', count: 1 }],
      },
      return: { path: [[4.4, 4.5, 2.3], [4.4, 4.5, 3.4], [7.0, 4.5, 3.4]], diameterM: 0.0779, roughnessM: 1.5e-6, fittings: [] },
      taps: [
        { rackId: 'rack-01', supplyAtM: 1.3, returnAtM: 1.7 },
        { rackId: 'rack-02', supplyAtM: 1.9, returnAtM: 2.3, branchLengthM: 2.5, branchDiameterM: 0.0409 },
      ],
      branchDiameterM: 0.0525, // default
      designDeltaTK: 9,
      expansion: { atM: 0, pressureKpa: 150 }, // default
      pumpControl: 'dp', // default
      rackValves: 'none', // default
    });
  });

  it('is a fixed point after one load, pipe loops in schema key order', () => {
    const r = loadLayout(text);
    if (!r.ok) throw new Error(r.summary);
    const once = serializeLayout(r.doc);
    const again = loadLayout(once);
    if (!again.ok) throw new Error(again.summary);
    expect(serializeLayout(again.doc)).toBe(once);
    expect(Object.keys(JSON.parse(once))).toEqual(['format', 'version', 'meta', 'site', 'halls', 'equipment', 'connections', 'pipeLoops', 'customModels', 'settings']);
    expect(Object.keys(JSON.parse(once).pipeLoops[0])).toEqual(['id', 'name', 'fluid', 'cduIds', 'supply', 'return', 'taps', 'branchDiameterM', 'designDeltaTK', 'expansion', 'pumpControl', 'rackValves']);
  });
});

// ------------------------------------------------------------------------------------------------
// The mechanism, with an injected table: pretend the current format is 3 and version-1 files stored
// the interconnect in kW under a different name, and version-2 files lacked settings.

const v3Table: Migration[] = [
  {
    from: 1,
    to: 2,
    description: 'interconnect in MW',
    up(d) {
      const site = d.site as { utility: Record<string, number> };
      site.utility.interconnectMw = site.utility.interconnectKw / 1000;
      delete site.utility.interconnectKw;
      return d;
    },
  },
  {
    from: 2,
    to: 3,
    description: 'explicit settings',
    up(d) {
      d.settings = { clearanceFrontM: 1.4, clearanceRearM: 0.9 };
      return d;
    },
  },
];

function oldV1Doc(): Record<string, unknown> {
  return {
    format: FORMAT,
    version: 1,
    site: {
      name: 'Old',
      utility: { interconnectKw: 25_000, voltageKv: 13.8 },
      climate: { designDryBulbC: 30, designWetBulbC: 20 },
      ashraeClass: 'A1',
    },
    halls: [{ id: 'h', name: 'H', outline: [[0, 0], [10, 0], [10, 10]], clearHeightM: 5, floorRatingKgM2: 1000 }],
  };
}

describe('migration mechanism (injected table)', () => {
  it('runs every step in order and reports where it started', () => {
    const input = oldV1Doc();
    const before = JSON.stringify(input);
    const r = loadLayout(input, { migrations: v3Table, currentVersion: 3 });
    if (!r.ok) throw new Error(r.summary);
    expect(r.migratedFrom).toBe(1);
    expect(r.doc.version).toBe(3);
    expect(r.doc.site.utility).toEqual({ interconnectMw: 25, voltageKv: 13.8 });
    expect(r.doc.settings).toEqual({ clearanceFrontM: 1.4, clearanceRearM: 0.9 });
    // migrations edit a copy: the caller's object is untouched
    expect(JSON.stringify(input)).toBe(before);
  });

  it('starts mid-table for a version-2 file', () => {
    const input = oldV1Doc();
    input.version = 2;
    (input.site as { utility: object }).utility = { interconnectMw: 7, voltageKv: 13.8 };
    const r = loadLayout(input, { migrations: v3Table, currentVersion: 3 });
    if (!r.ok) throw new Error(r.summary);
    expect(r.migratedFrom).toBe(2);
    expect(r.doc.site.utility.interconnectMw).toBe(7);
    expect(r.doc.settings.clearanceFrontM).toBe(1.4);
  });

  it('a throwing step fails the load with the step and its reason, pointing at version', () => {
    const broken: Migration[] = [v3Table[0], { from: 2, to: 3, description: 'explicit settings', up: () => { throw new Error('halls[0] has no floor'); } }];
    const r = loadLayout(oldV1Doc(), { migrations: broken, currentVersion: 3 });
    expect(r).toEqual({
      ok: false,
      summary: 'Migrating from format version 2 to 3 (explicit settings) failed: halls[0] has no floor',
      errors: [{ path: 'version', message: 'Migrating from format version 2 to 3 (explicit settings) failed: halls[0] has no floor' }],
    });
  });

  it('a step that returns no document fails instead of crashing', () => {
    const broken: Migration[] = [{ from: 1, to: 2, description: 'oops', up: () => null as unknown as Record<string, unknown> }];
    const r = loadLayout(oldV1Doc(), { migrations: broken, currentVersion: 2 });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.summary).toBe('Migrating from format version 1 to 2 (oops) did not produce a document.');
  });

  it('a gap in the table is reported, not skipped', () => {
    const r = loadLayout(oldV1Doc(), { migrations: [v3Table[1]], currentVersion: 3 });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.summary).toBe('No migration from format version 1 to 2; this app cannot read version 1 files.');
  });

  it('a migrated document is still validated against the current schema', () => {
    const sloppy: Migration[] = [{ from: 1, to: 2, description: 'forgets the unit change', up: (d) => d }];
    const r = loadLayout(oldV1Doc(), { migrations: sloppy, currentVersion: 2 });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.errors).toContainEqual({ path: 'site.utility.interconnectKw', message: 'Unknown field "interconnectKw": remove it or check the spelling.' });
      expect(r.errors).toContainEqual({ path: 'site.utility.interconnectMw', message: 'Expected number, found nothing (the field is missing). Add the field.' });
    }
  });

  it('a file newer than the injected current version is refused', () => {
    const input = oldV1Doc();
    input.version = 4;
    const r = loadLayout(input, { migrations: v3Table, currentVersion: 3 });
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.summary).toBe(
        'This layout was saved by a newer Retrofit Designer (format version 4); this app reads versions up to 3. Open it in the newer app or update this one.',
      );
      expect(r.errors).toEqual([{ path: 'version', message: 'Version 4 is newer than 3, the newest this app reads.' }]);
    }
  });
});

describe('migrate()', () => {
  it('returns the input itself when there is nothing to do (no clone, no mutation)', () => {
    const d = { version: 1 };
    const r = migrate(d, 1, [], 1);
    expect(r).toEqual({ ok: true, doc: d, applied: [] });
    if (r.ok) expect(r.doc).toBe(d);
  });

  it('sets version after each step even if `up` does not', () => {
    const seen: number[] = [];
    const table: Migration[] = [1, 2, 3].map((from) => ({ from, to: from + 1, description: '', up: (d) => (seen.push(d.version as number), d) }));
    const r = migrate({ version: 1 }, 1, table, 4);
    expect(seen).toEqual([1, 2, 3]);
    expect(r.ok && r.doc.version).toBe(4);
    expect(r.ok && r.applied).toEqual(table);
  });

  it('input that cannot be copied (a function inside) fails cleanly', () => {
    const r = migrate({ version: 1, f: () => 1 }, 1, v3Table, 2);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(/^The document cannot be copied for migration: /);
  });
});
