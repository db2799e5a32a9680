/**
 * The float32 matrix product (src/core/linalg/matmul.ts) that the initialization check's layers are
 * made of: the WebAssembly kernel (f32x4, 4 × 8 register tile over packed panels of B) and its
 * JavaScript twin give the same bits on shapes around every tile and panel boundary, with offsets,
 * accumulation and the transposed form; both are the float32 sum in the order of the inner index
 * (checked element by element against a float64 reference rounded step by step), and within
 * float32 rounding of the exact product.
 */
import * as assert from 'node:assert/strict';
import { matmul, matmulBT, matmulJs, transposeMatrix } from '../../src/core/linalg/matmul';
import { setWebAssemblyEnabled, webAssemblyUsable } from '../../src/core/wasm/loader';

function withJavaScript<T>(fn: () => T): T {
  setWebAssemblyEnabled(false);
  try {
    return fn();
  } finally {
    setWebAssemblyEnabled(true);
  }
}

/** Values in (-1, 1) with a sprinkling of exact zeros (ReLU outputs) and one signed zero, from a small LCG. */
function values(n: number, seed: number): Float32Array {
  const out = new Float32Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = s % 7 === 0 ? 0 : (s / 2 ** 32) * 2 - 1;
  }
  if (n > 2) out[1] = -0;
  return out;
}

function sameBits(actual: Float32Array, expected: Float32Array, label: string): void {
  const a = new Uint32Array(actual.buffer, actual.byteOffset, actual.length);
  const e = new Uint32Array(expected.buffer, expected.byteOffset, expected.length);
  assert.equal(a.length, e.length, `${label}: length`);
  for (let i = 0; i < a.length; i++) {
    if (a[i] !== e[i]) assert.fail(`${label}: element ${i} is ${actual[i]}, expected ${expected[i]}`);
  }
}

/** The float32 sum in the order of p, each product and sum rounded (what a float32 BLAS's simple kernel does). */
function reference(a: Float32Array, b: Float32Array, c0: Float32Array, m: number, k: number, n: number): Float32Array {
  const out = new Float32Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let c = c0[i * n + j];
      for (let p = 0; p < k; p++) c = Math.fround(c + Math.fround(a[i * k + p] * b[p * n + j]));
      out[i * n + j] = c;
    }
  }
  return out;
}

const SHAPES: [number, number, number][] = [
  [1, 1, 1],
  [3, 5, 7],
  [4, 8, 8],
  [5, 9, 17],
  [33, 17, 9],
  [64, 3, 100],
  [37, 129, 61],
  [256, 64, 200],
  [130, 288, 32],
];

suite('float32 matrix product', () => {
  test('both engines are exercised: WebAssembly is on under Node, and can be turned off', () => {
    assert.equal(webAssemblyUsable(), true);
    withJavaScript(() => assert.equal(webAssemblyUsable(), false));
  });

  test('out = a·b: WebAssembly and JavaScript give the bits of the in-order float32 sum', () => {
    for (const [m, k, n] of SHAPES) {
      const a = values(m * k, m + 1);
      const b = values(k * n, k + 2);
      const zero = new Float32Array(m * n);
      const expected = reference(a, b, zero, m, k, n);
      const wasm = new Float32Array(m * n).fill(99);
      matmul(a, b, wasm, m, k, n);
      sameBits(wasm, expected, `${m}×${k}·${k}×${n}, WebAssembly`);
      const js = new Float32Array(m * n).fill(99);
      withJavaScript(() => matmul(a, b, js, m, k, n));
      sameBits(js, expected, `${m}×${k}·${k}×${n}, JavaScript`);
    }
  });

  test('accumulate adds onto out (a bias), and offsets address sub-arrays', () => {
    const [m, k, n] = [29, 40, 19];
    const a = values(7 + m * k, 3);
    const b = values(5 + k * n, 4);
    const bias = values(m * n, 5);
    const expected = reference(a.subarray(7), b.subarray(5), bias, m, k, n);
    for (const engine of ['WebAssembly', 'JavaScript']) {
      const out = new Float32Array(11 + m * n + 3).fill(42);
      out.set(bias, 11);
      const run = (): void => matmul(a, b, out, m, k, n, true, 7, 5, 11);
      if (engine === 'JavaScript') withJavaScript(run);
      else run();
      sameBits(out.subarray(11, 11 + m * n), expected, engine);
      assert.deepEqual([...out.subarray(0, 11)], new Array(11).fill(42), `${engine}: nothing before the offset is touched`);
      assert.deepEqual([...out.subarray(11 + m * n)], [42, 42, 42], `${engine}: nothing after the block is touched`);
    }
  });

  test('matmulBT(a, b) is a·bᵀ with the same bits as a·(bᵀ copied), on both engines', () => {
    for (const [m, k, n] of SHAPES) {
      // out[m×k] = a[m×n] · bᵀ, b is k×n
      const a = values(m * n, 11 + m);
      const b = values(k * n, 13 + k);
      const expected = reference(a, transposeMatrix(b, k, n), new Float32Array(m * k), m, n, k);
      const wasm = new Float32Array(m * k);
      matmulBT(a, b, wasm, m, n, k);
      sameBits(wasm, expected, `${m}×${n}·(${k}×${n})ᵀ, WebAssembly`);
      const js = new Float32Array(m * k);
      withJavaScript(() => matmulBT(a, b, js, m, n, k));
      sameBits(js, expected, `${m}×${n}·(${k}×${n})ᵀ, JavaScript`);
    }
  });

  test('a large product (the check MLP size, 256×1024·1024×1024): engines agree and stay within float32 rounding of the exact sum', () => {
    const [m, k, n] = [256, 1024, 1024];
    const a = values(m * k, 21);
    const b = values(k * n, 22);
    const wasm = new Float32Array(m * n);
    matmul(a, b, wasm, m, k, n);
    // the JavaScript twin on a slice of rows (the whole product is slow without WebAssembly)
    const rows = 8;
    const js = new Float32Array(rows * n);
    matmulJs(a, b, js, rows, k, n);
    sameBits(wasm.subarray(0, rows * n), js, 'first 8 rows');
    let worst = 0;
    for (let i = 0; i < m; i += 37) {
      for (let j = 0; j < n; j += 13) {
        let exact = 0;
        let scale = 0;
        for (let p = 0; p < k; p++) {
          exact += a[i * k + p] * b[p * n + j];
          scale += Math.abs(a[i * k + p] * b[p * n + j]);
        }
        worst = Math.max(worst, Math.abs(wasm[i * n + j] - exact) / scale);
      }
    }
    // error bound of recursive summation: k·u·Σ|a·b|, u = 2^-24
    assert.ok(worst < k * 2 ** -24, `worst error ${worst} relative to Σ|a·b|`);
  });
});
