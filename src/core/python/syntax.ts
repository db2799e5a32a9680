/**
 * Syntax questions over a token stream: dotted name chains, what owns a parenthesis (a call, a def,
 * a class), the arguments of a call, and where a value sits (keyword argument, parameter default,
 * assignment, dict entry, positional argument).
 */
import { evaluateTokens, litToValue, pyTypeOf, type Lit, type PyValue } from './literal';
import {
  CH_COLON,
  CH_COMMA,
  CH_DOT,
  CH_EQUALS,
  CH_LBRACE,
  CH_LBRACKET,
  CH_LPAREN,
  CH_RBRACE,
  CH_RBRACKET,
  CH_RPAREN,
  CH_SEMI,
  CH_STAR,
  OP_POW,
  TK_NAME,
  TK_NEWLINE,
  TK_STRING,
  bracketEnd,
  isName,
  isStatementStart,
  tokenText,
  type TokenStream,
} from './tokenizer';
import type { ArgumentInfo, InitializerContext } from './types';

/** Python keywords that can stand before a parenthesis without making it a call. */
const NON_CALLEE_KEYWORDS = new Set([
  'if',
  'elif',
  'while',
  'return',
  'and',
  'or',
  'not',
  'in',
  'is',
  'lambda',
  'yield',
  'await',
  'assert',
  'del',
  'else',
  'for',
  'import',
  'with',
  'as',
  'except',
  'raise',
  'case',
  'match',
]);

/** First and last token of the dotted name chain (`a.b.c`) that contains NAME token i. */
export function chainBounds(ts: TokenStream, i: number): [number, number] {
  let first = i;
  while (first >= 2 && ts.op[first - 1] === CH_DOT && ts.kind[first - 2] === TK_NAME) first -= 2;
  let last = i;
  while (last + 2 < ts.count && ts.op[last + 1] === CH_DOT && ts.kind[last + 2] === TK_NAME) last += 2;
  return [first, last];
}

export function chainNames(ts: TokenStream, first: number, last: number): string[] {
  const names: string[] = [];
  for (let j = first; j <= last; j += 2) names.push(tokenText(ts, j));
  return names;
}

export interface Owner {
  readonly kind: 'call' | 'def' | 'class' | 'other';
  /** The callee (or function / class) name chain; empty when the callee is an expression (`f()(x)`). */
  readonly names: readonly string[];
  /** First token of the callee chain, or the parenthesis itself. */
  readonly first: number;
}

/** What the parenthesis at `open` belongs to. */
export function ownerOf(ts: TokenStream, open: number): Owner {
  const p = open - 1;
  if (p < 0 || ts.op[open] !== CH_LPAREN) return { kind: 'other', names: [], first: open };
  if (ts.kind[p] === TK_NAME) {
    if (NON_CALLEE_KEYWORDS.has(tokenText(ts, p))) return { kind: 'other', names: [], first: open };
    const [first, last] = chainBounds(ts, p);
    if (last !== p) return { kind: 'other', names: [], first: open };
    const names = chainNames(ts, first, last);
    if (isName(ts, first - 1, 'def')) return { kind: 'def', names, first };
    if (isName(ts, first - 1, 'class')) return { kind: 'class', names, first };
    return { kind: 'call', names, first };
  }
  const o = ts.op[p];
  if (o === CH_RPAREN || o === CH_RBRACKET) return { kind: 'call', names: [], first: open };
  return { kind: 'other', names: [], first: open };
}

/** One argument of a call, with the token indices behind it. */
export interface RawArgument {
  readonly info: ArgumentInfo;
  readonly first: number;
  readonly valueFirst: number;
  /** Exclusive end token of the argument. */
  readonly end: number;
  readonly lit: Lit | undefined;
  /** The name used in `args` / `nonLiteral`: the parameter, `*args`, `**kwargs`, or `#i` beyond the signature. */
  readonly key: string;
}

/** The top-level comma-separated items of the bracket opened at `open`: [first, end) token pairs. */
export function bracketItems(ts: TokenStream, open: number): Array<[number, number]> {
  const end = bracketEnd(ts, open);
  const items: Array<[number, number]> = [];
  let a = open + 1;
  let b = a;
  while (b < end) {
    const o = ts.op[b];
    if (o === CH_COMMA && ts.parent[b] === open) {
      if (b > a) items.push([a, b]);
      a = b + 1;
      b = a;
      continue;
    }
    if ((o === CH_LPAREN || o === CH_LBRACKET || o === CH_LBRACE) && ts.match[b] > b) {
      b = ts.match[b] + 1;
      continue;
    }
    if ((o === CH_LPAREN || o === CH_LBRACKET || o === CH_LBRACE) && ts.match[b] < 0) {
      // An unclosed bracket inside runs to the end of this one.
      b = end;
      continue;
    }
    b++;
  }
  if (end > a) items.push([a, end]);
  return items;
}

function rangeText(ts: TokenStream, first: number, end: number): string {
  if (end <= first) return '';
  return ts.text.slice(ts.start[first], ts.end[end - 1]);
}

/** The arguments of the call whose parenthesis is at `open`, positional ones named by `positional`. */
export function callArguments(ts: TokenStream, open: number, positional: readonly string[]): RawArgument[] {
  const out: RawArgument[] = [];
  let positionalIndex = 0;
  const items = bracketItems(ts, open);
  for (let position = 0; position < items.length; position++) {
    const [a, b] = items[position];
    const o = ts.op[a];
    let name: string | undefined;
    let keyword = false;
    let unpacked = false;
    let valueFirst = a;
    let key: string;
    if (o === CH_STAR || o === OP_POW) {
      unpacked = true;
      valueFirst = a + 1;
      key = o === CH_STAR ? '*args' : '**kwargs';
    } else if (ts.kind[a] === TK_NAME && a + 1 < b && ts.op[a + 1] === CH_EQUALS) {
      name = tokenText(ts, a);
      keyword = true;
      valueFirst = a + 2;
      key = name;
    } else {
      name = positional[positionalIndex];
      key = name ?? `#${position}`;
      positionalIndex++;
    }
    const lit = unpacked || valueFirst >= b ? undefined : evaluateTokens(ts, valueFirst, b);
    const valueStart = valueFirst < b ? ts.start[valueFirst] : ts.end[b - 1];
    const valueEnd = ts.end[b - 1];
    const info: ArgumentInfo = {
      name,
      keyword,
      position,
      unpacked,
      range: { start: ts.start[a], end: ts.end[b - 1] },
      valueRange: { start: valueStart, end: Math.max(valueStart, valueEnd) },
      valueText: rangeText(ts, valueFirst, b),
      literal: lit !== undefined,
      ...(lit !== undefined ? { value: litToValue(lit), type: pyTypeOf(lit) } : {}),
    };
    out.push({ info, first: a, valueFirst, end: b, lit, key });
  }
  return out;
}

/** Literal arguments by name, and the names of those that are not literals. */
export function splitArguments(args: readonly RawArgument[]): { args: Record<string, PyValue>; nonLiteral: string[] } {
  const lits: Record<string, PyValue> = {};
  const nonLiteral: string[] = [];
  for (const a of args) {
    if (a.lit === undefined || a.info.unpacked) nonLiteral.push(a.key);
    // defineProperty for `__proto__`, so that such a keyword stays an ordinary key.
    else if (a.key === '__proto__') {
      Object.defineProperty(lits, a.key, { value: litToValue(a.lit), enumerable: true, writable: true, configurable: true });
    } else lits[a.key] = litToValue(a.lit);
  }
  return { args: lits, nonLiteral };
}

/** Whether token j ends a value slot (so the value before it is a whole argument / right side). */
function endsSlot(ts: TokenStream, j: number): boolean {
  if (j >= ts.count) return true;
  if (ts.kind[j] === TK_NEWLINE) return true;
  const o = ts.op[j];
  if (o === CH_COMMA || o === CH_RPAREN || o === CH_RBRACKET || o === CH_RBRACE || o === CH_SEMI) return true;
  return isName(ts, j, 'if') || isName(ts, j, 'else') || isName(ts, j, 'or');
}

/**
 * Walks back from token i over its own bracket level to the token that starts the slot
 * (`=`, `:`, `,`, the opening bracket, or a statement boundary). Returns that token's index or -1.
 */
function slotBoundaryBefore(ts: TokenStream, i: number): number {
  const level = ts.parent[i];
  let j = i - 1;
  while (j >= 0) {
    const o = ts.op[j];
    if (ts.kind[j] === TK_NEWLINE) return j;
    if ((o === CH_RPAREN || o === CH_RBRACKET || o === CH_RBRACE) && ts.match[j] >= 0 && ts.parent[j] === level) {
      j = ts.match[j] - 1;
      continue;
    }
    if (j === level) return j; // the opening bracket
    if (
      ts.parent[j] === level &&
      (o === CH_EQUALS || o === CH_COMMA || o === CH_SEMI || (o === CH_COLON && level >= 0 && ts.op[level] === CH_LBRACE))
    ) {
      return j;
    }
    if (ts.parent[j] !== level && ts.parent[j] < level) return j;
    j--;
  }
  return -1;
}

/** Index of the first token of the logical line containing token i. */
export function statementStartOf(ts: TokenStream, i: number): number {
  let j = i;
  while (j > 0 && !isStatementStart(ts, j)) j--;
  return j;
}

/** Where a value sits, plus the bracket that owns it (for keyword and positional arguments). */
export interface ValueSite {
  readonly context: InitializerContext;
  /** The call's opening parenthesis for keyword/positional arguments, else -1. */
  readonly open: number;
}

/** The decoded key of a dict entry whose `:` is at `colon`, when the key is a plain string. */
function dictKeyBefore(ts: TokenStream, colon: number): string | undefined {
  let k = colon - 1;
  while (k - 1 >= 0 && ts.kind[k - 1] === TK_STRING) k--;
  if (ts.kind[k] !== TK_STRING) return undefined;
  const lit = evaluateTokens(ts, k, colon);
  return lit !== undefined && lit.t === 'str' ? lit.v : undefined;
}

/**
 * Where the expression spanning tokens [first, last] sits, or undefined when it is not a whole
 * keyword value, parameter default, assignment right side, dict value or positional argument
 * (`requireEnd` false: only its start is checked).
 */
export function valueSite(ts: TokenStream, first: number, last: number, requireEnd = true): ValueSite | undefined {
  // Completion asks about a string still being typed, which need not end its slot yet.
  if (requireEnd && !endsSlot(ts, last + 1)) return undefined;
  let prev = first - 1;
  if (prev < 0) return undefined;
  if (isName(ts, prev, 'else') || isName(ts, prev, 'or')) {
    // `kernel_initializer="a" if c else "b"`: the branch sits where the whole conditional sits.
    prev = slotBoundaryBefore(ts, prev);
    if (prev < 0) return undefined;
  }
  if (ts.op[prev] === CH_LPAREN && isGrouping(ts, prev)) {
    // `kernel_initializer=("he_normal")`: parentheses only group; the group sits where the value would.
    const close = ts.match[prev];
    return close >= 0 ? valueSite(ts, prev, close, requireEnd) : undefined;
  }
  const o = ts.op[prev];
  const level = ts.parent[prev];
  if (o === CH_EQUALS) {
    if (level === -1) return assignmentSite(ts, prev);
    if (ts.op[level] !== CH_LPAREN) return undefined;
    const owner = ownerOf(ts, level);
    const slotStart = slotBoundaryBefore(ts, prev) + 1;
    if (owner.kind === 'def') {
      let p = slotStart;
      if (ts.op[p] === CH_STAR || ts.op[p] === OP_POW) p++;
      if (ts.kind[p] !== TK_NAME) return undefined;
      return {
        context: { kind: 'parameterDefault', parameter: tokenText(ts, p), function: owner.names.join('.') },
        open: -1,
      };
    }
    if (owner.kind === 'call' && ts.kind[slotStart] === TK_NAME && slotStart + 1 === prev) {
      return { context: { kind: 'keyword', keyword: tokenText(ts, slotStart), call: owner.names.join('.') }, open: level };
    }
    return undefined;
  }
  if (o === CH_COLON && level >= 0 && ts.op[level] === CH_LBRACE) {
    const key = dictKeyBefore(ts, prev);
    return key === undefined ? undefined : { context: { kind: 'dictEntry', key }, open: -1 };
  }
  if (o === CH_COMMA || (o === CH_LPAREN && prev === first - 1)) {
    const open = o === CH_LPAREN ? prev : level;
    if (open < 0 || ts.op[open] !== CH_LPAREN) return undefined;
    const owner = ownerOf(ts, open);
    if (owner.kind !== 'call') return undefined;
    // Positional index: the commas before `first` at the call's level.
    let index = 0;
    let j = open + 1;
    while (j < first) {
      if (ts.op[j] === CH_COMMA && ts.parent[j] === open) index++;
      if (ts.match[j] > j) j = ts.match[j];
      j++;
    }
    // A keyword before it means the slot is not positional (a syntax error in Python anyway).
    return { context: { kind: 'positional', index, call: owner.names.join('.'), parameter: undefined }, open };
  }
  return undefined;
}

/** Whether the parenthesis at `open` only groups an expression (not a call, a tuple or a generator). */
function isGrouping(ts: TokenStream, open: number): boolean {
  if (ownerOf(ts, open).kind !== 'other') return false;
  const end = bracketEnd(ts, open);
  for (let j = open + 1; j < end; j++) {
    if (ts.parent[j] === open && (ts.op[j] === CH_COMMA || isName(ts, j, 'for'))) return false;
    if (ts.match[j] > j) j = ts.match[j];
  }
  return true;
}

/** `target = value` at statement level (also `x: T = value` and chained `a = b = value`). */
function assignmentSite(ts: TokenStream, eq: number): ValueSite | undefined {
  const before = eq - 1;
  if (before < 0) return undefined;
  if (ts.kind[before] === TK_NAME) {
    const [first, last] = chainBounds(ts, before);
    if (last === before && ts.op[first - 1] !== CH_DOT && (isStatementStart(ts, first) || ts.op[first - 1] === CH_EQUALS)) {
      return { context: { kind: 'assignment', target: chainNames(ts, first, last).join('.') }, open: -1 };
    }
  }
  // Annotated assignment: the statement starts with `name :`.
  const s = statementStartOf(ts, eq);
  if (ts.kind[s] === TK_NAME) {
    const [first, last] = chainBounds(ts, s);
    if (ts.op[last + 1] === CH_COLON && last + 1 < eq) {
      return { context: { kind: 'assignment', target: chainNames(ts, first, last).join('.') }, open: -1 };
    }
  }
  return undefined;
}

/** Whether a parameter or key name is an initializer slot: `initializer` or `*_initializer`. */
export function isInitializerName(name: string | undefined): boolean {
  return name !== undefined && (name === 'initializer' || name.endsWith('_initializer'));
}

/** The last component of a dotted name. */
export function lastComponent(dotted: string): string {
  const k = dotted.lastIndexOf('.');
  return k < 0 ? dotted : dotted.slice(k + 1);
}
