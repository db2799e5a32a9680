/**
 * The few assertions the web suite needs. Node's `assert` does not exist in the web worker extension
 * host (and its npm port needs a `process`); these throw plain Errors whose messages say what differed.
 */
export function ok(value: unknown, message: string): asserts value {
  if (!value) throw new Error(message);
}

export function equal<T>(actual: T, expected: T, message: string): void {
  if (actual !== expected) throw new Error(`${message}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
}

export function match(text: string, pattern: RegExp, message: string): void {
  if (!pattern.test(text)) throw new Error(`${message}: ${JSON.stringify(text.slice(0, 400))} does not match ${String(pattern)}`);
}

export async function waitFor<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
