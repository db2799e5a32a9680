/**
 * The argument of `kerasInitializers.generateModelWeights`, checked field by field. A CodeLens and the
 * model summary pass `{ uri, model }`; a menu passes the editor's URI; tests and programs may pass
 * everything, `target` included, and then nothing is asked. No `vscode` import: plain data, tested in Node.
 */
import type { ModelWeightsFormat } from '../core/index';

/** What the command accepts; every field is optional. */
export interface ModelWeightsArgument {
  /** The Python file or notebook (a URI string). */
  readonly uri?: unknown;
  /** The model's variable or Keras name; null or absent: the file's default model. */
  readonly model?: unknown;
  /** `weights.h5` (Keras's `model.load_weights`), `npz` or `safetensors`. */
  readonly format?: unknown;
  /** The base seed of the initializers that have no seed of their own. */
  readonly seed?: unknown;
  /** Where to write: a `vscode.Uri` or a URI string. With it, nothing is asked. */
  readonly target?: unknown;
  /** Replace an existing file at `target` (the save dialog asks the user instead). */
  readonly overwrite?: unknown;
}

/** The argument, checked. `target` is left as given (a Uri or URI string) for the caller to convert. */
export interface ModelWeightsRequest {
  readonly uri?: string;
  readonly model: string | null;
  readonly format?: ModelWeightsFormat;
  readonly seed?: number;
  readonly target?: unknown;
  readonly overwrite: boolean;
}

export const MODEL_WEIGHTS_FORMATS: readonly { readonly format: ModelWeightsFormat; readonly suffix: string; readonly label: string }[] = [
  { format: 'weights.h5', suffix: '.weights.h5', label: 'Keras weights (.weights.h5)' },
  { format: 'npz', suffix: '.npz', label: 'NumPy archive (.npz)' },
  { format: 'safetensors', suffix: '.safetensors', label: 'safetensors (.safetensors)' },
];

const KEYS = ['uri', 'model', 'format', 'seed', 'target', 'overwrite'] as const;
const UINT32 = 2 ** 32;

export class ModelWeightsArgumentError extends Error {}

/** The format a file name asks for, or undefined when it ends in none of them. */
export function modelFormatOfName(name: string): ModelWeightsFormat | undefined {
  const lower = name.toLowerCase();
  return MODEL_WEIGHTS_FORMATS.find((f) => lower.endsWith(f.suffix))?.format;
}

/** Checks a seed typed or passed: an integer in [0, 2**32 - 1]; returns the problem, or undefined. */
export function seedProblem(value: unknown): string | undefined {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0 || value >= UINT32) {
    return `The seed must be an integer from 0 to ${UINT32 - 1}; received ${JSON.stringify(value) ?? String(value)}.`;
  }
  return undefined;
}

/** Parses what the user typed as a seed: empty is "draw one"; anything else must be a whole number in range. */
export function parseSeedText(text: string): { seed: number | undefined } | { problem: string } {
  const t = text.trim();
  if (t === '') return { seed: undefined };
  if (!/^\d+$/.test(t)) return { problem: `Type a whole number from 0 to ${UINT32 - 1}, or leave it empty to draw one at random.` };
  const seed = Number(t);
  const problem = seedProblem(seed);
  return problem === undefined ? { seed } : { problem };
}

/** Checks the argument. A `vscode.Uri` (a menu's) is handled by the caller before this. */
export function parseModelWeightsArgument(argument: unknown): ModelWeightsRequest {
  if (argument === undefined || argument === null) return { model: null, overwrite: false };
  if (typeof argument !== 'object' || Array.isArray(argument)) {
    throw new ModelWeightsArgumentError(
      `The argument must be an object with any of ${KEYS.join(', ')}; received ${JSON.stringify(argument) ?? typeof argument}.`,
    );
  }
  const a = argument as Record<string, unknown>;
  const unknown = Object.keys(a).filter((k) => !(KEYS as readonly string[]).includes(k));
  if (unknown.length > 0) {
    throw new ModelWeightsArgumentError(`Unknown field(s) ${unknown.join(', ')}; the argument accepts ${KEYS.join(', ')}.`);
  }
  if (a.uri !== undefined && (typeof a.uri !== 'string' || a.uri === '')) {
    throw new ModelWeightsArgumentError('`uri` must be the URI string of a Python file or notebook.');
  }
  if (a.model !== undefined && a.model !== null && (typeof a.model !== 'string' || a.model === '')) {
    throw new ModelWeightsArgumentError(
      "`model` must be a model's variable or Keras name (a string), or null for the file's default model.",
    );
  }
  let format: ModelWeightsFormat | undefined;
  if (a.format !== undefined) {
    format = MODEL_WEIGHTS_FORMATS.find((f) => f.format === a.format || f.suffix === a.format)?.format;
    if (format === undefined) {
      throw new ModelWeightsArgumentError(
        `\`format\` must be one of ${MODEL_WEIGHTS_FORMATS.map((f) => f.format).join(', ')}; received ${JSON.stringify(a.format)}.`,
      );
    }
  }
  if (a.seed !== undefined) {
    const problem = seedProblem(a.seed);
    if (problem !== undefined) throw new ModelWeightsArgumentError(`\`seed\`: ${problem}`);
  }
  if (a.overwrite !== undefined && typeof a.overwrite !== 'boolean') {
    throw new ModelWeightsArgumentError('`overwrite` must be true or false.');
  }
  return {
    uri: a.uri as string | undefined,
    model: (a.model as string | null | undefined) ?? null,
    format,
    seed: a.seed as number | undefined,
    target: a.target,
    overwrite: (a.overwrite as boolean | undefined) ?? false,
  };
}

/** The format to write to `name`: the one asked must match the name; else the name's. */
export function formatForModelTarget(name: string, asked: ModelWeightsFormat | undefined): ModelWeightsFormat {
  const fromName = modelFormatOfName(name);
  if (fromName === undefined) {
    throw new ModelWeightsArgumentError(
      `${name}: the file name must end in ${MODEL_WEIGHTS_FORMATS.map((f) => f.suffix).join(', ')} (Keras's model.load_weights() reads only .weights.h5).`,
    );
  }
  if (asked !== undefined && asked !== fromName) {
    throw new ModelWeightsArgumentError(`${name} is a .${fromName} name but the format asked is ${asked}.`);
  }
  return fromName;
}
