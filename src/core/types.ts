/** Shared plain-data types of the core. */

/** Output dtypes the core can produce (Keras's numpy backend names). */
export type FloatDType = 'float16' | 'float32' | 'float64';

/** A tensor shape: non-negative integer dimensions, row-major (C order). */
export type Shape = readonly number[];

/** Typed storage for a dtype: float16 values are IEEE half bit patterns. */
export type TensorData = Float32Array | Float64Array | Uint16Array;

/** A sampled tensor, as Keras would return it. */
export interface Tensor {
  readonly data: TensorData;
  readonly shape: number[];
  /** The dtype Keras would give (Orthogonal asked for float64 gives float32). */
  readonly dtype: FloatDType;
}
