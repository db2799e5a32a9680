/**
 * The blocked Householder QR (src/core/linalg/qrFast.ts: sweeps over blocks of 8 columns, in
 * WebAssembly f64x2 or, where WebAssembly is refused, in JavaScript) gives Q and diag(R) bit for
 * bit as the unblocked reference (dgeqr2 + dorg2r in qr.ts) on both engines: on shapes around
 * every block and pair boundary, on inputs that make dlarfg return tau = 0 (zero or
 * already-triangular columns, signed zeros), and through the Orthogonal initializer. Its agreement
 * with numpy.linalg.qr is checked in initializersNumpy.test.ts, which runs with WebAssembly on.
 */
import * as assert from 'node:assert/strict';
import { createGenerator, createInitializer, sample } from '../../src/core/index';
import { qrReduced, qrReducedReference } from '../../src/core/linalg/qr';
import { qrReducedFast } from '../../src/core/linalg/qrFast';
import { setWebAssemblyEnabled, webAssemblyUsable } from '../../src/core/wasm/loader';

function withReferencePath<T>(fn: () => T): T {
  setWebAssemblyEnabled(false);
  try {
    return fn();
  } finally {
    setWebAssemblyEnabled(true);
  }
}

/** A column-major m×n matrix of float32-rounded normal draws (what Orthogonal feeds the QR). */
function normalMatrix(m: number, n: number, seed: number): Float64Array {
  const f = new Float32Array(m * n);
  createGenerator([seed, 0]).fillNormal(0, 1, f);
  return new Float64Array(f);
}

function bits(a: Float64Array): BigUint64Array {
  return new BigUint64Array(a.buffer, a.byteOffset, a.length);
}

/** Runs the two blocked engines and the reference on copies of `a`: same Q and diag(R) bits. */
function assertSameQr(a: Float64Array, m: number, n: number, label: string): void {
  const ref = qrReducedReference(a.slice(), m, n);
  const engines: [string, () => ReturnType<typeof qrReducedFast>][] = [
    ['WebAssembly', () => qrReducedFast(a.slice(), m, n)],
    ['JavaScript', () => withReferencePath(() => qrReducedFast(a.slice(), m, n))],
  ];
  for (const [engine, run] of engines) {
    const fast = run();
    const q = bits(fast.q);
    const qRef = bits(ref.q);
    for (let i = 0; i < q.length; i++) {
      if (q[i] !== qRef[i]) {
        assert.fail(`${label}, ${engine} sweeps: Q[${i % m}, ${Math.floor(i / m)}] = ${fast.q[i]}, reference ${ref.q[i]}`);
      }
    }
    assert.deepEqual(bits(fast.rDiag), bits(ref.rDiag), `${label}, ${engine} sweeps: diag(R)`);
  }
}

suite('fast path: blocked Householder QR', () => {
  test('both engines are exercised: WebAssembly is on under Node, and can be turned off', () => {
    assert.equal(webAssemblyUsable(), true);
    withReferencePath(() => assert.equal(webAssemblyUsable(), false));
  });

  test('qrReduced is the blocked QR and equals the reference', () => {
    const a = normalMatrix(50, 20, 9);
    assert.deepEqual(bits(qrReduced(a.slice(), 50, 20).q), bits(qrReducedReference(a.slice(), 50, 20).q));
  });

  test('same Q and diag(R) bits as the unblocked reference around every block and pair boundary', () => {
    const shapes: [number, number][] = [
      [1, 1],
      [2, 1],
      [2, 2],
      [3, 2],
      [7, 7],
      [8, 8],
      [9, 8],
      [9, 9],
      [10, 3],
      [15, 15],
      [16, 16],
      [17, 16],
      [17, 17],
      [24, 23],
      [33, 25],
      [64, 64],
      [65, 63],
      [100, 37],
      [128, 96],
      [200, 200],
      [257, 129],
      [300, 41],
    ];
    for (const [m, n] of shapes) assertSameQr(normalMatrix(m, n, m * 1000 + n), m, n, `${m}×${n}`);
  });

  test('same bits on a larger square matrix (many blocks, long sweeps)', () => {
    assertSameQr(normalMatrix(384, 384, 7), 384, 384, '384×384');
  });

  test('tau = 0 columns (nothing below the diagonal) are skipped exactly as dlarf skips them', () => {
    // upper triangular: every dlarfg returns tau = 0
    const m = 20;
    const n = 19;
    const upper = normalMatrix(m, n, 3);
    for (let j = 0; j < n; j++) for (let i = j + 1; i < m; i++) upper[j * m + i] = 0;
    assertSameQr(upper, m, n, 'upper triangular');
    // zero columns and rows mixed into random ones, with signed zeros
    const mixed = normalMatrix(m, n, 4);
    for (const j of [0, 5, 8, 9, 16]) for (let i = 0; i < m; i++) mixed[j * m + i] = i % 2 ? -0 : 0;
    for (let j = 0; j < n; j++) mixed[j * m + 11] = -0;
    assertSameQr(mixed, m, n, 'zero columns and signed zeros');
    // a column whose part below the diagonal vanishes only after earlier reflectors (rank deficiency)
    const deficient = normalMatrix(m, n, 5);
    for (let i = 0; i < m; i++) deficient[3 * m + i] = deficient[1 * m + i] * 2;
    for (let i = 0; i < m; i++) deficient[12 * m + i] = deficient[10 * m + i];
    assertSameQr(deficient, m, n, 'repeated columns');
    const identity = new Float64Array(9 * 9);
    for (let j = 0; j < 9; j++) identity[j * 9 + j] = 1;
    assertSameQr(identity, 9, 9, 'identity');
  });

  test('Orthogonal samples the same float32 tensors with either engine (square, tall, wide, convolution kernels, gain)', () => {
    const cases: { shape: number[]; gain: number; seed: number }[] = [
      { shape: [64, 64], gain: 1, seed: 1 },
      { shape: [200, 48], gain: 1, seed: 2 },
      { shape: [40, 130], gain: 0.5, seed: 3 },
      { shape: [3, 3, 16, 33], gain: 2, seed: 4 },
    ];
    for (const c of cases) {
      const init = createInitializer('Orthogonal', { gain: c.gain, seed: c.seed });
      const fast = sample(init, c.shape);
      const ref = withReferencePath(() => sample(init, c.shape));
      assert.deepEqual(fast.data, ref.data, JSON.stringify(c.shape));
    }
  });
});
