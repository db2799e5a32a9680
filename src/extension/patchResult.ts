/**
 * What a configuration patch for the preview is made of, shared by the patch from Python source
 * (patchFromInitializer.ts) and the patch from a command argument (patchFromCommandArgument.ts).
 */
import { isIntegerIn } from '../protocol/guards';
import { MAX_RANK, MAX_STRING_ARG, SEED_LIMIT, type ArgValue, type ConfigPatch } from '../protocol/previewConfig';

/** A patch and what could not be carried over (shown to the user as a note, never silently lost). */
export interface PatchResult {
  readonly patch: ConfigPatch;
  readonly notes: readonly string[];
}

export function isSeedInt(value: unknown): value is number {
  return isIntegerIn(value, -SEED_LIMIT, SEED_LIMIT);
}

/** An argument value from Python/JSON as the panel types it, or undefined when it does not fit the registry type. */
export function argValue(type: string, value: unknown): ArgValue | undefined {
  switch (type) {
    case 'float':
      // Python's bool is an int, and Keras takes it where a float is expected.
      if (typeof value === 'boolean') return Number(value);
      return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
    case 'bool':
      return typeof value === 'boolean' ? value : undefined;
    case 'enum':
    case 'window':
      return value === null || (typeof value === 'string' && value.length <= MAX_STRING_ARG) ? value : undefined;
    case 'axes':
      if (value === null) return null;
      return Array.isArray(value) && value.length <= MAX_RANK && value.every((a) => isIntegerIn(a, -64, 64))
        ? (value as number[])
        : undefined;
    default:
      return undefined;
  }
}
