/**
 * A safe evaluator for Python literals and constant expressions over a token range: numbers,
 * strings (all prefixes, implicit concatenation), None/True/False, tuples and lists, and the
 * arithmetic operators + - * / // % ** (unary + - ~), with Python's semantics. Nothing is executed.
 */
import { assertNever } from '../assertNever';
import {
  CH_COMMA,
  CH_LBRACKET,
  CH_LPAREN,
  CH_MINUS,
  CH_PERCENT,
  CH_PLUS,
  CH_RBRACKET,
  CH_RPAREN,
  CH_SLASH,
  CH_STAR,
  CH_TILDE,
  CH_DOT,
  OP_FLOORDIV,
  OP_POW,
  TK_NAME,
  TK_NUMBER,
  TK_STRING,
  type TokenStream,
} from './tokenizer';

/** A Python literal value: int/float → number, str → string, bool, None → null, tuple/list → array. */
export type PyValue = number | string | boolean | null | readonly PyValue[];

/** The Python type of a literal, so callers can tell `1` from `1.0` (Keras rejects `seed=1.0`). */
export type PyType = 'int' | 'float' | 'bool' | 'str' | 'None' | 'tuple' | 'list';

export type Lit =
  | { readonly t: 'int' | 'float' | 'bool'; readonly v: number }
  | { readonly t: 'str'; readonly v: string }
  | { readonly t: 'None' }
  | { readonly t: 'tuple' | 'list'; readonly items: readonly Lit[] };

export function litToValue(l: Lit): PyValue {
  switch (l.t) {
    case 'int':
    case 'float':
      return l.v;
    case 'bool':
      return l.v !== 0;
    case 'str':
      return l.v;
    case 'None':
      return null;
    case 'tuple':
    case 'list':
      return l.items.map(litToValue);
    default:
      return assertNever(l);
  }
}

/** Parts of a string token: its lower-cased prefix, quote length and content offsets. */
export interface StringParts {
  readonly prefix: string;
  readonly quoteLength: number;
  readonly contentStart: number;
  readonly contentEnd: number;
  readonly terminated: boolean;
}

export function stringParts(text: string, start: number, end: number): StringParts {
  let q = start;
  while (q < end && text.charCodeAt(q) !== 39 && text.charCodeAt(q) !== 34) q++;
  const prefix = text.slice(start, q).toLowerCase();
  const quote = text.charCodeAt(q);
  const quoteLength = text.charCodeAt(q + 1) === quote && text.charCodeAt(q + 2) === quote && end - q >= 3 ? 3 : 1;
  const contentStart = Math.min(q + quoteLength, end);
  let terminated = false;
  let contentEnd = end;
  if (end - contentStart >= quoteLength) {
    let closes = true;
    for (let k = 1; k <= quoteLength; k++) if (text.charCodeAt(end - k) !== quote) closes = false;
    // A lone closing quote right after the opening one is the empty string "", not an unterminated one.
    if (closes && !isEscaped(text, end - quoteLength, contentStart)) {
      terminated = true;
      contentEnd = end - quoteLength;
    }
  }
  return { prefix, quoteLength, contentStart, contentEnd, terminated };
}

/** Whether the character at `pos` is preceded by an odd number of backslashes (after `from`). */
function isEscaped(text: string, pos: number, from: number): boolean {
  let k = pos - 1;
  let count = 0;
  while (k >= from && text.charCodeAt(k) === 92) {
    count++;
    k--;
  }
  return count % 2 === 1;
}

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  '\\': '\\',
  "'": "'",
  '"': '"',
  a: '\x07',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
};

/**
 * The value of one string token, or undefined for bytes, for f-strings with replacement fields and
 * for escapes this reader does not decode (\N{...}). Python's escape rules for str literals.
 */
export function decodeString(text: string, start: number, end: number): string | undefined {
  const p = stringParts(text, start, end);
  if (p.prefix.includes('b')) return undefined;
  const raw = p.prefix.includes('r');
  const fmt = p.prefix.includes('f') || p.prefix.includes('t');
  const body = text.slice(p.contentStart, p.contentEnd);
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (fmt && (c === '{' || c === '}')) {
      if (body[i + 1] === c) {
        out += c;
        i++;
        continue;
      }
      return undefined; // a replacement field: not a constant
    }
    if (c !== '\\') {
      out += c;
      continue;
    }
    const d = body[i + 1];
    if (d === undefined) {
      out += c;
      continue;
    }
    if (raw) {
      out += c + d;
      i++;
      continue;
    }
    if (d === '\n') {
      i++;
      continue;
    }
    if (d === '\r') {
      i += body[i + 2] === '\n' ? 2 : 1;
      continue;
    }
    const simple = SIMPLE_ESCAPES[d];
    if (simple !== undefined) {
      out += simple;
      i++;
      continue;
    }
    if (d >= '0' && d <= '7') {
      let j = i + 1;
      while (j < body.length && j < i + 4 && body[j] >= '0' && body[j] <= '7') j++;
      out += String.fromCharCode(parseInt(body.slice(i + 1, j), 8));
      i = j - 1;
      continue;
    }
    const hexLength = d === 'x' ? 2 : d === 'u' ? 4 : d === 'U' ? 8 : 0;
    if (hexLength > 0) {
      const hex = body.slice(i + 2, i + 2 + hexLength);
      if (hex.length !== hexLength || !/^[0-9a-fA-F]+$/.test(hex)) return undefined;
      const cp = parseInt(hex, 16);
      if (cp > 0x10ffff) return undefined;
      out += String.fromCodePoint(cp);
      i += 1 + hexLength;
      continue;
    }
    if (d === 'N') return undefined;
    out += c + d; // unknown escapes keep their backslash
    i++;
  }
  return out;
}

/** Python's int/float value of a number token, or undefined for complex literals. */
export function parseNumber(src: string): Lit | undefined {
  const s = src.replace(/_/g, '');
  const last = s[s.length - 1];
  if (last === 'j' || last === 'J') return undefined;
  const radix = /^0[xX]/.test(s) ? 16 : /^0[oO]/.test(s) ? 8 : /^0[bB]/.test(s) ? 2 : 10;
  if (radix !== 10) {
    const digits = s.slice(2);
    const valid = radix === 16 ? /^[0-9a-fA-F]+$/ : radix === 8 ? /^[0-7]+$/ : /^[01]+$/;
    return valid.test(digits) ? { t: 'int', v: parseInt(digits, radix) } : undefined;
  }
  const v = Number(s);
  if (Number.isNaN(v)) return undefined;
  return /[.eE]/.test(s) ? { t: 'float', v } : { t: 'int', v };
}

type Num = { readonly t: 'int' | 'float' | 'bool'; readonly v: number };

function isNum(l: Lit | undefined): l is Num {
  return l !== undefined && (l.t === 'int' || l.t === 'float' || l.t === 'bool');
}

/** A number result; Python ints have no negative zero. */
function num(t: 'int' | 'float', v: number): Num | undefined {
  if (Number.isNaN(v)) return undefined;
  return t === 'int' ? { t, v: v + 0 } : { t, v };
}

/** Python float floor division and modulo (Objects/floatobject.c float_divmod). */
function floatDivmod(vx: number, wx: number): [number, number] {
  let mod = vx % wx; // C fmod
  let div = (vx - mod) / wx;
  if (mod !== 0) {
    if (wx < 0 !== mod < 0) {
      mod += wx;
      div -= 1.0;
    }
  } else {
    mod = wx < 0 ? -0 : 0;
  }
  let floordiv: number;
  if (div !== 0) {
    floordiv = Math.floor(div);
    if (div - floordiv > 0.5) floordiv += 1.0;
  } else {
    floordiv = vx / wx < 0 || Object.is(vx / wx, -0) ? -0 : 0;
  }
  return [floordiv, mod];
}

function bitLength(b: bigint): number {
  return b.toString(2).length;
}

/**
 * num / den * 2**exp2 (num, den > 0) rounded to the nearest double, ties to even, with subnormals:
 * the correctly rounded result that C's pow() gives for exactly representable powers.
 */
function ratioToDouble(num: bigint, den: bigint, exp2: number): number {
  const s = 55 - (bitLength(num) - bitLength(den)); // the quotient q gets 55 or 56 bits
  let q: bigint;
  let r: bigint;
  if (s >= 0) {
    const n2 = num << BigInt(s);
    q = n2 / den;
    r = n2 % den;
  } else {
    const d2 = den << BigInt(-s);
    q = num / d2;
    r = num % d2;
  }
  const e = exp2 - s; // value = (q + r / den') * 2**e
  const qb = bitLength(q);
  const top = qb - 1 + e; // exponent of the leading bit
  let drop = qb - 53;
  if (top < -1022) drop += -1022 - top; // subnormal: fewer bits survive
  const bigDrop = BigInt(drop);
  let kept = q >> bigDrop;
  const rest = q & ((1n << bigDrop) - 1n);
  const half = 1n << BigInt(drop - 1);
  if (rest > half || (rest === half && (r !== 0n || (kept & 1n) === 1n))) kept += 1n;
  return Number(kept) * 2 ** (e + drop);
}

/** A finite non-zero |x| as m * 2**e with an integer m (IEEE 754 binary64 fields). */
function decompose(x: number): [bigint, number] {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, Math.abs(x));
  const hi = view.getUint32(0);
  const lo = view.getUint32(4);
  const biased = (hi >>> 20) & 0x7ff;
  const m = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  return biased === 0 ? [m, -1074] : [m | (1n << 52n), biased - 1075];
}

/**
 * Python's `x ** y`. Ints with a non-negative exponent are exact (Python ints are unbounded); the
 * rest is C pow(), which is correctly rounded where the power has an integer exponent, so that case
 * is computed exactly with BigInt and rounded once (Math.pow is not correctly rounded: 10**-5).
 */
function pythonPow(x: number, y: number, ints: boolean): number {
  // Far beyond the double range the result is ±inf or 0 either way: skip the exact arithmetic.
  const scale = Math.abs(Math.log2(Math.abs(x)) * y);
  if (!Number.isFinite(x) || x === 0 || !(scale < 1100)) return Math.pow(x, y);
  if (Math.abs(y) > 4096) return Math.pow(x, y);
  if (ints && y >= 0) return Number(BigInt(x) ** BigInt(y));
  if (Number.isInteger(y)) {
    const [m, e] = decompose(x);
    const n = Math.abs(y);
    const mn = m ** BigInt(n);
    const magnitude = y >= 0 ? ratioToDouble(mn, 1n, e * y) : ratioToDouble(1n, mn, e * y);
    return x < 0 && n % 2 === 1 ? -magnitude : magnitude;
  }
  if (y === 0.5 && x >= 0) return Math.sqrt(x); // pow(x, 0.5) is the correctly rounded sqrt
  return Math.pow(x, y);
}

function binary(op: number, a: Lit, b: Lit): Lit | undefined {
  if (a.t === 'str' && b.t === 'str') return op === CH_PLUS ? { t: 'str', v: a.v + b.v } : undefined;
  if (!isNum(a) || !isNum(b)) return undefined;
  // bool is an int subclass in Python: True + 1 == 2.
  const ints = a.t !== 'float' && b.t !== 'float';
  const x = a.v;
  const y = b.v;
  switch (op) {
    case CH_PLUS:
      return num(ints ? 'int' : 'float', x + y);
    case CH_MINUS:
      return num(ints ? 'int' : 'float', x - y);
    case CH_STAR:
      return num(ints ? 'int' : 'float', x * y);
    case CH_SLASH:
      return y === 0 ? undefined : num('float', x / y); // true division (ZeroDivisionError on 0)
    case OP_FLOORDIV:
    case CH_PERCENT: {
      if (y === 0) return undefined;
      if (ints) {
        const q = Math.floor(x / y);
        const r = x - q * y;
        return num('int', op === OP_FLOORDIV ? q : r);
      }
      const [q, r] = floatDivmod(x, y);
      return num('float', op === OP_FLOORDIV ? q : r);
    }
    case OP_POW: {
      if (x === 0 && y < 0) return undefined; // ZeroDivisionError
      if (x < 0 && !Number.isInteger(y)) return undefined; // a complex result in Python
      return num(ints && y >= 0 ? 'int' : 'float', pythonPow(x, y, ints && y >= 0));
    }
    default:
      return undefined;
  }
}

/** Names usable in constant expressions, as numpy and math define them. */
const CONSTANTS: Readonly<Record<string, number>> = {
  'math.pi': Math.PI,
  'np.pi': Math.PI,
  'numpy.pi': Math.PI,
  'math.e': Math.E,
  'np.e': Math.E,
  'numpy.e': Math.E,
  'math.inf': Infinity,
  'np.inf': Infinity,
  'numpy.inf': Infinity,
};
const SQRT_FUNCTIONS = new Set(['math.sqrt', 'np.sqrt', 'numpy.sqrt']);

class Parser {
  pos: number;
  constructor(
    private readonly ts: TokenStream,
    from: number,
    private readonly limit: number,
  ) {
    this.pos = from;
  }

  private opAt(i: number): number {
    return i < this.limit ? this.ts.op[i] : -1;
  }

  expr(): Lit | undefined {
    let left = this.term();
    while (left !== undefined) {
      const o = this.opAt(this.pos);
      if (o !== CH_PLUS && o !== CH_MINUS) break;
      this.pos++;
      const right = this.term();
      if (right === undefined) return undefined;
      left = binary(o, left, right);
    }
    return left;
  }

  private term(): Lit | undefined {
    let left = this.factor();
    while (left !== undefined) {
      const o = this.opAt(this.pos);
      if (o !== CH_STAR && o !== CH_SLASH && o !== OP_FLOORDIV && o !== CH_PERCENT) break;
      this.pos++;
      const right = this.factor();
      if (right === undefined) return undefined;
      left = binary(o, left, right);
    }
    return left;
  }

  private factor(): Lit | undefined {
    const o = this.opAt(this.pos);
    if (o === CH_MINUS || o === CH_PLUS || o === CH_TILDE) {
      this.pos++;
      const operand = this.factor();
      if (!isNum(operand)) return undefined;
      const t = operand.t === 'float' ? 'float' : 'int';
      if (o === CH_MINUS) return num(t, -operand.v);
      if (o === CH_PLUS) return num(t, operand.v);
      return t === 'int' ? num('int', -operand.v - 1) : undefined; // ~x == -x - 1 for ints
    }
    return this.power();
  }

  private power(): Lit | undefined {
    const base = this.atom();
    if (base === undefined) return undefined;
    if (this.opAt(this.pos) === OP_POW) {
      this.pos++;
      // Python: the exponent is a unary expression (2**-1), and ** binds right to left.
      const exponent = this.factor();
      if (exponent === undefined) return undefined;
      return binary(OP_POW, base, exponent);
    }
    return base;
  }

  private atom(): Lit | undefined {
    const ts = this.ts;
    const i = this.pos;
    if (i >= this.limit) return undefined;
    const k = ts.kind[i];
    if (k === TK_NUMBER) {
      this.pos++;
      return parseNumber(ts.text.slice(ts.start[i], ts.end[i]));
    }
    if (k === TK_STRING) {
      let s = '';
      while (this.pos < this.limit && ts.kind[this.pos] === TK_STRING) {
        const part = decodeString(ts.text, ts.start[this.pos], ts.end[this.pos]);
        if (part === undefined) return undefined;
        s += part;
        this.pos++;
      }
      return { t: 'str', v: s };
    }
    if (k === TK_NAME) return this.name();
    const o = ts.op[i];
    if (o === CH_LPAREN || o === CH_LBRACKET) return this.display(o);
    return undefined;
  }

  private name(): Lit | undefined {
    const ts = this.ts;
    const first = ts.text.slice(ts.start[this.pos], ts.end[this.pos]);
    this.pos++;
    if (first === 'None') return { t: 'None' };
    if (first === 'True' || first === 'False') return { t: 'bool', v: first === 'True' ? 1 : 0 };
    let dotted = first;
    while (this.opAt(this.pos) === CH_DOT && this.pos + 1 < this.limit && ts.kind[this.pos + 1] === TK_NAME) {
      dotted += '.' + ts.text.slice(ts.start[this.pos + 1], ts.end[this.pos + 1]);
      this.pos += 2;
    }
    const constant = CONSTANTS[dotted];
    if (constant !== undefined) return { t: 'float', v: constant };
    if (this.opAt(this.pos) !== CH_LPAREN) return undefined;
    const isSqrt = SQRT_FUNCTIONS.has(dotted);
    if (!isSqrt && dotted !== 'float' && dotted !== 'int') return undefined;
    const close = ts.match[this.pos];
    if (close < 0 || close >= this.limit) return undefined;
    const inner = new Parser(ts, this.pos + 1, close);
    const arg = inner.expr();
    if (arg === undefined || inner.pos !== close) return undefined;
    this.pos = close + 1;
    if (isSqrt) return isNum(arg) && arg.v >= 0 ? num('float', Math.sqrt(arg.v)) : undefined;
    if (dotted === 'float') {
      if (isNum(arg)) return num('float', arg.v);
      if (arg.t !== 'str') return undefined;
      const s = arg.v.trim().toLowerCase().replace(/_/g, '');
      if (/^[+-]?(inf|infinity)$/.test(s)) return num('float', s.startsWith('-') ? -Infinity : Infinity);
      if (/^[+-]?nan$/.test(s)) return { t: 'float', v: NaN };
      return /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/.test(s) ? num('float', Number(s)) : undefined;
    }
    // int(): truncation toward zero for floats, base-10 parsing for strings.
    if (isNum(arg)) return Number.isFinite(arg.v) ? num('int', Math.trunc(arg.v)) : undefined;
    if (arg.t === 'str' && /^\s*[+-]?\d+\s*$/.test(arg.v)) return num('int', parseInt(arg.v, 10));
    return undefined;
  }

  /** `( )`, `(x)`, `(x,)`, `(x, y)`, `[x, y]`. */
  private display(o: number): Lit | undefined {
    const ts = this.ts;
    const close = ts.match[this.pos];
    if (close < 0 || close >= this.limit) return undefined;
    const closeOp = o === CH_LPAREN ? CH_RPAREN : CH_RBRACKET;
    if (ts.op[close] !== closeOp) return undefined;
    const items: Lit[] = [];
    let sawComma = false;
    const inner = new Parser(ts, this.pos + 1, close);
    while (inner.pos < close) {
      const item = inner.expr();
      if (item === undefined) return undefined;
      items.push(item);
      if (inner.pos === close) break;
      if (ts.op[inner.pos] !== CH_COMMA) return undefined;
      sawComma = true;
      inner.pos++;
    }
    this.pos = close + 1;
    if (o === CH_LBRACKET) return { t: 'list', items };
    if (items.length === 1 && !sawComma) return items[0]; // parentheses only group
    return { t: 'tuple', items };
  }
}

/** The literal value of tokens [from, to), or undefined when they are not one constant expression. */
export function evaluateTokens(ts: TokenStream, from: number, to: number): Lit | undefined {
  if (from >= to) return undefined;
  const p = new Parser(ts, from, to);
  const v = p.expr();
  return v !== undefined && p.pos === to ? v : undefined;
}

export function pyTypeOf(l: Lit): PyType {
  return l.t;
}
