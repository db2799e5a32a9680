/** The weight-file formats the encoders write, and how a file name selects one. */

export type WeightFormat = 'npy' | 'npz' | 'safetensors' | 'json' | 'csv';

export interface WeightFormatInfo {
  readonly format: WeightFormat;
  /** Human-readable name, e.g. for a file-save dialog filter. */
  readonly label: string;
  /** File-name extensions, lower case with the dot; the first is the usual one. */
  readonly extensions: readonly string[];
  /** Whether one file can hold several tensors (a layer's kernel, recurrent kernel and bias). */
  readonly multiTensor: boolean;
  /** Whether the values are stored as text (subject to `TEXT_FORMAT_MAX_VALUES`). */
  readonly text: boolean;
}

export const WEIGHT_FORMATS: readonly WeightFormatInfo[] = [
  { format: 'npy', label: 'NumPy array', extensions: ['.npy'], multiTensor: false, text: false },
  { format: 'npz', label: 'NumPy archive', extensions: ['.npz'], multiTensor: true, text: false },
  { format: 'safetensors', label: 'safetensors', extensions: ['.safetensors'], multiTensor: true, text: false },
  { format: 'json', label: 'JSON', extensions: ['.json'], multiTensor: false, text: true },
  { format: 'csv', label: 'CSV', extensions: ['.csv'], multiTensor: false, text: true },
];

export function isWeightFormat(value: unknown): value is WeightFormat {
  return WEIGHT_FORMATS.some((f) => f.format === value);
}

/**
 * The format a file name asks for, by its extension (case-insensitive; a directory part, with `/` or
 * `\`, is ignored), or undefined when no format matches (`.weights.h5` is not written here).
 */
export function formatFromFileName(fileName: string): WeightFormat | undefined {
  const base = fileName.slice(Math.max(fileName.lastIndexOf('/'), fileName.lastIndexOf('\\')) + 1).toLowerCase();
  for (const info of WEIGHT_FORMATS) {
    // A bare ".npy" is a hidden file named npy, not an array: the name needs a stem.
    if (info.extensions.some((ext) => base.length > ext.length && base.endsWith(ext))) return info.format;
  }
  return undefined;
}
