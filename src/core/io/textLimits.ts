/** Size limit shared by the text formats. */
import { CoreError } from '../errors';
import type { ResolvedTensor } from './tensorSpec';

/**
 * Most values a JSON or CSV file may hold: 50 million values are about 600 MB of float32 text,
 * beyond what editors, `json.load` or `numpy.loadtxt` handle comfortably. Binary formats have no such limit.
 */
export const TEXT_FORMAT_MAX_VALUES = 50_000_000;

export function checkTextSize(formatLabel: string, tensor: ResolvedTensor): void {
  if (tensor.size > TEXT_FORMAT_MAX_VALUES) {
    throw new CoreError(
      'TOO_LARGE',
      `${formatLabel} holds at most ${TEXT_FORMAT_MAX_VALUES} values (TEXT_FORMAT_MAX_VALUES); shape [${tensor.shape.join(', ')}] has ${tensor.size}. Use .npy, .npz or .safetensors.`,
    );
  }
}
