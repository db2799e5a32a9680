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
  for (; i + 4 <= m; i += 4) {
    const a0 = aOff + i * k;
    const a1 = a0 + k;
    const a2 = a1 + k;
    const a3 = a2 + k;
    const c0 = outOff + i * n;
    const c1 = c0 + n;
    const c2 = c1 + n;
    const c3 = c2 + n;
    for (let p = 0; p < k; p++) {
      const v0 = a[a0 + p];
      const v1 = a[a1 + p];
      const v2 = a[a2 + p];
      const v3 = a[a3 + p];
      if (v0 === 0 && v1 === 0 && v2 === 0 && v3 === 0) continue;
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
