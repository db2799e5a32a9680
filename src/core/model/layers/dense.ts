/** Dense and EinsumDense (keras/src/layers/core/dense.py, einsum_dense.py). */
import { KerasBuildError, UnknownShapeError, type Dim, type LayerDefinition, type TensorShape } from '../types';
import {
  boolArg,
  checkRank,
  givenArg,
  initializerArg,
  knownArg,
  knownDim,
  positiveIntArg,
  shapeValue,
  singleInput,
  strArg,
  weight,
} from './args';

/** Dense: kernel (input_shape[-1], units) then bias (units,); output replaces the last axis. */
export const DENSE: LayerDefinition = {
  className: 'Dense',
  positional: ['units', 'activation', 'use_bias', 'kernel_initializer', 'bias_initializer'],
  inputs: 'one',
  build(args, input, context) {
    const shape = singleInput('Dense', input);
    const units = positiveIntArg(args, 'units');
    checkRank(context.layerName, shape, { minNdim: 2 });
    const inputDim = knownDim(shape, -1, 'Dense kernel');
    const weights = [weight('kernel', [inputDim, units], initializerArg(args, 'kernel_initializer', 'glorot_uniform'))];
    if (boolArg(args, 'use_bias', true)) weights.push(weight('bias', [units], initializerArg(args, 'bias_initializer', 'zeros')));
    return { weights, output: [...shape.slice(0, -1), units] };
  },
};

/** Python's `seq[i]` with negative indexes. */
function at<T>(items: readonly T[], index: number): T | undefined {
  return items[index < 0 ? items.length + index : index];
}

/** What `_analyze_einsum_string` (einsum_dense.py) derives: kernel and bias shapes, full output shape. */
export interface EinsumShapes {
  readonly kernel: Dim[];
  readonly bias: Dim[] | null;
  readonly output: Dim[];
}

/** `_analyze_einsum_string` / `_analyze_split_string` of keras/src/layers/core/einsum_dense.py. */
export function analyzeEinsum(
  equation: string,
  biasAxes: string | null,
  inputShape: TensorShape,
  partialOutput: readonly Dim[],
): EinsumShapes {
  const dotted = equation.replace(/\.\.\./g, '0');
  let match = /^([a-zA-Z]+),([a-zA-Z]+)->([a-zA-Z]+)/.exec(dotted);
  let leftElided = false;
  if (match === null) {
    match = /^0([a-zA-Z]+),([a-zA-Z]+)->0([a-zA-Z]+)/.exec(dotted);
    leftElided = match !== null;
  }
  if (match === null) match = /^([a-zA-Z]{2,})0,([a-zA-Z]+)->([a-zA-Z]+)0/.exec(dotted);
  if (match === null) {
    throw new KerasBuildError(
      `Invalid einsum equation '${equation}'. Equations must be in the form [X],[Y]->[Z], ...[X],[Y]->...[Z], or [X]...,[Y]->[Z]....`,
    );
  }
  const inputSpec = match[1] ?? '';
  const weightSpec = match[2] ?? '';
  const outputSpec = match[3] ?? '';
  const elided = inputShape.length - inputSpec.length;
  const output: Dim[] = [inputShape[0] ?? null, ...partialOutput];
  if (elided > 0 && leftElided) {
    for (let i = 1; i < elided; i++) output.splice(1, 0, inputShape[i] ?? null);
  } else if (elided > 0) {
    for (let i = inputShape.length - elided; i < inputShape.length; i++) output.push(inputShape[i] ?? null);
  }
  const inputIndex = new Map<string, number>();
  const outputIndex = new Map<string, number>();
  [...inputSpec].forEach((dim, i) => inputIndex.set(dim, leftElided ? i + elided - inputShape.length : i));
  [...outputSpec].forEach((dim, i) => outputIndex.set(dim, leftElided ? i + elided : i));
  for (const dim of inputSpec) {
    const inputDim = at(inputShape, inputIndex.get(dim) ?? 0) ?? null;
    const outputAt = outputIndex.get(dim);
    if (outputAt === undefined) continue;
    const outputDim = at(output, outputAt) ?? null;
    if (outputDim !== null && outputDim !== inputDim) {
      throw new KerasBuildError(
        `Input shape and output shape do not match at shared dimension '${dim}'. Input shape is ${inputDim ?? 'None'}, and output shape is ${outputDim}.`,
      );
    }
  }
  for (const dim of outputSpec) {
    if (!inputSpec.includes(dim) && !weightSpec.includes(dim)) {
      throw new KerasBuildError(
        `Dimension '${dim}' was specified in the output '${outputSpec}' but has no corresponding dim in the input spec '${inputSpec}' or weight spec '${outputSpec}'`,
      );
    }
  }
  const kernel = [...weightSpec].map((dim) => {
    const outputAt = outputIndex.get(dim);
    if (outputAt !== undefined) return at(output, outputAt) ?? null;
    const inputAt = inputIndex.get(dim);
    if (inputAt !== undefined) return at(inputShape, inputAt) ?? null;
    throw new KerasBuildError(
      `Weight dimension '${dim}' did not have a match in either the input spec '${inputSpec}' or the output spec '${outputSpec}'. For this layer, the weight must be fully specified.`,
    );
  });
  let bias: Dim[] | null = null;
  if (biasAxes !== null) {
    const leftElidedCount = leftElided ? elided : 0;
    for (const char of biasAxes) {
      if (!outputSpec.includes(char)) {
        throw new KerasBuildError(`Bias dimension '${char}' was requested, but is not part of the output spec '${outputSpec}'`);
      }
    }
    const first = Math.min(...[...biasAxes].map((char) => outputSpec.indexOf(char)));
    bias = [...outputSpec.slice(first)].map((char) =>
      biasAxes.includes(char) ? (output[outputSpec.indexOf(char) + leftElidedCount] ?? null) : 1,
    );
    if (!leftElided) for (let i = 0; i < elided; i++) bias.push(1);
  }
  return { kernel, bias, output };
}

/** EinsumDense: kernel from the weight spec, optional bias over `bias_axes`; InputSpec(ndim=rank). */
export const EINSUM_DENSE: LayerDefinition = {
  className: 'EinsumDense',
  positional: ['equation', 'output_shape', 'activation', 'bias_axes', 'kernel_initializer', 'bias_initializer'],
  inputs: 'one',
  build(args, input) {
    const shape = singleInput('EinsumDense', input);
    const equation = strArg(args, 'equation', '', undefined, false);
    const outputValue = knownArg(args, 'output_shape');
    if (outputValue === undefined) throw new UnknownShapeError('`output_shape` is not given');
    const partial = shapeValue('output_shape', outputValue);
    const biasValue = givenArg(args, 'bias_axes');
    const biasAxes = biasValue?.kind === 'str' ? biasValue.value : null;
    const shapes = analyzeEinsum(equation, biasAxes, shape, partial);
    const weights = [weight('kernel', shapes.kernel, initializerArg(args, 'kernel_initializer', 'glorot_uniform'))];
    if (shapes.bias !== null) weights.push(weight('bias', shapes.bias, initializerArg(args, 'bias_initializer', 'zeros')));
    return { weights, output: shapes.output };
  },
};
