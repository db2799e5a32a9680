/**
 * A Python syntax tree with source offsets (UTF-16, end exclusive), as the tolerant parser builds
 * it. Shapes follow Python's own `ast` module where it is cheap to do so, so that rules read from
 * CPython or Keras translate directly.
 */

interface Span {
  readonly start: number;
  readonly end: number;
}

export type BinaryOperator = '+' | '-' | '*' | '/' | '//' | '%' | '**' | '@' | '&' | '|' | '^' | '<<' | '>>';
export type UnaryOperator = '-' | '+' | '~' | 'not';
export type CompareOperator = '==' | '!=' | '<' | '<=' | '>' | '>=' | 'in' | 'not in' | 'is' | 'is not';

/** One argument of a call: `x`, `*xs`, `name=x`, `**kw`. */
export interface Argument extends Span {
  readonly kind: 'positional' | 'star' | 'keyword' | 'doubleStar';
  readonly name?: string;
  readonly value: Expr;
}

/** One `for target in iter if cond` clause of a comprehension. */
export interface Comprehension {
  readonly target: Expr;
  readonly iter: Expr;
  readonly ifs: readonly Expr[];
}

/** A parameter of a def or lambda. */
export interface Parameter extends Span {
  readonly name: string;
  readonly kind: 'normal' | 'varargs' | 'kwargs';
  readonly defaultValue?: Expr;
  readonly annotation?: Expr;
}

export type Expr =
  | (Span & { readonly type: 'Name'; readonly id: string })
  | (Span & { readonly type: 'Number'; readonly value: number; readonly isFloat: boolean; readonly isComplex: boolean })
  /** `value` is undefined for f-strings with replacement fields, bytes and escapes not decoded. */
  | (Span & { readonly type: 'String'; readonly value: string | undefined; readonly isFormatted: boolean })
  | (Span & { readonly type: 'Constant'; readonly value: boolean | null })
  | (Span & { readonly type: 'Ellipsis' })
  | (Span & { readonly type: 'Attribute'; readonly value: Expr; readonly attr: string })
  | (Span & { readonly type: 'Call'; readonly func: Expr; readonly args: readonly Argument[] })
  | (Span & { readonly type: 'Subscript'; readonly value: Expr; readonly index: Expr })
  | (Span & { readonly type: 'Slice'; readonly lower?: Expr; readonly upper?: Expr; readonly step?: Expr })
  | (Span & { readonly type: 'Tuple' | 'List' | 'Set'; readonly elts: readonly Expr[] })
  /** A null key is a `**mapping` entry. */
  | (Span & { readonly type: 'Dict'; readonly keys: readonly (Expr | null)[]; readonly values: readonly Expr[] })
  | (Span & {
      readonly type: 'Comprehension';
      readonly kind: 'list' | 'set' | 'generator' | 'dict';
      readonly elt: Expr;
      /** The value of a dict comprehension (`elt` is its key). */
      readonly value?: Expr;
      readonly generators: readonly Comprehension[];
    })
  | (Span & { readonly type: 'Lambda'; readonly params: readonly Parameter[]; readonly body: Expr })
  | (Span & { readonly type: 'IfExp'; readonly test: Expr; readonly body: Expr; readonly orelse: Expr })
  | (Span & { readonly type: 'Unary'; readonly op: UnaryOperator; readonly operand: Expr })
  | (Span & { readonly type: 'Binary'; readonly op: BinaryOperator; readonly left: Expr; readonly right: Expr })
  | (Span & { readonly type: 'BoolOp'; readonly op: 'and' | 'or'; readonly values: readonly Expr[] })
  | (Span & {
      readonly type: 'Compare';
      readonly left: Expr;
      readonly ops: readonly CompareOperator[];
      readonly comparators: readonly Expr[];
    })
  | (Span & { readonly type: 'Starred'; readonly value: Expr })
  | (Span & { readonly type: 'NamedExpr'; readonly target: Expr; readonly value: Expr })
  /** `await x`, `yield x`, `yield from x`: parsed, never evaluated. */
  | (Span & { readonly type: 'Await' | 'Yield'; readonly value?: Expr })
  /** Text the parser could not read as an expression. */
  | (Span & { readonly type: 'Invalid' });

export interface ExceptHandler extends Span {
  readonly exceptionType?: Expr;
  readonly name?: string;
  readonly body: readonly Stmt[];
}

export interface WithItem {
  readonly context: Expr;
  readonly target?: Expr;
}

export interface ImportName {
  readonly name: string;
  readonly asName?: string;
}

export type Stmt =
  /** `a = b = value`, with tuple/list targets as written. */
  | (Span & { readonly type: 'Assign'; readonly targets: readonly Expr[]; readonly value: Expr })
  | (Span & { readonly type: 'AugAssign'; readonly target: Expr; readonly op: BinaryOperator; readonly value: Expr })
  | (Span & { readonly type: 'AnnAssign'; readonly target: Expr; readonly annotation: Expr; readonly value?: Expr })
  | (Span & { readonly type: 'Expr'; readonly value: Expr })
  | (Span & {
      readonly type: 'FunctionDef';
      readonly name: string;
      readonly params: readonly Parameter[];
      readonly body: readonly Stmt[];
      readonly decorators: readonly Expr[];
      readonly returns?: Expr;
      readonly isAsync: boolean;
    })
  | (Span & {
      readonly type: 'ClassDef';
      readonly name: string;
      readonly bases: readonly Argument[];
      readonly body: readonly Stmt[];
      readonly decorators: readonly Expr[];
    })
  | (Span & { readonly type: 'Return'; readonly value?: Expr })
  | (Span & {
      readonly type: 'For';
      readonly target: Expr;
      readonly iter: Expr;
      readonly body: readonly Stmt[];
      readonly orelse: readonly Stmt[];
    })
  | (Span & { readonly type: 'While'; readonly test: Expr; readonly body: readonly Stmt[]; readonly orelse: readonly Stmt[] })
  /** `elif` is an If alone in `orelse`, as in Python's ast. */
  | (Span & { readonly type: 'If'; readonly test: Expr; readonly body: readonly Stmt[]; readonly orelse: readonly Stmt[] })
  | (Span & { readonly type: 'With'; readonly items: readonly WithItem[]; readonly body: readonly Stmt[] })
  | (Span & {
      readonly type: 'Try';
      readonly body: readonly Stmt[];
      readonly handlers: readonly ExceptHandler[];
      readonly orelse: readonly Stmt[];
      readonly finalbody: readonly Stmt[];
    })
  | (Span & { readonly type: 'Import'; readonly names: readonly ImportName[] })
  /** `module` keeps its leading dots (`..pkg`). */
  | (Span & { readonly type: 'ImportFrom'; readonly module: string; readonly names: readonly ImportName[]; readonly star: boolean })
  | (Span & { readonly type: 'Pass' | 'Break' | 'Continue' })
  /** `global`, `nonlocal`, `del`, `raise`, `assert`: read, not evaluated. */
  | (Span & { readonly type: 'Other'; readonly keyword: string })
  /** A statement the parser could not read. */
  | (Span & { readonly type: 'Invalid' });

export interface SyntaxProblem extends Span {
  readonly message: string;
}

export interface Module {
  readonly body: readonly Stmt[];
  readonly problems: readonly SyntaxProblem[];
}
