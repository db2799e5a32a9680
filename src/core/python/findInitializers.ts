/**
 * Finds Keras initializer expressions in Python source: calls and references through any import
 * style, string ids where Keras reads an initializer, and config dicts. Pure functions over
 * (text, offset); the editor features adapt the plain-data answers.
 */
import { documentFor, statementsOf, type PyDocument, type VariableAssignment } from './document';
import { hasDefaultRoot, isInitializersModule, resolvePath, starImportedFrom } from './imports';
import { layerCall, layerContext, layerPositional, type LayerCall } from './layers';
import { evaluateTokens, litToValue, stringParts } from './literal';
import {
  bracketItems,
  callArguments,
  chainBounds,
  chainNames,
  isInitializerName,
  lastComponent,
  ownerOf,
  splitArguments,
  valueSite,
  type RawArgument,
  type ValueSite,
} from './syntax';
import {
  CH_COLON,
  CH_DOT,
  CH_EQUALS,
  CH_LBRACE,
  CH_LBRACKET,
  CH_LPAREN,
  CH_RBRACE,
  CH_RBRACKET,
  CH_RPAREN,
  TK_NAME,
  TK_NEWLINE,
  TK_STRING,
  bracketEnd,
  importKeywordAt,
  isInComment,
  isName,
  isStatementStart,
  tokenIndexAtOrBefore,
  tokenText,
  type TokenStream,
} from './tokenizer';
import type {
  ArgumentInfo,
  FileInitializers,
  InitializerContext,
  InitializerExpression,
  InstanceUse,
  LayerContext,
  SeedInfo,
  SharedInstance,
  SourceRange,
} from './types';
import { ASSUMED_BARE, POSITIONAL, RANDOM_CLASSES, classifyAttribute, classifyId, type Classified } from './vocabulary';

/** A dotted chain that names an initializer. */
interface ChainHit {
  /** Token of the initializer's own name (the last name of `tf.keras.initializers.HeNormal`, or a bare alias). */
  readonly attrTok: number;
  readonly name: string;
  readonly qualifier: string;
  readonly module: string | undefined;
  readonly cls: Classified;
  /** A bare class name with no visible import: accepted only where an initializer is expected. */
  readonly assumed: boolean;
}

/** Whether the chain [first, last] names a Keras initializer, and which. */
export function resolveChain(doc: PyDocument, first: number, last: number): ChainHit | undefined {
  const ts = doc.ts;
  if (first > 0 && ts.op[first - 1] === CH_DOT) return undefined; // an attribute of some expression
  const head = tokenText(ts, first);
  const bound = doc.imports.bindings.get(head);
  // Most names in a file are local variables: rule them out before building the whole chain.
  if (bound === undefined && !hasDefaultRoot(doc.imports, head) && !ASSUMED_BARE.has(head) && doc.imports.starModules.length === 0) {
    return undefined;
  }
  const names = first === last ? [head] : chainNames(ts, first, last);
  if (bound !== undefined || hasDefaultRoot(doc.imports, head)) {
    for (let k = 1; k < names.length; k++) {
      const path = resolvePath(doc.imports, names.slice(0, k));
      if (path !== undefined && isInitializersModule(path)) {
        const cls = classifyAttribute(names[k], bound !== undefined);
        if (cls === undefined) return undefined;
        return { attrTok: first + 2 * k, name: names[k], qualifier: `${names.slice(0, k).join('.')}.`, module: path, cls, assumed: false };
      }
    }
    if (bound !== undefined) {
      // `from keras.initializers import HeNormal as HN`: the bare alias itself.
      const dot = bound.lastIndexOf('.');
      if (dot > 0 && isInitializersModule(bound.slice(0, dot))) {
        const attr = bound.slice(dot + 1);
        const cls = classifyAttribute(attr, true);
        if (cls === undefined) return undefined;
        return { attrTok: first, name: attr, qualifier: '', module: bound.slice(0, dot), cls, assumed: false };
      }
    }
    return undefined;
  }
  const star = starImportedFrom(doc.imports, head);
  if (star !== undefined) {
    const cls = classifyAttribute(head, false);
    if (cls !== undefined) return { attrTok: first, name: head, qualifier: '', module: star, cls, assumed: false };
  }
  if (ASSUMED_BARE.has(head)) {
    const cls = classifyAttribute(head, false);
    if (cls !== undefined) return { attrTok: first, name: head, qualifier: '', module: undefined, cls, assumed: true };
  }
  return undefined;
}

/** A value site with its positional parameter resolved, whether it expects an initializer, and its layer. */
interface ResolvedSite {
  readonly context: InitializerContext;
  readonly expectsInitializer: boolean;
  readonly layer: LayerContext | undefined;
}

/** `keras.initializers.get(...)` / `.deserialize(...)`: returns which, for the call opened at `open`. */
function initializersFunction(doc: PyDocument, names: readonly string[]): 'get' | 'deserialize' | undefined {
  if (names.length === 0) return undefined;
  const full = resolvePath(doc.imports, names);
  if (full === undefined) return undefined;
  const dot = full.lastIndexOf('.');
  const fn = full.slice(dot + 1);
  if ((fn === 'get' || fn === 'deserialize') && dot > 0 && isInitializersModule(full.slice(0, dot))) return fn;
  return undefined;
}

function rangeOf(ts: TokenStream, first: number, last: number): SourceRange {
  return { start: ts.start[first], end: Math.max(ts.start[first], ts.end[last]) };
}

/** The last token of the call whose parenthesis is at `open` (its partner, or the last token inside). */
function callLast(ts: TokenStream, open: number): number {
  const m = ts.match[open];
  if (m >= 0) return m;
  return Math.max(open, bracketEnd(ts, open) - 1);
}

/** The layer call opened at `open`, read once per document (an LSTM has three initializer arguments). */
function layerCallAt(doc: PyDocument, open: number, calleeNames: readonly string[]): LayerCall | undefined {
  doc.layerCalls ??= new Map();
  if (doc.layerCalls.has(open)) return doc.layerCalls.get(open);
  const ts = doc.ts;
  const args = callArguments(ts, open, layerPositional(calleeNames[calleeNames.length - 1]) ?? []);
  const call = layerCall(ts, calleeNames, args, rangeOf(ts, ownerOf(ts, open).first, callLast(ts, open)));
  doc.layerCalls.set(open, call);
  return call;
}

function resolveSite(doc: PyDocument, site: ValueSite): ResolvedSite {
  const ts = doc.ts;
  let context = site.context;
  let argument: string | undefined;
  let expectsInitializer = false;
  let calleeNames: readonly string[] = [];
  if (site.open >= 0) calleeNames = ownerOf(ts, site.open).names;
  switch (context.kind) {
    case 'keyword':
      argument = context.keyword;
      expectsInitializer = isInitializerName(argument) || (argument === 'identifier' && initializersFunction(doc, calleeNames) === 'get');
      break;
    case 'positional': {
      const fn = initializersFunction(doc, calleeNames);
      let parameter: string | undefined;
      if (fn !== undefined) parameter = context.index === 0 ? (fn === 'get' ? 'identifier' : 'config') : undefined;
      else parameter = layerPositional(calleeNames[calleeNames.length - 1] ?? '')?.[context.index];
      context = { ...context, parameter };
      argument = parameter;
      expectsInitializer = fn !== undefined ? parameter !== undefined : isInitializerName(parameter);
      break;
    }
    case 'parameterDefault':
      expectsInitializer = isInitializerName(context.parameter);
      break;
    case 'assignment':
      expectsInitializer = isInitializerName(lastComponent(context.target));
      break;
    case 'dictEntry':
      expectsInitializer = isInitializerName(context.key);
      break;
  }
  let layer: LayerContext | undefined;
  if (site.open >= 0 && argument !== undefined && isInitializerName(argument) && calleeNames.length > 0) {
    const call = layerCallAt(doc, site.open, calleeNames);
    if (call !== undefined) layer = layerContext(call, argument);
  }
  return { context, expectsInitializer, layer };
}

function siteOf(doc: PyDocument, first: number, last: number): ResolvedSite | undefined {
  const site = valueSite(doc.ts, first, last);
  return site === undefined ? undefined : resolveSite(doc, site);
}

function classFields(cls: Classified): Pick<InitializerExpression, 'className' | 'unknownId' | 'keras2Name'> {
  return {
    className: cls.className,
    ...(cls.unknownId !== undefined ? { unknownId: cls.unknownId } : {}),
    ...(cls.keras2Name !== undefined ? { keras2Name: cls.keras2Name } : {}),
  };
}

/** The expression a chain hit starts (`keras.initializers.HeNormal(seed=1)` or a reference). */
function chainExpression(doc: PyDocument, first: number, hit: ChainHit): InitializerExpression | undefined {
  const ts = doc.ts;
  const paren = hit.attrTok + 1;
  const isCall = ts.op[paren] === CH_LPAREN && paren < ts.count;
  const last = isCall ? callLast(ts, paren) : hit.attrTok;
  const site = siteOf(doc, first, last);
  if (hit.assumed && !(site?.expectsInitializer ?? false)) return undefined;
  const raw: RawArgument[] = isCall ? callArguments(ts, paren, hit.cls.className !== undefined ? POSITIONAL[hit.cls.className] : []) : [];
  const { args, nonLiteral } = splitArguments(raw);
  return {
    form: isCall ? 'call' : 'reference',
    ...classFields(hit.cls),
    name: hit.name,
    qualifier: hit.qualifier,
    module: hit.module,
    args,
    nonLiteral,
    argList: raw.map((a) => a.info),
    range: rangeOf(ts, first, last),
    nameRange: rangeOf(ts, hit.attrTok, hit.attrTok),
    context: site?.context,
    layer: site?.layer,
  };
}

/** Consecutive string tokens around token i (implicit concatenation): [first, last]. */
function stringGroup(ts: TokenStream, i: number): [number, number] {
  let first = i;
  while (first > 0 && ts.kind[first - 1] === TK_STRING) first--;
  let last = i;
  while (last + 1 < ts.count && ts.kind[last + 1] === TK_STRING) last++;
  return [first, last];
}

function stringContentRange(ts: TokenStream, first: number, last: number): SourceRange {
  const a = stringParts(ts.text, ts.start[first], ts.end[first]);
  const b = first === last ? a : stringParts(ts.text, ts.start[last], ts.end[last]);
  return { start: a.contentStart, end: Math.max(a.contentStart, b.contentEnd) };
}

/** A string id where Keras reads an initializer (`kernel_initializer="he_normal"`). */
function stringExpression(doc: PyDocument, first: number, last: number): InitializerExpression | undefined {
  const ts = doc.ts;
  // Where the string sits decides first: most strings in a file are not initializer ids.
  const site = siteOf(doc, first, last);
  if (site === undefined || !site.expectsInitializer) return undefined;
  const lit = evaluateTokens(ts, first, last + 1);
  if (lit === undefined || lit.t !== 'str') return undefined;
  const cls = classifyId(lit.v);
  if (cls === undefined) return undefined;
  return {
    form: 'string',
    ...classFields(cls),
    name: lit.v,
    qualifier: '',
    module: undefined,
    args: {},
    nonLiteral: [],
    argList: [],
    range: rangeOf(ts, first, last),
    nameRange: stringContentRange(ts, first, last),
    context: site.context,
    layer: site.layer,
  };
}

/** Entries of a dict display: key (when a plain string), value tokens [valueFirst, end). */
interface DictEntry {
  readonly key: string | undefined;
  readonly first: number;
  readonly keyEnd: number;
  readonly valueFirst: number;
  readonly end: number;
}

function dictEntries(ts: TokenStream, open: number): DictEntry[] {
  const out: DictEntry[] = [];
  for (const [a, b] of bracketItems(ts, open)) {
    let k = a;
    while (k < b && ts.kind[k] === TK_STRING) k++;
    if (ts.op[k] !== CH_COLON || k >= b) continue;
    const key = k > a ? evaluateTokens(ts, a, k) : undefined;
    out.push({ key: key !== undefined && key.t === 'str' ? key.v : undefined, first: a, keyEnd: k, valueFirst: k + 1, end: b });
  }
  return out;
}

function dictArguments(ts: TokenStream, open: number): RawArgument[] {
  return dictEntries(ts, open).map((e, position) => {
    const lit = e.valueFirst < e.end ? evaluateTokens(ts, e.valueFirst, e.end) : undefined;
    const valueRange = e.valueFirst < e.end ? rangeOf(ts, e.valueFirst, e.end - 1) : { start: ts.end[e.keyEnd], end: ts.end[e.keyEnd] };
    const info: ArgumentInfo = {
      name: e.key,
      keyword: true,
      position,
      unpacked: false,
      range: rangeOf(ts, e.first, e.end - 1),
      valueRange,
      valueText: ts.text.slice(valueRange.start, valueRange.end),
      literal: lit !== undefined,
      ...(lit !== undefined ? { value: litToValue(lit), type: lit.t } : {}),
    };
    return { info, first: e.first, valueFirst: e.valueFirst, end: e.end, lit, key: e.key ?? `#${position}` };
  });
}

/** `{"class_name": "VarianceScaling", "config": {...}}` opened at `open`. */
function dictExpression(doc: PyDocument, open: number): InitializerExpression | undefined {
  const ts = doc.ts;
  if (ts.op[open] !== CH_LBRACE) return undefined;
  let classFirst = -1;
  let classLast = -1;
  let classId: string | undefined;
  let moduleName: string | undefined;
  let configOpen = -1;
  for (const e of dictEntries(ts, open)) {
    if (e.key === 'class_name') {
      const v = evaluateTokens(ts, e.valueFirst, e.end);
      if (v !== undefined && v.t === 'str') {
        classId = v.v;
        classFirst = e.valueFirst;
        classLast = e.end - 1;
      }
    } else if (e.key === 'module') {
      const v = evaluateTokens(ts, e.valueFirst, e.end);
      if (v !== undefined && v.t === 'str') moduleName = v.v;
    } else if (e.key === 'config' && ts.op[e.valueFirst] === CH_LBRACE) {
      configOpen = e.valueFirst;
    }
  }
  if (classId === undefined) return undefined;
  const cls = classifyId(classId);
  if (cls === undefined) return undefined;
  const last = callLast(ts, open);
  const site = siteOf(doc, open, last);
  if (cls.unknownId !== undefined) {
    // An unknown class_name is an initializer only where one is expected (else it is a layer config...).
    const initModule = moduleName !== undefined && /(^|\.)initializers(\.|$)/.test(moduleName);
    if (!(site?.expectsInitializer ?? false) && !initModule) return undefined;
  }
  const raw = configOpen >= 0 ? dictArguments(ts, configOpen) : [];
  const { args, nonLiteral } = splitArguments(raw);
  return {
    form: 'dict',
    ...classFields(cls),
    name: classId,
    qualifier: '',
    module: moduleName,
    args,
    nonLiteral,
    argList: raw.map((a) => a.info),
    range: rangeOf(ts, open, last),
    nameRange: stringContentRange(ts, classFirst, classLast),
    context: site?.context,
    layer: site?.layer,
  };
}

function isOpener(o: number): boolean {
  return o === CH_LPAREN || o === CH_LBRACKET || o === CH_LBRACE;
}

function isCloser(o: number): boolean {
  return o === CH_RPAREN || o === CH_RBRACKET || o === CH_RBRACE;
}

/** The innermost open bracket that contains `offset` (the cursor is after its opening token), or -1. */
export function enclosingBracket(ts: TokenStream, offset: number): number {
  const j = tokenIndexAtOrBefore(ts, offset - 1); // the last token that starts before the offset
  if (j < 0) return -1;
  const o = ts.op[j];
  if (offset < ts.end[j]) return ts.parent[j]; // inside token j
  if (isOpener(o)) return j;
  if (isCloser(o)) return ts.parent[j];
  return ts.parent[j];
}

/** The token under `offset`: the one containing it, else a name or string ending exactly there. */
function tokenUnder(ts: TokenStream, offset: number): number {
  const i = tokenIndexAtOrBefore(ts, offset);
  if (i < 0) return -1;
  const wordy = (t: number): boolean => t >= 0 && (ts.kind[t] === TK_NAME || ts.kind[t] === TK_STRING);
  if (ts.start[i] < offset && offset < ts.end[i]) return i;
  if (ts.start[i] === offset) {
    // Between two tokens (`HeNormal|(`): a name or string ending here wins over an operator.
    if (!wordy(i) && i > 0 && ts.end[i - 1] === offset && wordy(i - 1)) return i - 1;
    return offset < ts.end[i] ? i : -1;
  }
  return ts.end[i] === offset && wordy(i) ? i : -1;
}

function validOffset(text: string, offset: number): number | undefined {
  if (typeof offset !== 'number' || Number.isNaN(offset)) return undefined;
  return Math.min(Math.max(0, Math.floor(offset)), text.length);
}

/**
 * The initializer expression under `offset` (innermost), or undefined. Never throws.
 * A variable passed as an initializer (`kernel_initializer=init`) answers with the expression it
 * was assigned (`init = HeNormal(seed=42)`), marked with `via`.
 */
export function findInitializerAt(text: string, offset: number): InitializerExpression | undefined {
  if (typeof text !== 'string') return undefined;
  const at = validOffset(text, offset);
  if (at === undefined) return undefined;
  const doc = documentFor(text);
  const ts = doc.ts;
  if (isInComment(ts, at)) return undefined;
  const tok = tokenUnder(ts, at);
  if (tok >= 0) {
    const k = ts.kind[tok];
    if (k === TK_STRING) {
      const [first, last] = stringGroup(ts, tok);
      const m = stringExpression(doc, first, last);
      if (m !== undefined) return m;
    } else if (k === TK_NAME && !inImportStatement(ts, tok)) {
      const [first, last] = chainBounds(ts, tok);
      const hit = resolveChain(doc, first, last);
      if (hit !== undefined && tok <= hit.attrTok) {
        const m = chainExpression(doc, first, hit);
        if (m !== undefined) return m;
      } else if (hit === undefined) {
        const m = variableUse(doc, first, last);
        if (m !== undefined) return m;
      }
    }
  }
  let p = enclosingBracket(ts, at);
  while (p >= 0) {
    const o = ts.op[p];
    if (o === CH_LPAREN && p > 0 && ts.kind[p - 1] === TK_NAME) {
      const [first, last] = chainBounds(ts, p - 1);
      if (last === p - 1) {
        const hit = resolveChain(doc, first, last);
        if (hit !== undefined && hit.attrTok === last) {
          const m = chainExpression(doc, first, hit);
          if (m !== undefined) return m;
        }
      }
    } else if (o === CH_LBRACE) {
      const m = dictExpression(doc, p);
      if (m !== undefined) return m;
    }
    p = ts.parent[p];
  }
  return undefined;
}

/** Whether token i is part of an `import` / `from ... import` statement. */
function inImportStatement(ts: TokenStream, i: number): boolean {
  let j = i;
  while (j > 0 && !isStatementStart(ts, j)) j--;
  return importKeywordAt(ts, j) !== undefined;
}

/** `kernel_initializer=init` where `init` holds an initializer instance assigned earlier. */
function variableUse(doc: PyDocument, first: number, last: number): InitializerExpression | undefined {
  const ts = doc.ts;
  const site = siteOf(doc, first, last);
  if (site === undefined || !site.expectsInitializer) return undefined;
  const variable = chainNames(ts, first, last).join('.');
  const all = allOf(doc);
  let found: VariableAssignment | undefined;
  for (const a of all.assignments) {
    if (a.token >= first) break;
    if (a.variable === variable) found = a;
  }
  if (found === undefined) return undefined;
  const assigned = all.result.expressions[found.expression];
  return {
    ...assigned,
    context: site.context,
    layer: site.layer,
    via: { variable, range: rangeOf(ts, first, last) },
  };
}

/** Whether the bracket opened at `open` is a comprehension (has a `for` at its own level). */
function isComprehension(ts: TokenStream, open: number): boolean {
  const end = bracketEnd(ts, open);
  for (let j = open + 1; j < end; j++) {
    if (ts.parent[j] === open && isName(ts, j, 'for')) return true;
    if (isOpener(ts.op[j]) && ts.match[j] > j) j = ts.match[j];
  }
  return false;
}

function startsLoop(ts: TokenStream, s: number): boolean {
  return isName(ts, s, 'for') || isName(ts, s, 'while') || (isName(ts, s, 'async') && isName(ts, s + 1, 'for'));
}

/**
 * Whether the use at token `use` runs repeatedly for one instance created at token `assign`: inside
 * a comprehension or a for/while body that begins after the assignment.
 */
function inLoop(doc: PyDocument, use: number, assign: number): boolean {
  const ts = doc.ts;
  for (let p = ts.parent[use]; p > assign; p = ts.parent[p]) {
    if (isComprehension(ts, p)) return true;
  }
  const { starts, indents } = statementsOf(doc);
  let lo = 0;
  let hi = starts.length - 1;
  let s = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (starts[mid] <= use) {
      s = mid;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  if (s < 0) return false;
  if (starts[s] > assign && startsLoop(ts, starts[s])) return true; // `for ...: Dense(..., kernel_initializer=init)`
  let indent = indents[s];
  for (let k = s - 1; k >= 0 && starts[k] > assign && indent > 0; k--) {
    if (indents[k] >= indent) continue;
    indent = indents[k];
    const t = starts[k];
    if (startsLoop(ts, t)) return true;
    if (isName(ts, t, 'def') || isName(ts, t, 'class') || (isName(ts, t, 'async') && isName(ts, t + 1, 'def'))) return false;
  }
  return false;
}

function seedOf(expr: InitializerExpression): SeedInfo {
  const a = expr.argList.find((x) => x.name === 'seed');
  if (a === undefined) return { kind: 'none' };
  if (a.literal) {
    if (a.type === 'None') return { kind: 'none' };
    if ((a.type === 'int' || a.type === 'bool') && (typeof a.value === 'number' || typeof a.value === 'boolean')) {
      return { kind: 'int', value: Number(a.value) };
    }
    return { kind: 'nonLiteral', text: a.valueText };
  }
  if (/\bSeedGenerator\s*\(/.test(a.valueText)) return { kind: 'seedGenerator' };
  return { kind: 'nonLiteral', text: a.valueText };
}

interface InstanceBuilder {
  readonly variable: string;
  readonly expression: number;
  readonly token: number;
  readonly uses: InstanceUse[];
}

function allOf(doc: PyDocument): NonNullable<PyDocument['all']> {
  if (doc.all !== undefined) return doc.all;
  const ts = doc.ts;
  const expressions: InitializerExpression[] = [];
  const assignments: VariableAssignment[] = [];
  const builders: InstanceBuilder[] = [];
  const live = new Map<string, InstanceBuilder>();
  let i = 0;
  while (i < ts.count) {
    const k = ts.kind[i];
    if (k === TK_NAME) {
      if (isStatementStart(ts, i) && importKeywordAt(ts, i) !== undefined) {
        while (i < ts.count && ts.kind[i] !== TK_NEWLINE) i++;
        continue;
      }
      if (i > 0 && ts.op[i - 1] === CH_DOT) {
        i++;
        continue;
      }
      const [first, last] = chainBounds(ts, i);
      const hit = resolveChain(doc, first, last);
      const expr = hit !== undefined ? chainExpression(doc, first, hit) : undefined;
      if (expr !== undefined) {
        expressions.push(expr);
        if (expr.form === 'call' && expr.context?.kind === 'assignment') {
          const target = expr.context.target;
          const b: InstanceBuilder = { variable: target, expression: expressions.length - 1, token: first, uses: [] };
          builders.push(b);
          live.set(target, b);
          assignments.push({ variable: target, expression: b.expression, token: first });
        }
      } else if (hit === undefined) {
        if (isStatementStart(ts, first) && ts.op[last + 1] === CH_EQUALS) {
          // A new value for the variable: the instance it held is no longer what it names.
          if (live.size > 0) live.delete(chainNames(ts, first, last).join('.'));
        } else if (live.size > 0) {
          const b = live.get(chainNames(ts, first, last).join('.'));
          if (b !== undefined) {
            const site = siteOf(doc, first, last);
            if (site !== undefined && site.expectsInitializer) {
              b.uses.push({
                range: rangeOf(ts, first, last),
                context: site.context,
                layer: site.layer,
                inLoop: inLoop(doc, first, b.token),
              });
            }
          }
        }
      }
      i = last + 1;
      continue;
    }
    if (k === TK_STRING) {
      const [first, last] = stringGroup(ts, i);
      const expr = stringExpression(doc, first, last);
      if (expr !== undefined) expressions.push(expr);
      i = last + 1;
      continue;
    }
    if (ts.op[i] === CH_LBRACE) {
      const expr = dictExpression(doc, i);
      if (expr !== undefined) expressions.push(expr);
    }
    i++;
  }
  const sharedInstances: SharedInstance[] = [];
  for (const b of builders) {
    const initializer = expressions[b.expression];
    if (initializer.className === undefined || !RANDOM_CLASSES.has(initializer.className)) continue;
    if (b.uses.length < 2 && !b.uses.some((u) => u.inLoop)) continue;
    const seed = seedOf(initializer);
    const identicalValues = seed.kind === 'int' || seed.kind === 'none' ? true : seed.kind === 'seedGenerator' ? false : undefined;
    sharedInstances.push({ variable: b.variable, initializer, seed, identicalValues, uses: b.uses });
  }
  doc.all = { result: { expressions, sharedInstances }, assignments };
  return doc.all;
}

/**
 * Every initializer expression in the file, in source order, and the seeded (or unseeded) random
 * initializer instances that one variable passes to several layers. The answer is cached per text
 * and must not be mutated.
 */
export function findAllInitializers(text: string): FileInitializers {
  if (typeof text !== 'string') return { expressions: [], sharedInstances: [] };
  return allOf(documentFor(text)).result;
}

export { dictExpression, stringGroup };
