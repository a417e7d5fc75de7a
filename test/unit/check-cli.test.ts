import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveModel } from '../../src/catalog/registry';
import { emptyHallDoc, type Equipment, type Props } from '../../src/model/document';
import { MAX_FILE_BYTES, serializeLayout } from '../../src/model/load';
import { fmtNumber, main, MAX_LISTED } from '../../bin/check';
import { makeBigDoc } from '../helpers/bigdoc';

const ROOT = resolve(__dirname, '../..');
// air-cooled racks: no liquid loop needed, no power design yet (the electrical engine notes it once, as info)
const HGX = resolveModel('rack', 'hgx-h100-4x-air')!.props as Props;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `npx tsx bin/check.ts …` as a user would run it. */
function check(...args: string[]): Promise<Run> {
  return new Promise((res, rej) => {
    const p = spawn('npx', ['tsx', 'bin/check.ts', ...args], { cwd: ROOT, env: { ...process.env, NO_COLOR: '1' } });
    let stdout = '';
    let stderr = '';
    p.stdout.on('data', (d) => (stdout += d));
    p.stderr.on('data', (d) => (stderr += d));
    p.on('error', rej);
    p.on('close', (code) => res({ code, stdout, stderr }));
  });
}

const rack = (id: string, x: number, y: number): Equipment => ({ id, kind: 'rack', model: 'hgx-h100-4x-air', name: id, hallId: 'hall-1', position: [x, y, 0], rotationDeg: 0, props: { ...HGX } });

let dir: string;
const files: Record<string, string> = {};

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'check-cli-'));
  // clean: two racks in a 20 × 20 m hall rated 2,500 kg/m²
  const clean = emptyHallDoc(20, 20, 7, 'Clean hall');
  clean.halls[0].floorRatingKgM2 = 2500;
  clean.equipment = [rack('a', 5, 10), rack('b', 10, 10)];
  // troubled: overlap by 0.2 m (critical) and a rack facing the wall at 0.8 m (warning)
  const bad = emptyHallDoc(20, 20, 7, 'Troubled hall');
  bad.halls[0].floorRatingKgM2 = 2500;
  bad.equipment = [rack('a', 5, 10), rack('b', 5.4, 10), rack('w', 15, 1.4)];
  // invalid: a string where a number belongs, deep in the file
  const invalid = JSON.parse(serializeLayout(clean));
  invalid.equipment[1].position[1] = 'ten';
  files.clean = join(dir, 'clean.json');
  files.bad = join(dir, 'bad.json');
  files.invalid = join(dir, 'invalid.json');
  files.notJson = join(dir, 'not-json.json');
  files.huge = join(dir, 'huge.json');
  writeFileSync(files.clean, serializeLayout(clean));
  writeFileSync(files.bad, serializeLayout(bad));
  writeFileSync(files.invalid, JSON.stringify(invalid, null, 2));
  writeFileSync(files.notJson, '{\n  "format": "retrofit-designer.layout",\n  oops\n}\n');
  writeFileSync(files.huge, '');
  truncateSync(files.huge, MAX_FILE_BYTES + 1); // sparse: refused by size before reading
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('bin/check.ts as a process', () => {
  // few processes, in parallel: each npx tsx start costs ~1 s
  it('exit codes 0 / 1 / 2, human and JSON output', async () => {
    const [clean, bad, invalid, none] = await Promise.all([check(files.clean), check(files.bad, '--json'), check(files.invalid), check()]);

    expect(clean.code).toBe(0);
    expect(clean.stdout).toContain('"Clean hall"');
    expect(clean.stdout).toMatch(/IT load\s+82 kW/);
    expect(clean.stdout).toMatch(/Peak floor load\s+1,528 kg\/m²/);
    expect(clean.stdout).toContain('Findings: 0 critical, 0 warnings, 1 info');
    expect(clean.stdout).toMatch(/INFO\s+No power distribution is laid out yet: 82 kW of equipment/);

    expect(bad.code).toBe(1);
    const out = JSON.parse(bad.stdout);
    expect(out.file).toBe(files.bad);
    expect(out.summary).toEqual({ critical: 1, warning: 1, info: 1 });
    expect(out.findings.map((f: { id: string }) => f.id)).toEqual(['space:overlap:a:b', 'space:clearance-front:w', 'electrical:no-power-design:site']);
    expect(out.findings[0].measured.value).toBeCloseTo(0.2, 12);
    expect(out.findings[1].measured.value).toBeCloseTo(0.8, 12);
    expect(out.figures.find((f: { name: string }) => f.name === 'rack_count').value).toBe(3);

    expect(invalid.code).toBe(2);
    expect(invalid.stdout).toBe('');
    expect(invalid.stderr).toContain('is not a valid layout');
    expect(invalid.stderr).toContain('equipment[1].position[1]');

    expect(none.code).toBe(2);
    expect(none.stderr).toContain('no layout file given');
    expect(none.stderr).toContain('Usage:');
  });
});

describe('bin/check.ts main() in process', () => {
  const run = (...argv: string[]) => {
    let out = '';
    let err = '';
    const code = main(argv, { out: (t) => (out += t), err: (t) => (err += t) });
    return { code, out, err };
  };

  it('--help prints usage on stdout and exits 0; unknown options and two files exit 2', () => {
    const h = run('--help');
    expect(h.code).toBe(0);
    expect(h.out).toContain('Usage: npm run check -- <layout.json> [--json]');
    expect(run('--frobnicate', files.clean)).toMatchObject({ code: 2, err: expect.stringContaining('unknown option --frobnicate') });
    expect(run(files.clean, files.bad)).toMatchObject({ code: 2, err: expect.stringContaining('one layout file at a time') });
  });

  it('unreadable files exit 2 with the reason: missing, too big, a directory, not JSON (with line)', () => {
    expect(run(join(dir, 'missing.json'))).toMatchObject({ code: 2, err: expect.stringContaining('no such file') });
    const huge = run(files.huge);
    expect(huge.code).toBe(2);
    expect(huge.err).toContain(`is ${((MAX_FILE_BYTES + 1) / 1e6).toFixed(1)} MB`);
    expect(run(dir)).toMatchObject({ code: 2, err: expect.stringContaining('is not a file') });
    const nj = run(files.notJson);
    expect(nj.code).toBe(2);
    expect(nj.err).toMatch(/not valid JSON.*line 3/);
    const list = join(dir, 'list.json');
    writeFileSync(list, '[1, 2]');
    const l = run(list);
    expect(l.code).toBe(2);
    expect(l.err.match(/not a Retrofit Designer layout/g)).toHaveLength(1); // said once, not repeated as a "(file)" error
  });

  it('accepts a file that starts with a UTF-8 byte-order mark', () => {
    const bom = join(dir, 'bom.json');
    writeFileSync(bom, '\ufeff' + serializeLayout(emptyHallDoc(10, 10)));
    expect(run(bom)).toMatchObject({ code: 0, out: expect.stringContaining('Findings: 0 critical') });
  });

  it('--json on an invalid file also gives the errors as JSON', () => {
    const r = run(files.invalid, '--json');
    expect(r.code).toBe(2);
    const j = JSON.parse(r.out);
    expect(j.errors[0].path).toBe('equipment[1].position[1]');
  });

  it('human output names measured values and limits with units, and caps long lists', () => {
    const r = run(files.bad);
    expect(r.code).toBe(1);
    expect(r.out).toContain('Findings: 1 critical, 1 warning, 1 info');
    expect(r.out).toMatch(/CRITICAL\s+a and b overlap by 0\.20 m/);
    expect(r.out).toContain('[space:overlap:a:b] measured 0.2 m; limit 0 m; owner IT; a, b');
    expect(r.out).toContain('[space:clearance-front:w] measured 0.8 m; limit 1.2 m');
    expect(r.out.indexOf('CRITICAL')).toBeLessThan(r.out.indexOf('WARNING'));
    // 300 air racks with 1.0 m cold aisles: 300 front-clearance warnings, 200 listed unless --all
    const many = join(dir, 'many.json');
    writeFileSync(many, serializeLayout(makeBigDoc({ racks: 300, coldAisleM: 1.0, airEvery: 1 })));
    const capped = run(many);
    expect(capped.code).toBe(0);
    expect(capped.out).toContain('Findings: 0 critical, 300 warnings, 1 info');
    expect(capped.out.match(/^ {2}WARNING/gm)).toHaveLength(MAX_LISTED);
    expect(capped.out).toContain(`… and ${301 - MAX_LISTED} more`); // the 300 warnings and the electrical info
    expect(run(many, '--all').out.match(/^ {2}WARNING/gm)).toHaveLength(300);
  });

  it('formats numbers by magnitude', () => {
    expect(fmtNumber(603125)).toBe('603,125');
    expect(fmtNumber(1888.888)).toBe('1,889');
    expect(fmtNumber(36.39)).toBe('36.4');
    expect(fmtNumber(0.72)).toBe('0.72');
    expect(fmtNumber(0.2)).toBe('0.2');
    expect(fmtNumber(0.20000000000000018)).toBe('0.2');
    expect(fmtNumber(0.036)).toBe('0.036');
  });
});
