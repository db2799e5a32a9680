/**
 * What completion should offer at an offset: initializer ids inside an initializer string, members
 * after `initializers.`, parameters inside an initializer call, `mode`/`distribution` values.
 */
import { documentFor, type PyDocument } from './document';
import { enclosingBracket } from './findInitializerAt';
import { dictExpression, resolveChain, stringGroup } from './initializerExpressions';
import { isInitializersModule, resolvePath } from './imports';
import { layerPositional } from './layers';
import { stringParts } from './literal';
import {
  bracketItems,
  callArguments,
  chainBounds,
  chainNames,
  isInitializerName,
  lastComponent,
  ownerOf,
  valueSite,
  type ValueSite,
} from './syntax';
import { CH_COMMA, CH_DOT, CH_LBRACE, CH_LPAREN, TK_NAME, TK_STRING, isInComment, tokenIndexAtOrBefore } from './tokenizer';
import type { ClassName } from '../initializers/names';
import type { CompletionContext, SourceRange } from './types';
import { POSITIONAL } from './vocabulary';

/** The initializer class whose call parenthesis is at `open`, if it is one. */
function initializerCallClass(doc: PyDocument, open: number): { className: ClassName; first: number } | undefined {
  const ts = doc.ts;
  if (ts.op[open] !== CH_LPAREN || open === 0 || ts.kind[open - 1] !== TK_NAME) return undefined;
  const [first, last] = chainBounds(ts, open - 1);
  if (last !== open - 1) return undefined;
  const hit = resolveChain(doc, first, last);
  if (hit === undefined || hit.attrTok !== last || hit.cls.className === undefined) return undefined;
  return { className: hit.cls.className, first };
}

/** Whether a string site expects an initializer id (mirrors initializerExpressions' rule, tolerant of typing). */
function expectsId(doc: PyDocument, site: ValueSite): boolean {
  const ctx = site.context;
  switch (ctx.kind) {
    case 'keyword':
      return isInitializerName(ctx.keyword) || (ctx.keyword === 'identifier' && isGetCall(doc, site.open));
    case 'parameterDefault':
      return isInitializerName(ctx.parameter);
    case 'assignment':
      return isInitializerName(lastComponent(ctx.target));
    case 'dictEntry':
      return isInitializerName(ctx.key);
    case 'positional': {
      if (isGetCall(doc, site.open)) return ctx.index === 0;
      const names = ownerOf(doc.ts, site.open).names;
      return isInitializerName(layerPositional(names[names.length - 1] ?? '')?.[ctx.index]);
    }
  }
}

function isGetCall(doc: PyDocument, open: number): boolean {
  if (open < 0) return false;
  const names = ownerOf(doc.ts, open).names;
  if (names.length === 0) return false;
  const full = resolvePath(doc.imports, names);
  if (full === undefined) return false;
  const dot = full.lastIndexOf('.');
  const fn = full.slice(dot + 1);
  return (fn === 'get' || fn === 'deserialize') && dot > 0 && isInitializersModule(full.slice(0, dot));
}

/** Whether the dict opened at `open` looks like an initializer config (or is being typed as one). */
function isConfigDict(doc: PyDocument, open: number): boolean {
  const ts = doc.ts;
  const close = ts.match[open];
  const site = valueSite(ts, open, close >= 0 ? close : open, false);
  if (site !== undefined && expectsId(doc, site)) return true;
  for (const [a, b] of bracketItems(ts, open)) {
    if (ts.kind[a] !== TK_STRING || a + 1 >= b) continue;
    const key = ts.text.slice(ts.start[a] + 1, ts.end[a] - 1);
    if (key === 'config' || key === 'module') return true;
  }
  return false;
}

function stringContext(doc: PyDocument, tok: number, offset: number): CompletionContext | undefined {
  const ts = doc.ts;
  const text = ts.text;
  const parts = stringParts(text, ts.start[tok], ts.end[tok]);
  if (offset < parts.contentStart || offset > parts.contentEnd) return undefined;
  if (parts.prefix.includes('b') || parts.prefix.includes('f')) return undefined;
  const range: SourceRange = { start: parts.contentStart, end: parts.contentEnd };
  const prefix = text.slice(parts.contentStart, offset);
  const quote = text.slice(ts.start[tok] + parts.prefix.length, parts.contentStart);
  const [first, last] = stringGroup(ts, tok);
  if (first !== last) return undefined; // implicit concatenation: no single string to replace
  const site = valueSite(ts, first, last, false);
  if (site === undefined) return undefined;
  const ctx = site.context;
  if (expectsId(doc, site)) return { kind: 'stringId', range, prefix, quote };
  if (ctx.kind === 'dictEntry' && ctx.key === 'class_name') {
    const open = ts.parent[tok];
    return open >= 0 && isConfigDict(doc, open) ? { kind: 'stringId', range, prefix, quote } : undefined;
  }
  // mode= / distribution= of VarianceScaling, as a keyword, a positional argument or a config entry.
  let argument: string | undefined;
  let className: ClassName | undefined;
  if (ctx.kind === 'keyword' || ctx.kind === 'positional') {
    const call = initializerCallClass(doc, site.open);
    className = call?.className;
    argument = ctx.kind === 'keyword' ? ctx.keyword : className !== undefined ? POSITIONAL[className][ctx.index] : undefined;
  } else if (ctx.kind === 'dictEntry') {
    const config = ts.parent[tok];
    const outer = config >= 0 ? ts.parent[config] : -1;
    if (outer >= 0 && ts.op[outer] === CH_LBRACE) className = dictExpression(doc, outer)?.className;
    argument = ctx.key;
  }
  if (className === 'VarianceScaling' && (argument === 'mode' || argument === 'distribution')) {
    return { kind: 'value', className, argument, range, prefix, quote };
  }
  return undefined;
}

function memberContext(doc: PyDocument, dot: number, range: SourceRange, prefix: string): CompletionContext | undefined {
  const ts = doc.ts;
  if (ts.op[dot] !== CH_DOT || dot === 0 || ts.kind[dot - 1] !== TK_NAME) return undefined;
  // Only the names before the dot: the partial member after it is not part of the qualifier.
  const first = chainBounds(ts, dot - 1)[0];
  const last = dot - 1;
  if (first > 0 && ts.op[first - 1] === CH_DOT) return undefined;
  const names = chainNames(ts, first, last);
  const path = resolvePath(doc.imports, names);
  if (path === undefined || !isInitializersModule(path)) return undefined;
  return { kind: 'member', qualifier: `${names.join('.')}.`, range, prefix };
}

function keywordContext(doc: PyDocument, i: number, offset: number): CompletionContext | undefined {
  const ts = doc.ts;
  const open = enclosingBracket(ts, offset);
  if (open < 0) return undefined;
  const call = initializerCallClass(doc, open);
  if (call === undefined) return undefined;
  // The slot must be empty or hold only the name being typed.
  let range: SourceRange;
  let partial = -1;
  if (i === open || (ts.op[i] === CH_COMMA && ts.parent[i] === open)) {
    range = { start: offset, end: offset };
  } else if (
    ts.kind[i] === TK_NAME &&
    ts.parent[i] === open &&
    offset <= ts.end[i] &&
    (i - 1 === open || (ts.op[i - 1] === CH_COMMA && ts.parent[i - 1] === open))
  ) {
    range = { start: ts.start[i], end: ts.end[i] };
    partial = i;
  } else {
    return undefined;
  }
  const present: string[] = [];
  for (const a of callArguments(ts, open, POSITIONAL[call.className])) {
    if (partial >= 0 && a.first <= partial && partial < a.end) continue;
    if (a.info.name !== undefined && !present.includes(a.info.name)) present.push(a.info.name);
  }
  return { kind: 'keyword', className: call.className, present, range, prefix: ts.text.slice(range.start, offset) };
}

/** What completion should offer at `offset`, or undefined. Never throws. */
export function completionContextAt(text: string, offset: number): CompletionContext | undefined {
  if (typeof text !== 'string' || typeof offset !== 'number' || Number.isNaN(offset)) return undefined;
  const at = Math.min(Math.max(0, Math.floor(offset)), text.length);
  const doc = documentFor(text);
  const ts = doc.ts;
  if (isInComment(ts, at)) return undefined;
  const i = tokenIndexAtOrBefore(ts, at - 1); // the last token starting before the cursor
  if (i < 0) return undefined;
  if (ts.kind[i] === TK_STRING) {
    if (at < ts.end[i] || !stringParts(text, ts.start[i], ts.end[i]).terminated) return stringContext(doc, i, at);
    return undefined;
  }
  if (ts.kind[i] === TK_NAME && at <= ts.end[i] && i > 0 && ts.op[i - 1] === CH_DOT) {
    return memberContext(doc, i - 1, { start: ts.start[i], end: ts.end[i] }, text.slice(ts.start[i], at));
  }
  if (ts.op[i] === CH_DOT && at >= ts.end[i]) {
    return memberContext(doc, i, { start: at, end: at }, '');
  }
  if (at > ts.end[i] && ts.kind[i] === TK_NAME) {
    // After a complete name and a space: not a place for a keyword or member.
    return undefined;
  }
  return keywordContext(doc, i, at);
}
