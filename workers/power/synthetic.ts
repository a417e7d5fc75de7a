/**
 * Synthetic power systems for tests and benchmarks: a regular 2N site of any size.
 *
 * Per block (200 racks by default) and per side A/B: transformer (MV → 480 V) → switchgear →
 * UPS system (modules) → busways (415 V) → one 3φ tap-off per rack; plus a mechanical panel off the
 * switchgear feeding the block's cooling plant (dual-fed). Every rack has an A and a B cord.
 * Ratings are sized so the design holds in normal operation and under any single failure.
 */
import type { PowerLoadInput, PowerNodeInput, PowerSystemInput } from './graph';

export interface SyntheticOptions {
  racks: number;
  /** IT load per rack, kW (default 10) */
  rackKw?: number;
  racksPerBusway?: number;
  buswaysPerBlock?: number;
  /** cooling load per block as a fraction of its IT load (default 0.15) */
  mechanicalFraction?: number;
}

/** Build a 2N site with `racks` dual-corded racks. Ids: util-A, tx-3-A, ups-3-B, bw-3-7-A, tap-3-7-12-A, rack-…, mech-3. */
export function synthetic2N(o: SyntheticOptions): PowerSystemInput {
  const rackKw = o.rackKw ?? 10;
  const perBw = o.racksPerBusway ?? 20;
  const bwPerBlock = o.buswaysPerBlock ?? 10;
  const mechFrac = o.mechanicalFraction ?? 0.15;
  const perBlock = perBw * bwPerBlock;
  const blocks = Math.ceil(o.racks / perBlock);
  const blockItKw = perBlock * rackKw;
  const nodes: PowerNodeInput[] = [];
  const loads: PowerLoadInput[] = [];
  const sides = ['A', 'B'];
  const siteKw = blocks * blockItKw * (1 + mechFrac) * 1.1;
  for (const s of sides) nodes.push({ id: `util-${s}`, kind: 'utility', sources: [], voltageV: 34_500, ratingKw: siteKw, side: s });
  // UPS: carries the whole block on failover at ≤ 85 %
  const upsModules = 4;
  const moduleKw = Math.ceil((blockItKw / 0.85 / upsModules) / 50) * 50;
  const txKva = Math.ceil(((blockItKw * 1.06 + blockItKw * mechFrac) / 0.8) / 250) * 250;
  const bwA = perBw * rackKw * 1000 / (Math.sqrt(3) * 415 * 0.98) / 0.8 / 0.85; // failover ≤ 85 % of 80 %
  const buswayA = [225, 400, 600, 800, 1000, 1200, 1600, 2000].find((a) => a >= bwA) ?? 2500;
  for (let b = 0; b < blocks; b++) {
    for (const s of sides) {
      nodes.push({ id: `tx-${b}-${s}`, kind: 'transformer', sources: [`util-${s}`], voltageV: 480, ratingKva: txKva, side: s });
      nodes.push({ id: `swgr-${b}-${s}`, kind: 'switchgear', sources: [`tx-${b}-${s}`], voltageV: 480, breakerA: 5000, side: s });
      nodes.push({
        id: `ups-${b}-${s}`,
        kind: 'ups',
        sources: [`swgr-${b}-${s}`],
        voltageV: 415,
        ups: { moduleKw, moduleCount: upsModules },
        side: s,
      });
      nodes.push({ id: `mp-${b}-${s}`, kind: 'panel', sources: [`swgr-${b}-${s}`], voltageV: 480, breakerA: 1200, side: s });
      for (let w = 0; w < bwPerBlock; w++) {
        nodes.push({ id: `bw-${b}-${w}-${s}`, kind: 'busway', sources: [`ups-${b}-${s}`], voltageV: 415, ratingA: buswayA, side: s });
        for (let r = 0; r < perBw; r++) {
          nodes.push({ id: `tap-${b}-${w}-${r}-${s}`, kind: 'tapoff', sources: [`bw-${b}-${w}-${s}`], voltageV: 415, breakerA: 63, rated100Pct: true, side: s });
        }
      }
    }
    loads.push({
      id: `mech-${b}`,
      category: 'mechanical',
      kw: blockItKw * mechFrac,
      pf: 0.9,
      cords: sides.map((s) => ({ node: `mp-${b}-${s}`, label: s })),
    });
    for (let w = 0; w < bwPerBlock; w++) {
      for (let r = 0; r < perBw; r++) {
        const idx = b * perBlock + w * perBw + r;
        if (idx >= o.racks) continue;
        loads.push({
          id: `rack-${b}-${w}-${r}`,
          category: 'it',
          kw: rackKw,
          pf: 0.98,
          cords: sides.map((s) => ({ node: `tap-${b}-${w}-${r}-${s}`, label: s, breakerA: 63, rated100Pct: true })),
        });
      }
    }
  }
  return { nodes, loads, site: { interconnectMw: siteKw / 1000, headroomFraction: 0.05 }, design: { redundancy: '2N' } };
}
