/**
 * Memory layout of the random engine's WebAssembly module, shared by the code that builds the
 * module (rngKernels.ts) and the code that drives it (../fastFill.ts). Byte offsets.
 */

/** PCG64 state as little-endian uint32 words: state s0..s3 (0-15), increment i0..i3 (16-31), last output lo, hi (32-39). */
export const RNG_STATE = 0;
/** numpy's ki_double as 256 doubles (exact: every entry is below 2^52). */
export const RNG_KI = 1024;
/** numpy's wi_double, 256 doubles. */
export const RNG_WI = RNG_KI + 2048;
/** numpy's fi_double, 256 doubles. */
export const RNG_FI = RNG_WI + 2048;
/** Output buffer: the kernels write values here, the caller copies them out. */
export const RNG_OUT = 65536;
/** Size of the output buffer in bytes (8192 doubles or 16384 floats). */
export const RNG_OUT_BYTES = 65536;
/** Pages of 64 KiB the module's memory needs. */
export const RNG_PAGES = 2;

/** `fillNormal` modes. */
export const NORMAL_STANDARD = 0;
export const NORMAL_AFFINE = 1;
export const NORMAL_KERAS_TRUNCATED = 2;
