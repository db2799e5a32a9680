/**
 * `node:assert/strict` for the shared extension-host suites when they run in the web worker host,
 * where Node's `assert` does not exist (and its npm port needs a `process`). The build aliases the
 * module to this file; it has the functions those suites call, with strict semantics: `equal` is
 * `Object.is` (as assert/strict), `deepEqual` compares own enumerable properties, arrays, Maps, Sets,
 * Dates, RegExps and typed arrays recursively with `Object.is` at the leaves.
 */

export class AssertionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'AssertionError';
  }
}

function show(value: unknown): string {
  try {
    const text = typeof value === 'string' ? JSON.stringify(value) : (JSON.stringify(value) ?? String(value));
    return text.length > 400 ? `${text.slice(0, 400)}…` : text;
  } catch {
    return String(value);
  }
}

function raise(message: string | Error | undefined, fallback: string): never {
  if (message instanceof Error) throw message;
  throw new AssertionError(message !== undefined ? `${message}\n${fallback}` : fallback);
}

export function ok(value: unknown, message?: string | Error): asserts value {
  if (!value) raise(message, `expected a truthy value, got ${show(value)}`);
}

export function equal<T>(actual: unknown, expected: T, message?: string | Error): asserts actual is T {
  if (!Object.is(actual, expected)) raise(message, `expected ${show(expected)}, got ${show(actual)}`);
}

export const strictEqual = equal;

export function notEqual(actual: unknown, expected: unknown, message?: string | Error): void {
  if (Object.is(actual, expected)) raise(message, `expected a value other than ${show(expected)}`);
}

function deepEquals(a: unknown, b: unknown, seen: Map<object, object>): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
  if (seen.get(a) === b) return true;
  seen.set(a, b);
  if (a instanceof Date) return a.getTime() === (b as Date).getTime();
  if (a instanceof RegExp) return String(a) === String(b);
  if (ArrayBuffer.isView(a)) {
    const x = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
    const y = new Uint8Array((b as ArrayBufferView).buffer, (b as ArrayBufferView).byteOffset, (b as ArrayBufferView).byteLength);
    return x.length === y.length && x.every((v, i) => v === y[i]);
  }
  if (a instanceof Map) {
    const m = b as Map<unknown, unknown>;
    if (a.size !== m.size) return false;
    for (const [k, v] of a) if (!m.has(k) || !deepEquals(v, m.get(k), seen)) return false;
    return true;
  }
  if (a instanceof Set) {
    const s = b as Set<unknown>;
    return a.size === s.size && [...a].every((v) => s.has(v));
  }
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  for (const k of ka) {
    if (!Object.prototype.hasOwnProperty.call(b, k)) return false;
    if (!deepEquals((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], seen)) return false;
  }
  return true;
}

export function deepEqual<T>(actual: unknown, expected: T, message?: string | Error): asserts actual is T {
  if (!deepEquals(actual, expected, new Map())) raise(message, `expected ${show(expected)}, got ${show(actual)}`);
}

export const deepStrictEqual = deepEqual;

export function match(text: string, pattern: RegExp, message?: string | Error): void {
  if (typeof text !== 'string' || !pattern.test(text)) raise(message, `${show(text)} does not match ${String(pattern)}`);
}

export function doesNotMatch(text: string, pattern: RegExp, message?: string | Error): void {
  if (typeof text !== 'string' || pattern.test(text)) raise(message, `${show(text)} matches ${String(pattern)}`);
}

export function fail(message?: string | Error): never {
  raise(message, 'failed');
}

function errorMatches(error: unknown, expected: RegExp | ((e: unknown) => boolean) | undefined): boolean {
  if (expected === undefined) return true;
  if (expected instanceof RegExp) return expected.test(error instanceof Error ? error.message : String(error));
  return expected(error);
}

export async function rejects(
  promise: Promise<unknown> | (() => Promise<unknown>),
  expected?: RegExp | ((e: unknown) => boolean),
  message?: string,
): Promise<void> {
  try {
    await (typeof promise === 'function' ? promise() : promise);
  } catch (e) {
    if (!errorMatches(e, expected)) raise(message, `rejected with ${String(e)}, which does not match ${String(expected)}`);
    return;
  }
  raise(message, 'expected a rejection');
}

export function throws(fn: () => unknown, expected?: RegExp | ((e: unknown) => boolean), message?: string): void {
  try {
    fn();
  } catch (e) {
    if (!errorMatches(e, expected)) raise(message, `threw ${String(e)}, which does not match ${String(expected)}`);
    return;
  }
  raise(message, 'expected a throw');
}
