/**
 * `.json`: one object `{"shape", "dtype", "initializer", "seed", ["metadata",] "data"}` with the
 * values flat in C order. Each value is the shortest decimal that reads back to the identical
 * float of its dtype (see floatText.ts). JSON numbers cannot express NaN or ±Infinity, so those
 * are the strings "nan", "inf" and "-inf": the array keeps one entry per value and NaN stays
 * distinct from Infinity (null could not say which); Python's `float()` reads all three.
 */
import { utf8Encode } from './bytes';
import { float16BitsToNumber } from '../random/casts';
import { formatFloat, NON_FINITE_TEXT } from './floatText';
import type { ResolvedTensor, WeightData, WeightMetadata } from './tensorSpec';
import { checkTextSize } from './textLimits';
import type { FormatWriter } from './weightEncoder';

/** Formats the values of a chunk (float16 chunks hold bit patterns; int32 values are plain integers). */
export function chunkValuesText(tensor: ResolvedTensor, chunk: WeightData): string[] {
  const texts = new Array<string>(chunk.length);
  const dtype = tensor.dtype;
  if (dtype === 'int32') {
    for (let i = 0; i < chunk.length; i++) texts[i] = String(chunk[i]);
  } else if (dtype === 'float16') {
    for (let i = 0; i < chunk.length; i++) texts[i] = formatFloat(float16BitsToNumber(chunk[i]), 'float16');
  } else {
    for (let i = 0; i < chunk.length; i++) texts[i] = formatFloat(chunk[i], dtype);
  }
  return texts;
}

/** A value's text as a JSON element: numbers as they are, the non-finite spellings as strings. */
function jsonValue(text: string): string {
  return text === NON_FINITE_TEXT.nan || text === NON_FINITE_TEXT.inf || text === NON_FINITE_TEXT.negInf ? `"${text}"` : text;
}

export function jsonWriter(tensor: ResolvedTensor, metadata: WeightMetadata): FormatWriter {
  checkTextSize('.json', tensor);
  const initializer = tensor.initializer ?? metadata.initializer ?? null;
  const seed = tensor.seed !== undefined ? tensor.seed : (metadata.seed ?? null);
  const lines = [
    '{',
    `  "shape": [${tensor.shape.join(', ')}],`,
    `  "dtype": "${tensor.dtype}",`,
    `  "initializer": ${JSON.stringify(initializer)},`,
    `  "seed": ${JSON.stringify(seed)},`,
  ];
  const extra = metadata.extra ?? {};
  if (Object.keys(extra).length > 0) lines.push(`  "metadata": ${JSON.stringify(extra)},`);
  const head = `${lines.join('\n')}\n  "data": [`;
  let first = true;
  return {
    byteLength: undefined,
    begin: (out) => out.push(utf8Encode(head)),
    beginTensor: () => undefined,
    data: (t, chunk, out) => {
      const text = chunkValuesText(t, chunk).map(jsonValue).join(',');
      out.push(utf8Encode(first ? text : `,${text}`));
      first = false;
    },
    endTensor: () => undefined,
    end: (out) => out.push(utf8Encode(']\n}\n')),
  };
}
