/** Public API of the core library (`dist/core.js`). Everything a caller may use is exported here. */
export { CoreError, isCoreError } from './errors';
export type { CoreErrorCode } from './errors';
export type { FloatDType, Shape, Tensor, TensorData } from './types';
export { CLASS_NAMES, ID_TO_CLASS, KERAS2_ONLY_NAMES, classForId } from './initializers/names';
export type { ClassName } from './initializers/names';

// --- random engine (src/core/random) ---

// --- initializers, registry, config (src/core/initializers, src/core/linalg) ---

// --- statistics (src/core/stats) ---

// --- Python source reader (src/core/python) ---

// --- file encoders (src/core/io) ---
