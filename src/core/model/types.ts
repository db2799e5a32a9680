/**
 * The model representation every feature reads (hover, model summary, weight files, the
 * initialization check), and the contract between the reader (`model/read`, `model/graph`) and the
 * layer catalogue (`model/layers`). Plain data: no functions cross this boundary except the
 * catalogue's `build`.
 */

/** A source range: UTF-16 offsets into the text that was read, end exclusive. */
export interface TextRange {
  readonly start: number;
  readonly end: number;
}

/** A dimension: a known size, or null (the batch dimension, or a size known only at run time). */
export type Dim = number | null;
/** A tensor shape with the batch dimension first, as Keras prints it: `[null, 28, 28, 1]`. */
export type TensorShape = readonly Dim[];

/**
 * A Python value as the reader evaluated it, without running anything. `unknown` carries why the
 * reader could not know it (a function's result, data read at run time, a name it cannot see).
 */
export type Value =
  | { readonly kind: 'int'; readonly value: number }
  | { readonly kind: 'float'; readonly value: number }
  | { readonly kind: 'bool'; readonly value: boolean }
  | { readonly kind: 'str'; readonly value: string }
  | { readonly kind: 'none' }
  | { readonly kind: 'tuple' | 'list'; readonly items: readonly Value[] }
  | { readonly kind: 'dict'; readonly entries: readonly (readonly [Value, Value])[] }
  /** `keras.initializers.HeNormal(seed=42)` (a string id stays a `str`). */
  | { readonly kind: 'initializer'; readonly initializer: InitializerRef }
  /** A layer object passed as an argument: `Bidirectional(LSTM(64))`, `TimeDistributed(Dense(8))`. */
  | { readonly kind: 'layer'; readonly layer: LayerConstruction }
  /** A function reference: `keras.activations.relu`, `tf.nn.relu`, a user's def. */
  | { readonly kind: 'callable'; readonly name: string }
  | { readonly kind: 'unknown'; readonly reason: string };

/** An initializer object constructed in the source. */
export interface InitializerRef {
  /** Keras 3 class name (`GlorotUniform`), resolved from any spelling (`glorot_uniform()`, `tf.keras.initializers.GlorotUniform`). */
  readonly className: string;
  /** Keyword arguments by Keras parameter name (positional ones mapped). */
  readonly args: Readonly<Record<string, Value>>;
  /** The constructor call in the text. */
  readonly range: TextRange;
}

/** A layer constructor call with its arguments by Keras parameter name (positional ones mapped). */
export interface LayerConstruction {
  /** Keras class name after aliases (`Convolution2D` -> `Conv2D`). */
  readonly className: string;
  readonly args: Readonly<Record<string, Value>>;
  /** The constructor call in the text, e.g. `layers.Dense(10, ...)`. */
  readonly range: TextRange;
}

/** Why shapes are unknown from here on: thrown by the catalogue, caught by the reader. */
export class UnknownShapeError extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'UnknownShapeError';
  }
}

/** What Keras itself raises when building this layer on this input (message quoted from Keras 3). */
export class KerasBuildError extends Error {
  constructor(
    message: string,
    readonly pythonType: 'ValueError' | 'TypeError' = 'ValueError',
  ) {
    super(message);
    this.name = 'KerasBuildError';
  }
}

/** How a weight gets its initial value. */
export interface WeightInitializer {
  /**
   * The argument as written (`str` id, `initializer` object, `unknown`), or the layer's default as a
   * `str` id (`glorot_uniform`, `zeros`, `ones`, `orthogonal`, `uniform`...).
   */
  readonly value: Value;
  /** True when the layer's default is used (no argument in the source). */
  readonly isDefault: boolean;
  /** The constructor argument it comes from: `kernel_initializer`, `embeddings_initializer`... */
  readonly argument?: string;
  /**
   * Set when the layer makes the values from several pieces concatenated along the first axis
   * instead of one call of the initializer: LSTMCell's `unit_forget_bias` is
   * concat(init((units,)), ones((units,)), init((2 * units,))).
   */
  readonly pieces?: readonly WeightPiece[];
}

/** One piece of a weight's initial value: the weight's initializer on `shape`, or the fixed initializer `fixed`. */
export interface WeightPiece {
  readonly shape: readonly number[];
  /** An initializer id (`ones`) the layer uses for this piece whatever the argument says. */
  readonly fixed?: string;
}

/** One weight of a layer, in `layer.weights` order. */
export interface WeightSpec {
  /** Variable name as Keras gives it: `kernel`, `bias`, `recurrent_kernel`, `moving_mean`... */
  readonly name: string;
  readonly shape: readonly number[];
  readonly dtype: 'float32' | 'int64' | 'float64' | 'int32' | 'float16';
  readonly trainable: boolean;
  readonly initializer: WeightInitializer;
  /**
   * Where the variable sits below its layer, for the variable path and the `.weights.h5` layout:
   * attribute names of the sub-objects that own it, outermost first, e.g. `['cell']` for LSTM,
   * `['forward_layer', 'cell']` for Bidirectional(LSTM), `['query_dense']` for MultiHeadAttention;
   * empty for the layer's own variables.
   */
  readonly owner: readonly string[];
  /**
   * The names of those sub-objects in the variable path (`lstm_cell`, `forward_lstm`...), same length
   * as `owner`, so that `path = [modelName, layerName, ...ownerNames, name].join('/')`.
   */
  readonly ownerNames: readonly string[];
}

/** What building a layer on its input gives. */
export interface BuildResult {
  readonly weights: readonly WeightSpec[];
  /** One shape, or several for layers with several outputs (`return_state=True`). */
  readonly output: TensorShape | readonly TensorShape[];
}

/** Read access to a layer's arguments; every accessor throws `UnknownShapeError` for a value the reader could not know. */
export interface LayerArgs {
  readonly className: string;
  /** Whether the argument was given. */
  has(name: string): boolean;
  /** The raw value, or undefined when not given. */
  get(name: string): Value | undefined;
}

/** Keras naming context a layer needs to name its sub-objects (`forward_lstm`, `lstm_cell`). */
export interface BuildContext {
  /** This layer's own name (`lstm_2`). */
  readonly layerName: string;
}

/** One Keras layer class: constructor parameters and its build rules, from Keras 3's source. */
export interface LayerDefinition {
  /** Keras 3 class name. */
  readonly className: string;
  /** Other names that construct it (`Convolution2D`, `Conv2D` for Conv2D; tf.keras 2 spellings Keras 3 kept). */
  readonly aliases?: readonly string[];
  /** Constructor parameters in order, to map positional arguments (`Dense(64, 'relu')`). */
  readonly positional: readonly string[];
  /** `'many'` for layers called on a list of tensors (merge layers, `MultiHeadAttention` takes query, value[, key]). */
  readonly inputs: 'one' | 'many';
  /**
   * Weights and output shape(s) of the layer built on `input` (batch dimension first), exactly as
   * Keras 3's `build()` and `compute_output_shape()`. Throws `UnknownShapeError` with a reason when
   * a needed argument or dimension is unknown, `KerasBuildError` with Keras's message when Keras would raise.
   */
  build(args: LayerArgs, input: TensorShape | readonly TensorShape[], context: BuildContext): BuildResult;
}

/** Public: one layer instance of a model as the reader sees it. */
export interface LayerInfo {
  /** Keras class name: 'Dense', 'Conv2D', ... */
  readonly className: string;
  /** The constructor call in the text, e.g. `layers.Dense(10, ...)`. */
  readonly range: TextRange;
  /** The name Keras would give it: 'dense_1'. */
  readonly name?: string;
  /** Batch dimension first, null where unknown; the first input for a layer called on several. */
  readonly inputShape: Dim[] | null;
  readonly outputShape: Dim[] | null;
  readonly weights: readonly {
    readonly name: string;
    readonly shape: number[] | null;
    /** Display text of the initializer: `GlorotUniform(seed=42)`, `'he_normal'`, `glorot_uniform (default)`. */
    readonly initializer: string | null;
    readonly trainable: boolean;
  }[];
  readonly params: number | null;
  /** Why shapes are unknown here. */
  readonly unknown?: string;
}

/** Public: one model found in the text. */
export interface ModelInfo {
  /** The variable it is bound to. */
  readonly variable?: string;
  readonly kind: 'sequential' | 'functional' | 'subclassed';
  readonly range: TextRange;
  /** Indexes into `layers`, in `model.layers` order. */
  readonly layers: number[];
  readonly params: number | null;
}
