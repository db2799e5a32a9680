/** Merge layers (keras/src/layers/merging/): element-wise with broadcasting, Concatenate, Dot. */
import { KerasBuildError, type Dim, type LayerDefinition, type TensorShape } from '../types';
import { intArg, intListArg, inputList, shapeText } from './args';

/** Python's text of a list of shapes: `[(None, 4), (None, 5)]`. */
function shapesText(shapes: readonly TensorShape[]): string {
  return `[${shapes.map(shapeText).join(', ')}]`;
}

/** `_compute_elemwise_op_output_shape` (base_merge.py): right-aligned broadcasting. */
function broadcast(shape1: readonly Dim[], shape2: readonly Dim[]): Dim[] {
  if (shape1.length < shape2.length) return broadcast(shape2, shape1);
  if (shape2.length === 0) return [...shape1];
  const output = shape1.slice(0, shape1.length - shape2.length);
  shape1.slice(shape1.length - shape2.length).forEach((i, index) => {
    const j = shape2[index] ?? null;
    if (i === null || j === null) output.push(null);
    else if (i === 1) output.push(j);
    else if (j === 1) output.push(i);
    else if (i !== j) {
      throw new KerasBuildError(`Inputs have incompatible shapes. Received shapes ${shapeText(shape1)} and ${shapeText(shape2)}`);
    } else output.push(i);
  });
  return output;
}

function elementwise(className: string, exactlyTwo = false): LayerDefinition {
  return {
    className,
    positional: [],
    inputs: 'many',
    build(_args, input) {
      const shapes = inputList(className, input);
      const batches = new Set(shapes.map((s) => s[0] ?? null).filter((b) => b !== null));
      if (batches.size > 1) {
        throw new KerasBuildError(`Cannot merge tensors with different batch sizes. Received tensors with shapes ${shapesText(shapes)}`);
      }
      let output: Dim[] = (shapes[0] ?? []).slice(1);
      for (const shape of shapes.slice(1)) output = broadcast(output, shape.slice(1));
      if (exactlyTwo && shapes.length !== 2) {
        throw new KerasBuildError(
          `A \`${className}\` layer should be called on exactly 2 inputs. Received: input_shape=${shapesText(shapes)}`,
        );
      }
      const batch = batches.size === 1 ? ([...batches][0] ?? null) : null;
      return { weights: [], output: [batch, ...output] };
    },
  };
}

/** Python's `list[i]` / `del list[i]` index. */
function pyIndex(index: number, length: number): number {
  return index < 0 ? index + length : index;
}

/** Concatenate.build's matching-shapes check, then compute_output_shape's sum along `axis`. */
const CONCATENATE: LayerDefinition = {
  className: 'Concatenate',
  positional: ['axis'],
  inputs: 'many',
  build(args, input) {
    const shapes = inputList('Concatenate', input);
    const axis = intArg(args, 'axis', -1);
    const message = `A \`Concatenate\` layer requires inputs with matching shapes except for the concatenation axis. Received: input_shape=${shapesText(shapes)}`;
    const reduced = shapes.map((shape) => {
      const copy = [...shape];
      if (copy.length > axis) copy.splice(pyIndex(axis, copy.length), 1);
      return copy;
    });
    const distinct = new Map(reduced.map((s) => [shapeText(s), s]));
    if (distinct.size !== 1) {
      const ranks = new Set([...distinct.values()].map((s) => s.length));
      if (ranks.size !== 1) throw new KerasBuildError(message);
      const rank = [...ranks][0] ?? 0;
      for (let i = 0; i < rank; i++) {
        const dims = new Set([...distinct.values()].map((s) => s[i]).filter((d) => d !== null));
        if (dims.size > 1) throw new KerasBuildError(message);
      }
    }
    const output = [...(shapes[0] ?? [])];
    const at = pyIndex(axis, output.length);
    for (const shape of shapes.slice(1)) {
      const a = output[at] ?? null;
      const b = shape[pyIndex(axis, shape.length)] ?? null;
      if (a === null || b === null) {
        output[at] = null;
        break;
      }
      output[at] = a + b;
    }
    return { weights: [], output };
  },
};

/** Dot: contracts axes[0] of the first with axes[1] of the second (dot.py build and compute_output_shape). */
const DOT: LayerDefinition = {
  className: 'Dot',
  positional: ['axes', 'normalize'],
  inputs: 'many',
  build(args, input) {
    const shapes = inputList('Dot', input);
    if (shapes.length !== 2) {
      throw new KerasBuildError(`A \`Dot\` layer should be called on a list of 2 inputs. Received: input_shape=${shapesText(shapes)}`);
    }
    const shape1 = [...(shapes[0] ?? [])];
    const shape2 = [...(shapes[1] ?? [])];
    const given = intListArg(args, 'axes', []);
    const mod = (a: number, n: number): number => ((a % n) + n) % n;
    const axes =
      given.length === 1
        ? (given[0] ?? 0) < 0
          ? [mod(given[0] ?? 0, shape1.length), mod(given[0] ?? 0, shape2.length)]
          : [given[0] ?? 0, given[0] ?? 0]
        : given;
    const a0 = axes[0] ?? 0;
    const a1 = axes[1] ?? 0;
    const d1 = shape1[pyIndex(a0, shape1.length)] ?? null;
    const d2 = shape2[pyIndex(a1, shape2.length)] ?? null;
    if (d1 !== d2) {
      throw new KerasBuildError(
        `Incompatible input shapes: axis values ${d1 ?? 'None'} (at axis ${a0}) != ${d2 ?? 'None'} (at axis ${a1}). Full input shapes: ${shapeText(shape1)}, ${shapeText(shape2)}`,
      );
    }
    shape1.splice(pyIndex(a0, shape1.length), 1);
    shape2.splice(pyIndex(a1, shape2.length), 1);
    shape2.shift();
    const output = [...shape1, ...shape2];
    if (output.length === 1) output.push(1);
    return { weights: [], output };
  },
};

export const MERGE_DEFINITIONS: readonly LayerDefinition[] = [
  elementwise('Add'),
  elementwise('Subtract', true),
  elementwise('Multiply'),
  elementwise('Average'),
  elementwise('Maximum'),
  elementwise('Minimum'),
  CONCATENATE,
  DOT,
];
