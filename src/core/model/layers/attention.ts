/** Attention layers (keras/src/layers/attention/). */
import { KerasBuildError, UnknownShapeError, type LayerDefinition, type WeightSpec } from '../types';
import {
  boolArg,
  fixedInitializer,
  initializerArg,
  inputList,
  intArg,
  knownArg,
  knownDim,
  owned,
  shapeText,
  shapeValue,
  strArg,
  weight,
} from './args';

/**
 * MultiHeadAttention: EinsumDense sub-layers `_query_dense` (named `query`), `_key_dense` (`key`),
 * `_value_dense` (`value`), `_output_dense` (`attention_output`), built in that order; the
 * `.weights.h5` walk reaches them first through the public properties `query_dense`... (sorted names).
 */
const MULTI_HEAD_ATTENTION: LayerDefinition = {
  className: 'MultiHeadAttention',
  positional: ['num_heads', 'key_dim', 'value_dim', 'dropout', 'use_bias', 'output_shape', 'attention_axes'],
  inputs: 'many',
  build(args, input) {
    const shapes = inputList('MultiHeadAttention', input);
    const query = shapes[0];
    const value = shapes[1] ?? query;
    const key = shapes[2] ?? value;
    if (query === undefined || value === undefined || key === undefined) {
      throw new UnknownShapeError('MultiHeadAttention needs query and value');
    }
    const heads = intArg(args, 'num_heads');
    const keyDim = intArg(args, 'key_dim');
    const valueGiven = knownArg(args, 'value_dim');
    const valueDim = valueGiven === undefined || valueGiven.kind === 'none' ? keyDim : intArg(args, 'value_dim');
    if (shapeText(value.slice(1, -1)) !== shapeText(key.slice(1, -1))) {
      throw new KerasBuildError(
        `All dimensions of \`value\` and \`key\`, except the last one, must be equal. Received: value_shape=${shapeText(value)} and key_shape=${shapeText(key)}`,
      );
    }
    const useBias = boolArg(args, 'use_bias', true);
    const outputValue = knownArg(args, 'output_shape');
    const queryLast = knownDim(query, -1, 'MultiHeadAttention query');
    const outputDims =
      outputValue === undefined || outputValue.kind === 'none' ? [queryLast] : shapeValue('output_shape', outputValue).map((d) => d ?? 0);
    const kernel = initializerArg(args, 'kernel_initializer', 'glorot_uniform');
    const bias = initializerArg(args, 'bias_initializer', 'zeros');
    const projection = (inputDim: number, dim: number): WeightSpec[] => [
      weight('kernel', [inputDim, heads, dim], kernel),
      ...(useBias ? [weight('bias', [heads, dim], bias)] : []),
    ];
    const weights = [
      ...owned(projection(queryLast, keyDim), 'query_dense', 'query'),
      ...owned(projection(knownDim(key, -1, 'MultiHeadAttention key'), keyDim), 'key_dense', 'key'),
      ...owned(projection(knownDim(value, -1, 'MultiHeadAttention value'), valueDim), 'value_dense', 'value'),
      ...owned(
        [weight('kernel', [heads, valueDim, ...outputDims], kernel), ...(useBias ? [weight('bias', outputDims, bias)] : [])],
        'output_dense',
        'attention_output',
      ),
    ];
    return { weights, output: [...query.slice(0, -1), ...outputDims] };
  },
};

function checkAttentionInputs(count: number): void {
  if (count < 2 || count > 3) {
    throw new KerasBuildError(
      `Attention layer accepts inputs list of length 2 or 3, namely [query, value] or [query, value, key]. Received length: ${count}.`,
    );
  }
}

/** Attention: scalar `scale` with use_scale, scalar `concat_score_weight` with score_mode="concat". */
const ATTENTION: LayerDefinition = {
  className: 'Attention',
  positional: ['use_scale', 'score_mode', 'dropout', 'seed'],
  inputs: 'many',
  build(args, input) {
    const shapes = inputList('Attention', input);
    checkAttentionInputs(shapes.length);
    const weights: WeightSpec[] = [];
    if (boolArg(args, 'use_scale', false)) weights.push(weight('scale', [], fixedInitializer('ones')));
    if (strArg(args, 'score_mode', 'dot', ['dot', 'concat']) === 'concat') {
      weights.push(weight('concat_score_weight', [], fixedInitializer('ones')));
    }
    const query = shapes[0] ?? [];
    const value = shapes[1] ?? [];
    return { weights, output: [...query.slice(0, -1), value[value.length - 1] ?? null] };
  },
};

/** AdditiveAttention: `scale` of (dim,) (the last axis of the value) with use_scale (default True). */
const ADDITIVE_ATTENTION: LayerDefinition = {
  className: 'AdditiveAttention',
  positional: ['use_scale', 'dropout'],
  inputs: 'many',
  build(args, input) {
    const shapes = inputList('AdditiveAttention', input);
    checkAttentionInputs(shapes.length);
    const query = shapes[0] ?? [];
    const value = shapes[1] ?? [];
    const weights = boolArg(args, 'use_scale', true)
      ? [weight('scale', [knownDim(value, -1, 'AdditiveAttention scale')], fixedInitializer('glorot_uniform'))]
      : [];
    return { weights, output: [...query.slice(0, -1), value[value.length - 1] ?? null] };
  },
};

export const ATTENTION_DEFINITIONS: readonly LayerDefinition[] = [MULTI_HEAD_ATTENTION, ATTENTION, ADDITIVE_ATTENTION];
