/**
 * The heatmap's 2-D view of a tensor: the last two dimensions of the first slice (index 0 on every
 * leading axis, e.g. kernel[0, 0, :, :] for a Conv2D kernel), as the values are laid out row-major.
 * Large views are subsampled by a stride (every k-th row/column), never averaged, so structure such as
 * an identity's diagonal keeps its true values.
 */

export interface HeatmapPlan {
  /** The 2-D view's size (rank 1: one row; rank 0: one cell). */
  readonly rows: number;
  readonly cols: number;
  /** Rows whose values were sampled (the view may hold more than the sample when it is capped). */
  readonly availableRows: number;
  readonly rowStride: number;
  readonly colStride: number;
  readonly shownRows: number;
  readonly shownCols: number;
  /** The slice, in numpy's notation: "[:, :]", "[0, 0, :, :]". */
  readonly slice: string;
}

export interface HeatmapData extends HeatmapPlan {
  /** shownRows × shownCols values, row-major. */
  readonly values: Float32Array;
  /**
   * The colour scale spans [-limit, limit]: the largest |value| shown, or 3 × the root mean square
   * when that is smaller, so the rare tails of a normal law do not wash the rest out (they saturate).
   */
  readonly limit: number;
  /** The largest |value| shown. */
  readonly maxAbs: number;
}

/**
 * Plans the view of a tensor of `shape` of which the first `available` values (row-major) are known,
 * drawing at most `maxSide` cells per side.
 */
export function planHeatmap(shape: readonly number[], available: number, maxSide: number): HeatmapPlan {
  const rank = shape.length;
  const rows = rank >= 2 ? shape[rank - 2] : 1;
  const cols = rank >= 1 ? shape[rank - 1] : 1;
  const availableRows = cols === 0 ? 0 : Math.min(rows, Math.floor(available / cols));
  const rowStride = Math.max(1, Math.ceil(availableRows / maxSide));
  const colStride = Math.max(1, Math.ceil(cols / maxSide));
  const shownRows = availableRows === 0 ? 0 : Math.ceil(availableRows / rowStride);
  const shownCols = cols === 0 || availableRows === 0 ? 0 : Math.ceil(cols / colStride);
  const lead = rank > 2 ? shape.slice(0, rank - 2).map(() => '0') : [];
  const tail = rank >= 2 ? [':', ':'] : rank === 1 ? [':'] : [];
  return { rows, cols, availableRows, rowStride, colStride, shownRows, shownCols, slice: `[${[...lead, ...tail].join(', ')}]` };
}

/** Copies the planned cells out of the row-major `values` and finds the colour limit. */
export function extractHeatmap(plan: HeatmapPlan, values: ArrayLike<number>): HeatmapData {
  const out = new Float32Array(plan.shownRows * plan.shownCols);
  let maxAbs = 0;
  let sumSquares = 0;
  let count = 0;
  for (let r = 0; r < plan.shownRows; r++) {
    const rowStart = r * plan.rowStride * plan.cols;
    for (let c = 0; c < plan.shownCols; c++) {
      const v = values[rowStart + c * plan.colStride];
      out[r * plan.shownCols + c] = v;
      const a = Math.abs(v);
      if (a > maxAbs) maxAbs = a;
      if (Number.isFinite(v)) {
        sumSquares += v * v;
        count++;
      }
    }
  }
  const rms = count > 0 ? Math.sqrt(sumSquares / count) : 0;
  const limit = rms > 0 ? Math.min(maxAbs, 3 * rms) : maxAbs;
  return { ...plan, values: out, limit, maxAbs };
}
