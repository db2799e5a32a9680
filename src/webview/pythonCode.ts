/**
 * Python for the panel's configuration: the initializer expression (what goes after
 * `kernel_initializer=`, for Insert) and a runnable snippet that reproduces the preview's values (for
 * Copy). Spelled for Keras 3 (`keras.initializers.`), tf.keras (`tf.keras.initializers.`), or as the
 * target file imports Keras. Only arguments that differ from Keras's defaults are written.
 */
import { assertNever, pyFloatRepr, registryEntry, type ArgSpec } from '../core/index';
import type { EditorContext } from '../protocol/messages';
import { isSeeded, type ArgValue, type CodeStyle, type PreviewConfig } from '../protocol/previewConfig';

/** How the code is spelled. */
export interface CodeTarget {
  /** Prefix of an initializer class: `keras.initializers.`, `I.`, or '' for names imported bare. */
  readonly qualifier: string;
  /** Local names of classes imported bare (Keras name → local name). */
  readonly bare: Readonly<Record<string, string>>;
  /** The SeedGenerator class to write, or null where the API has none (tf.keras 2.x). */
  readonly seedGenerator: string | null;
  /** The import line a stand-alone snippet needs; null when the file already imports what it uses. */
  readonly importLine: string | null;
  /** A note on the random stream, written as a comment. */
  readonly streamNote: string;
}

const KERAS_NOTE = "Values as on Keras 3's numpy backend (KERAS_BACKEND=numpy); other backends draw other numbers for the same seed.";
const TF_NOTE = "tf.keras draws with TensorFlow's random ops: other numbers than Keras 3's numpy backend for the same seed.";

/** The spelling for a code style; 'auto' follows the last active Python editor (Keras 3 when there is none). */
export function codeTarget(style: CodeStyle, editor: EditorContext | null): CodeTarget {
  if (style === 'tf.keras') {
    return {
      qualifier: 'tf.keras.initializers.',
      bare: {},
      seedGenerator: null,
      importLine: 'import tensorflow as tf',
      streamNote: TF_NOTE,
    };
  }
  if (style === 'keras' || editor === null) {
    return {
      qualifier: 'keras.initializers.',
      bare: {},
      seedGenerator: 'keras.random.SeedGenerator',
      importLine: 'import keras',
      streamNote: KERAS_NOTE,
    };
  }
  const bare: Record<string, string> = {};
  for (const [local, kerasName] of Object.entries(editor.bareNames)) {
    if (!Object.prototype.hasOwnProperty.call(bare, kerasName)) bare[kerasName] = local;
  }
  const tf = /^(tf|tensorflow)\./.test(editor.qualifier);
  return {
    // A file that imports only some classes bare still needs a module path for the others.
    qualifier: editor.qualifier === '' ? 'keras.initializers.' : editor.qualifier,
    bare,
    seedGenerator: tf ? null : 'keras.random.SeedGenerator',
    importLine: null,
    streamNote: tf ? TF_NOTE : KERAS_NOTE,
  };
}

/** Python's `repr(float)` (the core's, shared with Keras's messages), with non-finite values spelled as expressions. */
export function pyFloat(x: number): string {
  if (Number.isNaN(x)) return 'float("nan")';
  if (x === Infinity) return 'float("inf")';
  if (x === -Infinity) return '-float("inf")';
  return pyFloatRepr(x);
}

/** A Python str literal (a JSON string literal is one: same escapes for quotes, backslashes and controls). */
export function pyString(s: string): string {
  return JSON.stringify(s);
}

/** An int as Python writes it. */
export function pyInt(n: number): string {
  return Number.isSafeInteger(n) ? String(n) : BigInt(n).toString();
}

/** A tuple literal: (), (10,), (784, 256). */
export function pyTuple(items: readonly number[]): string {
  if (items.length === 1) return `(${pyInt(items[0])},)`;
  return `(${items.map(pyInt).join(', ')})`;
}

/** An argument value as Python source, by its registry type. */
export function pyArgValue(spec: ArgSpec, value: ArgValue): string {
  if (value === null) return 'None';
  switch (spec.type) {
    case 'float':
      return typeof value === 'number' ? pyFloat(value) : typeof value === 'boolean' ? (value ? 'True' : 'False') : 'None';
    case 'bool':
      return value === true ? 'True' : 'False';
    case 'axes':
      return Array.isArray(value) ? `[${value.map(pyInt).join(', ')}]` : 'None';
    case 'enum':
    case 'window':
    case 'seed':
      return typeof value === 'string' ? pyString(value) : String(value);
    default:
      return assertNever(spec.type);
  }
}

function sameValue(a: ArgValue | undefined, b: ArgValue | null): boolean {
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((v, i) => v === b[i]);
  }
  return a === b;
}

function seedText(config: PreviewConfig, target: CodeTarget): string {
  const { seed } = config;
  if (seed.kind === 'generator' && target.seedGenerator !== null) return `${target.seedGenerator}(${pyInt(seed.value)})`;
  return pyInt(seed.value);
}

/** `HeNormal(seed=42)` with the target's spelling: the value for `kernel_initializer=`. */
export function initializerExpression(config: PreviewConfig, target: CodeTarget): string {
  const name = target.bare[config.className] ?? `${target.qualifier}${config.className}`;
  const parts: string[] = [];
  // Keyword arguments in Keras's signature order; the seed is always written so the values reproduce.
  for (const spec of registryEntry(config.className)?.args ?? []) {
    if (spec.type === 'seed') {
      parts.push(`seed=${seedText(config, target)}`);
      continue;
    }
    const value = config.args[spec.name];
    if (value === undefined || sameValue(value, spec.default)) continue;
    parts.push(`${spec.name}=${pyArgValue(spec, value)}`);
  }
  return `${name}(${parts.join(', ')})`;
}

/**
 * A snippet that builds the initializer and calls it as the preview does: the same shape, dtype and
 * (for a SeedGenerator) the same call, so it returns the values shown.
 */
export function pythonSnippet(config: PreviewConfig, target: CodeTarget): string {
  const lines: string[] = [];
  if (target.importLine !== null) lines.push(target.importLine, '');
  if (isSeeded(config.className)) lines.push(`# ${target.streamNote}`);
  lines.push(`initializer = ${initializerExpression(config, target)}`);
  const call = `initializer(shape=${pyTuple(config.shape)}, dtype=${pyString(config.dtype)})`;
  const { seed } = config;
  if (isSeeded(config.className) && seed.kind === 'generator' && seed.callIndex > 0) {
    if (target.seedGenerator === null) {
      lines.push(`# This API has no SeedGenerator: seed=${pyInt(seed.value)} gives the values of call 0, not call ${seed.callIndex}.`);
    } else {
      lines.push(`for _ in range(${seed.callIndex}):  # calls 0 to ${seed.callIndex - 1} advance the SeedGenerator`, `    ${call}`);
    }
  }
  lines.push(`weights = ${call}`);
  return lines.join('\n');
}

/**
 * The arguments as one line for the collapsed arguments section: every argument but `seed`, in Keras's
 * order, as `name=value` ("scale=2.0, mode=\"fan_in\""); '' for a class without any.
 */
export function argumentsSummary(config: PreviewConfig): string {
  const parts: string[] = [];
  for (const spec of registryEntry(config.className)?.args ?? []) {
    if (spec.type === 'seed') continue;
    parts.push(`${spec.name}=${pyArgValue(spec, config.args[spec.name] ?? spec.default)}`);
  }
  return parts.join(', ');
}
