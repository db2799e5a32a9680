/** `compute_fans` exactly as Keras 3 (keras/src/initializers/random_initializers.py). */
import { CoreError } from '../errors';
import type { Shape } from '../types';

export interface Fans {
  readonly fanIn: number;
  readonly fanOut: number;
}

/** `shape[axis]` with Python's negative indexing; out of range is Python's IndexError. */
function dimAt(shape: Shape, axis: number): number {
  if (!Number.isInteger(axis)) {
    throw new CoreError('INVALID_ARGUMENT', `tuple indices must be integers or slices, not float (axis ${axis})`, 'TypeError');
  }
  const i = axis < 0 ? shape.length + axis : axis;
  if (i < 0 || i >= shape.length) throw new CoreError('INVALID_ARGUMENT', 'tuple index out of range', 'IndexError');
  return shape[i];
}

/**
 * Keras rule: with both axis lists, fan_in/fan_out are the products of the named dims (one list
 * alone is ignored); otherwise rank 0 → (1, 1), rank 1 → (n, n), rank 2 → (rows, cols), rank ≥ 3 →
 * receptive field rf = ∏ shape[:-2], (shape[-2]·rf, shape[-1]·rf).
 */
export function computeFans(shape: Shape, inputAxes?: readonly number[] | null, outputAxes?: readonly number[] | null): Fans {
  if (inputAxes != null && outputAxes != null) {
    let fanIn = 1;
    for (const a of inputAxes) fanIn *= dimAt(shape, a);
    let fanOut = 1;
    for (const a of outputAxes) fanOut *= dimAt(shape, a);
    return { fanIn, fanOut };
  }
  const rank = shape.length;
  if (rank < 1) return { fanIn: 1, fanOut: 1 };
  if (rank === 1) return { fanIn: shape[0], fanOut: shape[0] };
  if (rank === 2) return { fanIn: shape[0], fanOut: shape[1] };
  let receptiveField = 1;
  for (let i = 0; i < rank - 2; i++) receptiveField *= shape[i];
  return { fanIn: shape[rank - 2] * receptiveField, fanOut: shape[rank - 1] * receptiveField };
}
