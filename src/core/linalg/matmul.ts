/**
 * The float32 matrix product `out (+)= a · b` (row-major), as a float32 BLAS computes it: each
 * element summed in the order of the inner index with every product and sum rounded to float32.
 * Large products run in the WebAssembly kernel (matmulKernels.ts: f32x4 lanes, a 4 × 8 register
 * tile); the JavaScript loop below is its twin and gives the same bits, for hosts without
 * WebAssembly and for products too small to be worth the copies.
 */
import { createMemory, instantiate, lazyModule, type WasmInstanceHandle, type WasmMemoryHandle } from '../wasm/loader';
import { MATMUL_ROWS, MATMUL_WIDTH } from './matmulLayout';
import { MATMUL_WASM_BASE64 } from './matmulWasm';

const matmulModule = lazyModule(MATMUL_WASM_BASE64);

/** Below this many multiply-adds the copies into wasm memory cost more than they save. */
const WASM_MIN_WORK = 1 << 15;
/** Bytes of wasm memory for the rows of A and C handled per call of the kernel (the packed B comes on top). */
const CHUNK_BYTES = 8 << 20;

interface Engine {
  readonly memory: WasmMemoryHandle;
  readonly gemm: (a: number, bp: number, c: number, rows: number, k: number, panels: number, ldc: number) => void;
  readonly pack: (src: number, dst: number, k: number, n: number) => void;
  readonly packTransposed: (src: number, dst: number, k: number, n: number) => void;
  readonly bytes: number;
}

let engine: Engine | undefined;

/** An instance whose memory holds at least `bytes`; undefined when WebAssembly is not usable. */
function engineFor(bytes: number): Engine | undefined {
  if (engine !== undefined && engine.bytes >= bytes) return engine;
  const module = matmulModule.get();
  if (module === undefined) return undefined;
  const size = Math.max(bytes, engine?.bytes ?? 0, 1 << 20);
  const memory = createMemory(size);
  const instance: WasmInstanceHandle | undefined = memory === undefined ? undefined : instantiate(module, { env: { memory } });
  if (memory === undefined || instance === undefined) return undefined;
  const exports = instance.exports;
  engine = {
    memory,
    gemm: exports.gemm as Engine['gemm'],
    pack: exports.pack as Engine['pack'],
    packTransposed: exports.packTransposed as Engine['packTransposed'],
    bytes: memory.buffer.byteLength,
  };
  return engine;
}

/**
 * `out[m×n] (+)= a[m×k] · b[k×n]` (row-major; `aOff`, `bOff`, `outOff` are offsets into the
 * arrays). Without `accumulate` the sums start from zero, else from `out`'s values.
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
  product(a, b, out, m, k, n, false, accumulate, aOff, bOff, outOff);
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
  product(a, b, out, m, n, k, true, accumulate, aOff, bOff, outOff);
}

/**
 * `out[m×cols] (+)= a[m×inner] · B`, where B is `b` (`inner × cols`) or, `transposed`, `bᵀ` of a
 * `cols × inner` `b`: in the WebAssembly kernel when it is worth the copies, else in the twin.
 */
function product(
  a: Float32Array,
  b: Float32Array,
  out: Float32Array,
  m: number,
  inner: number,
  cols: number,
  transposed: boolean,
  accumulate: boolean,
  aOff: number,
  bOff: number,
  outOff: number,
): void {
  if (!accumulate) out.fill(0, outOff, outOff + m * cols);
  if (m === 0 || inner === 0 || cols === 0) return;
  if (m * inner * cols >= WASM_MIN_WORK && matmulWasm(a, b, out, m, inner, cols, transposed, aOff, bOff, outOff)) return;
  if (transposed) matmulJs(a, transposeMatrix(b, cols, inner, bOff), out, m, inner, cols, aOff, 0, outOff);
  else matmulJs(a, b, out, m, inner, cols, aOff, bOff, outOff);
}

/** `b` (k×n, row-major, from `bOff`) transposed: n×k. */
export function transposeMatrix(b: Float32Array, k: number, n: number, bOff = 0): Float32Array {
  const t = new Float32Array(k * n);
  for (let p = 0; p < k; p++) {
    const row = bOff + p * n;
    for (let j = 0; j < n; j++) t[j * k + p] = b[row + j];
  }
  return t;
}

/** The JavaScript twin: `out[i][j] += fround(a[i][p]·b[p][j])` for p in order (a double sum of two floats rounds to the float sum). */
export function matmulJs(
  a: Float32Array,
  b: Float32Array,
  out: Float32Array,
  m: number,
  k: number,
  n: number,
  aOff = 0,
  bOff = 0,
  outOff = 0,
): void {
  for (let i = 0; i < m; i++) {
    const ai = aOff + i * k;
    const ci = outOff + i * n;
    for (let p = 0; p < k; p++) {
      const av = a[ai + p];
      const bp = bOff + p * n;
      for (let j = 0; j < n; j++) out[ci + j] += Math.fround(av * b[bp + j]);
    }
  }
}

/**
 * The product in wasm memory: [B's panels][B as given][rows of A][rows of C]. `transposed`: `b`
 * is `n × k` and the product is with its transpose. False when WebAssembly is not usable.
 */
function matmulWasm(
  a: Float32Array,
  b: Float32Array,
  out: Float32Array,
  m: number,
  k: number,
  n: number,
  transposed: boolean,
  aOff: number,
  bOff: number,
  outOff: number,
): boolean {
  const panels = Math.ceil(n / MATMUL_WIDTH);
  const ldc = panels * MATMUL_WIDTH;
  const packedBytes = panels * MATMUL_WIDTH * k * 4;
  const rowBytes = (k + ldc) * 4;
  const chunkRows = Math.max(
    MATMUL_ROWS,
    Math.min(Math.ceil(m / MATMUL_ROWS) * MATMUL_ROWS, Math.floor(CHUNK_BYTES / rowBytes / MATMUL_ROWS) * MATMUL_ROWS),
  );
  const rawBase = packedBytes;
  const aBase = rawBase + k * n * 4;
  const cBase = aBase + chunkRows * k * 4;
  const e = engineFor(cBase + chunkRows * ldc * 4);
  if (e === undefined) return false;
  const heap = new Float32Array(e.memory.buffer);

  heap.set(b.subarray(bOff, bOff + k * n), rawBase / 4);
  if (transposed) e.packTransposed(rawBase, 0, n, k);
  else e.pack(rawBase, 0, k, n);

  const aAt = aBase / 4;
  const cAt = cBase / 4;
  for (let i0 = 0; i0 < m; i0 += chunkRows) {
    const rows = Math.min(chunkRows, m - i0);
    const tileRows = Math.ceil(rows / MATMUL_ROWS) * MATMUL_ROWS;
    heap.set(a.subarray(aOff + i0 * k, aOff + (i0 + rows) * k), aAt);
    heap.fill(0, aAt + rows * k, aAt + tileRows * k);
    if (ldc === n) heap.set(out.subarray(outOff + i0 * n, outOff + (i0 + rows) * n), cAt);
    else {
      for (let r = 0; r < rows; r++) {
        const src = outOff + (i0 + r) * n;
        heap.set(out.subarray(src, src + n), cAt + r * ldc);
        heap.fill(0, cAt + r * ldc + n, cAt + (r + 1) * ldc);
      }
    }
    heap.fill(0, cAt + rows * ldc, cAt + tileRows * ldc);
    e.gemm(aBase, 0, cBase, tileRows, k, panels, ldc);
    if (ldc === n) out.set(heap.subarray(cAt, cAt + rows * n), outOff + i0 * n);
    else {
      for (let r = 0; r < rows; r++) out.set(heap.subarray(cAt + r * ldc, cAt + r * ldc + n), outOff + (i0 + r) * n);
    }
  }
  return true;
}
