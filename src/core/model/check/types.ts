/**
 * The initialization check: a forward pass of a random batch through the model as written, with the
 * initial weights Keras would draw, then a backward pass of a random unit-variance output gradient.
 * These types are the contract between the core (`checkInitialization`) and the editor's panel.
 */
import type { TextRange } from '../types';

export interface CheckOptions {
  /** The model's variable (else its Keras name); default: the last model bound at module level. */
  readonly model?: string;
  /** Rows of the random batch (default 256). */
  readonly batchSize?: number;
  /** Base seed of the unseeded initializers (the weight files' seed rule); drawn when absent. */
  readonly seed?: number;
  /** Seed of the random inputs (default 0): N(0, 1) floats, or integer ids below `input_dim` for Embedding. */
  readonly inputSeed?: number;
  /** BatchNormalization and Dropout as in training (`model(x, training=True)`); default false, as `model(x)`. */
  readonly training?: boolean;
  /** One flat batch-major array per model input, replacing the random batch. */
  readonly inputs?: readonly (Float32Array | Int32Array)[];
  /** Run with each kernel's suggested initializer instead of the one written (the side-by-side run). */
  readonly suggested?: boolean;
  /** Polled between layers; true stops the run with `stoppedAt` saying so. */
  readonly isCancelled?: () => boolean;
  /** Called after each layer of the forward and the backward pass. */
  readonly onProgress?: (done: number, total: number) => void;
}

/** Statistics of one tensor over the batch (every element). */
export interface TensorStats {
  readonly mean: number;
  readonly std: number;
  /** Fraction of elements exactly 0 (dead ReLUs). */
  readonly zeroFraction: number;
  /** Fraction of elements with |x| > 0.99 after tanh/softsign, or x < 0.01 or x > 0.99 after sigmoid; 0 otherwise. */
  readonly saturatedFraction: number;
  readonly min: number;
  readonly max: number;
  /** A histogram of the values: `counts[k]` in [edges[k], edges[k + 1]). */
  readonly histogram: { readonly edges: readonly number[]; readonly counts: readonly number[] };
}

/** A source edit that sets a layer's initializer (the quick fix). */
export interface InitializerEdit {
  readonly range: TextRange;
  readonly newText: string;
}

/** What the check suggests for a layer's kernel: He for the ReLU family, LeCun for SELU, Glorot for tanh/sigmoid/linear. */
export interface InitializerSuggestion {
  /** The constructor argument, e.g. `kernel_initializer` (`depthwise_initializer`...). */
  readonly argument: string;
  /** As written, or the layer's default (`glorot_uniform`). */
  readonly current: string;
  /** A Keras id: `he_normal`, `lecun_normal`, `glorot_uniform`. */
  readonly suggested: string;
  readonly reason: string;
  /** The edit that writes it into the source; absent when the call cannot be edited safely. */
  readonly edit?: InitializerEdit;
}

export interface CheckLayer {
  readonly className: string;
  /** The constructor call in the text. */
  readonly range: TextRange;
  readonly name?: string;
  /** The activation applied at the layer's output (`relu`, `linear`...), as Keras names it. */
  readonly activation?: string;
  readonly outputShape: readonly number[];
  /** The layer's output as Keras returns it (after its `activation=`). */
  readonly output: TensorStats;
  /** The gradient of the loss with respect to this layer's output; null before the backward pass reached it. */
  readonly gradient: TensorStats | null;
  readonly suggestion?: InitializerSuggestion;
  /** ReLU-family outputs: fraction of units (last axis) zero for every example of the batch. */
  readonly deadFraction?: number;
  /** The kernel's initializer as written (`RandomNormal(stddev=0.05)`), or its default (`glorot_uniform (default)`). */
  readonly initializer?: string;
}

export interface CheckFinding {
  readonly severity: 'info' | 'warning';
  /** Index into `layers`. */
  readonly layer?: number;
  /** Plain words with numbers: "activation std falls from 1.0 to 0.003 by layer 12: RandomNormal(stddev=0.05) with tanh". */
  readonly message: string;
}

export interface CheckResult {
  /** The model's variable, else its Keras name. */
  readonly model: string;
  readonly batchSize: number;
  /** The base seed used for unseeded initializers (null when none needed one). */
  readonly seed: number | null;
  readonly inputSeed: number;
  readonly training: boolean;
  /** Statistics of the input batch (the first input). */
  readonly input: TensorStats;
  /** One entry per layer of `model.layers` (InputLayer aside), in that order. */
  readonly layers: readonly CheckLayer[];
  readonly findings: readonly CheckFinding[];
  /** The layer the run stopped at, and why (a layer kind it cannot run, a cancel). */
  readonly stoppedAt?: { readonly layer: number; readonly reason: string };
}
