/**
 * The initializer expression under the cursor: a call or reference through any import style, a string
 * id where Keras reads an initializer, a config dict, or a variable that holds an initializer instance.
 * Pure functions over (text, offset); the editor features adapt the plain-data answers.
 */
import { documentFor, type PyDocument, type VariableAssignment } from './document';
import { chainBounds, chainNames } from './syntax';
import {
  CH_LBRACE,
  CH_LPAREN,
  TK_NAME,
  TK_STRING,
  importKeywordAt,
  isInComment,
  isStatementStart,
  tokenIndexAtOrBefore,
  type TokenStream,
} from './tokenizer';
import type { InitializerExpression } from './types';
import { withModelShape } from '../model/initializerShape';

import { allOf } from './findAllInitializers';
import {
  chainExpression,
  dictExpression,
  importedNameExpression,
  isCloser,
  isOpener,
  rangeOf,
  resolveChain,
  siteOf,
  stringExpression,
  stringGroup,
} from './initializerExpressions';

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
 * was assigned (`init = HeNormal(seed=42)`), marked with `via`. The layer's weight shape is the one
 * the file's model gives it when the model reader knows it (the Input, the layer before), else
 * what the layer call's literal arguments tell.
 */
export function findInitializerAt(text: string, offset: number): InitializerExpression | undefined {
  const found = initializerExpressionAt(text, offset);
  return found === undefined ? undefined : withModelShape(text, found);
}

/** findInitializerAt from the source alone, without reading the file's model. */
export function initializerExpressionAt(text: string, offset: number): InitializerExpression | undefined {
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
    } else if (k === TK_NAME && inImportStatement(ts, tok)) {
      const m = importedNameExpression(doc, tok);
      if (m !== undefined) return m;
    } else if (k === TK_NAME) {
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
