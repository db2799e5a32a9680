/** Plain-data answers of the Python source reader (hover, completion and diagnostics adapt them). */
import type { ClassName } from '../initializers/names';
import type { PyType, PyValue } from './literal';

export type { PyType, PyValue };

/** A half-open range of UTF-16 offsets into the text (the offsets VS Code's `offsetAt` uses). */
export interface SourceRange {
  readonly start: number;
  readonly end: number;
}

/**
 * How an initializer is written: a call `HeNormal(seed=1)`, a class or function reference
 * `keras.initializers.HeNormal`, a string id `"he_normal"`, or a config dict
 * `{"class_name": "HeNormal", "config": {...}}`.
 */
export type InitializerForm = 'call' | 'reference' | 'string' | 'dict';

/** One argument of a call (or one entry of a dict config). */
export interface ArgumentInfo {
  /**
   * The Keras parameter it binds: the keyword, or for a positional argument the parameter at that
   * position in Keras's signature; undefined beyond the signature or for `*args`/`**kwargs`.
   */
  readonly name: string | undefined;
  readonly keyword: boolean;
  /** Index among the call's arguments. */
  readonly position: number;
  /** `*args` or `**kwargs`. */
  readonly unpacked: boolean;
  /** The whole argument (`seed=42`). */
  readonly range: SourceRange;
  /** The value part (`42`). */
  readonly valueRange: SourceRange;
  readonly valueText: string;
  /** Whether the value is a literal or constant expression (then `value` and `type` are set). */
  readonly literal: boolean;
  readonly value?: PyValue;
  readonly type?: PyType;
}

/** Where an initializer (or a string id) sits, which is what makes a string an initializer id. */
export type InitializerContext =
  /** A keyword argument of a call: `Dense(64, kernel_initializer=...)`. `call` is the callee as written. */
  | { readonly kind: 'keyword'; readonly keyword: string; readonly call: string }
  /** A positional argument: `initializers.get("he_normal")`, `add_weight((3, 3), "zeros")`. */
  | { readonly kind: 'positional'; readonly index: number; readonly call: string; readonly parameter: string | undefined }
  /** A parameter default: `def __init__(self, kernel_initializer="glorot_uniform")`. */
  | { readonly kind: 'parameterDefault'; readonly parameter: string; readonly function: string }
  /** The right side of an assignment: `init = HeNormal(seed=42)`, `self.kernel_initializer = "zeros"`. */
  | { readonly kind: 'assignment'; readonly target: string }
  /** A dict entry: `{"kernel_initializer": "he_normal"}`. */
  | { readonly kind: 'dictEntry'; readonly key: string };

/** The layer (or `add_weight`/`Variable` call) an initializer is passed to, and what it knows of the weight. */
export interface LayerContext {
  /** The class or method name: `Dense`, `Conv2D`, `add_weight`. */
  readonly name: string;
  /** The callee as written, without spaces: `keras.layers.Dense`, `self.add_weight`. */
  readonly callee: string;
  /** Whether the reader knows this layer's weights (false for a custom layer). */
  readonly known: boolean;
  /** The keyword the initializer is passed as: `kernel_initializer`. */
  readonly argument: string;
  /** The weight it initializes: `kernel`, `recurrent_kernel`, `bias`, `embeddings`, `gamma`... */
  readonly weight: string | undefined;
  /** Rank of that weight when known (Dense kernel 2, Conv2D kernel 4, bias 1). */
  readonly rank: number | undefined;
  /** The weight's shape when its rank is known; unknown dimensions are undefined. */
  readonly shape: readonly (number | undefined)[] | undefined;
  /** Keras's compute_fans on that shape, when the dimensions it needs are known. */
  readonly fanIn: number | undefined;
  readonly fanOut: number | undefined;
  /** Product of the leading (spatial) dimensions for rank >= 3, when known. */
  readonly receptiveField: number | undefined;
  readonly units?: number;
  readonly filters?: number;
  readonly kernelSize?: readonly (number | undefined)[];
  readonly depthMultiplier?: number;
  readonly inputDim?: number;
  readonly outputDim?: number;
  /** The layer call's literal arguments by Keras parameter name, and those it could not evaluate. */
  readonly args: Readonly<Record<string, PyValue>>;
  readonly nonLiteral: readonly string[];
  /** The whole layer call. */
  readonly range: SourceRange;
  /**
   * Set when the file's model makes the weight's shape known (`analyzeModels`): where the shape comes
   * from, e.g. "fan_in 784: `keras.Input(shape=(784,))` on line 2".
   */
  readonly shapeSource?: ShapeSource;
  /**
   * Set when this one constructor call makes layers whose weights differ (a function that builds a
   * layer called twice): each distinct shape, how many weights have it, and where it comes from.
   * `shape` then keeps only the dimensions they agree on.
   */
  readonly instances?: readonly { readonly shape: readonly number[]; readonly count: number; readonly source: ShapeSource }[];
  /** Why the model does not make the shape known here, when it reads this layer but not its input. */
  readonly shapeUnknown?: string;
}

/** Where a weight's shape comes from, in words, and the code that decides it. */
export interface ShapeSource {
  readonly text: string;
  /** The code that fixes the shape (the Input, the layer before), in the analyzed text. */
  readonly range?: SourceRange;
  /** 1-based line of `range`. */
  readonly line?: number;
}

export interface InitializerExpression {
  readonly form: InitializerForm;
  /** The canonical Keras 3 class ("he_normal" → HeNormal); undefined only when `unknownId` is set. */
  readonly className: ClassName | undefined;
  /** The Keras name as written: an id (`he_normal`), a class (`HeNormal`) or the imported name an alias stands for. */
  readonly name: string;
  /** Set when the name is not one Keras 3 accepts (`"glorot"`, `keras.initializers.normal`). */
  readonly unknownId?: string;
  /** Set for a tf.keras 2 name Keras 3 rejects (`HeNormalV2`); `className` is its Keras 3 class. */
  readonly keras2Name?: string;
  /** The qualifier written before the name (`tf.keras.initializers.`, `I.`), '' for bare names, strings and dicts. */
  readonly qualifier: string;
  /** The module the name was resolved in (`tensorflow.keras.initializers`), when known. */
  readonly module: string | undefined;
  /** Literal arguments by Keras parameter name (positional ones mapped to Keras's order). */
  readonly args: Readonly<Record<string, PyValue>>;
  /** Arguments that are not literals (`seed=SEED`), by Keras parameter name (or `*args`, `**kwargs`, `#3`). */
  readonly nonLiteral: readonly string[];
  /** Every argument, in source order, with ranges. */
  readonly argList: readonly ArgumentInfo[];
  /** The whole expression (for a string: with its quotes; for a call: through the closing parenthesis). */
  readonly range: SourceRange;
  /** The name token, the string's content, or the dict's class_name string content. */
  readonly nameRange: SourceRange;
  readonly context: InitializerContext | undefined;
  readonly layer: LayerContext | undefined;
  /** Set when the expression was reached through a variable (`kernel_initializer=init`). */
  readonly via?: { readonly variable: string; readonly range: SourceRange };
}

/** How a variable's initializer instance is seeded. */
export type SeedInfo =
  | { readonly kind: 'int'; readonly value: number }
  | { readonly kind: 'none' }
  | { readonly kind: 'seedGenerator' }
  | { readonly kind: 'nonLiteral'; readonly text: string };

export interface InstanceUse {
  /** The variable at the use site. */
  readonly range: SourceRange;
  readonly context: InitializerContext | undefined;
  readonly layer: LayerContext | undefined;
  /** The use is inside a loop or comprehension that does not also create the instance. */
  readonly inLoop: boolean;
}

/**
 * One initializer instance held in a variable and passed to several layers. Keras 3 draws an int
 * (or absent) seed once, so every layer gets identical values; a SeedGenerator seed advances per call.
 */
export interface SharedInstance {
  readonly variable: string;
  readonly initializer: InitializerExpression;
  readonly seed: SeedInfo;
  /** True for int and absent seeds, false for a SeedGenerator, undefined when the seed is not a literal. */
  readonly identicalValues: boolean | undefined;
  readonly uses: readonly InstanceUse[];
}

export interface FileInitializers {
  /** Every initializer expression in the file, in source order. */
  readonly expressions: readonly InitializerExpression[];
  /** Random initializer instances held in a variable and used at two or more sites (or in a loop). */
  readonly sharedInstances: readonly SharedInstance[];
}

/** What completion should offer at an offset. */
export type CompletionContext =
  /** Inside a string in an initializer context: offer ids. `range` is the string's content. */
  | { readonly kind: 'stringId'; readonly range: SourceRange; readonly prefix: string; readonly quote: string }
  /** After `initializers.`: offer classes and function aliases. `range` is the partial name. */
  | { readonly kind: 'member'; readonly qualifier: string; readonly range: SourceRange; readonly prefix: string }
  /** At an argument position inside an initializer call: offer its parameters not yet present. */
  | {
      readonly kind: 'keyword';
      readonly className: ClassName;
      readonly present: readonly string[];
      readonly range: SourceRange;
      readonly prefix: string;
    }
  /** Inside the string value of `mode=` / `distribution=` of VarianceScaling. */
  | {
      readonly kind: 'value';
      readonly className: ClassName;
      readonly argument: 'mode' | 'distribution';
      readonly range: SourceRange;
      readonly prefix: string;
      readonly quote: string;
    };

/** How a file imports Keras, so inserted code follows it. */
export interface ImportStyle {
  /**
   * `initializersModule`: `from keras import initializers [as I]`; `keras`, `tf.keras`, `tf_keras`:
   * the package imported as a module; `bare`: initializer classes imported by name only;
   * `none`: no Keras import (the Keras 3 spelling is suggested).
   */
  readonly kind: 'initializersModule' | 'keras' | 'tf.keras' | 'tf_keras' | 'bare' | 'none';
  /** What to write before a class name: `keras.initializers.`, `tf.keras.initializers.`, `I.`, or ''. */
  readonly qualifier: string;
  /** Initializer names imported bare: local name → the Keras name it stands for. */
  readonly bareNames: Readonly<Record<string, string>>;
  /** The initializers module the file uses (`keras.initializers`, `tensorflow.keras.initializers`). */
  readonly module: string;
}
