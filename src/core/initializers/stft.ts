/**
 * Keras 3's STFT initializer (keras/src/initializers/constant_initializers.py) as its numpy
 * backend evaluates it: every operation in the dtype Keras's type promotion picks, which for a
 * float64 request is float32 (`result_type` maps float64 to float32 off TensorFlow).
 */
import { CoreError } from '../errors';
import type { DType } from '../types';
import { fround16 } from './dtypes';
import { pyShape, pyStr } from './pyFormat';
import { getWindow, validateWindowName } from './windows';

export type StftSide = 'real' | 'imag';
export type StftScaling = 'density' | 'spectrum' | null;
/** A window name (SciPy), explicit 1-D window values, or null for no window. */
export type StftWindow = string | readonly number[] | null;

export interface StftParams {
  readonly side: StftSide;
  readonly window: StftWindow;
  readonly scaling: StftScaling;
  readonly periodic: boolean;
}

/** STFT's constructor checks, in Keras's order and with its messages. */
export function validateStftArgs(side: unknown, window: unknown, scaling: unknown): void {
  if (side !== 'real' && side !== 'imag') {
    throw new CoreError('INVALID_ARGUMENT', `side should be 'real' or 'imag', not ${pyStr(side)}`, 'ValueError');
  }
  // Keras validates a string window with `scipy.signal.get_window(window, 1)`.
  if (typeof window === 'string') validateWindowName(window);
  if (scaling !== null && scaling !== 'density' && scaling !== 'spectrum') {
    throw new CoreError(
      'INVALID_ARGUMENT',
      `Scaling is invalid, it must be \`None\`, 'density' or 'spectrum'. Received scaling=${pyStr(scaling)}`,
      'ValueError',
    );
  }
}

const fround = Math.fround;

/**
 * numpy's pairwise summation of a contiguous array (`pairwise_sum` in loops_utils.h.src):
 * below 8 elements a plain loop, up to 128 eight interleaved accumulators, beyond that halves
 * split on a multiple of 8. `round` is the accumulator precision (float32 also for float16 data).
 */
function pairwiseSum(a: Float64Array, start: number, n: number, round: (x: number) => number): number {
  if (n < 8) {
    let res = 0;
    for (let i = 0; i < n; i++) res = round(res + a[start + i]);
    return res;
  }
  if (n <= 128) {
    const r = [0, 0, 0, 0, 0, 0, 0, 0];
    for (let j = 0; j < 8; j++) r[j] = a[start + j];
    let i = 8;
    for (; i < n - (n % 8); i += 8) {
      for (let j = 0; j < 8; j++) r[j] = round(r[j] + a[start + i + j]);
    }
    let res = round(round(round(r[0] + r[1]) + round(r[2] + r[3])) + round(round(r[4] + r[5]) + round(r[6] + r[7])));
    for (; i < n; i++) res = round(res + a[start + i]);
    return res;
  }
  let n2 = Math.floor(n / 2);
  n2 -= n2 % 8;
  return round(pairwiseSum(a, start, n2, round) + pairwiseSum(a, start + n2, n - n2, round));
}

const identity = (x: number): number => x;

/** Output dtype: float32 for float32/float64 (float64 only without a window), float16 stays. */
export function stftOutputDType(params: StftParams, dtype: DType): DType {
  if (dtype === 'int32') {
    throw new CoreError('INVALID_DTYPE', 'STFT produces floating-point kernels: use dtype float16, float32 or float64.');
  }
  if (dtype === 'float64') return params.window === null ? 'float64' : 'float32';
  return dtype;
}

/** Python's message for `frame_length, input_channels, fft_length = shape`. */
function unpackShape(shape: readonly number[]): [number, number, number] {
  if (shape.length < 3) {
    throw new CoreError('INVALID_SHAPE', `not enough values to unpack (expected 3, got ${shape.length})`, 'ValueError');
  }
  if (shape.length > 3) throw new CoreError('INVALID_SHAPE', 'too many values to unpack (expected 3)', 'ValueError');
  return [shape[0], shape[1], shape[2]];
}

function nestedShape(value: unknown): number[] {
  const shape: number[] = [];
  let v = value;
  while (Array.isArray(v)) {
    shape.push(v.length);
    v = v[0];
  }
  return shape;
}

/**
 * A function of the flat index giving the kernel value `(T, 1, F)` as Keras computes it:
 * `cos|sin(-2·t · f/(2(F-1)) · arccos(-1)) · win[t] / scaling`, each step rounded to the
 * working dtype (numpy float16 ufuncs compute in float32 and round to half).
 */
export function stftKernel(
  params: StftParams,
  shape: readonly number[],
  dtype: DType,
): {
  shape: number[];
  valueAt: (index: number) => number;
} {
  // Keras: standardize_dtype(dtype) happens before the shape is unpacked (checked by the caller).
  const [frameLength, , fftLength] = unpackShape(shape);
  for (const d of shape) {
    if (d < 0) throw new CoreError('INVALID_SHAPE', 'negative dimensions are not allowed', 'ValueError');
  }
  // float64 requests compute in float32 (Keras's result_type), float16 in float16.
  const round = dtype === 'float16' ? fround16 : fround;
  const sumRound = dtype === 'float16' ? fround : dtype === 'float64' ? identity : fround;

  let win: Float64Array | null = null;
  let scaling = 1;
  if (params.window !== null) {
    let raw: Float64Array;
    if (typeof params.window === 'string') {
      raw = getWindow(params.window, frameLength, params.periodic);
    } else {
      const shapeOf = nestedShape(params.window);
      if (shapeOf.length !== 1 || shapeOf[0] !== frameLength) {
        throw new CoreError(
          'INVALID_ARGUMENT',
          `The shape of \`window\` must be equal to [frame_length].Received: window shape=${pyShape(shapeOf)}`,
          'ValueError',
        );
      }
      raw = Float64Array.from(params.window as readonly number[]);
    }
    // convert_to_tensor(win, dtype): float64 stays float64 until multiplied with the kernel.
    const w = dtype === 'float64' ? raw : raw.map(round);
    const terms = new Float64Array(frameLength);
    if (params.scaling === 'density') {
      for (let t = 0; t < frameLength; t++) terms[t] = dtype === 'float64' ? w[t] * w[t] : round(w[t] * w[t]);
      const total =
        dtype === 'float16' ? fround16(pairwiseSum(terms, 0, frameLength, sumRound)) : pairwiseSum(terms, 0, frameLength, sumRound);
      // np.sqrt(x, dtype=result_type(x.dtype, float)): float32 for float64 data.
      scaling = round(Math.sqrt(round(total)));
    } else if (params.scaling === 'spectrum') {
      for (let t = 0; t < frameLength; t++) terms[t] = Math.abs(w[t]);
      const total = pairwiseSum(terms, 0, frameLength, sumRound);
      scaling = round(total);
    }
    // multiply(kernel, win) promotes a float64 window to float32 too.
    win = dtype === 'float64' ? w.map(fround) : w;
  }

  const pi = round(Math.acos(-1));
  const denom = (fftLength - 1) * 2;
  const trig = params.side === 'real' ? Math.cos : Math.sin;
  const valueAt = (index: number): number => {
    const t = Math.floor(index / fftLength);
    const f = index - t * fftLength;
    const freq = round(f / denom);
    const arg = round(round(round(-2 * t) * freq) * pi);
    const k = round(trig(arg));
    if (win === null) return k;
    return round(round(k * win[t]) / scaling);
  };
  return { shape: [frameLength, 1, fftLength], valueAt };
}
