/**
 * Memory layout of the fast QR's WebAssembly module, shared by the code that builds the module
 * (qrKernels.ts) and the code that drives it (qrFast.ts): the matrix is stored in blocks of 8
 * columns, element (i, k) at byte `(k >> 3)·m·64 + i·64 + (k & 7)·8`.
 */

/** Bytes of one row of a block of 8 columns. */
export const QR_ROW_BYTES = 64;
/** Columns per block. */
export const QR_BLOCK_COLUMNS = 8;

/** Result of `qrReduced`: Q (m×n, column-major) and the diagonal of R. */
export interface ReducedQr {
  readonly q: Float64Array;
  readonly rDiag: Float64Array;
}
