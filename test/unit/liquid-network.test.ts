import { describe, expect, it } from 'vitest';
import { fluidProps } from '../../workers/liquid/fluids';
import { pipeDp } from '../../workers/liquid/friction';
import { solveNetwork, type NetLink, type PipeLink } from '../../workers/liquid/network';
import { factorLdl, solveLdl, symbolicLdl, entryPosition } from '../../workers/liquid/sparse';

const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);
const W20 = fluidProps('water', 20);
const fluid = { densityKgM3: W20.densityKgM3, kinematicM2s: W20.kinematicM2s };
const dpOf = (l: PipeLink, q: number) =>
  pipeDp({ lengthM: l.lengthM, diameterM: l.diameterM, roughnessM: l.roughnessM, minorK: l.minorK ?? 0, ...fluid }, q).dpPa;

describe('sparse LDLᵀ', () => {
  it('solves a random weighted-Laplacian SPD system to round-off (checked against dense elimination)', () => {
    let seed = 7;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    const n = 60;
    const ea: number[] = [];
    const eb: number[] = [];
    const w: number[] = [];
    for (let i = 1; i < n; i++) {
      ea.push(i);
      eb.push(Math.floor(rnd() * i));
      w.push(0.1 + rnd());
    }
    for (let e = 0; e < 40; e++) {
      const a = Math.floor(rnd() * n);
      const b = Math.floor(rnd() * n);
      if (a === b) continue;
      ea.push(a);
      eb.push(b);
      w.push(0.1 + rnd());
    }
    const dense = Array.from({ length: n }, () => new Float64Array(n));
    for (let i = 0; i < n; i++) dense[i][i] = i % 9 === 0 ? 1 : 0; // ground some nodes
    ea.forEach((a, e) => {
      const b = eb[e];
      dense[a][a] += w[e];
      dense[b][b] += w[e];
      dense[a][b] -= w[e];
      dense[b][a] -= w[e];
    });
    const b = Float64Array.from({ length: n }, () => rnd() - 0.5);
    // dense Gaussian elimination
    const M = dense.map((r) => Float64Array.from(r));
    const x = Float64Array.from(b);
    for (let k = 0; k < n; k++) {
      for (let i = k + 1; i < n; i++) {
        const f = M[i][k] / M[k][k];
        if (f === 0) continue;
        for (let j = k; j < n; j++) M[i][j] -= f * M[k][j];
        x[i] -= f * x[k];
      }
    }
    for (let i = n - 1; i >= 0; i--) {
      let s = x[i];
      for (let j = i + 1; j < n; j++) s -= M[i][j] * x[j];
      x[i] = s / M[i][i];
    }
    const sym = symbolicLdl(n, ea, eb);
    const ax = new Float64Array(sym.rowIdx.length);
    const diag = new Float64Array(n);
    for (let i = 0; i < n; i++) diag[sym.perm[i]] = dense[i][i];
    ea.forEach((a, e) => {
      ax[entryPosition(sym, sym.perm[a], sym.perm[eb[e]])] -= w[e];
    });
    const rhs = new Float64Array(n);
    for (let i = 0; i < n; i++) rhs[sym.perm[i]] = b[i];
    solveLdl(sym, factorLdl(sym, ax, diag), rhs);
    for (let i = 0; i < n; i++) expect(Math.abs(rhs[sym.perm[i]] - x[i])).toBeLessThan(1e-9 * (1 + Math.abs(x[i])));
  });
});

describe('global gradient network solver', () => {
  it('two parallel pipes: equal pressure drop to 1e-6, total flow conserved', () => {
    const qTot = 300 / 60000; // 300 L/min
    const p1: PipeLink = { kind: 'pipe', id: 'p1', from: 'A', to: 'B', lengthM: 40, diameterM: 0.0525, roughnessM: 0.045e-3, minorK: 2 };
    const p2: PipeLink = { kind: 'pipe', id: 'p2', from: 'A', to: 'B', lengthM: 25, diameterM: 0.0409, roughnessM: 1.5e-6, minorK: 0.5 };
    const r = solveNetwork({ nodes: [{ id: 'A', demandM3s: -qTot }, { id: 'B', fixedPa: 0 }], links: [p1, p2], fluid });
    expect(r.converged).toBe(true);
    const [q1, q2] = r.flowM3s;
    expect(rel(q1 + q2, qTot)).toBeLessThan(1e-12);
    const d1 = dpOf(p1, q1);
    const d2 = dpOf(p2, q2);
    expect(rel(d1, d2)).toBeLessThan(1e-6);
    expect(rel(r.pressurePa[0], d1)).toBeLessThan(1e-6);
    // the bigger, longer pipe takes the larger share here, and both are turbulent
    expect(q1).toBeGreaterThan(q2);
    expect(Math.min(r.reynolds[0], r.reynolds[1])).toBeGreaterThan(4000);
    console.log(`parallel pipes: q1 = ${(q1 * 60000).toFixed(3)} L/min, q2 = ${(q2 * 60000).toFixed(3)} L/min, Δp = ${d1.toFixed(1)} Pa, ${r.iterations} iterations`);
  });

  /*
   * Two-loop network of Alperovits & Shamir (1977): reservoir (node 1, head 210 m) and six demand nodes,
   * eight 1000 m pipes; here with Darcy–Weisbach (ε = 0.1 mm) and a fixed set of diameters. Independent
   * check: Hardy Cross loop corrections written out below.
   */
  it('two-loop ring main agrees with an independent Hardy Cross solution to better than 0.5 %', () => {
    const inch = 0.0254;
    const d = [18, 10, 16, 4, 16, 10, 10, 1].map((x) => x * inch);
    const ends: [string, string][] = [['1', '2'], ['2', '3'], ['2', '4'], ['4', '5'], ['4', '6'], ['6', '7'], ['3', '5'], ['5', '7']];
    const pipes: PipeLink[] = ends.map(([a, b], i) => ({ kind: 'pipe', id: `p${i + 1}`, from: a, to: b, lengthM: 1000, diameterM: d[i], roughnessM: 0.1e-3 }));
    const m3h = (x: number) => x / 3600;
    const demands: Record<string, number> = { '2': m3h(100), '3': m3h(100), '4': m3h(120), '5': m3h(270), '6': m3h(330), '7': m3h(200) };
    const r = solveNetwork({
      nodes: [{ id: '1', fixedPa: W20.densityKgM3 * 9.80665 * 210 }, ...Object.entries(demands).map(([id, q]) => ({ id, demandM3s: q }))],
      links: pipes,
      fluid,
    });
    expect(r.converged).toBe(true);

    // Hardy Cross: start from a tree solution (chords p4, p8 at zero) and correct each loop
    const q = [1120, 370, 650, 0, 530, 200, 270, 0].map(m3h);
    const loops: [number, number][][] = [
      [[1, 1], [6, 1], [3, -1], [2, -1]], // 2→3→5, back 5→4→2
      [[3, 1], [7, 1], [5, -1], [4, -1]], // 4→5→7, back 7→6→4
    ];
    for (let it = 0; it < 500; it++) {
      let maxCorr = 0;
      for (const loop of loops) {
        let hSum = 0;
        let gSum = 0;
        for (const [k, s] of loop) {
          const l = pipes[k];
          const h = dpOf(l, s * q[k]);
          const e = Math.max(1e-9, Math.abs(s * q[k]) * 1e-7);
          const g = (dpOf(l, s * q[k] + e) - dpOf(l, s * q[k] - e)) / (2 * e);
          hSum += h;
          gSum += g;
        }
        const dq = -hSum / gSum;
        for (const [k, s] of loop) q[k] += s * dq;
        maxCorr = Math.max(maxCorr, Math.abs(dq));
      }
      if (maxCorr < 1e-14) break;
    }
    for (let k = 0; k < 8; k++) {
      const err = Math.abs(r.flowM3s[k] - q[k]) / Math.max(Math.abs(q[k]), 1e-3 * m3h(1120));
      expect(err).toBeLessThan(0.005);
      expect(err).toBeLessThan(1e-6); // in fact they agree to round-off
    }
    // each node's continuity holds
    for (const [id, dem] of Object.entries(demands)) {
      let net = 0;
      pipes.forEach((p, k) => {
        if (p.to === id) net += r.flowM3s[k];
        if (p.from === id) net -= r.flowM3s[k];
      });
      expect(Math.abs(net - dem) / dem).toBeLessThan(1e-9);
    }
    console.log(`two-loop network: ${r.iterations} GGA iterations; flows m³/h ${Array.from(r.flowM3s, (x) => (x * 3600).toFixed(2)).join(', ')}`);
  });

  it('pump against a resistance settles exactly at the curve intersection; a flow-control valve holds its set flow only while pressure allows', () => {
    // closed circuit: tank node T (reference), pump T→A, resistance A→T.  shutoff 200 kPa, r = 1e10, k = 3e10
    // intersection: 200e3 − 1e10 Q² = 3e10 Q²  →  Q = sqrt(200e3/4e10) = 2.2360680e-3 m³/s
    const links: NetLink[] = [
      { kind: 'pump', id: 'pump', from: 'T', to: 'A', shutoffPa: 200e3, curveR: 1e10 },
      { kind: 'resistance', id: 'load', from: 'A', to: 'T', kQuad: 3e10 },
    ];
    const r = solveNetwork({ nodes: [{ id: 'T', fixedPa: 0 }, { id: 'A' }], links, fluid });
    expect(rel(r.flowM3s[0], Math.sqrt(200e3 / 4e10))).toBeLessThan(1e-10);
    expect(rel(r.pressurePa[1], 3e10 * (200e3 / 4e10))).toBeLessThan(1e-10);

    // FCV in parallel branches: branch 1 FCV set 1e-3 with kOpen 1e10 (needs 10 kPa), branch 2 plain resistance
    const mk = (set: number): NetLink[] => [
      { kind: 'pump', id: 'pump', from: 'T', to: 'A', shutoffPa: 100e3, curveR: 5e9 },
      { kind: 'fcv', id: 'fcv', from: 'A', to: 'T', setFlowM3s: set, kOpen: 1e10 },
      { kind: 'resistance', id: 'r2', from: 'A', to: 'T', kQuad: 4e10 },
    ];
    const ok = solveNetwork({ nodes: [{ id: 'T', fixedPa: 0 }, { id: 'A' }], links: mk(1e-3), fluid });
    expect(ok.converged).toBe(true);
    expect(ok.status[1]).toBe('active');
    expect(rel(ok.flowM3s[1], 1e-3)).toBeLessThan(1e-6);
    // pump balance with q_fcv fixed: 100e3 − 5e9 (1e-3 + q2)² = 4e10 q2²
    const q2 = ok.flowM3s[2];
    expect(rel(100e3 - 5e9 * (1e-3 + q2) ** 2, 4e10 * q2 * q2)).toBeLessThan(1e-6);
    expect(rel(ok.throttlePa[1], ok.pressurePa[1] - 1e10 * 1e-6)).toBeLessThan(1e-9);
    // set flow the circuit cannot deliver: valve wide open, flow below setting, no throttling
    const starved = solveNetwork({ nodes: [{ id: 'T', fixedPa: 0 }, { id: 'A' }], links: mk(5e-3), fluid });
    expect(starved.converged).toBe(true);
    expect(starved.status[1]).toBe('open');
    expect(starved.flowM3s[1]).toBeLessThan(5e-3);
    expect(rel(starved.pressurePa[1], 1e10 * starved.flowM3s[1] ** 2)).toBeLessThan(1e-9);
  });

  it('a variable-speed pump holds a flow or a pressure rise, on the affinity-law curve, and falls back to full speed', () => {
    // pump T→A (shutoff 200 kPa, r = 1e10 Pa/(m³/s)²) against k = 3e10 back to T
    const run = (control: NonNullable<Extract<NetLink, { kind: 'pump' }>['control']>) =>
      solveNetwork({
        nodes: [{ id: 'T', fixedPa: 0 }, { id: 'A' }],
        links: [
          { kind: 'pump', id: 'pump', from: 'T', to: 'A', shutoffPa: 200e3, curveR: 1e10, control },
          { kind: 'resistance', id: 'load', from: 'A', to: 'T', kQuad: 3e10 },
        ],
        fluid,
      });
    // hold 1.5e-3 m³/s: rise = 3e10·(1.5e-3)² = 67.5 kPa; s = √((67.5 + 22.5)/200) = 0.670820
    const f = run({ mode: 'flow', setFlowM3s: 1.5e-3 });
    expect(f.status[0]).toBe('active');
    expect(rel(f.flowM3s[0], 1.5e-3)).toBeLessThan(1e-9);
    expect(rel(f.pressurePa[1], 67.5e3)).toBeLessThan(1e-9);
    expect(rel(f.pumpSpeed[0], Math.sqrt(0.45))).toBeLessThan(1e-9);
    // 3e-3 would need 270 kPa; full speed gives 110 kPa there → full-speed intersection √(200e3/4e10)
    const f2 = run({ mode: 'flow', setFlowM3s: 3e-3 });
    expect(f2.status[0]).toBe('open');
    expect(f2.pumpSpeed[0]).toBe(1);
    expect(rel(f2.flowM3s[0], Math.sqrt(200e3 / 4e10))).toBeLessThan(1e-9);
    // hold 100 kPa: Q = √(100e3/3e10) = 1.825742e-3, s = √((100 + 33.333)/200) = 0.816497
    const d = run({ mode: 'dp', setPa: 100e3 });
    expect(d.status[0]).toBe('active');
    expect(rel(d.pressurePa[1], 100e3)).toBeLessThan(1e-6);
    expect(rel(d.flowM3s[0], Math.sqrt(100e3 / 3e10))).toBeLessThan(1e-6);
    expect(rel(d.pumpSpeed[0], Math.sqrt(133.3333e3 / 200e3))).toBeLessThan(1e-6);
    const d2 = run({ mode: 'dp', setPa: 250e3 });
    expect(d2.status[0]).toBe('open');
    expect(rel(d2.flowM3s[0], Math.sqrt(200e3 / 4e10))).toBeLessThan(1e-9);
  });

  it('a closed link isolates what hangs on it, and a pump that would run backwards is held by its check valve', () => {
    const r = solveNetwork({
      nodes: [{ id: 'T', fixedPa: 0 }, { id: 'A' }, { id: 'B' }],
      links: [
        { kind: 'pump', id: 'big', from: 'T', to: 'A', shutoffPa: 300e3, curveR: 1e10 },
        { kind: 'pump', id: 'weak', from: 'T', to: 'A', shutoffPa: 50e3, curveR: 1e10 },
        { kind: 'resistance', id: 'load', from: 'A', to: 'T', kQuad: 2e10 },
        { kind: 'resistance', id: 'dead', from: 'A', to: 'B', kQuad: 1e10, closed: true },
      ],
      fluid,
    });
    expect(r.converged).toBe(true);
    expect(r.isolatedNodes).toEqual(['B']);
    expect(r.status[1]).toBe('closed');
    expect(Math.abs(r.flowM3s[1]) / r.flowM3s[0]).toBeLessThan(1e-8); // the small "closed" conductance leaks ~1e-9
    expect(rel(r.flowM3s[0], Math.sqrt(300e3 / 3e10))).toBeLessThan(1e-6);
  });
});
