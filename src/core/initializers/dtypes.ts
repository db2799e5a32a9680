/**
 * Which dtype string an initializer call accepts and which dtype it returns, reproducing the two
 * paths of Keras's numpy backend: the random initializers hand the string to numpy's `astype`
 * (numpy's parser and messages), the constant ones go through Keras's `standardize_dtype`.
 */
import { CoreError } from '../errors';
import { float16BitsToNumber, toFloat16Bits } from '../random/casts';
import type { DType } from '../types';
import { pyStrRepr } from './pyFormat';

/** The dtypes this library produces. */
export const SUPPORTED_DTYPES: readonly DType[] = ['float16', 'float32', 'float64', 'int32'];

/** `keras.backend.floatx()` of a default Keras configuration. */
export const FLOATX = 'float32';

/** keras/src/backend/common/dtypes.py ALLOWED_DTYPES: the names `standardize_dtype` accepts. */
const KERAS_ALLOWED_DTYPES: ReadonlySet<string> = new Set([
  'float16',
  'float32',
  'float64',
  'uint8',
  'uint16',
  'uint32',
  'uint64',
  'int8',
  'int16',
  'int32',
  'int64',
  'bfloat16',
  'bool',
  'string',
  'float8_e4m3fn',
  'float8_e5m2',
  'complex64',
  'complex128',
]);

/** numpy spellings that `np.dtype()` maps onto a dtype this library produces. */
const NUMPY_ALIASES: ReadonlyMap<string, DType> = new Map<string, DType>([
  ['float16', 'float16'],
  ['half', 'float16'],
  ['f2', 'float16'],
  ['<f2', 'float16'],
  ['=f2', 'float16'],
  ['e', 'float16'],
  ['float32', 'float32'],
  ['single', 'float32'],
  ['f4', 'float32'],
  ['<f4', 'float32'],
  ['=f4', 'float32'],
  ['f', 'float32'],
  ['float64', 'float64'],
  ['double', 'float64'],
  ['float', 'float64'],
  ['f8', 'float64'],
  ['<f8', 'float64'],
  ['=f8', 'float64'],
  ['d', 'float64'],
  ['int32', 'int32'],
  ['i4', 'int32'],
  ['<i4', 'int32'],
  ['=i4', 'int32'],
  ['intc', 'int32'],
]);

/** Other names numpy understands (valid dtypes this library does not produce). */
const NUMPY_OTHER: ReadonlySet<string> = new Set([
  'bool',
  'bool_',
  '?',
  'int8',
  'int16',
  'int64',
  'int',
  'long',
  'longlong',
  'uint8',
  'uint16',
  'uint32',
  'uint64',
  'uint',
  'byte',
  'ubyte',
  'short',
  'ushort',
  'uintc',
  'i1',
  'i2',
  'i8',
  'u1',
  'u2',
  'u4',
  'u8',
  'complex64',
  'complex128',
  'complex',
  'float128',
  'longdouble',
  'clongdouble',
  'complex256',
  'object',
  'str',
  'bytes',
  'datetime64',
  'timedelta64',
  'void',
  'U',
  'S',
  'O',
  'M',
  'm',
  'V',
]);

function unsupported(name: string): CoreError {
  return new CoreError('INVALID_DTYPE', `dtype '${name}' is not supported: this library produces ${SUPPORTED_DTYPES.join(', ')}.`);
}

/**
 * dtype for the random initializers (numpy backend: `dtype or floatx()`, then `.astype(dtype)`).
 * Unknown strings raise numpy's `TypeError: data type 'x' not understood`.
 */
export function numpyAstypeDType(dtype: string | null | undefined): DType {
  // `dtype or floatx()`: None and '' both mean floatx.
  if (dtype === null || dtype === undefined || dtype === '') return FLOATX;
  const known = NUMPY_ALIASES.get(dtype);
  if (known !== undefined) return known;
  if (dtype === 'bfloat16') {
    // Keras's numpy backend only understands bfloat16 through ml_dtypes, which this library does not emulate.
    throw new CoreError(
      'INVALID_DTYPE',
      `data type 'bfloat16' not understood: bfloat16 is not supported (accepted: ${SUPPORTED_DTYPES.join(', ')}).`,
      'TypeError',
    );
  }
  if (NUMPY_OTHER.has(dtype)) throw unsupported(dtype);
  throw new CoreError('INVALID_DTYPE', `data type ${pyStrRepr(dtype)} not understood`, 'TypeError');
}

/**
 * dtype for Zeros/Ones/Constant/Identity/STFT: Keras's `standardize_dtype` (None → floatx,
 * the string 'int' → int32, anything outside ALLOWED_DTYPES → `ValueError: Invalid dtype: x`).
 */
export function kerasStandardDType(dtype: string | null | undefined): DType {
  if (dtype === null || dtype === undefined) return FLOATX;
  const name = dtype === 'int' ? 'int32' : dtype;
  if (!KERAS_ALLOWED_DTYPES.has(name)) {
    throw new CoreError('INVALID_DTYPE', `Invalid dtype: ${name}`, 'ValueError');
  }
  if (name === 'float16' || name === 'float32' || name === 'float64' || name === 'int32') return name;
  throw unsupported(name);
}

export function isFloatDType(dtype: DType): dtype is 'float16' | 'float32' | 'float64' {
  return dtype !== 'int32';
}

/** `x` rounded to the nearest float16 value (ties to even), as a double. */
export function fround16(x: number): number {
  return float16BitsToNumber(toFloat16Bits(x));
}
