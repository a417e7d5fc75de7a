/**
 * Sparse symmetric positive-definite solver: minimum-degree ordering, symbolic factorisation once per
 * sparsity pattern, numeric LDLᵀ (left-looking, column-oriented) many times.
 *
 * Why a direct solver: the global-gradient matrix of a pipe network is the weighted graph Laplacian of the
 * free nodes (plus the conductances to fixed-pressure nodes on the diagonal), which is SPD when every
 * connected part touches a fixed node. Coolant networks are trees, ladders and a few rings; with a
 * minimum-degree ordering their Cholesky factor has almost no fill (a ladder of n rungs: O(n) fill), so a
 * factorisation costs O(n) and is exact — no iteration count or preconditioner to tune, unlike PCG.
 *
 * Ordering: the classic minimum-degree heuristic (Tinney scheme 2 / George & Liu) on an explicit
 * elimination graph: repeatedly eliminate a node of least current degree and join its neighbours into a
 * clique. The columns' row patterns fall out of the elimination directly.
 */

export interface SymbolicLdl {
  /** number of unknowns */
  n: number;
  /** perm[original] = position in the elimination order */
  perm: Int32Array;
  /** CSC pattern of the strictly-lower factor L in permuted indices, rows sorted ascending */
  colPtr: Int32Array;
  rowIdx: Int32Array;
  /** for row j: the columns k < j with L[j,k] ≠ 0 and the position of that entry in rowIdx/Lx */
  rowPtr: Int32Array;
  rowCol: Int32Array;
  rowPos: Int32Array;
}

/** A tiny binary min-heap of (key, value) pairs with lazy deletion by the caller. */
class MinHeap {
  private k: number[] = [];
  private v: number[] = [];
  get size() {
    return this.k.length;
  }
  push(key: number, val: number) {
    const k = this.k;
    const v = this.v;
    let i = k.length;
    k.push(key);
    v.push(val);
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (k[p] < key || (k[p] === key && v[p] <= val)) break;
      k[i] = k[p];
      v[i] = v[p];
      i = p;
    }
    k[i] = key;
    v[i] = val;
  }
  pop(): [number, number] {
    const k = this.k;
    const v = this.v;
    const topK = k[0];
    const topV = v[0];
    const lk = k.pop()!;
    const lv = v.pop()!;
    const n = k.length;
    if (n > 0) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= n) break;
        const r = l + 1;
        let c = l;
        if (r < n && (k[r] < k[l] || (k[r] === k[l] && v[r] < v[l]))) c = r;
        if (k[c] > lk || (k[c] === lk && v[c] >= lv)) break;
        k[i] = k[c];
        v[i] = v[c];
        i = c;
      }
      k[i] = lk;
      v[i] = lv;
    }
    return [topK, topV];
  }
}

/**
 * Minimum-degree ordering and symbolic factorisation of an n×n symmetric pattern given by its
 * off-diagonal edges (pairs of original indices; duplicates and self-loops are ignored).
 */
export function symbolicLdl(n: number, edgesA: ArrayLike<number>, edgesB: ArrayLike<number>): SymbolicLdl {
  // adjacency as small arrays: coolant networks have degrees of 2–4 and little fill, where a linear
  // scan beats hashing (and makes no garbage)
  const adj: number[][] = new Array(n);
  for (let i = 0; i < n; i++) adj[i] = [];
  const link = (a: number, b: number) => {
    const la = adj[a];
    for (let t = 0; t < la.length; t++) if (la[t] === b) return;
    la.push(b);
    adj[b].push(a);
  };
  for (let e = 0; e < edgesA.length; e++) {
    const a = edgesA[e];
    const b = edgesB[e];
    if (a !== b) link(a, b);
  }
  const heap = new MinHeap();
  for (let i = 0; i < n; i++) heap.push(adj[i].length, i);
  const eliminated = new Uint8Array(n);
  const perm = new Int32Array(n);
  const colNbrs: number[][] = new Array(n);
  let k = 0;
  while (k < n) {
    const [deg, v] = heap.pop();
    if (eliminated[v] || adj[v].length !== deg) continue;
    eliminated[v] = 1;
    perm[v] = k;
    const nb = adj[v];
    colNbrs[k] = nb;
    for (let x = 0; x < nb.length; x++) {
      const la = adj[nb[x]];
      const at = la.indexOf(v);
      la[at] = la[la.length - 1];
      la.pop();
    }
    for (let x = 0; x < nb.length; x++) for (let y = x + 1; y < nb.length; y++) link(nb[x], nb[y]);
    for (let x = 0; x < nb.length; x++) heap.push(adj[nb[x]].length, nb[x]);
    adj[v] = [];
    k++;
  }
  // column patterns in permuted indices
  const colPtr = new Int32Array(n + 1);
  for (let j = 0; j < n; j++) colPtr[j + 1] = colPtr[j] + colNbrs[j].length;
  const nnz = colPtr[n];
  const rowIdx = new Int32Array(nnz);
  for (let j = 0; j < n; j++) {
    const nb = colNbrs[j];
    const c0 = colPtr[j];
    for (let t = 0; t < nb.length; t++) {
      // insertion sort: columns are short
      const r = perm[nb[t]];
      let u = c0 + t;
      while (u > c0 && rowIdx[u - 1] > r) {
        rowIdx[u] = rowIdx[u - 1];
        u--;
      }
      rowIdx[u] = r;
    }
  }
  // row lists (transpose)
  const rowCount = new Int32Array(n + 1);
  for (let q = 0; q < nnz; q++) rowCount[rowIdx[q] + 1]++;
  const rowPtr = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) rowPtr[i + 1] = rowPtr[i] + rowCount[i + 1];
  const fillPos = rowPtr.slice(0, n);
  const rowCol = new Int32Array(nnz);
  const rowPos = new Int32Array(nnz);
  for (let j = 0; j < n; j++) {
    for (let q = colPtr[j]; q < colPtr[j + 1]; q++) {
      const r = rowIdx[q];
      const at = fillPos[r]++;
      rowCol[at] = j;
      rowPos[at] = q;
    }
  }
  return { n, perm, colPtr, rowIdx, rowPtr, rowCol, rowPos };
}

/** Position in the L value array of entry (i, j) of the permuted matrix, i ≠ j; −1 when absent. */
export function entryPosition(s: SymbolicLdl, i: number, j: number): number {
  const r = Math.max(i, j);
  const c = Math.min(i, j);
  let lo = s.colPtr[c];
  let hi = s.colPtr[c + 1] - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const v = s.rowIdx[mid];
    if (v === r) return mid;
    if (v < r) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/** Numeric LDLᵀ factor; `lx` has the symbolic pattern, `d` the pivots. */
export interface NumericLdl {
  lx: Float64Array;
  d: Float64Array;
}

/**
 * Factor the permuted matrix whose strictly-lower entries are `ax` (laid out like the symbolic pattern;
 * fill positions hold 0) and whose diagonal is `diag`. Throws if a pivot is not positive (matrix not SPD).
 */
export function factorLdl(s: SymbolicLdl, ax: Float64Array, diag: Float64Array, out?: NumericLdl, work?: Float64Array): NumericLdl {
  const { n, colPtr, rowIdx, rowPtr, rowCol, rowPos } = s;
  const lx = out?.lx ?? new Float64Array(ax.length);
  const d = out?.d ?? new Float64Array(n);
  const w = work ?? new Float64Array(n);
  for (let j = 0; j < n; j++) {
    const c0 = colPtr[j];
    const c1 = colPtr[j + 1];
    for (let q = c0; q < c1; q++) w[rowIdx[q]] = ax[q];
    let dj = diag[j];
    for (let t = rowPtr[j]; t < rowPtr[j + 1]; t++) {
      const k = rowCol[t];
      const pos = rowPos[t];
      const ljk = lx[pos];
      const s2 = ljk * d[k];
      dj -= ljk * s2;
      const end = colPtr[k + 1];
      for (let q = pos + 1; q < end; q++) w[rowIdx[q]] -= lx[q] * s2;
    }
    if (!(dj > 0)) throw new Error(`matrix is not positive definite (pivot ${j} = ${dj})`);
    d[j] = dj;
    const inv = 1 / dj;
    for (let q = c0; q < c1; q++) {
      const r = rowIdx[q];
      lx[q] = w[r] * inv;
      w[r] = 0;
    }
  }
  return { lx, d };
}

/** Solve (L D Lᵀ) x = b in permuted indices, in place on `b`. */
export function solveLdl(s: SymbolicLdl, f: NumericLdl, b: Float64Array): Float64Array {
  const { n, colPtr, rowIdx } = s;
  const { lx, d } = f;
  for (let j = 0; j < n; j++) {
    const bj = b[j];
    if (bj !== 0) for (let q = colPtr[j]; q < colPtr[j + 1]; q++) b[rowIdx[q]] -= lx[q] * bj;
  }
  for (let j = 0; j < n; j++) b[j] /= d[j];
  for (let j = n - 1; j >= 0; j--) {
    let acc = b[j];
    for (let q = colPtr[j]; q < colPtr[j + 1]; q++) acc -= lx[q] * b[rowIdx[q]];
    b[j] = acc;
  }
  return b;
}
