/**
 * Correctly rounded fused multiply-add, fl(a*b + c) with a single rounding, in plain doubles.
 *
 * Boldo & Melquiond, "Emulation of FMA and correctly-rounded sums: proved algorithms using
 * rounding to odd" (IEEE Trans. Computers 57(4), 2008): a*b = uh + ul exactly (Dekker's
 * product with Veltkamp splitting), c + uh = th + tl exactly (Knuth's TwoSum), then
 * fl(th + RO(tl + ul)), where RO rounds to odd. Exact as long as nothing overflows and a*b's
 * error term does not underflow (|a*b| well above 2^-969), which holds wherever it is used here.
 */

const SPLITTER = 134217729; // 2^27 + 1, Veltkamp's constant for 53-bit doubles
const bits = new DataView(new ArrayBuffer(8));

/** The double next to s in the direction of `toward`'s sign (s finite, nonzero). */
function nextToward(s: number, towardSign: number): number {
  bits.setFloat64(0, s);
  let hi = bits.getUint32(0);
  let lo = bits.getUint32(4);
  // Moving away from zero increments the magnitude's bit pattern; toward zero decrements it.
  if (s > 0 === towardSign > 0) {
    lo = (lo + 1) >>> 0;
    if (lo === 0) hi = (hi + 1) >>> 0;
  } else {
    if (lo === 0) hi = (hi - 1) >>> 0;
    lo = (lo - 1) >>> 0;
  }
  bits.setUint32(0, hi);
  bits.setUint32(4, lo);
  return bits.getFloat64(0);
}

/** x + y rounded to odd: of the two doubles around the exact sum, the one with an odd significand. */
function addRoundToOdd(x: number, y: number): number {
  const s = x + y;
  const bb = s - x;
  const err = x - (s - bb) + (y - bb); // TwoSum: x + y = s + err exactly
  if (err === 0) return s;
  bits.setFloat64(0, s);
  if (bits.getUint32(4) & 1) return s;
  return nextToward(s, err);
}

/** fma(a, b, c) = a*b + c rounded once to nearest even (C's `fma`). */
export function fma(a: number, b: number, c: number): number {
  const p = a * b;
  if (p === 0 || c === 0 || !Number.isFinite(p) || !Number.isFinite(c)) {
    // A zero term leaves one rounding (p, or c exactly); infinities and NaN propagate the same.
    return p + c;
  }
  // Dekker: a*b = p + e exactly.
  let t = SPLITTER * a;
  const ah = t - (t - a);
  const al = a - ah;
  t = SPLITTER * b;
  const bh = t - (t - b);
  const bl = b - bh;
  const e = ah * bh - p + ah * bl + al * bh + al * bl;
  // TwoSum: c + p = th + tl exactly.
  const th = c + p;
  const bv = th - c;
  const tl = c - (th - bv) + (p - bv);
  return th + addRoundToOdd(tl, e);
}
