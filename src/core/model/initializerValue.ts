/**
 * The initializer a weight's `*_initializer=` Value constructs, as the summary (its law) and the weight
 * files (its values) both need it: an id, a config dict, or a class called with literal arguments.
 */
import { CoreError } from '../errors';
import { getInitializer, resolveClassName } from '../initializers/config';
import { createInitializer, type InitializerClassName, type KerasInitializer } from '../initializers/initializer';
import type { Value } from './types';

/** Marks a Value the reader could not turn into plain data. */
export const NOT_PLAIN = Symbol('not plain');

/** A Value as the plain data Keras's constructor would receive (dicts with string keys only), or NOT_PLAIN. */
export function plainValue(value: Value): unknown {
  switch (value.kind) {
    case 'int':
    case 'float':
    case 'bool':
    case 'str':
      return value.value;
    case 'none':
      return null;
    case 'tuple':
    case 'list': {
      const items = value.items.map(plainValue);
      return items.includes(NOT_PLAIN) ? NOT_PLAIN : items;
    }
    case 'dict': {
      const out: Record<string, unknown> = {};
      for (const [k, v] of value.entries) {
        const item = plainValue(v);
        if (k.kind !== 'str' || item === NOT_PLAIN) return NOT_PLAIN;
        // defineProperty: a key such as `__proto__` stays an own data property.
        Object.defineProperty(out, k.value, { value: item, enumerable: true, writable: true, configurable: true });
      }
      return out;
    }
    case 'callable':
    case 'initializer':
    case 'layer':
    case 'unknown':
      return NOT_PLAIN;
  }
}

/**
 * The initializer `value` constructs, or why it cannot be known. Without `withSeed` a `seed=` argument
 * is left out (it changes the values, not the law), so an unknown seed does not hide the law.
 */
export function initializerFromValue(value: Value, options: { readonly withSeed: boolean }): KerasInitializer | string {
  try {
    switch (value.kind) {
      case 'str':
        return getInitializer(value.value);
      case 'dict': {
        const config = plainValue(value);
        if (config === NOT_PLAIN) return 'the initializer config is not a literal';
        return getInitializer(config) ?? 'the initializer is None';
      }
      case 'initializer': {
        const { className, args } = value.initializer;
        const kwargs: Record<string, unknown> = {};
        for (const [name, arg] of Object.entries(args)) {
          if (name === 'seed' && !options.withSeed) continue;
          const item = plainValue(arg);
          if (item === NOT_PLAIN) return arg.kind === 'unknown' ? arg.reason : `${className}'s ${name} is not known before running`;
          Object.defineProperty(kwargs, name, { value: item, enumerable: true, writable: true, configurable: true });
        }
        const resolved: InitializerClassName | undefined = resolveClassName(className);
        if (resolved === undefined) return `${className} is not a Keras initializer`;
        return createInitializer(resolved, kwargs);
      }
      case 'unknown':
        return value.reason;
      case 'callable':
        return `${value.name} is a function; its law is not known`;
      case 'bool':
      case 'float':
      case 'int':
      case 'layer':
      case 'list':
      case 'none':
      case 'tuple':
        return 'the initializer is not known before running';
    }
  } catch (e) {
    if (e instanceof CoreError) return `${e.kerasType !== undefined ? `${e.kerasType}: ` : ''}${e.message}`;
    throw e;
  }
}
