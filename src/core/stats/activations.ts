/**
 * The activations the propagation view offers, as Keras 3 computes them for `Dense(activation=name)`
 * (keras/src/activations/activations.py, numpy backend keras/src/backend/numpy/nn.py).
 */
import { CoreError } from '../errors';
import { erf } from './erf';

export const ACTIVATIONS = ['linear', 'tanh', 'relu', 'leaky_relu', 'sigmoid', 'selu', 'gelu'] as const;

export type Activation = (typeof ACTIVATIONS)[number];

/** keras.activations.leaky_relu(x, negative_slope=0.2): the slope the string id "leaky_relu" gets. */
export const LEAKY_RELU_SLOPE = 0.2;

/** SELU constants of keras/src/backend/numpy/nn.py `selu` (Klambauer et al., 2017). */
export const SELU_ALPHA = 1.6732632423543772848170429916717;
export const SELU_SCALE = 1.0507009873554804934193349852946;

/**
 * A scalar activation function. `gelu` is the exact form: keras.activations.gelu defaults to
 * approximate=False (only keras.ops.gelu defaults to the tanh approximation), so "gelu" as a layer's
 * activation is x·(erf(x/√2) + 1)/2.
 */
export function activationFunction(name: Activation): (x: number) => number {
  switch (name) {
    case 'linear':
      return (x) => x;
    case 'tanh':
      return Math.tanh;
    case 'relu':
      // numpy backend: np.maximum(x, 0) (NaN propagates)
      return (x) => (x > 0 || Number.isNaN(x) ? x : 0);
    case 'leaky_relu':
      // numpy backend: np.maximum(x, negative_slope·x)
      return (x) => (x >= 0 ? x : LEAKY_RELU_SLOPE * x);
    case 'sigmoid':
      // numpy backend: 1 / (1 + exp(-x))
      return (x) => 1 / (1 + Math.exp(-x));
    case 'selu':
      // numpy backend: scale·elu(x, alpha), elu = x if x >= 0 else alpha·expm1(x)
      return (x) => SELU_SCALE * (x >= 0 ? x : SELU_ALPHA * Math.expm1(x));
    case 'gelu':
      return (x) => (x * (erf(x * Math.SQRT1_2) + 1)) / 2;
    default:
      throw new CoreError('INVALID_ARGUMENT', `unknown activation ${JSON.stringify(name)}; accepted: ${ACTIVATIONS.join(', ')}.`);
  }
}

/** True when `name` is one of the activations the propagation view offers. */
export function isActivation(name: unknown): name is Activation {
  return typeof name === 'string' && (ACTIVATIONS as readonly string[]).includes(name);
}
