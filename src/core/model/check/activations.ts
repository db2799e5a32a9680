/**
 * Keras 3's activations (keras/src/activations/activations.py, numpy backend keras/src/backend/numpy/nn.py)
 * forward and backward on float32 arrays. Softmax-like ones act on the last axis.
 */
import { erf } from '../../stats/erf';

export interface Activation {
  /** As Keras names it: `relu`, `gelu`, `leaky_relu`... */
  readonly name: string;
  /** `y = f(x)`; `last` is the size of the last axis. */
  forward(x: Float32Array, y: Float32Array, last: number): void;
  /** `gx = gy · f'(x)` (gx may alias gy). */
  backward(x: Float32Array, y: Float32Array, gy: Float32Array, gx: Float32Array, last: number): void;
}

type Scalar = (x: number) => number;
/** The derivative from the input and output. */
type Derivative = (x: number, y: number) => number;

function elementwise(name: string, f: Scalar, df: Derivative): Activation {
  return {
    name,
    forward(x, y) {
      for (let i = 0; i < x.length; i++) y[i] = f(x[i]);
    },
    backward(x, y, gy, gx) {
      for (let i = 0; i < x.length; i++) gx[i] = gy[i] * df(x[i], y[i]);
    },
  };
}

const SELU_ALPHA = 1.6732632423543772848170429916717;
const SELU_SCALE = 1.0507009873554804934193349852946;
const SQRT1_2 = Math.SQRT1_2;
const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

const sigmoid = (x: number): number => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x)));

/** Keras's `ReLU.static_call(x, negative_slope, max_value, threshold)`. */
export function reluActivation(negativeSlope = 0, maxValue: number | null = null, threshold = 0, name = 'relu'): Activation {
  if (negativeSlope === 0 && maxValue === null && threshold === 0) {
    // the plain ReLU, in loops of its own (the general one below calls through closures)
    return {
      name,
      forward(x, y) {
        // np.maximum(x, 0): NaN stays NaN
        for (let i = 0; i < x.length; i++) y[i] = x[i] <= 0 ? 0 : x[i];
      },
      backward(x, _y, gy, gx) {
        for (let i = 0; i < x.length; i++) gx[i] = x[i] > 0 ? gy[i] : 0;
      },
    };
  }
  const f = (x: number): number => {
    if (Number.isNaN(x)) return x;
    let y = threshold !== 0 ? (x > threshold ? x : 0) : x > 0 ? x : 0;
    if (maxValue !== null && y > maxValue) y = maxValue;
    if (negativeSlope !== 0) {
      if (maxValue === null && threshold === 0) return x >= 0 ? x : negativeSlope * x;
      const neg = threshold - x;
      if (neg > 0) y -= negativeSlope * neg;
    }
    return y;
  };
  const df = (x: number): number => {
    if (x > threshold || (threshold === 0 && x > 0)) return maxValue !== null && x > maxValue ? 0 : 1;
    return negativeSlope;
  };
  return elementwise(name, f, df);
}

export function eluActivation(alpha = 1, name = 'elu'): Activation {
  return elementwise(
    name,
    (x) => (x >= 0 ? x : alpha * Math.expm1(x)),
    (x, y) => (x >= 0 ? 1 : y + alpha),
  );
}

const softmax: Activation = {
  name: 'softmax',
  forward(x, y, last) {
    for (let r = 0; r < x.length; r += last) {
      let max = -Infinity;
      for (let j = 0; j < last; j++) if (x[r + j] > max) max = x[r + j];
      let sum = 0;
      for (let j = 0; j < last; j++) {
        const e = Math.fround(Math.exp(x[r + j] - max));
        y[r + j] = e;
        sum += e;
      }
      const s = Math.fround(sum);
      for (let j = 0; j < last; j++) y[r + j] = y[r + j] / s;
    }
  },
  backward(_x, y, gy, gx, last) {
    for (let r = 0; r < y.length; r += last) {
      let dot = 0;
      for (let j = 0; j < last; j++) dot += gy[r + j] * y[r + j];
      for (let j = 0; j < last; j++) gx[r + j] = y[r + j] * (gy[r + j] - dot);
    }
  },
};

const logSoftmax: Activation = {
  name: 'log_softmax',
  forward(x, y, last) {
    for (let r = 0; r < x.length; r += last) {
      let max = -Infinity;
      for (let j = 0; j < last; j++) if (x[r + j] > max) max = x[r + j];
      let sum = 0;
      for (let j = 0; j < last; j++) sum += Math.exp(x[r + j] - max);
      const lse = max + Math.log(sum);
      for (let j = 0; j < last; j++) y[r + j] = x[r + j] - lse;
    }
  },
  backward(_x, y, gy, gx, last) {
    for (let r = 0; r < y.length; r += last) {
      let sum = 0;
      for (let j = 0; j < last; j++) sum += gy[r + j];
      for (let j = 0; j < last; j++) gx[r + j] = gy[r + j] - Math.exp(y[r + j]) * sum;
    }
  },
};

const hardSigmoid = (x: number): number => {
  const v = x / 6 + 0.5;
  return v <= 0 ? 0 : v >= 1 ? 1 : v;
};

const BY_NAME: Readonly<Record<string, () => Activation>> = {
  linear: () =>
    elementwise(
      'linear',
      (x) => x,
      () => 1,
    ),
  relu: () => reluActivation(),
  relu6: () => reluActivation(0, 6, 0, 'relu6'),
  leaky_relu: () => reluActivation(0.2, null, 0, 'leaky_relu'),
  elu: () => eluActivation(),
  selu: () =>
    elementwise(
      'selu',
      (x) => (x >= 0 ? SELU_SCALE * x : SELU_SCALE * SELU_ALPHA * Math.expm1(x)),
      (x, y) => (x >= 0 ? SELU_SCALE : y + SELU_SCALE * SELU_ALPHA),
    ),
  gelu: () =>
    elementwise(
      'gelu',
      (x) => (x * (erf(x * SQRT1_2) + 1)) / 2,
      (x) => 0.5 * (1 + erf(x * SQRT1_2)) + x * INV_SQRT_2PI * Math.exp(-0.5 * x * x),
    ),
  silu: () =>
    elementwise(
      'silu',
      (x) => x * sigmoid(x),
      (x) => {
        const s = sigmoid(x);
        return s * (1 + x * (1 - s));
      },
    ),
  tanh: () =>
    elementwise(
      'tanh',
      (x) => Math.tanh(x),
      (_x, y) => 1 - y * y,
    ),
  sigmoid: () => elementwise('sigmoid', sigmoid, (_x, y) => y * (1 - y)),
  softplus: () =>
    elementwise(
      'softplus',
      (x) => (x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x))),
      (x) => sigmoid(x),
    ),
  softsign: () =>
    elementwise(
      'softsign',
      (x) => x / (1 + Math.abs(x)),
      (x) => 1 / ((1 + Math.abs(x)) * (1 + Math.abs(x))),
    ),
  exponential: () =>
    elementwise(
      'exponential',
      (x) => Math.exp(x),
      (_x, y) => y,
    ),
  hard_sigmoid: () => elementwise('hard_sigmoid', hardSigmoid, (x) => (x > -3 && x < 3 ? 1 / 6 : 0)),
  hard_silu: () =>
    elementwise(
      'hard_silu',
      (x) => x * hardSigmoid(x),
      (x) => (x <= -3 ? 0 : x >= 3 ? 1 : x / 3 + 0.5),
    ),
  mish: () =>
    elementwise(
      'mish',
      (x) => x * Math.tanh(x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x))),
      (x) => {
        const sp = x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
        const t = Math.tanh(sp);
        return t + x * (1 - t * t) * sigmoid(x);
      },
    ),
  softmax: () => softmax,
  log_softmax: () => logSoftmax,
};

const ALIASES: Readonly<Record<string, string>> = { swish: 'silu', hard_swish: 'hard_silu' };

/** The activation Keras's `activations.get(name)` gives, or undefined for one the check cannot run. */
export function activationByName(name: string): Activation | undefined {
  const make = BY_NAME[ALIASES[name] ?? name];
  return make === undefined ? undefined : make();
}

/** Keras's canonical name (`swish` -> `silu`). */
export function canonicalActivation(name: string): string {
  return ALIASES[name] ?? name;
}
