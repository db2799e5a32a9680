/**
 * Output shapes of Keras ops on symbolic tensors, as their `compute_output_spec` gives them
 * (keras/src/ops/numpy.py, keras/src/ops/operation_utils.py). Each returns the shape, or a string
 * saying why there is none the reader can give.
 */
import { broadcastShapes } from '../graph';
import type { Dim, TensorShape } from '../types';

/** `keras.ops.matmul` (`compute_matmul_output_shape`): NumPy's rule, 1-D operands promoted and squeezed. */
export function matmulShape(a: TensorShape, b: TensorShape): TensorShape | string {
  if (a.length === 0 || b.length === 0) return 'a scalar operand';
  const x = a.length === 1 ? [1, a[0]] : a;
  const y = b.length === 1 ? [b[0], 1] : b;
  const inner1 = x[x.length - 1];
  const inner2 = y[y.length - 2];
  if (inner1 !== null && inner2 !== null && inner1 !== inner2) {
    return `the inner dimensions of shapes ${pythonShape(a)} and ${pythonShape(b)} differ`;
  }
  const leading = broadcastShapes(x.slice(0, -2), y.slice(0, -2));
  if (leading === undefined) return `the leading dimensions of shapes ${pythonShape(a)} and ${pythonShape(b)} do not broadcast`;
  const out: Dim[] = [...leading, x[x.length - 2], y[y.length - 1]];
  if (a.length === 1) out.splice(out.length - 2, 1);
  if (b.length === 1) out.pop();
  return out;
}

/** One element of an index into a tensor: `x[:, 0]`, `x[..., None]`, `x[1:-1:2]`. */
export type IndexKey =
  | { readonly kind: 'int'; readonly value: number }
  | { readonly kind: 'slice'; readonly lower: number | null; readonly upper: number | null; readonly step: number | null }
  | { readonly kind: 'newaxis' }
  | { readonly kind: 'ellipsis' };

/** `x[key]` (`GetItem.compute_output_spec`): ints drop an axis, slices keep it, None adds one. */
export function indexShape(shape: TensorShape, key: readonly IndexKey[]): TensorShape | string {
  const keys = [...key];
  const ellipses = keys.filter((k) => k.kind === 'ellipsis').length;
  if (ellipses > 1) return 'an index with more than one ellipsis';
  if (ellipses === 0) keys.push({ kind: 'ellipsis' });
  let remaining = [...shape];
  const out: Dim[] = [];
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i];
    if (k.kind === 'ellipsis') {
      const rest = keys.slice(i + 1);
      const needed = rest.length - rest.filter((r) => r.kind === 'newaxis').length;
      const consumed = remaining.length - needed;
      if (consumed < 0) return `an index with more axes than the tensor's ${shape.length}`;
      out.push(...remaining.slice(0, consumed));
      remaining = remaining.slice(consumed);
      continue;
    }
    if (k.kind === 'newaxis') {
      out.push(1);
      continue;
    }
    if (remaining.length === 0) return `an index with more axes than the tensor's ${shape.length}`;
    const length = remaining.shift() as Dim;
    if (k.kind === 'int') {
      const at = length !== null && k.value < 0 ? k.value + length : k.value;
      if (length !== null && (at < 0 || at >= length)) return `the index ${k.value} is out of bounds for an axis of ${length}`;
      continue;
    }
    if (k.step === 0) return 'a slice step of zero';
    out.push(length === null ? null : sliceLength(length, k.lower, k.upper, k.step ?? 1));
  }
  return out;
}

/** `len(range(*slice(lower, upper, step).indices(length)))`. */
export function sliceLength(length: number, lower: number | null, upper: number | null, step: number): number {
  const clamp = (v: number, lo: number, hi: number): number => Math.min(Math.max(v, lo), hi);
  const resolve = (v: number | null, fallback: number, lo: number, hi: number): number =>
    v === null ? fallback : clamp(v < 0 ? v + length : v, lo, hi);
  const start = step > 0 ? resolve(lower, 0, 0, length) : resolve(lower, length - 1, -1, length - 1);
  const stop = step > 0 ? resolve(upper, length, 0, length) : resolve(upper, -1, -1, length - 1);
  return Math.max(0, Math.ceil((stop - start) / step));
}

/** `keras.ops.transpose(x, axes)`: the axes permuted, reversed when none are given. */
export function transposeShape(shape: TensorShape, axes: readonly number[] | null): TensorShape | string {
  if (axes === null) return [...shape].reverse();
  const rank = shape.length;
  const normalized = axes.map((a) => (a < 0 ? a + rank : a));
  if (normalized.length !== rank || new Set(normalized).size !== rank || normalized.some((a) => a < 0 || a >= rank)) {
    return `axes (${axes.join(', ')}) do not permute a tensor of rank ${rank}`;
  }
  return normalized.map((a) => shape[a]);
}

/** `keras.ops.expand_dims(x, axis)`: a 1 inserted at each axis of the result. */
export function expandDimsShape(shape: TensorShape, axes: readonly number[]): TensorShape | string {
  const rank = shape.length + axes.length;
  const normalized = axes.map((a) => (a < 0 ? a + rank : a));
  if (normalized.some((a) => a < 0 || a >= rank) || new Set(normalized).size !== normalized.length) {
    return `axis (${axes.join(', ')}) is out of range for a tensor of rank ${shape.length}`;
  }
  const out: Dim[] = [];
  let next = 0;
  for (let d = 0; d < rank; d++) out.push(normalized.includes(d) ? 1 : shape[next++]);
  return out;
}

/** `keras.ops.squeeze(x, axis=None)`: the given axes (which must be 1), or every axis known to be 1. */
export function squeezeShape(shape: TensorShape, axes: readonly number[] | null): TensorShape | string {
  if (axes === null) return shape.filter((d) => d !== 1);
  const rank = shape.length;
  const normalized = axes.map((a) => (a < 0 ? a + rank : a));
  if (normalized.some((a) => a < 0 || a >= rank || shape[a] !== 1)) {
    return `axis (${axes.join(', ')}) of shape ${pythonShape(shape)} is not of size 1`;
  }
  return shape.filter((_, d) => !normalized.includes(d));
}

/** `keras.ops.reshape(x, newshape)`: at most one -1, filled in when the other sizes are known. */
export function reshapeShape(shape: TensorShape, target: readonly number[]): TensorShape | string {
  const unknownAt = target.flatMap((d, k) => (d === -1 ? [k] : []));
  if (unknownAt.length > 1 || target.some((d) => d < -1)) return `(${target.join(', ')}) is not a shape to reshape to`;
  const known = target.filter((d) => d !== -1).reduce((p, d) => p * d, 1);
  const total = shape.includes(null) ? null : (shape as number[]).reduce((p, d) => p * d, 1);
  if (unknownAt.length === 0) {
    if (total !== null && total !== known) return `${total} values do not fill (${target.join(', ')})`;
    return [...target];
  }
  const out: Dim[] = [...target];
  if (total === null) out[unknownAt[0]] = null;
  else if (known === 0 || total % known !== 0) return `${total} values do not fill (${target.join(', ')})`;
  else out[unknownAt[0]] = total / known;
  return out;
}

/**
 * `keras.ops.depth_to_space` / `space_to_depth` (and `tf.nn.`): blocks of `blockSize`² channels
 * moved into space, or back. `channelsFirst`: NCHW.
 */
export function depthToSpaceShape(shape: TensorShape, blockSize: number, channelsFirst: boolean, inverse: boolean): TensorShape | string {
  if (shape.length !== 4) return `a 4D input tensor is required, not shape ${pythonShape(shape)}`;
  if (!Number.isInteger(blockSize) || blockSize < 1) return `block_size ${blockSize}`;
  const [b, h, w, c] = channelsFirst ? [shape[0], shape[2], shape[3], shape[1]] : shape;
  const area = blockSize * blockSize;
  let out: Dim[];
  if (!inverse) {
    if (c !== null && c % area !== 0) return `the number of channels (${c}) must be divisible by block_size**2 (${area})`;
    out = [b, h === null ? null : h * blockSize, w === null ? null : w * blockSize, c === null ? null : c / area];
  } else {
    if (h !== null && h % blockSize !== 0) return `height (${h}) must be divisible by block_size (${blockSize})`;
    if (w !== null && w % blockSize !== 0) return `width (${w}) must be divisible by block_size (${blockSize})`;
    out = [b, h === null ? null : h / blockSize, w === null ? null : w / blockSize, c === null ? null : c * area];
  }
  return channelsFirst ? [out[0], out[3], out[1], out[2]] : out;
}

/** `keras.ops.stack(xs, axis)`: a new axis of len(xs), the other dimensions the first tensor's. */
export function stackShape(shapes: readonly TensorShape[], axis: number): TensorShape | string {
  if (shapes.length === 0) return 'a stack of no tensor';
  const first = shapes[0];
  const rank = first.length + 1;
  const at = axis < 0 ? axis + rank : axis;
  if (at < 0 || at >= rank) return `axis ${axis} is out of range for a result of rank ${rank}`;
  const compatible = (s: TensorShape): boolean =>
    s.length === first.length && s.every((d, k) => d === null || first[k] === null || d === first[k]);
  const other = shapes.find((s) => !compatible(s));
  if (other !== undefined) return `every value must have the same shape, found ${pythonShape(other)} and ${pythonShape(first)}`;
  const out: Dim[] = [...first];
  out.splice(at, 0, shapes.length);
  return out;
}

/** `keras.ops.tile(x, repeats)`: NumPy's rule, None where the dimension is unknown. */
export function tileShape(shape: TensorShape, repeats: readonly number[]): TensorShape {
  const n = Math.max(shape.length, repeats.length);
  const dims = [...Array<Dim>(n - shape.length).fill(1), ...shape];
  const reps = [...Array<number>(n - repeats.length).fill(1), ...repeats];
  return dims.map((d, k) => (d === null ? null : d * reps[k]));
}

/** `keras.ops.one_hot(x, num_classes, axis=-1)`: num_classes inserted at the axis. */
export function oneHotShape(shape: TensorShape, numClasses: number, axis: number): TensorShape | string {
  if (axis === -1) return [...shape, numClasses];
  if (axis < 0 || axis >= shape.length) return `axis must be -1 or between [0, ${shape.length}), but received ${axis}`;
  const out: Dim[] = [...shape];
  out.splice(axis, 0, numClasses);
  return out;
}

/**
 * `keras.ops.einsum(subscripts, *operands)` with an explicit output (`"bqd,bkd->bqk"`), no ellipsis:
 * each output letter takes the broadcast of its dimensions in the operands that have it.
 */
export function einsumShape(subscripts: string, shapes: readonly TensorShape[]): TensorShape | string {
  const text = subscripts.replace(/\s+/g, '');
  const parts = text.split('->');
  if (parts.length !== 2 || text.includes('.')) return `subscripts '${subscripts}' without an explicit output, or with an ellipsis`;
  const specs = parts[0].split(',');
  if (specs.length !== shapes.length) {
    return `the number of operands (${shapes.length}) does not match the number of input specs (${specs.length})`;
  }
  const sizes = new Map<string, Dim>();
  for (let k = 0; k < specs.length; k++) {
    if (specs[k].length !== shapes[k].length) return `operand ${k} has rank ${shapes[k].length}, its spec '${specs[k]}' ${specs[k].length}`;
    for (let d = 0; d < specs[k].length; d++) {
      const letter = specs[k][d];
      const known = sizes.has(letter) ? (sizes.get(letter) as Dim) : 1;
      const merged = broadcastShapes([known], [shapes[k][d]]);
      if (merged === undefined) return `dimension '${letter}' is ${known} in one operand and ${shapes[k][d]} in another`;
      sizes.set(letter, merged[0]);
    }
  }
  const out: Dim[] = [];
  for (const letter of parts[1]) {
    if (!sizes.has(letter)) return `output letter '${letter}' is in no input spec`;
    out.push(sizes.get(letter) as Dim);
  }
  return out;
}

/**
 * `keras.ops.pad(x, pad_width)` (`Pad._process_pad_width`): an int pads every axis on both sides;
 * `(before, after)` every axis alike; one pair (or one value) per axis otherwise.
 */
export function padShape(shape: TensorShape, padWidth: number | readonly (number | readonly number[])[]): TensorShape | string {
  let pairs: (readonly number[])[];
  if (typeof padWidth === 'number') pairs = [[padWidth, padWidth]];
  else if (padWidth.length > 0 && padWidth.every((p) => typeof p === 'number')) pairs = [padWidth as number[]];
  else if (padWidth.every((p) => typeof p !== 'number' && (p.length === 1 || p.length === 2))) {
    pairs = (padWidth as (readonly number[])[]).map((p) => (p.length === 1 ? [p[0], p[0]] : p));
  } else return 'a pad_width that is not a list of pairs';
  if (pairs.length !== 1 && pairs.length !== shape.length) {
    return `pad_width of length ${pairs.length} for a tensor of rank ${shape.length}`;
  }
  return shape.map((d, k) => {
    const [before, after] = pairs.length === 1 ? pairs[0] : pairs[k];
    return d === null ? null : d + before + (after ?? before);
  });
}

/** `keras.ops.tensordot(x1, x2, axes=2)`: the axes summed over are dropped, the rest concatenated. */
export function tensordotShape(
  a: TensorShape,
  b: TensorShape,
  axes: number | readonly [readonly number[], readonly number[]],
): TensorShape | string {
  if (typeof axes === 'number') {
    if (axes <= 0) return [...a, ...b];
    if (axes > a.length || axes > b.length) return `axes=${axes} for shapes ${pythonShape(a)} and ${pythonShape(b)}`;
    return [...a.slice(0, a.length - axes), ...b.slice(axes)];
  }
  const [first, second] = axes;
  const left = first.map((k) => (k < 0 ? k + a.length : k));
  const right = second.map((k) => (k < 0 ? k + b.length : k));
  if (left.length !== right.length || left.some((k) => k < 0 || k >= a.length) || right.some((k) => k < 0 || k >= b.length)) {
    return `axes (${first.join(', ')}) and (${second.join(', ')}) for shapes ${pythonShape(a)} and ${pythonShape(b)}`;
  }
  const mismatch = left.findIndex((k, i) => a[k] !== null && b[right[i]] !== null && a[k] !== b[right[i]]);
  if (mismatch >= 0) return `a shape mismatch on the summed axes of ${pythonShape(a)} and ${pythonShape(b)}`;
  return [...a.filter((_, k) => !left.includes(k)), ...b.filter((_, k) => !right.includes(k))];
}

/** A shape as Python prints it: `(None, 8)`. */
function pythonShape(shape: TensorShape): string {
  return `(${shape.map((d) => d ?? 'None').join(', ')}${shape.length === 1 ? ',' : ''})`;
}
