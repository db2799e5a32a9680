/**
 * The random engine's WebAssembly kernels, written with the emitter in assembler.ts: numpy's
 * PCG64 on native 64-bit integers, with the uniform and ziggurat-normal fills of
 * distributions.ts performing the same double operations in the same order (the uniform's one
 * product regrouped where that provably rounds the same, see fillUniform), so they write the
 * same bits. Wasm forbids contracting a*b + c into an FMA, so every product and sum is rounded
 * as in JavaScript. Run by scripts/build-wasm.ts; the bytes are committed in rngWasm.ts.
 *
 * Exports: `fillUniform(ptr, count, low, rangeScaled, single)` and
 * `fillNormal(ptr, count, mode, loc, scale, lower, upper, single)`, which read the PCG64 state
 * from RNG_STATE, write `count` values at `ptr` (float32 when `single` is 1, else float64) and
 * store the advanced state and the last raw output back. Imports: `env.exp` (the host's
 * Math.exp, as the JavaScript wedge test) and `env.log1p` (the glibc port, as the tail).
 */
import { ZIGGURAT_NOR_INV_R, ZIGGURAT_NOR_R } from '../zigguratTables';
import {
  F64,
  I32,
  I64,
  ModuleBuilder,
  block,
  br,
  brIf,
  call,
  f32,
  f64,
  get,
  i32,
  i64,
  ifElse,
  ifThen,
  label,
  loop,
  seq,
  set,
  type Code,
  type FunctionBuilder,
  type Local,
} from '../../wasm/assembler';
import { NORMAL_AFFINE, NORMAL_KERAS_TRUNCATED, NORMAL_STANDARD, RNG_FI, RNG_KI, RNG_PAGES, RNG_STATE, RNG_WI } from './rngLayout';

// PCG_DEFAULT_MULTIPLIER_128 = MH·2^64 + ML, and ML's 32-bit halves.
const ML = 4865540595714422341n;
const MH = 2549297995355413924n;
const ML0 = ML & 0xffffffffn;
const ML1 = ML >> 32n;
const MASK32 = 0xffffffffn;
const MASK52 = (1n << 52n) - 1n;
const TWO_POW_MINUS_53 = 1 / 9007199254740992;

/** The PCG64 state held in locals for the length of one fill. */
interface Engine {
  readonly sl: Local;
  readonly sh: Local;
  readonly il: Local;
  readonly ih: Local;
  readonly a0: Local;
  readonly a1: Local;
  readonly t: Local;
  readonly u: Local;
  readonly lo: Local;
}

function engineLocals(f: FunctionBuilder): Engine {
  return {
    sl: f.local(I64),
    sh: f.local(I64),
    il: f.local(I64),
    ih: f.local(I64),
    a0: f.local(I64),
    a1: f.local(I64),
    t: f.local(I64),
    u: f.local(I64),
    lo: f.local(I64),
  };
}

const stateAddr = i32.const(RNG_STATE);

function loadEngine(e: Engine): Code {
  return seq(
    set(e.sl, i64.load(stateAddr, 0)),
    set(e.sh, i64.load(stateAddr, 8)),
    set(e.il, i64.load(stateAddr, 16)),
    set(e.ih, i64.load(stateAddr, 24)),
  );
}

function storeEngine(e: Engine, last: Local): Code {
  return seq(i64.store(stateAddr, get(e.sl), 0), i64.store(stateAddr, get(e.sh), 8), i64.store(stateAddr, get(last), 32));
}

/**
 * pcg64_next64 into `out`: state = state·M + inc (mod 2^128), then XSL-RR
 * rotr64(hi ^ lo, hi >> 58). wasm has no 64×64→128 multiply, so the high word of sl·ML is
 * assembled from 32×32-bit partial products with a1 = sl >> 32, a0 = sl & (2^32 - 1):
 * t = a1·ML0 + (a0·ML0 >> 32), u = a0·ML1 + (t & (2^32 - 1)), hi64 = a1·ML1 + (t >> 32) + (u >> 32)
 * (no partial sum exceeds 2^64). sh·ML is added last so the loop-carried chain through sh is one
 * multiply and one add long.
 */
function next64(e: Engine, out: Local): Code {
  const c = i64.const;
  return seq(
    set(e.a1, i64.shrU(get(e.sl), c(32n))),
    set(e.a0, i64.and(get(e.sl), c(MASK32))),
    set(e.t, i64.add(i64.mul(get(e.a1), c(ML0)), i64.shrU(i64.mul(get(e.a0), c(ML0)), c(32n)))),
    set(e.u, i64.add(i64.mul(get(e.a0), c(ML1)), i64.and(get(e.t), c(MASK32)))),
    // lo64(state·M + inc); the carry out of it is (lo < il)
    set(e.lo, i64.add(i64.mul(get(e.sl), c(ML)), get(e.il))),
    // hi64 = hi64(sl·ML) + lo64(sl·MH) + ih + carry + lo64(sh·ML)
    set(
      e.sh,
      i64.add(
        i64.add(
          i64.add(
            i64.add(
              i64.add(i64.add(i64.mul(get(e.a1), c(ML1)), i64.shrU(get(e.t), c(32n))), i64.shrU(get(e.u), c(32n))),
              i64.mul(get(e.sl), c(MH)),
            ),
            get(e.ih),
          ),
          i64.extendI32U(i64.ltU(get(e.lo), get(e.il))),
        ),
        i64.mul(get(e.sh), c(ML)),
      ),
    ),
    set(e.sl, get(e.lo)),
    set(out, i64.rotr(i64.xor(get(e.sh), get(e.sl)), i64.shrU(get(e.sh), c(58n)))),
  );
}

/**
 * next_double from a raw output: (r >> 11) · 2^-53, exact. (r >> 11 < 2^53 is non-negative as a
 * signed integer, so the signed conversion, one instruction on x64, gives the same double.)
 */
function toDouble(r: Local): Code {
  return f64.mul(f64.convertI64S(i64.shrU(get(r), i64.const(11n))), f64.const(TWO_POW_MINUS_53));
}

/** Stores `value` at element `index` of the output: float32 (RNE) or float64. */
function storeValue(ptr: Local, index: Local, single: boolean, value: Local): Code {
  return single
    ? f32.store(i32.add(get(ptr), i32.shl(get(index), i32.const(2))), f32.demoteF64(get(value)))
    : f64.store(i32.add(get(ptr), i32.shl(get(index), i32.const(3))), get(value));
}

/** The element loop twice, specialized for float32 and float64 output, chosen once per call. */
function byOutputType(single: Local, loopFor: (single: boolean) => Code): Code {
  return ifThen(get(single), [loopFor(true)], [loopFor(false)]);
}

/** Builds the module's bytes. */
export function buildRngModule(): Uint8Array {
  const m = new ModuleBuilder();
  const exp = m.importFunction('env', 'exp', [F64], [F64]);
  const log1p = m.importFunction('env', 'log1p', [F64], [F64]);
  m.memory(RNG_PAGES);

  // fillUniform: random_uniform_fill, out[i] = low + range·next_double, computed as
  // low + (range·2^-53)·(r >> 11): the caller passes rangeScaled = range·2^-53, which is exact
  // when it is a normal double, and then both forms are one rounding of the same real product.
  m.func('fillUniform', [I32, I32, F64, F64, I32], [], (f) => {
    const [ptr, count, low, rangeScaled, single] = [0, 1, 2, 3, 4].map((i) => f.param(i));
    const e = engineLocals(f);
    const r = f.local(I64);
    const i = f.local(I32);
    const v = f.local(F64);
    const quads = label('quads');
    const nextQuad = label('nextQuad');
    const done = label('done');
    const next = label('next');
    return [
      loadEngine(e),
      byOutputType(single, (isSingle) => {
        const one = seq(
          next64(e, r),
          set(v, f64.add(get(low), f64.mul(get(rangeScaled), f64.convertI64S(i64.shrU(get(r), i64.const(11n)))))),
          storeValue(ptr, i, isSingle, v),
          set(i, i32.add(get(i), i32.const(1))),
        );
        // four values per iteration while four remain (fewer loop branches), then one by one
        return seq(
          block(quads, loop(nextQuad, brIf(quads, i32.gtS(i32.add(get(i), i32.const(4)), get(count))), one, one, one, one, br(nextQuad))),
          block(done, loop(next, brIf(done, i32.geU(get(i), get(count))), one, br(next))),
        );
      }),
      storeEngine(e, r),
    ];
  });

  // The ziggurat's rare branches (~0.7 % of draws), kept out of the hot loop so that its
  // registers are not spilled around the calls: given a draw r whose point fell outside the
  // layer's rectangle, and its x, returns the accepted value or NaN to draw again (no accepted
  // value is NaN). The engine's state goes through memory, with the last output.
  const outside = m.func(null, [I64, F64], [F64], (f) => {
    const r = f.param(0);
    const x = f.param(1);
    const e = engineLocals(f);
    const t = f.local(I64);
    const idx = f.local(I32);
    const xx = f.local(F64);
    const yy = f.local(F64);
    const result = f.local(F64);
    const finish = label('finish');
    const tail = label('tail');
    const c64 = i64.const;
    const table = (base: number, index: Code): Code => f64.load(i32.shl(index, i32.const(3)), base);
    return [
      loadEngine(e),
      set(idx, i32.and(i32.wrapI64(get(r)), i32.const(0xff))),
      set(result, f64.const(NaN)),
      block(
        finish,
        ifThen(
          i32.eqz(get(idx)),
          [
            // tail beyond r (Marsaglia's exponential method); the sign is bit 17 of the draw
            loop(
              tail,
              next64(e, t),
              set(xx, f64.mul(f64.const(-ZIGGURAT_NOR_INV_R), call(log1p, f64.neg(toDouble(t))))),
              next64(e, t),
              set(yy, f64.neg(call(log1p, f64.neg(toDouble(t))))),
              ifThen(f64.gt(f64.add(get(yy), get(yy)), f64.mul(get(xx), get(xx))), [
                set(
                  result,
                  ifElse(
                    F64,
                    i32.and(i32.wrapI64(i64.shrU(get(r), c64(17n))), i32.const(1)),
                    f64.neg(f64.add(f64.const(ZIGGURAT_NOR_R), get(xx))),
                    f64.add(f64.const(ZIGGURAT_NOR_R), get(xx)),
                  ),
                ),
                br(finish),
              ]),
              br(tail),
            ),
          ],
          [
            // wedge: accept when (fi[idx-1] - fi[idx])·u + fi[idx] < exp(-0.5·x·x)
            next64(e, t),
            ifThen(
              f64.lt(
                f64.add(f64.mul(f64.sub(table(RNG_FI - 8, get(idx)), table(RNG_FI, get(idx))), toDouble(t)), table(RNG_FI, get(idx))),
                call(exp, f64.mul(f64.mul(f64.const(-0.5), get(x)), get(x))),
              ),
              [set(result, get(x))],
            ),
          ],
        ),
      ),
      storeEngine(e, t),
      get(result),
    ];
  });

  // fillNormal: random_standard_normal (numpy's ziggurat, keras-spec.md §4.3), then by mode
  // z, loc + scale·z, or Keras's truncated normal (redraw until lower <= loc + scale·z <= upper).
  m.func('fillNormal', [I32, I32, I32, F64, F64, F64, F64, I32], [], (f) => {
    const [ptr, count, mode, loc, scale, lower, upper, single] = [0, 1, 2, 3, 4, 5, 6, 7].map((k) => f.param(k));
    const e = engineLocals(f);
    const r = f.local(I64);
    const last = f.local(I64);
    const i = f.local(I32);
    const idx = f.local(I32);
    const rabs = f.local(F64);
    const x = f.local(F64);
    const v = f.local(F64);
    const done = label('done');
    const element = label('element');
    const got = label('got');
    const draw = label('draw');
    const c64 = i64.const;
    const table = (base: number, index: Code): Code => f64.load(i32.shl(index, i32.const(3)), base);
    /** The element loop for one output type and one mode (each specialized: no per-value dispatch). */
    const elementLoop = (isSingle: boolean, kind: number): Code =>
      block(
        done,
        loop(
          element,
          brIf(done, i32.geU(get(i), get(count))),
          seq(
            block(
              got,
              loop(
                draw,
                next64(e, r),
                set(last, get(r)),
                set(idx, i32.and(i32.wrapI64(get(r)), i32.const(0xff))),
                // rabs = (r >> 9) & (2^52 - 1), exact as a double (non-negative: signed conversion)
                set(rabs, f64.convertI64S(i64.and(i64.shrU(get(r), c64(9n)), c64(MASK52)))),
                set(x, f64.mul(get(rabs), table(RNG_WI, get(idx)))),
                // if bit 8: x = -x, as a sign-bit flip (a data-dependent branch here would be
                // mispredicted on half the draws)
                set(x, f64.reinterpretI64(i64.xor(i64.reinterpretF64(get(x)), i64.shl(i64.and(get(r), c64(0x100n)), c64(55n))))),
                // inside the layer's rectangle: ~99.3 % of draws
                brIf(got, f64.lt(get(rabs), table(RNG_KI, get(idx)))),
                storeEngine(e, r),
                set(x, call(outside, get(r), get(x))),
                set(e.sl, i64.load(stateAddr, 0)),
                set(e.sh, i64.load(stateAddr, 8)),
                set(last, i64.load(stateAddr, 32)),
                brIf(got, f64.eq(get(x), get(x))),
                br(draw),
              ),
            ),
            kind === NORMAL_STANDARD ? set(v, get(x)) : set(v, f64.add(get(loc), f64.mul(get(scale), get(x)))),
          ),
          storeValue(ptr, i, isSingle, v),
          // Keras's truncation keeps v only when lower <= v <= upper: the slot is written either
          // way and the index advances only on acceptance (no branch to mispredict).
          set(
            i,
            i32.add(
              get(i),
              kind === NORMAL_KERAS_TRUNCATED ? i32.and(f64.ge(get(v), get(lower)), f64.le(get(v), get(upper))) : i32.const(1),
            ),
          ),
          br(element),
        ),
      );
    const byMode = (isSingle: boolean): Code =>
      ifThen(
        i32.eq(get(mode), i32.const(NORMAL_STANDARD)),
        [elementLoop(isSingle, NORMAL_STANDARD)],
        [
          ifThen(
            i32.eq(get(mode), i32.const(NORMAL_AFFINE)),
            [elementLoop(isSingle, NORMAL_AFFINE)],
            [elementLoop(isSingle, NORMAL_KERAS_TRUNCATED)],
          ),
        ],
      );
    return [loadEngine(e), ifThen(get(single), [byMode(true)], [byMode(false)]), storeEngine(e, last)];
  });
  return m.encode();
}
