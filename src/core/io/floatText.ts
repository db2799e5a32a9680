/**
 * Decimal text for float values that reads back to the identical float: the shortest decimal d such
 * that `parseFloat(d)` rounded to the value's dtype (Math.fround for float32, round-half-even to
 * binary16 for float16) gives the same bits. This is the reading path of JavaScript, of Python's
 * `json` + `numpy.asarray(dtype=...)` and of `numpy.loadtxt` (which parse to double, then cast).
 */
import type { FloatDType } from '../types';
import { toFloat16Bits } from '../random/casts';

/**
 * Spelling of non-finite values in JSON and CSV: strings that Python's `float()` and
 * `numpy.loadtxt` read back ('nan', 'inf', '-inf'), which JSON numbers cannot express.
 */
export const NON_FINITE_TEXT = { nan: 'nan', inf: 'inf', negInf: '-inf' } as const;

/** Significant digits that always suffice to round-trip (IEEE 754 §5.12.2: 9 for binary32, 5 for binary16). */
const MAX_DIGITS: Readonly<Record<'float32' | 'float16', number>> = { float32: 9, float16: 5 };

/** A positive decimal `digits × 10^exponent` (digits an integer without leading zeros). */
interface Decimal {
  readonly digits: number;
  readonly exponent: number;
}

function valueOf(d: Decimal): number {
  return Number(`${d.digits}e${d.exponent}`);
}

/**
 * The p-significant-digit decimal nearest to `x` (x > 0) if it reads back as `x`, else its
 * neighbour on the other side of `x`, else undefined. Every value that reads back as `x` lies in one
 * interval around `x`, so if any p-digit decimal does, one of these two does. When `x` lies exactly
 * halfway between two p-digit decimals that both read back, the even one is taken, as numpy's
 * Dragon4 and JavaScript's Number::toString do (toExponential alone would take the larger).
 */
function candidate(x: number, p: number, readsBack: (v: number) => boolean): Decimal | undefined {
  const text = x.toExponential(p - 1);
  const e = text.indexOf('e');
  const digits = Number(text.slice(0, e).replace('.', ''));
  const exponent = Number(text.slice(e + 1)) - (p - 1);
  const v = Number(text);
  if (readsBack(v)) {
    if (digits % 2 === 1 && mayBeHalfway(x, exponent + p - 1) && isHalfway(x, p)) {
      // toExponential rounded the tie up, so the even neighbour is one unit below.
      const even = { digits: digits - 1, exponent };
      if (even.digits > 0 && readsBack(valueOf(even))) return even;
    }
    return { digits, exponent };
  }
  const other = { digits: v < x ? digits + 1 : digits - 1, exponent };
  return other.digits > 0 && readsBack(valueOf(other)) ? other : undefined;
}

/**
 * A quick necessary condition for a tie: a binary fraction whose lowest set bit is 2^E (E < 0) has
 * exactly -E decimals, so it has at most 10 significant digits only if x × 2^(10 - decimalExponent)
 * is an integer (one spare power for a decimal exponent one too high). Weights almost never are.
 */
function mayBeHalfway(x: number, decimalExponent: number): boolean {
  return Number.isInteger(x * 2 ** (10 - decimalExponent));
}

/** Whether x is exactly halfway between two p-digit decimals, i.e. exactly a (p+1)-digit decimal ending in 5. */
function isHalfway(x: number, p: number): boolean {
  const finer = x.toExponential(p);
  const e = finer.indexOf('e');
  // Cheap filter first; the exact comparison below runs only for the rare candidates.
  if (finer[e - 1] !== '5' || Number(finer) !== x) return false;
  return equalsExactly(x, BigInt(finer.slice(0, e).replace('.', '')), Number(finer.slice(e + 1)) - p);
}

/** Whether the double x (> 0) equals digits × 10^power exactly, in integer arithmetic. */
function equalsExactly(x: number, digits: bigint, power: number): boolean {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const hi = view.getUint32(0);
  const biased = hi >>> 20;
  const fraction = (BigInt(hi & 0xfffff) << 32n) | BigInt(view.getUint32(4));
  // x = mantissa × 2^exp2 (IEEE 754 binary64: subnormals have no implicit bit and exponent -1074).
  const mantissa = biased === 0 ? fraction : fraction | (1n << 52n);
  const exp2 = (biased === 0 ? 1 : biased) - 1075;
  let left = mantissa;
  let right = digits;
  if (exp2 >= 0) left <<= BigInt(exp2);
  else right <<= BigInt(-exp2);
  if (power >= 0) right *= 10n ** BigInt(power);
  else left *= 10n ** BigInt(-power);
  return left === right;
}

/**
 * Shortest round-trip decimal of a positive finite value. Validity is monotone in the digit count
 * (valid at p ⇒ valid at p+1), so: try `maxDigits - 1` (float32 weights mostly need 7 or 8 digits),
 * go up once if that fails, else walk down until a digit count fails.
 */
function shortestPositive(x: number, maxDigits: number, readsBack: (v: number) => boolean): Decimal {
  let best = candidate(x, maxDigits - 1, readsBack);
  if (best === undefined) {
    best = candidate(x, maxDigits, readsBack);
    if (best === undefined) throw new Error(`no ${maxDigits}-digit decimal reads back as ${x}`);
    return best;
  }
  for (let p = maxDigits - 2; p >= 1; p--) {
    const shorter = candidate(x, p, readsBack);
    if (shorter === undefined) break;
    best = shorter;
  }
  return best;
}

/**
 * JavaScript's spelling of a positive decimal (ECMAScript Number::toString, steps for radix 10):
 * plain notation for decimal exponents from -6 to 20, else "d.ddde±x"; so "0.1", "1e-7", "3.4028235e+38".
 */
function jsSpelling({ digits, exponent }: Decimal): string {
  let d = digits;
  let power = exponent;
  while (d % 10 === 0) {
    d /= 10;
    power++;
  }
  const s = String(d);
  const k = s.length;
  const n = power + k; // value = 0.s × 10^n
  if (k <= n && n <= 21) return s + '0'.repeat(n - k);
  if (0 < n && n <= 21) return `${s.slice(0, n)}.${s.slice(n)}`;
  if (-6 < n && n <= 0) return `0.${'0'.repeat(-n)}${s}`;
  const e = n - 1;
  const mantissa = k === 1 ? s : `${s[0]}.${s.slice(1)}`;
  return `${mantissa}e${e < 0 ? '-' : '+'}${Math.abs(e)}`;
}

/**
 * Text for one value of a tensor of `dtype`. `value` is the number the typed array holds
 * (for float16, the decoded half, see `float16BitsToNumber`). Zero keeps its sign as "-0.0", because
 * Python's `json` reads "-0" as the integer 0.
 */
export function formatFloat(value: number, dtype: FloatDType): string {
  if (Number.isNaN(value)) return NON_FINITE_TEXT.nan;
  if (value === Infinity) return NON_FINITE_TEXT.inf;
  if (value === -Infinity) return NON_FINITE_TEXT.negInf;
  if (value === 0) return Object.is(value, -0) ? '-0.0' : '0';
  // ECMAScript Number::toString is already the shortest round-trip decimal for a double.
  if (dtype === 'float64') return String(value);
  const magnitude = Math.abs(value);
  const text = jsSpelling(
    dtype === 'float32'
      ? shortestPositive(magnitude, MAX_DIGITS.float32, (v) => Math.fround(v) === magnitude)
      : shortestPositive(magnitude, MAX_DIGITS.float16, halfReader(toFloat16Bits(magnitude))),
  );
  return value < 0 ? `-${text}` : text;
}

function halfReader(bits: number): (v: number) => boolean {
  return (v) => toFloat16Bits(v) === bits;
}
