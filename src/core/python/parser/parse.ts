/**
 * A tolerant recursive-descent Python parser over the core tokenizer's token stream. It never
 * throws: a statement it cannot read becomes an `Invalid` statement with a recorded problem, and
 * parsing resumes at the next statement indented no deeper than the broken one. One pass over the
 * tokens (each token is consumed once, skipped spans are walked once), so time is linear.
 *
 * Written for speed (a hover re-reads a 5,000-line file): binary operators are read by precedence
 * climbing over a table, keywords are classified once per token into a typed array, no closure is
 * created per call, and a syntax error does not throw. Instead the parser enters a failed state in
 * which every token looks like the end of the line, so each pending rule returns at once; the
 * innermost statement then records the problem and skips its text.
 */
import { decodeString, parseNumber } from '../literal';
import {
  CH_COLON,
  CH_COMMA,
  CH_DOT,
  CH_EQUALS,
  CH_LBRACE,
  CH_LBRACKET,
  CH_LPAREN,
  CH_MINUS,
  CH_PERCENT,
  CH_PLUS,
  CH_RBRACE,
  CH_RBRACKET,
  CH_RPAREN,
  CH_SEMI,
  CH_SLASH,
  CH_STAR,
  CH_TILDE,
  OP_ARROW,
  OP_AUGASSIGN,
  OP_ELLIPSIS,
  OP_EQ,
  OP_FLOORDIV,
  OP_GE,
  OP_LE,
  OP_NE,
  OP_POW,
  OP_SHIFT,
  OP_WALRUS,
  TK_NAME,
  TK_NEWLINE,
  TK_NUMBER,
  TK_STRING,
  tokenize,
  type TokenStream,
} from '../tokenizer';
import type {
  Argument,
  BinaryOperator,
  CompareOperator,
  Comprehension,
  ExceptHandler,
  Expr,
  ImportName,
  Module,
  Parameter,
  Stmt,
  SyntaxProblem,
  WithItem,
} from './ast';

// Local copies of the token codes: module-local constants are plain loads, whereas an imported
// binding may be a getter call per use when modules are compiled one by one (as tsx does).
const NAME = TK_NAME;
const NEWLINE = TK_NEWLINE;
const NUMBER = TK_NUMBER;
const STRING = TK_STRING;
const LPAREN = CH_LPAREN;
const RPAREN = CH_RPAREN;
const LBRACKET = CH_LBRACKET;
const RBRACKET = CH_RBRACKET;
const LBRACE = CH_LBRACE;
const RBRACE = CH_RBRACE;
const COLON = CH_COLON;
const COMMA = CH_COMMA;
const DOT = CH_DOT;
const EQUALS = CH_EQUALS;
const SEMI = CH_SEMI;
const STAR = CH_STAR;
const SLASH = CH_SLASH;
const PLUS = CH_PLUS;
const MINUS = CH_MINUS;
const TILDE = CH_TILDE;
const POW = OP_POW;
const ARROW = OP_ARROW;
const AUGASSIGN = OP_AUGASSIGN;
const ELLIPSIS = OP_ELLIPSIS;
const WALRUS = OP_WALRUS;
const SHIFT = OP_SHIFT;
const EQ = OP_EQ;
const NE = OP_NE;
const LE = OP_LE;
const GE = OP_GE;
const decode = decodeString;
const readNumber = parseNumber;
const CH_AT = 64;
const CH_AMP = 38;
const CH_PIPE = 124;
const CH_CARET = 94;
const CH_LT = 60;
const CH_GT = 62;

/** Python's keywords; a keyword's code in the parser is its index here plus one. */
const KEYWORD_LIST = [
  'False',
  'None',
  'True',
  'and',
  'as',
  'assert',
  'async',
  'await',
  'break',
  'class',
  'continue',
  'def',
  'del',
  'elif',
  'else',
  'except',
  'finally',
  'for',
  `from`,
  'global',
  'if',
  'import',
  'in',
  'is',
  'lambda',
  'nonlocal',
  'not',
  'or',
  'pass',
  'raise',
  'return',
  'try',
  'while',
  'with',
  'yield',
] as const;

const KEYWORDS: ReadonlySet<string> = new Set<string>(KEYWORD_LIST);

const KW_FALSE = 1;
const KW_NONE = 2;
const KW_TRUE = 3;
const KW_AND = 4;
const KW_AS = 5;
const KW_ASSERT = 6;
const KW_ASYNC = 7;
const KW_AWAIT = 8;
const KW_BREAK = 9;
const KW_CLASS = 10;
const KW_CONTINUE = 11;
const KW_DEF = 12;
const KW_DEL = 13;
const KW_ELIF = 14;
const KW_ELSE = 15;
const KW_EXCEPT = 16;
const KW_FINALLY = 17;
const KW_FOR = 18;
const KW_FROM = 19;
const KW_GLOBAL = 20;
const KW_IF = 21;
const KW_IMPORT = 22;
const KW_IN = 23;
const KW_IS = 24;
const KW_LAMBDA = 25;
const KW_NONLOCAL = 26;
const KW_NOT = 27;
const KW_OR = 28;
const KW_PASS = 29;
const KW_RAISE = 30;
const KW_RETURN = 31;
const KW_TRY = 32;
const KW_WHILE = 33;
const KW_WITH = 34;
const KW_YIELD = 35;

/** Keyword codes by their first two characters (`c0 << 7 | c1`): candidates to compare in full. */
const KW_BY_PREFIX: (readonly number[] | undefined)[] = (() => {
  // Dense from the start (assigning far indexes into an empty array would make a slow sparse one).
  const table: (number[] | undefined)[] = new Array<number[] | undefined>(1 << 14).fill(undefined);
  KEYWORD_LIST.forEach((w, i) => {
    const key = (w.charCodeAt(0) << 7) | w.charCodeAt(1);
    (table[key] ??= []).push(i + 1);
  });
  return table;
})();

/** The keyword code of each token (0 for a non-keyword or a non-name). */
function classifyKeywords(ts: TokenStream): Uint8Array {
  const out = new Uint8Array(ts.count);
  const { kind, start, end, text } = ts;
  for (let i = 0; i < ts.count; i++) {
    if (kind[i] !== NAME) continue;
    const s = start[i];
    const len = end[i] - s;
    if (len < 2 || len > 8) continue;
    const c0 = text.charCodeAt(s);
    const c1 = text.charCodeAt(s + 1);
    if (c0 >= 128 || c1 >= 128) continue;
    const candidates = KW_BY_PREFIX[(c0 << 7) | c1];
    if (candidates === undefined) continue;
    for (let k = 0; k < candidates.length; k++) {
      const w = KEYWORD_LIST[candidates[k] - 1];
      if (w.length === len && text.startsWith(w, s)) {
        out[i] = candidates[k];
        break;
      }
    }
  }
  return out;
}

/** Binding power of each binary operator code (0: not a binary operator); higher binds tighter. */
const BINARY_PRECEDENCE = new Uint8Array(512);
/** The operator of each binary operator code (`<<`/`>>` share one code and are told apart by text). */
const BINARY_OPERATOR: BinaryOperator[] = [];
for (const [code, prec, op] of [
  [CH_PIPE, 1, '|'],
  [CH_CARET, 2, '^'],
  [CH_AMP, 3, '&'],
  [SHIFT, 4, '<<'],
  [PLUS, 5, '+'],
  [MINUS, 5, '-'],
  [STAR, 6, '*'],
  [SLASH, 6, '/'],
  [OP_FLOORDIV, 6, '//'],
  [CH_PERCENT, 6, '%'],
  [CH_AT, 6, '@'],
] as const) {
  BINARY_PRECEDENCE[code] = prec;
  BINARY_OPERATOR[code] = op;
}

/** Deeper nesting than this is reported instead of risking the JavaScript stack. */
const MAX_DEPTH = 200;

// What one element of a comma-separated list is (instead of passing a closure per call).
/** `test` */
const ITEM_TEST = 0;
/** `*expr` (starred `test`) or `test`: assignment and return values. */
const ITEM_STAR_TEST = 1;
/** `*expr` (starred `bitOr`) or `namedTest`: tuple, list and set displays. */
const ITEM_STAR_NAMED = 2;
/** `*expr` or `bitOr`: `for` targets. */
const ITEM_TARGET = 3;
/** A subscript element: `a`, `a:b:c`, `*a`. */
const ITEM_SLICE = 4;

/** Slots of the name cache: direct-mapped by a hash of the name's characters, a collision replaces. */
const NAME_CACHE_SLOTS = 4096;
const nameCache: (string | undefined)[] = new Array<string | undefined>(NAME_CACHE_SLOTS).fill(undefined);
/**
 * Names shorter than this are cached; a longer slice of the text would be a view holding the whole
 * document (V8 makes views from 13 characters on), which the cache must not keep alive.
 */
const NAME_CACHE_MAX_LENGTH = 12;

/**
 * `text.slice(start, end)` for a name, shared between occurrences and between parses: a file names
 * the same few hundred identifiers thousands of times, and the tree is rebuilt on every edit.
 */
function internName(text: string, start: number, end: number): string {
  const length = end - start;
  if (length > NAME_CACHE_MAX_LENGTH) return text.slice(start, end);
  let h = length;
  for (let k = start; k < end; k++) h = (Math.imul(h, 31) + text.charCodeAt(k)) | 0;
  const slot = h & (NAME_CACHE_SLOTS - 1);
  const cached = nameCache[slot];
  if (cached !== undefined && cached.length === length && text.startsWith(cached, start)) return cached;
  const name = text.slice(start, end);
  nameCache[slot] = name;
  return name;
}

export function parseModule(text: string): Module {
  return new Parser(tokenize(text)).module();
}

/** `parseModule` reading every def's block at once (what the deferred reading must equal; for tests). */
export function parseModuleAtOnce(text: string): Module {
  return new Parser(tokenize(text), 0, undefined, false).module();
}

/**
 * A syntax problem, or the place where the problems of a def's block go once it is read: the
 * problems of a module are these in order, each block's expanded (so the order is the one a
 * parse that reads every block at once would give).
 */
type ProblemEntry = SyntaxProblem | LazyBlock;

/** The problem entries of each module built here (what `parseModuleAfterEdit` keeps of an old parse). */
const moduleEntries = new WeakMap<Module, readonly ProblemEntry[]>();

function moduleOf(body: Stmt[], entries: readonly ProblemEntry[]): Module {
  const module: Module = {
    body,
    get problems(): readonly SyntaxProblem[] {
      return expandProblems(entries, []);
    },
  };
  moduleEntries.set(module, entries);
  return module;
}

function expandProblems(entries: readonly ProblemEntry[], out: SyntaxProblem[]): SyntaxProblem[] {
  for (const e of entries) {
    if (e instanceof LazyBlock) expandProblems(e.read().entries, out);
    else out.push(e);
  }
  return out;
}

/**
 * The indented block of a def, read when its statements are first asked for. Most functions of a
 * file are never called by the model reader (data loading, training loops, plotting), and their
 * blocks are most of its tree: the parser only finds where such a block ends (the first logical
 * line indented no deeper than the def), which is exactly where reading it would end.
 */
class LazyBlock {
  private result: { readonly body: Stmt[]; readonly entries: readonly ProblemEntry[] } | undefined;

  constructor(
    private readonly ts: TokenStream,
    private readonly kw: Uint8Array,
    private readonly origin: number,
    /** The block's first token, and the indentation of its def. */
    private readonly first: number,
    private readonly indent: number,
    /** Where the block starts in the text. */
    readonly start: number,
  ) {}

  read(): { readonly body: Stmt[]; readonly entries: readonly ProblemEntry[] } {
    this.result ??= new Parser(this.ts, this.origin, this.kw).blockAt(this.first, this.indent);
    return this.result;
  }
}

/** The last text `parseModuleAfterEdit` read, and its tree. */
let lastParse: { readonly text: string; readonly module: Module } | undefined;

/**
 * `parseModule` for a document being edited (the model reader calls it on every change): the
 * top-level statements before the first changed character are taken from the previous parse, and
 * only the rest of the text is tokenized and parsed again. A statement is kept when the first line of
 * the statement after it is unchanged too (the parser looks at that line to end it: `else:`, a
 * decorated `def`...) and that statement starts its line. The result equals `parseModule(text)`.
 */
export function parseModuleAfterEdit(text: string): Module {
  const previous = lastParse;
  const module = (previous !== undefined ? reparse(previous.text, previous.module, text) : undefined) ?? parseModule(text);
  lastParse = { text, module };
  return module;
}

function reparse(before: string, old: Module, text: string): Module | undefined {
  if (before === text) return old;
  const oldEntries = moduleEntries.get(old);
  if (oldEntries === undefined) return undefined;
  const n = Math.min(before.length, text.length);
  let same = 0;
  while (same < n && before.charCodeAt(same) === text.charCodeAt(same)) same++;
  const body = old.body;
  // The last statement whose whole first line is unchanged and which starts its line: parsing resumes there.
  let resume = -1;
  for (let j = body.length - 1; j >= 1; j--) {
    const start = body[j].start;
    if (start >= same) continue;
    const previousChar = text.charCodeAt(start - 1);
    if (previousChar !== 10 && previousChar !== 13) continue;
    // not a continuation line (`\` at the end of the line before), and not after a statement the
    // parser gave up on (where such a statement ends can depend on the text after it)
    const lineBreak = previousChar === 10 && text.charCodeAt(start - 2) === 13 ? start - 2 : start - 1;
    if (text.charCodeAt(lineBreak - 1) === 92) continue;
    if (body[j - 1].type === 'Invalid') continue;
    // nor after a statement with a problem (one is reported at the token after it: `expected ':'`);
    // the problems inside a def's block do not count: the block ends where its indentation does
    const before = body[j - 1].start;
    if (oldEntries.some((p) => !(p instanceof LazyBlock) && p.start >= before && p.start <= start)) continue;
    const lineEnd = text.indexOf('\n', start);
    if (lineEnd < 0 || lineEnd >= same) continue;
    resume = j;
    break;
  }
  if (resume < 1) return undefined;
  const from = body[resume].start;
  const rest = new Parser(tokenize(text, from), from).module();
  const entries: ProblemEntry[] = [];
  for (const e of oldEntries) if (e.start < from) entries.push(e);
  for (const e of moduleEntries.get(rest) ?? []) entries.push(e);
  return moduleOf([...body.slice(0, resume), ...rest.body], entries);
}

/** Parses already tokenized text (callers that also use the tokens elsewhere). */
export function parseTokens(ts: TokenStream): Module {
  return new Parser(ts).module();
}

class Parser {
  private pos = 0;
  private depth = 0;
  private readonly problems: ProblemEntry[] = [];
  private readonly ts: TokenStream;
  private readonly text: string;
  private readonly count: number;
  private readonly kind: Uint8Array;
  private readonly op: Uint16Array;
  private readonly tstart: Int32Array;
  private readonly tend: Int32Array;
  private readonly parent: Int32Array;
  private readonly match: Int32Array;
  private readonly kw: Uint8Array;
  /**
   * Tokens at or after this index look like the end of the line: `count` normally, 0 after a
   * syntax error so that every pending rule returns at once (see `fail`).
   */
  private limit: number;
  private failed = false;
  private failAt = 0;
  private failMessage = '';
  /** First token of the simple statement being read (an error makes it Invalid from there). */
  private stmtFirst = 0;
  /** Where the parentheses around a grouped expression open: nodes it begins start there. */
  private groups: Map<Expr, number> | undefined;
  /**
   * The items of the lists being read (statements of a block, arguments, elements), innermost list
   * on top: a list is put here from a mark and taken off as an array of its exact length, so that the
   * tree holds no array grown by push (most lists hold one to three items; a grown array has room
   * for seventeen). Every rule returns (a syntax error only sets `failed`), so marks stay balanced.
   */
  private readonly scratch: unknown[] = [];
  private top = 0;

  /**
   * `origin`: the offset the tokens start from (a reparse after an edit starts mid-text); `kw`: the
   * keyword codes of the tokens when they are known already (a def's block read later).
   */
  constructor(
    ts: TokenStream,
    private readonly origin = 0,
    kw?: Uint8Array,
    /** Whether a def's indented block is read when first asked for (see `LazyBlock`). */
    private readonly deferBlocks = true,
  ) {
    this.ts = ts;
    this.text = ts.text;
    this.count = ts.count;
    this.kind = ts.kind;
    this.op = ts.op;
    this.tstart = ts.start;
    this.tend = ts.end;
    this.parent = ts.parent;
    this.match = ts.match;
    this.kw = kw ?? classifyKeywords(ts);
    this.limit = ts.count;
  }

  /** The block indented deeper than `indent` that starts at token `first` (a def's, read later). */
  blockAt(first: number, indent: number): { readonly body: Stmt[]; readonly entries: readonly ProblemEntry[] } {
    this.pos = first;
    return { body: this.block(indent), entries: this.problems };
  }

  module(): Module {
    const body = this.block(-1);
    // Anything left (a stray dedent below column 0 cannot happen; defensive) is skipped.
    while (this.pos < this.count) {
      const before = this.pos;
      const more = this.block(-1);
      for (let k = 0; k < more.length; k++) body.push(more[k]);
      if (this.pos === before) this.pos++;
    }
    return moduleOf(body, this.problems);
  }

  // ---- lists -------------------------------------------------------------------------------

  private put(item: unknown): void {
    this.scratch[this.top++] = item;
  }

  /** The items put since `mark`, as an array of their exact length; they leave the stack. */
  private take<T>(mark: number): T[] {
    const out = this.scratch.slice(mark, this.top) as T[];
    this.top = mark;
    return out;
  }

  // ---- token helpers -------------------------------------------------------------------------

  private start(i: number): number {
    return i < this.count ? this.tstart[i] : this.text.length;
  }

  private endOf(i: number): number {
    return i < this.count ? this.tend[i] : this.text.length;
  }

  /** End offset of the last consumed token. */
  private lastEnd(): number {
    return this.pos > 0 ? this.tend[this.pos - 1] : this.origin;
  }

  /** Whether the current token is the operator `code` (never true after a syntax error). */
  private isOp(code: number): boolean {
    return this.pos < this.limit && this.op[this.pos] === code;
  }

  private isOpAt(code: number, i: number): boolean {
    return i >= 0 && i < this.limit && this.op[i] === code;
  }

  /** The keyword code of the current token, 0 if it is not a keyword. */
  private keyword(): number {
    return this.pos < this.limit ? this.kw[this.pos] : 0;
  }

  private keywordAt(i: number): number {
    return i < this.limit ? this.kw[i] : 0;
  }

  /** The text of name token i: the same string object for the same short name (see `internName`). */
  private word(i: number): string {
    return internName(this.text, this.tstart[i], this.tend[i]);
  }

  private atLineEnd(): boolean {
    return this.pos >= this.limit || this.kind[this.pos] === NEWLINE;
  }

  /** The end of a simple statement: end of line, or `;` outside brackets. */
  private atStatementEnd(): boolean {
    return this.atLineEnd() || (this.op[this.pos] === SEMI && this.parent[this.pos] === -1);
  }

  private isClosingBracket(): boolean {
    if (this.pos >= this.limit) return false;
    const o = this.op[this.pos];
    return o === RPAREN || o === RBRACKET || o === RBRACE;
  }

  /** Whether a comprehension clause starts here: `for` or `async for`. */
  private atFor(): boolean {
    const k = this.keyword();
    return k === KW_FOR || (k === KW_ASYNC && this.keywordAt(this.pos + 1) === KW_FOR);
  }

  /**
   * Records a syntax error at the current token (the first one of the statement counts) and enters
   * the failed state; the statement being read is abandoned by `line`.
   */
  private fail(message: string): void {
    if (this.failed) return;
    this.failed = true;
    this.failAt = this.pos;
    this.failMessage = message;
    this.limit = 0;
  }

  /** Start of a node's source including grouping parentheses around it (`(a + b)`). */
  private startOf(node: Expr): number {
    const groups = this.groups;
    if (groups === undefined) return node.start;
    const g = groups.get(node);
    return g === undefined ? node.start : g;
  }

  private problem(start: number, end: number, message: string): void {
    if (!this.failed) this.problems.push({ start, end, message });
  }

  private invalid(): Expr {
    const at = this.start(this.pos);
    return { type: 'Invalid', start: at, end: at };
  }

  private expectOp(code: number, what: string): boolean {
    if (this.pos < this.limit && this.op[this.pos] === code) {
      this.pos++;
      return true;
    }
    this.fail(`expected '${what}'`);
    return false;
  }

  private expectName(): string {
    const i = this.pos;
    if (i >= this.limit || this.kind[i] !== NAME || this.kw[i] !== 0) {
      this.fail('expected a name');
      return '';
    }
    this.pos = i + 1;
    return this.word(i);
  }

  private skipToLineEnd(): void {
    this.pos = this.nextLine(this.pos);
  }

  /** The first token after the end of the logical line token `p` is on. */
  private nextLine(p: number): number {
    while (p < this.count && this.kind[p] !== NEWLINE) p++;
    return p < this.count ? p + 1 : p;
  }

  /** Column of token i within its physical line. */
  private column(i: number): number {
    const text = this.text;
    const s = this.tstart[i];
    let j = s;
    while (j > 0) {
      const c = text.charCodeAt(j - 1);
      if (c === 10 || c === 13) break;
      j--;
    }
    return s - j;
  }

  // ---- statements ----------------------------------------------------------------------------

  /** Statements of a block: logical lines indented deeper than `outerIndent`. */
  private block(outerIndent: number): Stmt[] {
    const mark = this.top;
    while (this.pos < this.limit) {
      if (this.kind[this.pos] === NEWLINE) {
        this.pos++;
        continue;
      }
      const indent = this.column(this.pos);
      if (indent <= outerIndent) break;
      this.line(indent);
    }
    return this.take(mark);
  }

  /** One logical line (and the block of a compound statement), put on the list being read. */
  private line(indent: number): void {
    const mark = this.top;
    const first = this.pos;
    const depth = this.depth;
    let invalidFrom = first;
    if (this.isOp(CH_AT) || this.isCompoundStart()) {
      const stmt = this.compound(indent);
      if (!this.failed) {
        this.put(stmt);
        return;
      }
      this.top = mark;
    } else {
      this.simpleStatements();
      if (!this.failed) return;
      invalidFrom = this.stmtFirst; // statements before it on the line were read and are kept
    }
    // The statement is broken: record the problem, skip its text and leave the failed state.
    const at = Math.min(this.failAt, this.count - 1);
    this.problems.push({ start: this.start(at), end: Math.max(this.endOf(at), this.start(at)), message: this.failMessage });
    this.failed = false;
    this.limit = this.count;
    this.pos = Math.max(this.failAt, first);
    this.skipToLineEnd();
    // Lines indented below the broken statement belong to it (its block): skip them too.
    while (this.pos < this.count && (this.kind[this.pos] === NEWLINE || this.column(this.pos) > indent)) {
      this.skipToLineEnd();
    }
    this.put({ type: 'Invalid', start: this.start(invalidFrom), end: this.lastEnd() });
    this.depth = depth;
  }

  private isCompoundStart(): boolean {
    switch (this.keyword()) {
      case KW_IF:
      case KW_WHILE:
      case KW_FOR:
      case KW_DEF:
      case KW_CLASS:
      case KW_WITH:
      case KW_TRY:
        return true;
      case KW_ASYNC: {
        const next = this.keywordAt(this.pos + 1);
        return next === KW_DEF || next === KW_FOR || next === KW_WITH;
      }
      default:
        return false;
    }
  }

  /** Simple statements up to the end of the line, separated by `;`, and the NEWLINE (put on the list). */
  private simpleStatements(): void {
    for (;;) {
      this.stmtFirst = this.pos;
      const stmt = this.simple();
      if (this.failed) return;
      this.put(stmt);
      if (this.isOp(SEMI)) {
        this.pos++;
        if (this.atLineEnd()) break;
        continue;
      }
      if (!this.atLineEnd()) {
        // The statement read is kept; the unexpected text is the Invalid one.
        this.stmtFirst = this.pos;
        this.fail('unexpected text after the statement');
      }
      break;
    }
    if (this.pos < this.count) this.pos++;
  }

  /** `:` then either an indented block or simple statements on the same line. */
  private suite(indent: number): Stmt[] {
    if (!this.expectOp(COLON, ':')) return [];
    if (this.atLineEnd()) {
      if (this.pos < this.count) this.pos++;
      const body = this.block(indent);
      if (body.length === 0) this.problem(this.lastEnd(), this.lastEnd(), 'expected an indented block');
      return body;
    }
    const mark = this.top;
    this.simpleStatements();
    return this.take(mark);
  }

  /**
   * A def's `:` and indented block, skipped to be read when first asked for; undefined (nothing
   * consumed) when the block is on the same line or empty, which `suite` reads at once.
   */
  private lazySuite(indent: number): LazyBlock | undefined {
    const colon = this.pos;
    if (!this.deferBlocks || !this.isOp(COLON) || colon + 1 >= this.count || this.kind[colon + 1] !== NEWLINE) return undefined;
    const first = colon + 2;
    let p = first;
    let statements = false;
    // The logical lines `block(indent)` would read: up to the first one indented no deeper than the def.
    // A decorator is the one statement that goes on to the next line whatever its indentation (`@d`
    // then a `def` or, typed halfway, anything): a block holding one is read at once.
    while (p < this.count && (this.kind[p] === NEWLINE || this.column(p) > indent)) {
      if (this.op[p] === CH_AT) return undefined;
      if (this.kind[p] !== NEWLINE) statements = true;
      p = this.nextLine(p);
    }
    if (!statements) return undefined;
    const lazy = new LazyBlock(this.ts, this.kw, this.origin, first, indent, this.tstart[first]);
    this.problems.push(lazy);
    this.pos = p;
    return lazy;
  }

  /** Whether the next logical line starts with keyword `kw` at exactly `indent`. */
  private continues(kw: number, indent: number): boolean {
    return this.keyword() === kw && this.column(this.pos) === indent;
  }

  private compound(indent: number): Stmt {
    const start = this.start(this.pos);
    const mark = this.top;
    while (this.isOp(CH_AT)) {
      this.pos++;
      this.put(this.namedTest());
      if (!this.atLineEnd()) this.fail('expected a new line after the decorator');
      if (this.failed) break;
      this.pos++;
      while (this.pos < this.count && this.kind[this.pos] === NEWLINE) this.pos++;
    }
    const decorators = this.take<Expr>(mark);
    if (this.failed) return { type: 'Invalid', start, end: start };
    let isAsync = false;
    if (this.keyword() === KW_ASYNC) {
      isAsync = true;
      this.pos++;
    }
    const keyword = this.keyword();
    this.pos++;
    switch (keyword) {
      case KW_DEF: {
        const name = this.expectName();
        this.expectOp(LPAREN, '(');
        const params = this.parameters(RPAREN);
        this.expectOp(RPAREN, ')');
        let returns: Expr | undefined;
        if (this.isOp(ARROW)) {
          this.pos++;
          returns = this.test();
        }
        const lazy = this.lazySuite(indent);
        if (lazy !== undefined) {
          return {
            type: 'FunctionDef',
            name,
            params,
            get body(): readonly Stmt[] {
              return lazy.read().body;
            },
            decorators,
            returns,
            isAsync,
            start,
            end: this.lastEnd(),
          };
        }
        const body = this.suite(indent);
        return { type: 'FunctionDef', name, params, body, decorators, returns, isAsync, start, end: this.lastEnd() };
      }
      case KW_CLASS: {
        const name = this.expectName();
        let bases: Argument[] = [];
        if (this.isOp(LPAREN)) bases = this.callArguments();
        const body = this.suite(indent);
        return { type: 'ClassDef', name, bases, body, decorators, start, end: this.lastEnd() };
      }
      case KW_IF: {
        if (decorators.length > 0) this.fail('a decorator must precede def or class');
        return this.ifRest(start, indent);
      }
      case KW_WHILE: {
        const test = this.namedTest();
        const body = this.suite(indent);
        const orelse = this.elseBlock(indent);
        return { type: 'While', test, body, orelse, start, end: this.lastEnd() };
      }
      case KW_FOR: {
        const target = this.targetList();
        if (this.keyword() !== KW_IN) this.fail("expected 'in'");
        this.pos++;
        const iter = this.testList(false);
        const body = this.suite(indent);
        const orelse = this.elseBlock(indent);
        return { type: 'For', target, iter, body, orelse, start, end: this.lastEnd() };
      }
      case KW_WITH: {
        const items: WithItem[] = [];
        const parenthesized = this.isOp(LPAREN) && this.isOpAt(COLON, this.match[this.pos] + 1);
        if (parenthesized) this.pos++;
        for (;;) {
          const context = this.test();
          let target: Expr | undefined;
          if (this.keyword() === KW_AS) {
            this.pos++;
            target = this.binary(1); // one target: a comma starts the next item
          }
          items.push({ context, target });
          if (!this.isOp(COMMA)) break;
          this.pos++;
          if (parenthesized && this.isOp(RPAREN)) break;
        }
        if (parenthesized) this.expectOp(RPAREN, ')');
        const body = this.suite(indent);
        return { type: 'With', items, body, start, end: this.lastEnd() };
      }
      case KW_TRY: {
        const body = this.suite(indent);
        const handlers: ExceptHandler[] = [];
        while (this.continues(KW_EXCEPT, indent)) {
          const hStart = this.start(this.pos);
          this.pos++;
          if (this.isOp(STAR)) this.pos++;
          let exceptionType: Expr | undefined;
          let name: string | undefined;
          if (!this.isOp(COLON)) {
            exceptionType = this.test();
            if (this.isOp(COMMA)) exceptionType = this.tupleRest(exceptionType, ITEM_TEST);
            if (this.keyword() === KW_AS) {
              this.pos++;
              name = this.expectName();
            }
          }
          const hBody = this.suite(indent);
          handlers.push({ exceptionType, name, body: hBody, start: hStart, end: this.lastEnd() });
        }
        const orelse = this.elseBlock(indent);
        let finalbody: Stmt[] = [];
        if (this.continues(KW_FINALLY, indent)) {
          this.pos++;
          finalbody = this.suite(indent);
        }
        return { type: 'Try', body, handlers, orelse, finalbody, start, end: this.lastEnd() };
      }
      default:
        this.pos--;
        this.fail('expected def or class after the decorator');
        return { type: 'Invalid', start, end: start };
    }
  }

  private ifRest(start: number, indent: number): Stmt {
    const test = this.namedTest();
    const body = this.suite(indent);
    let orelse: Stmt[] = [];
    if (this.continues(KW_ELIF, indent)) {
      const elifStart = this.start(this.pos);
      this.pos++;
      orelse = [this.ifRest(elifStart, indent)];
    } else {
      orelse = this.elseBlock(indent);
    }
    return { type: 'If', test, body, orelse, start, end: this.lastEnd() };
  }

  private elseBlock(indent: number): Stmt[] {
    if (!this.continues(KW_ELSE, indent)) return [];
    this.pos++;
    return this.suite(indent);
  }

  private simple(): Stmt {
    const start = this.start(this.pos);
    const kw = this.keyword();
    switch (kw) {
      case KW_PASS:
        this.pos++;
        return { type: 'Pass', start, end: this.lastEnd() };
      case KW_BREAK:
        this.pos++;
        return { type: 'Break', start, end: this.lastEnd() };
      case KW_CONTINUE:
        this.pos++;
        return { type: 'Continue', start, end: this.lastEnd() };
      case KW_RETURN: {
        this.pos++;
        const value = this.atStatementEnd() ? undefined : this.testList(true);
        return { type: 'Return', value, start, end: this.lastEnd() };
      }
      case KW_YIELD: {
        const value = this.yieldExpr();
        return { type: 'Expr', value, start, end: this.lastEnd() };
      }
      case KW_IMPORT:
        return this.importStatement(start);
      case KW_FROM:
        return this.fromImport(start);
      case KW_GLOBAL:
      case KW_NONLOCAL:
      case KW_DEL:
      case KW_RAISE:
      case KW_ASSERT:
        this.pos++;
        // Read the rest as expressions so that a syntax error there is still found.
        if (!this.atStatementEnd()) {
          this.testList(true);
          while (this.keyword() === KW_FROM) {
            this.pos++;
            this.test();
          }
        }
        return { type: 'Other', keyword: KEYWORD_LIST[kw - 1], start, end: this.lastEnd() };
      default:
        break;
    }
    const first = this.testList(true);
    if (this.isOp(EQUALS)) {
      const targets: Expr[] = [first];
      let value: Expr = first;
      while (this.isOp(EQUALS)) {
        this.pos++;
        value = this.keyword() === KW_YIELD ? this.yieldExpr() : this.testList(true);
        targets.push(value);
      }
      targets.pop();
      return { type: 'Assign', targets, value, start, end: this.lastEnd() };
    }
    if (this.isOp(AUGASSIGN)) {
      // `+=` reads `+`: the operator is the token without its `=`.
      const op = this.text.slice(this.tstart[this.pos], this.tend[this.pos] - 1) as BinaryOperator;
      this.pos++;
      const value = this.keyword() === KW_YIELD ? this.yieldExpr() : this.testList(true);
      return { type: 'AugAssign', target: first, op, value, start, end: this.lastEnd() };
    }
    if (this.isOp(COLON)) {
      this.pos++;
      const annotation = this.test();
      let value: Expr | undefined;
      if (this.isOp(EQUALS)) {
        this.pos++;
        value = this.testList(true);
      }
      return { type: 'AnnAssign', target: first, annotation, value, start, end: this.lastEnd() };
    }
    return { type: 'Expr', value: first, start, end: this.lastEnd() };
  }

  private dottedName(): string {
    let name = this.expectName();
    while (this.isOp(DOT)) {
      this.pos++;
      name += '.' + this.expectName();
    }
    return name;
  }

  /** `name` with its optional `as alias`. */
  private importName(name: string): ImportName {
    if (this.keyword() !== KW_AS) return { name, asName: undefined };
    this.pos++;
    return { name, asName: this.expectName() };
  }

  private importStatement(start: number): Stmt {
    this.pos++;
    const names: ImportName[] = [];
    for (;;) {
      names.push(this.importName(this.dottedName()));
      if (!this.isOp(COMMA)) break;
      this.pos++;
    }
    return { type: 'Import', names, start, end: this.lastEnd() };
  }

  private fromImport(start: number): Stmt {
    this.pos++;
    let module = '';
    while (this.isOp(DOT) || this.isOp(ELLIPSIS)) {
      module += this.isOp(DOT) ? '.' : '...';
      this.pos++;
    }
    if (this.keyword() !== KW_IMPORT) module += this.dottedName();
    if (this.keyword() !== KW_IMPORT) this.fail("expected 'import'");
    this.pos++;
    if (this.isOp(STAR)) {
      this.pos++;
      return { type: 'ImportFrom', module, names: [], star: true, start, end: this.lastEnd() };
    }
    const paren = this.isOp(LPAREN);
    if (paren) this.pos++;
    const names: ImportName[] = [];
    for (;;) {
      if (paren && this.isOp(RPAREN)) break;
      names.push(this.importName(this.expectName()));
      if (!this.isOp(COMMA)) break;
      this.pos++;
    }
    if (paren) this.closeBracket(RPAREN);
    return { type: 'ImportFrom', module, names, star: false, start, end: this.lastEnd() };
  }

  /** A parameter's `: annotation` (def parameters only). */
  private annotation(annotated: boolean): Expr | undefined {
    if (!annotated || !this.isOp(COLON)) return undefined;
    this.pos++;
    return this.test();
  }

  /** Parameters up to `closer` (`)` for def, `:` for lambda). */
  private parameters(closer: number): Parameter[] {
    const mark = this.top;
    const annotated = closer === RPAREN;
    while (!this.isOp(closer) && !this.atLineEnd()) {
      const start = this.start(this.pos);
      if (this.isOp(SLASH)) {
        this.pos++;
      } else if (this.isOp(STAR) || this.isOp(POW)) {
        const kind = this.isOp(STAR) ? 'varargs' : 'kwargs';
        this.pos++;
        if (kind === 'varargs' && (this.isOp(COMMA) || this.isOp(closer))) {
          // A bare `*`: keyword-only parameters follow.
        } else {
          const name = this.expectName();
          const annotation = this.annotation(annotated);
          this.put({ name, kind, annotation, start, end: this.lastEnd() });
        }
      } else {
        const name = this.expectName();
        const annotation = this.annotation(annotated);
        let defaultValue: Expr | undefined;
        if (this.isOp(EQUALS)) {
          this.pos++;
          defaultValue = this.test();
        }
        this.put({ name, kind: 'normal', annotation, defaultValue, start, end: this.lastEnd() });
      }
      if (!this.isOp(COMMA)) break;
      this.pos++;
    }
    return this.take(mark);
  }

  // ---- expressions ---------------------------------------------------------------------------

  private enter(): void {
    if (++this.depth > MAX_DEPTH) this.fail('expression nested too deeply');
  }

  /** One element of a comma-separated list, as `mode` says (an ITEM_* code). */
  private item(mode: number): Expr {
    switch (mode) {
      case ITEM_TEST:
        return this.test();
      case ITEM_STAR_TEST:
        return this.isOp(STAR) ? this.starred(ITEM_TEST) : this.test();
      case ITEM_STAR_NAMED:
        return this.isOp(STAR) ? this.starred(ITEM_TARGET) : this.namedTest();
      case ITEM_TARGET:
        return this.isOp(STAR) ? this.starred(ITEM_TARGET) : this.binary(1);
      default:
        return this.sliceItem();
    }
  }

  /** Comma-separated expressions; more than one (or a trailing comma) makes a Tuple. */
  private testList(allowStar: boolean): Expr {
    const mode = allowStar ? ITEM_STAR_TEST : ITEM_TEST;
    const first = this.item(mode);
    return this.isOp(COMMA) ? this.tupleRest(first, mode) : first;
  }

  private tupleRest(first: Expr, mode: number): Expr {
    const mark = this.top;
    this.put(first);
    while (this.isOp(COMMA)) {
      this.pos++;
      if (this.atStatementEnd() || this.isOp(EQUALS) || this.keyword() === KW_IN || this.isClosingBracket()) break;
      this.put(this.item(mode));
    }
    return { type: 'Tuple', elts: this.take(mark), start: this.startOf(first), end: this.lastEnd() };
  }

  /** Targets of `for` and comprehensions: `a`, `a, b`, `(a, b)`, `*rest` (no `in` inside). */
  private targetList(): Expr {
    const first = this.item(ITEM_TARGET);
    return this.isOp(COMMA) ? this.tupleRest(first, ITEM_TARGET) : first;
  }

  /** `*value`; `inner` is ITEM_TEST (a `test`) or ITEM_TARGET (a `bitOr`). */
  private starred(inner: number): Expr {
    const start = this.start(this.pos);
    this.pos++;
    const value = inner === ITEM_TEST ? this.test() : this.binary(1);
    return { type: 'Starred', value, start, end: this.lastEnd() };
  }

  private namedTest(): Expr {
    const first = this.test();
    if (!this.isOp(WALRUS)) return first;
    this.pos++;
    const value = this.test();
    return { type: 'NamedExpr', target: first, value, start: this.startOf(first), end: this.lastEnd() };
  }

  private test(): Expr {
    if (this.keyword() === KW_LAMBDA) return this.lambda();
    const start = this.start(this.pos);
    const body = this.orTest();
    if (this.keyword() !== KW_IF) return body;
    this.pos++;
    const test = this.orTest();
    if (this.keyword() !== KW_ELSE) this.fail("expected 'else'");
    this.pos++;
    const orelse = this.test();
    return { type: 'IfExp', test, body, orelse, start, end: this.lastEnd() };
  }

  private lambda(): Expr {
    const start = this.start(this.pos);
    this.pos++;
    const params = this.parameters(COLON);
    this.expectOp(COLON, ':');
    const body = this.test();
    return { type: 'Lambda', params, body, start, end: this.lastEnd() };
  }

  private orTest(): Expr {
    return this.boolOp(KW_OR);
  }

  private andTest(): Expr {
    return this.boolOp(KW_AND);
  }

  /** An operand of `or` (an and-test) or of `and` (a not-test); a method, not a closure, so no call allocates. */
  private boolOperand(keyword: number): Expr {
    return keyword === KW_OR ? this.andTest() : this.notTest();
  }

  /** `a or b or c` / `a and b`: operands of the next tighter level joined by one keyword. */
  private boolOp(keyword: number): Expr {
    const first = this.boolOperand(keyword);
    if (this.keyword() !== keyword) return first;
    const values = [first];
    while (this.keyword() === keyword) {
      this.pos++;
      values.push(this.boolOperand(keyword));
    }
    return { type: 'BoolOp', op: keyword === KW_OR ? 'or' : 'and', values, start: this.startOf(first), end: this.lastEnd() };
  }

  private notTest(): Expr {
    if (this.keyword() !== KW_NOT) return this.comparison();
    const start = this.start(this.pos);
    this.pos++;
    this.enter();
    const operand = this.notTest();
    this.depth--;
    return { type: 'Unary', op: 'not', operand, start, end: this.lastEnd() };
  }

  private compareOperator(): CompareOperator | undefined {
    const i = this.pos;
    if (i >= this.limit) return undefined;
    switch (this.op[i]) {
      case 0:
        break;
      case EQ:
        return '==';
      case NE:
        return '!=';
      case LE:
        return '<=';
      case GE:
        return '>=';
      case CH_LT:
        return '<';
      case CH_GT:
        return '>';
      default:
        return undefined;
    }
    switch (this.kw[i]) {
      case KW_IN:
        return 'in';
      case KW_NOT:
        return this.keywordAt(i + 1) === KW_IN ? 'not in' : undefined;
      case KW_IS:
        return this.keywordAt(i + 1) === KW_NOT ? 'is not' : 'is';
      default:
        return undefined;
    }
  }

  private comparison(): Expr {
    const left = this.binary(1);
    let op = this.compareOperator();
    if (op === undefined) return left;
    const ops: CompareOperator[] = [];
    const comparators: Expr[] = [];
    while (op !== undefined) {
      this.pos += op === 'not in' || op === 'is not' ? 2 : 1;
      ops.push(op);
      comparators.push(this.binary(1));
      op = this.compareOperator();
    }
    return { type: 'Compare', left, ops, comparators, start: this.startOf(left), end: this.lastEnd() };
  }

  /**
   * Binary operators from `|` (precedence 1) to `* / // % @` (6), by precedence climbing: operands
   * are unary expressions, and an operator binding at least `minPrecedence` extends the left side.
   * All are left-associative (`**` is read in `power`).
   */
  private binary(minPrecedence: number): Expr {
    let left = this.factor();
    for (;;) {
      const p = this.pos;
      if (p >= this.limit) break;
      const code = this.op[p];
      const prec = code < 512 ? BINARY_PRECEDENCE[code] : 0;
      if (prec < minPrecedence) break; // also ends at non-operators (precedence 0)
      const op = code === SHIFT ? (this.text.charCodeAt(this.tstart[p]) === CH_LT ? '<<' : '>>') : BINARY_OPERATOR[code];
      this.pos = p + 1;
      const right = this.binary(prec + 1);
      left = { type: 'Binary', op, left, right, start: this.startOf(left), end: this.lastEnd() };
    }
    return left;
  }

  private factor(): Expr {
    if (this.pos >= this.limit) return this.power();
    const code = this.op[this.pos];
    const op = code === MINUS ? '-' : code === PLUS ? '+' : code === TILDE ? '~' : undefined;
    if (op === undefined) return this.power();
    const start = this.tstart[this.pos];
    this.pos++;
    this.enter();
    const operand = this.factor();
    this.depth--;
    return { type: 'Unary', op, operand, start, end: this.lastEnd() };
  }

  private power(): Expr {
    let base: Expr;
    if (this.keyword() === KW_AWAIT) {
      const start = this.start(this.pos);
      this.pos++;
      const value = this.primary();
      base = { type: 'Await', value, start, end: this.lastEnd() };
    } else {
      base = this.primary();
    }
    if (!this.isOp(POW)) return base;
    this.pos++;
    this.enter();
    const exponent = this.factor(); // right-associative, binds tighter than a unary minus on its left
    this.depth--;
    return { type: 'Binary', op: '**', left: base, right: exponent, start: this.startOf(base), end: this.lastEnd() };
  }

  private primary(): Expr {
    this.enter();
    let node = this.atom();
    while (this.pos < this.limit) {
      const code = this.op[this.pos];
      if (code === DOT) {
        this.pos++;
        const attr = this.expectName();
        node = { type: 'Attribute', value: node, attr, start: this.startOf(node), end: this.lastEnd() };
      } else if (code === LPAREN) {
        const args = this.callArguments();
        node = { type: 'Call', func: node, args, start: this.startOf(node), end: this.lastEnd() };
      } else if (code === LBRACKET) {
        const index = this.subscript();
        node = { type: 'Subscript', value: node, index, start: this.startOf(node), end: this.lastEnd() };
      } else {
        break;
      }
    }
    this.depth--;
    return node;
  }

  /** Consumes the closing bracket; a bracket the tokenizer found unclosed is accepted (recorded). */
  private closeBracket(code: number): void {
    if (this.isOp(code)) {
      this.pos++;
      return;
    }
    if (this.atLineEnd()) {
      this.problem(this.lastEnd(), this.lastEnd(), 'unclosed bracket');
      return;
    }
    this.fail(`expected '${String.fromCharCode(code)}'`);
  }

  /** `( args )` of a call (or class bases); the current token is `(`. */
  private callArguments(): Argument[] {
    this.pos++;
    const mark = this.top;
    while (!this.isOp(RPAREN) && !this.atLineEnd()) {
      const i = this.pos;
      const start = this.tstart[i];
      const code = this.op[i];
      if (code === STAR || code === POW) {
        const kind = code === STAR ? 'star' : 'doubleStar';
        this.pos++;
        const value = this.test();
        this.put({ kind, value, start, end: this.lastEnd() });
      } else if (this.kind[i] === NAME && this.isOpAt(EQUALS, i + 1) && this.kw[i] === 0) {
        const name = this.word(i);
        this.pos += 2;
        const value = this.test();
        this.put({ kind: 'keyword', name, value, start, end: this.lastEnd() });
      } else {
        let value = this.namedTest();
        if (this.atFor()) {
          const generators = this.comprehensionClauses();
          value = { type: 'Comprehension', kind: 'generator', elt: value, generators, start: this.startOf(value), end: this.lastEnd() };
        }
        this.put({ kind: 'positional', value, start, end: this.lastEnd() });
      }
      if (!this.isOp(COMMA)) break;
      this.pos++;
    }
    const args = this.take<Argument>(mark);
    this.closeBracket(RPAREN);
    return args;
  }

  private subscript(): Expr {
    const open = this.pos;
    this.pos++;
    let index = this.sliceItem();
    if (this.isOp(COMMA)) index = this.tupleRest(index, ITEM_SLICE);
    this.closeBracket(RBRACKET);
    if (index.type === 'Invalid') index = { ...index, start: this.start(open) };
    return index;
  }

  /** Where a slice bound ends: `:`, `,`, `]` or the end of the line. */
  private atSliceBoundary(): boolean {
    return this.isOp(COLON) || this.isOp(COMMA) || this.isOp(RBRACKET) || this.atLineEnd();
  }

  private sliceItem(): Expr {
    const start = this.start(this.pos);
    if (this.isOp(STAR)) return this.starred(ITEM_TARGET);
    let lower: Expr | undefined;
    if (!this.isOp(COLON)) {
      lower = this.namedTest();
      if (!this.isOp(COLON)) return lower;
    }
    this.pos++;
    let upper: Expr | undefined;
    let step: Expr | undefined;
    if (!this.atSliceBoundary()) upper = this.test();
    if (this.isOp(COLON)) {
      this.pos++;
      if (!this.atSliceBoundary()) step = this.test();
    }
    return { type: 'Slice', lower, upper, step, start, end: this.lastEnd() };
  }

  private comprehensionClauses(): Comprehension[] {
    const generators: Comprehension[] = [];
    while (this.atFor()) {
      if (this.keyword() === KW_ASYNC) this.pos++;
      this.pos++;
      const target = this.targetList();
      if (this.keyword() !== KW_IN) this.fail("expected 'in'");
      this.pos++;
      const iter = this.orTest();
      const ifs: Expr[] = [];
      while (this.keyword() === KW_IF) {
        this.pos++;
        ifs.push(this.orTest());
      }
      generators.push({ target, iter, ifs });
    }
    return generators;
  }

  private yieldExpr(): Expr {
    const start = this.start(this.pos);
    this.pos++;
    if (this.keyword() === KW_FROM) this.pos++;
    const value = this.atStatementEnd() || this.isClosingBracket() ? undefined : this.testList(true);
    return { type: 'Yield', value, start, end: this.lastEnd() };
  }

  private atom(): Expr {
    const i = this.pos;
    if (i >= this.limit || this.kind[i] === NEWLINE) {
      this.fail('expected an expression');
      return this.invalid();
    }
    const start = this.tstart[i];
    const kind = this.kind[i];
    if (kind === NAME) {
      const kw = this.kw[i];
      if (kw === 0) {
        this.pos = i + 1;
        return { type: 'Name', id: this.word(i), start, end: this.tend[i] };
      }
      if (kw === KW_TRUE || kw === KW_FALSE || kw === KW_NONE) {
        this.pos = i + 1;
        return { type: 'Constant', value: kw === KW_NONE ? null : kw === KW_TRUE, start, end: this.tend[i] };
      }
      this.fail(`unexpected '${KEYWORD_LIST[kw - 1]}'`);
      return this.invalid();
    }
    if (kind === NUMBER) return this.number(i);
    if (kind === STRING) return this.strings();
    switch (this.op[i]) {
      case LPAREN:
        return this.parenthesized();
      case LBRACKET:
        return this.listDisplay();
      case LBRACE:
        return this.braceDisplay();
      case ELLIPSIS:
        this.pos++;
        return { type: 'Ellipsis', start, end: this.tend[i] };
      default:
        this.fail('expected an expression');
        return this.invalid();
    }
  }

  private number(i: number): Expr {
    const text = this.text;
    const start = this.tstart[i];
    const end = this.tend[i];
    this.pos = i + 1;
    // Plain decimal integers (most numbers in model code) are read from the digits directly.
    if (end - start <= 15) {
      let v = 0;
      let j = start;
      for (; j < end; j++) {
        const c = text.charCodeAt(j);
        if (c < 48 || c > 57) break;
        v = v * 10 + (c - 48);
      }
      if (j === end) return { type: 'Number', value: v, isFloat: false, isComplex: false, start, end };
    }
    const src = text.slice(start, end);
    const lit = readNumber(src);
    const last = text.charCodeAt(end - 1);
    const isComplex = last === 106 || last === 74; // j J
    return {
      type: 'Number',
      value:
        lit !== undefined && (lit.t === 'int' || lit.t === 'float') ? lit.v : isComplex ? Number(src.slice(0, -1).replace(/_/g, '')) : NaN,
      isFloat: lit !== undefined && lit.t === 'float',
      isComplex,
      start,
      end,
    };
  }

  /** Adjacent string literals are one string (`"a" "b"`, f-strings included). */
  private strings(): Expr {
    const text = this.text;
    const start = this.tstart[this.pos];
    let value: string | undefined = '';
    let isFormatted = false;
    while (this.pos < this.limit && this.kind[this.pos] === STRING) {
      const s = this.tstart[this.pos];
      const e = this.tend[this.pos];
      const q = text.charCodeAt(s);
      let part: string | undefined;
      if (q === 39 || q === 34) {
        part = plainString(text, s, e, q);
      } else {
        for (let j = s; j < e; j++) {
          const c = text.charCodeAt(j);
          if (c === 39 || c === 34) break;
          const lower = c | 32;
          if (lower === 102 || lower === 116) isFormatted = true; // f t
        }
        part = decode(text, s, e);
      }
      value = value === undefined || part === undefined ? undefined : value + part;
      this.pos++;
    }
    return { type: 'String', value, isFormatted, start, end: this.lastEnd() };
  }

  private parenthesized(): Expr {
    const start = this.start(this.pos);
    this.pos++;
    if (this.isOp(RPAREN)) {
      this.pos++;
      return { type: 'Tuple', elts: [], start, end: this.lastEnd() };
    }
    if (this.keyword() === KW_YIELD) {
      const y = this.yieldExpr();
      this.closeBracket(RPAREN);
      return { ...y, start, end: this.lastEnd() };
    }
    const first = this.item(ITEM_STAR_NAMED);
    const generator = this.comprehension(first, RPAREN, 'generator', start);
    if (generator !== undefined) return generator;
    if (this.isOp(COMMA)) {
      const tuple = this.tupleRest(first, ITEM_STAR_NAMED);
      this.closeBracket(RPAREN);
      return { ...tuple, start, end: this.lastEnd() };
    }
    this.closeBracket(RPAREN);
    // Parentheses only group: the node keeps its own span, like Python's ast, but a node it begins
    // (`(a + b) * c`) starts at the parenthesis.
    (this.groups ??= new Map()).set(first, start);
    return first;
  }

  /** Consumes an opening bracket and, when the display is empty, its closer; returns where it starts. */
  private openDisplay(closer: number): { start: number; empty: boolean } {
    const start = this.start(this.pos);
    this.pos++;
    const empty = this.isOp(closer) || this.atLineEnd();
    if (empty) this.closeBracket(closer);
    return { start, empty };
  }

  private listDisplay(): Expr {
    const { start, empty } = this.openDisplay(RBRACKET);
    if (empty) return { type: 'List', elts: [], start, end: this.lastEnd() };
    const items = this.itemsAfter(this.item(ITEM_STAR_NAMED), RBRACKET, 'list', start);
    return Array.isArray(items) ? { type: 'List', elts: items, start, end: this.lastEnd() } : items;
  }

  /** `first for ... in ...` up to `closer` (`value`: a dict comprehension's); undefined when no `for` follows. */
  private comprehension(
    first: Expr,
    closer: number,
    kind: 'list' | 'set' | 'generator' | 'dict',
    start: number,
    value?: Expr,
  ): Expr | undefined {
    const k = this.keyword();
    if (k !== KW_FOR && k !== KW_ASYNC) return undefined;
    const generators = this.comprehensionClauses();
    this.closeBracket(closer);
    return value === undefined
      ? { type: 'Comprehension', kind, elt: first, generators, start, end: this.lastEnd() }
      : { type: 'Comprehension', kind, elt: first, value, generators, start, end: this.lastEnd() };
  }

  /** After the first item of a list or set display: a comprehension, or the items up to the closing bracket. */
  private itemsAfter(first: Expr, closer: number, kind: 'list' | 'set', start: number): Expr[] | Expr {
    const comprehension = this.comprehension(first, closer, kind, start);
    if (comprehension !== undefined) return comprehension;
    const mark = this.top;
    this.put(first);
    while (this.isOp(COMMA)) {
      this.pos++;
      if (this.isOp(closer) || this.atLineEnd()) break;
      this.put(this.item(ITEM_STAR_NAMED));
    }
    const elts = this.take<Expr>(mark);
    this.closeBracket(closer);
    return elts;
  }

  private braceDisplay(): Expr {
    const { start, empty } = this.openDisplay(RBRACE);
    if (empty) return { type: 'Dict', keys: [], values: [], start, end: this.lastEnd() };
    // First entry decides dict or set.
    if (this.isOp(POW) || !this.isSetStart()) {
      const keys: (Expr | null)[] = [];
      const values: Expr[] = [];
      this.dictEntry(keys, values);
      const key = keys[0];
      const comprehension = key !== null ? this.comprehension(key, RBRACE, 'dict', start, values[0]) : undefined;
      if (comprehension !== undefined) return comprehension;
      while (this.isOp(COMMA)) {
        this.pos++;
        if (this.isOp(RBRACE) || this.atLineEnd()) break;
        this.dictEntry(keys, values);
      }
      this.closeBracket(RBRACE);
      return { type: 'Dict', keys, values, start, end: this.lastEnd() };
    }
    const items = this.itemsAfter(this.item(ITEM_STAR_NAMED), RBRACE, 'set', start);
    return Array.isArray(items) ? { type: 'Set', elts: items, start, end: this.lastEnd() } : items;
  }

  /** One `key: value` or `**mapping` (null key) entry of a dict display. */
  private dictEntry(keys: (Expr | null)[], values: Expr[]): void {
    if (this.isOp(POW)) {
      this.pos++;
      keys.push(null);
      values.push(this.binary(1));
      return;
    }
    const key = this.test();
    this.expectOp(COLON, ':');
    const value = this.test();
    keys.push(key);
    values.push(value);
  }

  /**
   * Whether the brace at pos-1 opens a set: no `:` at its own bracket level before the first comma
   * (a lambda's or slice's colon sits deeper or after `lambda`). Nested brackets are jumped over.
   */
  private isSetStart(): boolean {
    const open = this.pos - 1;
    const end = this.match[open] >= 0 ? this.match[open] : this.count;
    const { parent, kind, op, kw } = this;
    let lambdas = 0;
    for (let j = this.pos; j < end; j++) {
      if (parent[j] !== open) continue;
      if (kind[j] === NEWLINE) break;
      const o = op[j];
      if (o === LPAREN || o === LBRACKET || o === LBRACE) {
        // Its contents are deeper; its partner (if any) is back at this level and is no `:`/`,`.
        if (this.match[j] > j) j = this.match[j];
        continue;
      }
      const k = kw[j];
      if (k === KW_LAMBDA) lambdas++;
      else if (o === COLON) {
        if (lambdas === 0) return false;
        lambdas--;
      } else if (o === COMMA || k === KW_FOR) return true;
    }
    return true;
  }
}

/**
 * The value of a string literal without prefix whose opening quote `q` is at `s` (as `decodeString`
 * reads it): its content directly when there is no backslash, else `decodeString`.
 */
function plainString(text: string, s: number, e: number, q: number): string | undefined {
  const quoteLength = text.charCodeAt(s + 1) === q && text.charCodeAt(s + 2) === q && e - s >= 3 ? 3 : 1;
  const contentStart = Math.min(s + quoteLength, e);
  for (let j = contentStart; j < e; j++) if (text.charCodeAt(j) === 92) return decode(text, s, e);
  let contentEnd = e;
  if (e - contentStart >= quoteLength) {
    let closes = true;
    for (let k = 1; k <= quoteLength; k++) if (text.charCodeAt(e - k) !== q) closes = false;
    if (closes) contentEnd = e - quoteLength;
  }
  return text.slice(contentStart, contentEnd);
}

export { KEYWORDS as PYTHON_KEYWORDS };
