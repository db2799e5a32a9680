/**
 * The fast path of `qrReduced`: the same dgeqr2 + dorg2r operations as qr.ts, in an order that
 * keeps data in cache, with the bulk of the work in WebAssembly f64x2 kernels (qrKernels.ts), or
 * their JavaScript twins (qrSweepsJs.ts) where WebAssembly is refused.
 *
 * Every column receives the same reflectors in the same order, each applied with the same scalar
 * operations as qr.ts (row-ordered dot product, tau·w, then the update), so Q and R are
 * bit-identical to the reference; only which column is worked on when changes:
 * - factorization, left-looking by blocks of 8 columns: a block first receives every earlier
 *   reflector (one kernel sweep for all 8 columns), then its pairs of columns are factored in
 *   turn, each pair first receiving the reflectors of the block's earlier pairs;
 * - forming Q, by blocks from the right: dorg2r hands column k reflectors k-1, k-2, …, 0 after
 *   setting it up, so a block sets up its pairs from the right (each pair receiving the block's
 *   reflectors to its left), then receives every reflector of the blocks to its left, whose
 *   vectors are still intact because those blocks are set up later.
 * The scalar pieces (dlarfg on a column, one reflector on the other column of its pair, dorg2r's
 * set-up of a column) run here in JavaScript on the same memory.
 */
import { QR_BLOCK_COLUMNS, QR_ROW_BYTES, type ReducedQr } from './qrLayout';
import { QR_WASM_BASE64 } from './qrWasm';
import { createMemory, instantiate, lazyModule } from '../wasm/loader';
import { javascriptSweeps, type QrSweeps } from './qrSweepsJs';

const qrModule = lazyModule(QR_WASM_BASE64);

/** Doubles per row of a block. */
const B = QR_BLOCK_COLUMNS;

interface Workspace {
  readonly buffer: ArrayBuffer;
  readonly sweeps: QrSweeps;
}

/** The WebAssembly kernels over a fresh memory of `bytes`, or undefined when unavailable. */
function webAssemblyWorkspace(bytes: number): Workspace | undefined {
  const module = qrModule.get();
  if (module === undefined) return undefined;
  const memory = createMemory(bytes);
  if (memory === undefined) return undefined;
  const instance = instantiate(module, { env: { memory } });
  if (instance === undefined) return undefined;
  return { buffer: memory.buffer, sweeps: instance.exports as unknown as QrSweeps };
}

/**
 * `qrReduced` (m ≥ n, column-major `a`, consumed and returned as Q), blocked: the sweeps run in
 * WebAssembly where the host allows it, else in JavaScript (qrSweepsJs.ts); the bits are the same.
 */
export function qrReducedFast(a: Float64Array, m: number, n: number): ReducedQr {
  const blocks = Math.ceil(n / B);
  const matrixBytes = blocks * m * QR_ROW_BYTES;
  const bytes = matrixBytes + blocks * B * 8;
  let workspace = webAssemblyWorkspace(bytes);
  if (workspace === undefined) {
    const buffer = new ArrayBuffer(bytes);
    workspace = {
      buffer,
      sweeps: javascriptSweeps(new Float64Array(buffer, 0, matrixBytes / 8), new Float64Array(buffer, matrixBytes, blocks * B)),
    };
  }
  const k = workspace.sweeps;
  const M = new Float64Array(workspace.buffer, 0, blocks * m * B);
  const tauBase = matrixBytes;
  const tau = new Float64Array(workspace.buffer, tauBase, n);
  /** Index of column c's row 0 in M; its rows follow with a stride of B. */
  const colStart = (c: number): number => (c >>> 3) * m * B + (c & 7);
  const blockByte = (b: number): number => b * m * QR_ROW_BYTES;

  for (let c = 0; c < n; c++) {
    const src = c * m;
    for (let i = 0, d = colStart(c); i < m; i++, d += B) M[d] = a[src + i];
  }

  // dgeqr2, left-looking by blocks and, within a block, by pairs of columns.
  for (let b = 0; b < blocks; b++) {
    const g0 = b * B;
    if (g0 > 0) k.sweep4Up(blockByte(b), m, 0, tauBase, 0, g0);
    for (let q = 0; q < B / 2; q++) {
      const c = g0 + 2 * q;
      if (c >= n) break;
      if (q > 0) k.sweep1Up(blockByte(b) + 16 * q, m, 0, tauBase, g0, 2 * q);
      tau[c] = householderColumn(M, m, colStart(c), c);
      if (c + 1 < n) {
        applyReflector(M, m, colStart(c), colStart(c + 1), c, tau[c]);
        tau[c + 1] = householderColumn(M, m, colStart(c + 1), c + 1);
      }
    }
  }
  const rDiag = new Float64Array(n);
  for (let j = 0; j < n; j++) rDiag[j] = M[colStart(j) + j * B];

  // dorg2r, by blocks from the right and, within a block, by pairs from the right.
  for (let b = blocks - 1; b >= 0; b--) {
    const g0 = b * B;
    for (let q = B / 2 - 1; q >= 0; q--) {
      const c = g0 + 2 * q;
      if (c >= n) continue;
      if (c + 1 < n) {
        setUpColumn(M, m, colStart(c + 1), c + 1, tau[c + 1]);
        applyReflector(M, m, colStart(c), colStart(c + 1), c, tau[c]);
      }
      setUpColumn(M, m, colStart(c), c, tau[c]);
      if (q > 0) k.sweep1Down(blockByte(b) + 16 * q, m, 0, tauBase, c - 1, 2 * q);
    }
    if (g0 > 0) k.sweep4Down(blockByte(b), m, 0, tauBase, g0 - 1, g0);
  }

  for (let c = 0; c < n; c++) {
    const dst = c * m;
    for (let i = 0, s = colStart(c); i < m; i++, s += B) a[dst + i] = M[s];
  }
  return { q: a, rDiag };
}

/** qr.ts `householderColumn` (dlarfg) on column j, whose row i is M[col + i·B]. */
function householderColumn(M: Float64Array, m: number, col: number, j: number): number {
  const alpha = M[col + j * B];
  let sumSq = 0;
  for (let i = j + 1; i < m; i++) sumSq += M[col + i * B] * M[col + i * B];
  if (sumSq === 0) return 0;
  const xnorm = Math.sqrt(sumSq);
  const norm = Math.hypot(alpha, xnorm);
  const beta = alpha >= 0 ? -norm : norm;
  const t = (beta - alpha) / beta;
  const scale = 1 / (alpha - beta);
  for (let i = j + 1; i < m; i++) M[col + i * B] *= scale;
  M[col + j * B] = beta;
  return t;
}

/** qr.ts `applyReflector` of reflector j (vector in column `vCol`) to the one column `col`. */
function applyReflector(M: Float64Array, m: number, vCol: number, col: number, j: number, t: number): void {
  if (t === 0) return;
  let w = M[col + j * B];
  for (let i = j + 1; i < m; i++) w += M[vCol + i * B] * M[col + i * B];
  const tw = t * w;
  M[col + j * B] -= tw;
  for (let i = j + 1; i < m; i++) M[col + i * B] -= tw * M[vCol + i * B];
}

/** dorg2r's set-up of column j (qr.ts `formQ`): -tau·v below the diagonal, 1 - tau on it, zeros above. */
function setUpColumn(M: Float64Array, m: number, col: number, j: number, t: number): void {
  for (let i = j + 1; i < m; i++) M[col + i * B] *= -t;
  M[col + j * B] = 1 - t;
  for (let i = 0; i < j; i++) M[col + i * B] = 0;
}
