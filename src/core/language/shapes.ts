/** Weight shapes in messages, and the shape errors Keras raises when a layer builds its weights. */
import type { ClassName } from '../initializers/names';

/** A weight shape with unknown dimensions shown as `?`, as a Python tuple: `(?, 256)`, `(64,)`. */
export function shapeText(shape: readonly (number | undefined)[]): string {
  const dims = shape.map((d) => (d === undefined ? '?' : String(d)));
  return dims.length === 1 ? `(${dims[0]},)` : `(${dims.join(', ')})`;
}

/**
 * Keras's ValueError for calling Identity or Orthogonal on a weight of the wrong rank (raised when
 * the layer is built), or undefined when the rank is fine or the class has no such rule.
 */
export function kerasShapeError(className: ClassName, shape: readonly (number | undefined)[]): string | undefined {
  const rank = shape.length;
  // keras/src/initializers/constant_initializers.py Identity.__call__
  if (className === 'Identity' && rank !== 2) {
    return `Identity matrix initializer can only be used for 2D matrices. Received: shape=${shapeText(shape)} of rank ${rank}.`;
  }
  // keras/src/initializers/random_initializers.py Orthogonal.__call__
  if (className === 'Orthogonal' && rank < 2) {
    return `The tensor to initialize must be at least two-dimensional. Received: shape=${shapeText(shape)} of rank ${rank}.`;
  }
  return undefined;
}
