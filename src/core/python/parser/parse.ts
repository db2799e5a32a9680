/**
 * A tolerant recursive-descent Python parser over the core tokenizer's token stream. It never
 * throws: a statement it cannot read becomes an `Invalid` statement with a recorded problem, and
 * parsing resumes at the next statement indented no deeper than the broken one. One pass over the
 * tokens (each token is consumed once, skipped spans are walked once), so time is linear.
 */
import { decodeString, parseNumber, stringParts } from '../literal';
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
  TK_OP,
  TK_STRING,
  columnOf,
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

const KEYWORDS = new Set([
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
]);

const CH_AT = 64;
const CH_AMP = 38;
const CH_PIPE = 124;
const CH_CARET = 94;
const CH_LT = 60;
const CH_GT = 62;

/** Deeper nesting than this is reported instead of risking the JavaScript stack. */
const MAX_DEPTH = 200;

/** Internal: unwinds one statement; never escapes `parseModule`. */
class ParseError extends Error {
  constructor(
    message: string,
    readonly at: number,
  ) {
    super(message);
  }
}

export function parseModule(text: string): Module {
  return new Parser(tokenize(text)).module();
}

/** Parses already tokenized text (callers that also use the tokens elsewhere). */
export function parseTokens(ts: TokenStream): Module {
  return new Parser(ts).module();
}

class Parser {
  private pos = 0;
  private depth = 0;
  private readonly problems: SyntaxProblem[] = [];
  private readonly text: string;
  private readonly count: number;

  constructor(private readonly ts: TokenStream) {
    this.text = ts.text;
    this.count = ts.count;
  }

  module(): Module {
    const body = this.block(-1);
    // Anything left (a stray dedent below column 0 cannot happen; defensive) is skipped.
    while (this.pos < this.count) {
      const before = this.pos;
      body.push(...this.block(-1));
      if (this.pos === before) this.pos++;
    }
    return { body, problems: this.problems };
  }

  // ---- token helpers -------------------------------------------------------------------------

  private start(i: number): number {
    return i < this.count ? this.ts.start[i] : this.text.length;
  }

  private endOf(i: number): number {
    return i < this.count ? this.ts.end[i] : this.text.length;
  }

  /** End offset of the last consumed token. */
  private lastEnd(): number {
    return this.pos > 0 ? this.ts.end[this.pos - 1] : 0;
  }

  private isOp(code: number, i = this.pos): boolean {
    return i < this.count && this.ts.kind[i] === TK_OP && this.ts.op[i] === code;
  }

  private isWord(word: string, i = this.pos): boolean {
    if (i >= this.count || this.ts.kind[i] !== TK_NAME) return false;
    const s = this.ts.start[i];
    return this.ts.end[i] - s === word.length && this.text.startsWith(word, s);
  }

  private word(i = this.pos): string {
    return this.text.slice(this.ts.start[i], this.ts.end[i]);
  }

  private atLineEnd(i = this.pos): boolean {
    return i >= this.count || this.ts.kind[i] === TK_NEWLINE;
  }

  /** The end of a simple statement: end of line, or `;` outside brackets. */
  private atStatementEnd(): boolean {
    return this.atLineEnd() || (this.isOp(CH_SEMI) && this.ts.parent[this.pos] === -1);
  }

  private fail(message: string): never {
    throw new ParseError(message, this.pos);
  }

  private expectOp(code: number, what: string): void {
    if (!this.isOp(code)) this.fail(`expected '${what}'`);
    this.pos++;
  }

  private expectName(): string {
    if (this.pos >= this.count || this.ts.kind[this.pos] !== TK_NAME || KEYWORDS.has(this.word())) this.fail('expected a name');
    return this.word(this.pos++);
  }

  private skipToLineEnd(): void {
    while (this.pos < this.count && this.ts.kind[this.pos] !== TK_NEWLINE) this.pos++;
    if (this.pos < this.count) this.pos++;
  }

  // ---- statements ----------------------------------------------------------------------------

  /** Statements of a block: logical lines indented deeper than `outerIndent`. */
  private block(outerIndent: number): Stmt[] {
    const body: Stmt[] = [];
    while (this.pos < this.count) {
      if (this.ts.kind[this.pos] === TK_NEWLINE) {
        this.pos++;
        continue;
      }
      const indent = columnOf(this.ts, this.pos);
      if (indent <= outerIndent) break;
      this.line(body, indent);
    }
    return body;
  }

  /** One logical line (and the block of a compound statement), appended to `body`. */
  private line(body: Stmt[], indent: number): void {
    const first = this.pos;
    try {
      if (this.isOp(CH_AT) || this.isCompoundStart()) {
        body.push(this.compound(indent));
        return;
      }
      for (;;) {
        body.push(this.simple());
        if (this.isOp(CH_SEMI)) {
          this.pos++;
          if (this.atLineEnd()) break;
          continue;
        }
        if (!this.atLineEnd()) this.fail('unexpected text after the statement');
        break;
      }
      if (this.pos < this.count) this.pos++; // the NEWLINE
    } catch (e) {
      if (!(e instanceof ParseError)) throw e;
      const at = Math.min(e.at, this.count - 1);
      this.problems.push({ start: this.start(at), end: Math.max(this.endOf(at), this.start(at)), message: e.message });
      this.pos = Math.max(this.pos, first);
      this.skipToLineEnd();
      // Lines indented below the broken statement belong to it (its block): skip them too.
      while (this.pos < this.count && (this.ts.kind[this.pos] === TK_NEWLINE || columnOf(this.ts, this.pos) > indent)) {
        this.skipToLineEnd();
      }
      body.push({ type: 'Invalid', start: this.start(first), end: this.lastEnd() });
      this.depth = 0;
    }
  }

  private isCompoundStart(): boolean {
    if (this.pos >= this.count || this.ts.kind[this.pos] !== TK_NAME) return false;
    switch (this.word()) {
      case 'if':
      case 'while':
      case 'for':
      case 'def':
      case 'class':
      case 'with':
      case 'try':
        return true;
      case 'async':
        return this.isWord('def', this.pos + 1) || this.isWord('for', this.pos + 1) || this.isWord('with', this.pos + 1);
      default:
        return false;
    }
  }

  /** `:` then either an indented block or simple statements on the same line. */
  private suite(indent: number): Stmt[] {
    this.expectOp(CH_COLON, ':');
    if (this.atLineEnd()) {
      if (this.pos < this.count) this.pos++;
      const body = this.block(indent);
      if (body.length === 0) {
        this.problems.push({ start: this.lastEnd(), end: this.lastEnd(), message: 'expected an indented block' });
      }
      return body;
    }
    const body: Stmt[] = [];
    for (;;) {
      body.push(this.simple());
      if (this.isOp(CH_SEMI)) {
        this.pos++;
        if (this.atLineEnd()) break;
        continue;
      }
      if (!this.atLineEnd()) this.fail('unexpected text after the statement');
      break;
    }
    if (this.pos < this.count) this.pos++;
    return body;
  }

  /** Whether the next logical line starts with `word` at exactly `indent`. */
  private continues(word: string, indent: number): boolean {
    return this.isWord(word) && columnOf(this.ts, this.pos) === indent;
  }

  private compound(indent: number): Stmt {
    const start = this.start(this.pos);
    const decorators: Expr[] = [];
    while (this.isOp(CH_AT)) {
      this.pos++;
      decorators.push(this.namedTest());
      if (!this.atLineEnd()) this.fail('expected a new line after the decorator');
      this.pos++;
      while (this.pos < this.count && this.ts.kind[this.pos] === TK_NEWLINE) this.pos++;
    }
    let isAsync = false;
    if (this.isWord('async')) {
      isAsync = true;
      this.pos++;
    }
    const keyword = this.pos < this.count ? this.word() : '';
    this.pos++;
    switch (keyword) {
      case 'def': {
        const name = this.expectName();
        this.expectOp(CH_LPAREN, '(');
        const params = this.parameters(CH_RPAREN);
        this.expectOp(CH_RPAREN, ')');
        let returns: Expr | undefined;
        if (this.isOp(OP_ARROW)) {
          this.pos++;
          returns = this.test();
        }
        const body = this.suite(indent);
        return { type: 'FunctionDef', name, params, body, decorators, returns, isAsync, start, end: this.lastEnd() };
      }
      case 'class': {
        const name = this.expectName();
        let bases: Argument[] = [];
        if (this.isOp(CH_LPAREN)) bases = this.callArguments();
        const body = this.suite(indent);
        return { type: 'ClassDef', name, bases, body, decorators, start, end: this.lastEnd() };
      }
      case 'if': {
        if (decorators.length > 0) this.fail('a decorator must precede def or class');
        return this.ifRest(start, indent);
      }
      case 'while': {
        const test = this.namedTest();
        const body = this.suite(indent);
        const orelse = this.elseBlock(indent);
        return { type: 'While', test, body, orelse, start, end: this.lastEnd() };
      }
      case 'for': {
        const target = this.targetList();
        if (!this.isWord('in')) this.fail("expected 'in'");
        this.pos++;
        const iter = this.testList(false);
        const body = this.suite(indent);
        const orelse = this.elseBlock(indent);
        return { type: 'For', target, iter, body, orelse, start, end: this.lastEnd() };
      }
      case 'with': {
        const items: WithItem[] = [];
        const parenthesized = this.isOp(CH_LPAREN) && this.isOp(CH_COLON, this.ts.match[this.pos] + 1);
        if (parenthesized) this.pos++;
        for (;;) {
          const context = this.test();
          let target: Expr | undefined;
          if (this.isWord('as')) {
            this.pos++;
            target = this.targetList();
          }
          items.push({ context, target });
          if (!this.isOp(CH_COMMA)) break;
          this.pos++;
          if (parenthesized && this.isOp(CH_RPAREN)) break;
        }
        if (parenthesized) this.expectOp(CH_RPAREN, ')');
        const body = this.suite(indent);
        return { type: 'With', items, body, start, end: this.lastEnd() };
      }
      case 'try': {
        const body = this.suite(indent);
        const handlers: ExceptHandler[] = [];
        while (this.continues('except', indent)) {
          const hStart = this.start(this.pos);
          this.pos++;
          if (this.isOp(CH_STAR)) this.pos++;
          let exceptionType: Expr | undefined;
          let name: string | undefined;
          if (!this.isOp(CH_COLON)) {
            exceptionType = this.test();
            if (this.isOp(CH_COMMA)) exceptionType = this.tupleRest(exceptionType, () => this.test());
            if (this.isWord('as')) {
              this.pos++;
              name = this.expectName();
            }
          }
          const hBody = this.suite(indent);
          handlers.push({ exceptionType, name, body: hBody, start: hStart, end: this.lastEnd() });
        }
        const orelse = this.elseBlock(indent);
        let finalbody: Stmt[] = [];
        if (this.continues('finally', indent)) {
          this.pos++;
          finalbody = this.suite(indent);
        }
        return { type: 'Try', body, handlers, orelse, finalbody, start, end: this.lastEnd() };
      }
      default:
        this.pos--;
        return this.fail('expected def or class after the decorator');
    }
  }

  private ifRest(start: number, indent: number): Stmt {
    const test = this.namedTest();
    const body = this.suite(indent);
    let orelse: Stmt[] = [];
    if (this.continues('elif', indent)) {
      const elifStart = this.start(this.pos);
      this.pos++;
      orelse = [this.ifRest(elifStart, indent)];
    } else {
      orelse = this.elseBlock(indent);
    }
    return { type: 'If', test, body, orelse, start, end: this.lastEnd() };
  }

  private elseBlock(indent: number): Stmt[] {
    if (!this.continues('else', indent)) return [];
    this.pos++;
    return this.suite(indent);
  }

  private simple(): Stmt {
    const start = this.start(this.pos);
    if (this.pos < this.count && this.ts.kind[this.pos] === TK_NAME) {
      const w = this.word();
      switch (w) {
        case 'pass':
        case 'break':
        case 'continue':
          this.pos++;
          return { type: w === 'pass' ? 'Pass' : w === 'break' ? 'Break' : 'Continue', start, end: this.lastEnd() };
        case 'return': {
          this.pos++;
          const value = this.atStatementEnd() ? undefined : this.testList(true);
          return { type: 'Return', value, start, end: this.lastEnd() };
        }
        case 'import':
          return this.importStatement(start);
        case `from`:
          return this.fromImport(start);
        case 'global':
        case 'nonlocal':
        case 'del':
        case 'raise':
        case 'assert':
          this.pos++;
          // Read the rest as expressions so that a syntax error there is still found.
          if (!this.atStatementEnd()) {
            this.testList(true);
            while (this.isWord(`from`)) {
              this.pos++;
              this.test();
            }
          }
          return { type: 'Other', keyword: w, start, end: this.lastEnd() };
        default:
          break;
      }
    }
    const first = this.testList(true);
    if (this.isOp(CH_EQUALS)) {
      const targets: Expr[] = [first];
      let value: Expr = first;
      while (this.isOp(CH_EQUALS)) {
        this.pos++;
        value = this.isWord('yield') ? this.yieldExpr() : this.testList(true);
        targets.push(value);
      }
      targets.pop();
      return { type: 'Assign', targets, value, start, end: this.lastEnd() };
    }
    if (this.isOp(OP_AUGASSIGN)) {
      const t = this.word();
      this.pos++;
      const op = t.slice(0, -1) as BinaryOperator;
      const value = this.isWord('yield') ? this.yieldExpr() : this.testList(true);
      return { type: 'AugAssign', target: first, op, value, start, end: this.lastEnd() };
    }
    if (this.isOp(CH_COLON)) {
      this.pos++;
      const annotation = this.test();
      let value: Expr | undefined;
      if (this.isOp(CH_EQUALS)) {
        this.pos++;
        value = this.testList(true);
      }
      return { type: 'AnnAssign', target: first, annotation, value, start, end: this.lastEnd() };
    }
    return { type: 'Expr', value: first, start, end: this.lastEnd() };
  }

  private dottedName(): string {
    let name = this.expectName();
    while (this.isOp(CH_DOT)) {
      this.pos++;
      name += '.' + this.expectName();
    }
    return name;
  }

  private importStatement(start: number): Stmt {
    this.pos++;
    const names: ImportName[] = [];
    for (;;) {
      const name = this.dottedName();
      let asName: string | undefined;
      if (this.isWord('as')) {
        this.pos++;
        asName = this.expectName();
      }
      names.push({ name, asName });
      if (!this.isOp(CH_COMMA)) break;
      this.pos++;
    }
    return { type: 'Import', names, start, end: this.lastEnd() };
  }

  private fromImport(start: number): Stmt {
    this.pos++;
    let module = '';
    while (this.isOp(CH_DOT) || this.isOp(OP_ELLIPSIS)) {
      module += this.isOp(CH_DOT) ? '.' : '...';
      this.pos++;
    }
    if (!this.isWord('import')) module += this.dottedName();
    if (!this.isWord('import')) this.fail("expected 'import'");
    this.pos++;
    if (this.isOp(CH_STAR)) {
      this.pos++;
      return { type: 'ImportFrom', module, names: [], star: true, start, end: this.lastEnd() };
    }
    const paren = this.isOp(CH_LPAREN);
    if (paren) this.pos++;
    const names: ImportName[] = [];
    for (;;) {
      if (paren && this.isOp(CH_RPAREN)) break;
      const name = this.expectName();
      let asName: string | undefined;
      if (this.isWord('as')) {
        this.pos++;
        asName = this.expectName();
      }
      names.push({ name, asName });
      if (!this.isOp(CH_COMMA)) break;
      this.pos++;
    }
    if (paren) this.closeBracket(CH_RPAREN);
    return { type: 'ImportFrom', module, names, star: false, start, end: this.lastEnd() };
  }

  /** Parameters up to `closer` (`)` for def, `:` for lambda). */
  private parameters(closer: number): Parameter[] {
    const params: Parameter[] = [];
    const annotated = closer === CH_RPAREN;
    while (!this.isOp(closer) && !this.atLineEnd()) {
      const start = this.start(this.pos);
      if (this.isOp(CH_SLASH)) {
        this.pos++;
      } else if (this.isOp(CH_STAR) || this.isOp(OP_POW)) {
        const kind = this.isOp(CH_STAR) ? 'varargs' : 'kwargs';
        this.pos++;
        if (kind === 'varargs' && (this.isOp(CH_COMMA) || this.isOp(closer))) {
          // A bare `*`: keyword-only parameters follow.
        } else {
          const name = this.expectName();
          let annotation: Expr | undefined;
          if (annotated && this.isOp(CH_COLON)) {
            this.pos++;
            annotation = this.test();
          }
          params.push({ name, kind, annotation, start, end: this.lastEnd() });
        }
      } else {
        const name = this.expectName();
        let annotation: Expr | undefined;
        if (annotated && this.isOp(CH_COLON)) {
          this.pos++;
          annotation = this.test();
        }
        let defaultValue: Expr | undefined;
        if (this.isOp(CH_EQUALS)) {
          this.pos++;
          defaultValue = this.test();
        }
        params.push({ name, kind: 'normal', annotation, defaultValue, start, end: this.lastEnd() });
      }
      if (!this.isOp(CH_COMMA)) break;
      this.pos++;
    }
    return params;
  }

  // ---- expressions ---------------------------------------------------------------------------

  private enter(): void {
    if (++this.depth > MAX_DEPTH) this.fail('expression nested too deeply');
  }

  /** Comma-separated expressions; more than one (or a trailing comma) makes a Tuple. */
  private testList(allowStar: boolean): Expr {
    const item = (): Expr => (allowStar && this.isOp(CH_STAR) ? this.starred(() => this.test()) : this.test());
    const first = item();
    return this.isOp(CH_COMMA) ? this.tupleRest(first, item) : first;
  }

  private tupleRest(first: Expr, item: () => Expr): Expr {
    const elts: Expr[] = [first];
    while (this.isOp(CH_COMMA)) {
      this.pos++;
      if (this.atStatementEnd() || this.isOp(CH_EQUALS) || this.isWord('in') || this.isClosingBracket()) break;
      elts.push(item());
    }
    return { type: 'Tuple', elts, start: first.start, end: this.lastEnd() };
  }

  private isClosingBracket(): boolean {
    return this.isOp(CH_RPAREN) || this.isOp(CH_RBRACKET) || this.isOp(CH_RBRACE);
  }

  /** Targets of `for` and comprehensions: `a`, `a, b`, `(a, b)`, `*rest` (no `in` inside). */
  private targetList(): Expr {
    const item = (): Expr => (this.isOp(CH_STAR) ? this.starred(() => this.bitOr()) : this.bitOr());
    const first = item();
    return this.isOp(CH_COMMA) ? this.tupleRest(first, item) : first;
  }

  private starred(inner: () => Expr): Expr {
    const start = this.start(this.pos);
    this.pos++;
    const value = inner();
    return { type: 'Starred', value, start, end: this.lastEnd() };
  }

  private namedTest(): Expr {
    const first = this.test();
    if (!this.isOp(OP_WALRUS)) return first;
    this.pos++;
    const value = this.test();
    return { type: 'NamedExpr', target: first, value, start: first.start, end: this.lastEnd() };
  }

  private test(): Expr {
    if (this.isWord('lambda')) return this.lambda();
    const start = this.start(this.pos);
    const body = this.orTest();
    if (!this.isWord('if')) return body;
    this.pos++;
    const test = this.orTest();
    if (!this.isWord('else')) this.fail("expected 'else'");
    this.pos++;
    const orelse = this.test();
    return { type: 'IfExp', test, body, orelse, start, end: this.lastEnd() };
  }

  private lambda(): Expr {
    const start = this.start(this.pos);
    this.pos++;
    const params = this.parameters(CH_COLON);
    this.expectOp(CH_COLON, ':');
    const body = this.test();
    return { type: 'Lambda', params, body, start, end: this.lastEnd() };
  }

  private orTest(): Expr {
    const first = this.andTest();
    if (!this.isWord('or')) return first;
    const values = [first];
    while (this.isWord('or')) {
      this.pos++;
      values.push(this.andTest());
    }
    return { type: 'BoolOp', op: 'or', values, start: first.start, end: this.lastEnd() };
  }

  private andTest(): Expr {
    const first = this.notTest();
    if (!this.isWord('and')) return first;
    const values = [first];
    while (this.isWord('and')) {
      this.pos++;
      values.push(this.notTest());
    }
    return { type: 'BoolOp', op: 'and', values, start: first.start, end: this.lastEnd() };
  }

  private notTest(): Expr {
    if (!this.isWord('not')) return this.comparison();
    const start = this.start(this.pos);
    this.pos++;
    this.enter();
    const operand = this.notTest();
    this.depth--;
    return { type: 'Unary', op: 'not', operand, start, end: this.lastEnd() };
  }

  private compareOperator(): CompareOperator | undefined {
    if (this.pos >= this.count) return undefined;
    const kind = this.ts.kind[this.pos];
    if (kind === TK_OP) {
      switch (this.ts.op[this.pos]) {
        case OP_EQ:
          return '==';
        case OP_NE:
          return '!=';
        case OP_LE:
          return '<=';
        case OP_GE:
          return '>=';
        case CH_LT:
          return '<';
        case CH_GT:
          return '>';
        default:
          return undefined;
      }
    }
    if (this.isWord('in')) return 'in';
    if (this.isWord('not') && this.isWord('in', this.pos + 1)) return 'not in';
    if (this.isWord('is')) return this.isWord('not', this.pos + 1) ? 'is not' : 'is';
    return undefined;
  }

  private comparison(): Expr {
    const left = this.bitOr();
    let op = this.compareOperator();
    if (op === undefined) return left;
    const ops: CompareOperator[] = [];
    const comparators: Expr[] = [];
    while (op !== undefined) {
      this.pos += op === 'not in' || op === 'is not' ? 2 : 1;
      ops.push(op);
      comparators.push(this.bitOr());
      op = this.compareOperator();
    }
    return { type: 'Compare', left, ops, comparators, start: left.start, end: this.lastEnd() };
  }

  /** A left-associative binary level: operators recognised by `operatorAt`, operands by `next`. */
  private binaryLevel(next: () => Expr, operatorAt: () => BinaryOperator | undefined): Expr {
    let left = next();
    for (let op = operatorAt(); op !== undefined; op = operatorAt()) {
      this.pos++;
      const right = next();
      left = { type: 'Binary', op, left, right, start: left.start, end: this.lastEnd() };
    }
    return left;
  }

  private bitOr(): Expr {
    return this.binaryLevel(
      () => this.bitXor(),
      () => (this.isOp(CH_PIPE) ? '|' : undefined),
    );
  }

  private bitXor(): Expr {
    return this.binaryLevel(
      () => this.bitAnd(),
      () => (this.isOp(CH_CARET) ? '^' : undefined),
    );
  }

  private bitAnd(): Expr {
    return this.binaryLevel(
      () => this.shift(),
      () => (this.isOp(CH_AMP) ? '&' : undefined),
    );
  }

  private shift(): Expr {
    return this.binaryLevel(
      () => this.arith(),
      () => (this.isOp(OP_SHIFT) ? (this.text.charCodeAt(this.ts.start[this.pos]) === CH_LT ? '<<' : '>>') : undefined),
    );
  }

  private arith(): Expr {
    return this.binaryLevel(
      () => this.term(),
      () => (this.isOp(CH_PLUS) ? '+' : this.isOp(CH_MINUS) ? '-' : undefined),
    );
  }

  private term(): Expr {
    return this.binaryLevel(
      () => this.factor(),
      () => {
        if (this.pos >= this.count || this.ts.kind[this.pos] !== TK_OP) return undefined;
        switch (this.ts.op[this.pos]) {
          case CH_STAR:
            return '*';
          case CH_SLASH:
            return '/';
          case OP_FLOORDIV:
            return '//';
          case CH_PERCENT:
            return '%';
          case CH_AT:
            return '@';
          default:
            return undefined;
        }
      },
    );
  }

  private factor(): Expr {
    const op = this.isOp(CH_MINUS) ? '-' : this.isOp(CH_PLUS) ? '+' : this.isOp(CH_TILDE) ? '~' : undefined;
    if (op === undefined) return this.power();
    const start = this.start(this.pos);
    this.pos++;
    this.enter();
    const operand = this.factor();
    this.depth--;
    return { type: 'Unary', op, operand, start, end: this.lastEnd() };
  }

  private power(): Expr {
    let base: Expr;
    if (this.isWord('await')) {
      const start = this.start(this.pos);
      this.pos++;
      const value = this.primary();
      base = { type: 'Await', value, start, end: this.lastEnd() };
    } else {
      base = this.primary();
    }
    if (!this.isOp(OP_POW)) return base;
    this.pos++;
    this.enter();
    const exponent = this.factor(); // right-associative, binds tighter than a unary minus on its left
    this.depth--;
    return { type: 'Binary', op: '**', left: base, right: exponent, start: base.start, end: this.lastEnd() };
  }

  private primary(): Expr {
    this.enter();
    let node = this.atom();
    for (;;) {
      if (this.isOp(CH_DOT)) {
        this.pos++;
        const attr = this.expectName();
        node = { type: 'Attribute', value: node, attr, start: node.start, end: this.lastEnd() };
      } else if (this.isOp(CH_LPAREN)) {
        const args = this.callArguments();
        node = { type: 'Call', func: node, args, start: node.start, end: this.lastEnd() };
      } else if (this.isOp(CH_LBRACKET)) {
        const index = this.subscript();
        node = { type: 'Subscript', value: node, index, start: node.start, end: this.lastEnd() };
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
      this.problems.push({ start: this.lastEnd(), end: this.lastEnd(), message: 'unclosed bracket' });
      return;
    }
    this.fail(`expected '${String.fromCharCode(code)}'`);
  }

  /** `( args )` of a call (or class bases); the current token is `(`. */
  private callArguments(): Argument[] {
    this.pos++;
    const args: Argument[] = [];
    while (!this.isOp(CH_RPAREN) && !this.atLineEnd()) {
      const start = this.start(this.pos);
      if (this.isOp(CH_STAR) || this.isOp(OP_POW)) {
        const kind = this.isOp(CH_STAR) ? 'star' : 'doubleStar';
        this.pos++;
        const value = this.test();
        args.push({ kind, value, start, end: this.lastEnd() });
      } else if (this.ts.kind[this.pos] === TK_NAME && this.isOp(CH_EQUALS, this.pos + 1) && !KEYWORDS.has(this.word())) {
        const name = this.word();
        this.pos += 2;
        const value = this.test();
        args.push({ kind: 'keyword', name, value, start, end: this.lastEnd() });
      } else {
        let value = this.namedTest();
        if (this.isWord('for') || (this.isWord('async') && this.isWord('for', this.pos + 1))) {
          const generators = this.comprehensionClauses();
          value = { type: 'Comprehension', kind: 'generator', elt: value, generators, start: value.start, end: this.lastEnd() };
        }
        args.push({ kind: 'positional', value, start, end: this.lastEnd() });
      }
      if (!this.isOp(CH_COMMA)) break;
      this.pos++;
    }
    this.closeBracket(CH_RPAREN);
    return args;
  }

  private subscript(): Expr {
    const open = this.pos;
    this.pos++;
    const item = (): Expr => this.sliceItem();
    let index = item();
    if (this.isOp(CH_COMMA)) index = this.tupleRest(index, item);
    this.closeBracket(CH_RBRACKET);
    if (index.type === 'Invalid') index = { ...index, start: this.start(open) };
    return index;
  }

  private sliceItem(): Expr {
    const start = this.start(this.pos);
    if (this.isOp(CH_STAR)) return this.starred(() => this.bitOr());
    let lower: Expr | undefined;
    if (!this.isOp(CH_COLON)) {
      lower = this.namedTest();
      if (!this.isOp(CH_COLON)) return lower;
    }
    this.pos++;
    let upper: Expr | undefined;
    let step: Expr | undefined;
    const boundary = (): boolean => this.isOp(CH_COLON) || this.isOp(CH_COMMA) || this.isOp(CH_RBRACKET) || this.atLineEnd();
    if (!boundary()) upper = this.test();
    if (this.isOp(CH_COLON)) {
      this.pos++;
      if (!boundary()) step = this.test();
    }
    return { type: 'Slice', lower, upper, step, start, end: this.lastEnd() };
  }

  private comprehensionClauses(): Comprehension[] {
    const generators: Comprehension[] = [];
    while (this.isWord('for') || (this.isWord('async') && this.isWord('for', this.pos + 1))) {
      if (this.isWord('async')) this.pos++;
      this.pos++;
      const target = this.targetList();
      if (!this.isWord('in')) this.fail("expected 'in'");
      this.pos++;
      const iter = this.orTest();
      const ifs: Expr[] = [];
      while (this.isWord('if')) {
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
    if (this.isWord(`from`)) this.pos++;
    const value = this.atStatementEnd() || this.isClosingBracket() ? undefined : this.testList(true);
    return { type: 'Yield', value, start, end: this.lastEnd() };
  }

  private atom(): Expr {
    const i = this.pos;
    if (i >= this.count || this.ts.kind[i] === TK_NEWLINE) this.fail('expected an expression');
    const start = this.ts.start[i];
    const kind = this.ts.kind[i];
    if (kind === TK_NAME) {
      const w = this.word();
      if (w === 'True' || w === 'False' || w === 'None') {
        this.pos++;
        return { type: 'Constant', value: w === 'None' ? null : w === 'True', start, end: this.lastEnd() };
      }
      if (KEYWORDS.has(w)) this.fail(`unexpected '${w}'`);
      this.pos++;
      return { type: 'Name', id: w, start, end: this.lastEnd() };
    }
    if (kind === TK_NUMBER) {
      this.pos++;
      const src = this.text.slice(start, this.ts.end[i]);
      const lit = parseNumber(src);
      const isComplex = /[jJ]$/.test(src);
      return {
        type: 'Number',
        value:
          lit !== undefined && (lit.t === 'int' || lit.t === 'float')
            ? lit.v
            : isComplex
              ? Number(src.slice(0, -1).replace(/_/g, ''))
              : NaN,
        isFloat: lit !== undefined && lit.t === 'float',
        isComplex,
        start,
        end: this.lastEnd(),
      };
    }
    if (kind === TK_STRING) return this.strings();
    switch (this.ts.op[i]) {
      case CH_LPAREN:
        return this.parenthesized();
      case CH_LBRACKET:
        return this.listDisplay();
      case CH_LBRACE:
        return this.braceDisplay();
      case OP_ELLIPSIS:
        this.pos++;
        return { type: 'Ellipsis', start, end: this.lastEnd() };
      default:
        return this.fail('expected an expression');
    }
  }

  /** Adjacent string literals are one string (`"a" "b"`, f-strings included). */
  private strings(): Expr {
    const start = this.ts.start[this.pos];
    let value: string | undefined = '';
    let isFormatted = false;
    while (this.pos < this.count && this.ts.kind[this.pos] === TK_STRING) {
      const s = this.ts.start[this.pos];
      const e = this.ts.end[this.pos];
      const prefix = stringParts(this.text, s, e).prefix;
      if (prefix.includes('f') || prefix.includes('t')) isFormatted = true;
      const part = decodeString(this.text, s, e);
      value = value === undefined || part === undefined ? undefined : value + part;
      this.pos++;
    }
    return { type: 'String', value, isFormatted, start, end: this.lastEnd() };
  }

  private parenthesized(): Expr {
    const start = this.start(this.pos);
    this.pos++;
    if (this.isOp(CH_RPAREN)) {
      this.pos++;
      return { type: 'Tuple', elts: [], start, end: this.lastEnd() };
    }
    if (this.isWord('yield')) {
      const y = this.yieldExpr();
      this.closeBracket(CH_RPAREN);
      return { ...y, start, end: this.lastEnd() };
    }
    const item = (): Expr => (this.isOp(CH_STAR) ? this.starred(() => this.bitOr()) : this.namedTest());
    const first = item();
    if (this.isWord('for') || this.isWord('async')) {
      const generators = this.comprehensionClauses();
      this.closeBracket(CH_RPAREN);
      return { type: 'Comprehension', kind: 'generator', elt: first, generators, start, end: this.lastEnd() };
    }
    if (this.isOp(CH_COMMA)) {
      const tuple = this.tupleRest(first, item);
      this.closeBracket(CH_RPAREN);
      return { ...tuple, start, end: this.lastEnd() };
    }
    this.closeBracket(CH_RPAREN);
    // Parentheses only group: the node keeps its own span, like Python's ast.
    return first;
  }

  private listDisplay(): Expr {
    const start = this.start(this.pos);
    this.pos++;
    const elts: Expr[] = [];
    const item = (): Expr => (this.isOp(CH_STAR) ? this.starred(() => this.bitOr()) : this.namedTest());
    if (!this.isOp(CH_RBRACKET) && !this.atLineEnd()) {
      const first = item();
      if (this.isWord('for') || this.isWord('async')) {
        const generators = this.comprehensionClauses();
        this.closeBracket(CH_RBRACKET);
        return { type: 'Comprehension', kind: 'list', elt: first, generators, start, end: this.lastEnd() };
      }
      elts.push(first);
      while (this.isOp(CH_COMMA)) {
        this.pos++;
        if (this.isOp(CH_RBRACKET) || this.atLineEnd()) break;
        elts.push(item());
      }
    }
    this.closeBracket(CH_RBRACKET);
    return { type: 'List', elts, start, end: this.lastEnd() };
  }

  private braceDisplay(): Expr {
    const start = this.start(this.pos);
    this.pos++;
    if (this.isOp(CH_RBRACE) || this.atLineEnd()) {
      this.closeBracket(CH_RBRACE);
      return { type: 'Dict', keys: [], values: [], start, end: this.lastEnd() };
    }
    // First entry decides dict or set.
    const entry = (): [Expr | null, Expr] => {
      if (this.isOp(OP_POW)) {
        this.pos++;
        return [null, this.bitOr()];
      }
      const key = this.test();
      this.expectOp(CH_COLON, ':');
      return [key, this.test()];
    };
    if (this.isOp(OP_POW) || !this.isSetStart()) {
      const [key, value] = entry();
      if (key !== null && (this.isWord('for') || this.isWord('async'))) {
        const generators = this.comprehensionClauses();
        this.closeBracket(CH_RBRACE);
        return { type: 'Comprehension', kind: 'dict', elt: key, value, generators, start, end: this.lastEnd() };
      }
      const keys: (Expr | null)[] = [key];
      const values: Expr[] = [value];
      while (this.isOp(CH_COMMA)) {
        this.pos++;
        if (this.isOp(CH_RBRACE) || this.atLineEnd()) break;
        const [k, v] = entry();
        keys.push(k);
        values.push(v);
      }
      this.closeBracket(CH_RBRACE);
      return { type: 'Dict', keys, values, start, end: this.lastEnd() };
    }
    const item = (): Expr => (this.isOp(CH_STAR) ? this.starred(() => this.bitOr()) : this.namedTest());
    const first = item();
    if (this.isWord('for') || this.isWord('async')) {
      const generators = this.comprehensionClauses();
      this.closeBracket(CH_RBRACE);
      return { type: 'Comprehension', kind: 'set', elt: first, generators, start, end: this.lastEnd() };
    }
    const elts: Expr[] = [first];
    while (this.isOp(CH_COMMA)) {
      this.pos++;
      if (this.isOp(CH_RBRACE) || this.atLineEnd()) break;
      elts.push(item());
    }
    this.closeBracket(CH_RBRACE);
    return { type: 'Set', elts, start, end: this.lastEnd() };
  }

  /**
   * Whether the brace at pos-1 opens a set: no `:` at its own bracket level before the first comma
   * (a lambda's or slice's colon sits deeper or after `lambda`).
   */
  private isSetStart(): boolean {
    const open = this.pos - 1;
    const end = this.ts.match[open] >= 0 ? this.ts.match[open] : this.count;
    let lambdas = 0;
    for (let j = this.pos; j < end; j++) {
      if (this.ts.parent[j] !== open) continue;
      if (this.ts.kind[j] === TK_NEWLINE) break;
      if (this.isWord('lambda', j)) lambdas++;
      else if (this.isOp(CH_COLON, j)) {
        if (lambdas === 0) return false;
        lambdas--;
      } else if (this.isOp(CH_COMMA, j) || this.isWord('for', j)) return true;
    }
    return true;
  }
}

export { KEYWORDS as PYTHON_KEYWORDS };
