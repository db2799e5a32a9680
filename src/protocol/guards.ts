/**
 * Small runtime checks for values that crossed a trust boundary (postMessage, restored webview state,
 * a command argument). Every check is total: it never throws and never reads inherited properties, so
 * hostile input (getters, prototype keys, huge arrays, NaN where a number belongs) is rejected, not run.
 */

/** Keys that would reach `Object.prototype` if a record were ever merged into a plain object. */
const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/** A plain JSON-like object: created by a literal or JSON.parse (or with a null prototype), no forbidden own keys. */
export function isPlainRecord(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return false;
  for (const key of Object.keys(value)) if (FORBIDDEN_KEYS.has(key)) return false;
  // An accessor could answer differently on each read: only data properties are accepted.
  for (const descriptor of Object.values(Object.getOwnPropertyDescriptors(value))) {
    if (!('value' in descriptor)) return false;
  }
  return true;
}

/**
 * A plain record whose own keys are all in `required` or `optional`, with every `required` key present.
 * Extra fields are rejected: a message that carries more than the contract says is not ours.
 */
export function hasExactKeys(
  value: unknown,
  required: readonly string[],
  optional: readonly string[] = [],
): value is Record<string, unknown> {
  if (!isPlainRecord(value)) return false;
  for (const key of required) if (!Object.prototype.hasOwnProperty.call(value, key)) return false;
  for (const key of Object.keys(value)) if (!required.includes(key) && !optional.includes(key)) return false;
  return true;
}

/** Reads an own property only (never one inherited from a prototype). */
export function own(record: Record<string, unknown>, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined;
}

/**
 * One guard per member of a union told apart by its `key` field (`type` for messages): each checks the
 * fields of a record whose `key` already names it. The table has exactly one entry per member, so a
 * member added to the union without its guard is a compile error.
 */
export type VariantGuards<M extends { readonly [P in K]: string }, K extends string = 'type'> = {
  readonly [T in M[K]]: (value: Record<string, unknown>) => boolean;
};

/** The guard of a whole union: a plain record whose own `key` names an entry of `guards` and whose fields pass it. */
export function variantGuard<M extends { readonly [P in K]: string }, K extends string>(
  key: K,
  guards: VariantGuards<M, K>,
): (value: unknown) => value is M {
  return (value: unknown): value is M => {
    if (!isPlainRecord(value)) return false;
    const variant = own(value, key);
    if (typeof variant !== 'string' || !Object.prototype.hasOwnProperty.call(guards, variant)) return false;
    return guards[variant as M[K]](value);
  };
}

export function isBoolean(value: unknown): value is boolean {
  return typeof value === 'boolean';
}

/** A finite number (NaN and ±Infinity do not survive JSON and mean nothing in a configuration). */
export function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/** A safe integer in [min, max]. */
export function isIntegerIn(value: unknown, min: number, max: number): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= min && value <= max;
}

/** A finite number in [min, max]. */
export function isNumberIn(value: unknown, min: number, max: number): value is number {
  return isFiniteNumber(value) && value >= min && value <= max;
}

/** A string of at most `maxLength` UTF-16 units. */
export function isBoundedString(value: unknown, maxLength: number): value is string {
  return typeof value === 'string' && value.length <= maxLength;
}

/** One of a fixed set of strings. */
export function isOneOf<T extends string>(value: unknown, choices: readonly T[]): value is T {
  return typeof value === 'string' && (choices as readonly string[]).includes(value);
}

/** A real array (not array-like) of at most `maxLength` items, each accepted by `item`. Checks the length before any item. */
export function isArrayOf<T>(value: unknown, maxLength: number, item: (v: unknown) => v is T): value is T[] {
  if (!Array.isArray(value) || value.length > maxLength) return false;
  for (let i = 0; i < value.length; i++) {
    if (!Object.prototype.hasOwnProperty.call(value, i) || !item(value[i])) return false;
  }
  return true;
}

/** Request ids are positive safe integers, so they survive the JSON round trip exactly. */
export function isRequestId(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value > 0;
}

/** A number, or null standing for a value JSON cannot carry (NaN, ±∞) or that does not apply. */
export function isNumberOrNull(value: unknown): value is number | null {
  return value === null || isFiniteNumber(value);
}
