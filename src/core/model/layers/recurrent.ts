/**
 * Recurrent layers (keras/src/layers/rnn/): SimpleRNN/LSTM/GRU whose weights belong to their `cell`,
 * ConvLSTM1D/2D/3D, and the Bidirectional and TimeDistributed wrappers.
 */
import {
  KerasBuildError,
  UnknownShapeError,
  type BuildResult,
  type Dim,
  type LayerArgs,
  type LayerConstruction,
  type LayerDefinition,
  type TensorShape,
  type Value,
  type WeightSpec,
} from '../types';
import {
  boolArg,
  checkRank,
  givenArg,
  initializerArg,
  intTupleArg,
  knownArg,
  knownDim,
  owned,
  pythonText,
  shapeText,
  singleInput,
  weight,
} from './args';
import { convOutputLengths, convPositional, dataFormatArg, joinChannels, paddingArg, splitChannels } from './conv';

/** `units` check of the RNN cells' `__init__`. */
function unitsArg(args: LayerArgs): number {
  const value = knownArg(args, 'units');
  if (value === undefined) throw new UnknownShapeError('`units` is not given');
  if (value.kind !== 'int' || value.value <= 0) {
    throw new KerasBuildError(`Received an invalid value for argument \`units\`, expected a positive integer, got ${pythonText(value)}.`);
  }
  return value.value;
}

/** RNN.compute_output_shape: sequences or last output, then one shape per state with return_state. */
function rnnOutputs(args: LayerArgs, shape: TensorShape, step: Dim[], stateCount: number): TensorShape | TensorShape[] {
  const batch = shape[0] ?? null;
  const output = boolArg(args, 'return_sequences', false) ? [batch, shape[1] ?? null, ...step] : [batch, ...step];
  if (!boolArg(args, 'return_state', false)) return output;
  return [output, ...new Array<Dim[]>(stateCount).fill([batch, ...step])];
}

/** The cell's own weights (SimpleRNNCell/LSTMCell/GRUCell.build): `cell` is `SimpleRNN`, `LSTM` or `GRU`. */
function cellWeights(cell: string, gates: number, args: LayerArgs, units: number, inputDim: number): WeightSpec[] {
  const weights = [
    weight('kernel', [inputDim, gates * units], initializerArg(args, 'kernel_initializer', 'glorot_uniform')),
    weight('recurrent_kernel', [units, gates * units], initializerArg(args, 'recurrent_initializer', 'orthogonal')),
  ];
  if (boolArg(args, 'use_bias', true)) {
    // GRUCell.build: reset_after keeps separate input and recurrent biases, shape (2, 3 * units).
    const resetAfter = cell === 'GRU' && boolArg(args, 'reset_after', true);
    let initializer = initializerArg(args, 'bias_initializer', 'zeros');
    if (cell === 'LSTM' && boolArg(args, 'unit_forget_bias', true)) {
      // LSTMCell.build with unit_forget_bias: bias_initializer for the input gate, ones for the
      // forget gate, bias_initializer again for the cell and output gates.
      initializer = { ...initializer, pieces: [{ shape: [units] }, { shape: [units], fixed: 'ones' }, { shape: [2 * units] }] };
    }
    weights.push(weight('bias', resetAfter ? [2, gates * units] : [gates * units], initializer));
  }
  return weights;
}

function recurrent(className: string, cellName: string, gates: number, stateCount: number): LayerDefinition {
  return {
    className,
    positional: ['units', 'activation'],
    inputs: 'one',
    build(args, input, context) {
      const shape = singleInput(className, input);
      const units = unitsArg(args);
      checkRank(context.layerName, shape, { ndim: 3 });
      const inputDim = knownDim(shape, -1, `${className} kernel`);
      const weights = cellWeights(className, gates, args, units, inputDim);
      return { weights: owned(weights, 'cell', cellName), output: rnnOutputs(args, shape, [units], stateCount) };
    },
  };
}

/** A cell on its own (SimpleRNNCell, LSTMCell, GRUCell), built on one time step (batch, features); its output is the step's. */
function recurrentCell(cell: string, gates: number): LayerDefinition {
  const className = `${cell}Cell`;
  return {
    className,
    positional: ['units', 'activation'],
    inputs: 'one',
    build(args, input) {
      const shape = singleInput(className, input);
      const units = unitsArg(args);
      const inputDim = knownDim(shape, -1, `${className} kernel`);
      return { weights: cellWeights(cell, gates, args, units, inputDim), output: [shape[0] ?? null, units] };
    },
  };
}

/** ConvLSTM: the cell's convolution gives the step shape; kernel k + (in, 4f), recurrent k + (f, 4f), bias (4f,). */
function convLstm(rank: number, className: string): LayerDefinition {
  return {
    className,
    positional: convPositional([], ['activation', 'recurrent_activation']),
    inputs: 'one',
    build(args, input, context) {
      const shape = singleInput(className, input);
      const filters = knownArg(args, 'filters');
      if (filters?.kind !== 'int') throw new UnknownShapeError('`filters` is not known');
      const kernelSize = intTupleArg(args, 'kernel_size', rank, 1);
      const strides = intTupleArg(args, 'strides', rank, 1);
      const dilation = intTupleArg(args, 'dilation_rate', rank, 1);
      const padding = paddingArg(args, false);
      const format = dataFormatArg(args);
      checkRank(context.layerName, shape, { ndim: rank + 3 });
      const stepInput = [shape[0] ?? null, ...shape.slice(2)];
      const { spatial, channels } = splitChannels(stepInput, format);
      if (channels === null) throw new UnknownShapeError(`the channel dimension of ${shapeText(shape)} is not known`);
      const f = filters.value;
      const lengths = convOutputLengths(stepInput, [...kernelSize, channels, f], spatial, kernelSize, strides, dilation, padding);
      const step = joinChannels(null, lengths, f, format).slice(1);
      const weights = [
        weight('kernel', [...kernelSize, channels, 4 * f], initializerArg(args, 'kernel_initializer', 'glorot_uniform')),
        weight('recurrent_kernel', [...kernelSize, f, 4 * f], initializerArg(args, 'recurrent_initializer', 'orthogonal')),
      ];
      if (boolArg(args, 'use_bias', true)) {
        let initializer = initializerArg(args, 'bias_initializer', 'zeros');
        if (boolArg(args, 'unit_forget_bias', true)) {
          // ConvLSTMCell.build, as LSTMCell's: ones for the forget gate's filters.
          initializer = { ...initializer, pieces: [{ shape: [f] }, { shape: [f], fixed: 'ones' }, { shape: [2 * f] }] };
        }
        weights.push(weight('bias', [4 * f], initializer));
      }
      return { weights: owned(weights, 'cell', 'conv_lstm_cell'), output: rnnOutputs(args, shape, step, 2) };
    },
  };
}

/** The `layer` argument of a wrapper, as a construction. */
function wrappedLayer(args: LayerArgs, name: string): LayerConstruction | undefined {
  const value = givenArg(args, name);
  if (value === undefined) return undefined;
  if (value.kind !== 'layer') throw new UnknownShapeError(`\`${name}\` is not a layer the reader can see`);
  return value.layer;
}

/** Keras's automatic layer name: the class name in snake case (`SimpleRNN` -> `simple_rnn`). */
export function snakeCaseName(className: string): string {
  return className
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1_$2')
    .replace(/([a-z\d])([A-Z])/g, '$1_$2')
    .toLowerCase();
}

/** A wrapped layer's name: its `name=` argument (the reader fills in Keras's automatic name there), else the class's base name. */
export function constructionName(layer: LayerConstruction): string {
  const name = layer.args.name;
  return name?.kind === 'str' ? name.value : snakeCaseName(layer.className);
}

/** Arguments of a wrapped construction, with overrides (the backward copy's flipped `go_backwards`). */
function constructionArgs(layer: LayerConstruction, overrides: Record<string, Value> = {}): LayerArgs {
  const all: Record<string, Value> = { ...layer.args, ...overrides };
  return {
    className: layer.className,
    has: (name) => all[name] !== undefined,
    get: (name) => all[name],
  };
}

/** Builds a wrapped layer through the catalogue (resolved lazily to avoid an import cycle). */
let lookup: ((name: string) => LayerDefinition | undefined) | undefined;
export function setWrappedLayerLookup(find: (name: string) => LayerDefinition | undefined): void {
  lookup = find;
}

function buildWrapped(layer: LayerConstruction, args: LayerArgs, input: TensorShape, name: string): BuildResult {
  const definition = lookup?.(layer.className);
  if (definition === undefined) throw new UnknownShapeError(`the wrapped layer ${layer.className} is not in the catalogue`);
  return definition.build(args, input, { layerName: name });
}

function firstShape(output: BuildResult['output']): TensorShape {
  const first = output[0];
  return Array.isArray(first) ? (first as TensorShape) : (output as TensorShape);
}

const MERGE_MODES = ['sum', 'mul', 'ave', 'concat'];

/** Bidirectional: forward_<name> and backward_<name> copies; outputs merged by merge_mode. */
const BIDIRECTIONAL: LayerDefinition = {
  className: 'Bidirectional',
  positional: ['layer', 'merge_mode', 'weights', 'backward_layer'],
  inputs: 'one',
  build(args, input, context) {
    const shape = singleInput('Bidirectional', input);
    const layer = wrappedLayer(args, 'layer');
    if (layer === undefined) throw new UnknownShapeError('`layer` is not given');
    const modeValue = knownArg(args, 'merge_mode');
    const mode = modeValue === undefined ? 'concat' : modeValue.kind === 'none' ? null : pythonText(modeValue);
    if (mode !== null && !MERGE_MODES.includes(mode)) {
      throw new KerasBuildError(`Invalid merge mode. Received: ${mode}. Merge mode should be one of {"sum", "mul", "ave", "concat", None}`);
    }
    const innerName = constructionName(layer);
    const forwardName = `forward_${innerName.replace(/^forward_/, '')}`;
    const backward = wrappedLayer(args, 'backward_layer');
    const goBackwards = boolArg(constructionArgs(layer), 'go_backwards', false);
    const backwardName = backward === undefined ? `backward_${innerName.replace(/^backward_/, '')}` : constructionName(backward);
    const backwardArgs =
      backward === undefined
        ? constructionArgs(layer, { go_backwards: { kind: 'bool', value: !goBackwards } })
        : constructionArgs(backward);
    checkRank(context.layerName, shape, { ndim: 3 });
    const forward = buildWrapped(layer, constructionArgs(layer), shape, forwardName);
    const backwardBuilt = buildWrapped(backward ?? layer, backwardArgs, shape, backwardName);
    const returnState = boolArg(constructionArgs(layer), 'return_state', false);
    const forwardOutput = forward.output as readonly TensorShape[];
    const output = returnState ? (forwardOutput[0] ?? []) : firstShape(forward.output);
    const states = returnState ? forwardOutput.slice(1) : [];
    const merged: TensorShape[] =
      mode === 'concat'
        ? [[...output.slice(0, -1), (output[output.length - 1] ?? 0) === null ? null : (output[output.length - 1] as number) * 2]]
        : mode === null
          ? [output, output]
          : [output];
    const weights = [
      ...owned(forward.weights, 'forward_layer', forwardName),
      ...owned(backwardBuilt.weights, 'backward_layer', backwardName),
    ];
    if (!returnState && merged.length === 1) return { weights, output: merged[0] ?? [] };
    return { weights, output: [...merged, ...states, ...states] };
  },
};

/** TimeDistributed: the inner layer built on input_shape[0:1] + input_shape[2:], time axis put back. */
const TIME_DISTRIBUTED: LayerDefinition = {
  className: 'TimeDistributed',
  positional: ['layer'],
  inputs: 'one',
  build(args, input) {
    const shape = singleInput('TimeDistributed', input);
    const layer = wrappedLayer(args, 'layer');
    if (layer === undefined) throw new UnknownShapeError('`layer` is not given');
    if (shape.length < 3) {
      throw new KerasBuildError(
        `\`TimeDistributed\` Layer should be passed an \`input_shape\` with at least 3 dimensions, received: ${shapeText(shape)}`,
      );
    }
    const name = constructionName(layer);
    const inner = buildWrapped(layer, constructionArgs(layer), [shape[0] ?? null, ...shape.slice(2)], name);
    const innerOutput = firstShape(inner.output);
    return { weights: owned(inner.weights, 'layer', name), output: [shape[0] ?? null, shape[1] ?? null, ...innerOutput.slice(1)] };
  },
};

export const RECURRENT_DEFINITIONS: readonly LayerDefinition[] = [
  recurrent('SimpleRNN', 'simple_rnn_cell', 1, 1),
  recurrent('LSTM', 'lstm_cell', 4, 2),
  recurrent('GRU', 'gru_cell', 3, 1),
  recurrentCell('SimpleRNN', 1),
  recurrentCell('LSTM', 4),
  recurrentCell('GRU', 3),
  convLstm(1, 'ConvLSTM1D'),
  convLstm(2, 'ConvLSTM2D'),
  convLstm(3, 'ConvLSTM3D'),
  BIDIRECTIONAL,
  TIME_DISTRIBUTED,
];
