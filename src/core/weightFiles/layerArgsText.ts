/**
 * Layer arguments typed as Python keywords, as in an input box:
 * `units=64, input_dim=32, use_bias=False, kernel_size=(3, 3), kernel_initializer=HeNormal(seed=1)`.
 * Values are read, not evaluated: integers, True/False, tuples or lists of integers, numbers,
 * strings, and for `*_initializer` any initializer text (an id, a call, a JSON config).
 */
import { CoreError } from '../errors';

function parseError(message: string): CoreError {
  return new CoreError('PARSE_ERROR', message);
}

/** Splits at commas outside brackets and quotes. */
function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote: string | undefined;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote !== undefined) {
      if (c === '\\') i++;
      else if (c === quote) quote = undefined;
      continue;
    }
    if (c === '"' || c === "'") quote = c;
    else if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth--;
    else if (c === ',' && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
    if (depth < 0) throw parseError(`Unbalanced '${c}' in the layer arguments.`);
  }
  if (quote !== undefined) throw parseError('A string in the layer arguments is not closed.');
  if (depth !== 0) throw parseError('A bracket in the layer arguments is not closed.');
  parts.push(text.slice(start));
  return parts;
}

const INT = /^[+-]?\d+$/;
const INT_TUPLE = /^[([]\s*([+-]?\d+(\s*,\s*[+-]?\d+)*)?\s*,?\s*[)\]]$/;
const FLOAT = /^[+-]?(\d+\.\d*|\.\d+|\d+(\.\d*)?[eE][+-]?\d+)$/;

function unquote(text: string): string | undefined {
  const m = /^(['"])(.*)\1$/s.exec(text);
  return m ? m[2] : undefined;
}

function value(name: string, text: string): unknown {
  if (text === '') throw parseError(`\`${name}\` has no value.`);
  if (name.endsWith('_initializer')) return unquote(text) ?? text;
  if (INT.test(text)) return Number(text);
  if (text === 'True' || text === 'true') return true;
  if (text === 'False' || text === 'false') return false;
  if (INT_TUPLE.test(text)) {
    const inner = text.slice(1, -1).trim();
    return inner === ''
      ? []
      : inner
          .split(',')
          .map((s) => s.trim())
          .filter((s) => s !== '')
          .map(Number);
  }
  if (FLOAT.test(text)) return Number(text);
  const s = unquote(text);
  if (s !== undefined) return s;
  throw parseError(`\`${name}\`: cannot read ${text}; write an integer, True or False, a tuple such as (3, 3), or an initializer.`);
}

/** Reads `name=value, ...` into keyword arguments. Throws CoreError `PARSE_ERROR` naming the bad piece. */
export function parseLayerArguments(text: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const raw of splitTopLevel(text)) {
    const part = raw.trim();
    if (part === '') continue;
    const m = /^([A-Za-z_]\w*)\s*=\s*([\s\S]*)$/.exec(part);
    if (!m) throw parseError(`'${part}' is not a keyword argument; write name=value, e.g. units=64.`);
    const [, name, valueText] = m;
    if (Object.prototype.hasOwnProperty.call(out, name)) throw parseError(`\`${name}\` is given twice.`);
    out[name] = value(name, valueText.trim());
  }
  return out;
}
