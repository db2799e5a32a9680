/**
 * The initializer expressions both lookups build: a dotted chain that names an initializer (a call or
 * a reference, through any import style), a string id where Keras reads an initializer, a config dict;
 * and the value site an expression sits in (argument, layer, assignment). Shared by the cursor lookup
 * (findInitializerAt.ts) and the whole-file scan (findAllInitializers.ts).
 */
import { type PyDocument } from './document';
import { hasDefaultRoot, isInitializersModule, resolvePath, starImportedFrom } from './imports';
import { layerCall, layerContext, layerPositional, type LayerCall } from './layers';
import { evaluateTokens, litToValue, stringParts } from './literal';
import {
  bracketItems,
  callArguments,
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
  CH_LBRACE,
  CH_LBRACKET,
  CH_LPAREN,
  CH_RBRACE,
  CH_RBRACKET,
  CH_RPAREN,
  TK_STRING,
  bracketEnd,
  tokenText,
  type TokenStream,
} from './tokenizer';
import type { ArgumentInfo, InitializerContext, InitializerExpression, LayerContext, SourceRange } from './types';
import { ASSUMED_BARE, POSITIONAL, classifyAttribute, classifyId, type Classified } from './vocabulary';

/** A dotted chain that names an initializer. */
export interface ChainHit {
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
export interface ResolvedSite {
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

export function rangeOf(ts: TokenStream, first: number, last: number): SourceRange {
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

export function siteOf(doc: PyDocument, first: number, last: number): ResolvedSite | undefined {
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

/**
 * A name imported from an initializers module, under the cursor in the import statement itself:
 * `from tensorflow.keras.initializers import RandomNormal, Zeros` (or its `as` alias). A reference to
 * the class like any other, without arguments; undefined for every other import.
 */
export function importedNameExpression(doc: PyDocument, tok: number): InitializerExpression | undefined {
  const ts = doc.ts;
  const name = tokenText(ts, tok);
  // The bindings of this statement: the last `from` keyword before the cursor.
  let statement = -1;
  for (const b of doc.imports.list) if (b.token < tok && b.token > statement) statement = b.token;
  // The imported name itself (`RandomNormal`) or its alias (`as RN`): both stand for the class.
  const binding = doc.imports.list.find(
    (b) => b.token === statement && b.statement === 'fromImport' && (b.local === name || b.path.endsWith(`.${name}`)),
  );
  if (binding === undefined) return undefined;
  const dot = binding.path.lastIndexOf('.');
  if (dot <= 0 || !isInitializersModule(binding.path.slice(0, dot))) return undefined;
  const attr = binding.path.slice(dot + 1);
  const cls = classifyAttribute(attr, true);
  if (cls === undefined) return undefined;
  return {
    form: 'reference',
    ...classFields(cls),
    name: attr,
    qualifier: '',
    module: binding.path.slice(0, dot),
    args: {},
    nonLiteral: [],
    argList: [],
    range: rangeOf(ts, tok, tok),
    nameRange: rangeOf(ts, tok, tok),
    context: undefined,
    layer: undefined,
  };
}

/** The expression a chain hit starts (`keras.initializers.HeNormal(seed=1)` or a reference). */
export function chainExpression(doc: PyDocument, first: number, hit: ChainHit): InitializerExpression | undefined {
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
export function stringGroup(ts: TokenStream, i: number): [number, number] {
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
export function stringExpression(doc: PyDocument, first: number, last: number): InitializerExpression | undefined {
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
export function dictExpression(doc: PyDocument, open: number): InitializerExpression | undefined {
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

export function isOpener(o: number): boolean {
  return o === CH_LPAREN || o === CH_LBRACKET || o === CH_LBRACE;
}

export function isCloser(o: number): boolean {
  return o === CH_RPAREN || o === CH_RBRACKET || o === CH_RBRACE;
}
