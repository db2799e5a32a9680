/**
 * Calling an initializer: `initializer(shape, dtype)` as Keras 3's numpy backend evaluates it,
 * whole (`sample`) or in chunks (`createSampleStream`) that concatenate to the same bytes.
 * Checks run in the order Keras meets them, so the first error is Keras's first error.
 */
import { CoreError } from '../errors';
import { qrReduced } from '../linalg/qr';
import { toFloat16Bits, toInt32 } from '../random/casts';
import { createGenerator } from '../random/generator';
import { createSampler, type DistributionSpec, type Sampler } from '../random/sampler';
import { isStorageOf, type DType, type Tensor, type TensorData } from '../types';
import { fround16, kerasStandardDType, numpyAstypeDType } from './dtypes';
import { computeFans } from './fans';
import type { InitializerSpec, KerasInitializer } from './initializer';
import { pyShape } from './pyFormat';
import { seedWordsForCall } from './seed';
import { stftKernel, stftOutputDType } from './stft';

/** Options of a call. */
export interface SampleOptions {
  /** Keras dtype string; default `floatx()` = float32. */
  readonly dtype?: string | null;
  /** The k-th call of this initializer (from 0): only a SeedGenerator seed gives new values per call. */
  readonly callIndex?: number;
}

/** Chunked output of one call: successive fills give exactly the bytes of `sample()`. */
export interface SampleStream {
  /** Shape of the result (Keras's, e.g. STFT gives (T, 1, F)). */
  readonly shape: readonly number[];
  /** dtype of the result. */
  readonly dtype: DType;
  /** Number of elements of the whole tensor. */
  readonly length: number;
  /** Elements produced so far. */
  readonly position: number;
  /**
   * Writes the next values into `target[offset, offset + count)` (defaults: the whole array,
   * shortened to what remains) and returns how many were written (0 once done). `target` must be
   * the storage type of `dtype` (see `allocateTensorData`).
   */
  fill(target: TensorData, offset?: number, count?: number): number;
}

/** Largest tensor `sample()` allocates at once; bigger ones go through `createSampleStream`. */
export const MAX_SAMPLE_ELEMENTS = 2 ** 31 - 1;

/** Typed storage for `length` elements of `dtype` (float16 as bit patterns). */
export function allocateTensorData(dtype: DType, length: number): TensorData {
  switch (dtype) {
    case 'float16':
      return new Uint16Array(length);
    case 'float32':
      return new Float32Array(length);
    case 'float64':
      return new Float64Array(length);
    case 'int32':
      return new Int32Array(length);
  }
}

/** An internal producer of the values of one call, in row-major order. */
interface Plan {
  readonly shape: number[];
  readonly dtype: DType;
  readonly length: number;
  /** Writes the values of elements `[start, start + count)` into `out` from `offset`. */
  write(out: TensorData, offset: number, count: number, start: number): void;
}

const NEGATIVE_DIMS = 'negative dimensions are not allowed';

function shapeError(message: string, kerasType = 'ValueError'): CoreError {
  return new CoreError('INVALID_SHAPE', message, kerasType);
}

/** A shape is a sequence of Python ints (negative ones are each initializer's business). */
function checkShape(shape: unknown): number[] {
  if (!Array.isArray(shape)) {
    throw shapeError(`shape must be a list of integers, e.g. [784, 256]. Received: ${String(shape)}`, 'TypeError');
  }
  for (const d of shape) {
    if (typeof d !== 'number' || !Number.isInteger(d)) {
      const kind = typeof d === 'number' ? 'float' : d === null ? 'NoneType' : typeof d === 'string' ? 'str' : typeof d;
      throw shapeError(`'${kind}' object cannot be interpreted as an integer (shape ${JSON.stringify(shape)})`, 'TypeError');
    }
  }
  return [...(shape as number[])];
}

function product(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** numpy array creation (`np.zeros`, `rng.normal(size=...)`, `np.eye`): no negative dimension. */
function requireNonNegative(shape: readonly number[]): void {
  if (shape.some((d) => d < 0)) throw shapeError(NEGATIVE_DIMS);
}

/** `array_of_size.reshape(shape)`: one negative dimension is inferred, as numpy does. */
function numpyReshape(size: number, shape: readonly number[]): number[] {
  const unknown = shape.filter((d) => d < 0).length;
  if (unknown === 0) return [...shape];
  if (unknown > 1) throw shapeError('can only specify one unknown dimension');
  const known = product(shape.filter((d) => d >= 0));
  if (known === 0 || size % known !== 0) throw shapeError(`cannot reshape array of size ${size} into shape ${pyShape(shape)}`);
  return shape.map((d) => (d < 0 ? size / known : d));
}

/** Writes `value(i)` for i in [start, start + count), cast by the storage type. */
function writeValues(out: TensorData, offset: number, count: number, start: number, value: (i: number) => number): void {
  if (out instanceof Uint16Array) {
    for (let k = 0; k < count; k++) out[offset + k] = toFloat16Bits(value(start + k));
  } else if (out instanceof Int32Array) {
    for (let k = 0; k < count; k++) out[offset + k] = toInt32(value(start + k));
  } else {
    // Float32Array stores round to nearest even, as numpy's astype(float32).
    for (let k = 0; k < count; k++) out[offset + k] = value(start + k);
  }
}

function constantPlan(shape: number[], dtype: DType, value: number): Plan {
  return {
    shape,
    dtype,
    length: product(shape),
    write: (out, offset, count) => {
      const v = dtype === 'float16' ? toFloat16Bits(value) : dtype === 'int32' ? toInt32(value) : value;
      out.fill(v, offset, offset + count);
    },
  };
}

/** A value rounded to a float dtype (numpy casts a Python float to the array's dtype). */
function roundTo(dtype: DType, x: number): number {
  if (dtype === 'float32') return Math.fround(x);
  if (dtype === 'float16') return fround16(x);
  return x;
}

/** `ops.cast(value, dtype)` of a Python scalar: int32 goes through Python's float → int. */
function castScalar(value: number, dtype: DType): number {
  if (dtype !== 'int32') return roundTo(dtype, value);
  if (Number.isNaN(value)) throw new CoreError('INVALID_ARGUMENT', 'cannot convert float NaN to integer', 'ValueError');
  if (!Number.isFinite(value)) throw new CoreError('INVALID_ARGUMENT', 'cannot convert float infinity to integer', 'OverflowError');
  const t = Math.trunc(value);
  // numpy converts through a C long first, then checks the int32 range.
  if (t < -(2 ** 63) || t >= 2 ** 63) {
    throw new CoreError('INVALID_ARGUMENT', 'Python int too large to convert to C long', 'OverflowError');
  }
  if (t < -(2 ** 31) || t >= 2 ** 31) {
    const text = Number.isSafeInteger(t) ? String(t) : BigInt(t).toString();
    throw new CoreError('INVALID_ARGUMENT', `Python integer ${text} out of bounds for int32`, 'OverflowError');
  }
  return t === 0 ? 0 : t;
}

/** A random plan over one numpy Generator seeded with Keras's `[seed, k]`. */
function randomPlan(sampler: Sampler, shape: number[], dtype: DType): Plan {
  let produced = 0;
  return {
    shape,
    dtype,
    length: product(shape),
    write: (out, offset, count, start) => {
      // The generator is a stream: the stream object guarantees sequential starts.
      if (start !== produced) throw new CoreError('INVALID_ARGUMENT', 'random values can only be produced in order');
      sampler.fill(out, offset, count);
      produced += count;
    },
  };
}

function samplerFor(init: KerasInitializer, callIndex: number, spec: DistributionSpec): Sampler {
  if (init.seed === undefined) throw new CoreError('INVALID_SEED', `${init.className} has no seed`);
  // draw_seed → np.random.default_rng(np.array([seed, k], dtype="uint32"))
  return createSampler(createGenerator(seedWordsForCall(init.seed, callIndex)), spec);
}

/** numpy backend `random.normal` / `random.uniform`: seed, parameters and size, then astype. */
function normalOrUniformPlan(init: KerasInitializer, shape: number[], options: SampleOptions, spec: DistributionSpec): Plan {
  const sampler = samplerFor(init, options.callIndex ?? 0, spec);
  requireNonNegative(shape);
  return randomPlan(sampler, shape, numpyAstypeDType(options.dtype));
}

/** numpy backend `random.truncated_normal`: draws only when prod(shape) > 0, astype, then reshape. */
function truncatedNormalPlan(init: KerasInitializer, shape: number[], options: SampleOptions, mean: number, stddev: number): Plan {
  const words = seedWordsForCall(init.seed as NonNullable<KerasInitializer['seed']>, options.callIndex ?? 0);
  const flat = product(shape);
  // Keras's `while len(out) < N` never calls numpy (nor checks stddev) when N <= 0.
  const sampler = flat > 0 ? createSampler(createGenerator(words), { kind: 'truncatedNormal', mean, stddev }) : undefined;
  const dtype = numpyAstypeDType(options.dtype);
  const outShape = numpyReshape(Math.max(flat, 0), shape);
  if (sampler === undefined) return { shape: outShape, dtype, length: 0, write: () => undefined };
  return randomPlan(sampler, outShape, dtype);
}

function identityPlan(gain: number, shape: number[], options: SampleOptions): Plan {
  if (shape.length !== 2) {
    throw shapeError(
      `Identity matrix initializer can only be used for 2D matrices. Received: shape=${pyShape(shape)} of rank ${shape.length}.`,
    );
  }
  const dtype = kerasStandardDType(options.dtype);
  requireNonNegative(shape);
  // `python float * eye(int32)` is float64; for a float dtype numpy casts gain to it first.
  const outDType: DType = dtype === 'int32' ? 'float64' : dtype;
  const g = roundTo(outDType, gain);
  const off = g * 0; // -0.0 for a negative gain, NaN for an infinite one, as numpy's product
  const cols = shape[1];
  return {
    shape,
    dtype: outDType,
    length: product(shape),
    write: (out, offset, count, start) => writeValues(out, offset, count, start, (i) => (Math.floor(i / cols) === i % cols ? g : off)),
  };
}

function orthogonalPlan(init: KerasInitializer, gain: number, shape: number[], options: SampleOptions): Plan {
  if (shape.length < 2) {
    throw shapeError(
      `The tensor to initialize must be at least two-dimensional. Received: shape=${pyShape(shape)} of rank ${shape.length}.`,
    );
  }
  const rows = product(shape.slice(0, -1));
  const cols = shape[shape.length - 1];
  const m = Math.max(rows, cols);
  const n = Math.min(rows, cols);
  const sampler = samplerFor(init, options.callIndex ?? 0, { kind: 'normal', loc: 0.0, scale: 1.0 });
  if (m < 0 || n < 0) throw shapeError(NEGATIVE_DIMS);
  const requested = numpyAstypeDType(options.dtype);
  if (requested === 'float16') {
    throw new CoreError('INVALID_DTYPE', 'array type float16 is unsupported in linalg', 'TypeError');
  }
  if (requested === 'int32') {
    throw new CoreError(
      'INVALID_DTYPE',
      'Orthogonal needs a floating-point dtype: use float32 or float64 (float16 is unsupported in linalg).',
    );
  }
  const outShape = numpyReshape(m * n, shape);
  if (m * n > MAX_SAMPLE_ELEMENTS) {
    throw new CoreError('TOO_LARGE', `Orthogonal of shape ${pyShape(shape)} needs a ${m}×${n} QR: too large for memory.`);
  }
  let values: Float32Array | undefined;
  const compute = (): Float32Array => {
    const out = new Float32Array(m * n);
    if (m * n === 0) return out;
    // rng.normal(size=(m, n)).astype(dtype): both float32 and float64 requests reach the QR as
    // float32 (Keras's convert_to_tensor maps float64 to float32 on this backend).
    const drawn = new Float32Array(m * n);
    sampler.fill(drawn);
    const a = new Float64Array(m * n);
    for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) a[j * m + i] = drawn[i * n + j];
    // np.linalg.qr on float32 runs LAPACK in float64 and rounds Q and R to float32.
    const { q, rDiag } = qrReduced(a, m, n);
    const g = Math.fround(gain);
    for (let j = 0; j < n; j++) {
      // q *= sign(diag(r)), then gain * q: float32 products, each exact in double before fround.
      const s = Math.sign(Math.fround(rDiag[j]));
      const col = j * m;
      if (rows >= cols) {
        for (let i = 0; i < m; i++) out[i * n + j] = Math.fround(g * (Math.fround(q[col + i]) * s));
      } else {
        // rows < cols: the result is Qᵀ, whose row j is Q's column j.
        for (let i = 0; i < m; i++) out[j * m + i] = Math.fround(g * (Math.fround(q[col + i]) * s));
      }
    }
    return out;
  };
  return {
    shape: outShape,
    dtype: 'float32',
    length: m * n,
    write: (out, offset, count, start) => {
      values ??= compute();
      (out as Float32Array).set(values.subarray(start, start + count), offset);
    },
  };
}

function stftPlan(spec: Extract<InitializerSpec, { family: 'stft' }>, shape: number[], options: SampleOptions): Plan {
  const dtype = kerasStandardDType(options.dtype);
  const outDType = stftOutputDType(spec, dtype);
  const kernel = stftKernel(spec, shape, dtype);
  return {
    shape: kernel.shape,
    dtype: outDType,
    length: product(kernel.shape),
    write: (out, offset, count, start) => writeValues(out, offset, count, start, kernel.valueAt),
  };
}

function tensorPlan(spec: Extract<InitializerSpec, { family: 'tensor' }>, shape: number[], options: SampleOptions): Plan {
  const dtype = kerasStandardDType(options.dtype);
  if (shape.length !== spec.shape.length || shape.some((d, i) => d !== spec.shape[i])) {
    throw shapeError(`Expected \`shape\` to be ${pyShape(spec.shape)} for direct tensor as initializer. Received shape=${pyShape(shape)}`);
  }
  return {
    shape,
    dtype,
    length: spec.values.length,
    write: (out, offset, count, start) => writeValues(out, offset, count, start, (i) => spec.values[i]),
  };
}

function planFor(init: KerasInitializer, shapeArg: readonly number[], options: SampleOptions): Plan {
  const shape = checkShape(shapeArg);
  const spec = init.spec;
  switch (spec.family) {
    case 'base':
      throw new CoreError('UNSUPPORTED', 'Initializer subclasses must implement the `__call__()` method.', 'NotImplementedError');
    case 'zeros':
    case 'ones': {
      const dtype = kerasStandardDType(options.dtype);
      requireNonNegative(shape);
      return constantPlan(shape, dtype, spec.family === 'ones' ? 1 : 0);
    }
    case 'constant': {
      // cast(value, dtype) * ones(shape, dtype): the value is converted first.
      const dtype = kerasStandardDType(options.dtype);
      const v = castScalar(spec.value, dtype);
      requireNonNegative(shape);
      return constantPlan(shape, dtype, v);
    }
    case 'identity':
      return identityPlan(spec.gain, shape, options);
    case 'random_normal':
      return normalOrUniformPlan(init, shape, options, { kind: 'normal', loc: spec.mean, scale: spec.stddev });
    case 'random_uniform':
      return normalOrUniformPlan(init, shape, options, { kind: 'uniform', low: spec.minval, high: spec.maxval });
    case 'truncated_normal':
      return truncatedNormalPlan(init, shape, options, spec.mean, spec.stddev);
    case 'variance_scaling': {
      const law = varianceScalingParameters(spec, shape);
      if (law.kind === 'truncated_normal') return truncatedNormalPlan(init, shape, options, 0.0, law.stddev);
      if (law.kind === 'normal') return normalOrUniformPlan(init, shape, options, { kind: 'normal', loc: 0.0, scale: law.stddev });
      return normalOrUniformPlan(init, shape, options, { kind: 'uniform', low: -law.limit, high: law.limit });
    }
    case 'orthogonal':
      return orthogonalPlan(init, spec.gain, shape, options);
    case 'stft':
      return stftPlan(spec, shape, options);
    case 'tensor':
      return tensorPlan(spec, shape, options);
  }
}

/** What VarianceScaling computes from the shape (Python double arithmetic, Keras's order). */
export type VarianceScalingParameters =
  | { kind: 'truncated_normal'; fanIn: number; fanOut: number; scale: number; stddev: number }
  | { kind: 'normal'; fanIn: number; fanOut: number; scale: number; stddev: number }
  | { kind: 'uniform'; fanIn: number; fanOut: number; scale: number; limit: number };

/** 0.87962566103423978: the std of a standard normal truncated to [-2, 2]. */
export const TRUNCATED_NORMAL_STD_FACTOR = 0.87962566103423978;

export function varianceScalingParameters(
  spec: Extract<InitializerSpec, { family: 'variance_scaling' }>,
  shape: readonly number[],
): VarianceScalingParameters {
  const { fanIn, fanOut } = computeFans(shape, spec.inputAxes, spec.outputAxes);
  let scale = spec.scale;
  if (spec.mode === 'fan_in') scale /= Math.max(1.0, fanIn);
  else if (spec.mode === 'fan_out') scale /= Math.max(1.0, fanOut);
  else scale /= Math.max(1.0, (fanIn + fanOut) / 2.0);
  if (spec.distribution === 'truncated_normal') {
    return { kind: 'truncated_normal', fanIn, fanOut, scale, stddev: Math.sqrt(scale) / TRUNCATED_NORMAL_STD_FACTOR };
  }
  if (spec.distribution === 'untruncated_normal') return { kind: 'normal', fanIn, fanOut, scale, stddev: Math.sqrt(scale) };
  return { kind: 'uniform', fanIn, fanOut, scale, limit: Math.sqrt(3.0 * scale) };
}

/**
 * Starts a call `initializer(shape, dtype)` and returns a stream of its values. Every check Keras
 * makes (arguments, seed, shape, dtype) runs now; values are computed as `fill` asks for them.
 */
export function createSampleStream(init: KerasInitializer, shape: readonly number[], options: SampleOptions = {}): SampleStream {
  const plan = planFor(init, shape, options);
  let position = 0;
  return {
    shape: plan.shape,
    dtype: plan.dtype,
    length: plan.length,
    get position() {
      return position;
    },
    fill(target: TensorData, offset = 0, count?: number): number {
      if (!isStorageOf(target, plan.dtype)) {
        throw new CoreError(
          'INVALID_ARGUMENT',
          `fill: a ${plan.dtype} stream writes into a ${allocateTensorData(plan.dtype, 0).constructor.name}, not a ${target.constructor.name}`,
        );
      }
      if (!Number.isInteger(offset) || offset < 0 || offset > target.length) {
        throw new CoreError('INVALID_ARGUMENT', `fill: offset must be an integer in [0, ${target.length}]; received ${offset}`);
      }
      const room = target.length - offset;
      if (count !== undefined && (!Number.isInteger(count) || count < 0 || count > room)) {
        throw new CoreError('INVALID_ARGUMENT', `fill: count must be an integer in [0, ${room}]; received ${count}`);
      }
      const n = Math.min(count ?? room, plan.length - position);
      if (n <= 0) return 0;
      plan.write(target, offset, n, position);
      position += n;
      return n;
    },
  };
}

/**
 * `initializer(shape, dtype)`: the whole tensor, bit for bit as Keras 3's numpy backend returns
 * it. `dtype` of the result is Keras's output dtype (Orthogonal float64 → float32, Identity
 * int32 → float64, STFT with a window float64 → float32).
 */
export function sample(init: KerasInitializer, shape: readonly number[], options: SampleOptions = {}): Tensor {
  const stream = createSampleStream(init, shape, options);
  if (stream.length > MAX_SAMPLE_ELEMENTS) {
    throw new CoreError(
      'TOO_LARGE',
      `A tensor of ${stream.length} elements is too large to hold at once; use createSampleStream to produce it in chunks.`,
    );
  }
  const data = allocateTensorData(stream.dtype, stream.length);
  stream.fill(data);
  return { data, shape: [...stream.shape], dtype: stream.dtype };
}
