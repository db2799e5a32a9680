/** Shared plain-data types of the core. */

/** Floating-point dtypes the core can produce (Keras's numpy backend names). */
export type FloatDType = 'float16' | 'float32' | 'float64';

/** Integer dtypes the core can produce (Keras accepts them for every initializer but Orthogonal/STFT). */
export type IntDType = 'int32';

/** Every dtype the core can produce. */
export type DType = FloatDType | IntDType;

/** A tensor shape: non-negative integer dimensions, row-major (C order). */
export type Shape = readonly number[];

/** Typed storage for a dtype: float16 values are IEEE half bit patterns, int32 an Int32Array. */
export type TensorData = Float32Array | Float64Array | Uint16Array | Int32Array;

/** A sampled tensor, as Keras would return it. */
export interface Tensor {
  readonly data: TensorData;
  readonly shape: number[];
  /** The dtype Keras would give (Orthogonal asked for float64 gives float32, Identity asked for int32 gives float64). */
  readonly dtype: DType;
}

/** Whether a typed array is the storage of `dtype` (float16 travels as Uint16Array bit patterns). */
export function isStorageOf(data: TensorData, dtype: DType): boolean {
  switch (dtype) {
    case 'float16':
      return data instanceof Uint16Array;
    case 'float32':
      return data instanceof Float32Array;
    case 'float64':
      return data instanceof Float64Array;
    case 'int32':
      return data instanceof Int32Array;
  }
}
