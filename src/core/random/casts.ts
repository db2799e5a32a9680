/**
 * numpy's `astype` casts from float64 that JavaScript has no typed array for.
 *
 * float16 (npy_double_to_half): round to nearest, ties to even, directly from the double
 * (rounding via float32 first would double-round), overflow to ±inf, gradual underflow to
 * subnormals. float32 needs nothing here: a Float32Array store is already that rounding.
 */

const view = new DataView(new ArrayBuffer(8));
const TWO_POW_52 = 4503599627370496;
/** Smallest positive normal half, 2^-14. */
const MIN_NORMAL = 6.103515625e-5;
/** Halfway between the largest half (65504) and 2^16: from here on RNE rounds to infinity. */
const OVERFLOW_THRESHOLD = 65520;

/** Round a non-negative double below 2^52 to an integer, ties to even (one IEEE addition does it). */
function roundHalfEven(v: number): number {
  return v + TWO_POW_52 - TWO_POW_52;
}

/**
 * The float16 bit pattern nearest to `x` (ties to even), as numpy's float64 → float16 cast.
 * NaN maps to the quiet NaN 0x7e00 with the sign of `x` (numpy keeps payload bits; JavaScript
 * arithmetic only makes the default NaN, which numpy maps to 0x7e00 too).
 */
export function toFloat16Bits(x: number): number {
  view.setFloat64(0, x);
  const sign = (view.getUint32(0) >>> 16) & 0x8000;
  const a = Math.abs(x);
  if (a !== a) return sign | 0x7e00;
  if (a >= OVERFLOW_THRESHOLD) return sign | 0x7c00;
  if (a < MIN_NORMAL) {
    // Subnormal range: multiples of 2^-24; a * 2^24 is exact, and 1024 (a carry into the
    // smallest normal) is encoded correctly by the same sum.
    return sign | roundHalfEven(a * 16777216);
  }
  // Normal: a = m * 2^e with 1 <= m < 2; keep 11 significant bits. The exponent comes from the
  // double's bits (Math.log2 is not exact near powers of two).
  view.setFloat64(0, a);
  const e = (view.getUint32(0) >>> 20) - 1023;
  const q = roundHalfEven(a * 2 ** (10 - e)); // in [1024, 2048]; 2048 carries into the exponent
  return sign | (((e + 15) << 10) + q - 1024);
}

/** The value of a float16 bit pattern, as a double (exact). */
export function float16BitsToNumber(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exp = (bits >>> 10) & 0x1f;
  const frac = bits & 0x3ff;
  if (exp === 0) return sign * frac * 5.960464477539063e-8; // frac * 2^-24
  if (exp === 31) return frac === 0 ? sign * Infinity : NaN;
  return sign * (1024 + frac) * 2 ** (exp - 25);
}

/**
 * numpy's float64 → int32 `astype` on x86-64: truncation toward zero; NaN, ±inf and values
 * outside the int32 range become -2^31 (cvttsd2si's "integer indefinite"; numpy warns
 * "invalid value encountered in cast"). An Int32Array store would wrap modulo 2^32 instead.
 */
export function toInt32(x: number): number {
  return x > -2147483649 && x < 2147483648 ? x | 0 : -2147483648;
}
