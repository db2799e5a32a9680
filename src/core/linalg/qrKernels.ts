/**
 * WebAssembly kernels of the fast Householder QR (qrFast.ts), written with the emitter in
 * ../wasm/assembler.ts. Run by scripts/build-wasm.ts; the bytes are committed in qrWasm.ts.
 *
 * The matrix lives in the imported memory in blocks of 8 columns: element (i, k) at byte
 * `base + (k >> 3)·m·64 + i·64 + (k & 7)·8`, so one row of a block is 64 contiguous bytes (four
 * f64x2 pairs of columns) and a Householder vector v_j is read with a 64-byte stride. tau_j is
 * the double at `tau + 8j`.
 *
 * `sweep{P}{Up|Down}(target, m, base, tau, jFirst, count)` applies the reflectors jFirst,
 * jFirst ± 1, … (count of them, ascending for the factorization, descending for forming Q) to
 * the P column pairs whose row 0 is at `target`, exactly as LAPACK's unblocked dlarf does one
 * reflector at a time on each column (qr.ts `applyReflector`): w = a[j] + Σ_{i>j} v[i]·a[i]
 * summed in row order, tw = tau·w, a[j] -= tw, a[i] -= tw·v[i]. Each lane of an f64x2 is one
 * column and performs exactly those scalar operations (wasm never fuses a multiply and an add),
 * so every column gets the bits of the reference. The speed comes from the order of the work:
 * the update by reflector j and the dot product with reflector j ± 1 share one pass over the
 * rows, and eight columns share each load of v.
 */
import {
  F64,
  I32,
  ModuleBuilder,
  V128,
  block,
  br,
  brIf,
  f64,
  f64x2,
  get,
  i32,
  ifThen,
  label,
  loop,
  seq,
  set,
  v128,
  type Code,
  type FunctionBuilder,
  type Local,
} from '../wasm/assembler';
import { QR_ROW_BYTES } from './qrLayout';

interface Sweep {
  readonly pairs: number;
  readonly target: Local;
  readonly m: Local;
  readonly base: Local;
  readonly acc: Local[];
  readonly tw: Local[];
  readonly row: Local;
  readonly end: Local;
  readonly v: Local;
  readonly v2: Local;
  /** v[i] and v2[i] of the current row in both lanes, loaded once per row. */
  readonly vs: Local;
  readonly vs2: Local;
}

const ROW = i32.const(QR_ROW_BYTES);

/** Byte address of v_j's row 0: base + (j >> 3)·m·64 + (j & 7)·8. */
function vectorAddress(s: Sweep, j: Code): Code {
  return i32.add(
    i32.add(get(s.base), i32.mul(i32.shrU(j, i32.const(3)), i32.mul(get(s.m), ROW))),
    i32.shl(i32.and(j, i32.const(7)), i32.const(3)),
  );
}

/** The target pair q at the row whose byte offset (from the block) is in `s.row`. */
function pairAt(s: Sweep, q: number): Code {
  return v128.load(i32.add(get(s.target), get(s.row)), 16 * q);
}

function storePair(s: Sweep, q: number, value: Code): Code {
  return v128.store(i32.add(get(s.target), get(s.row)), value, 16 * q);
}

/** v[i] in both lanes, for the row in `s.row` (vectors are at a fixed column of their block). */
function splatV(s: Sweep, v: Local): Code {
  return v128.load64Splat(i32.add(get(v), get(s.row)));
}

/** Loads the row's v[i] (and v2[i]) once, for all pairs. */
function loadV(s: Sweep, both: boolean): Code {
  return both ? seq(set(s.vs, splatV(s, s.v)), set(s.vs2, splatV(s, s.v2))) : set(s.vs, splatV(s, s.v));
}

function each(s: Sweep, body: (q: number) => Code): Code {
  const codes: Code[] = [];
  for (let q = 0; q < s.pairs; q++) codes.push(body(q));
  return seq(...codes);
}

/** Loops `s.row` from its current value to `s.end` (exclusive) in steps of one row. */
function rows(s: Sweep, body: Code): Code {
  const exit = label('rows.exit');
  const next = label('rows.next');
  return block(exit, loop(next, brIf(exit, i32.geU(get(s.row), get(s.end))), body, set(s.row, i32.add(get(s.row), ROW)), br(next)));
}

/** w for reflector j (v at `s.v`): acc = a[j], then acc += v[i]·a[i] for i = j+1 … m-1 in order. */
function dotPass(s: Sweep, j: Local): Code {
  return seq(
    set(s.row, i32.mul(get(j), ROW)),
    each(s, (q) => set(s.acc[q], pairAt(s, q))),
    set(s.row, i32.add(get(s.row), ROW)),
    rows(
      s,
      seq(
        loadV(s, false),
        each(s, (q) => set(s.acc[q], f64x2.add(get(s.acc[q]), f64x2.mul(get(s.vs), pairAt(s, q))))),
      ),
    ),
  );
}

/** a[j] -= tw; a[i] -= tw·v[i] for i = j+1 … m-1. */
function axpyPass(s: Sweep, j: Local): Code {
  return seq(
    set(s.row, i32.mul(get(j), ROW)),
    each(s, (q) => storePair(s, q, f64x2.sub(pairAt(s, q), get(s.tw[q])))),
    set(s.row, i32.add(get(s.row), ROW)),
    rows(
      s,
      seq(
        loadV(s, false),
        each(s, (q) => storePair(s, q, f64x2.sub(pairAt(s, q), f64x2.mul(get(s.tw[q]), get(s.vs))))),
      ),
    ),
  );
}

/**
 * Reflector j's update fused with the dot product of the next reflector (v2 at `s.v2`), whose
 * sum starts at its own row and runs over rows already updated by j:
 * up (next = j+1): row j updated; row j+1 updated and taken as the start of the sum; then both;
 * down (next = j-1): the sum starts at row j-1 (which j does not touch); row j and below both.
 */
function fusedPass(s: Sweep, j: Local, up: boolean, x: Local[]): Code {
  const update = (q: number, withV: boolean): Code =>
    set(x[q], f64x2.sub(pairAt(s, q), withV ? f64x2.mul(get(s.tw[q]), get(s.vs)) : get(s.tw[q])));
  const accumulate = (q: number): Code => set(s.acc[q], f64x2.add(get(s.acc[q]), f64x2.mul(get(s.vs2), get(x[q]))));
  const both = seq(
    loadV(s, true),
    each(s, (q) => seq(update(q, true), storePair(s, q, get(x[q])), accumulate(q))),
  );
  if (up) {
    return seq(
      set(s.row, i32.mul(get(j), ROW)),
      each(s, (q) => seq(update(q, false), storePair(s, q, get(x[q])))),
      set(s.row, i32.add(get(s.row), ROW)),
      loadV(s, false),
      each(s, (q) => seq(update(q, true), storePair(s, q, get(x[q])), set(s.acc[q], get(x[q])))),
      set(s.row, i32.add(get(s.row), ROW)),
      rows(s, both),
    );
  }
  return seq(
    set(s.row, i32.mul(i32.sub(get(j), i32.const(1)), ROW)),
    each(s, (q) => set(s.acc[q], pairAt(s, q))),
    set(s.row, i32.add(get(s.row), ROW)),
    set(s.vs2, splatV(s, s.v2)),
    each(s, (q) => seq(update(q, false), storePair(s, q, get(x[q])), accumulate(q))),
    set(s.row, i32.add(get(s.row), ROW)),
    rows(s, both),
  );
}

function sweepFunction(m: ModuleBuilder, name: string, pairs: number, up: boolean): void {
  m.func(name, [I32, I32, I32, I32, I32, I32], [], (f: FunctionBuilder) => {
    const [target, rowsCount, base, tau, jFirst, count] = [0, 1, 2, 3, 4, 5].map((k) => f.param(k));
    const acc: Local[] = [];
    const tw: Local[] = [];
    const x: Local[] = [];
    for (let q = 0; q < pairs; q++) {
      acc.push(f.local(V128));
      tw.push(f.local(V128));
      x.push(f.local(V128));
    }
    const s: Sweep = {
      pairs,
      target,
      m: rowsCount,
      base,
      acc,
      tw,
      row: f.local(I32),
      end: f.local(I32),
      v: f.local(I32),
      v2: f.local(I32),
      vs: f.local(V128),
      vs2: f.local(V128),
    };
    const t = f.local(I32);
    const j = f.local(I32);
    const j2 = f.local(I32);
    const haveDot = f.local(I32);
    const tauJ = f.local(F64);
    const done = label('done');
    const next = label('next');
    const step = up ? 1 : -1;
    const tauAt = (index: Code): Code => f64.load(i32.add(get(tau), i32.shl(index, i32.const(3))));
    return [
      set(s.end, i32.mul(get(rowsCount), ROW)),
      block(
        done,
        loop(
          next,
          brIf(done, i32.geU(get(t), get(count))),
          set(j, i32.add(get(jFirst), i32.mul(get(t), i32.const(step)))),
          set(tauJ, tauAt(get(j))),
          // dlarf does nothing for tau = 0 (H = I): no dot product, no update
          ifThen(
            f64.ne(get(tauJ), f64.const(0)),
            [
              set(s.v, vectorAddress(s, get(j))),
              ifThen(i32.eqz(get(haveDot)), [dotPass(s, j)]),
              each(s, (q) => set(s.tw[q], f64x2.mul(f64x2.splat(get(tauJ)), get(s.acc[q])))),
              set(j2, i32.add(get(j), i32.const(step))),
              set(haveDot, i32.const(0)),
              ifThen(i32.ltU(i32.add(get(t), i32.const(1)), get(count)), [
                ifThen(f64.ne(tauAt(get(j2)), f64.const(0)), [set(haveDot, i32.const(1))]),
              ]),
              ifThen(get(haveDot), [set(s.v2, vectorAddress(s, get(j2))), fusedPass(s, j, up, x)], [axpyPass(s, j)]),
            ],
            [set(haveDot, i32.const(0))],
          ),
          set(t, i32.add(get(t), i32.const(1))),
          br(next),
        ),
      ),
    ];
  });
}

/** Builds the module's bytes. */
export function buildQrModule(): Uint8Array {
  const m = new ModuleBuilder();
  m.importMemory('env', 'memory', 1);
  sweepFunction(m, 'sweep4Up', 4, true);
  sweepFunction(m, 'sweep4Down', 4, false);
  sweepFunction(m, 'sweep1Up', 1, true);
  sweepFunction(m, 'sweep1Down', 1, false);
  return m.encode();
}
