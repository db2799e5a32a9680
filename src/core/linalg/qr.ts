/**
 * Reduced QR of a tall matrix by Householder reflections in float64, with LAPACK's conventions
 * (dgeqr2 + dlarfg for the factorization, dorg2r to form Q): what `np.linalg.qr(a, 'reduced')`
 * computes. Matrices are column-major in one contiguous Float64Array (column j occupies
 * `[j*m, (j+1)*m)`), so every inner loop runs over contiguous memory; the unblocked kernels below
 * are the reference a blocked variant must reproduce.
 */
import { qrReducedFast } from './qrFast';
import type { ReducedQr } from './qrLayout';

export type { ReducedQr };

/**
 * dlarfg on column `j`: turns `a[j*m + j .. j*m + m)` into `beta·e1` by `H = I - tau·v·vᵀ` with
 * `v = [1, v1...]`, storing v1 below the diagonal and beta on it. Returns tau.
 * LAPACK: if the part below the diagonal is zero, tau = 0 and the column is left as is (H = I).
 */
function householderColumn(a: Float64Array, m: number, j: number): number {
  const col = j * m;
  const alpha = a[col + j];
  // ‖x(2:)‖₂. Inputs here are float32-rounded normal draws, far from overflow, so a plain sum
  // of squares is as accurate as LAPACK's scaled dnrm2.
  let sumSq = 0;
  for (let i = j + 1; i < m; i++) sumSq += a[col + i] * a[col + i];
  if (sumSq === 0) return 0;
  const xnorm = Math.sqrt(sumSq);
  // beta = -sign(alpha) · dlapy2(alpha, xnorm)
  const norm = Math.hypot(alpha, xnorm);
  const beta = alpha >= 0 ? -norm : norm;
  const tau = (beta - alpha) / beta;
  // dscal(n-1, 1/(alpha - beta), x): LAPACK multiplies by the reciprocal.
  const scale = 1 / (alpha - beta);
  for (let i = j + 1; i < m; i++) a[col + i] *= scale;
  a[col + j] = beta;
  return tau;
}

/**
 * dlarf from the left: applies `H = I - tau·v·vᵀ` (v stored in column `j` below the diagonal,
 * v[j] = 1 implied) to columns `from .. n-1`, rows `j .. m-1`.
 */
function applyReflector(a: Float64Array, m: number, n: number, j: number, tau: number, from: number): void {
  if (tau === 0) return;
  const vCol = j * m;
  for (let k = from; k < n; k++) {
    const col = k * m;
    // w = vᵀ·a_k, then a_k -= tau·w·v
    let w = a[col + j];
    for (let i = j + 1; i < m; i++) w += a[vCol + i] * a[col + i];
    const tw = tau * w;
    a[col + j] -= tw;
    for (let i = j + 1; i < m; i++) a[col + i] -= tw * a[vCol + i];
  }
}

/**
 * dgeqr2: factorizes the m×n column-major `a` (m ≥ n) in place. On return the upper triangle
 * holds R and the strict lower triangle the Householder vectors; `tau` (length n) their scales.
 */
export function householderQr(a: Float64Array, m: number, n: number, tau: Float64Array): void {
  for (let j = 0; j < n; j++) {
    tau[j] = householderColumn(a, m, j);
    applyReflector(a, m, n, j, tau[j], j + 1);
  }
}

/**
 * dorg2r: overwrites the factorization in `a` with the first n columns of Q = H(0)·…·H(n-1),
 * accumulated backwards so each reflector touches only the trailing block.
 */
export function formQ(a: Float64Array, m: number, n: number, tau: Float64Array): void {
  for (let j = n - 1; j >= 0; j--) {
    const col = j * m;
    if (j < n - 1) {
      a[col + j] = 1;
      applyReflector(a, m, n, j, tau[j], j + 1);
    }
    const t = tau[j];
    for (let i = j + 1; i < m; i++) a[col + i] *= -t;
    a[col + j] = 1 - t;
    for (let i = 0; i < j; i++) a[col + i] = 0;
  }
}

/**
 * `np.linalg.qr(a, mode='reduced')` for a tall m×n matrix (m ≥ n) given column-major. The input
 * array is consumed (it becomes Q).
 */
export function qrReduced(a: Float64Array, m: number, n: number): ReducedQr {
  checkTall(a, m, n);
  // The same operations in a cache-friendly order, in WebAssembly where available (same bits).
  return n === 0 ? qrReducedReference(a, m, n) : qrReducedFast(a, m, n);
}

function checkTall(a: Float64Array, m: number, n: number): void {
  if (m < n) throw new RangeError(`qrReduced expects a tall matrix (m >= n), got ${m}×${n}`);
  if (a.length !== m * n) throw new RangeError(`qrReduced: buffer holds ${a.length} values, expected ${m}×${n}`);
}

/** `qrReduced` by the unblocked kernels above, one reflector at a time: the reference of the fast path. */
export function qrReducedReference(a: Float64Array, m: number, n: number): ReducedQr {
  checkTall(a, m, n);
  const tau = new Float64Array(n);
  householderQr(a, m, n, tau);
  const rDiag = new Float64Array(n);
  for (let j = 0; j < n; j++) rDiag[j] = a[j * m + j];
  formQ(a, m, n, tau);
  return { q: a, rDiag };
}
