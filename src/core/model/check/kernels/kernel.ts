/** What every layer of the check implements: a forward pass that keeps what its backward pass needs. */
import { activationByName, type Activation } from '../activations';
import type { Tensor } from '../tensor';
import type { LayerArgs, Value } from '../../types';

export interface KernelContext {
  readonly className: string;
  readonly args: LayerArgs;
  /** Concrete input shapes, batch first (one per input tensor). */
  readonly inputShapes: readonly (readonly number[])[];
  /** A weight's initial values by `[...owner, name].join('/')` (`kernel`, `cell/kernel`, `forward_layer/cell/bias`). */
  weight(name: string): Float32Array;
  readonly training: boolean;
  /** Uniform doubles in [0, 1) for dropout masks (a stream of its own per layer). */
  readonly uniform: () => number;
}

export interface LayerKernel {
  /** The activation applied at the layer's output, as Keras names it. */
  readonly activation?: string;
  forward(inputs: readonly Tensor[]): Tensor[];
  /** Gradients with respect to the inputs from those with respect to the outputs (null: an input without one, such as ids). */
  backward(gradients: readonly Float32Array[]): (Float32Array | null)[];
}

/** A layer (or an argument of one) the check cannot run; the message says why, in words. */
export class UnsupportedLayerError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'UnsupportedLayerError';
  }
}

/** The activation of an `activation=` argument (default `linear`). */
export function activationArg(args: LayerArgs, name = 'activation', fallback = 'linear'): Activation {
  const value: Value | undefined = args.get(name);
  let id: string;
  if (value === undefined || value.kind === 'none') id = fallback;
  else if (value.kind === 'str') id = value.value;
  else if (value.kind === 'callable') id = value.name.split('.').pop() ?? value.name;
  else throw new UnsupportedLayerError(`its \`${name}\` is not a name the check knows`);
  const activation = activationByName(id);
  if (activation === undefined) throw new UnsupportedLayerError(`the activation '${id}' is not one the check can run`);
  return activation;
}

/** Applies `activation` after `inner` (the layer's `activation=`). */
export function withActivation(inner: LayerKernel, activation: Activation): LayerKernel {
  if (activation.name === 'linear') return { ...inner, activation: 'linear', forward: inner.forward, backward: inner.backward };
  let z: Tensor | undefined;
  let y: Tensor | undefined;
  return {
    activation: activation.name,
    forward(inputs) {
      const [pre] = inner.forward(inputs);
      const out = new Float32Array(pre.data.length);
      const last = pre.shape[pre.shape.length - 1] ?? 1;
      activation.forward(pre.data, out, last);
      z = pre;
      y = { shape: pre.shape, data: out };
      return [y];
    },
    backward([gy]) {
      if (z === undefined || y === undefined) throw new Error('backward before forward');
      const gz = new Float32Array(gy.length);
      activation.backward(z.data, y.data, gy, gz, z.shape[z.shape.length - 1] ?? 1);
      return inner.backward([gz]);
    },
  };
}

export function firstInput(inputs: readonly Tensor[]): Tensor {
  const t = inputs[0];
  if (t === undefined) throw new Error('a layer without input');
  return t;
}
