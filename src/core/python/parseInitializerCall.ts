/**
 * `parseInitializerCall(text)`: one initializer written on its own as Python — a call with literal
 * arguments (`VarianceScaling(scale=2.0, mode='fan_out', distribution='uniform', seed=3)`), a bare
 * or qualified class (`keras.initializers.HeNormal`) — read with the same reader the editor features
 * use, as if the file had `from keras.initializers import *`. Nothing is evaluated but literals.
 */
import { CoreError } from '../errors';
import type { ClassName } from '../initializers/names';
import { pyStrRepr } from '../initializers/pyFormat';
import { initializerExpressionAt } from './findInitializerAt';
import type { PyValue } from './literal';

/** What `parseInitializerCall` read. */
export interface ParsedInitializerCall {
  /** The Keras 3 class. */
  readonly className: ClassName;
  /** Keyword arguments by Keras parameter name (positional ones mapped to Keras's signature order). */
  readonly kwargs: Readonly<Record<string, PyValue>>;
  /** `call` for `HeNormal(...)`, `reference` for a class written without parentheses. */
  readonly form: 'call' | 'reference';
}

/** Makes bare class names resolve the way `from keras.initializers import *` would bind them. */
const PRELUDE = 'from keras.initializers import *\n';

function parseError(message: string): CoreError {
  return new CoreError('PARSE_ERROR', message);
}

/**
 * Reads one initializer expression. Throws CoreError `PARSE_ERROR` for text that is not a single
 * initializer expression with literal arguments, and `UNKNOWN_INITIALIZER` (Keras's "Could not
 * interpret" message) for a name Keras 3 does not export.
 */
export function parseInitializerCall(text: string): ParsedInitializerCall {
  if (typeof text !== 'string' || text.trim() === '') {
    throw parseError('The initializer is empty: write an id such as he_normal or a call such as HeNormal(seed=42).');
  }
  const start = text.length - text.trimStart().length;
  const trimmed = text.trim();
  const source = PRELUDE + text;
  const found = initializerExpressionAt(source, PRELUDE.length + start);
  if (found === undefined || found.range.start !== PRELUDE.length + start || found.form === 'string' || found.form === 'dict') {
    const name = /^[A-Za-z_][\w.]*/.exec(trimmed)?.[0];
    if (name !== undefined && /^[\w.]+\s*(\(|$)/.test(trimmed)) {
      throw new CoreError(
        'UNKNOWN_INITIALIZER',
        `Could not interpret initializer identifier: ${name.split('.').pop() ?? name}`,
        'ValueError',
      );
    }
    throw parseError(
      `Cannot read ${pyStrRepr(trimmed)} as an initializer: write an id (he_normal), a class (HeNormal) or a call with literal arguments (HeNormal(seed=42)).`,
    );
  }
  if (found.form === 'call' && source[found.range.end - 1] !== ')') {
    throw parseError(`The call ${pyStrRepr(trimmed)} has no closing parenthesis.`);
  }
  const rest = source.slice(found.range.end).trim();
  if (rest !== '') throw parseError(`Unexpected text after the initializer: ${pyStrRepr(rest)}`);
  if (found.unknownId !== undefined || found.className === undefined) {
    throw new CoreError(
      'UNKNOWN_INITIALIZER',
      `Could not interpret initializer identifier: ${found.unknownId ?? found.name}`,
      'ValueError',
    );
  }
  if (found.keras2Name !== undefined) {
    throw new CoreError(
      'UNKNOWN_INITIALIZER',
      `${found.keras2Name} is a tf.keras 2 name that Keras 3 does not accept; write ${found.className} instead.`,
      'ValueError',
    );
  }
  if (found.nonLiteral.length > 0) {
    const bad = found.argList.filter((a) => !a.literal).map((a) => source.slice(a.range.start, a.range.end));
    throw parseError(`Only literal arguments can be read (numbers, strings, True/False/None, tuples and lists); not: ${bad.join(', ')}`);
  }
  for (const arg of found.argList) {
    if (arg.name === undefined) {
      throw parseError(`${found.className} takes fewer positional arguments than given: ${pyStrRepr(arg.valueText)} has no parameter.`);
    }
    // Keras rejects a float seed (`isinstance(seed, int)`); the literal's type tells 1.0 from 1.
    if (arg.name === 'seed' && arg.type === 'float') {
      throw new CoreError(
        'INVALID_SEED',
        `\`seed\` argument should be an instance of \`keras.random.SeedGenerator()\` or an integer. Received: seed=${arg.valueText.trim()}`,
        'ValueError',
      );
    }
  }
  const duplicate = found.argList.find((a, i) => found.argList.findIndex((b) => b.name === a.name) !== i);
  if (duplicate !== undefined) {
    throw new CoreError('PARSE_ERROR', `${found.className}() got multiple values for argument '${duplicate.name ?? ''}'`, 'TypeError');
  }
  return { className: found.className, kwargs: { ...found.args }, form: found.form === 'call' ? 'call' : 'reference' };
}
