/**
 * What one initializer expression found in Python source means to Keras: the initializer its literal
 * arguments construct (or the error Keras's constructor raises), the weight shape and fans the layer
 * makes known, what `describe()` computes from them, and the configuration the preview and the
 * generator receive. Plain data, shared by the hover, the completion docs and the diagnostics.
 */
import { CoreError } from '../errors';
import { getInitializer, serialize, type SerializedInitializer } from '../initializers/config';
import { describe, type InitializerDescription } from '../initializers/describe';
import { createInitializer, type KerasInitializer } from '../initializers/initializer';
import { ID_TO_CLASS, KERAS2_ONLY_NAMES, type ClassName } from '../initializers/names';
import { registryEntry, type RegistryEntry } from '../initializers/registry';
import type { ArgumentInfo, InitializerExpression } from '../python/types';

/** fan_in values tabulated when the layer does not make the fan known (common input widths). */
export const TYPICAL_FANS: readonly number[] = [64, 128, 256, 512, 784, 1024, 4096];

/** What the preview and generator commands receive: the Keras config, and the weight shape when known. */
export interface InitializerCommandArgs {
  readonly initializer: SerializedInitializer;
  readonly shape?: readonly number[];
  /** Where the shape comes from in the file's model: "fan_in 784: `keras.Input(shape=(784,))` on line 2". */
  readonly shapeSource?: string;
}

/** One of the shapes a constructor call's layers give the weight (a function that builds a layer called twice). */
export interface ShapeFacts {
  readonly shape: readonly number[];
  /** How many weights have this shape. */
  readonly count: number;
  /** Where it comes from. */
  readonly source: string;
  /** The values on this shape (absent when the class cannot be called on it). */
  readonly call?: InitializerDescription;
}

/** Which unknown fan the table runs over. `square`: fan_avg with neither fan known (fan_in = fan_out = n). */
export type FanVariable = 'fan_in' | 'fan_out' | 'square';

export interface FanTableRow {
  readonly fan: number;
  readonly description: InitializerDescription;
}

export interface FanTable {
  readonly variable: FanVariable;
  /** The other fan, held fixed, when the layer makes it known (fan_avg). */
  readonly fixedFanIn?: number;
  readonly fixedFanOut?: number;
  readonly rows: readonly FanTableRow[];
}

export interface InitializerFacts {
  readonly expression: InitializerExpression;
  readonly className: ClassName;
  readonly entry: RegistryEntry;
  /** The literal keyword arguments given to the Keras constructor. */
  readonly kwargs: Readonly<Record<string, unknown>>;
  /** Arguments that are not literals: the facts use their defaults. */
  readonly nonLiteral: readonly string[];
  /** The initializer the literal arguments build (absent when Keras would raise). */
  readonly instance?: KerasInitializer;
  /** What Keras raises for these literal arguments. */
  readonly error?: CoreError;
  /** The argument the error is about, when it names one. */
  readonly errorArgument?: ArgumentInfo;
  /** The weight's shape when every dimension is known. */
  readonly shape?: readonly number[];
  /** The weight's shape as far as it is known (unknown dimensions undefined). */
  readonly partialShape?: readonly (number | undefined)[];
  readonly fanIn?: number;
  readonly fanOut?: number;
  /** The formula without the shape (symbolic fans, literal arguments substituted). */
  readonly general?: InitializerDescription;
  /** The values of this call, when the shape (or the fans it needs) is known. */
  readonly call?: InitializerDescription;
  /** std/limit over typical fans, when the fan this initializer needs is unknown. */
  readonly fanTable?: FanTable;
  /** The configuration for the preview / generator commands (absent when Keras would raise). */
  readonly commandArgs?: InitializerCommandArgs;
  /** Each shape when the layer call makes layers whose weights differ (then there is no `call` and no table). */
  readonly perShape?: readonly ShapeFacts[];
}

/** Every string `keras.initializers.get` turns into an initializer (the ids a string may hold). */
export function acceptedIds(): string[] {
  const out: string[] = [];
  for (const id of ID_TO_CLASS.keys()) {
    // "constant" is accepted by name, but Constant.from_config then fails with KeyError: 'value'.
    try {
      getInitializer(id);
      out.push(id);
    } catch {
      // not usable as a string id
    }
  }
  return out;
}

/** Literal arguments as the Keras constructor receives them. */
function constructorKwargs(expr: InitializerExpression): Record<string, unknown> {
  const kwargs: Record<string, unknown> = {};
  for (const a of expr.argList) {
    if (a.name === undefined || a.unpacked || !a.literal) continue;
    let value: unknown = a.value;
    // Keras's seed check prints str(seed): a Python float seed such as 1.0 must fail as Keras does,
    // and its source text makes the check raise with that same text (a JS number 1 would pass).
    if (a.name === 'seed' && a.type === 'float') value = a.valueText.trim();
    Object.defineProperty(kwargs, a.name, { value, enumerable: true, writable: true, configurable: true });
  }
  return kwargs;
}

/** The argument a Keras message is about: `scale=0.0`, "Invalid `mode`", "argument 'stdev'". */
function argumentOfError(expr: InitializerExpression, message: string): ArgumentInfo | undefined {
  for (const a of expr.argList) {
    if (a.name === undefined) continue;
    const n = a.name;
    if (message.includes(`\`${n}\``) || message.includes(`${n}=`) || message.includes(`'${n}'`)) return a;
  }
  const lower = message.toLowerCase();
  for (const a of expr.argList) {
    if (a.name !== undefined && new RegExp(`\\b${a.name}\\b`).test(lower)) return a;
  }
  return undefined;
}

function build(expr: InitializerExpression, className: ClassName, kwargs: Record<string, unknown>): KerasInitializer {
  if (expr.form === 'string' && expr.keras2Name === undefined) return getInitializer(expr.name);
  if (className === 'Constant' && expr.form === 'dict' && !('value' in kwargs) && !expr.nonLiteral.includes('value')) {
    // Constant.from_config reads config["value"].
    return getInitializer({ class_name: 'Constant', config: {} });
  }
  return createInitializer(className, kwargs);
}

function knownShape(shape: readonly (number | undefined)[] | undefined): number[] | undefined {
  if (shape === undefined || !shape.every((d): d is number => d !== undefined && Number.isInteger(d) && d >= 0)) return undefined;
  return [...shape];
}

/** Describes `init` on a shape whose fans are (fanIn, fanOut); only valid when the axes are not set. */
function describeFans(init: KerasInitializer, fanIn: number, fanOut: number): InitializerDescription {
  return describe(init, [fanIn, fanOut]);
}

function fanFacts(
  init: KerasInitializer,
  fanIn: number | undefined,
  fanOut: number | undefined,
): { call?: InitializerDescription; fanTable?: FanTable } {
  const spec = init.spec;
  if (spec.family !== 'variance_scaling') return {};
  // With input_axes/output_axes the fans come from named dims of a shape that is not known.
  if (spec.inputAxes !== null && spec.outputAxes !== null) return {};
  const needIn = spec.mode !== 'fan_out';
  const needOut = spec.mode !== 'fan_in';
  if ((!needIn || fanIn !== undefined) && (!needOut || fanOut !== undefined)) {
    // The fan the mode does not use does not change the numbers; 1 stands in for it.
    return { call: describeFans(init, fanIn ?? 1, fanOut ?? 1) };
  }
  let variable: FanVariable;
  if (needIn && needOut && fanIn === undefined && fanOut === undefined) variable = 'square';
  else variable = needIn && fanIn === undefined ? 'fan_in' : 'fan_out';
  const rows = TYPICAL_FANS.map((f) => ({
    fan: f,
    description:
      variable === 'square'
        ? describeFans(init, f, f)
        : variable === 'fan_in'
          ? describeFans(init, f, fanOut ?? 1)
          : describeFans(init, fanIn ?? 1, f),
  }));
  return {
    fanTable: {
      variable,
      ...(variable === 'fan_in' && needOut && fanOut !== undefined ? { fixedFanOut: fanOut } : {}),
      ...(variable === 'fan_out' && needIn && fanIn !== undefined ? { fixedFanIn: fanIn } : {}),
      rows,
    },
  };
}

/** `get("constant")` and a Constant config without a value: Constant.from_config reads config["value"]. */
export function isMissingConstantValue(className: ClassName, error: CoreError): boolean {
  return className === 'Constant' && error.kerasType === 'KeyError';
}

/** Keras's verdict on a construction, by what decides it: repeated spellings in a file are checked once. */
const verdicts = new Map<string, CoreError | null>();
const VERDICT_CACHE_SIZE = 4096;

/**
 * What Keras's constructor raises for an expression's literal arguments, and the argument it is
 * about; undefined when Keras accepts them (or the name is unknown). Cheaper than initializerFacts:
 * nothing is described, and the answer is memoized by class, form and arguments.
 */
export function constructionError(expr: InitializerExpression): { error: CoreError; argument?: ArgumentInfo } | undefined {
  const className = expr.className;
  if (className === undefined || registryEntry(className) === undefined) return undefined;
  const kwargs = constructorKwargs(expr);
  const key = JSON.stringify([expr.form, expr.name, expr.keras2Name ?? null, className, kwargs, expr.nonLiteral.includes('value')]);
  let verdict = verdicts.get(key);
  if (verdict === undefined) {
    verdict = null;
    try {
      build(expr, className, kwargs);
    } catch (e) {
      if (!(e instanceof CoreError)) throw e;
      verdict = e;
    }
    if (verdicts.size >= VERDICT_CACHE_SIZE) verdicts.clear();
    verdicts.set(key, verdict);
  }
  if (verdict === null) return undefined;
  const argument = argumentOfError(expr, verdict.message);
  return { error: verdict, ...(argument !== undefined ? { argument } : {}) };
}

/**
 * The facts about an initializer expression, or undefined when it names no Keras 3 class (an
 * unknown id). Never throws: Keras's errors are returned in `error`.
 */
export function initializerFacts(expr: InitializerExpression): InitializerFacts | undefined {
  const className = expr.className;
  if (className === undefined) return undefined;
  const entry = registryEntry(className);
  if (entry === undefined) return undefined;
  const kwargs = constructorKwargs(expr);
  const base = { expression: expr, className, entry, kwargs, nonLiteral: expr.nonLiteral };
  let instance: KerasInitializer;
  try {
    instance = build(expr, className, kwargs);
  } catch (e) {
    if (e instanceof CoreError) {
      const errorArgument = argumentOfError(expr, e.message);
      return { ...base, error: e, ...(errorArgument !== undefined ? { errorArgument } : {}) };
    }
    throw e;
  }
  const layer = expr.layer;
  const partialShape = layer?.shape;
  const shape = knownShape(partialShape);
  const general = describe(instance);
  let call: InitializerDescription | undefined;
  let fanTable: FanTable | undefined;
  const fanIn = shape !== undefined ? undefined : layer?.fanIn;
  const fanOut = shape !== undefined ? undefined : layer?.fanOut;
  const perShape = layer?.instances?.map((e) => ({
    shape: e.shape,
    count: e.count,
    source: e.source.text,
    ...(shapeFits(className, e.shape) ? { call: describe(instance, e.shape) } : {}),
  }));
  if (shape !== undefined && shapeFits(className, shape)) {
    call = describe(instance, shape);
  } else if (shape === undefined && perShape === undefined) {
    ({ call, fanTable } = fanFacts(instance, fanIn, fanOut));
  }
  const shapeSource = shape !== undefined ? layer?.shapeSource?.text : undefined;
  let commandArgs: InitializerCommandArgs | undefined;
  try {
    commandArgs = {
      initializer: serialize(instance),
      ...(shape !== undefined ? { shape } : {}),
      ...(shapeSource !== undefined ? { shapeSource } : {}),
    };
  } catch {
    commandArgs = undefined;
  }
  return {
    ...base,
    instance,
    ...(shape !== undefined ? { shape, fanIn: call?.fanIn, fanOut: call?.fanOut } : { fanIn, fanOut }),
    ...(partialShape !== undefined ? { partialShape } : {}),
    general,
    ...(call !== undefined ? { call } : {}),
    ...(fanTable !== undefined ? { fanTable } : {}),
    ...(commandArgs !== undefined ? { commandArgs } : {}),
    ...(perShape !== undefined ? { perShape } : {}),
  };
}

/** Whether Keras can call this class on a shape of this rank (Identity: 2-D; Orthogonal: rank ≥ 2; STFT: rank 3). */
export function shapeFits(className: ClassName, shape: readonly unknown[]): boolean {
  if (className === 'Identity') return shape.length === 2;
  if (className === 'Orthogonal') return shape.length >= 2;
  if (className === 'STFT') return shape.length === 3;
  return true;
}

/** The Keras 3 spelling of a tf.keras 2.x name (`HeNormalV2` → `HeNormal`). */
export function keras3NameOf(keras2Name: string): string | undefined {
  return Object.prototype.hasOwnProperty.call(KERAS2_ONLY_NAMES, keras2Name) ? KERAS2_ONLY_NAMES[keras2Name] : undefined;
}
