/**
 * Python-style text for values that appear in Keras's messages, so that errors read exactly as
 * Keras prints them: `repr(float)`, tuples for shapes, dict/list/str reprs, set literals.
 */

/**
 * `repr(x)` of a Python float: the shortest round-trip digits (as JS), in fixed notation when the
 * decimal exponent is in [-4, 16), otherwise `d.ddde±XX` (CPython `float_repr_style = 'short'`).
 */
export function pyFloatRepr(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (x === Infinity) return 'inf';
  if (x === -Infinity) return '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const sign = x < 0 ? '-' : '';
  // toExponential() without an argument yields the shortest digits that round-trip.
  const [mantissa, expText] = Math.abs(x).toExponential().split('e');
  const digits = mantissa.replace('.', '');
  const exp = Number(expText);
  if (exp < -4 || exp >= 16) {
    const frac = digits.length > 1 ? `.${digits.slice(1)}` : '';
    const expSign = exp < 0 ? '-' : '+';
    return `${sign}${digits[0]}${frac}e${expSign}${String(Math.abs(exp)).padStart(2, '0')}`;
  }
  if (exp < 0) return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`;
  const intPart = digits.slice(0, exp + 1).padEnd(exp + 1, '0');
  const fracPart = digits.slice(exp + 1);
  return `${sign}${intPart}.${fracPart.length > 0 ? fracPart : '0'}`;
}

/** `repr(n)` of a Python int held in a JS number (exact digits even beyond 2**53). */
export function pyIntRepr(n: number): string {
  return Number.isSafeInteger(n) ? String(n) : BigInt(n).toString();
}

/** `repr(s)` of a Python str: single quotes unless the text holds a `'` and no `"`. */
export function pyStrRepr(s: string): string {
  const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
  let out = '';
  for (const ch of s) {
    const code = ch.codePointAt(0) ?? 0;
    if (ch === '\\') out += '\\\\';
    else if (ch === quote) out += `\\${quote}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (code < 0x20 || code === 0x7f) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else out += ch;
  }
  return quote + out + quote;
}

/**
 * `repr()` of a JSON-like value as Python would print the equivalent object (dict, list, str,
 * None, True/False). JS numbers carry no int/float distinction: integral values print as ints.
 */
export function pyRepr(value: unknown): string {
  if (value === null || value === undefined) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'number') return Number.isInteger(value) ? pyIntRepr(value) : pyFloatRepr(value);
  if (typeof value === 'bigint') return value.toString();
  if (typeof value === 'string') return pyStrRepr(value);
  if (Array.isArray(value)) return `[${value.map(pyRepr).join(', ')}]`;
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) {
    return `array([${Array.from(value as unknown as ArrayLike<number>, (v) => pyRepr(v)).join(', ')}])`;
  }
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    return `{${entries.map(([k, v]) => `${pyStrRepr(k)}: ${pyRepr(v)}`).join(', ')}}`;
  }
  return String(value);
}

/** `str(x)` as an f-string prints it: strings bare, everything else as `repr`. */
export function pyStr(value: unknown): string {
  return typeof value === 'string' ? value : pyRepr(value);
}

/** A shape printed as the Python tuple Keras received: `(3, 3, 3)`, `(5,)`, `()`. */
export function pyShape(shape: readonly number[]): string {
  if (shape.length === 1) return `(${pyIntRepr(shape[0])},)`;
  return `(${shape.map(pyIntRepr).join(', ')})`;
}

/** A Python set literal of strings, e.g. `{'fan_in', 'fan_out', 'fan_avg'}`. */
export function pySet(items: readonly string[]): string {
  return `{${items.map(pyStrRepr).join(', ')}}`;
}
