/**
 * Completion items for Keras initializers, as plain data: ids inside an initializer string, classes
 * and function aliases after `initializers.`, keyword arguments inside an initializer call, and
 * `mode=` / `distribution=` values. Right after `kernel_initializer=` (no quote yet) it offers quoted
 * ids and calls spelled the way the file imports Keras. The extension maps the items to VS Code's.
 */
import { CLASS_NAMES, classForId, SNAKE_CASE, type ClassName } from '../initializers/names';
import { pyFloatRepr } from '../initializers/pyFormat';
import { REGISTRY, registryEntry, type ArgSpec, type RegistryEntry } from '../initializers/registry';
import { completionContextAt } from '../python/completionContext';
import { importStyle } from '../python/importStyle';
import type { CompletionContext, ImportStyle, SourceRange } from '../python/types';
import { ATTRIBUTE_CLASSES } from '../python/vocabulary';
import { signature } from './hover';
import { code, escapeMarkdown } from './markdown';
import { englishText, type Translate } from './translate';
import { stringIds } from './unknownId';

export type CompletionKind = 'id' | 'class' | 'function' | 'keyword' | 'value';

export interface CompletionEntry {
  readonly label: string;
  readonly kind: CompletionKind;
  /** What is inserted over `range`: plain text, or a TextMate snippet when `snippet` is set. */
  readonly insertText: string;
  readonly snippet: boolean;
  readonly range: SourceRange;
  /** One line beside the label: the class an id stands for, an argument's default. */
  readonly detail: string;
  /** Markdown. */
  readonly documentation: string;
  readonly sortText: string;
  /** Text VS Code filters on when it differs from the label (a quoted id is filtered without its quote). */
  readonly filterText?: string;
}

export interface CompletionResult {
  /** Which context produced the items; `afterEquals` is `kernel_initializer=` / `mode=` before any quote. */
  readonly context: CompletionContext['kind'] | 'afterEquals';
  readonly items: readonly CompletionEntry[];
}

export interface CompletionOptions {
  readonly t?: Translate;
}

/** The documentation shown beside an initializer id, class or call. */
export function initializerDoc(entry: RegistryEntry, t: Translate = englishText): string {
  const lines = [escapeMarkdown(entry.summary), `${code(entry.formula)}`, code(signature(entry.className, entry.args))];
  if (entry.seeded) {
    lines.push(
      escapeMarkdown(
        t('Keras 3: an int seed (or none) gives identical values on every call; a keras.random.SeedGenerator gives fresh ones.'),
      ),
    );
  }
  lines.push(`[${t('Documentation')}](${entry.docUrl})`);
  return lines.join('\n\n');
}

/** Sort group of a string id: snake_case ids first, then class names, then other aliases. */
function idGroup(id: string, className: ClassName): number {
  if (SNAKE_CASE[className] === id) return 0;
  if (className === id) return 1;
  return 2;
}

function registryIndex(className: ClassName): number {
  return REGISTRY.findIndex((e) => e.className === className);
}

function sortKey(group: number, index: number, label: string): string {
  return `${group}${String(index).padStart(2, '0')}${label}`;
}

function idItems(range: SourceRange, t: Translate, quote: string | undefined): CompletionEntry[] {
  const out: CompletionEntry[] = [];
  for (const id of stringIds()) {
    const className = classForId(id);
    const entry = className !== undefined ? registryEntry(className) : undefined;
    if (className === undefined || entry === undefined) continue;
    const label = quote === undefined ? id : `${quote}${id}${quote}`;
    out.push({
      label,
      kind: 'id',
      insertText: label,
      snippet: false,
      range,
      detail: id === className ? `keras.initializers.${className}` : t('{0} (alias of {1})', id, `keras.initializers.${className}`),
      documentation: initializerDoc(entry, t),
      sortText: sortKey(idGroup(id, className), registryIndex(className), id),
      ...(quote !== undefined ? { filterText: label } : {}),
    });
  }
  return out;
}

/** Escapes text for a TextMate snippet (`$`, `}` and `\` are special). */
function snippetText(s: string): string {
  return s.replace(/[$}\\]/g, '\\$&');
}

/** The arguments a call completion pre-fills: a seed for random initializers, the value of Constant. */
function callSnippet(name: string, className: ClassName, nextIsParen: boolean): { text: string; snippet: boolean } {
  if (nextIsParen) return { text: name, snippet: false };
  const entry = registryEntry(className);
  if (entry === undefined || entry.args.length === 0) return { text: `${name}()`, snippet: false };
  if (entry.seeded) return { text: `${snippetText(name)}(seed=\${1:42})$0`, snippet: true };
  if (className === 'Constant') return { text: `${snippetText(name)}(value=\${1:0.0})$0`, snippet: true };
  return { text: `${snippetText(name)}($0)`, snippet: true };
}

function memberItems(ctx: Extract<CompletionContext, { kind: 'member' }>, text: string, t: Translate): CompletionEntry[] {
  const nextIsParen = text.charCodeAt(ctx.range.end) === 40; // (
  const out: CompletionEntry[] = [];
  for (const [name, className] of ATTRIBUTE_CLASSES) {
    const entry = registryEntry(className);
    if (entry === undefined) continue;
    const isClass = /^[A-Z]/.test(name);
    const call = callSnippet(name, className, nextIsParen);
    out.push({
      label: name,
      kind: isClass ? 'class' : 'function',
      insertText: call.text,
      snippet: call.snippet,
      range: ctx.range,
      detail: name === className ? `${ctx.qualifier}${className}` : t('{0} (alias of {1})', `${ctx.qualifier}${name}`, className),
      documentation: initializerDoc(entry, t),
      // Classes first (the Keras 3 spelling), then the function-style aliases.
      sortText: sortKey(name === className ? 0 : isClass ? 2 : 1, registryIndex(className), name),
    });
  }
  return out;
}

/** The placeholder a keyword completion starts with. */
function keywordSnippet(arg: ArgSpec): string {
  if (arg.type === 'enum' && arg.choices !== undefined) {
    const choices = arg.choices.map((c) => (c === null ? 'None' : `"${c}"`));
    return `${arg.name}=\${1|${choices.map((c) => c.replace(/[,|\\$}]/g, '\\$&')).join(',')}|}`;
  }
  if (arg.type === 'seed') return `${arg.name}=\${1:42}`;
  if (arg.type === 'float' && typeof arg.default === 'number') return `${arg.name}=\${1:${pyFloatRepr(arg.default)}}`;
  if (arg.type === 'bool') return `${arg.name}=\${1|False,True|}`;
  if (arg.type === 'window') return `${arg.name}=\${1:"hann"}`;
  if (arg.type === 'axes') return `${arg.name}=\${1:None}`;
  return `${arg.name}=$1`;
}

function defaultText(arg: ArgSpec): string {
  const d = arg.default;
  if (d === null) return 'None';
  if (typeof d === 'boolean') return d ? 'True' : 'False';
  if (typeof d === 'string') return `'${d}'`;
  return arg.type === 'float' ? pyFloatRepr(d) : String(d);
}

function keywordItems(ctx: Extract<CompletionContext, { kind: 'keyword' }>, t: Translate): CompletionEntry[] {
  const entry = registryEntry(ctx.className);
  if (entry === undefined) return [];
  return entry.args
    .filter((a) => !ctx.present.includes(a.name))
    .map((a, i) => {
      const doc = [escapeMarkdown(a.doc)];
      if (a.constraint !== undefined) doc.push(escapeMarkdown(t('Keras checks: {0}', a.constraint)));
      if (a.choices !== undefined) doc.push(t('One of {0}', a.choices.map((c) => code(c === null ? 'None' : `"${c}"`)).join(', ')));
      return {
        label: `${a.name}=`,
        kind: 'keyword' as const,
        insertText: keywordSnippet(a),
        snippet: true,
        range: ctx.range,
        detail: t('{0} argument, default {1}', ctx.className, defaultText(a)),
        documentation: doc.join('\n\n'),
        sortText: sortKey(0, i, a.name),
        filterText: a.name,
      };
    });
}

/** What each mode / distribution value means (keras/src/initializers/random_initializers.py). */
const VALUE_DOCS: Readonly<Record<string, string>> = {
  fan_in: 'n = fan_in: the variance is scale / fan_in (preserves the forward signal; He and LeCun).',
  fan_out: 'n = fan_out: the variance is scale / fan_out (preserves the backward gradients).',
  fan_avg: 'n = (fan_in + fan_out) / 2 (Glorot / Xavier).',
  truncated_normal:
    'Normal truncated at ±2 stddev, with stddev = sqrt(scale / n) / 0.87962566103423978 so that the values have variance scale / n. "normal" means the same.',
  untruncated_normal: 'Normal with stddev = sqrt(scale / n), not truncated.',
  uniform: 'Uniform on [−limit, limit) with limit = sqrt(3 · scale / n).',
};

function valueItems(argument: 'mode' | 'distribution', range: SourceRange, quote: string | undefined, t: Translate): CompletionEntry[] {
  const arg = registryEntry('VarianceScaling')?.args.find((a) => a.name === argument);
  const choices = (arg?.choices ?? []).filter((c): c is string => c !== null);
  return choices.map((c, i) => {
    const label = quote === undefined ? c : `${quote}${c}${quote}`;
    return {
      label,
      kind: 'value' as const,
      insertText: label,
      snippet: false,
      range,
      detail: c === arg?.default ? t('VarianceScaling {0} (default)', argument) : t('VarianceScaling {0}', argument),
      documentation: escapeMarkdown(VALUE_DOCS[c] ?? ''),
      sortText: sortKey(0, i, c),
      ...(quote !== undefined ? { filterText: label } : {}),
    };
  });
}

/** How the file spells a class: a bare imported name, else the file's qualifier (Keras 3's when it has none). */
export function spellClass(style: ImportStyle, className: ClassName): string {
  for (const [local, name] of Object.entries(style.bareNames)) {
    if (name === className) return local;
  }
  const qualifier = style.kind === 'bare' || style.qualifier === '' ? 'keras.initializers.' : style.qualifier;
  return `${qualifier}${className}`;
}

function callItems(text: string, range: SourceRange, t: Translate): CompletionEntry[] {
  const style = importStyle(text);
  const out: CompletionEntry[] = [];
  for (const className of CLASS_NAMES) {
    const entry = registryEntry(className);
    if (entry === undefined) continue;
    const name = spellClass(style, className);
    const call = callSnippet(name, className, false);
    out.push({
      label: `${name}()`,
      kind: 'class',
      insertText: call.text,
      snippet: call.snippet,
      range,
      detail: t('a {0} instance', className),
      documentation: initializerDoc(entry, t),
      sortText: sortKey(3, registryIndex(className), name),
      filterText: name,
    });
  }
  return out;
}

/** The quote the file uses most for strings, `"` by default. */
function preferredQuote(text: string): string {
  let single = 0;
  let double = 0;
  const limit = Math.min(text.length, 20_000);
  for (let i = 0; i < limit; i++) {
    const c = text.charCodeAt(i);
    if (c === 39) single++;
    else if (c === 34) double++;
  }
  return single > double ? "'" : '"';
}

/** `kernel_initializer=|` or `mode=|` with nothing typed after `=` yet. */
function afterEquals(text: string, offset: number, t: Translate): CompletionResult | undefined {
  let k = offset - 1;
  while (k >= 0 && (text.charCodeAt(k) === 32 || text.charCodeAt(k) === 9)) k--;
  if (k < 1 || text.charCodeAt(k) !== 61) return undefined; // =
  if ('=<>!:+-*/%&|^@'.includes(text.charAt(k - 1))) return undefined; // ==, <=, :=, +=...
  const next = text.charAt(offset);
  if (next !== '' && !/[\s,)\]}]/.test(next)) return undefined;
  // Ask the reader what a string typed here would be: an initializer id, or a mode/distribution value.
  const probe = completionContextAt(`${text.slice(0, offset)}""${text.slice(offset)}`, offset + 1);
  if (probe === undefined) return undefined;
  const range = { start: offset, end: offset };
  const quote = preferredQuote(text);
  if (probe.kind === 'stringId') {
    return { context: 'afterEquals', items: [...idItems(range, t, quote), ...callItems(text, range, t)] };
  }
  if (probe.kind === 'value') return { context: 'afterEquals', items: valueItems(probe.argument, range, quote, t) };
  return undefined;
}

/** The completion items at `offset`, or undefined when the position is not about an initializer. Never throws. */
export function completionsAt(text: string, offset: number, options: CompletionOptions = {}): CompletionResult | undefined {
  const t = options.t ?? englishText;
  if (typeof text !== 'string' || !Number.isInteger(offset) || offset < 0 || offset > text.length) return undefined;
  const ctx = completionContextAt(text, offset);
  if (ctx === undefined) return afterEquals(text, offset, t);
  switch (ctx.kind) {
    case 'stringId':
      return { context: ctx.kind, items: idItems(ctx.range, t, undefined) };
    case 'member':
      return { context: ctx.kind, items: memberItems(ctx, text, t) };
    case 'keyword': {
      const items = keywordItems(ctx, t);
      return items.length > 0 ? { context: ctx.kind, items } : undefined;
    }
    case 'value':
      return { context: ctx.kind, items: valueItems(ctx.argument, ctx.range, undefined, t) };
  }
}
