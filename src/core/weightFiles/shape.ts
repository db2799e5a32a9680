/**
 * Shapes as people type them: `784x256`, `784×256`, `(3, 3, 64, 128)`, `[784, 256]`, `784, 256`,
 * `784 256`, `(784,)`, `784`, and `()` for a scalar. Every dimension of a weight file must be a
 * positive integer: a zero dimension would write a file without values.
 */
import { CoreError } from '../errors';

/** Largest number of values a shape may have: beyond 2**53 - 1 sizes stop being exact in JavaScript. */
export const MAX_SHAPE_VALUES = Number.MAX_SAFE_INTEGER;

const EXAMPLES = 'e.g. 784x256, (3, 3, 64, 128), [784, 256] or 784, 256';

function shapeError(message: string): CoreError {
  return new CoreError('INVALID_SHAPE', message);
}

/** One dimension's text → its value, or an error naming it. */
function dimension(text: string, index: number): number {
  const what = `dimension ${index + 1} ('${text}')`;
  if (!/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(text)) {
    throw shapeError(`${what} is not a number; a shape is a list of positive integers, ${EXAMPLES}.`);
  }
  const value = Number(text);
  if (value < 0) throw shapeError(`${what} is negative; every dimension must be a positive integer.`);
  if (value === 0) {
    throw shapeError(`${what} is zero; every dimension must be a positive integer (a weight file needs at least one value per axis).`);
  }
  if (!Number.isInteger(value)) throw shapeError(`${what} is not an integer; every dimension must be a positive integer.`);
  if (!Number.isSafeInteger(value)) throw shapeError(`${what} is too large; a dimension may be at most ${Number.MAX_SAFE_INTEGER}.`);
  return value;
}

/** Checks the product of the dimensions; returns it. */
export function shapeSize(shape: readonly number[]): number {
  let size = 1;
  for (const d of shape) size *= d;
  if (!Number.isSafeInteger(size)) {
    throw shapeError(
      `shape (${shape.join(', ')}) has about ${size.toPrecision(3)} values, more than the ${MAX_SHAPE_VALUES} a file can be planned for.`,
    );
  }
  return size;
}

/**
 * Reads a shape. Throws CoreError `INVALID_SHAPE` naming the offending dimension for empty,
 * non-numeric, negative, zero, fractional or too large dimensions, or a too large total.
 */
export function parseShape(text: string): number[] {
  if (typeof text !== 'string') throw shapeError(`A shape must be text such as 784x256; received ${typeof text}.`);
  let body = text.trim();
  if (body === '') throw shapeError(`The shape is empty; write its dimensions, ${EXAMPLES}.`);
  const open = body[0];
  if (open === '(' || open === '[') {
    const close = open === '(' ? ')' : ']';
    if (body[body.length - 1] !== close) {
      throw shapeError(`The shape '${text.trim()}' opens with '${open}' but does not end with '${close}'.`);
    }
    body = body.slice(1, -1).trim();
    if (body === '') return [];
  } else if (body.endsWith(')') || body.endsWith(']')) {
    throw shapeError(`The shape '${text.trim()}' closes a bracket it never opens.`);
  }
  // One separator kind per shape: "x"/"×" or commas or spaces.
  let parts: string[];
  if (/[x×X*]/.test(body)) parts = body.split(/\s*[x×X*]\s*/);
  else if (body.includes(',')) {
    parts = body.split(/\s*,\s*/);
    // `(784,)`: Python's one-element tuple.
    if (parts.length > 1 && parts[parts.length - 1] === '') parts.pop();
  } else parts = body.split(/\s+/);
  const shape = parts.map((p, i) => {
    if (p === '') throw shapeError(`dimension ${i + 1} of '${text.trim()}' is missing; ${EXAMPLES}.`);
    return dimension(p, i);
  });
  shapeSize(shape);
  return shape;
}

/**
 * Checks a shape given as data (an argument object, a JSON config): an array of positive safe
 * integers. Returns a copy.
 */
export function checkShape(value: unknown, what = 'shape'): number[] {
  if (typeof value === 'string') return parseShape(value);
  if (!Array.isArray(value)) {
    throw shapeError(`${what} must be a list of positive integers (${EXAMPLES}); received ${JSON.stringify(value) ?? String(value)}.`);
  }
  const shape = value.map((d, i) => {
    if (typeof d !== 'number') throw shapeError(`${what}: dimension ${i + 1} (${JSON.stringify(d) ?? String(d)}) is not a number.`);
    return dimension(String(d), i);
  });
  shapeSize(shape);
  return shape;
}

/** `784x256`, the form used in file names and messages (`scalar` for rank 0). */
export function shapeLabel(shape: readonly number[]): string {
  return shape.length === 0 ? 'scalar' : shape.join('x');
}
