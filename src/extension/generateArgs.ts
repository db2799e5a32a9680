/**
 * The argument of `kerasInitializers.generateWeights`, as hover links, the preview panel and tests
 * pass it, checked field by field; and what the editor under the cursor suggests. No `vscode`
 * import: these are plain functions over plain data (unit-tested in Node).
 */
import {
  CoreError,
  LAYER_CLASSES,
  WEIGHT_FILE_DTYPES,
  WEIGHT_FORMATS,
  checkShape,
  findInitializerAt,
  formatFromFileName,
  initializerCallText,
  initializerFromValue,
  isWeightFormat,
  resolveLayerClass,
  createInitializer,
  type KerasInitializer,
  type LayerClassName,
  type WeightFormat,
} from '../core/index';

/**
 * What the command accepts. Every field is optional; given fields skip their question. With
 * `target` nothing is asked at all: the file is written there (for tests and programs).
 */
export interface GenerateWeightsArgument {
  /** An id (`he_normal`), a Python call (`HeNormal(seed=42)`) or a Keras config (`{"class_name": ..., "config": ...}`). */
  readonly initializer?: unknown;
  /** `[784, 256]` or text such as `784x256`. */
  readonly shape?: unknown;
  /** Where `shape` comes from in the user's model (the hover's link passes it); a text. */
  readonly shapeSource?: unknown;
  /** The initializer's seed (replaces one in its config); for a layer, the base seed of its variables. */
  readonly seed?: unknown;
  /** The k-th call of SeedGenerator(seed). */
  readonly callIndex?: unknown;
  readonly dtype?: unknown;
  readonly format?: unknown;
  /** .npz only: deflate the members. */
  readonly compress?: unknown;
  /** A whole layer instead of one tensor: `{ className: 'LSTM', args: { units: 64, input_dim: 32 } }`. */
  readonly layer?: unknown;
  /** Where to write: a `vscode.Uri` or a URI string. */
  readonly target?: unknown;
  /** Replace an existing file at `target` (the save dialog asks the user instead). */
  readonly overwrite?: unknown;
}

/** The argument, checked. */
export interface GenerateRequest {
  readonly initializer?: KerasInitializer;
  readonly shape?: number[];
  /** Where `shape` comes from in the user's model. */
  readonly shapeSource?: string;
  readonly seed?: number;
  readonly callIndex?: number;
  readonly dtype?: string;
  readonly format?: WeightFormat;
  readonly compress: boolean;
  readonly layer?: { readonly className: LayerClassName; readonly args: Readonly<Record<string, unknown>> };
  readonly target?: unknown;
  readonly overwrite: boolean;
}

/** A field of the argument that cannot be used; the message names the field and what it accepts. */
export class GenerateArgumentError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GenerateArgumentError';
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const UINT32_MAX = 2 ** 32 - 1;

function integer(name: string, v: unknown, min: number, max: number): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < min || v > max) {
    throw new GenerateArgumentError(`\`${name}\` must be an integer in [${min}, ${max}]; received ${JSON.stringify(v) ?? String(v)}.`);
  }
  return v;
}

function bool(name: string, v: unknown): boolean {
  if (v === undefined) return false;
  if (typeof v !== 'boolean') throw new GenerateArgumentError(`\`${name}\` must be true or false; received ${JSON.stringify(v)}.`);
  return v;
}

function withField<T>(name: string, read: () => T): T {
  try {
    return read();
  } catch (e) {
    if (e instanceof CoreError) throw new GenerateArgumentError(`\`${name}\`: ${e.message}`);
    throw e;
  }
}

const KNOWN = ['initializer', 'shape', 'shapeSource', 'seed', 'callIndex', 'dtype', 'format', 'compress', 'layer', 'target', 'overwrite'];

/** Checks the command's argument (undefined or an object). Throws `GenerateArgumentError` naming the field. */
export function parseGenerateArgument(value: unknown): GenerateRequest {
  if (value === undefined || value === null) return { compress: false, overwrite: false };
  if (!isRecord(value)) {
    throw new GenerateArgumentError(
      `The argument must be an object such as { initializer, shape, seed, dtype, format }; received ${JSON.stringify(value) ?? String(value)}.`,
    );
  }
  const unknown = Object.keys(value).filter((k) => !KNOWN.includes(k));
  if (unknown.length > 0) {
    throw new GenerateArgumentError(
      `Unknown field${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => `\`${k}\``).join(', ')}; the argument takes ${KNOWN.join(', ')}.`,
    );
  }
  const a = value as GenerateWeightsArgument;
  const initializer = a.initializer !== undefined ? withField('initializer', () => initializerFromValue(a.initializer)) : undefined;
  const shape = a.shape !== undefined ? withField('shape', () => checkShape(a.shape)) : undefined;
  if (a.shapeSource !== undefined && typeof a.shapeSource !== 'string') {
    throw new GenerateArgumentError(`\`shapeSource\` must be a text; received ${JSON.stringify(a.shapeSource)}.`);
  }
  const seed = a.seed !== undefined ? integer('seed', a.seed, 0, UINT32_MAX) : undefined;
  const callIndex = a.callIndex !== undefined ? integer('callIndex', a.callIndex, 0, Number.MAX_SAFE_INTEGER) : undefined;
  if (a.dtype !== undefined && (typeof a.dtype !== 'string' || !WEIGHT_FILE_DTYPES.includes(a.dtype))) {
    throw new GenerateArgumentError(`\`dtype\` must be one of ${WEIGHT_FILE_DTYPES.join(', ')}; received ${JSON.stringify(a.dtype)}.`);
  }
  if (a.format !== undefined && !isWeightFormat(a.format)) {
    throw new GenerateArgumentError(
      `\`format\` must be one of ${WEIGHT_FORMATS.map((f) => f.format).join(', ')}; received ${JSON.stringify(a.format)}.`,
    );
  }
  let layer: GenerateRequest['layer'];
  if (a.layer !== undefined) {
    if (!isRecord(a.layer) || typeof a.layer.className !== 'string') {
      throw new GenerateArgumentError(
        `\`layer\` must be { className, args }, e.g. { className: 'Dense', args: { units: 64, input_dim: 32 } }.`,
      );
    }
    const className = resolveLayerClass(a.layer.className);
    if (className === undefined) {
      throw new GenerateArgumentError(`\`layer.className\` '${a.layer.className}' is not one of ${LAYER_CLASSES.join(', ')}.`);
    }
    const args = a.layer.args ?? {};
    if (!isRecord(args)) throw new GenerateArgumentError('`layer.args` must be an object of Keras keyword arguments.');
    if (initializer !== undefined || shape !== undefined) {
      throw new GenerateArgumentError('Give either `layer` or `initializer` and `shape`, not both.');
    }
    layer = { className, args };
  }
  if (initializer !== undefined && (seed !== undefined || callIndex !== undefined) && initializer.seed === undefined) {
    throw new GenerateArgumentError(`\`seed\`: ${initializer.className} is not random, so it takes no seed.`);
  }
  return {
    ...(initializer !== undefined ? { initializer } : {}),
    ...(shape !== undefined ? { shape } : {}),
    ...(shape !== undefined && typeof a.shapeSource === 'string' ? { shapeSource: a.shapeSource } : {}),
    ...(seed !== undefined ? { seed } : {}),
    ...(callIndex !== undefined ? { callIndex } : {}),
    ...(a.dtype !== undefined ? { dtype: a.dtype as string } : {}),
    ...(a.format !== undefined ? { format: a.format as WeightFormat } : {}),
    compress: bool('compress', a.compress),
    ...(layer !== undefined ? { layer } : {}),
    ...(a.target !== undefined ? { target: a.target } : {}),
    overwrite: bool('overwrite', a.overwrite),
  };
}

/** The format a target name asks for, checked against an explicit one. */
export function formatForTarget(fileName: string, explicit: WeightFormat | undefined, fallback: WeightFormat): WeightFormat {
  const fromName = formatFromFileName(fileName);
  if (explicit !== undefined && fromName !== undefined && fromName !== explicit) {
    throw new GenerateArgumentError(`The file name ${fileName} ends in .${fromName} but the format is ${explicit}; make them agree.`);
  }
  return explicit ?? fromName ?? fallback;
}

/** What the editor under the cursor suggests: the initializer written there, and the weight's shape when the layer call makes it known. */
export interface EditorSuggestion {
  readonly initializer: KerasInitializer;
  /** The initializer as Python, for the pick list. */
  readonly label: string;
  readonly shape?: number[];
  /** The layer and weight it initializes, e.g. `Dense kernel`. */
  readonly weight?: string;
  /** Where the shape comes from in the file's model: "fan_in 784: `keras.Input(shape=(784,))` on line 2". */
  readonly shapeSource?: string;
}

/**
 * The initializer at `offset` of a Python text (findInitializerAt: the weight's shape is the one
 * the file's model gives it when known), built with its literal arguments; arguments that are not literals (`seed=SEED`) are left out so that they are asked.
 * Undefined when there is none or Keras would reject it.
 */
export function suggestionAt(text: string, offset: number): EditorSuggestion | undefined {
  const expr = findInitializerAt(text, offset);
  if (expr === undefined || expr.className === undefined || expr.unknownId !== undefined) return undefined;
  let initializer: KerasInitializer;
  try {
    initializer = createInitializer(expr.className, { ...expr.args } as Record<string, unknown>);
  } catch {
    return undefined;
  }
  const layerShape = expr.layer?.shape;
  const shape =
    layerShape !== undefined && layerShape.length > 0 && layerShape.every((d) => d !== undefined && d > 0)
      ? (layerShape as number[])
      : undefined;
  return {
    initializer,
    label: initializerCallText(initializer),
    ...(shape !== undefined ? { shape: [...shape] } : {}),
    ...(expr.layer?.weight !== undefined ? { weight: `${expr.layer.name} ${expr.layer.weight}` } : {}),
    ...(shape !== undefined && expr.layer?.shapeSource !== undefined ? { shapeSource: expr.layer.shapeSource.text } : {}),
  };
}
