/**
 * A tokenized Python text with its imports, cached by text: hover, completion and diagnostics ask
 * about the same unchanged document many times, and comparing a string with itself is O(1).
 */
import { parseImports, type ImportTable } from './imports';
import type { LayerCall } from './layers';
import { TK_NEWLINE, columnOf, tokenize, type TokenStream } from './tokenizer';
import type { FileInitializers } from './types';

export interface PyDocument {
  readonly ts: TokenStream;
  readonly imports: ImportTable;
  /** findAllInitializers' answer (with per-variable assignment sites), computed on first use. */
  all?: { readonly result: FileInitializers; readonly assignments: readonly VariableAssignment[] };
  /** Layer calls read so far, by the token index of their parenthesis. */
  layerCalls?: Map<number, LayerCall | undefined>;
  /** Statement start tokens and their indentation, computed on first use. */
  statements?: { readonly starts: Int32Array; readonly indents: Int32Array };
}

/** An initializer instance assigned to a variable, as findAllInitializers saw it. */
export interface VariableAssignment {
  readonly variable: string;
  /** Index into result.expressions. */
  readonly expression: number;
  /** Token index of the assignment target. */
  readonly token: number;
}

const CACHE_SIZE = 4;
const cache: PyDocument[] = [];

export function documentFor(text: string): PyDocument {
  for (let k = 0; k < cache.length; k++) {
    const d = cache[k];
    if (d.ts.text === text) {
      if (k > 0) {
        cache.splice(k, 1);
        cache.unshift(d);
      }
      return d;
    }
  }
  const ts = tokenize(text);
  const doc: PyDocument = { ts, imports: parseImports(ts) };
  cache.unshift(doc);
  if (cache.length > CACHE_SIZE) cache.pop();
  return doc;
}

export function statementsOf(doc: PyDocument): { readonly starts: Int32Array; readonly indents: Int32Array } {
  if (doc.statements !== undefined) return doc.statements;
  const ts = doc.ts;
  const starts: number[] = [];
  let atStart = true;
  for (let i = 0; i < ts.count; i++) {
    if (ts.kind[i] === TK_NEWLINE) {
      atStart = true;
      continue;
    }
    if (atStart) starts.push(i);
    atStart = false;
  }
  const indents = Int32Array.from(starts, (s) => columnOf(ts, s));
  doc.statements = { starts: Int32Array.from(starts), indents };
  return doc.statements;
}
