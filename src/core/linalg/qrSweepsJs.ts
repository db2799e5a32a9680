/**
 * The reflector sweeps of qrKernels.ts in plain JavaScript, for hosts where WebAssembly is refused:
 * the same blocked layout, the same order of operations (each column gets the reference's scalar
 * operations, see qrKernels.ts), so the same bits. Eight columns share each pass over the rows with
 * eight independent accumulators; slower than the f64x2 kernels, much faster than the unblocked
 * reference on large matrices.
 */
import { QR_BLOCK_COLUMNS } from './qrLayout';

/** Same signature as the WebAssembly exports; byte addresses are turned into Float64Array indices. */
export type Sweep = (target: number, m: number, base: number, tau: number, jFirst: number, count: number) => void;

export interface QrSweeps {
  readonly sweep4Up: Sweep;
  readonly sweep4Down: Sweep;
  readonly sweep1Up: Sweep;
  readonly sweep1Down: Sweep;
}

const B = QR_BLOCK_COLUMNS;

/**
 * Sweeps over `M` (the matrix at byte 0) with tau at byte `tauBase`, both views of one buffer.
 * `lanes` columns (8 for the 4-pair sweeps, 2 for the 1-pair ones) start at the target address.
 */
export function javascriptSweeps(M: Float64Array, tau: Float64Array): QrSweeps {
  const make =
    (lanes: number, up: boolean): Sweep =>
    (target, m, _base, _tauBase, jFirst, count) => {
      const first = target / 8;
      const acc = new Float64Array(lanes);
      const tw = new Float64Array(lanes);
      const step = up ? 1 : -1;
      let haveDot = false;
      for (let t = 0; t < count; t++) {
        const j = jFirst + step * t;
        const tj = tau[j];
        // dlarf does nothing for tau = 0 (H = I): no dot product, no update
        if (tj === 0) {
          haveDot = false;
          continue;
        }
        const v = (j >>> 3) * m * B + (j & 7);
        if (!haveDot) dot(M, first, lanes, m, j, v, acc);
        for (let l = 0; l < lanes; l++) tw[l] = tj * acc[l];
        const j2 = j + step;
        haveDot = t + 1 < count && tau[j2] !== 0;
        if (!haveDot) axpy(M, first, lanes, m, j, v, tw);
        else if (lanes === 8) fused8(M, first, m, j, v, (j2 >>> 3) * m * B + (j2 & 7), up, tw, acc);
        else fused(M, first, lanes, m, j, v, (j2 >>> 3) * m * B + (j2 & 7), up, tw, acc);
      }
    };
  return { sweep4Up: make(8, true), sweep4Down: make(8, false), sweep1Up: make(2, true), sweep1Down: make(2, false) };
}

/** acc = a[j] + Σ_{i>j} v[i]·a[i], in row order, for each lane. */
function dot(M: Float64Array, first: number, lanes: number, m: number, j: number, v: number, acc: Float64Array): void {
  for (let l = 0; l < lanes; l++) {
    const col = first + l;
    let w = M[col + j * B];
    for (let i = j + 1; i < m; i++) w += M[v + i * B] * M[col + i * B];
    acc[l] = w;
  }
}

/** a[j] -= tw; a[i] -= tw·v[i] for i > j, for each lane. */
function axpy(M: Float64Array, first: number, lanes: number, m: number, j: number, v: number, tw: Float64Array): void {
  for (let l = 0; l < lanes; l++) {
    const col = first + l;
    const w = tw[l];
    M[col + j * B] -= w;
    for (let i = j + 1; i < m; i++) M[col + i * B] -= w * M[v + i * B];
  }
}

/** Reflector j's update and the next reflector's dot product (vector v2), lane by lane. */
function fused(
  M: Float64Array,
  first: number,
  lanes: number,
  m: number,
  j: number,
  v: number,
  v2: number,
  up: boolean,
  tw: Float64Array,
  acc: Float64Array,
): void {
  for (let l = 0; l < lanes; l++) {
    const col = first + l;
    const w = tw[l];
    let s: number;
    if (up) {
      M[col + j * B] -= w;
      const x = M[col + (j + 1) * B] - w * M[v + (j + 1) * B];
      M[col + (j + 1) * B] = x;
      s = x;
      for (let i = j + 2; i < m; i++) {
        const y = M[col + i * B] - w * M[v + i * B];
        M[col + i * B] = y;
        s += M[v2 + i * B] * y;
      }
    } else {
      s = M[col + (j - 1) * B];
      const x = M[col + j * B] - w;
      M[col + j * B] = x;
      s += M[v2 + j * B] * x;
      for (let i = j + 1; i < m; i++) {
        const y = M[col + i * B] - w * M[v + i * B];
        M[col + i * B] = y;
        s += M[v2 + i * B] * y;
      }
    }
    acc[l] = s;
  }
}

/** `fused` for a whole block row of 8 lanes at once: one pass, eight accumulators. */
function fused8(
  M: Float64Array,
  first: number,
  m: number,
  j: number,
  v: number,
  v2: number,
  up: boolean,
  tw: Float64Array,
  acc: Float64Array,
): void {
  const w0 = tw[0],
    w1 = tw[1],
    w2 = tw[2],
    w3 = tw[3],
    w4 = tw[4],
    w5 = tw[5],
    w6 = tw[6],
    w7 = tw[7];
  let s0: number, s1: number, s2: number, s3: number, s4: number, s5: number, s6: number, s7: number;
  let i: number;
  if (up) {
    let r = first + j * B;
    M[r] -= w0;
    M[r + 1] -= w1;
    M[r + 2] -= w2;
    M[r + 3] -= w3;
    M[r + 4] -= w4;
    M[r + 5] -= w5;
    M[r + 6] -= w6;
    M[r + 7] -= w7;
    r += B;
    const vi = M[v + (j + 1) * B];
    s0 = M[r] = M[r] - w0 * vi;
    s1 = M[r + 1] = M[r + 1] - w1 * vi;
    s2 = M[r + 2] = M[r + 2] - w2 * vi;
    s3 = M[r + 3] = M[r + 3] - w3 * vi;
    s4 = M[r + 4] = M[r + 4] - w4 * vi;
    s5 = M[r + 5] = M[r + 5] - w5 * vi;
    s6 = M[r + 6] = M[r + 6] - w6 * vi;
    s7 = M[r + 7] = M[r + 7] - w7 * vi;
    i = j + 2;
  } else {
    let r = first + (j - 1) * B;
    s0 = M[r];
    s1 = M[r + 1];
    s2 = M[r + 2];
    s3 = M[r + 3];
    s4 = M[r + 4];
    s5 = M[r + 5];
    s6 = M[r + 6];
    s7 = M[r + 7];
    r += B;
    const ui = M[v2 + j * B];
    let x: number;
    x = M[r] = M[r] - w0;
    s0 += ui * x;
    x = M[r + 1] = M[r + 1] - w1;
    s1 += ui * x;
    x = M[r + 2] = M[r + 2] - w2;
    s2 += ui * x;
    x = M[r + 3] = M[r + 3] - w3;
    s3 += ui * x;
    x = M[r + 4] = M[r + 4] - w4;
    s4 += ui * x;
    x = M[r + 5] = M[r + 5] - w5;
    s5 += ui * x;
    x = M[r + 6] = M[r + 6] - w6;
    s6 += ui * x;
    x = M[r + 7] = M[r + 7] - w7;
    s7 += ui * x;
    i = j + 1;
  }
  for (let r = first + i * B, p = v + i * B, q = v2 + i * B, end = first + m * B; r < end; r += B, p += B, q += B) {
    const vi = M[p];
    const ui = M[q];
    let x: number;
    x = M[r] = M[r] - w0 * vi;
    s0 += ui * x;
    x = M[r + 1] = M[r + 1] - w1 * vi;
    s1 += ui * x;
    x = M[r + 2] = M[r + 2] - w2 * vi;
    s2 += ui * x;
    x = M[r + 3] = M[r + 3] - w3 * vi;
    s3 += ui * x;
    x = M[r + 4] = M[r + 4] - w4 * vi;
    s4 += ui * x;
    x = M[r + 5] = M[r + 5] - w5 * vi;
    s5 += ui * x;
    x = M[r + 6] = M[r + 6] - w6 * vi;
    s6 += ui * x;
    x = M[r + 7] = M[r + 7] - w7 * vi;
    s7 += ui * x;
  }
  acc[0] = s0;
  acc[1] = s1;
  acc[2] = s2;
  acc[3] = s3;
  acc[4] = s4;
  acc[5] = s5;
  acc[6] = s6;
  acc[7] = s7;
}
