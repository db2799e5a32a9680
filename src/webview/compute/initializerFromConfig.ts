/**
 * The core initializer a panel configuration stands for: `keras.initializers.<Class>(**args, seed=...)`,
 * built by the core so that an invalid argument fails with Keras's own exception and message.
 */
import { createInitializer, errorText as coreErrorText, isCoreError, type KerasInitializer } from '../../core/index';
import { initializerKwargs, type PreviewConfig } from '../../protocol/previewConfig';

export { initializerKwargs } from '../../protocol/previewConfig';

/** A failure to show in the panel: Keras's exception type and message where Keras has one. */
export interface PanelError {
  readonly message: string;
}

/** `ValueError: ...` for a core error that mirrors a Keras exception, the bare message otherwise. */
export function errorText(e: unknown): string {
  if (isCoreError(e)) return e.kerasType ? `${e.kerasType}: ${e.message}` : e.message;
  return coreErrorText(e);
}

export type Built = { readonly ok: true; readonly initializer: KerasInitializer } | { readonly ok: false; readonly error: PanelError };

/** Builds the initializer, or says why Keras would refuse it. */
export function buildInitializer(config: PreviewConfig): Built {
  try {
    return { ok: true, initializer: createInitializer(config.className, initializerKwargs(config)) };
  } catch (e) {
    return { ok: false, error: { message: errorText(e) } };
  }
}

/** The call index of the preview's call: the SeedGenerator's counter, 0 for an int seed. */
export function callIndexOf(config: PreviewConfig): number {
  return config.seed.kind === 'generator' ? config.seed.callIndex : 0;
}
