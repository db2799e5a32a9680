/**
 * `.csv`: comma-separated values that `numpy.loadtxt(path, delimiter=',')` reads, with `#` lines
 * first giving the shape, dtype and provenance. A rank-2 tensor is written as its rows; higher
 * ranks as `(prod(shape[:-1]), shape[-1])`; rank 1 as one value per line and rank 0 as one line,
 * as `numpy.savetxt` writes 1-D data. Values as in .json ("nan", "inf", "-inf" included, which
 * numpy.loadtxt reads). loadtxt squeezes single rows and columns: reshape to the recorded shape.
 */
import { utf8Encode } from './bytes';
import { chunkValuesText } from './json';
import type { ResolvedTensor, WeightData, WeightMetadata } from './tensorSpec';
import { checkTextSize } from './textLimits';
import type { FormatWriter } from './weightEncoder';

/** Rows and columns of the 2-D layout of a shape. */
export function csvLayout(shape: readonly number[]): { rows: number; columns: number } {
  if (shape.length === 0) return { rows: 1, columns: 1 };
  if (shape.length === 1) return { rows: shape[0], columns: 1 };
  const columns = shape[shape.length - 1];
  return { rows: shape.slice(0, -1).reduce((a, b) => a * b, 1), columns };
}

export function csvWriter(tensor: ResolvedTensor, metadata: WeightMetadata): FormatWriter {
  checkTextSize('.csv', tensor);
  const { rows, columns } = csvLayout(tensor.shape);
  const initializer = tensor.initializer ?? metadata.initializer;
  const seed = tensor.seed !== undefined ? tensor.seed : metadata.seed;
  const lines = [
    `# shape: [${tensor.shape.join(', ')}]`,
    `# dtype: ${tensor.dtype}`,
    `# layout: ${rows} rows x ${columns} columns, C order; reshape to the shape above`,
  ];
  if (initializer !== undefined) lines.push(`# initializer: ${JSON.stringify(initializer)}`);
  if (seed !== undefined) lines.push(`# seed: ${JSON.stringify(seed)}`);
  // Values as JSON strings: a line break in them cannot end the comment early.
  for (const [key, value] of Object.entries(metadata.extra ?? {})) lines.push(`# ${key}: ${JSON.stringify(value)}`);
  const head = `${lines.join('\n')}\n`;
  /** Column of the next value. */
  let column = 0;
  return {
    byteLength: undefined,
    begin: (out) => out.push(utf8Encode(head)),
    beginTensor: () => undefined,
    data: (t, chunk: WeightData, out) => {
      const texts = chunkValuesText(t, chunk);
      let text = '';
      for (const value of texts) {
        column++;
        if (column === columns) {
          text += `${value}\n`;
          column = 0;
        } else {
          text += `${value},`;
        }
      }
      out.push(utf8Encode(text));
    },
    endTensor: () => undefined,
    end: () => undefined,
  };
}
