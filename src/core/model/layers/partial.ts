/**
 * Partial builds: the weights of a layer whose input, or some of whose arguments, the reader does
 * not know (`Dense(256, kernel_initializer=...)` alone in an editor). The layer is built through its
 * catalogue rule on probe values: every unknown dimension and every unknown argument gets a large
 * prime of its own, in two probes with different primes, over every input rank the layer accepts
 * when the rank is not known. A weight dimension equal in every build is known; the others are
 * not. An unknown argument is also tried as False, True and absent, so a weight whose rank or
 * presence hangs on it (`GRU(reset_after=flag)`) comes out with its rank unknown.
 */
import { KerasBuildError, UnknownShapeError } from '../types';
import type { Dim, LayerArgs, LayerDefinition, TensorShape, Value, WeightSpec } from '../types';
import { snakeCaseName } from './recurrent';

/** A weight shape with unknown dimensions left undefined. */
export type PartialDims = readonly (number | undefined)[];

/** What is known of a layer's input before any build. */
export interface PartialInput {
  /** The input shape, batch first, with undefined where a dimension is unknown; absent when the rank is unknown. */
  readonly shape?: readonly (Dim | undefined)[];
  /** Only the size of the last axis is known (`input_dim=`); the rank is not. */
  readonly lastAxis?: number;
}

/** One weight of a partial build: a `WeightSpec` whose shape may be partly or wholly unknown. */
export interface PartialWeight extends Omit<WeightSpec, 'shape'> {
  /** Known dimensions, undefined where the builds differ; undefined as a whole when the rank differs. */
  readonly shape: PartialDims | undefined;
}

/** The input ranks tried when the rank is unknown (Dense from 2, Conv3D at 5, ConvLSTM3D at 6). */
const PROBE_RANKS = [2, 3, 4, 5, 6];
/** Unknown arguments after this many get no False/True/absent variants of their own. */
const MAX_VARIANT_ARGUMENTS = 8;
/** Multiplier for a second try when a probe prime fails a divisibility check (`groups`, GroupNormalization's 32). */
const COMPOSITE = 2 ** 6 * 3 * 3 * 5 * 7 * 11 * 13;

function isPrime(n: number): boolean {
  for (let d = 2; d * d <= n; d++) if (n % d === 0) return false;
  return true;
}

/** `count` primes from `from` on (odd `from`). */
function primesFrom(from: number, count: number): readonly number[] {
  const primes: number[] = [];
  for (let n = from; primes.length < count; n += 2) if (isPrime(n)) primes.push(n);
  return primes;
}

/**
 * Probe primes, two per slot: probe 0 takes the even positions, probe 1 the odd ones. Dimensions
 * get 1000003, 1000033, ...; arguments smaller ones (1009, 1013, ...), so that a probed kernel size
 * still fits a probed input length.
 */
const DIM_PRIMES = primesFrom(1_000_003, 2 * 8);
const ARGUMENT_PRIMES = primesFrom(1009, 2 * MAX_VARIANT_ARGUMENTS);

/** The probe value of an unknown dimension (`argument` false) or argument, by its position. */
function probeValue(position: number, argument: boolean, probe: 0 | 1, scale: number): number {
  const primes = argument ? ARGUMENT_PRIMES : DIM_PRIMES;
  return (primes[2 * (position % (primes.length / 2)) + probe] as number) * scale;
}

/** `LayerArgs` over a plain record of values. */
export function recordArgs(className: string, values: Readonly<Record<string, Value>>): LayerArgs {
  return { className, has: (name) => values[name] !== undefined, get: (name) => values[name] };
}

/** Whether a value (or an item inside it) is unknown to the reader. */
function isUnknown(value: Value): boolean {
  if (value.kind === 'unknown') return true;
  return (value.kind === 'tuple' || value.kind === 'list') && value.items.some(isUnknown);
}

/** Input templates to probe: the one known shape, or one per rank with undefined dims to fill. */
function inputTemplates(input: PartialInput): (Dim | undefined)[][] {
  if (input.shape !== undefined) return [[...input.shape]];
  return PROBE_RANKS.map((rank) => {
    const shape: (Dim | undefined)[] = [null, ...new Array<undefined>(rank - 1).fill(undefined)];
    if (input.lastAxis !== undefined) shape[rank - 1] = input.lastAxis;
    return shape;
  });
}

/** Unknown arguments replaced as `mode` says: a probe int, or (for one of them) False, True or absent. */
type ArgumentChoice = 'int' | 'false' | 'true' | 'absent';

function substitute(
  args: Readonly<Record<string, Value>>,
  unknown: readonly string[],
  choices: ReadonlyMap<string, ArgumentChoice>,
  probe: 0 | 1,
  scale: number,
): Record<string, Value> {
  const out: Record<string, Value> = { ...args };
  unknown.forEach((name, k) => {
    const choice = choices.get(name) ?? 'int';
    if (choice === 'absent') delete out[name];
    else if (choice === 'int') out[name] = { kind: 'int', value: probeValue(k, true, probe, scale) };
    else out[name] = { kind: 'bool', value: choice === 'true' };
  });
  return out;
}

function fill(template: readonly (Dim | undefined)[], probe: 0 | 1, scale: number): Dim[] {
  return template.map((dim, i) => (dim === undefined ? probeValue(i, false, probe, scale) : dim));
}

/** One build, or undefined when the layer cannot be built on these values. */
function tryBuild(
  definition: LayerDefinition,
  values: Readonly<Record<string, Value>>,
  input: TensorShape,
  layerName: string,
): readonly WeightSpec[] | undefined {
  const shapes: TensorShape | readonly TensorShape[] = definition.inputs === 'many' ? [input, input] : input;
  try {
    return definition.build(recordArgs(definition.className, values), shapes, { layerName }).weights;
  } catch (e) {
    if (e instanceof UnknownShapeError || e instanceof KerasBuildError) return undefined;
    throw e;
  }
}

function weightKey(w: WeightSpec): string {
  return [...w.owner, w.name].join('/');
}

/**
 * The weights of `definition` built on what is known of its arguments (`unknown` values count as
 * not known) and of its input, in `layer.weights` order; undefined when no probe builds.
 */
export function partialBuild(
  definition: LayerDefinition,
  args: Readonly<Record<string, Value>>,
  input: PartialInput = {},
): readonly PartialWeight[] | undefined {
  // An editor asks about the same calls again and again as the text changes around them.
  const key = JSON.stringify([definition.className, args, input.shape ?? null, input.lastAxis ?? null]);
  if (MEMO.has(key)) return MEMO.get(key);
  const result = probeBuilds(definition, args, input);
  if (MEMO.size >= MEMO_LIMIT) MEMO.delete(MEMO.keys().next().value as string);
  MEMO.set(key, result);
  return result;
}

const MEMO = new Map<string, readonly PartialWeight[] | undefined>();
const MEMO_LIMIT = 2000;

function probeBuilds(
  definition: LayerDefinition,
  args: Readonly<Record<string, Value>>,
  input: PartialInput,
): readonly PartialWeight[] | undefined {
  const unknown = Object.keys(args).filter((name) => isUnknown(args[name] as Value));
  const choiceSets: Map<string, ArgumentChoice>[] = [new Map()];
  for (const name of unknown.slice(0, MAX_VARIANT_ARGUMENTS)) {
    for (const choice of ['false', 'true', 'absent'] as const) choiceSets.push(new Map([[name, choice]]));
  }
  const nameValue = args.name;
  const layerName = nameValue?.kind === 'str' ? nameValue.value : snakeCaseName(definition.className);
  const builds: (readonly WeightSpec[])[] = [];
  for (const template of inputTemplates(input)) {
    for (const choices of choiceSets) {
      for (const scale of [1, COMPOSITE]) {
        const pair = ([0, 1] as const).map((probe) =>
          tryBuild(definition, substitute(args, unknown, choices, probe, scale), fill(template, probe, scale), layerName),
        );
        if (pair[0] !== undefined && pair[1] !== undefined) {
          builds.push(pair[0], pair[1]);
          break;
        }
      }
    }
  }
  if (builds.length === 0) return undefined;
  return mergeBuilds(builds, args);
}

/** Weights by owner path and name across builds: a dimension is known when every build agrees. */
function mergeBuilds(builds: readonly (readonly WeightSpec[])[], args: Readonly<Record<string, Value>>): PartialWeight[] {
  const merged = new Map<string, { first: WeightSpec; shape: PartialDims | undefined }>();
  for (const weights of builds) {
    for (const w of weights) {
      const key = weightKey(w);
      const seen = merged.get(key);
      if (seen === undefined) {
        merged.set(key, { first: w, shape: [...w.shape] });
      } else if (seen.shape !== undefined) {
        seen.shape = seen.shape.length !== w.shape.length ? undefined : seen.shape.map((d, i) => (d === w.shape[i] ? d : undefined));
      }
    }
  }
  return [...merged.values()].map(({ first, shape }) => {
    const argument = first.initializer.argument;
    // A probed argument stands in for what was written: report the value as written.
    const written = argument !== undefined ? args[argument] : undefined;
    const initializer = written !== undefined ? { value: written, isDefault: false, argument } : first.initializer;
    return { ...first, shape, initializer };
  });
}
