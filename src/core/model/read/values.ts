/**
 * Values of the symbolic evaluator: the contract's plain values, plus the objects a Keras script
 * handles (tensors, layers and models, functions, classes, modules). Lists are mutable, as in
 * Python, because `layers_list.append(...)` builds models.
 */
import type { Expr, Parameter, Stmt } from '../../python/parser/ast';
import type { LayerInstance, SymbolicTensor } from '../graph';
import type { InitializerRef, Value } from '../types';

export interface Scope {
  readonly vars: Map<string, RValue>;
  /** The enclosing function's scope, then the module's; undefined for the module itself. */
  readonly parent: Scope | undefined;
}

export interface FunctionValue {
  readonly kind: 'function';
  readonly name: string;
  readonly params: readonly Parameter[];
  /**
   * The def or lambda: its `body` (statements of a def, the expression of a lambda) is read when
   * the function is called (a def's block is parsed on first read).
   */
  readonly code: { readonly body: readonly Stmt[] | Expr };
  readonly defaults: ReadonlyMap<string, RValue>;
  readonly scope: Scope;
  /** For methods: the class whose body defined it (what `super()` starts after). */
  readonly definingClass?: UserClass;
}

export interface UserClass {
  readonly name: string;
  readonly bases: readonly RValue[];
  readonly attributes: Map<string, RValue>;
  /** The Keras class it derives from, through its bases: `Model`, `Layer`, `Sequential`... */
  readonly kerasBase: string | undefined;
}

/** An instance of a user class that is not a Keras layer. */
export interface PlainObject {
  readonly cls: UserClass;
  readonly attributes: Map<string, RValue>;
}

export type RValue =
  | { readonly kind: 'int' | 'float'; readonly value: number }
  | { readonly kind: 'bool'; readonly value: boolean }
  | { readonly kind: 'str'; readonly value: string }
  | { readonly kind: 'none' }
  | { readonly kind: 'tuple' | 'list'; readonly items: RValue[] }
  | { readonly kind: 'dict'; readonly entries: [RValue, RValue][] }
  | { readonly kind: 'initializer'; readonly initializer: InitializerRef }
  | { readonly kind: 'callable'; readonly name: string }
  /** `mayBeLayer`: the result of a call the reader does not follow that may well be a layer or model (clone_model). */
  | { readonly kind: 'unknown'; readonly reason: string; readonly mayBeLayer?: true }
  | { readonly kind: 'tensor'; readonly tensor: SymbolicTensor }
  | { readonly kind: 'layerObject'; readonly layer: LayerInstance }
  | FunctionValue
  | { readonly kind: 'class'; readonly cls: UserClass }
  | { readonly kind: 'object'; readonly object: PlainObject }
  /** A module or attribute path outside the file: `keras.layers`, `keras.layers.Dense`, `np.zeros`. */
  | { readonly kind: 'symbol'; readonly path: string }
  /** An object of a library class the reader does not model beyond its name and arguments (optimizers...). */
  | { readonly kind: 'libraryObject'; readonly path: string; readonly args: ReadonlyMap<string, RValue> }
  /** A method looked up on a value: `model.add`, `xs.append`, `self.dense` calls go through here. */
  | { readonly kind: 'method'; readonly target: RValue; readonly name: string }
  /** A function bound to its first argument (`self`). */
  | { readonly kind: 'bound'; readonly self: RValue; readonly fn: FunctionValue }
  /** `functools.partial(fn, *args, **kwargs)`: calls `fn` with these arguments first. */
  | {
      readonly kind: 'partial';
      readonly fn: RValue;
      readonly positional: readonly RValue[];
      readonly keywords: ReadonlyMap<string, RValue>;
    }
  | { readonly kind: 'builtin'; readonly name: string }
  /** `super()` inside a method: attribute lookups start after `cls` in `self`'s class. */
  | { readonly kind: 'super'; readonly self: RValue; readonly after: UserClass };

export const NONE: RValue = { kind: 'none' };

export function unknown(reason: string): RValue {
  return { kind: 'unknown', reason };
}

export function int(value: number): RValue {
  return { kind: 'int', value };
}

export function str(value: string): RValue {
  return { kind: 'str', value };
}

/** A short description of a value, for reasons. */
export function describeValue(value: RValue): string {
  switch (value.kind) {
    case 'int':
    case 'float':
      return String(value.value);
    case 'bool':
      return value.value ? 'True' : 'False';
    case 'str':
      return `'${value.value}'`;
    case 'none':
      return 'None';
    case 'tensor':
      return 'a tensor';
    case 'layerObject':
      return `a ${value.layer.className} layer`;
    case 'function':
      return `function ${value.name}`;
    case 'symbol':
      return value.path;
    case 'unknown':
      return value.reason;
    case 'bound':
    case 'builtin':
    case 'callable':
    case 'class':
    case 'dict':
    case 'initializer':
    case 'libraryObject':
    case 'list':
    case 'method':
    case 'object':
    case 'super':
    case 'tuple':
      return `a ${value.kind}`;
    case 'partial':
      return 'a functools.partial';
  }
}

/**
 * The contract's `Value` of an evaluated argument. Layer objects become constructions (and are
 * marked as absorbed by `onLayer`); tensors and other objects are unknown to the catalogue.
 */
export function toContractValue(value: RValue, onLayer?: (layer: LayerInstance) => void, depth = 0): Value {
  if (depth > 20) return { kind: 'unknown', reason: 'a value nested too deeply' };
  switch (value.kind) {
    case 'int':
    case 'float':
    case 'bool':
    case 'str':
    case 'none':
    case 'initializer':
    case 'callable':
    case 'unknown':
      return value;
    case 'tuple':
    case 'list':
      return { kind: value.kind, items: value.items.map((item) => toContractValue(item, onLayer, depth + 1)) };
    case 'dict':
      return {
        kind: 'dict',
        entries: value.entries.map(([k, v]) => [toContractValue(k, onLayer, depth + 1), toContractValue(v, onLayer, depth + 1)] as const),
      };
    case 'layerObject':
      onLayer?.(value.layer);
      // The catalogue names wrapped layers from `name` (Keras named the object when it was constructed).
      return {
        kind: 'layer',
        layer: {
          className: value.layer.className,
          args: { ...value.layer.args, name: { kind: 'str', value: value.layer.name } },
          range: value.layer.range,
        },
      };
    case 'function':
      return { kind: 'callable', name: value.name };
    case 'symbol':
      return { kind: 'callable', name: value.path.slice(value.path.lastIndexOf('.') + 1) };
    case 'tensor':
      return { kind: 'unknown', reason: 'a tensor, not a constant' };
    case 'bound':
    case 'builtin':
    case 'class':
    case 'libraryObject':
    case 'method':
    case 'object':
    case 'partial':
    case 'super':
      return { kind: 'unknown', reason: `${describeValue(value)} is not a constant` };
  }
}

/** Python truthiness, or undefined when the reader cannot tell. */
export function truthy(value: RValue): boolean | undefined {
  switch (value.kind) {
    case 'int':
    case 'float':
      return value.value !== 0;
    case 'bool':
      return value.value;
    case 'str':
      return value.value.length > 0;
    case 'none':
      return false;
    case 'tuple':
    case 'list':
      return value.items.length > 0;
    case 'dict':
      return value.entries.length > 0;
    case 'unknown':
    case 'tensor':
      return undefined;
    case 'bound':
    case 'builtin':
    case 'callable':
    case 'class':
    case 'function':
    case 'initializer':
    case 'layerObject':
    case 'libraryObject':
    case 'method':
    case 'object':
    case 'partial':
    case 'super':
    case 'symbol':
      return true;
  }
}
