import '@vitest/web-worker';
import { wrap, type Remote } from 'comlink';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveModel } from '../../src/catalog/registry';
import { emptyHallDoc, type LayoutDoc, type Props } from '../../src/model/document';
import { ENGINES, runAll, sortFindings, type EngineDef } from '../../workers/analysis';
import type { AnalysisApi } from '../../workers/analysis.worker';
import type { EngineResult, Finding } from '../../workers/findings';
import { makeBigDoc } from '../helpers/bigdoc';

const GB200 = resolveModel('rack', 'gb200-nvl72')!.props as Props;

/** Two overlapping racks (critical overlap + critical floor load at 1,200 kg/m²) and one facing a wall (warning). */
function troubledDoc(): LayoutDoc {
  const doc = emptyHallDoc(20, 20, 7);
  const r = (id: string, x: number, y: number) => ({ id, kind: 'rack', model: 'gb200-nvl72', name: id, hallId: 'hall-1', position: [x, y, 0] as [number, number, number], rotationDeg: 0, props: { ...GB200 } });
  doc.equipment = [r('wall', 10, 1.4), r('a', 5, 10), r('b', 5.4, 10)];
  return doc;
}

const strip = (r: EngineResult) => ({ ...r, elapsedMs: 0 });

describe('analysis runner', () => {
  it('runs the space engine and sorts findings critical first', () => {
    const out = runAll(troubledDoc());
    expect(out.results.map((r) => r.engine)).toEqual(ENGINES.map((e) => e.name));
    expect(ENGINES.map((e) => e.name)).toContain('space');
    const rank = out.findings.map((f) => ({ critical: 0, warning: 1, info: 2 })[f.severity]);
    expect(rank).toEqual([...rank].sort((a, b) => a - b));
    expect(out.findings[0].severity).toBe('critical');
    const space = out.findings.filter((f) => f.engine === 'space');
    expect(space.at(-1)!.id).toBe('space:clearance-front:wall');
    // no power laid out: the electrical engine says so once, as information
    expect(out.findings.filter((f) => f.engine === 'electrical').map((f) => [f.id, f.severity])).toEqual([['electrical:no-power-design:site', 'info']]);
    // the overlap and three floor-load findings are critical (1360 / 0.72 = 1888.9 > 1200 kg/m²)
    expect(space.filter((f) => f.severity === 'critical').map((f) => f.id).sort()).toEqual(
      ['space:floor-load:a', 'space:floor-load:b', 'space:floor-load:wall', 'space:overlap:a:b'].sort(),
    );
    expect(out.figures.find((f) => f.name === 'it_load_kw')!.value).toBe(3 * 132);
  });

  it('sortFindings is stable within a severity', () => {
    const f = (id: string, severity: Finding['severity']): Finding => ({ id, engine: 'x', code: 'c', severity, message: id, subjects: [], owner: 'IT' });
    expect(sortFindings([f('i1', 'info'), f('w1', 'warning'), f('c1', 'critical'), f('w2', 'warning'), f('c2', 'critical')]).map((x) => x.id)).toEqual(['c1', 'c2', 'w1', 'w2', 'i1']);
  });

  it('an engine that throws becomes a critical engine-failed finding; the others still report', () => {
    const boom: EngineDef = {
      name: 'boom',
      owner: 'mechanical',
      run: () => {
        throw new Error('matrix is singular');
      },
    };
    const out = runAll(troubledDoc(), [boom, ...ENGINES]);
    expect(out.results.map((r) => r.engine)).toEqual(['boom', ...ENGINES.map((e) => e.name)]);
    const failed = out.findings.filter((f) => f.code === 'engine-failed');
    expect(failed).toHaveLength(1);
    expect(failed[0]).toMatchObject({ id: 'boom:engine-failed', engine: 'boom', severity: 'critical', owner: 'mechanical' });
    expect(failed[0].message).toContain('boom');
    expect(failed[0].message).toContain('matrix is singular');
    expect(out.findings.filter((f) => f.engine === 'space')).toHaveLength(5);
    // a non-Error throw is reported too
    const odd: EngineDef = { name: 'odd', owner: 'IT', run: () => { throw 'no'; } };
    expect(runAll(troubledDoc(), [odd]).findings[0].message).toContain('no');
  });
});

describe('analysis worker (comlink over @vitest/web-worker)', () => {
  const worker = new Worker(new URL('../../workers/analysis.worker.ts', import.meta.url), { type: 'module' });
  const remote: Remote<AnalysisApi> = wrap<AnalysisApi>(worker);
  afterAll(() => worker.terminate());

  it('returns the same findings and figures as a direct call, and echoes the run id', async () => {
    const doc = troubledDoc();
    const direct = runAll(doc);
    const res = await remote.analyse(JSON.stringify(doc), 7);
    expect(res.runId).toBe(7);
    expect(res.findings).toEqual(direct.findings);
    expect(res.figures).toEqual(direct.figures);
    expect(res.results.map(strip)).toEqual(direct.results.map(strip));
    expect(res.elapsedMs).toBeGreaterThanOrEqual(0);
  });

  it('handles a 1,000-rack layout and rejects text that is not JSON', async () => {
    const doc = makeBigDoc({ racks: 1000, coldAisleM: 1.0 });
    const res = await remote.analyse(JSON.stringify(doc), 8);
    expect(res.runId).toBe(8);
    expect(res.findings.filter((f) => f.engine === 'space')).toHaveLength(1000);
    expect(res.findings).toEqual(runAll(doc).findings);
    await expect(remote.analyse('{not json', 9)).rejects.toThrow();
  });
});
