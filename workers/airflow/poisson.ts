/**
 * Pressure Poisson solver: conjugate gradient preconditioned by one geometric multigrid V-cycle
 * (cell-centred, aggregation coarsening 2×2×2, red-black Gauss–Seidel smoothing).
 *
 * Operator (dimensionless, cubic cells): (A x)_P = diag_P·x_P − Σ_nb c_f·x_nb with
 * diag_P = Σ_f c_f + d_P, c_f = 1 on faces between two connected fluid cells and 0 elsewhere, and
 * d_P = 2 per fixed-value (Dirichlet) face at half-cell distance. A is symmetric positive
 * (semi-)definite; with no Dirichlet face in a connected fluid region the problem is singular and
 * the right-hand side is projected onto the range (zero mean per floating region) before solving.
 *
 * Coarse operators: face coefficients are the sum of the fine coefficients across the coarse face
 * times ½ (the factor that makes the aggregated operator match the rediscretised Laplacian on a
 * 2h grid for cubic cells, Braess-type over-correction); Dirichlet diagonals likewise ×½.
 */

interface Level {
  nx: number;
  ny: number;
  nz: number;
  n: number;
  /** coupling to +x, +y, +z neighbour */
  cx: Float64Array;
  cy: Float64Array;
  cz: Float64Array;
  diag: Float64Array;
  invDiag: Float64Array;
  x: Float64Array;
  b: Float64Array;
  r: Float64Array;
}

export interface PoissonStats {
  iterations: number;
  /** final ‖r‖₂ / ‖b‖₂ */
  relResidual: number;
}

function makeLevel(nx: number, ny: number, nz: number): Level {
  const n = nx * ny * nz;
  return {
    nx,
    ny,
    nz,
    n,
    cx: new Float64Array(n),
    cy: new Float64Array(n),
    cz: new Float64Array(n),
    diag: new Float64Array(n),
    invDiag: new Float64Array(n),
    x: new Float64Array(n),
    b: new Float64Array(n),
    r: new Float64Array(n),
  };
}

export class PoissonMG {
  readonly levels: Level[] = [];
  /** floating (singular) regions: component id per fine cell (−1 solid) and which comps float */
  private comp: Int32Array;
  private floating: boolean[] = [];
  private compCount: Float64Array = new Float64Array(0);
  private pcgR: Float64Array;
  private pcgZ: Float64Array;
  private pcgP: Float64Array;
  private pcgQ: Float64Array;
  readonly singular: boolean;
  /** red-black Gauss–Seidel sweeps before and after the coarse correction (default 2) */
  nSmooth = 2;

  /**
   * @param nx,ny,nz fine grid
   * @param cx,cy,cz coupling of cell c with its +x/+y/+z neighbour (0 = no coupling), length nx·ny·nz
   * @param dirichletDiag extra diagonal from Dirichlet faces (length n)
   * @param active 1 for unknown cells (fluid), 0 for cells to ignore
   */
  constructor(
    nx: number,
    ny: number,
    nz: number,
    cx: Float64Array,
    cy: Float64Array,
    cz: Float64Array,
    dirichletDiag: Float64Array,
    active: Uint8Array,
  ) {
    const L0 = makeLevel(nx, ny, nz);
    L0.cx.set(cx);
    L0.cy.set(cy);
    L0.cz.set(cz);
    this.finishLevel(L0, dirichletDiag, active);
    this.levels.push(L0);
    let act = active;
    let dir = dirichletDiag;
    // coarsen
    for (;;) {
      const f = this.levels[this.levels.length - 1];
      if (f.n <= 64) break;
      const cnx = f.nx > 1 ? Math.ceil(f.nx / 2) : 1;
      const cny = f.ny > 1 ? Math.ceil(f.ny / 2) : 1;
      const cnz = f.nz > 1 ? Math.ceil(f.nz / 2) : 1;
      if (cnx * cny * cnz === f.n) break;
      const C = makeLevel(cnx, cny, cnz);
      const cact = new Uint8Array(C.n);
      const cdir = new Float64Array(C.n);
      for (let k = 0; k < f.nz; k++) {
        const K = f.nz > 1 ? k >> 1 : 0;
        for (let j = 0; j < f.ny; j++) {
          const J = f.ny > 1 ? j >> 1 : 0;
          for (let i = 0; i < f.nx; i++) {
            const I = f.nx > 1 ? i >> 1 : 0;
            const c = i + f.nx * (j + f.ny * k);
            const C0 = I + cnx * (J + cny * K);
            if (act[c]) cact[C0] = 1;
            cdir[C0] += 0.5 * dir[c];
            if (i + 1 < f.nx && (i + 1) >> 1 !== I) C.cx[C0] += 0.5 * f.cx[c];
            if (j + 1 < f.ny && (j + 1) >> 1 !== J) C.cy[C0] += 0.5 * f.cy[c];
            if (k + 1 < f.nz && (k + 1) >> 1 !== K) C.cz[C0] += 0.5 * f.cz[c];
          }
        }
      }
      this.finishLevel(C, cdir, cact);
      this.levels.push(C);
      act = cact;
      dir = cdir;
    }
    // connected components on the fine level for the singular case
    const n = L0.n;
    this.comp = new Int32Array(n).fill(-1);
    const stack: number[] = [];
    let nc = 0;
    const counts: number[] = [];
    for (let s = 0; s < n; s++) {
      if (!active[s] || this.comp[s] >= 0) continue;
      let hasDirichlet = false;
      let count = 0;
      this.comp[s] = nc;
      stack.push(s);
      while (stack.length) {
        const c = stack.pop()!;
        count++;
        if (dirichletDiag[c] > 0) hasDirichlet = true;
        const i = c % nx;
        const j = ((c - i) / nx) % ny;
        const k = Math.floor(c / (nx * ny));
        const visit = (m: number) => {
          if (active[m] && this.comp[m] < 0) {
            this.comp[m] = nc;
            stack.push(m);
          }
        };
        if (i + 1 < nx && cx[c] > 0) visit(c + 1);
        if (i > 0 && cx[c - 1] > 0) visit(c - 1);
        if (j + 1 < ny && cy[c] > 0) visit(c + nx);
        if (j > 0 && cy[c - nx] > 0) visit(c - nx);
        if (k + 1 < nz && cz[c] > 0) visit(c + nx * ny);
        if (k > 0 && cz[c - nx * ny] > 0) visit(c - nx * ny);
      }
      this.floating.push(!hasDirichlet);
      counts.push(count);
      nc++;
    }
    this.compCount = Float64Array.from(counts);
    this.singular = this.floating.some((f) => f);
    this.pcgR = new Float64Array(n);
    this.pcgZ = new Float64Array(n);
    this.pcgP = new Float64Array(n);
    this.pcgQ = new Float64Array(n);
  }

  private finishLevel(L: Level, dir: Float64Array, active: Uint8Array): void {
    const { nx, ny, nz } = L;
    for (let k = 0; k < nz; k++)
      for (let j = 0; j < ny; j++)
        for (let i = 0; i < nx; i++) {
          const c = i + nx * (j + ny * k);
          if (!active[c]) {
            L.cx[c] = 0;
            L.cy[c] = 0;
            L.cz[c] = 0;
          }
          if (i + 1 >= nx) L.cx[c] = 0;
          if (j + 1 >= ny) L.cy[c] = 0;
          if (k + 1 >= nz) L.cz[c] = 0;
        }
    for (let k = 0; k < nz; k++)
      for (let j = 0; j < ny; j++)
        for (let i = 0; i < nx; i++) {
          const c = i + nx * (j + ny * k);
          let d = dir[c] + L.cx[c] + L.cy[c] + L.cz[c];
          if (i > 0) d += L.cx[c - 1];
          if (j > 0) d += L.cy[c - nx];
          if (k > 0) d += L.cz[c - nx * ny];
          L.diag[c] = active[c] ? d : 0;
          L.invDiag[c] = active[c] && d > 0 ? 1 / d : 0;
        }
  }

  /** y = A x on level L */
  private apply(L: Level, x: Float64Array, y: Float64Array): void {
    const { nx, ny, n, cx, cy, cz, diag } = L;
    const sxy = nx * ny;
    y.fill(0);
    for (let c = 0; c < n; c++) y[c] = diag[c] * x[c];
    for (let c = 0; c < n; c++) {
      const a = cx[c];
      if (a !== 0) {
        y[c] -= a * x[c + 1];
        y[c + 1] -= a * x[c];
      }
      const b = cy[c];
      if (b !== 0) {
        y[c] -= b * x[c + nx];
        y[c + nx] -= b * x[c];
      }
      const d = cz[c];
      if (d !== 0) {
        y[c] -= d * x[c + sxy];
        y[c + sxy] -= d * x[c];
      }
    }
    void ny;
  }

  /** red-black Gauss–Seidel; order 0 = red then black, 1 = black then red */
  private smooth(L: Level, x: Float64Array, b: Float64Array, order: 0 | 1): void {
    const { nx, ny, nz, cx, cy, cz, invDiag } = L;
    const sxy = nx * ny;
    for (let pass = 0; pass < 2; pass++) {
      const colour = pass ^ order;
      for (let k = 0; k < nz; k++)
        for (let j = 0; j < ny; j++) {
          const row = nx * (j + ny * k);
          const i0 = (j + k + colour) & 1;
          const hasS = j > 0;
          const hasN = j + 1 < ny;
          const hasB = k > 0;
          const hasT = k + 1 < nz;
          for (let i = i0; i < nx; i += 2) {
            const c = row + i;
            const id = invDiag[c];
            if (id === 0) continue;
            let s = b[c];
            if (i + 1 < nx) s += cx[c] * x[c + 1];
            if (i > 0) s += cx[c - 1] * x[c - 1];
            if (hasN) s += cy[c] * x[c + nx];
            if (hasS) s += cy[c - nx] * x[c - nx];
            if (hasT) s += cz[c] * x[c + sxy];
            if (hasB) s += cz[c - sxy] * x[c - sxy];
            x[c] = s * id;
          }
        }
    }
  }

  private vcycle(l: number): void {
    const L = this.levels[l];
    L.x.fill(0);
    if (l === this.levels.length - 1) {
      for (let s = 0; s < 40; s++) {
        this.smooth(L, L.x, L.b, 0);
        this.smooth(L, L.x, L.b, 1);
      }
      return;
    }
    for (let q = 0; q < this.nSmooth; q++) this.smooth(L, L.x, L.b, 0);
    this.apply(L, L.x, L.r);
    for (let c = 0; c < L.n; c++) L.r[c] = L.b[c] - L.r[c];
    const C = this.levels[l + 1];
    C.b.fill(0);
    const cnx = C.nx;
    const cny = C.ny;
    for (let k = 0; k < L.nz; k++) {
      const K = L.nz > 1 ? k >> 1 : 0;
      for (let j = 0; j < L.ny; j++) {
        const J = L.ny > 1 ? j >> 1 : 0;
        const row = L.nx * (j + L.ny * k);
        const crow = cnx * (J + cny * K);
        if (L.nx > 1) for (let i = 0; i < L.nx; i++) C.b[crow + (i >> 1)] += L.r[row + i];
        else C.b[crow] += L.r[row];
      }
    }
    this.vcycle(l + 1);
    for (let k = 0; k < L.nz; k++) {
      const K = L.nz > 1 ? k >> 1 : 0;
      for (let j = 0; j < L.ny; j++) {
        const J = L.ny > 1 ? j >> 1 : 0;
        const row = L.nx * (j + L.ny * k);
        const crow = cnx * (J + cny * K);
        if (L.nx > 1) for (let i = 0; i < L.nx; i++) L.x[row + i] += C.x[crow + (i >> 1)];
        else L.x[row] += C.x[crow];
      }
    }
    for (let q = 0; q < this.nSmooth; q++) this.smooth(L, L.x, L.b, 1);
  }

  /** remove the mean over each floating region (solid cells set to 0) */
  private deflate(v: Float64Array): void {
    if (!this.singular) return;
    const nc = this.floating.length;
    const sum = new Float64Array(nc);
    const comp = this.comp;
    for (let c = 0; c < v.length; c++) {
      const m = comp[c];
      if (m >= 0) sum[m] += v[c];
    }
    for (let m = 0; m < nc; m++) sum[m] = this.floating[m] ? sum[m] / this.compCount[m] : 0;
    for (let c = 0; c < v.length; c++) {
      const m = comp[c];
      if (m >= 0) v[c] -= sum[m];
    }
  }

  /**
   * Solve A x = b in place (x holds the initial guess). b is modified (projected onto the range
   * for floating regions). Stops when ‖r‖ ≤ rtol·‖b‖ or ‖r‖ ≤ atol, or after maxIter.
   */
  solve(x: Float64Array, b: Float64Array, rtol = 1e-6, maxIter = 200, atol = 0): PoissonStats {
    const L0 = this.levels[0];
    const n = L0.n;
    const r = this.pcgR;
    const z = this.pcgZ;
    const p = this.pcgP;
    const q = this.pcgQ;
    for (let c = 0; c < n; c++) if (L0.invDiag[c] === 0) b[c] = 0;
    this.deflate(b);
    let bnorm = 0;
    for (let c = 0; c < n; c++) bnorm += b[c] * b[c];
    bnorm = Math.sqrt(bnorm);
    if (bnorm === 0) {
      x.fill(0);
      return { iterations: 0, relResidual: 0 };
    }
    this.apply(L0, x, r);
    let rr = 0;
    for (let c = 0; c < n; c++) {
      r[c] = b[c] - r[c];
      rr += r[c] * r[c];
    }
    let it = 0;
    let rnorm = Math.sqrt(rr);
    const target = Math.max(rtol * bnorm, atol);
    let rz = 0;
    while (rnorm > target && it < maxIter) {
      L0.b.set(r);
      this.vcycle(0);
      z.set(L0.x);
      this.deflate(z);
      let rzNew = 0;
      for (let c = 0; c < n; c++) rzNew += r[c] * z[c];
      if (it === 0) p.set(z);
      else {
        const beta = rzNew / rz;
        for (let c = 0; c < n; c++) p[c] = z[c] + beta * p[c];
      }
      rz = rzNew;
      this.apply(L0, p, q);
      let pq = 0;
      for (let c = 0; c < n; c++) pq += p[c] * q[c];
      if (!(pq > 0)) break;
      const alpha = rz / pq;
      rr = 0;
      for (let c = 0; c < n; c++) {
        x[c] += alpha * p[c];
        r[c] -= alpha * q[c];
        rr += r[c] * r[c];
      }
      rnorm = Math.sqrt(rr);
      it++;
    }
    this.deflate(x);
    return { iterations: it, relResidual: rnorm / bnorm };
  }
}
