/**
 * The register tile of the float32 matrix product, shared by its WebAssembly kernel
 * (matmulKernels.ts, build time) and the code that packs B and calls it (matmul.ts).
 */

/** Rows of A per register tile. */
export const MATMUL_ROWS = 4;
/** Columns of B per packed panel (a multiple of 4: one f32x4 per 4 columns). */
export const MATMUL_WIDTH = 8;
