/**
 * Every initializer expression in a Python file, in source order, and the random initializer instances
 * one variable passes to several layers (or to one inside a loop). Cached per document text.
 */
import { documentFor, statementsOf, type PyDocument, type VariableAssignment } from './document';
import { chainBounds, chainNames } from './syntax';
import {
  CH_DOT,
  CH_EQUALS,
  CH_LBRACE,
  TK_NAME,
  TK_NEWLINE,
  TK_STRING,
  bracketEnd,
  importKeywordAt,
  isName,
  isStatementStart,
  type TokenStream,
} from './tokenizer';
import type { FileInitializers, InitializerExpression, InstanceUse, SeedInfo, SharedInstance } from './types';
import { RANDOM_CLASSES } from './vocabulary';

import {
  chainExpression,
  dictExpression,
  isOpener,
  rangeOf,
  resolveChain,
  siteOf,
  stringExpression,
  stringGroup,
} from './initializerExpressions';

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

export function allOf(doc: PyDocument): NonNullable<PyDocument['all']> {
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
