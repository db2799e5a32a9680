/**
 * Dense float32 tensors (batch first, C order) and the matrix products the check's layers are made
 * of. Loops run over Float32Array rows in i-k-j order (four rows of the left operand at a time, so
 * each row of the right operand is read once per four), with no allocation inside.
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

/**
 * `out[m×n] (+)= a[m×k] · b[k×n]` (row-major; `aOff`, `bOff`, `outOff` are offsets into the arrays).
 * Zero entries of `a` are skipped (ReLU outputs).
 */
export function matmul(
  a: Float32Array,
  b: Float32Array,
  out: Float32Array,
  m: number,
  k: number,
  n: number,
  accumulate = false,
  aOff = 0,
  bOff = 0,
  outOff = 0,
): void {
  if (!accumulate) out.fill(0, outOff, outOff + m * n);
  let i = 0;
  // 4 rows of `a` by 4 rows of `b` at a time: 16 multiply-adds per 4 loads of `b` and 4 updates of `out`.
  for (; i + 4 <= m; i += 4) {
    const a0 = aOff + i * k;
    const a1 = a0 + k;
    const a2 = a1 + k;
    const a3 = a2 + k;
    const c0 = outOff + i * n;
    const c1 = c0 + n;
    const c2 = c1 + n;
    const c3 = c2 + n;
    let p = 0;
    for (; p + 4 <= k; p += 4) {
      const x00 = a[a0 + p],
        x01 = a[a0 + p + 1],
        x02 = a[a0 + p + 2],
        x03 = a[a0 + p + 3];
      const x10 = a[a1 + p],
        x11 = a[a1 + p + 1],
        x12 = a[a1 + p + 2],
        x13 = a[a1 + p + 3];
      const x20 = a[a2 + p],
        x21 = a[a2 + p + 1],
        x22 = a[a2 + p + 2],
        x23 = a[a2 + p + 3];
      const x30 = a[a3 + p],
        x31 = a[a3 + p + 1],
        x32 = a[a3 + p + 2],
        x33 = a[a3 + p + 3];
      const b0 = bOff + p * n;
      const b1 = b0 + n;
      const b2 = b1 + n;
      const b3 = b2 + n;
      for (let j = 0; j < n; j++) {
        const y0 = b[b0 + j];
        const y1 = b[b1 + j];
        const y2 = b[b2 + j];
        const y3 = b[b3 + j];
        out[c0 + j] += x00 * y0 + x01 * y1 + x02 * y2 + x03 * y3;
        out[c1 + j] += x10 * y0 + x11 * y1 + x12 * y2 + x13 * y3;
        out[c2 + j] += x20 * y0 + x21 * y1 + x22 * y2 + x23 * y3;
        out[c3 + j] += x30 * y0 + x31 * y1 + x32 * y2 + x33 * y3;
      }
    }
    for (; p < k; p++) {
      const v0 = a[a0 + p];
      const v1 = a[a1 + p];
      const v2 = a[a2 + p];
      const v3 = a[a3 + p];
      const bp = bOff + p * n;
      for (let j = 0; j < n; j++) {
        const bv = b[bp + j];
        out[c0 + j] += v0 * bv;
        out[c1 + j] += v1 * bv;
        out[c2 + j] += v2 * bv;
        out[c3 + j] += v3 * bv;
      }
    }
  }
  for (; i < m; i++) {
    const a0 = aOff + i * k;
    const c0 = outOff + i * n;
    for (let p = 0; p < k; p++) {
      const v0 = a[a0 + p];
      if (v0 === 0) continue;
      const bp = bOff + p * n;
      for (let j = 0; j < n; j++) out[c0 + j] += v0 * b[bp + j];
    }
  }
}

/** `b` (k×n, row-major) transposed: n×k. */
export function transposeMatrix(b: Float32Array, k: number, n: number, bOff = 0): Float32Array {
  const t = new Float32Array(k * n);
  for (let p = 0; p < k; p++) for (let j = 0; j < n; j++) t[j * k + p] = b[bOff + p * n + j];
  return t;
}

/** `out[m×k] (+)= a[m×n] · bᵀ` where `b` is `k×n` row-major (the backward pass of `a · b`). */
export function matmulBT(
  a: Float32Array,
  b: Float32Array,
  out: Float32Array,
  m: number,
  n: number,
  k: number,
  accumulate = false,
  aOff = 0,
  bOff = 0,
  outOff = 0,
): void {
  let i = 0;
  for (; i + 4 <= m; i += 4) {
    const a0 = aOff + i * n;
    const a1 = a0 + n;
    const a2 = a1 + n;
    const a3 = a2 + n;
    for (let q = 0; q < k; q++) {
      const bq = bOff + q * n;
      let s0 = 0;
      let s1 = 0;
      let s2 = 0;
      let s3 = 0;
      for (let j = 0; j < n; j++) {
        const bv = b[bq + j];
        s0 += a[a0 + j] * bv;
        s1 += a[a1 + j] * bv;
        s2 += a[a2 + j] * bv;
        s3 += a[a3 + j] * bv;
      }
      const c = outOff + i * k + q;
      if (accumulate) {
        out[c] += s0;
        out[c + k] += s1;
        out[c + 2 * k] += s2;
        out[c + 3 * k] += s3;
      } else {
        out[c] = s0;
        out[c + k] = s1;
        out[c + 2 * k] = s2;
        out[c + 3 * k] = s3;
      }
    }
  }
  for (; i < m; i++) {
    const a0 = aOff + i * n;
    for (let q = 0; q < k; q++) {
      const bq = bOff + q * n;
      let s = 0;
      for (let j = 0; j < n; j++) s += a[a0 + j] * b[bq + j];
      const c = outOff + i * k + q;
      out[c] = accumulate ? out[c] + s : s;
    }
  }
}

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
