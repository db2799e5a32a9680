/**
 * Dense float32 tensors (batch first, C order) and the matrix products the check's layers are made
 * of (../../linalg/matmul.ts: float32 sums in the order of the inner index, as a float32 BLAS).
 */

/** A concrete tensor: C-order float32 data, batch dimension first. Integer ids are stored exactly (< 2**24). */
export interface Tensor {
  readonly shape: readonly number[];
  readonly data: Float32Array;
}

export function sizeOf(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

export function tensor(shape: readonly number[], data?: Float32Array): Tensor {
  const n = sizeOf(shape);
  if (data !== undefined && data.length !== n) throw new Error(`data of ${data.length} values for shape [${shape.join(', ')}]`);
  return { shape: [...shape], data: data ?? new Float32Array(n) };
}

export { matmul, matmulBT, transposeMatrix } from '../../linalg/matmul';

/** Moves axis `from` of a C-order tensor to position `to` (channels_first <-> channels_last). */
export function moveAxis(t: Tensor, from: number, to: number): Tensor {
  const rank = t.shape.length;
  const perm = [...Array(rank).keys()];
  perm.splice(from, 1);
  perm.splice(to, 0, from);
  return transpose(t, perm);
}

/** `np.transpose(t, perm)`. */
export function transpose(t: Tensor, perm: readonly number[]): Tensor {
  const rank = t.shape.length;
  const shape = perm.map((p) => t.shape[p]);
  const out = new Float32Array(t.data.length);
  const inStrides = new Array<number>(rank);
  let s = 1;
  for (let d = rank - 1; d >= 0; d--) {
    inStrides[d] = s;
    s *= t.shape[d];
  }
  const strides = perm.map((p) => inStrides[p]);
  const idx = new Array<number>(rank).fill(0);
  const n = out.length;
  let src = 0;
  for (let o = 0; o < n; o++) {
    out[o] = t.data[src];
    for (let d = rank - 1; d >= 0; d--) {
      idx[d]++;
      src += strides[d];
      if (idx[d] < shape[d]) break;
      src -= strides[d] * shape[d];
      idx[d] = 0;
    }
  }
  return { shape, data: out };
}
