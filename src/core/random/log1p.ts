/**
 * log1p exactly as glibc computes it on x86-64 CPUs with FMA and AVX2, which is what numpy's
 * ziggurat tail calls on Linux. glibc's source is sysdeps/ieee754/dbl-64/s_log1p.c (fdlibm); on
 * such CPUs an ifunc selects `__log1p_fma`, the same C compiled with -mfma, where GCC fused the
 * products marked `fma` below (read off the machine code of Debian's glibc 2.36 libm, and
 * checked against it on a million tail inputs: test/unit/randomLog1p.test.ts). The plain fdlibm
 * evaluation differs from it by 1 ulp on about 0.04 % of tail inputs, V8's Math.log1p on about
 * 0.07 %, and tail values are returned directly by the normal sampler, so the exact port matters.
 *
 * Method (fdlibm): reduce 1+x = 2^k * (1+f) with sqrt(2)/2 < 1+f < sqrt(2), keep the rounding
 * error of 1+x in c, then log(1+f) = f - (hfsq - s*(hfsq+R)) with s = f/(2+f) and a minimax
 * polynomial R(s^2) evaluated in glibc's Estrin-like order.
 */
import { fma } from './fma';

const LN2_HI = 6.9314718036912381649e-1; // 0x3fe62e42 fee00000
const LN2_LO = 1.90821492927058770002e-10; // 0x3dea39ef 35793c76
const LP1 = 6.66666666666673513e-1; // 0x3FE55555 55555593
const LP2 = 3.999999999940941908e-1; // 0x3FD99999 9997FA04
const LP3 = 2.857142874366239149e-1; // 0x3FD24924 94229359
const LP4 = 2.222219843214978396e-1; // 0x3FCC71C5 1D8E78AF
const LP5 = 1.818357216161805012e-1; // 0x3FC74664 96CB03DE
const LP6 = 1.531383769920937332e-1; // 0x3FC39A09 D078C69F
const LP7 = 1.479819860511658591e-1; // 0x3FC2F112 DF3E5244

// Word access to a double (GET_HIGH_WORD / SET_HIGH_WORD). DataView's default big-endian order
// puts the high word at byte 0 on every platform.
const scratch = new DataView(new ArrayBuffer(8));

function highWord(x: number): number {
  scratch.setFloat64(0, x);
  return scratch.getInt32(0);
}

function withHighWord(x: number, hi: number): number {
  scratch.setFloat64(0, x);
  scratch.setInt32(0, hi);
  return scratch.getFloat64(0);
}

/** glibc's `log1p(x)` (x86-64 FMA variant), bit for bit. */
export function log1p(x: number): number {
  const hx = highWord(x); // signed, as fdlibm's int32 hx
  const ax = hx & 0x7fffffff;
  let k = 1;
  let f = 0;
  let c = 0;
  let hu = 0;
  if (hx < 0x3fda827a) {
    // x < 0.41422
    if (ax >= 0x3ff00000) {
      // x <= -1.0
      return x === -1 ? -Infinity : NaN;
    }
    if (ax < 0x3e200000) {
      // |x| < 2^-29: the series' second term is all that survives rounding
      if (ax < 0x3c900000) return x; // |x| < 2^-54
      return fma(-(x * x), 0.5, x); // x - x*x*0.5
    }
    if (hx > 0 || hx <= (0xbfd2bec3 | 0)) {
      // -0.2929 < x < 0.41422: no reduction needed
      k = 0;
      f = x;
      hu = 1;
    }
  } else if (hx >= 0x7ff00000) {
    return x + x; // +inf or NaN
  }
  if (k !== 0) {
    let u: number;
    if (hx < 0x43400000) {
      u = 1.0 + x;
      hu = highWord(u);
      k = (hu >> 20) - 1023;
      c = k > 0 ? 1.0 - (u - x) : x - (u - 1.0); // correction term for the rounding of 1+x
      c /= u;
    } else {
      u = x;
      hu = highWord(u);
      k = (hu >> 20) - 1023;
      c = 0;
    }
    hu &= 0x000fffff;
    if (hu < 0x6a09e) {
      u = withHighWord(u, hu | 0x3ff00000); // normalize u
    } else {
      k += 1;
      u = withHighWord(u, hu | 0x3fe00000); // normalize u/2
      hu = (0x00100000 - hu) >> 2;
    }
    f = u - 1.0;
  }
  const hfsq = 0.5 * f * f;
  if (hu === 0) {
    // |f| < 2^-20
    if (f === 0) {
      if (k === 0) return 0;
      c = fma(k, LN2_LO, c); // c += k*ln2_lo
      return fma(k, LN2_HI, c); // k*ln2_hi + c
    }
    const r = hfsq * fma(-f, 0.66666666666666666, 1.0); // hfsq * (1 - 0.666...*f)
    if (k === 0) return f - r;
    return fma(k, LN2_HI, -(r - fma(k, LN2_LO, c) - f)); // k*ln2_hi - ((R - (k*ln2_lo + c)) - f)
  }
  const s = f / (2.0 + f);
  const z = s * s;
  // glibc's evaluation order (not fdlibm's Horner form): R = R1 + z2*R2 + z4*R3 + z6*R4 with
  // R1 = z*Lp1, R2 = Lp2 + z*Lp3, R3 = Lp4 + z*Lp5, R4 = Lp6 + z*Lp7. The products z2*R2 and
  // s*(hfsq+R) stay separately rounded (their results feed an FMA or two branches).
  const z2 = z * z;
  const z4 = z2 * z2;
  const z6 = z4 * z2;
  const r2 = fma(z, LP3, LP2);
  const r3 = fma(z, LP5, LP4);
  const r4 = fma(z, LP7, LP6);
  const R = fma(z6, r4, fma(z4, r3, fma(z, LP1, z2 * r2)));
  const t = s * (hfsq + R);
  if (k === 0) return f - (hfsq - t);
  return fma(k, LN2_HI, -(hfsq - (t + fma(k, LN2_LO, c)) - f)); // k*ln2_hi - ((hfsq - (t + (k*ln2_lo + c))) - f)
}
