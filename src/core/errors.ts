/**
 * Errors thrown by the core. Each carries a stable `code` (for programs) and, where Keras
 * raises for the same input, Keras's own message text and exception type (`kerasType`).
 */
export type CoreErrorCode =
  | 'INVALID_ARGUMENT'
  | 'INVALID_SHAPE'
  | 'INVALID_SEED'
  | 'INVALID_DTYPE'
  | 'UNKNOWN_INITIALIZER'
  | 'INVALID_CONFIG'
  | 'UNSUPPORTED'
  | 'PARSE_ERROR'
  | 'TOO_LARGE';

export class CoreError extends Error {
  readonly code: CoreErrorCode;
  /** The Python exception class Keras raises for the same input, when it raises. */
  readonly kerasType: string | undefined;

  constructor(code: CoreErrorCode, message: string, kerasType?: string) {
    super(message);
    this.name = 'CoreError';
    this.code = code;
    this.kerasType = kerasType;
  }
}

export function isCoreError(e: unknown): e is CoreError {
  return e instanceof CoreError;
}
