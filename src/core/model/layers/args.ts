/**
 * Typed readers over a layer's arguments, with Keras 3's own validation messages where Keras
 * validates (keras/src/utils/argument_validation.py `standardize_tuple`), and `UnknownShapeError`
 * when the reader could not know a value the build needs.
 */
import {
  KerasBuildError,
  UnknownShapeError,
  type Dim,
  type LayerArgs,
  type TensorShape,
  type Value,
  type WeightInitializer,
  type WeightSpec,
} from '../types';
import { pyFloatRepr } from '../../initializers/pyFormat';

/** Python's `repr`-like text of a value, as Keras's f-strings print it. */
export function pythonText(value: Value): string {
  switch (value.kind) {
    case 'int':
      return String(value.value);
    case 'float':
      return pyFloatRepr(value.value);
    case 'bool':
      return value.value ? 'True' : 'False';
    case 'str':
      return value.value;
    case 'none':
      return 'None';
    case 'tuple':
      return value.items.length === 1 ? `(${pythonRepr(value.items[0])},)` : `(${value.items.map(pythonRepr).join(', ')})`;
    case 'list':
      return `[${value.items.map(pythonRepr).join(', ')}]`;
    case 'dict':
      return `{${value.entries.map(([k, v]) => `${pythonRepr(k)}: ${pythonRepr(v)}`).join(', ')}}`;
    case 'initializer':
      return value.initializer.className;
    case 'layer':
      return value.layer.className;
    case 'callable':
      return value.name;
    case 'unknown':
      return '<unknown>';
  }
}

/** Python's `repr` of a value (strings quoted). */
export function pythonRepr(value: Value): string {
  return value.kind === 'str' ? `'${value.value}'` : pythonText(value);
}

/** Python's text of a shape: `(None, 10)`, `(3,)`. */
export function shapeText(shape: readonly Dim[]): string {
  const dims = shape.map((d) => (d === null ? 'None' : String(d)));
  return dims.length === 1 ? `(${dims[0]},)` : `(${dims.join(', ')})`;
}

/** Throws `UnknownShapeError` when the value (or any item inside it) is unknown. */
export function requireKnown(name: string, value: Value): Value {
  const unknown = findUnknown(value);
  if (unknown !== undefined) throw new UnknownShapeError(`\`${name}\` is not known: ${unknown}`);
  return value;
}

function findUnknown(value: Value): string | undefined {
  if (value.kind === 'unknown') return value.reason;
  if (value.kind === 'tuple' || value.kind === 'list') {
    for (const item of value.items) {
      const reason = findUnknown(item);
      if (reason !== undefined) return reason;
    }
  }
  return undefined;
}

/** The argument's value when given (and known), else undefined. */
export function knownArg(args: LayerArgs, name: string): Value | undefined {
  const value = args.get(name);
  return value === undefined ? undefined : requireKnown(name, value);
}

/** The argument, with None read as not given (Keras's `x if x is not None else default`). */
export function givenArg(args: LayerArgs, name: string): Value | undefined {
  const value = knownArg(args, name);
  return value === undefined || value.kind === 'none' ? undefined : value;
}

function typeError(name: string, expected: string, value: Value): never {
  throw new UnknownShapeError(`\`${name}\` is not ${expected}: ${pythonRepr(value)}`);
}

/** Python ints (bools are ints in Python). */
function asInt(value: Value): number | undefined {
  if (value.kind === 'int') return value.value;
  if (value.kind === 'bool') return value.value ? 1 : 0;
  return undefined;
}

export function intArg(args: LayerArgs, name: string, fallback?: number): number {
  const value = knownArg(args, name);
  if (value === undefined) {
    if (fallback === undefined) throw new UnknownShapeError(`\`${name}\` is not given`);
    return fallback;
  }
  const int = asInt(value);
  return int === undefined ? typeError(name, 'an integer', value) : int;
}

/** An int argument that may be None. */
export function optionalIntArg(args: LayerArgs, name: string, fallback: number | null = null): number | null {
  const value = knownArg(args, name);
  if (value === undefined) return fallback;
  if (value.kind === 'none') return null;
  const int = asInt(value);
  return int === undefined ? typeError(name, 'an integer', value) : int;
}

/** Dense's check (keras/src/layers/core/dense.py): "Received an invalid value for `units`...". */
export function positiveIntArg(args: LayerArgs, name: string, fallback?: number): number {
  const value = knownArg(args, name);
  if (value === undefined && fallback !== undefined) return fallback;
  if (value === undefined) throw new UnknownShapeError(`\`${name}\` is not given`);
  if (value.kind !== 'int' || value.value <= 0) {
    throw new KerasBuildError(
      `Received an invalid value for \`${name}\`, expected a positive integer. Received: ${name}=${pythonText(value)}`,
    );
  }
  return value.value;
}

export function floatArg(args: LayerArgs, name: string, fallback: number): number {
  const value = givenArg(args, name);
  if (value === undefined) return fallback;
  if (value.kind === 'float' || value.kind === 'int') return value.value;
  return typeError(name, 'a number', value);
}

export function boolArg(args: LayerArgs, name: string, fallback: boolean): boolean {
  const value = knownArg(args, name);
  if (value === undefined) return fallback;
  if (value.kind === 'bool') return value.value;
  if (value.kind === 'int' || value.kind === 'float') return value.value !== 0;
  if (value.kind === 'none') return false;
  if (value.kind === 'str') return value.value.length > 0;
  return typeError(name, 'a boolean', value);
}

/** A string argument; `allowed` (lower case) lists what the layer accepts; the result is lower-cased when `lower`. */
export function strArg<T extends string>(args: LayerArgs, name: string, fallback: T, allowed?: readonly T[], lower = true): T {
  const value = givenArg(args, name);
  if (value === undefined) return fallback;
  if (value.kind !== 'str') return typeError(name, 'a string', value);
  const text = (lower ? value.value.toLowerCase() : value.value) as T;
  if (allowed !== undefined && !allowed.includes(text)) {
    throw new KerasBuildError(
      `Invalid value for argument \`${name}\`. Expected one of ${allowed.map((a) => `'${a}'`).join(', ')}. Received: ${name}=${value.value}`,
    );
  }
  return text;
}

/** Items of a tuple or list value. */
export function sequenceItems(name: string, value: Value): readonly Value[] | undefined {
  return value.kind === 'tuple' || value.kind === 'list' ? value.items : undefined;
}

/**
 * `standardize_tuple(value, n, name, allow_zero)` (keras/src/utils/argument_validation.py): an int
 * repeated n times or n ints, all > 0 (>= 0 with allow_zero), with Keras's message otherwise.
 */
export function intTupleArg(args: LayerArgs, name: string, n: number, fallback: number | readonly number[], allowZero = false): number[] {
  const value = knownArg(args, name);
  if (value === undefined) return typeof fallback === 'number' ? new Array<number>(n).fill(fallback) : [...fallback];
  return standardizeTuple(value, n, name, allowZero);
}

export function standardizeTuple(value: Value, n: number, name: string, allowZero = false): number[] {
  requireKnown(name, value);
  let errorMessage = `The \`${name}\` argument must be a tuple of ${n} integers. Received ${name}=${pythonText(value)}`;
  let tuple: number[];
  const int = value.kind === 'int' ? value.value : undefined;
  if (int !== undefined) {
    tuple = new Array<number>(n).fill(int);
  } else {
    const items = sequenceItems(name, value);
    if (items === undefined || items.length !== n) throw new KerasBuildError(errorMessage);
    tuple = items.map((item) => {
      const itemInt = item.kind === 'int' || item.kind === 'float' ? Math.trunc(item.value) : asInt(item);
      if (itemInt === undefined) {
        errorMessage += `including element ${pythonText(item)} of type <class '${pythonTypeName(item)}'>`;
        throw new KerasBuildError(errorMessage);
      }
      return itemInt;
    });
  }
  const bad = tuple.filter((v) => (allowZero ? v < 0 : v <= 0));
  if (bad.length > 0) {
    const unique = [...new Set(bad)];
    errorMessage += `, including values {${unique.join(', ')}} that do not satisfy \`value ${allowZero ? '>= 0' : '> 0'}\``;
    throw new KerasBuildError(errorMessage);
  }
  return tuple;
}

function pythonTypeName(value: Value): string {
  switch (value.kind) {
    case 'none':
      return 'NoneType';
    case 'tuple':
    case 'list':
    case 'dict':
    case 'int':
    case 'float':
    case 'bool':
    case 'str':
      return value.kind;
    case 'callable':
    case 'initializer':
    case 'layer':
    case 'unknown':
      return 'object';
  }
}

/** A shape argument (`target_shape`, `output_shape`): ints, with None allowed when `allowNone`. */
export function shapeArg(args: LayerArgs, name: string): Dim[] {
  const value = knownArg(args, name);
  if (value === undefined) throw new UnknownShapeError(`\`${name}\` is not given`);
  return shapeValue(name, value);
}

export function shapeValue(name: string, value: Value): Dim[] {
  if (value.kind === 'int') return [value.value];
  const items = sequenceItems(name, value);
  if (items === undefined) return typeError(name, 'a shape tuple', value);
  return items.map((item) => {
    if (item.kind === 'none') return null;
    const int = asInt(item);
    return int === undefined ? typeError(name, 'a shape tuple', value) : int;
  });
}

/** An int or a list/tuple of ints (`axis=-1`, `axis=[1, 2]`). */
export function intListArg(args: LayerArgs, name: string, fallback: readonly number[] | number): number[] {
  const value = givenArg(args, name);
  if (value === undefined) return typeof fallback === 'number' ? [fallback] : [...fallback];
  const int = asInt(value);
  if (int !== undefined) return [int];
  const items = sequenceItems(name, value);
  if (items === undefined) return typeError(name, 'an integer or a list of integers', value);
  return items.map((item) => asInt(item) ?? typeError(name, 'a list of integers', value));
}

/** Python's negative-index normalisation of an axis against a rank. */
export function normalizeAxis(axis: number, rank: number): number {
  return axis < 0 ? axis + rank : axis;
}

/** The initializer a weight gets: the argument as written, or the layer's default id. */
export function initializerArg(args: LayerArgs, argument: string, defaultId: string): WeightInitializer {
  const value = args.get(argument);
  if (value === undefined) return { value: { kind: 'str', value: defaultId }, isDefault: true, argument };
  return { value, isDefault: false, argument };
}

/** An initializer fixed by the layer (no constructor argument), e.g. Normalization's `zeros`. */
export function fixedInitializer(id: string): WeightInitializer {
  return { value: { kind: 'str', value: id }, isDefault: true };
}

/** A layer's own weight (no owner sub-object), float32 unless said otherwise. */
export function weight(
  name: string,
  shape: readonly Dim[],
  initializer: WeightInitializer,
  options: { trainable?: boolean; dtype?: WeightSpec['dtype'] } = {},
): WeightSpec {
  return {
    name,
    shape: knownShape(name, shape),
    dtype: options.dtype ?? 'float32',
    trainable: options.trainable ?? true,
    initializer,
    owner: [],
    ownerNames: [],
  };
}

/** A weight shape must be fully known to create the variable. */
export function knownShape(name: string, shape: readonly Dim[]): number[] {
  return shape.map((dim) => {
    if (dim === null) throw new UnknownShapeError(`the shape of \`${name}\` depends on a dimension not known before run time`);
    return dim;
  });
}

/** Puts weights under an owner sub-object (`cell` named `lstm_cell`), outermost first. */
export function owned(weights: readonly WeightSpec[], owner: string, ownerName: string): WeightSpec[] {
  return weights.map((w) => ({ ...w, owner: [owner, ...w.owner], ownerNames: [ownerName, ...w.ownerNames] }));
}

/** The single input of a one-input layer. */
export function singleInput(className: string, input: TensorShape | readonly TensorShape[]): TensorShape {
  if (isShapeList(input)) {
    if (input.length === 1 && input[0] !== undefined) return input[0];
    throw new UnknownShapeError(`${className} takes one input, got ${input.length}`);
  }
  return input;
}

/** The inputs of a layer called on a list of tensors. */
export function inputList(className: string, input: TensorShape | readonly TensorShape[]): readonly TensorShape[] {
  if (isShapeList(input)) return input;
  throw new UnknownShapeError(`${className} expects a list of inputs`);
}

export function isShapeList(input: TensorShape | readonly TensorShape[]): input is readonly TensorShape[] {
  return input.length > 0 && Array.isArray(input[0]);
}

/** InputSpec's rank checks (keras/src/layers/input_spec.py), with Keras's messages. */
export function checkRank(
  layerName: string,
  shape: TensorShape,
  spec: { ndim?: number; minNdim?: number; maxNdim?: number },
  index = 0,
): void {
  const head = `Input ${index} with name 'None' of layer '${layerName}' is incompatible with the layer:`;
  const rank = shape.length;
  if (spec.ndim !== undefined && rank !== spec.ndim) {
    throw new KerasBuildError(`${head} expected ndim=${spec.ndim}, found ndim=${rank}. Full shape received: ${shapeText(shape)}`);
  }
  if (spec.maxNdim !== undefined && rank > spec.maxNdim) {
    throw new KerasBuildError(`${head} expected max_ndim=${spec.maxNdim}, found ndim=${rank}`);
  }
  if (spec.minNdim !== undefined && rank < spec.minNdim) {
    throw new KerasBuildError(`${head} expected min_ndim=${spec.minNdim}, found ndim=${rank}. Full shape received: ${shapeText(shape)}`);
  }
}

/** The last dimension, which must be known to size a weight. */
export function knownDim(shape: TensorShape, axis: number, what: string): number {
  const dim = shape[normalizeAxis(axis, shape.length)];
  if (dim === undefined || dim === null) {
    throw new UnknownShapeError(`${what}: axis ${axis} of the input shape ${shapeText(shape)} is not known`);
  }
  return dim;
}
