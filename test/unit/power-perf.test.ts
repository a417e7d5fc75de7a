import { describe, expect, it } from 'vitest';
import { analysePower } from '../../workers/power/analyse';
import { synthetic2N } from '../../workers/power/synthetic';

describe('power engine at scale', () => {
  it('10,000 dual-corded racks (2N) with the full single-failure analysis', () => {
    const input = synthetic2N({ racks: 10_000, rackKw: 10 });
    analysePower(synthetic2N({ racks: 400 })); // warm-up (JIT)
    const t0 = performance.now();
    const r = analysePower(input);
    const ms = performance.now() - t0;
    const touched = r.scenarios.reduce((a, s) => a + s.touched, 0);
    console.log(
      `power: ${r.nodes.length} nodes, ${r.loads.length} loads, ${r.scenarios.length} failure scenarios (${touched} node recomputations): ` +
        `total ${ms.toFixed(1)} ms (build ${r.timings.buildMs.toFixed(1)}, flow ${r.timings.flowMs.toFixed(1)}, single failures ${r.timings.failureMs.toFixed(1)})`,
    );
    // 50 blocks × 2 sides × (tx, swgr, ups, mech panel, 10 busways) + 2 utilities; 100 UPS module cases; 2 sides
    expect(r.scenarios.filter((s) => s.kind === 'element')).toHaveLength(2 + 50 * 2 * 14);
    expect(r.scenarios.filter((s) => s.kind === 'module')).toHaveLength(100);
    expect(r.scenarios.filter((s) => s.kind === 'side')).toHaveLength(2);
    expect(r.totals.itKw).toBeCloseTo(100_000, 6);
    // a correctly sized 2N design: no lost load and no overload under any single failure
    expect(r.scenarios.filter((s) => s.lostLoadIds.length > 0 || s.overloads.some((o) => o.utilisation > 1))).toEqual([]);
    expect(r.findings.filter((f) => f.severity === 'critical')).toEqual([]);
    // the survivor of a UPS failure carries its partner's load: compare with a full recomputation
    const full = analysePower(input, { outOfService: ['ups-7-A'], singleFailure: false });
    const upsB = full.nodes.find((s) => s.id === 'ups-7-B')!;
    expect(upsB.outputKw).toBeCloseTo(2000, 6);
    const base = r.nodes.find((s) => s.id === 'ups-7-B')!;
    expect(base.outputKw).toBeCloseTo(1000, 6);
  });
});
