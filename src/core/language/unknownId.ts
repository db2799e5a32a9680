/**
 * Names Keras 3 does not accept: the error Keras raises for them and the accepted names closest to
 * them. Shared by the hover and the diagnostics.
 */
import { classForId, KERAS2_ONLY_NAMES } from '../initializers/names';
import { pyRepr } from '../initializers/pyFormat';
import type { InitializerExpression } from '../python/types';
import { ATTRIBUTE_CLASSES } from '../python/vocabulary';
import { acceptedIds } from './facts';
import { suggestNames } from './suggest';

let ids: readonly string[] | undefined;

/** The ids a string may hold, computed once. */
export function stringIds(): readonly string[] {
  ids ??= Object.freeze(acceptedIds());
  return ids;
}

const ATTRIBUTES: readonly string[] = [...ATTRIBUTE_CLASSES.keys()];

/** Whether a name is read as an attribute of the initializers module (`keras.initializers.X`). */
function isAttribute(expr: InitializerExpression): boolean {
  return expr.form === 'call' || expr.form === 'reference';
}

/**
 * Keras's message for a name it does not accept: `get()` raises "Could not interpret initializer
 * identifier: glorot" for strings and dicts (printing the dict), Python raises AttributeError for a
 * module attribute.
 */
export function unknownNameMessage(expr: InitializerExpression, name: string): string {
  if (isAttribute(expr)) return `AttributeError: module '${expr.module ?? 'keras.initializers'}' has no attribute '${name}'`;
  if (expr.form === 'dict') {
    const config: Record<string, unknown> = { class_name: name, config: expr.args };
    return `ValueError: Could not interpret initializer identifier: ${pyRepr(config)}`;
  }
  return `ValueError: Could not interpret initializer identifier: ${name}`;
}

/** The accepted names closest to an unknown one, in the form the expression needs (id or attribute). */
export function suggestionsFor(expr: InitializerExpression, name: string): string[] {
  if (isAttribute(expr)) {
    return suggestNames(name, ATTRIBUTES, 3, (a, b) => ATTRIBUTE_CLASSES.get(a) === ATTRIBUTE_CLASSES.get(b));
  }
  return suggestNames(name, stringIds(), 3, (a, b) => classForId(a) === classForId(b));
}

/** Whether a name is a tf.keras 2.x spelling that Keras 3 rejects. */
export function isKeras2Name(name: string): boolean {
  return Object.prototype.hasOwnProperty.call(KERAS2_ONLY_NAMES, name);
}
