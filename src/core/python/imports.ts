/**
 * Import statements of a Python file, and how dotted names resolve through them
 * (`tf.keras.initializers` → `tensorflow.keras.initializers` after `import tensorflow as tf`).
 */
import {
  CH_COMMA,
  CH_DOT,
  CH_EQUALS,
  CH_LPAREN,
  CH_STAR,
  TK_NAME,
  TK_NEWLINE,
  importKeywordAt,
  isName,
  isOp,
  isStatementStart,
  tokenText,
  type TokenStream,
  CH_COLON,
} from './tokenizer';

export interface ImportBinding {
  /** The name the statement binds in the file (`tf`, `I`, `HeNormal`). */
  readonly local: string;
  /** The dotted path it stands for (`tensorflow`, `keras.initializers`, `keras.initializers.HeNormal`). */
  readonly path: string;
  /** `import a.b as x`, or `from a import b` (fromImport). */
  readonly statement: 'import' | 'fromImport';
  /** Token index of the `import`/`from` keyword. */
  readonly token: number;
}

export interface ImportTable {
  /** Local name → dotted path; a later import of the same name wins. */
  readonly bindings: ReadonlyMap<string, string>;
  /** Modules imported with `from M import *`. */
  readonly starModules: readonly string[];
  readonly list: readonly ImportBinding[];
  /** Names such as `initializers` or `tf` that the file assigns itself: no Keras meaning assumed. */
  readonly assigned: ReadonlySet<string>;
}

/**
 * The modules whose attributes are Keras initializers. `keras.src.initializers` is private API and
 * deliberately absent. `tensorflow.initializers` is TensorFlow 2's alias of `tf.keras.initializers`;
 * `tensorflow.compat.v1.keras.initializers` holds TF1's classes under the same names (same laws and
 * arguments; TF1 draws different numbers for a seed, as every backend but numpy does).
 */
const INITIALIZERS_MODULES = new Set([
  'keras.initializers',
  'keras.api.initializers',
  'keras._tf_keras.keras.initializers',
  'tensorflow.keras.initializers',
  'tensorflow.python.keras.initializers',
  'tensorflow.initializers',
  'tensorflow.compat.v1.keras.initializers',
  'tensorflow.compat.v2.keras.initializers',
  'tf_keras.initializers',
]);

export function isInitializersModule(path: string): boolean {
  return INITIALIZERS_MODULES.has(path);
}

/**
 * What a name means when the file does not import it: a notebook cell often relies on an import
 * made in another cell, so the usual Keras spellings are understood without one.
 */
const DEFAULT_ROOTS: ReadonlyMap<string, string> = new Map([
  ['tf', 'tensorflow'],
  ['tensorflow', 'tensorflow'],
  ['keras', 'keras'],
  ['tf_keras', 'tf_keras'],
  ['initializers', 'keras.initializers'],
]);

/** Whether a name that no import binds still has a Keras meaning (`tf`, `keras`, `initializers`...). */
export function hasDefaultRoot(imports: ImportTable, name: string): boolean {
  return DEFAULT_ROOTS.has(name) && !imports.assigned.has(name);
}

/** Reads a dotted name starting at token i: [text, index after it]. */
function dottedName(ts: TokenStream, i: number): [string, number] {
  if (ts.kind[i] !== TK_NAME) return ['', i];
  let name = tokenText(ts, i);
  let j = i + 1;
  while (isOp(ts, j, CH_DOT) && ts.kind[j + 1] === TK_NAME) {
    name += '.' + tokenText(ts, j + 1);
    j += 2;
  }
  return [name, j];
}

function statementEnd(ts: TokenStream, i: number): boolean {
  return i >= ts.count || ts.kind[i] === TK_NEWLINE || ts.op[i] === 59; // ;
}

export function parseImports(ts: TokenStream): ImportTable {
  const bindings = new Map<string, string>();
  const starModules: string[] = [];
  const list: ImportBinding[] = [];
  const assigned = new Set<string>();
  const bind = (local: string, path: string, statement: 'import' | 'fromImport', token: number): void => {
    bindings.set(local, path);
    list.push({ local, path, statement, token });
  };
  const text = ts.text;
  for (let i = 0; i < ts.count; i++) {
    if (ts.kind[i] !== TK_NAME) continue;
    if (ts.op[i + 1] === CH_EQUALS && ts.parent[i] === -1 && isStatementStart(ts, i)) {
      // `initializers = {...}` makes `initializers.get(...)` that dict's method, not Keras's.
      const name = tokenText(ts, i);
      if (DEFAULT_ROOTS.has(name)) assigned.add(name);
      continue;
    }
    const len = ts.end[i] - ts.start[i];
    const c = text.charCodeAt(ts.start[i]);
    if (!((len === 6 && c === 105) || (len === 4 && c === 102))) continue; // cheap filter: import / from
    const atStart = isStatementStart(ts, i) || (isOp(ts, i - 1, CH_COLON) && ts.parent[i - 1] === -1);
    if (!atStart) continue;
    if (isName(ts, i, 'import')) {
      let j = i + 1;
      while (!statementEnd(ts, j)) {
        const [path, after] = dottedName(ts, j);
        if (path === '') break;
        j = after;
        if (isName(ts, j, 'as') && ts.kind[j + 1] === TK_NAME) {
          bind(tokenText(ts, j + 1), path, 'import', i);
          j += 2;
        } else {
          const head = path.split('.')[0];
          bind(head, head, 'import', i);
        }
        if (!isOp(ts, j, CH_COMMA)) break;
        j++;
      }
    } else if (importKeywordAt(ts, i) === 'fromImport') {
      let j = i + 1;
      let dots = '';
      while (isOp(ts, j, CH_DOT) || ts.op[j] === 264 /* ... */) {
        dots += ts.op[j] === CH_DOT ? '.' : '...';
        j++;
      }
      const [mod, after] = dottedName(ts, j);
      j = after;
      if (!isName(ts, j, 'import')) continue;
      const module = dots + mod;
      j++;
      if (isOp(ts, j, CH_STAR)) {
        starModules.push(module);
        continue;
      }
      const paren = isOp(ts, j, CH_LPAREN);
      if (paren) j++;
      while (j < ts.count && ts.kind[j] === TK_NAME) {
        const name = tokenText(ts, j);
        j++;
        let local = name;
        if (isName(ts, j, 'as') && ts.kind[j + 1] === TK_NAME) {
          local = tokenText(ts, j + 1);
          j += 2;
        }
        bind(local, module === '' ? name : `${module}.${name}`, 'fromImport', i);
        if (!isOp(ts, j, CH_COMMA)) break;
        j++;
      }
    }
  }
  return { bindings, starModules, list, assigned };
}

/** The dotted path a chain of names stands for, or undefined when its head is unknown. */
export function resolvePath(imports: ImportTable, names: readonly string[]): string | undefined {
  const head = names[0];
  const base = imports.bindings.get(head) ?? (imports.assigned.has(head) ? undefined : DEFAULT_ROOTS.get(head));
  if (base === undefined) return undefined;
  return names.length === 1 ? base : `${base}.${names.slice(1).join('.')}`;
}

/** The initializers module a bare name was star-imported from, if any. */
export function starImportedFrom(imports: ImportTable, name: string): string | undefined {
  if (imports.bindings.has(name)) return undefined;
  for (let k = imports.starModules.length - 1; k >= 0; k--) {
    if (isInitializersModule(imports.starModules[k])) return imports.starModules[k];
  }
  return undefined;
}

/** Whether a name is bound by an import (so it is not free to be read as a Keras name). */
export function isBound(imports: ImportTable, name: string): boolean {
  return imports.bindings.has(name);
}
