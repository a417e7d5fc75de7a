/**
 * Pressure Poisson solver: conjugate gradient preconditioned by one geometric multigrid V-cycle
 * (cell-centred, aggregation coarsening 2×2×2, symmetric lexicographic Gauss–Seidel smoothing).
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

type Vec = Float64Array;

interface Operator {
  nx: number;
  ny: number;
  nz: number;
  cx: Vec;
  cy: Vec;
  cz: Vec;
  diag: Vec;
}

interface Level {
  nx: number;
  ny: number;
  nz: number;
  n: number;
  /** coupling to +x, +y, +z neighbour */
  cx: Vec;
  cy: Vec;
  cz: Vec;
  diag: Vec;
  invDiag: Vec;
  x: Vec;
  b: Vec;
  r: Vec;
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
  /** the fine level's operator (CG's matrix–vector product) */
  private fine: Operator;
  /** Gauss–Seidel sweeps before and after the coarse correction (default 2) */
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
    this.fine = L0;
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

  /** y = A x on level L (gather form: one pass, y written once per cell) */
  private apply(L: Operator, x: Vec, y: Vec): void {
    const { nx, ny, nz, cx, cy, cz, diag } = L;
    const sxy = nx * ny;
    const last = nx - 1;
    for (let k = 0; k < nz; k++)
      for (let j = 0; j < ny; j++) {
        const row = nx * (j + ny * k);
        const hasS = j > 0;
        const hasN = j + 1 < ny;
        const hasB = k > 0;
        const hasT = k + 1 < nz;
        for (let i = 0; i < nx; i++) {
          const c = row + i;
          const d = diag[c];
          if (d === 0) {
            y[c] = 0;
            continue;
          }
          let s = d * x[c];
          if (i < last) s -= cx[c] * x[c + 1];
          if (i > 0) s -= cx[c - 1] * x[c - 1];
          if (hasN) s -= cy[c] * x[c + nx];
          if (hasS) s -= cy[c - nx] * x[c - nx];
          if (hasT) s -= cz[c] * x[c + sxy];
          if (hasB) s -= cz[c - sxy] * x[c - sxy];
          y[c] = s;
        }
      }
  }

  /**
   * Lexicographic Gauss–Seidel, one sweep: order 0 = forward (pre-smoothing), 1 = backward
   * (post-smoothing, the adjoint, so the V-cycle stays a symmetric preconditioner for CG). Measured on
   * the 0.5 m hall: the same 5 PCG iterations as red-black Gauss–Seidel, which it replaced, and one
   * pass over memory per sweep instead of two strided ones.
   */
  private smooth(L: Level, x: Vec, b: Vec, order: 0 | 1): void {
    const { nx, ny, nz, cx, cy, cz, invDiag } = L;
    const sxy = nx * ny;
    const last = nx - 1;
    const rows = ny * nz;
    for (let q = 0; q < rows; q++) {
      const r = order === 0 ? q : rows - 1 - q; // row r = j + ny·k
      const j = r % ny;
      const k = (r - j) / ny;
      const row = nx * r;
      const hasS = j > 0;
      const hasN = j + 1 < ny;
      const hasB = k > 0;
      const hasT = k + 1 < nz;
      for (let t = 0; t < nx; t++) {
        const i = order === 0 ? t : last - t;
        const c = row + i;
        const id = invDiag[c];
        if (id === 0) continue;
        let s = b[c];
        if (i < last) s += cx[c] * x[c + 1];
        if (i > 0) s += cx[c - 1] * x[c - 1];
        if (hasN) s += cy[c] * x[c + nx];
        if (hasS) s += cy[c - nx] * x[c - nx];
        if (hasT) s += cz[c] * x[c + sxy];
        if (hasB) s += cz[c - sxy] * x[c - sxy];
        x[c] = s * id;
      }
    }
  }

  /** each row (j, k) of level L with the index of its first cell and of its aggregate's row on level C */
  private eachRow(L: Level, C: Level, fn: (row: number, crow: number) => void): void {
    for (let k = 0; k < L.nz; k++) {
      const K = L.nz > 1 ? k >> 1 : 0;
      for (let j = 0; j < L.ny; j++) {
        const J = L.ny > 1 ? j >> 1 : 0;
        fn(L.nx * (j + L.ny * k), C.nx * (J + C.ny * K));
      }
    }
  }

  /** one V-cycle from x = 0 for A x = b on level l (x, b default to the level's own arrays) */
  private vcycle(l: number, x: Vec = this.levels[l].x, b: Vec = this.levels[l].b): void {
    const L = this.levels[l];
    x.fill(0);
    if (l === this.levels.length - 1) {
      for (let s = 0; s < 40; s++) {
        this.smooth(L, x, b, 0);
        this.smooth(L, x, b, 1);
      }
      return;
    }
    for (let q = 0; q < this.nSmooth; q++) this.smooth(L, x, b, 0);
    this.apply(L, x, L.r);
    const C = this.levels[l + 1];
    C.b.fill(0);
    const r = L.r;
    // restrict the residual b − A x (summed over the 2×2×2 aggregate), correct, prolong (piecewise constant)
    const splitX = L.nx > 1; // x is coarsened (one-cell axes are not)
    this.eachRow(L, C, (row, crow) => {
      if (splitX) for (let i = 0; i < L.nx; i++) C.b[crow + (i >> 1)] += b[row + i] - r[row + i];
      else C.b[crow] += b[row] - r[row];
    });
    this.vcycle(l + 1);
    this.eachRow(L, C, (row, crow) => {
      if (splitX) for (let i = 0; i < L.nx; i++) x[row + i] += C.x[crow + (i >> 1)];
      else x[row] += C.x[crow];
    });
    for (let q = 0; q < this.nSmooth; q++) this.smooth(L, x, b, 1);
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
    let rr = 0;
    let xZero = true;
    for (let c = 0; c < n; c++)
      if (x[c] !== 0) {
        xZero = false;
        break;
      }
    if (xZero) {
      r.set(b);
      for (let c = 0; c < n; c++) rr += b[c] * b[c];
    } else {
      this.apply(this.fine, x, r);
      for (let c = 0; c < n; c++) {
        r[c] = b[c] - r[c];
        rr += r[c] * r[c];
      }
    }
    let it = 0;
    let rnorm = Math.sqrt(rr);
    const target = Math.max(rtol * bnorm, atol);
    let rz = 0;
    while (rnorm > target && it < maxIter) {
      this.vcycle(0, z, r);
      this.deflate(z);
      let rzNew = 0;
      for (let c = 0; c < n; c++) rzNew += r[c] * z[c];
      if (it === 0) p.set(z);
      else {
        const beta = rzNew / rz;
        for (let c = 0; c < n; c++) p[c] = z[c] + beta * p[c];
      }
      rz = rzNew;
      this.apply(this.fine, p, q);
      let pq = 0;
      for (let c = 0; c < n; c++) pq += p[c] * q[c];
      if (!(pq > 0)) break;
      const alpha = rz / pq;
      rr = 0;
      for (let c = 0; c < n; c++) {
        x[c] += alpha * p[c];
        const rc = r[c] - alpha * q[c];
        r[c] = rc;
        rr += rc * rc;
      }
      rnorm = Math.sqrt(rr);
      it++;
    }
    this.deflate(x);
    return { iterations: it, relResidual: rnorm / bnorm };
  }
}
