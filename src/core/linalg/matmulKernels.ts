/**
 * WebAssembly kernel of the float32 matrix product (matmul.ts), written with the emitter in
 * ../wasm/assembler.ts. Run by scripts/build-wasm.ts; the bytes are committed in matmulWasm.ts.
 *
 * `gemm(a, bp, c, rows, k, panels, ldc)` adds A·B to C, all float32 and row-major in the imported
 * memory: A is `rows × k` at byte `a` (rows a multiple of MATMUL_ROWS), B is packed in panels of
 * MATMUL_WIDTH columns (panel t's row p is MATMUL_WIDTH contiguous floats at
 * `bp + (t·k + p)·MATMUL_WIDTH·4`), C is `rows × ldc` at byte `c`. Each element of C is summed in
 * the order of p: `c = c + a[i][p]·b[p][j]`, every product and sum rounded to float32 (wasm never
 * fuses a multiply and an add), so each lane performs exactly the scalar operations of matmul.ts's
 * JavaScript twin and both give the same bits. The speed comes from the register tile: for each p,
 * MATMUL_ROWS values of A (one splat load each) times the MATMUL_WIDTH values of B's panel row
 * (MATMUL_WIDTH / 4 vector loads) update MATMUL_ROWS × MATMUL_WIDTH sums held in registers.
 *
 * `pack(src, dst, k, n)` writes the panels of a row-major `k × n` B at `src`; `packTransposed(src,
 * dst, k, n)` those of Bᵀ for a row-major `k × n` B (panels over B's rows, panel rows over its
 * columns), so `a · bᵀ` needs no transposed copy. A last partial panel is padded with zeros.
 */
import { I32, ModuleBuilder, V128, f32x4, forRange, get, i32, ifThen, select, set, v128, type Code, type Local } from '../wasm/assembler';
import { MATMUL_ROWS, MATMUL_WIDTH } from './matmulLayout';

const VECTORS = MATMUL_WIDTH / 4;
const PANEL_ROW_BYTES = MATMUL_WIDTH * 4;

/** `pack(src, dst, k, n)`: panel t's row p holds B[p][8t … 8t + 7] (zeros past column n). */
function packFunction(m: ModuleBuilder): void {
  m.func('pack', [I32, I32, I32, I32], [], (f) => {
    const [src, dst, k, n] = [0, 1, 2, 3].map((i) => f.param(i));
    const rowBytes = f.local(I32); // n·4
    const panelBytes = f.local(I32); // k·PANEL_ROW_BYTES
    const row = f.local(I32); // byte address of B's row p
    const srcEnd = f.local(I32);
    const rowDst = f.local(I32); // panel 0's row p
    const s = f.local(I32);
    const fullEnd = f.local(I32);
    const d = f.local(I32);
    const w = f.local(I32);
    const wEnd = f.local(I32);
    const remBytes = f.local(I32);
    const copy: Code[] = [];
    for (let q = 0; q < VECTORS; q++) copy.push(v128.store(get(d), v128.load(get(s), 16 * q), 16 * q));
    copy.push(set(d, i32.add(get(d), get(panelBytes))));
    return [
      set(rowBytes, i32.shl(get(n), i32.const(2))),
      set(panelBytes, i32.mul(get(k), i32.const(PANEL_ROW_BYTES))),
      set(remBytes, i32.shl(i32.and(get(n), i32.const(MATMUL_WIDTH - 1)), i32.const(2))),
      set(srcEnd, i32.add(get(src), i32.mul(get(k), get(rowBytes)))),
      set(rowDst, get(dst)),
      set(wEnd, i32.const(PANEL_ROW_BYTES)),
      ...forRange(row, get(src), srcEnd, get(rowBytes), [
        set(fullEnd, i32.sub(i32.add(get(row), get(rowBytes)), get(remBytes))),
        set(d, get(rowDst)),
        ...forRange(s, get(row), fullEnd, i32.const(PANEL_ROW_BYTES), copy),
        ifThen(get(remBytes), [
          // the last, partial panel: the remaining columns, then +0.0 (the bits of i32 0)
          ...forRange(w, i32.const(0), wEnd, i32.const(4), [
            i32.store(
              i32.add(get(d), get(w)),
              select(i32.load(i32.add(get(fullEnd), get(w))), i32.const(0), i32.ltU(get(w), get(remBytes))),
            ),
          ]),
        ]),
        set(rowDst, i32.add(get(rowDst), i32.const(PANEL_ROW_BYTES))),
      ]),
    ];
  });
}

/** `packTransposed(src, dst, k, n)`: panel t's row p holds B[8t … 8t + 7][p] (zeros past row k). */
function packTransposedFunction(m: ModuleBuilder): void {
  m.func('packTransposed', [I32, I32, I32, I32], [], (f) => {
    const [src, dst, k, n] = [0, 1, 2, 3].map((i) => f.param(i));
    const rowBytes = f.local(I32); // n·4
    const panelBytes = f.local(I32); // n·PANEL_ROW_BYTES
    const row = f.local(I32); // B's row (an output column): 0 … panels·8 - 1
    const rowsEnd = f.local(I32);
    const s = f.local(I32);
    const sEnd = f.local(I32);
    const d = f.local(I32);
    return [
      set(rowBytes, i32.shl(get(n), i32.const(2))),
      set(panelBytes, i32.mul(get(n), i32.const(PANEL_ROW_BYTES))),
      set(rowsEnd, i32.and(i32.add(get(k), i32.const(MATMUL_WIDTH - 1)), i32.const(-MATMUL_WIDTH))),
      ...forRange(row, i32.const(0), rowsEnd, i32.const(1), [
        // lane (row mod 8) of panel (row div 8)
        set(
          d,
          i32.add(
            get(dst),
            i32.add(i32.mul(i32.shrU(get(row), i32.const(3)), get(panelBytes)), i32.shl(i32.and(get(row), i32.const(7)), i32.const(2))),
          ),
        ),
        set(s, i32.add(get(src), i32.mul(get(row), get(rowBytes)))),
        set(sEnd, i32.add(get(s), get(rowBytes))),
        ifThen(
          i32.ltU(get(row), get(k)),
          [
            ...forRange(s, get(s), sEnd, i32.const(4), [
              i32.store(get(d), i32.load(get(s))),
              set(d, i32.add(get(d), i32.const(PANEL_ROW_BYTES))),
            ]),
          ],
          [
            ...forRange(s, get(s), sEnd, i32.const(4), [
              i32.store(get(d), i32.const(0)),
              set(d, i32.add(get(d), i32.const(PANEL_ROW_BYTES))),
            ]),
          ],
        ),
      ]),
    ];
  });
}

/** Builds the module's bytes. */
export function buildMatmulModule(): Uint8Array {
  const m = new ModuleBuilder();
  m.importMemory('env', 'memory', 1);
  packFunction(m);
  packTransposedFunction(m);
  m.func('gemm', [I32, I32, I32, I32, I32, I32, I32], [], (f) => {
    const [a, bp, c, rows, k, panels, ldc] = [0, 1, 2, 3, 4, 5, 6].map((i) => f.param(i));
    const acc: Local[][] = [];
    for (let r = 0; r < MATMUL_ROWS; r++) {
      acc.push([]);
      for (let q = 0; q < VECTORS; q++) acc[r].push(f.local(V128));
    }
    const b: Local[] = [];
    for (let q = 0; q < VECTORS; q++) b.push(f.local(V128));
    const splat = f.local(V128);
    const rowBytesA = f.local(I32); // k·4
    const rowBytesC = f.local(I32); // ldc·4
    const panelBytes = f.local(I32); // k·MATMUL_WIDTH·4
    const rowOffsetA: Local[] = [];
    for (let r = 0; r < MATMUL_ROWS; r++) rowOffsetA.push(f.local(I32));
    const panel = f.local(I32); // byte address of the panel
    const panelsEnd = f.local(I32);
    const cCol = f.local(I32); // C's byte address of the panel's first column, row 0
    const i = f.local(I32); // byte offset of the row tile in A
    const aEnd = f.local(I32);
    const cRow = f.local(I32);
    const pa = f.local(I32);
    const pb = f.local(I32);
    const pbEnd = f.local(I32);

    const cAddress = (r: number): Code => i32.add(get(cRow), r === 0 ? i32.const(0) : i32.mul(get(rowBytesC), i32.const(r)));
    const loadTile: Code[] = [];
    const storeTile: Code[] = [];
    for (let r = 0; r < MATMUL_ROWS; r++) {
      for (let q = 0; q < VECTORS; q++) {
        loadTile.push(set(acc[r][q], v128.load(cAddress(r), 16 * q)));
        storeTile.push(v128.store(cAddress(r), get(acc[r][q]), 16 * q));
      }
    }
    // One p: B's panel row at pb, A's column at pa (rows rowOffsetA apart). Unrolling over p measured slower.
    const step: Code[] = [];
    for (let q = 0; q < VECTORS; q++) step.push(set(b[q], v128.load(get(pb), 16 * q)));
    for (let r = 0; r < MATMUL_ROWS; r++) {
      step.push(set(splat, v128.load32Splat(r === 0 ? get(pa) : i32.add(get(pa), get(rowOffsetA[r])))));
      for (let q = 0; q < VECTORS; q++) step.push(set(acc[r][q], f32x4.add(get(acc[r][q]), f32x4.mul(get(splat), get(b[q])))));
    }
    step.push(set(pa, i32.add(get(pa), i32.const(4))));

    const setup: Code[] = [
      set(rowBytesA, i32.shl(get(k), i32.const(2))),
      set(rowBytesC, i32.shl(get(ldc), i32.const(2))),
      set(panelBytes, i32.mul(get(k), i32.const(PANEL_ROW_BYTES))),
      set(panelsEnd, i32.add(get(bp), i32.mul(get(panels), get(panelBytes)))),
      set(aEnd, i32.mul(get(rows), get(rowBytesA))),
    ];
    for (let r = 1; r < MATMUL_ROWS; r++) setup.push(set(rowOffsetA[r], i32.mul(get(rowBytesA), i32.const(r))));

    const tileRows = i32.mul(get(rowBytesA), i32.const(MATMUL_ROWS));
    return [
      ...setup,
      set(cCol, get(c)),
      ...forRange(panel, get(bp), panelsEnd, get(panelBytes), [
        set(cRow, get(cCol)),
        set(pbEnd, i32.add(get(panel), get(panelBytes))),
        ...forRange(i, i32.const(0), aEnd, tileRows, [
          ...loadTile,
          set(pa, i32.add(get(a), get(i))),
          ...forRange(pb, get(panel), pbEnd, i32.const(PANEL_ROW_BYTES), step),
          ...storeTile,
          set(cRow, i32.add(get(cRow), i32.mul(get(rowBytesC), i32.const(MATMUL_ROWS)))),
        ]),
        set(cCol, i32.add(get(cCol), i32.const(PANEL_ROW_BYTES))),
      ]),
    ];
  });
  return m.encode();
}
