/** Values of command-line options, checked with messages that name the option and what it accepts. */
import {
  CoreError,
  WEIGHT_FILE_DTYPES,
  WEIGHT_FORMATS,
  formatFromFileName,
  isWeightFormat,
  parseShape,
  type WeightFormat,
} from '../core/index';
import { UsageError } from './io';

const UINT32_MAX = 2 ** 32 - 1;

/** An integer option value (decimal, optional sign). */
export function parseInteger(option: string, text: string): number {
  const t = text.trim();
  if (!/^[+-]?\d+$/.test(t)) throw new UsageError(`${option} must be an integer; received '${text}'.`);
  const value = Number(t);
  if (!Number.isSafeInteger(value)) throw new UsageError(`${option} ${t} is too large; it must be at most ${Number.MAX_SAFE_INTEGER}.`);
  return value;
}

/** A seed: Keras's numpy backend turns it into uint32 words, so it must lie in [0, 2^32). */
export function parseSeed(option: string, text: string): number {
  const value = parseInteger(option, text);
  if (value < 0 || value > UINT32_MAX) {
    throw new UsageError(
      `${option} ${value} is out of range: seeds are integers in [0, ${UINT32_MAX}] (Keras's numpy backend raises "Python integer ${value} out of bounds for uint32").`,
    );
  }
  return value;
}

export function parseCallIndex(option: string, text: string): number {
  const value = parseInteger(option, text);
  if (value < 0) throw new UsageError(`${option} must be 0 or more (the K-th call of SeedGenerator, from 0); received ${value}.`);
  return value;
}

export function parseShapeOption(option: string, text: string): number[] {
  try {
    return parseShape(text);
  } catch (e) {
    if (e instanceof CoreError) throw new UsageError(`${option}: ${e.message}`);
    throw e;
  }
}

/** A list of integers (kernel sizes): `3`, `3,3`, `3x3`, `(3, 3)`. Range checks are Keras's. */
export function parseIntList(option: string, text: string): number | number[] {
  const t = text.trim().replace(/^[([]\s*|\s*[)\]]$/g, '');
  const parts = t.split(/\s*[,x×]\s*|\s+/).filter((p) => p !== '');
  if (parts.length === 0) throw new UsageError(`${option} needs one or more integers, e.g. 3 or 3,3; received '${text}'.`);
  const values = parts.map((p) => parseInteger(option, p));
  return values.length === 1 && !/[,x×(\[]/.test(text) ? values[0] : values;
}

const TRUE = new Set(['true', 'True', '1', 'yes', 'on']);
const FALSE = new Set(['false', 'False', '0', 'no', 'off']);

export function parseBoolean(option: string, text: string): boolean {
  if (TRUE.has(text.trim())) return true;
  if (FALSE.has(text.trim())) return false;
  throw new UsageError(`${option} must be true or false; received '${text}'.`);
}

export function parseDType(option: string, text: string | undefined): string {
  const d = text ?? 'float32';
  if (!WEIGHT_FILE_DTYPES.includes(d)) {
    throw new UsageError(`${option} '${d}' is not supported; use one of ${WEIGHT_FILE_DTYPES.join(', ')}.`);
  }
  return d;
}

/**
 * The format: --format when given (it must agree with -o's extension), else -o's extension, else
 * `fallback`. `allowed` restricts the choice (layers: npz and safetensors).
 */
export function resolveFormat(
  formatText: string | undefined,
  output: string | undefined,
  fallback: WeightFormat,
  allowed?: readonly WeightFormat[],
): WeightFormat {
  const all = WEIGHT_FORMATS.map((f) => f.format);
  const accepted = allowed ?? all;
  const fromName = output !== undefined ? formatFromFileName(output) : undefined;
  let format: WeightFormat;
  if (formatText !== undefined) {
    const f = formatText.trim().toLowerCase().replace(/^\./, '');
    if (!isWeightFormat(f)) throw new UsageError(`--format '${formatText}' is not a format; use one of ${accepted.join(', ')}.`);
    if (fromName !== undefined && fromName !== f) {
      throw new UsageError(`--format ${f} does not match the extension of -o ${output} (a .${fromName} name); make them agree.`);
    }
    format = f;
  } else if (output !== undefined) {
    if (fromName === undefined) {
      const exts = WEIGHT_FORMATS.filter((x) => accepted.includes(x.format)).map((x) => x.extensions[0]);
      throw new UsageError(`Cannot tell the format from the name '${output}': end it with ${exts.join(', ')} or give --format.`);
    }
    format = fromName;
  } else {
    format = fallback;
  }
  if (!accepted.includes(format)) {
    throw new UsageError(`.${format} holds a single tensor; a layer's variables go into ${accepted.map((f) => `.${f}`).join(' or ')}.`);
  }
  return format;
}
