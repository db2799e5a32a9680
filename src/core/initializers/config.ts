/**
 * Identifiers and configs as Keras 3 handles them (keras/src/initializers/__init__.py `get`,
 * `serialize`, `deserialize`, and keras/src/saving/serialization_lib.py): string ids, the
 * `{"class_name", "config"}` dict, the full serialized form with `module` and `registered_name`.
 */
import { CoreError } from '../errors';
import {
  createInitializer,
  isKerasInitializer,
  tensorInitializer,
  type InitializerClassName,
  type KerasConfig,
  type KerasInitializer,
} from './initializer';
import { classForId } from './names';
import { pyRepr, pyStr } from './pyFormat';

/** `keras.initializers.serialize(obj)` / `serialize_keras_object(obj)`. */
export interface SerializedInitializer {
  readonly module: 'keras.initializers';
  readonly class_name: InitializerClassName;
  readonly config: KerasConfig;
  readonly registered_name: null;
}

/** A tensor given directly as the initializer (what `get(np.array)` accepts). */
export interface TensorIdentifier {
  readonly data: ArrayLike<number>;
  readonly shape: readonly number[];
}

/** Everything `getInitializer` accepts. */
export type InitializerIdentifier =
  | string
  | KerasInitializer
  | TensorIdentifier
  | {
      readonly class_name: string;
      readonly config?: Record<string, unknown> | null;
      readonly module?: string | null;
      readonly registered_name?: string | null;
    };

/** Python module of each class, for Keras's `<class '...'>` reprs. */
function pythonClassPath(className: InitializerClassName): string {
  const module =
    className === 'Initializer'
      ? 'initializer'
      : ['Zeros', 'Ones', 'Constant', 'Identity', 'STFT'].includes(className)
        ? 'constant_initializers'
        : 'random_initializers';
  return `keras.src.initializers.${module}.${className}`;
}

/** The class a Keras id names (class names, snake_case, aliases, and the base `Initializer`). */
export function resolveClassName(id: string): InitializerClassName | undefined {
  if (id === 'Initializer' || id === 'initializer') return 'Initializer';
  return classForId(id);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isTensorIdentifier(v: unknown): v is TensorIdentifier {
  if (!isRecord(v) || !Array.isArray(v.shape)) return false;
  const data = v.data;
  return Array.isArray(data) || (ArrayBuffer.isView(data) && !(data instanceof DataView));
}

function cannotInterpret(identifier: unknown): CoreError {
  return new CoreError('UNKNOWN_INITIALIZER', `Could not interpret initializer identifier: ${pyStr(identifier)}`, 'ValueError');
}

/**
 * `keras.initializers.deserialize(config)`: `{"class_name", "config"}` or the full serialized
 * form. An unknown class gives Keras's "Could not interpret" (what `get` reports).
 */
export function deserialize(config: Record<string, unknown>): KerasInitializer {
  return deserializeFor(config, config);
}

/** `deserialize`, with `identifier` as what `get` received (its "Could not interpret" prints it). */
function deserializeFor(config: Record<string, unknown>, identifier: unknown): KerasInitializer {
  if (!isRecord(config)) throw cannotInterpret(identifier);
  if (!('class_name' in config)) {
    throw new CoreError('INVALID_CONFIG', `Unknown \`config\` as a \`dict\`, config=${pyRepr(config)}`, 'ValueError');
  }
  const rawName = config.class_name;
  if ('module' in config && config.module === null) {
    throw new CoreError(
      'INVALID_CONFIG',
      `Cannot deserialize object of type \`${pyStr(rawName)}\`. If \`${pyStr(rawName)}\` is a custom class, please register it using the \`@keras.saving.register_keras_serializable()\` decorator.`,
      'TypeError',
    );
  }
  const className = typeof rawName === 'string' ? resolveClassName(rawName) : undefined;
  // Keras returns the unresolved name, which `get` then rejects as not callable.
  if (className === undefined) throw cannotInterpret(identifier);
  const inner = config.config ?? {};
  if (!isRecord(inner)) {
    throw new CoreError(
      'INVALID_CONFIG',
      `Expected 'config' to be a dict for ${className}, instead got ${pyRepr(inner)}. Full config: ${pyRepr(config)}`,
      'TypeError',
    );
  }
  if (className === 'Constant') {
    // Constant.from_config reads config["value"] and nothing else.
    if (!('value' in inner)) throw new CoreError('INVALID_CONFIG', "'value'", 'KeyError');
    return createInitializer('Constant', { value: inner.value });
  }
  try {
    return createInitializer(className, inner);
  } catch (e) {
    // serialization_lib wraps a TypeError from `cls.from_config(config)`.
    if (e instanceof CoreError && e.kerasType === 'TypeError') {
      throw new CoreError(
        e.code,
        `<class '${pythonClassPath(className)}'> could not be deserialized properly. ` +
          `config=${pyRepr(config)}. Exception encountered: ${e.message}`,
        'TypeError',
      );
    }
    throw e;
  }
}

/**
 * `keras.initializers.get(identifier)`: a string id (class name, snake_case or alias, exact and
 * case-sensitive), a config dict (`{"class_name", "config"}` or the serialized form), an
 * initializer (returned as is) or a tensor `{data, shape}` (returned values must then have that
 * shape). `null`/`undefined` give `null`, as Keras's `get(None)`.
 */
export function getInitializer(identifier: null | undefined): null;
export function getInitializer(identifier: InitializerIdentifier): KerasInitializer;
export function getInitializer(identifier: unknown): KerasInitializer | null;
export function getInitializer(identifier: unknown): KerasInitializer | null {
  if (identifier === null || identifier === undefined) return null;
  if (isKerasInitializer(identifier)) return identifier;
  // Keras: get("x") is deserialize({"class_name": "x", "config": {}}).
  if (typeof identifier === 'string') return deserializeFor({ class_name: identifier, config: {} }, identifier);
  if (isTensorIdentifier(identifier)) return tensorInitializer(identifier.data, identifier.shape);
  if (isRecord(identifier)) return deserialize(identifier);
  throw cannotInterpret(identifier);
}

/** `initializer.get_config()`. */
export function getConfig(initializer: KerasInitializer): KerasConfig {
  return initializer.getConfig();
}

/** `keras.initializers.serialize(initializer)`: module, class name, config, registered name. */
export function serialize(initializer: KerasInitializer): SerializedInitializer {
  if (initializer.className === 'Tensor') {
    throw new CoreError('UNSUPPORTED', 'A tensor given directly as initializer has no Keras config to serialize.');
  }
  return {
    module: 'keras.initializers',
    class_name: initializer.className,
    config: initializer.getConfig(),
    registered_name: null,
  };
}
