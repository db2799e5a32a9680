/**
 * The symbolic evaluator: executes a module's syntax tree top to bottom without running anything
 * outside it. Constants and arithmetic are computed as Python would; Keras constructors, layer
 * calls and models go to the model graph; everything else becomes `unknown` with the reason.
 * Helper functions are inlined per call site (each call makes its own layers), within a step budget.
 */
import { lineAt, lineStarts } from '../../python/lineIndex';
import type { Argument, Expr, Stmt } from '../../python/parser/ast';
import { parseModule } from '../../python/parser/parse';
import { POSITIONAL, classifyAttribute, classifyId } from '../../python/vocabulary';
import {
  LayerInstance,
  NameCounter,
  broadcastShapes,
  buildLayer,
  catalogueDefinition,
  functionalOrder,
  unknownTensor,
  type GraphNode,
  type ModelProblem,
  type OptimizerInfo,
  type SymbolicTensor,
} from '../graph';
import { pythonRepr } from '../layers/args';
import type { Dim, LayerDefinition, TensorShape, TextRange, Value, WeightSpec } from '../types';
import {
  MERGE_FUNCTIONS,
  kerasSymbol,
  optimizerClassName,
  optimizerParameters,
  normalizeKerasAttribute,
  normalizeKerasPath,
  type KerasSymbol,
  type ShapeOpName,
} from './kerasNames';
import { APPLICATION_NAMES } from './applicationNames';
import {
  depthToSpaceShape,
  expandDimsShape,
  indexShape,
  matmulShape,
  reshapeShape,
  squeezeShape,
  transposeShape,
  oneHotShape,
  tileShape,
  stackShape,
  einsumShape,
  padShape,
  tensordotShape,
  type IndexKey,
} from './opShapes';
import {
  NONE,
  describeValue,
  int,
  str,
  toContractValue,
  truthy,
  unknown,
  type FunctionValue,
  type PlainObject,
  type RValue,
  type Scope,
  type UserClass,
} from './values';

/** Names that mean a Keras module without an import (a notebook cell may rely on another cell's import). */
const DEFAULT_ROOTS: ReadonlyMap<string, string> = new Map([
  ['tf', 'tensorflow'],
  ['tensorflow', 'tensorflow'],
  ['keras', 'keras'],
  ['tf_keras', 'tf_keras'],
]);

const BUILTINS = new Set([
  'len',
  'int',
  'float',
  'str',
  'bool',
  'range',
  'min',
  'max',
  'abs',
  'sum',
  'list',
  'tuple',
  'dict',
  'zip',
  'enumerate',
  'print',
  'round',
  'sorted',
  'reversed',
  'isinstance',
  'super',
  'getattr',
  'hasattr',
  'setattr',
  'any',
  'all',
]);

/** How a statement ended: normally, or by `return`/`break`/`continue` (no exceptions for those). */
const NORMAL = 0;
const RETURN = 1;
const BREAK = 2;
const CONTINUE = 3;
type Completion = typeof NORMAL | typeof RETURN | typeof BREAK | typeof CONTINUE;

class BudgetExceeded {}
/** Keras raises here: the rest of the module does not run. */
class RaiseSignal {}

/** The `dtype=` of `add_weight` the weight files can hold, by the names Keras accepts. */
const WEIGHT_DTYPES: ReadonlyMap<string, WeightSpec['dtype']> = new Map([
  ['float32', 'float32'],
  ['float64', 'float64'],
  ['float16', 'float16'],
  ['int32', 'int32'],
  ['int64', 'int64'],
]);

/** The dtype of `add_weight(dtype=...)` / `keras.Variable(dtype=...)`: float32 by default, undefined for one a weight file cannot hold. */
function weightDType(value: RValue | undefined): WeightSpec['dtype'] | undefined {
  if (value === undefined || value.kind === 'none') return 'float32';
  return value.kind === 'str' ? WEIGHT_DTYPES.get(value.value) : undefined;
}

/** A weight a custom layer creates with `self.add_weight(...)` or holds as a `keras.Variable`. */
export interface CustomWeight extends WeightSpec {
  /** The name scopes open when it was created, outermost first: its variable path is `scope/name`. */
  readonly scope: readonly string[];
}

export interface EvaluationResult {
  /** Every layer instance, in construction order. */
  readonly layers: readonly LayerInstance[];
  readonly problems: readonly ModelProblem[];
  /** Where each layer was (last) called on a tensor, for problems and hover. */
  readonly callSites: ReadonlyMap<LayerInstance, TextRange>;
  /** Weights created by `add_weight` in custom layers. */
  readonly customWeights: ReadonlyMap<LayerInstance, readonly CustomWeight[]>;
  /** Evaluation steps taken (a work counter, for linear-time checks). */
  readonly steps: number;
  /** Set when the step budget ran out. */
  readonly stoppedEarly: boolean;
}

const MAX_CALL_DEPTH = 32;
const NO_KEYWORDS: Map<string, RValue> = new Map();
const MAX_LOOP_ITERATIONS = 10_000;

export function evaluateModule(text: string, body: readonly Stmt[]): EvaluationResult {
  const evaluator = new Evaluator(text);
  evaluator.run(body);
  return evaluator.result();
}

class Evaluator {
  private readonly names = new NameCounter();
  private readonly layers: LayerInstance[] = [];
  private readonly problems: ModelProblem[] = [];
  private readonly callSites = new Map<LayerInstance, TextRange>();
  private readonly customWeights = new Map<LayerInstance, CustomWeight[]>();
  /** Lists held in attributes of layers, with those layers: what is added to them is tracked. */
  private readonly listOwners = new WeakMap<RValue, LayerInstance[]>();
  /** `keras.Variable`s made so far, by the tensor that stands for each. */
  private readonly variables = new WeakMap<SymbolicTensor, CustomWeight>();
  /** Tensors an initializer object made (`init(shape=...)`), with the initializer. */
  private readonly initialValues = new WeakMap<SymbolicTensor, RValue>();
  private readonly globals: Scope = { vars: new Map(), parent: undefined };
  /** Names of the models whose build or call is running: the variable path prefix. */
  private readonly scopeNames: string[] = [];
  private steps = 0;
  private readonly budget: number;
  private callDepth = 0;
  private stoppedEarly = false;

  constructor(private readonly text: string) {
    // Linear in the text: a generous constant per character, so loops and inlined helpers fit.
    this.budget = 200_000 + text.length * 20;
    this.globals.vars.set('__name__', str('__main__'));
  }

  run(body: readonly Stmt[]): void {
    try {
      this.execBlock(body, this.globals);
    } catch (e) {
      if (e instanceof BudgetExceeded) {
        this.stoppedEarly = true;
        return;
      }
      if (e instanceof RaiseSignal) return;
      // A reader bug must not take the editor down: keep what was read so far.
      this.stoppedEarly = true;
    }
  }

  result(): EvaluationResult {
    for (const layer of this.layers) {
      // Never called nor built: Keras's count_params() raises, and call() has not made its layers' weights.
      if (layer.kind === 'subclassed' && layer.nodes.length === 0 && layer.attributes.get('__built') !== true) {
        layer.attributes.set('__unbuilt', true);
        layer.unknown ??= `\`${layer.name}\` is not built: it is never called on a tensor nor built with a shape, and Keras's count_params() raises until it is`;
      }
    }
    return {
      layers: this.layers,
      problems: this.problems,
      callSites: this.callSites,
      customWeights: this.customWeights,
      steps: this.steps,
      stoppedEarly: this.stoppedEarly,
    };
  }

  private step(): void {
    if (++this.steps > this.budget) throw new BudgetExceeded();
  }

  // ---- statements ----------------------------------------------------------------------------

  /** The value of the last `return` executed (read by callFunction when a body completes with RETURN). */
  private returnValue: RValue = NONE;

  private execBlock(body: readonly Stmt[], scope: Scope): Completion {
    for (let k = 0; k < body.length; k++) {
      const completion = this.exec(body[k], scope);
      if (completion !== NORMAL) return completion;
    }
    return NORMAL;
  }

  private exec(stmt: Stmt, scope: Scope): Completion {
    this.step();
    switch (stmt.type) {
      case 'Assign': {
        const value = this.eval(stmt.value, scope);
        for (const target of stmt.targets) this.assign(target, value, scope);
        return NORMAL;
      }
      case 'AugAssign': {
        const current = this.eval(stmt.target, scope);
        const value = this.eval(stmt.value, scope);
        // `xs += [...]` extends the list in place, as Python's list.__iadd__ does.
        if (stmt.op === '+' && current.kind === 'list' && (value.kind === 'list' || value.kind === 'tuple')) {
          current.items.push(...value.items);
          return NORMAL;
        }
        this.assign(stmt.target, this.binary(stmt.op, current, value, stmt), scope);
        return NORMAL;
      }
      case 'AnnAssign':
        if (stmt.value !== undefined) this.assign(stmt.target, this.eval(stmt.value, scope), scope);
        return NORMAL;
      case 'Expr':
        this.eval(stmt.value, scope);
        return NORMAL;
      case 'FunctionDef': {
        const fn = this.makeFunction(stmt.name, stmt.params, stmt, scope, undefined);
        scope.vars.set(stmt.name, stmt.decorators.length > 0 ? this.decorated(fn, stmt.decorators, scope) : fn);
        return NORMAL;
      }
      case 'ClassDef':
        scope.vars.set(stmt.name, this.makeClass(stmt, scope));
        return NORMAL;
      case 'Return':
        this.returnValue = stmt.value === undefined ? NONE : this.eval(stmt.value, scope);
        return RETURN;
      case 'For':
        return this.execFor(stmt, scope);
      case 'While':
        return this.execWhile(stmt, scope);
      case 'If': {
        const test = truthy(this.eval(stmt.test, scope));
        if (test === true) return this.execBlock(stmt.body, scope);
        if (test === false) return this.execBlock(stmt.orelse, scope);
        {
          const reason = `it is assigned under a condition the reader cannot decide (line ${this.lineOf(stmt.start)})`;
          this.forgetAssigned(stmt.body, scope, reason);
          this.forgetAssigned(stmt.orelse, scope, reason);
          // A branch that may return makes what the function returns unknown: going on past the `if`
          // would give the other path's value (and layers) as if it were certain.
          if (mayReturn(stmt.body) || mayReturn(stmt.orelse)) {
            this.returnValue = unknown(`it returns under a condition the reader cannot decide (line ${this.lineOf(stmt.start)})`);
            return RETURN;
          }
        }
        return NORMAL;
      }
      case 'With':
        for (const item of stmt.items) {
          const context = this.eval(item.context, scope);
          if (item.target !== undefined) {
            this.assign(item.target, context.kind === 'unknown' ? context : unknown('a context manager value'), scope);
          }
        }
        return this.execBlock(stmt.body, scope);
      case 'Try': {
        let completion: Completion = NORMAL;
        try {
          completion = this.execBlock(stmt.body, scope);
          if (completion === NORMAL) completion = this.execBlock(stmt.orelse, scope);
        } finally {
          // A return/break/continue in `finally` replaces the body's, as in Python.
          const pending = this.returnValue;
          const final = this.execBlock(stmt.finalbody, scope);
          if (final !== NORMAL) completion = final;
          else this.returnValue = pending;
        }
        return completion;
      }
      case 'Import':
        for (const name of stmt.names) {
          if (name.asName !== undefined) scope.vars.set(name.asName, { kind: 'symbol', path: normalizeKerasPath(name.name) });
          else {
            const head = name.name.split('.')[0];
            scope.vars.set(head, { kind: 'symbol', path: normalizeKerasPath(head) });
          }
        }
        return NORMAL;
      case 'ImportFrom':
        if (stmt.star) return NORMAL; // names from `import *` resolve lazily in `lookup`
        for (const name of stmt.names) {
          scope.vars.set(name.asName ?? name.name, { kind: 'symbol', path: normalizeKerasPath(`${stmt.module}.${name.name}`) });
        }
        return NORMAL;
      case 'Break':
        return BREAK;
      case 'Continue':
        return CONTINUE;
      case 'Invalid':
      case 'Other':
      case 'Pass':
        return NORMAL;
    }
  }

  private execFor(stmt: Extract<Stmt, { type: 'For' }>, scope: Scope): Completion {
    const iterable = this.eval(stmt.iter, scope);
    const items = this.iterate(iterable);
    if (items === undefined) {
      const reason = `it is assigned in a loop over ${iterable.kind === 'unknown' ? iterable.reason : describeValue(iterable)}`;
      this.forgetAssigned(stmt.body, scope, reason);
      this.forgetTarget(stmt.target, scope, reason);
      return NORMAL;
    }
    for (let k = 0; k < items.length; k++) {
      this.assign(stmt.target, items[k], scope);
      const completion = this.execBlock(stmt.body, scope);
      if (completion === BREAK) return NORMAL;
      if (completion === RETURN) return RETURN;
    }
    return this.execBlock(stmt.orelse, scope);
  }

  private execWhile(stmt: Extract<Stmt, { type: 'While' }>, scope: Scope): Completion {
    for (let n = 0; ; n++) {
      const test = truthy(this.eval(stmt.test, scope));
      if (test === false) return this.execBlock(stmt.orelse, scope);
      if (test === undefined || n >= MAX_LOOP_ITERATIONS) {
        this.forgetAssigned(stmt.body, scope, `it is assigned in a while loop the reader cannot follow`);
        return NORMAL;
      }
      const completion = this.execBlock(stmt.body, scope);
      if (completion === BREAK) return NORMAL;
      if (completion === RETURN) return RETURN;
    }
  }

  /** Names a skipped block would assign become unknown (never a stale value). */
  private forgetAssigned(body: readonly Stmt[], scope: Scope, reason: string): void {
    for (const stmt of body) {
      switch (stmt.type) {
        case 'Assign':
          for (const t of stmt.targets) this.forgetTarget(t, scope, reason);
          break;
        case 'AugAssign':
        case 'AnnAssign':
          this.forgetTarget(stmt.target, scope, reason);
          break;
        case 'For':
          this.forgetTarget(stmt.target, scope, reason);
          for (const block of innerBlocks(stmt)) this.forgetAssigned(block, scope, reason);
          break;
        case 'While':
        case 'If':
        case 'With':
        case 'Try':
          for (const block of innerBlocks(stmt)) this.forgetAssigned(block, scope, reason);
          break;
        case 'FunctionDef':
        case 'ClassDef':
          scope.vars.set(stmt.name, unknown(`\`${stmt.name}\` is defined under a condition the reader cannot decide`));
          break;
        case 'Break':
        case 'Continue':
        case 'Expr':
        case 'Import':
        case 'ImportFrom':
        case 'Invalid':
        case 'Other':
        case 'Pass':
        case 'Return':
          break;
      }
    }
  }

  private forgetTarget(target: Expr, scope: Scope, reason: string): void {
    if (target.type === 'Name') scope.vars.set(target.id, unknown(`\`${target.id}\`: ${reason}`));
    else if (target.type === 'Tuple' || target.type === 'List') for (const t of target.elts) this.forgetTarget(t, scope, reason);
    else if (target.type === 'Starred') this.forgetTarget(target.value, scope, reason);
  }

  private assign(target: Expr, value: RValue, scope: Scope): void {
    switch (target.type) {
      case 'Name':
        scope.vars.set(target.id, value);
        if (value.kind === 'layerObject' && scope.parent === undefined) {
          // The model keeps the first name that still holds it (`for m in [a, b]` leaves `a` and `b` theirs).
          const named = value.layer.variable === undefined ? undefined : scope.vars.get(value.layer.variable);
          if (named?.kind !== 'layerObject' || named.layer !== value.layer) value.layer.variable = target.id;
        }
        return;
      case 'Tuple':
      case 'List': {
        const items = this.iterate(value);
        const starAt = target.elts.findIndex((e) => e.type === 'Starred');
        if (items === undefined || (starAt < 0 ? items.length !== target.elts.length : items.length < target.elts.length - 1)) {
          const reason =
            items === undefined ? `unpacking ${describeValue(value)}` : `unpacking ${items.length} values into ${target.elts.length} names`;
          for (const t of target.elts) this.forgetTarget(t, scope, reason);
          return;
        }
        if (starAt < 0) {
          target.elts.forEach((t, k) => this.assign(t, items[k], scope));
          return;
        }
        const after = target.elts.length - starAt - 1;
        target.elts.forEach((t, k) => {
          if (k < starAt) this.assign(t, items[k], scope);
          else if (k === starAt) this.assign(t, { kind: 'list', items: items.slice(starAt, items.length - after) }, scope);
          else this.assign(t, items[items.length - (target.elts.length - k)], scope);
        });
        return;
      }
      case 'Starred':
        this.assign(target.value, value, scope);
        return;
      case 'Attribute': {
        const owner = this.eval(target.value, scope);
        this.setAttribute(owner, target.attr, value);
        return;
      }
      case 'Subscript': {
        const owner = this.eval(target.value, scope);
        const key = this.eval(target.index, scope);
        if (owner.kind === 'dict') {
          const existing = owner.entries.findIndex(([k]) => sameKey(k, key));
          if (existing >= 0) owner.entries[existing] = [key, value];
          else owner.entries.push([key, value]);
        } else if (owner.kind === 'list' && key.kind === 'int') {
          const k = key.value < 0 ? owner.items.length + key.value : key.value;
          if (k >= 0 && k < owner.items.length) owner.items[k] = value;
        }
        return;
      }
      case 'Await':
      case 'Binary':
      case 'BoolOp':
      case 'Call':
      case 'Compare':
      case 'Comprehension':
      case 'Constant':
      case 'Dict':
      case 'Ellipsis':
      case 'IfExp':
      case 'Invalid':
      case 'Lambda':
      case 'NamedExpr':
      case 'Number':
      case 'Set':
      case 'Slice':
      case 'String':
      case 'Unary':
      case 'Yield':
        return;
    }
  }

  private setAttribute(owner: RValue, name: string, value: RValue): void {
    if (owner.kind === 'layerObject') {
      const layer = owner.layer;
      if (name === 'trainable') {
        const flag = truthy(value);
        if (flag !== undefined) setTrainable(layer, flag);
        return;
      }
      // `self.optimizer = ...` in a model's own compile() replaces the one Model.compile set.
      if (name === 'optimizer' && layer.isModel && (value.kind === 'libraryObject' || value.kind === 'str')) {
        layer.optimizer = optimizerOf(value);
      } else if (layer.isModel && isOptimizer(value)) {
        // Another optimizer held by the model (a GAN's generator_optimizer): Keras tracks and saves it.
        const held = layer.attributeOptimizers.findIndex((o) => o.attribute === name);
        if (held >= 0) layer.attributeOptimizers.splice(held, 1);
        layer.attributeOptimizers.push({ ...optimizerOf(value), attribute: name });
      }
      if (value.kind === 'unknown' && value.mayBeLayer === true && (layer.kind === 'subclassed' || layer.kind === 'layer')) {
        // Keras would track it if it is a layer: the layers and weights listed may be missing some.
        layer.unknown ??= `\`${name}\` holds ${value.reason}, a layer or model the reader does not follow`;
        layer.attributes.set('__partial', true);
      }
      layer.attributes.set(name, value);
      const variable = value.kind === 'tensor' ? this.variables.get(value.tensor) : undefined;
      // Layer.__setattr__ tracks a keras.Variable as one of the layer's weights.
      if (variable !== undefined) this.addCustomWeight(layer, variable);
      // A list held by a layer is tracked: layers appended to it later are tracked then (TrackedList).
      if (value.kind === 'list') this.listOwners.set(value, [...(this.listOwners.get(value) ?? []), layer]);
      // Keras tracks layers assigned to attributes, in assignment order (Layer.__setattr__).
      for (const tracked of layersIn(value)) if (!layer.tracked.includes(tracked) && tracked !== layer) layer.tracked.push(tracked);
      return;
    }
    if (owner.kind === 'object') owner.object.attributes.set(name, value);
    else if (owner.kind === 'class') owner.cls.attributes.set(name, value);
  }

  // ---- functions and classes ---------------------------------------------------------------

  private makeFunction(
    name: string,
    params: FunctionValue['params'],
    code: FunctionValue['code'],
    scope: Scope,
    definingClass: UserClass | undefined,
  ): FunctionValue {
    const defaults = new Map<string, RValue>();
    for (const p of params) if (p.defaultValue !== undefined) defaults.set(p.name, this.eval(p.defaultValue, scope));
    return { kind: 'function', name, params, code, defaults, scope, definingClass };
  }

  private decorated(fn: FunctionValue, decorators: readonly Expr[], scope: Scope): RValue {
    // Decorators that keep the function as is (`@tf.function`, `@staticmethod`...) are common;
    // a user's decorator could change it, which the reader cannot follow.
    for (const d of decorators) {
      const value = this.eval(d.type === 'Call' ? d.func : d, scope);
      if (value.kind === 'function') return unknown(`\`${fn.name}\` is wrapped by a decorator defined in the file`);
    }
    return fn;
  }

  private makeClass(stmt: Extract<Stmt, { type: 'ClassDef' }>, scope: Scope): RValue {
    const bases = stmt.bases.filter((b) => b.kind === 'positional').map((b) => this.eval(b.value, scope));
    let kerasBase: string | undefined;
    for (const base of bases) {
      if (base.kind === 'class' && base.cls.kerasBase !== undefined) kerasBase ??= base.cls.kerasBase;
      if (base.kind === 'symbol') {
        const symbol = kerasSymbol(base.path);
        if (symbol?.kind === 'model') kerasBase ??= 'Model';
        else if (symbol?.kind === 'baseLayer') kerasBase ??= 'Layer';
        else if (symbol?.kind === 'sequential') kerasBase ??= 'Sequential';
        else if (symbol?.kind === 'layer') kerasBase ??= symbol.className;
      }
    }
    const cls: UserClass = { name: stmt.name, bases, attributes: new Map(), kerasBase };
    const classScope: Scope = { vars: new Map(), parent: scope };
    for (const s of stmt.body) {
      if (s.type === 'FunctionDef') {
        cls.attributes.set(s.name, this.makeFunction(s.name, s.params, s, scope, cls));
      } else {
        this.exec(s, classScope);
        for (const [k, v] of classScope.vars) cls.attributes.set(k, v);
      }
    }
    return { kind: 'class', cls };
  }

  /** Attribute lookup through a user class and its user-class bases (depth-first, as simple MRO). */
  private classAttribute(cls: UserClass, name: string, after?: UserClass): RValue | undefined {
    const order = this.mro(cls);
    let start = 0;
    if (after !== undefined) start = order.indexOf(after) + 1;
    for (let k = start; k < order.length; k++) {
      const value = order[k].attributes.get(name);
      if (value !== undefined) return value;
    }
    return undefined;
  }

  private mro(cls: UserClass): UserClass[] {
    const out: UserClass[] = [];
    const visit = (c: UserClass, depth: number): void => {
      if (depth > 20 || out.includes(c)) return;
      out.push(c);
      for (const b of c.bases) if (b.kind === 'class') visit(b.cls, depth + 1);
    };
    visit(cls, 0);
    return out;
  }

  private callFunction(fn: FunctionValue, positional: RValue[], keywords: Map<string, RValue>, self?: RValue): RValue {
    if (this.callDepth >= MAX_CALL_DEPTH) return unknown(`\`${fn.name}\` recurses deeper than the reader follows`);
    const locals: Scope = { vars: new Map(), parent: fn.scope };
    const args = self === undefined ? positional : [self, ...positional];
    let k = 0;
    const remaining = keywords.size > 0 ? new Map(keywords) : keywords;
    for (const p of fn.params) {
      if (p.kind === 'varargs') {
        locals.vars.set(p.name, { kind: 'tuple', items: args.slice(k) });
        k = args.length;
      } else if (p.kind === 'kwargs') {
        locals.vars.set(p.name, { kind: 'dict', entries: [...remaining].map(([key, v]) => [str(key), v] as [RValue, RValue]) });
        remaining.clear();
      } else if (k < args.length) {
        locals.vars.set(p.name, args[k++]);
      } else if (remaining.has(p.name)) {
        locals.vars.set(p.name, remaining.get(p.name) as RValue);
        remaining.delete(p.name);
      } else {
        locals.vars.set(p.name, fn.defaults.get(p.name) ?? unknown(`argument \`${p.name}\` of \`${fn.name}\` is missing`));
      }
    }
    if (fn.definingClass !== undefined && args.length > 0) {
      locals.vars.set('__class__', { kind: 'class', cls: fn.definingClass });
      locals.vars.set('__self__', args[0]);
    }
    this.callDepth++;
    try {
      const body = fn.code.body;
      if (!Array.isArray(body)) return this.eval(body as Expr, locals);
      if (this.execBlock(body as readonly Stmt[], locals) !== RETURN) return NONE;
      const value = this.returnValue;
      this.returnValue = NONE;
      return value;
    } finally {
      this.callDepth--;
    }
  }

  // ---- expressions ---------------------------------------------------------------------------

  private lookup(name: string, scope: Scope): RValue {
    for (let s: Scope | undefined = scope; s !== undefined; s = s.parent) {
      const value = s.vars.get(name);
      if (value !== undefined) return value;
    }
    if (BUILTINS.has(name)) return { kind: 'builtin', name };
    const root = DEFAULT_ROOTS.get(name);
    if (root !== undefined) return { kind: 'symbol', path: normalizeKerasPath(root) };
    return unknown(`\`${name}\` is not defined in this file`);
  }

  eval(expr: Expr, scope: Scope): RValue {
    this.step();
    switch (expr.type) {
      case 'Name':
        return this.lookup(expr.id, scope);
      case 'Number':
        if (expr.isComplex || Number.isNaN(expr.value)) return unknown('a complex number');
        return { kind: expr.isFloat ? 'float' : 'int', value: expr.value };
      case 'String':
        if (expr.value !== undefined) return str(expr.value);
        return expr.isFormatted ? this.formatString(expr, scope) : unknown('a bytes or undecoded string');
      case 'Constant':
        return expr.value === null ? NONE : { kind: 'bool', value: expr.value };
      case 'Ellipsis':
        return unknown('Ellipsis');
      case 'Attribute':
        return this.attribute(this.eval(expr.value, scope), expr.attr);
      case 'Call':
        return this.call(expr, scope);
      case 'Subscript':
        return this.subscript(this.eval(expr.value, scope), expr.index, scope, expr);
      case 'Slice':
        return unknown('a slice outside brackets');
      case 'Tuple':
      case 'List':
      case 'Set': {
        const items = this.evalItems(expr.elts, scope);
        if (items.kind === 'unknown') return items;
        return { kind: expr.type === 'List' ? 'list' : 'tuple', items: items.items };
      }
      case 'Dict': {
        const entries: [RValue, RValue][] = [];
        expr.keys.forEach((keyExpr, k) => {
          const value = this.eval(expr.values[k], scope);
          if (keyExpr === null) {
            if (value.kind === 'dict') entries.push(...value.entries);
            return;
          }
          const key = this.eval(keyExpr, scope);
          const existing = entries.findIndex(([e]) => sameKey(e, key));
          if (existing >= 0) entries[existing] = [key, value];
          else entries.push([key, value]);
        });
        return { kind: 'dict', entries };
      }
      case 'Comprehension':
        return this.comprehension(expr, scope);
      case 'Lambda':
        return this.makeFunction('<lambda>', expr.params, expr, scope, undefined);
      case 'IfExp': {
        const test = truthy(this.eval(expr.test, scope));
        if (test === undefined) return unknown(`a conditional expression the reader cannot decide (line ${this.lineOf(expr.start)})`);
        return this.eval(test ? expr.body : expr.orelse, scope);
      }
      case 'Unary':
        return this.unary(expr.op, this.eval(expr.operand, scope));
      case 'Binary':
        return this.binary(expr.op, this.eval(expr.left, scope), this.eval(expr.right, scope), expr);
      case 'BoolOp': {
        let last: RValue = NONE;
        for (const v of expr.values) {
          last = this.eval(v, scope);
          const t = truthy(last);
          if (t === undefined) return unknown('a boolean expression the reader cannot decide');
          if (expr.op === 'and' ? !t : t) return last;
        }
        return last;
      }
      case 'Compare': {
        let left = this.eval(expr.left, scope);
        for (let k = 0; k < expr.ops.length; k++) {
          const right = this.eval(expr.comparators[k], scope);
          const result = compare(expr.ops[k], left, right);
          if (result === undefined) return unknown('a comparison the reader cannot decide');
          if (!result) return { kind: 'bool', value: false };
          left = right;
        }
        return { kind: 'bool', value: true };
      }
      case 'Starred':
        return this.eval(expr.value, scope);
      case 'NamedExpr': {
        const value = this.eval(expr.value, scope);
        this.assign(expr.target, value, scope);
        return value;
      }
      case 'Await':
      case 'Invalid':
      case 'Yield':
        return unknown('an expression the reader does not evaluate');
    }
  }

  /** Items of a display, with `*xs` expanded. */
  private evalItems(elts: readonly Expr[], scope: Scope): { kind: 'items'; items: RValue[] } | Extract<RValue, { kind: 'unknown' }> {
    const items: RValue[] = [];
    for (const e of elts) {
      if (e.type === 'Starred') {
        const v = this.eval(e.value, scope);
        const expanded = this.iterate(v);
        if (expanded === undefined) return { kind: 'unknown', reason: `unpacking ${describeValue(v)}` };
        items.push(...expanded);
      } else {
        items.push(this.eval(e, scope));
      }
    }
    return { kind: 'items', items };
  }

  private comprehension(expr: Extract<Expr, { type: 'Comprehension' }>, scope: Scope): RValue {
    const local: Scope = { vars: new Map(), parent: scope };
    const items: RValue[] = [];
    const entries: [RValue, RValue][] = [];
    let failure: RValue | undefined;
    const loop = (g: number): void => {
      if (failure !== undefined) return;
      if (g === expr.generators.length) {
        if (expr.kind === 'dict') entries.push([this.eval(expr.elt, local), this.eval(expr.value as Expr, local)]);
        else items.push(this.eval(expr.elt, local));
        return;
      }
      const generator = expr.generators[g];
      const iterable = this.eval(generator.iter, g === 0 ? scope : local);
      const values = this.iterate(iterable);
      if (values === undefined) {
        failure = unknown(`a comprehension over ${describeValue(iterable)}`);
        return;
      }
      for (const v of values) {
        this.assign(generator.target, v, local);
        let keep = true;
        for (const cond of generator.ifs) {
          const t = truthy(this.eval(cond, local));
          if (t === undefined) {
            failure = unknown('a comprehension condition the reader cannot decide');
            return;
          }
          if (!t) keep = false;
        }
        if (keep) loop(g + 1);
        if (failure !== undefined) return;
      }
    };
    loop(0);
    if (failure !== undefined) return failure;
    if (expr.kind === 'dict') return { kind: 'dict', entries };
    return { kind: expr.kind === 'list' ? 'list' : 'tuple', items };
  }

  /** The items of an iterable the reader knows completely, else undefined. */
  private iterate(value: RValue): RValue[] | undefined {
    switch (value.kind) {
      case 'tuple':
      case 'list':
        return value.items;
      case 'dict':
        return value.entries.map(([k]) => k);
      case 'str':
        return [...value.value].map((c) => str(c));
      case 'bool':
      case 'bound':
      case 'builtin':
      case 'callable':
      case 'class':
      case 'float':
      case 'function':
      case 'initializer':
      case 'int':
      case 'layerObject':
      case 'libraryObject':
      case 'method':
      case 'none':
      case 'object':
      case 'partial':
      case 'super':
      case 'symbol':
      case 'tensor':
      case 'unknown':
        return undefined;
    }
  }

  /** Templates by syntax node, for f-strings in loops and functions called many times. */
  private readonly templates = new Map<Expr, FormatTemplate>();

  private formatString(expr: Extract<Expr, { type: 'String' }>, scope: Scope): RValue {
    // Replacement fields are re-read from the source: `f"block{i}_conv"` names layers in loops.
    let template = this.templates.get(expr);
    if (template === undefined) {
      template = formatTemplate(this.text.slice(expr.start, expr.end));
      this.templates.set(expr, template);
    }
    if (typeof template === 'string') return unknown(template);
    let out = '';
    for (const part of template) {
      if (typeof part === 'string') {
        out += part;
        continue;
      }
      const value = this.eval(part, scope);
      const text = pythonStr(value);
      if (text === undefined) return unknown(`an f-string with ${describeValue(value)}`);
      out += text;
    }
    return str(out);
  }

  private lineStarts: number[] | undefined;

  private lineOf(offset: number): number {
    this.lineStarts ??= lineStarts(this.text);
    return lineAt(this.lineStarts, offset);
  }

  private unary(op: string, v: RValue): RValue {
    if (op === 'not') {
      const t = truthy(v);
      return t === undefined ? unknown('a negation the reader cannot decide') : { kind: 'bool', value: !t };
    }
    if (v.kind === 'tensor') return this.operation('a unary operation', [v.tensor], v.tensor.shape);
    const n = numberOf(v);
    if (n === undefined) return v.kind === 'unknown' ? v : unknown(`${op}${describeValue(v)}`);
    const kind = v.kind === 'float' ? 'float' : 'int';
    if (op === '-') return { kind, value: -n };
    if (op === '+') return { kind, value: n };
    return kind === 'int' ? int(~n) : unknown('~ on a float');
  }

  private binary(op: string, a: RValue, b: RValue, at: { start: number; end: number }): RValue {
    if (a.kind === 'tensor' || b.kind === 'tensor') return this.tensorBinary(op, a, b);
    if (a.kind === 'unknown') return a;
    if (b.kind === 'unknown') return b;
    const x = numberOf(a);
    const y = numberOf(b);
    if (x !== undefined && y !== undefined) {
      const isFloat = a.kind === 'float' || b.kind === 'float';
      const num = (value: number, float = isFloat): RValue => ({ kind: float ? 'float' : 'int', value });
      switch (op) {
        case '+':
          return num(x + y);
        case '-':
          return num(x - y);
        case '*':
          return num(x * y);
        case '/':
          return y === 0 ? unknown('a division by zero') : num(x / y, true);
        case '//':
          return y === 0 ? unknown('a division by zero') : num(Math.floor(x / y));
        case '%':
          // Python's modulo takes the divisor's sign.
          return y === 0 ? unknown('a division by zero') : num(x - y * Math.floor(x / y));
        case '**':
          return num(x ** y, isFloat || y < 0);
        case '<<':
          return isFloat ? unknown('a shift of a float') : int(x * 2 ** y);
        case '>>':
          return isFloat ? unknown('a shift of a float') : int(Math.floor(x / 2 ** y));
        case '&':
          return isFloat ? unknown('& on a float') : int(x & y);
        case '|':
          return isFloat ? unknown('| on a float') : int(x | y);
        case '^':
          return isFloat ? unknown('^ on a float') : int(x ^ y);
        default:
          return unknown(`${op} on numbers`);
      }
    }
    if (op === '+') {
      if (a.kind === 'str' && b.kind === 'str') return str(a.value + b.value);
      if ((a.kind === 'tuple' || a.kind === 'list') && a.kind === b.kind) return { kind: a.kind, items: [...a.items, ...b.items] };
    }
    if (op === '*') {
      const seq = a.kind === 'str' || a.kind === 'tuple' || a.kind === 'list' ? a : b;
      const count = seq === a ? numberOf(b) : numberOf(a);
      if (count !== undefined && Number.isInteger(count) && count <= 100_000) {
        const n = Math.max(0, count);
        if (seq.kind === 'str') return str(seq.value.repeat(n));
        if (seq.kind === 'tuple' || seq.kind === 'list') {
          const items: RValue[] = [];
          for (let k = 0; k < n; k++) items.push(...seq.items);
          return { kind: seq.kind, items };
        }
      }
    }
    if (op === '%' && a.kind === 'str') return unknown('%-formatting');
    void at;
    return unknown(`${describeValue(a)} ${op} ${describeValue(b)}`);
  }

  // ---- tensors -------------------------------------------------------------------------------

  /**
   * A non-layer operation on tensors (`x + y`, `tf.reshape(x, ...)`): part of the graph, not a layer.
   * `shape` is its output shape, null when unknown, or the reason there is none (from `opShapes`).
   */
  private operation(what: string, inputs: readonly SymbolicTensor[], shape: TensorShape | string | null, opaque = false): RValue {
    const op = new LayerInstance('operation', 'Operation', what, {}, { start: 0, end: 0 }, undefined);
    // A call of something the reader does not know may have been a layer or a model.
    if (opaque) op.attributes.set('__opaque', what);
    const node: GraphNode = { layer: op, inputs, outputs: [], isInput: false };
    const unknownInput = inputs.find((t) => t.shape === null);
    const tensor: SymbolicTensor =
      shape !== null && typeof shape !== 'string' && unknownInput === undefined
        ? { shape, node }
        : unknownTensor(
            unknownInput?.unknown ?? (typeof shape === 'string' ? `${what}: ${shape}` : `the reader does not compute the shape of ${what}`),
            node,
          );
    node.outputs = [tensor];
    op.nodes.push(node);
    if (isEager(inputs)) return { kind: 'tensor', tensor: { ...tensor, node: null, constant: true } };
    return { kind: 'tensor', tensor };
  }

  private tensorBinary(op: string, a: RValue, b: RValue): RValue {
    const tensors = [a, b].filter((v): v is Extract<RValue, { kind: 'tensor' }> => v.kind === 'tensor').map((v) => v.tensor);
    const arithmetic = ['+', '-', '*', '/', '//', '%', '**'].includes(op);
    const shape = arithmetic ? broadcastOf(a, b) : null;
    return this.operation(`\`${op}\` on tensors`, tensors, shape);
  }

  // ---- attributes and subscripts -------------------------------------------------------------

  private attribute(owner: RValue, name: string): RValue {
    switch (owner.kind) {
      case 'unknown':
        return owner;
      case 'symbol': {
        const path = normalizeKerasAttribute(owner.path, name);
        const constant = MATH_CONSTANTS.get(path);
        return constant !== undefined ? { kind: 'float', value: constant } : { kind: 'symbol', path };
      }
      case 'tensor':
        if (name === 'shape') return shapeValue(owner.tensor);
        if (name === 'ndim') {
          return owner.tensor.shape === null ? unknown(owner.tensor.unknown ?? 'an unknown shape') : int(owner.tensor.shape.length);
        }
        if (name === 'dtype') return unknown('a dtype');
        return { kind: 'method', target: owner, name };
      case 'layerObject':
        return this.layerAttribute(owner, name);
      case 'object': {
        const own = owner.object.attributes.get(name);
        if (own !== undefined) return own;
        const fromClass = this.classAttribute(owner.object.cls, name);
        if (fromClass?.kind === 'function') return { kind: 'bound', self: owner, fn: fromClass };
        return fromClass ?? unknown(`\`${name}\` is not set on this ${owner.object.cls.name}`);
      }
      case 'class': {
        const v = this.classAttribute(owner.cls, name);
        return v ?? unknown(`\`${owner.cls.name}.${name}\` is not defined in this file`);
      }
      case 'super': {
        const cls = this.classOf(owner.self);
        const v = cls === undefined ? undefined : this.classAttribute(cls, name, owner.after);
        if (v?.kind === 'function') return { kind: 'bound', self: owner.self, fn: v };
        return { kind: 'method', target: owner, name };
      }
      case 'bool':
      case 'bound':
      case 'builtin':
      case 'callable':
      case 'dict':
      case 'float':
      case 'function':
      case 'initializer':
      case 'int':
      case 'libraryObject':
      case 'list':
      case 'method':
      case 'none':
      case 'partial':
      case 'str':
      case 'tuple':
        return { kind: 'method', target: owner, name };
    }
  }

  private classOf(value: RValue): UserClass | undefined {
    if (value.kind === 'object') return value.object.cls;
    if (value.kind === 'layerObject') return this.userClasses.get(value.layer);
    return undefined;
  }

  private readonly userClasses = new Map<LayerInstance, UserClass>();

  private layerAttribute(owner: Extract<RValue, { kind: 'layerObject' }>, name: string): RValue {
    const layer = owner.layer;
    if (layer.attributes.get('__application') === true && APPLICATION_OPAQUE.has(name)) return unknown(layer.unknown ?? name);
    const own = layer.attributes.get(name) as RValue | undefined;
    if (own !== undefined) return own;
    const cls = this.userClasses.get(layer);
    if (cls !== undefined) {
      const fromClass = this.classAttribute(cls, name);
      // Layer.__new__ wraps a user build() (build_wrapper): it runs in the layer's name scope.
      if (fromClass?.kind === 'function' && name === 'build') return { kind: 'method', target: owner, name };
      if (fromClass?.kind === 'function') return { kind: 'bound', self: owner, fn: fromClass };
      if (fromClass !== undefined) return fromClass;
    }
    switch (name) {
      case 'name':
        return str(layer.name);
      case 'layers':
        return { kind: 'list', items: this.modelLayers(layer).map((l) => ({ kind: 'layerObject', layer: l }) as RValue) };
      case 'output':
      case 'outputs': {
        const outs = layer.isModel ? layer.outputs : (layer.nodes[0]?.outputs ?? []);
        if (outs.length === 0) return unknown(`\`${layer.name}\` has no output yet`);
        const tensors = outs.map((t) => ({ kind: 'tensor', tensor: t }) as RValue);
        return name === 'outputs' || tensors.length > 1 ? { kind: 'list', items: tensors } : tensors[0];
      }
      case 'input':
      case 'inputs': {
        const ins = layer.isModel ? layer.inputs : (layer.nodes[0]?.inputs ?? []);
        if (ins.length === 0) return unknown(`\`${layer.name}\` has no input yet`);
        const tensors = ins.map((t) => ({ kind: 'tensor', tensor: t }) as RValue);
        return name === 'inputs' || tensors.length > 1 ? { kind: 'list', items: tensors } : tensors[0];
      }
      case 'trainable':
        return { kind: 'bool', value: layer.trainable };
      default: {
        const arg = layer.args[name];
        if (arg !== undefined) return arg as RValue;
        return { kind: 'method', target: owner, name };
      }
    }
  }

  private modelLayers(layer: LayerInstance): LayerInstance[] {
    if (layer.kind === 'subclassed' || (layer.kind === 'layer' && layer.tracked.length > 0)) return layer.tracked;
    return layer.members;
  }

  private subscript(owner: RValue, indexExpr: Expr, scope: Scope, at: Expr): RValue {
    if (owner.kind === 'unknown') return owner;
    if (owner.kind === 'tensor') {
      if (owner.tensor.constant === true && indexExpr.type !== 'Tuple' && indexExpr.type !== 'Slice') {
        // A NumPy array indexed by an integer array (`np.eye(n)[idx]`): idx's shape, then the rest.
        const index = this.eval(indexExpr, scope);
        if (index.kind === 'tensor' && index.tensor.constant === true && index.tensor.shape !== null && owner.tensor.shape !== null) {
          return { kind: 'tensor', tensor: { shape: [...index.tensor.shape, ...owner.tensor.shape.slice(1)], node: null, constant: true } };
        }
      }
      const key = this.indexKey(indexExpr, scope);
      const shape = typeof key === 'string' ? key : owner.tensor.shape === null ? null : indexShape(owner.tensor.shape, key);
      return this.operation('a tensor slice', [owner.tensor], shape);
    }
    if (indexExpr.type === 'Slice') {
      const seq =
        owner.kind === 'tuple' || owner.kind === 'list'
          ? owner.items
          : owner.kind === 'str'
            ? [...owner.value].map((c) => str(c))
            : undefined;
      if (seq === undefined) return unknown(`a slice of ${describeValue(owner)}`);
      const bound = (e: Expr | undefined): number | null | undefined => {
        if (e === undefined) return null;
        const v = this.eval(e, scope);
        if (v.kind === 'none') return null;
        return v.kind === 'int' ? v.value : undefined;
      };
      const lower = bound(indexExpr.lower);
      const upper = bound(indexExpr.upper);
      const stepValue = bound(indexExpr.step);
      if (lower === undefined || upper === undefined || stepValue === undefined || stepValue === 0) {
        return unknown('a slice with unknown bounds');
      }
      const items = pythonSlice(seq, lower, upper, stepValue ?? 1);
      if (owner.kind === 'str') return str(items.map((c) => (c as { value: string }).value).join(''));
      return { kind: owner.kind as 'tuple' | 'list', items };
    }
    const key = this.eval(indexExpr, scope);
    if (owner.kind === 'tuple' || owner.kind === 'list' || owner.kind === 'str') {
      if (key.kind !== 'int' && key.kind !== 'bool') return unknown(`an index ${describeValue(key)}`);
      const n = owner.kind === 'str' ? owner.value.length : owner.items.length;
      const raw = key.kind === 'int' ? key.value : key.value ? 1 : 0;
      const k = raw < 0 ? n + raw : raw;
      if (k < 0 || k >= n) return unknown('an index out of range');
      return owner.kind === 'str' ? str(owner.value[k]) : owner.items[k];
    }
    if (owner.kind === 'dict') {
      const entry = owner.entries.find(([k]) => sameKey(k, key));
      return entry !== undefined ? entry[1] : unknown(`the key ${describeValue(key)} is not in the dict`);
    }
    void at;
    return unknown(`an item of ${describeValue(owner)}`);
  }

  /** The key of `tensor[...]` as `GetItem` takes it, or why the reader cannot follow it. */
  private indexKey(indexExpr: Expr, scope: Scope): IndexKey[] | string {
    const elements = indexExpr.type === 'Tuple' ? indexExpr.elts : [indexExpr];
    const key: IndexKey[] = [];
    for (const e of elements) {
      if (e.type === 'Ellipsis') {
        key.push({ kind: 'ellipsis' });
        continue;
      }
      if (e.type === 'Slice') {
        const bounds = [e.lower, e.upper, e.step].map((b) => (b === undefined ? NONE : this.eval(b, scope)));
        if (bounds.some((b) => b.kind !== 'none' && b.kind !== 'int')) return 'a slice with bounds the reader does not know';
        const [lower, upper, step] = bounds.map((b) => (b.kind === 'int' ? b.value : null));
        key.push({ kind: 'slice', lower, upper, step });
        continue;
      }
      const v = this.eval(e, scope);
      if (v.kind === 'none') key.push({ kind: 'newaxis' });
      else if (v.kind === 'int') key.push({ kind: 'int', value: v.value });
      else return `an index by ${describeValue(v)}`;
    }
    return key;
  }

  // ---- calls ---------------------------------------------------------------------------------

  private evalArguments(
    args: readonly Argument[],
    scope: Scope,
  ): { positional: RValue[]; keywords: Map<string, RValue>; incomplete?: string } {
    const positional: RValue[] = [];
    // Most calls have no keyword: they share one empty map (nothing writes to a call's keywords).
    let keywords = NO_KEYWORDS;
    let incomplete: string | undefined;
    for (const a of args) {
      const value = this.eval(a.value, scope);
      if (a.kind === 'positional') positional.push(value);
      else if (a.kind === 'keyword') {
        if (keywords === NO_KEYWORDS) keywords = new Map();
        keywords.set(a.name as string, value);
      } else if (a.kind === 'star') {
        const items = this.iterate(value);
        if (items === undefined) incomplete = `*${describeValue(value)}`;
        else positional.push(...items);
      } else {
        if (value.kind === 'dict') {
          if (keywords === NO_KEYWORDS) keywords = new Map();
          for (const [k, v] of value.entries) if (k.kind === 'str') keywords.set(k.value, v);
        } else incomplete = `**${describeValue(value)}`;
      }
    }
    return { positional, keywords, incomplete };
  }

  private call(expr: Extract<Expr, { type: 'Call' }>, scope: Scope): RValue {
    const callee = this.eval(expr.func, scope);
    const { positional, keywords, incomplete } = this.evalArguments(expr.args, scope);
    const range = { start: expr.start, end: expr.end };
    if (callee.kind === 'builtin' && callee.name === 'super') return this.superOf(scope);
    if (callee.kind === 'layerObject') {
      // Tensors passed by keyword (`initial_state=`, `key=`) are inputs of the node too (Keras's Node).
      const extra = [...keywords.values()].flatMap(tensorsIn);
      const callKeywords = new Map(keywords);
      if (positional[0] === undefined) callKeywords.delete('inputs');
      return this.callLayer(callee.layer, positional[0] ?? keywords.get('inputs') ?? NONE, range, extra, positional.slice(1), callKeywords);
    }
    return this.apply(callee, positional, keywords, range, incomplete);
  }

  /** `super()` in a method: the method's class and its first argument. */
  private superOf(scope: Scope): RValue {
    const cls = this.lookup('__class__', scope);
    const self = this.lookup('__self__', scope);
    if (cls.kind !== 'class' || self.kind === 'unknown') return unknown('super() outside a method');
    return { kind: 'super', self, after: cls.cls };
  }

  private apply(callee: RValue, positional: RValue[], keywords: Map<string, RValue>, range: TextRange, incomplete?: string): RValue {
    switch (callee.kind) {
      case 'function':
        return this.callFunction(callee, positional, keywords);
      case 'bound':
        return this.callFunction(callee.fn, positional, keywords, callee.self);
      case 'builtin':
        return this.builtin(callee.name, positional, keywords);
      case 'symbol':
        return this.callSymbol(callee.path, positional, keywords, range, incomplete);
      case 'class':
        return this.instantiate(callee.cls, positional, keywords, range);
      case 'layerObject':
        return this.callLayer(callee.layer, positional[0] ?? keywords.get('inputs') ?? NONE, range);
      case 'method':
        return this.callMethod(callee.target, callee.name, positional, keywords, range);
      case 'super':
        return callee;
      case 'partial':
        return this.apply(callee.fn, [...callee.positional, ...positional], new Map([...callee.keywords, ...keywords]), range, incomplete);
      case 'libraryObject':
        if (positional.some((v) => tensorsIn(v).length > 0)) {
          return this.callLayer(this.foreignLayer(callee, range), positional[0] ?? NONE, range, [], positional.slice(1));
        }
        return unknown(`calling ${describeValue(callee)}`);
      case 'unknown': {
        const tensors = positional.flatMap(tensorsIn);
        if (tensors.length > 0) return this.operation(`a call of something unknown (${callee.reason})`, tensors, null, true);
        return callee;
      }
      case 'bool':
      case 'callable':
      case 'initializer': {
        // `initializer(shape, dtype)`: a tensor of that shape.
        const shape = shapeFromValue(positional[0] ?? keywords.get('shape') ?? NONE);
        if (typeof shape === 'string' || shape.includes(null)) return unknown(`the values of ${describeValue(callee)}`);
        const tensor: SymbolicTensor = { shape, node: null, constant: true };
        this.initialValues.set(tensor, callee);
        return { kind: 'tensor', tensor };
      }
      case 'dict':
      case 'float':
      case 'int':
      case 'list':
      case 'none':
      case 'object':
      case 'str':
      case 'tensor':
      case 'tuple':
        return unknown(`calling ${describeValue(callee)}`);
    }
  }

  private builtin(name: string, args: RValue[], keywords: Map<string, RValue>): RValue {
    const a = args[0];
    switch (name) {
      case 'len': {
        if (a === undefined) return unknown('len()');
        if (a.kind === 'tuple' || a.kind === 'list') return int(a.items.length);
        if (a.kind === 'str') return int(a.value.length);
        if (a.kind === 'dict') return int(a.entries.length);
        return unknown(`len of ${describeValue(a)}`);
      }
      case 'int': {
        if (a === undefined) return int(0);
        const n = numberOf(a);
        if (n !== undefined) return int(Math.trunc(n));
        if (a.kind === 'str' && /^\s*[-+]?\d+\s*$/.test(a.value)) return int(parseInt(a.value, 10));
        return a.kind === 'unknown' ? a : unknown(`int(${describeValue(a)})`);
      }
      case 'float': {
        if (a === undefined) return { kind: 'float', value: 0 };
        const n = numberOf(a);
        if (n !== undefined) return { kind: 'float', value: n };
        return a.kind === 'unknown' ? a : unknown(`float(${describeValue(a)})`);
      }
      case 'bool': {
        const t = a === undefined ? false : truthy(a);
        return t === undefined ? unknown('bool() of an unknown value') : { kind: 'bool', value: t };
      }
      case 'str': {
        const text = a === undefined ? '' : pythonStr(a);
        return text === undefined ? unknown(`str(${describeValue(a)})`) : str(text);
      }
      case 'abs': {
        const n = a === undefined ? undefined : numberOf(a);
        return n === undefined ? unknown('abs()') : { kind: a?.kind === 'float' ? 'float' : 'int', value: Math.abs(n) };
      }
      case 'round': {
        const n = a === undefined ? undefined : numberOf(a);
        if (n === undefined) return unknown('round()');
        // Python rounds half to even.
        const r = Math.round(n);
        return int(Math.abs(n % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r);
      }
      case 'range': {
        const nums = args.map(numberOf);
        if (nums.some((n) => n === undefined || !Number.isInteger(n))) return unknown('range() with unknown bounds');
        const [start, stop, stepValue] =
          nums.length === 1 ? [0, nums[0] as number, 1] : [nums[0] as number, nums[1] as number, (nums[2] ?? 1) as number];
        if (stepValue === 0) return unknown('range() with step 0');
        const items: RValue[] = [];
        for (let k = start; stepValue > 0 ? k < stop : k > stop; k += stepValue) {
          if (items.length >= MAX_LOOP_ITERATIONS) return unknown('a range longer than the reader follows');
          items.push(int(k));
        }
        return { kind: 'list', items };
      }
      case 'min':
      case 'max': {
        const values = args.length === 1 ? this.iterate(args[0]) : args;
        const nums = values?.map(numberOf);
        if (nums === undefined || nums.length === 0 || nums.some((n) => n === undefined)) return unknown(`${name}() of unknown values`);
        const pick = (name === 'min' ? Math.min : Math.max)(...(nums as number[]));
        const chosen = (values as RValue[])[(nums as number[]).indexOf(pick)];
        return chosen;
      }
      case 'sum': {
        const values = a === undefined ? undefined : this.iterate(a);
        const nums = values?.map(numberOf);
        if (nums === undefined || nums.some((n) => n === undefined)) return unknown('sum() of unknown values');
        const isFloat = (values as RValue[]).some((v) => v.kind === 'float');
        return { kind: isFloat ? 'float' : 'int', value: (nums as number[]).reduce((x, y) => x + y, 0) };
      }
      case 'list':
      case 'tuple': {
        if (a === undefined) return { kind: name, items: [] };
        const items = this.iterate(a);
        return items === undefined ? unknown(`${name}(${describeValue(a)})`) : { kind: name, items: [...items] };
      }
      case 'sorted':
      case 'reversed': {
        const items = a === undefined ? undefined : this.iterate(a);
        if (items === undefined) return unknown(`${name}()`);
        if (name === 'reversed') return { kind: 'list', items: [...items].reverse() };
        const reverse = keywords.get('reverse') !== undefined && truthy(keywords.get('reverse') as RValue) === true;
        if (keywords.has('key')) return unknown('sorted() with a key');
        const nums = items.map(numberOf);
        let sorted: RValue[];
        if (nums.every((n) => n !== undefined)) sorted = [...items].sort((x, y) => (numberOf(x) as number) - (numberOf(y) as number));
        else if (items.every((i) => i.kind === 'str')) {
          // Python compares strings by code point.
          sorted = [...items].sort((x, y) => {
            const [p, q] = [(x as { value: string }).value, (y as { value: string }).value];
            return p < q ? -1 : p > q ? 1 : 0;
          });
        } else return unknown('sorted() of values that are not all numbers or all strings');
        return { kind: 'list', items: reverse ? sorted.reverse() : sorted };
      }
      case 'dict': {
        const entries: [RValue, RValue][] = a?.kind === 'dict' ? [...a.entries] : [];
        for (const [k, v] of keywords) entries.push([str(k), v]);
        return { kind: 'dict', entries };
      }
      case 'zip': {
        const lists = args.map((v) => this.iterate(v));
        if (lists.some((l) => l === undefined)) return unknown('zip() of unknown values');
        const n = Math.min(...(lists as RValue[][]).map((l) => l.length));
        const items: RValue[] = [];
        for (let k = 0; k < n; k++) items.push({ kind: 'tuple', items: (lists as RValue[][]).map((l) => l[k]) });
        return { kind: 'list', items };
      }
      case 'enumerate': {
        const items = a === undefined ? undefined : this.iterate(a);
        const start = numberOf(args[1] ?? keywords.get('start') ?? int(0)) ?? 0;
        if (items === undefined) return unknown('enumerate() of unknown values');
        return { kind: 'list', items: items.map((v, k) => ({ kind: 'tuple', items: [int(start + k), v] }) as RValue) };
      }
      case 'any':
      case 'all': {
        const items = a === undefined ? undefined : this.iterate(a);
        const flags = items?.map(truthy);
        if (flags === undefined || flags.some((f) => f === undefined)) return unknown(`${name}() of unknown values`);
        return { kind: 'bool', value: name === 'any' ? flags.some((f) => f) : flags.every((f) => f) };
      }
      case 'isinstance':
        return unknown('isinstance()');
      case 'getattr':
        if (a !== undefined && args[1]?.kind === 'str') return this.attribute(a, args[1].value);
        return unknown('getattr()');
      case 'super':
        return unknown('super() outside a method');
      case 'print':
        return NONE;
      default:
        return unknown(`${name}()`);
    }
  }

  // ---- library symbols (Keras and others) ----------------------------------------------------

  private callSymbol(path: string, positional: RValue[], keywords: Map<string, RValue>, range: TextRange, incomplete?: string): RValue {
    const symbol: KerasSymbol | undefined = kerasSymbol(path);
    if (symbol === undefined) {
      const array = numpyArray(path, positional, keywords);
      if (array !== undefined) return array;
      const math = mathFunction(path, positional);
      if (math !== undefined) return math;
      const comparison = numberComparison(path, positional, keywords);
      if (comparison !== undefined) return comparison;
      const padding = correctPad(path, positional, keywords);
      if (padding !== undefined) return padding;
      if (path === 'functools.partial' && positional.length > 0) {
        return { kind: 'partial', fn: positional[0], positional: positional.slice(1), keywords };
      }
      if (path === 'keras.models.clone_model' || path === 'keras.models.clone_and_build_model') {
        return { kind: 'unknown', reason: `the result of \`${path}\``, mayBeLayer: true };
      }
      // The fuzz factor (Keras's default; `set_epsilon` is not followed).
      if ((path === 'keras.backend.epsilon' || path === 'keras.config.epsilon') && positional.length === 0) {
        return { kind: 'float', value: 1e-7 };
      }
      const tensors = [...positional, ...keywords.values()].flatMap(tensorsIn);
      if (tensors.length > 0) return this.operation(`\`${path}\``, tensors, null);
      if (/\.[A-Z][A-Za-z0-9]*$/.test(path)) return { kind: 'libraryObject', path, args: keywords };
      return unknown(`the result of \`${path}(...)\``);
    }
    switch (symbol.kind) {
      case 'application':
        return this.application(symbol.name, path, keywords, range);
      case 'input':
        return this.kerasInput(positional, keywords, range);
      case 'inputLayer': {
        const layer = this.makeInputLayer(
          bindArguments(['shape', 'batch_size', 'dtype', 'sparse', 'batch_shape', 'input_tensor'], positional, keywords),
          range,
          false,
        );
        return { kind: 'layerObject', layer };
      }
      case 'sequential':
        return this.makeSequential(positional, keywords, range);
      case 'model':
        return this.makeFunctional(positional, keywords, range);
      case 'baseLayer':
        return unknown('a bare keras.layers.Layer');
      case 'layer':
        return { kind: 'layerObject', layer: this.constructLayer(symbol.className, positional, keywords, range, incomplete) };
      case 'merge': {
        const merge = MERGE_FUNCTIONS.get(symbol.name) as { className: string; positional: readonly string[] };
        const [inputs, ...rest] = positional;
        const layer = this.constructLayer(merge.className, rest, keywords, range, incomplete, merge.positional);
        return this.callLayer(layer, inputs ?? keywords.get('inputs') ?? NONE, range);
      }
      case 'initializer':
        return this.makeInitializer(symbol.name, positional, keywords, range);
      case 'optimizer':
        return this.makeOptimizer(symbol.className, path, positional, keywords, range);
      case 'activation': {
        // keras.activations.get("relu"): the function itself, called later on tensors.
        if (symbol.name === 'get' && path === 'keras.activations.get') {
          const id = positional[0] ?? keywords.get('identifier') ?? NONE;
          if (id.kind === 'none') return { kind: 'symbol', path: 'keras.activations.linear' };
          return id.kind === 'str' ? { kind: 'symbol', path: `keras.activations.${id.value}` } : id;
        }
        const tensors = positional.flatMap(tensorsIn);
        // Activations are elementwise: the shape is the input's.
        if (tensors.length > 0) return this.operation(`\`${symbol.name}\``, tensors, tensors[0].shape);
        // On a Python number, a keras.ops function gives a scalar tensor (`ops.log(1000.0)`).
        if (positional[0] !== undefined && numberOf(positional[0]) !== undefined && path.startsWith('keras.ops.')) {
          return { kind: 'tensor', tensor: { shape: [], node: null, constant: true } };
        }
        return unknown(`the result of \`${path}(...)\``);
      }
      case 'intShape': {
        const t = positional[0] ?? keywords.get('x');
        return t?.kind === 'tensor' ? shapeValue(t.tensor) : unknown(`\`${path}\` of a non-tensor`);
      }
      case 'concatenate': {
        const args = bindArgumentsMap(['xs', 'axis'], positional, keywords);
        const tensors = tensorsIn(args.get('xs') ?? NONE);
        const axis = numberOf(args.get('axis') ?? int(0));
        return this.operation('`keras.ops.concatenate`', tensors, axis === undefined ? null : concatenatedShape(tensors, axis));
      }
      case 'elementwise2': {
        const args = bindArgumentsMap(['x1', 'x2'], positional, keywords);
        const a = args.get('x1') ?? args.get('x') ?? NONE;
        const b = args.get('x2') ?? args.get('y') ?? NONE;
        const tensors = [a, b].flatMap(tensorsIn);
        if (tensors.length === 0) return unknown(`the result of \`${path}(...)\``);
        return this.operation(`\`${path}\``, tensors, broadcastOf(a, b));
      }
      case 'shapeOp':
        return this.shapeOp(symbol.name, path, positional, keywords);
      case 'variable':
        return this.makeVariable(positional, keywords);
      case 'reduce': {
        const args = bindArgumentsMap(['x', 'axis', 'keepdims'], positional, keywords);
        const x = args.get('x');
        const numbers = x === undefined || args.has('axis') ? undefined : this.iterate(x)?.map(numberOf);
        if (numbers !== undefined && numbers.length > 0 && numbers.every((n) => n !== undefined)) {
          // On a Python sequence of numbers (`ops.prod((5, 12, 12))`): the value, as int() reads it.
          const value = reduceNumbers(symbol.name, numbers as number[]);
          if (value !== undefined) return Number.isInteger(value) ? int(value) : { kind: 'float', value };
        }
        if (x?.kind !== 'tensor') return unknown(`\`keras.ops.${symbol.name}\` of a non-tensor`);
        return this.operation(
          `\`keras.ops.${symbol.name}\``,
          [x.tensor],
          reducedShape(x.tensor.shape, args.get('axis') ?? NONE, args.get('keepdims')),
        );
      }
      case 'random': {
        // A random tensor of the given shape (None where the shape holds an unknown batch size).
        const shape = shapeFromValue(positional[0] ?? keywords.get('shape') ?? NONE);
        if (typeof shape === 'string') return unknown(`the shape of \`${path}(...)\`: ${shape}`);
        return { kind: 'tensor', tensor: { shape, node: null, constant: true } };
      }
      case 'arange': {
        // keras.ops.arange(start, stop=None, step=1): a 1-D tensor of ceil((stop - start) / step) values.
        const args = bindArgumentsMap(['start', 'stop', 'step'], positional, keywords);
        const first = numberOf(args.get('start') ?? int(0));
        const stopValue = args.get('stop');
        const second = stopValue === undefined || stopValue.kind === 'none' ? undefined : numberOf(stopValue);
        const stepValue = numberOf(args.get('step') ?? int(1));
        if (
          first === undefined ||
          stepValue === undefined ||
          stepValue === 0 ||
          (stopValue !== undefined && stopValue.kind !== 'none' && second === undefined)
        ) {
          return unknown('the length of `keras.ops.arange(...)`');
        }
        const [start, stop] = second === undefined ? [0, first] : [first, second];
        return { kind: 'tensor', tensor: { shape: [Math.max(0, Math.ceil((stop - start) / stepValue))], node: null, constant: true } };
      }
    }
  }

  /** Layers added to a list a layer holds are tracked by that layer, in the order they are added. */
  private trackAdded(list: RValue, item: RValue): void {
    for (const owner of this.listOwners.get(list) ?? []) {
      for (const tracked of layersIn(item)) if (!owner.tracked.includes(tracked) && tracked !== owner) owner.tracked.push(tracked);
    }
  }

  /**
   * keras.ops functions (and their `tf.` spellings) whose output shape follows from their tensors'
   * and arguments: matmul, tensordot, transpose, expand_dims, squeeze, reshape, tile, pad, take,
   * one_hot, depth_to_space / space_to_depth, stack, einsum, linspace (rules in opShapes.ts).
   */
  private shapeOp(name: ShapeOpName, path: string, positional: RValue[], keywords: Map<string, RValue>): RValue {
    if (name === 'stack' || name === 'einsum') return this.listShapeOp(name, path, positional, keywords);
    if (name === 'linspace') return this.linspace(path, positional, keywords);
    const x =
      positional[0] ?? keywords.get('x') ?? keywords.get('x1') ?? keywords.get('a') ?? keywords.get('input') ?? keywords.get('tensor');
    if (x?.kind !== 'tensor') return x?.kind === 'unknown' ? x : unknown(`\`${path}\` of ${describeValue(x ?? NONE)}`);
    const argument = positional[1] ?? keywords.get(OP_ARGUMENT_KEYWORDS[name].find((k) => keywords.has(k)) ?? '') ?? NONE;
    if ((name === 'matmul' || name === 'tensordot') && argument.kind !== 'tensor') {
      return unknown(`\`${path}\` with ${describeValue(argument)}`);
    }
    const tensors = argument.kind === 'tensor' ? [x.tensor, argument.tensor] : [x.tensor];
    // An input of unknown shape makes the output unknown, with that input's reason (operation()).
    const shape = tensors.some((t) => t.shape === null)
      ? null
      : this.opShape(name, x.tensor.shape as TensorShape, argument, positional, keywords, path);
    return this.operation(`\`${path}\``, tensors, shape);
  }

  /**
   * The output shape of a `shapeOp` of one tensor (and a second argument) on known shapes, the reason
   * there is none, or null when an argument is not known.
   */
  private opShape(
    name: ShapeOpName,
    shape: TensorShape,
    argument: RValue,
    positional: readonly RValue[],
    keywords: ReadonlyMap<string, RValue>,
    path: string,
  ): TensorShape | string | null {
    const axes = (v: RValue): number[] | undefined => {
      const n = numberOf(v);
      if (n !== undefined) return [n];
      const items = v.kind === 'tuple' || v.kind === 'list' ? v.items.map(numberOf) : undefined;
      return items?.every((i) => i !== undefined) ? (items as number[]) : undefined;
    };
    const other = argument.kind === 'tensor' ? (argument.tensor.shape as TensorShape) : undefined;
    switch (name) {
      case 'matmul':
        return matmulShape(shape, other as TensorShape);
      case 'tensordot': {
        const axesValue = positional[2] ?? keywords.get('axes') ?? int(2);
        const count = numberOf(axesValue);
        if (count !== undefined) return tensordotShape(shape, other as TensorShape, count);
        const pair = axesValue.kind === 'tuple' || axesValue.kind === 'list' ? axesValue.items.map(axes) : undefined;
        if (pair?.length !== 2 || pair[0] === undefined || pair[1] === undefined) return null;
        return tensordotShape(shape, other as TensorShape, [pair[0], pair[1]]);
      }
      case 'segment_sum':
      case 'segment_max': {
        // keras.ops.segment_sum(data, segment_ids, num_segments=None): (num_segments,) + data.shape[1:].
        const countValue = positional[2] ?? keywords.get('num_segments') ?? NONE;
        const count = countValue.kind === 'none' ? null : numberOf(countValue);
        return shape.length === 0 || count === undefined ? null : [count, ...shape.slice(1)];
      }
      case 'take': {
        // keras.ops.take(x, indices, axis=None) (Take.compute_output_spec): the indices' shape in place of the axis.
        const indices = other ?? nestedShape(argument);
        const axisValue = positional[2] ?? keywords.get('axis') ?? NONE;
        const axis = axisValue.kind === 'none' ? null : numberOf(axisValue);
        if (indices === undefined || axis === undefined) return null;
        if (axis === null) return [...indices];
        const at = axis < 0 ? axis + shape.length : axis;
        if (at < 0 || at >= shape.length) return `axis ${axis} for a tensor of rank ${shape.length}`;
        return [...shape.slice(0, at), ...indices, ...shape.slice(at + 1)];
      }
      case 'pad': {
        const width = this.padWidth(argument);
        return width === undefined ? null : padShape(shape, width);
      }
      case 'depth_to_space':
      case 'space_to_depth': {
        const blockSize = numberOf(argument);
        const format = positional[2] ?? keywords.get('data_format');
        if (blockSize === undefined || (format !== undefined && format.kind !== 'str')) return null;
        const channelsFirst = format?.kind === 'str' && (format.value === 'channels_first' || format.value === 'NCHW');
        return depthToSpaceShape(shape, blockSize, channelsFirst, name === 'space_to_depth');
      }
      case 'one_hot': {
        // keras.ops.one_hot(x, num_classes, axis=-1); tf.one_hot(indices, depth, on_value, off_value, axis).
        const classes = numberOf(argument);
        const axis = numberOf(keywords.get('axis') ?? (path.startsWith('keras.') ? positional[2] : positional[4]) ?? int(-1));
        return classes === undefined || axis === undefined ? null : oneHotShape(shape, classes, axis);
      }
      case 'reshape': {
        if ((argument.kind === 'tuple' || argument.kind === 'list') && argument.items.some((v) => v.kind === 'none')) {
          // A target with unknown sizes (`ops.shape(x)` of a tensor with a None batch): Keras keeps them None.
          const dims = argument.items.map((v) => (v.kind === 'none' ? null : numberOf(v)));
          return dims.some((d) => d === undefined) ? null : dims.map((d) => (d === -1 ? null : (d as number | null)));
        }
        const target = axes(argument);
        return target === undefined ? null : reshapeShape(shape, target);
      }
      case 'expand_dims':
      case 'tile': {
        const given = axes(argument);
        if (given === undefined) return null;
        return name === 'tile' ? tileShape(shape, given) : expandDimsShape(shape, given);
      }
      case 'transpose':
      case 'squeeze': {
        const given = argument.kind === 'none' ? null : axes(argument);
        if (given === undefined) return null;
        return name === 'transpose' ? transposeShape(shape, given) : squeezeShape(shape, given);
      }
      case 'stack':
      case 'einsum':
      case 'linspace':
        return null; // several tensors or none first: listShapeOp() and linspace()
    }
  }

  /** `pad_width` as numbers: an int, a list of ints, or a list of lists of ints. */
  private padWidth(value: RValue): number | (number | number[])[] | undefined {
    const n = numberOf(value);
    if (n !== undefined) return n;
    const items = this.iterate(value);
    if (items === undefined) return undefined;
    const out: (number | number[])[] = [];
    for (const item of items) {
      const k = numberOf(item);
      if (k !== undefined) {
        out.push(k);
        continue;
      }
      const inner = this.iterate(item)?.map(numberOf);
      if (inner === undefined || inner.some((d) => d === undefined)) return undefined;
      out.push(inner as number[]);
    }
    return out;
  }

  /** `keras.ops.linspace(start, stop, num=50, ..., axis=0)`: `num` values inserted at `axis` of the broadcast of start and stop. */
  private linspace(path: string, positional: RValue[], keywords: Map<string, RValue>): RValue {
    const args = bindArgumentsMap(['start', 'stop', 'num', 'endpoint', 'retstep', 'dtype', 'axis'], positional, keywords);
    const shapeOf = (v: RValue | undefined): TensorShape | null =>
      v === undefined ? null : v.kind === 'tensor' ? v.tensor.shape : numberOf(v) !== undefined ? [] : null;
    const start = shapeOf(args.get('start'));
    const stop = shapeOf(args.get('stop'));
    const num = numberOf(args.get('num') ?? int(50));
    const axis = numberOf(args.get('axis') ?? int(0));
    const tensors = [args.get('start'), args.get('stop')].flatMap((v) => (v === undefined ? [] : tensorsIn(v)));
    const broadcast = start !== null && stop !== null ? broadcastShapes(start, stop) : undefined;
    if (broadcast === undefined || num === undefined || axis === undefined || truthy(args.get('retstep') ?? NONE) !== false) {
      return tensors.length > 0 ? this.operation(`\`${path}\``, tensors, null) : unknown(`the result of \`${path}(...)\``);
    }
    const rank = broadcast.length + 1;
    const at = axis < 0 ? axis + rank : axis;
    const out: Dim[] = [...broadcast];
    out.splice(Math.min(Math.max(at, 0), broadcast.length), 0, num);
    if (tensors.length === 0) return { kind: 'tensor', tensor: { shape: out, node: null, constant: true } };
    return this.operation(`\`${path}\``, tensors, out);
  }

  /** `keras.Variable(initializer, shape=None, dtype=None, trainable=True, ..., name=None)` (KerasVariable). */
  private makeVariable(positional: RValue[], keywords: Map<string, RValue>): RValue {
    const args = bindArgumentsMap(
      ['initializer', 'shape', 'dtype', 'trainable', 'autocast', 'aggregation', 'synchronization', 'name'],
      positional,
      keywords,
    );
    const initial = args.get('initializer') ?? NONE;
    const shapeArg = args.get('shape');
    const given = shapeArg === undefined || shapeArg.kind === 'none' ? undefined : shapeFromValue(shapeArg);
    const shape =
      given ?? (initial.kind === 'tensor' ? initial.tensor.shape : numberOf(initial) !== undefined ? [] : 'an initializer without a shape');
    if (shape === null || typeof shape === 'string' || shape.includes(null)) {
      return unknown(`a keras.Variable whose shape the reader does not know${typeof shape === 'string' ? `: ${shape}` : ''}`);
    }
    const dtypeArg = args.get('dtype');
    const dtype = weightDType(dtypeArg);
    if (dtype === undefined) return unknown(`a keras.Variable of dtype ${describeValue(dtypeArg ?? NONE)}`);
    const nameArg = args.get('name');
    const initializer = initial.kind === 'tensor' ? this.initialValues.get(initial.tensor) : initial.kind === 'none' ? undefined : initial;
    const spec: CustomWeight = {
      // KerasVariable.__init__ names an unnamed variable auto_name('variable').
      name: nameArg?.kind === 'str' ? nameArg.value : this.names.autoName('Variable'),
      shape: shape as number[],
      dtype,
      trainable: truthy(args.get('trainable') ?? { kind: 'bool', value: true }) !== false,
      initializer:
        initializer === undefined
          ? { value: { kind: 'unknown', reason: 'an initial value the reader does not know' }, isDefault: false, argument: 'initializer' }
          : { value: toContractValue(initializer), isDefault: false, argument: 'initializer' },
      owner: [],
      ownerNames: [],
      // A variable made directly takes only the name scopes open around it, not its layer's.
      scope: [...this.scopeNames],
    };
    const tensor: SymbolicTensor = { shape: shape as number[], node: null, constant: true };
    this.variables.set(tensor, spec);
    return { kind: 'tensor', tensor };
  }

  /** `keras.ops.stack(xs, axis)` and `keras.ops.einsum(subscripts, *operands)`: shapes of several tensors. */
  private listShapeOp(name: 'stack' | 'einsum', path: string, positional: RValue[], keywords: Map<string, RValue>): RValue {
    const operands = name === 'stack' ? (positional[0] ?? keywords.get('x') ?? keywords.get('values') ?? NONE) : undefined;
    const values = name === 'stack' ? (operands === undefined ? undefined : this.iterate(operands)) : positional.slice(1);
    const tensors = (values ?? []).flatMap(tensorsIn);
    if (values === undefined || values.length === 0 || tensors.length !== values.length) {
      return tensors.length > 0 ? this.operation(`\`${path}\``, tensors, null) : unknown(`the result of \`${path}(...)\``);
    }
    const shapes = tensors.map((t) => t.shape);
    if (shapes.some((s) => s === null)) return this.operation(`\`${path}\``, tensors, null);
    const known = shapes as TensorShape[];
    if (name === 'stack') {
      const axis = numberOf(positional[1] ?? keywords.get('axis') ?? int(0));
      return this.operation(`\`${path}\``, tensors, axis === undefined ? null : stackShape(known, axis));
    }
    const subscripts = positional[0] ?? keywords.get('subscripts') ?? keywords.get('equation');
    return this.operation(`\`${path}\``, tensors, subscripts?.kind === 'str' ? einsumShape(subscripts.value, known) : null);
  }

  /**
   * `keras.applications.ResNet50(...)`: a Functional model whose layers the reader does not build. It
   * has Keras's name, and the automatic names its layers take are counted.
   */
  private application(builder: string, path: string, keywords: ReadonlyMap<string, RValue>, range: TextRange): RValue {
    this.takeApplicationNames(builder, keywords);
    const nameArg = keywords.get('name');
    const name = nameArg?.kind === 'str' ? nameArg.value : applicationName(builder, keywords);
    const model = new LayerInstance('functional', 'Functional', name ?? builder, {}, range, undefined);
    model.unknown = `\`${name ?? builder}\` is built by \`${path}\`, which the reader does not read`;
    model.attributes.set('__application', true);
    const output = applicationOutput(builder, keywords);
    if (output !== undefined) model.attributes.set('__applicationOutput', output);
    this.layers.push(model);
    return { kind: 'layerObject', layer: model };
  }

  /**
   * A keras.applications builder names some of its layers automatically (and its own keras.Input
   * when given no input_tensor): the models built after it count on from there.
   */
  private takeApplicationNames(name: string, keywords: ReadonlyMap<string, RValue>): void {
    const table = APPLICATION_NAMES[name];
    const flag = (key: string): boolean => {
      const v = keywords.get(key);
      return v === undefined ? true : truthy(v) !== false;
    };
    const pooling = keywords.get('pooling');
    const top = flag('include_top');
    const poolingName = pooling?.kind === 'str' ? pooling.value : undefined;
    const pooled = poolingName === 'avg' ? table.avg : poolingName === 'max' ? table.max : undefined;
    const counts = { ...((top ? table.top : pooled) ?? table.plain) };
    const [withPreprocessing, withoutPreprocessing] = top ? [table.top ?? table.plain, table.topRaw] : [table.plain, table.plainRaw];
    if (!flag('include_preprocessing') && withoutPreprocessing !== undefined) {
      // include_preprocessing=False drops the layers that make the difference, whatever the pooling.
      for (const [prefix, count] of Object.entries(withPreprocessing)) counts[prefix] -= count - (withoutPreprocessing[prefix] ?? 0);
    }
    const inputTensor = keywords.get('input_tensor');
    if (inputTensor === undefined || inputTensor.kind === 'none') this.names.autoName('InputLayer');
    for (const [prefix, count] of Object.entries(counts)) {
      for (let k = 0; k < count; k++) this.names.uniquify(prefix);
    }
  }

  /** `keras.optimizers.Adam(...)`: BaseOptimizer.__init__ raises on keyword arguments it does not take. */
  private makeOptimizer(className: string, path: string, positional: RValue[], keywords: Map<string, RValue>, range: TextRange): RValue {
    // keras.optimizers.legacy raises its own error in Keras 3; only the current classes are checked.
    const parameters = path.startsWith('keras.optimizers.legacy.') ? undefined : optimizerParameters(className);
    if (parameters !== undefined) {
      // `decay` is popped with a warning; what is left of **kwargs is an error.
      const extra = [...keywords].filter(([k]) => k !== 'decay' && !parameters.includes(k));
      if (extra.length > 0 && extra.every(([, v]) => v.kind !== 'unknown')) {
        const text = extra.map(([k, v]) => `'${k}': ${pythonRepr(toContractValue(v))}`).join(', ');
        this.problems.push({ range, message: `Argument(s) not recognized: {${text}}`, pythonType: 'ValueError' });
        throw new RaiseSignal();
      }
    }
    const args = bindArgumentsMap(parameters ?? ['learning_rate'], positional, keywords);
    // BaseOptimizer.__init__: `name` or auto_name of the class (`adam`, `adam_1`, `adam_w`).
    if (args.get('name')?.kind !== 'str') args.set('name', str(this.names.autoName(className)));
    return { kind: 'libraryObject', path, args };
  }

  private makeInitializer(name: string, positional: RValue[], keywords: Map<string, RValue>, range: TextRange): RValue {
    const classified = classifyAttribute(name, true);
    if (classified === undefined || classified.className === undefined) {
      return unknown(`\`keras.initializers.${name}\` is not an initializer the reader knows`);
    }
    const order = POSITIONAL[classified.className];
    const args = bindArguments(order, positional, keywords);
    return { kind: 'initializer', initializer: { className: classified.className, args, range } };
  }

  private kerasInput(positional: RValue[], keywords: Map<string, RValue>, range: TextRange): RValue {
    const args = bindArguments(['shape', 'batch_size', 'dtype', 'sparse', 'ragged', 'batch_shape', 'name', 'tensor'], positional, keywords);
    const layer = this.makeInputLayer(args, range, false);
    const out = layer.nodes[0]?.outputs[0];
    return out === undefined ? unknown('an input without a shape') : { kind: 'tensor', tensor: out };
  }

  /** An InputLayer and its output tensor (keras/src/layers/core/input_layer.py). */
  private makeInputLayer(args: Record<string, Value>, range: TextRange, implicit: boolean): LayerInstance {
    const notAShape = [args.batch_shape, args.batch_input_shape, args.shape, args.input_shape].find((v) => v?.kind === 'int');
    if (notAShape?.kind === 'int') {
      // InputLayer.__init__ → backend.standardize_shape, which takes an iterable only.
      this.problems.push({ range, message: `Cannot convert '${notAShape.value}' to a shape.`, pythonType: 'ValueError' });
      throw new RaiseSignal();
    }
    const name = args.name?.kind === 'str' ? args.name.value : this.names.autoName('InputLayer');
    const layer = new LayerInstance('input', 'InputLayer', name, args, range, undefined);
    if (!implicit) this.layers.push(layer);
    const shape = inputBatchShape(args);
    const tensor: SymbolicTensor = typeof shape === 'string' ? unknownTensor(shape) : { shape, node: null };
    const node: GraphNode = { layer, inputs: [], outputs: [], isInput: true };
    const withNode: SymbolicTensor = { ...tensor, node };
    node.outputs = [withNode];
    layer.nodes.push(node);
    if (typeof shape !== 'string') layer.built = { inputShape: shape, outputShape: shape, weights: [], scope: [] };
    else layer.unknown = shape;
    return layer;
  }

  private constructLayer(
    className: string,
    positional: RValue[],
    keywords: Map<string, RValue>,
    range: TextRange,
    incomplete: string | undefined,
    positionalOverride?: readonly string[],
    subclass?: UserClass,
  ): LayerInstance {
    const definition = catalogueDefinition(className);
    const args = this.layerArguments(definition, positional, keywords, positionalOverride);
    const kerasClass = definition?.className ?? className;
    if (args.batch_input_shape !== undefined && definition !== undefined) {
      // Keras 3's Layer.__init__ no longer accepts it: the constructor raises.
      const message = `Unrecognized keyword arguments passed to ${kerasClass}: {'batch_input_shape': ${pythonRepr(args.batch_input_shape)}}`;
      this.problems.push({ range, message, pythonType: 'ValueError' });
      throw new RaiseSignal();
    }
    // Keras names a layer at construction: `name=` wins, else snake_case of the class, made unique.
    const name = args.name?.kind === 'str' ? args.name.value : this.names.autoName(subclass?.name ?? kerasClass);
    const layer = new LayerInstance('layer', subclass?.name ?? kerasClass, name, args, range, definition);
    if (subclass !== undefined) this.userClasses.set(layer, subclass);
    if (incomplete !== undefined) layer.unknown = `an argument the reader cannot expand: ${incomplete}`;
    const wrapped = kerasClass === 'TimeDistributed' ? args.layer : undefined;
    if (wrapped?.kind === 'layer' && wrapped.layer.args.name?.kind === 'str') {
      // Saved under `layer`, with the wrapped layer's own name, even when it has no weights.
      layer.subLayers.push({ attribute: 'layer', name: wrapped.layer.args.name.value });
    }
    const fn = kerasClass === 'Lambda' ? (positional[0] ?? keywords.get('function')) : undefined;
    if (fn?.kind === 'function') this.lambdaFunctions.set(layer, fn);
    const trainable = args.trainable;
    if (trainable?.kind === 'bool') layer.trainable = trainable.value;
    this.layers.push(layer);
    return layer;
  }

  /** A Keras layer's constructor arguments by name (`*k` for positional ones past its list). */
  private layerArguments(
    definition: LayerDefinition | undefined,
    positional: RValue[],
    keywords: ReadonlyMap<string, RValue>,
    positionalOverride?: readonly string[],
  ): Record<string, Value> {
    const order = positionalOverride ?? definition?.positional ?? [];
    const absorb = (inner: LayerInstance): void => {
      inner.absorbed = true;
    };
    const args: Record<string, Value> = {};
    positional.forEach((v, k) => {
      args[k < order.length ? order[k] : `*${k}`] = toContractValue(v, absorb);
    });
    for (const [k, v] of keywords) args[k] = toContractValue(v, absorb);
    return args;
  }

  // ---- calling layers ------------------------------------------------------------------------

  /** `layer(inputs)`: builds on the first call, adds a node, returns the output tensor(s). */
  private callLayer(
    layer: LayerInstance,
    inputs: RValue,
    range: TextRange,
    keywordTensors: readonly SymbolicTensor[] = [],
    otherPositional: readonly RValue[] = [],
    callKeywords: ReadonlyMap<string, RValue> = new Map(),
  ): RValue {
    const main = tensorsIn(inputs);
    const tensors = [...main, ...otherPositional.flatMap(tensorsIn), ...keywordTensors];
    if (tensors.length === 0) {
      if (inputs.kind === 'unknown') {
        layer.unknown ??= inputs.reason;
        // A value passed to a model is almost always a tensor: Keras builds the Sequential on it, and
        // its InputLayer and Functional take their automatic names (as for a tensor of unknown shape).
        if (layer.kind === 'sequential' && layer.inputs.length === 0) this.callSequential(layer, [unknownTensor(inputs.reason)], range);
        return inputs;
      }
      return unknown(`\`${layer.name}\` is called on ${describeValue(inputs)}, not a tensor`);
    }
    this.callSites.set(layer, range);
    switch (layer.kind) {
      case 'sequential':
        return this.callSequential(layer, tensors, range);
      case 'functional':
        // A keras.applications model has one output, whose shape the reader does not know.
        if (layer.attributes.get('__application') === true) {
          const output = layer.attributes.get('__applicationOutput') as TensorShape | undefined;
          return this.finishNode(layer, tensors, [output === undefined ? null : withBatch(output, tensors[0].shape)], false, layer.unknown);
        }
        return this.finishNode(
          layer,
          tensors,
          layer.outputs.map((t) => (t.shape === null ? null : withBatch(t.shape, tensors[0].shape))),
          layer.outputs.length > 1,
          layer.outputs.find((t) => t.shape === null)?.unknown,
        );
      case 'subclassed':
        return this.callCustom(layer, inputs, tensors, otherPositional, callKeywords);
      case 'input':
        return unknown('an InputLayer is not called');
      case 'layer':
      case 'operation':
        break;
    }
    // A user layer or model runs its call(); a subclass of a catalogue layer (it has the base's
    // definition) is built by the base layer's rules below.
    if (this.userClasses.has(layer) && layer.definition === undefined) {
      return this.callCustom(layer, inputs, tensors, otherPositional, callKeywords);
    }
    if (layer.className === 'MultiHeadAttention' && layer.nodes.length === 0) {
      // MultiHeadAttention.build creates a Softmax and a Dropout with automatic names.
      layer.subLayers.push({ attribute: '_softmax', name: this.names.autoName('Softmax') });
      layer.subLayers.push({ attribute: '_dropout_layer', name: this.names.autoName('Dropout') });
    }
    const unknownInput = tensors.find((t) => t.shape === null);
    if (unknownInput !== undefined) {
      if (layer.built === undefined) layer.unknown ??= unknownInput.unknown;
      return this.finishNode(layer, tensors, [null], false, unknownInput.unknown);
    }
    if (
      layer.unknown !== undefined &&
      layer.built === undefined &&
      layer.definition !== undefined &&
      layer.unknown.startsWith('an argument')
    ) {
      return this.finishNode(layer, tensors, [null], false, layer.unknown);
    }
    const traced = this.lambdaFunctions.get(layer);
    if (traced !== undefined && (layer.args.output_shape ?? NONE).kind === 'none' && layer.args.arguments === undefined) {
      return this.traceLambda(layer, traced, inputs, tensors);
    }
    if (layer.definition === undefined && this.foreignLayers.has(layer)) {
      return this.finishNode(layer, tensors, [null], false, layer.unknown);
    }
    const outcome = buildLayer(
      layer,
      tensors.map((t) => t.shape as TensorShape),
      layer.attributes.get('__adapted') === true ? [] : [...this.scopeNames],
    );

    if (!outcome.ok) {
      if (outcome.problem !== undefined) {
        this.problems.push({ range, message: outcome.problem.message, pythonType: outcome.problem.pythonType });
      }
      return this.finishNode(layer, tensors, [null], false, outcome.reason);
    }
    this.subclassBuild(layer, tensors[0].shape as TensorShape);
    return this.finishNode(layer, tensors, [...outcome.outputs], outcome.multiple);
  }

  /** A user build(): marked built, run in the layer's name scope (Layer's build wrapper). */
  private runBuild(layer: LayerInstance, build: FunctionValue, shape: TensorShape): void {
    layer.attributes.set('__built', true);
    this.scopeNames.push(layer.name);
    try {
      this.callFunction(build, [shapeToRValue(shape)], new Map(), { kind: 'layerObject', layer });
    } finally {
      this.scopeNames.pop();
    }
  }

  /**
   * A subclass of a Keras layer with a build() of its own: the base layer's weights come from its
   * `super().build(input_shape)` (already made above), then whatever else the subclass adds.
   */
  private subclassBuild(layer: LayerInstance, shape: TensorShape): void {
    const cls = this.userClasses.get(layer);
    const build = cls === undefined ? undefined : this.classAttribute(cls, 'build');
    if (build?.kind !== 'function' || layer.attributes.get('__built') === true) return;
    this.runBuild(layer, build, shape);
    if (layer.attributes.get('__superBuilt') !== true) {
      // Without super().build(), the base layer's weights are not made: the reader cannot say which are.
      layer.unknown ??= `\`${layer.className}.build()\` does not call super().build(), so the ${layer.definition?.className} weights are not made`;
      layer.attributes.set('__partial', true);
    }
  }

  /** Functions of Lambda layers defined in the file. */
  private readonly lambdaFunctions = new Map<LayerInstance, FunctionValue>();

  /**
   * A Lambda without `output_shape=`: Keras traces the function on symbolic inputs
   * (Lambda.compute_output_shape); the reader evaluates it on its tensors.
   */
  private traceLambda(layer: LayerInstance, fn: FunctionValue, inputs: RValue, tensors: readonly SymbolicTensor[]): RValue {
    const result = this.callFunction(fn, [inputs], new Map());
    const outs = tensorsIn(result);
    const unknownOut = outs.find((t) => t.shape === null);
    if (outs.length === 0 || unknownOut !== undefined) {
      const reason = unknownOut?.unknown ?? `the function of \`${layer.name}\` returns ${describeValue(result)}`;
      layer.unknown ??= reason;
      return this.finishNode(layer, tensors, [null], false, reason);
    }
    const shapes = outs.map((t) => t.shape as TensorShape);
    const multiple = outs.length > 1 || result.kind === 'list' || result.kind === 'tuple';
    layer.built ??= {
      inputShape: tensors.length === 1 ? (tensors[0].shape as TensorShape) : tensors.map((t) => t.shape as TensorShape),
      outputShape: multiple ? shapes : shapes[0],
      weights: [],
      scope: [...this.scopeNames],
    };
    return this.finishNode(layer, tensors, shapes, multiple);
  }

  private finishNode(
    layer: LayerInstance,
    inputs: readonly SymbolicTensor[],
    shapes: (TensorShape | null)[],
    multiple: boolean,
    reason?: string,
  ): RValue {
    const node: GraphNode = { layer, inputs, outputs: [], isInput: false };
    node.outputs = shapes.map((shape) =>
      shape === null ? unknownTensor(reason ?? `the output of \`${layer.name}\` is unknown`, node) : { shape, node },
    );
    layer.nodes.push(node);
    // A model whose outputs the reader could not follow: what the call gives is unknown, not a tensor.
    if (shapes.length === 0) return unknown(reason ?? `the output of \`${layer.name}\` is unknown`);
    if (isEager(inputs)) {
      // Called on concrete data only: Keras runs it eagerly, its output is data, not a graph tensor.
      const outputs = node.outputs.map((t): SymbolicTensor => ({ ...t, node: null, constant: true }));
      if (!multiple) return { kind: 'tensor', tensor: outputs[0] };
      return { kind: 'list', items: outputs.map((t) => ({ kind: 'tensor', tensor: t }) as RValue) };
    }
    if (!multiple) return { kind: 'tensor', tensor: node.outputs[0] };
    return { kind: 'list', items: node.outputs.map((t) => ({ kind: 'tensor', tensor: t }) as RValue) };
  }

  // ---- Sequential ----------------------------------------------------------------------------

  private makeSequential(positional: RValue[], keywords: Map<string, RValue>, range: TextRange): RValue {
    const args = bindArgumentsMap(['layers', 'trainable', 'name'], positional, keywords);
    const nameArg = args.get('name');
    const name = nameArg?.kind === 'str' ? nameArg.value : this.names.autoName('Sequential');
    const model = new LayerInstance('sequential', 'Sequential', name, {}, range, undefined);
    this.layers.push(model);
    const list = args.get('layers');
    const items = list === undefined || list.kind === 'none' ? [] : this.iterate(list);
    if (items === undefined) {
      model.unknown = `the layers of the Sequential are ${describeValue(list as RValue)}`;
      return { kind: 'layerObject', layer: model };
    }
    for (const item of items) this.sequentialAdd(model, item, range, false);
    this.maybeRebuild(model, range);
    return { kind: 'layerObject', layer: model };
  }

  /** `Sequential.add` (keras/src/models/sequential.py): an input_shape on the first layer makes an InputLayer. */
  private sequentialAdd(model: LayerInstance, item: RValue, range: TextRange, rebuild: boolean): void {
    if (item.kind === 'tensor') {
      const origin = item.tensor.node?.layer;
      if (origin?.kind === 'input' && model.inputLayer === undefined && model.members.length === 0) model.inputLayer = origin;
      else model.unknown ??= 'a tensor that is not a keras.Input was added to the Sequential';
    } else if (item.kind === 'layerObject') {
      const layer = item.layer;
      if (layer.kind === 'input') {
        if (model.inputLayer === undefined && model.members.length === 0) model.inputLayer = layer;
      } else {
        if (model.inputLayer === undefined && model.members.length === 0) {
          const shape = legacyInputShape(layer.args, layer.definition?.positional ?? []);
          if (shape !== undefined) model.inputLayer = this.makeInputLayer(shape, layer.range, true);
        }
        model.members.push(layer);
      }
    } else if (item.kind === 'libraryObject') {
      model.members.push(this.foreignLayer(item, range));
    } else {
      model.members.push(this.placeholderLayer(item, range));
    }
    if (rebuild) this.maybeRebuild(model, range);
  }

  /** Foreign layers by the library object they stand for, and the set of them. */
  private readonly foreignLayerOf = new Map<RValue, LayerInstance>();
  private readonly foreignLayers = new Set<LayerInstance>();

  /**
   * An object of a class from outside the file (`from mylib import FancyLayer`) used as a layer:
   * a layer named by Keras's rule whose shapes and weights are unknown (so is all that follows).
   */
  private foreignLayer(object: Extract<RValue, { kind: 'libraryObject' }>, range: TextRange): LayerInstance {
    let layer = this.foreignLayerOf.get(object);
    if (layer === undefined) {
      const dot = object.path.lastIndexOf('.');
      const className = object.path.slice(dot + 1);
      const nameArg = object.args.get('name');
      const name = nameArg?.kind === 'str' ? nameArg.value : this.names.autoName(className);
      layer = new LayerInstance('layer', className, name, {}, range, undefined);
      layer.unknown =
        dot > 0
          ? `\`${className}\` comes from \`${object.path.slice(0, dot)}\`, which the reader does not open`
          : `\`${className}\` is not a Keras layer the reader knows`;
      this.layers.push(layer);
      this.foreignLayerOf.set(object, layer);
      this.foreignLayers.add(layer);
    }
    return layer;
  }

  private placeholderLayer(item: RValue, range: TextRange): LayerInstance {
    const reason = item.kind === 'unknown' ? item.reason : `${describeValue(item)} is not a Keras layer the reader knows`;
    const layer = new LayerInstance('layer', 'Unknown', '?', {}, range, undefined);
    layer.unknown = reason;
    return layer;
  }

  /** `_maybe_rebuild`: with an InputLayer and at least one layer, the model is (re)built now. */
  private maybeRebuild(model: LayerInstance, range: TextRange): void {
    if (model.inputLayer === undefined || model.members.length === 0) return;
    this.buildSequential(model, model.inputLayer.nodes[0].outputs[0], range);
  }

  /**
   * `Sequential.build`: calls each layer on the previous output, then wraps them in a Functional
   * (which takes a `functional` name). Layers already propagated keep their output.
   */
  private buildSequential(model: LayerInstance, input: SymbolicTensor, range: TextRange): void {
    if (model.inputs[0] !== input) {
      model.inputs = [input];
      model.outputs = [input];
      model.attributes.set('__propagated', 0);
    }
    let propagated = (model.attributes.get('__propagated') as number | undefined) ?? 0;
    let current = model.outputs[0];
    this.scopeNames.push(model.name);
    try {
      for (; propagated < model.members.length; propagated++) {
        const out = this.callLayer(
          model.members[propagated],
          { kind: 'tensor', tensor: current },
          this.callSites.get(model.members[propagated]) ?? range,
        );
        current =
          out.kind === 'tensor'
            ? out.tensor
            : out.kind === 'list' && out.items[0]?.kind === 'tensor'
              ? out.items[0].tensor
              : unknownTensor(describeValue(out));
      }
    } finally {
      this.scopeNames.pop();
    }
    model.attributes.set('__propagated', propagated);
    model.outputs = [current];
    this.names.autoName('Functional');
    if (current.shape !== null) {
      model.built = { inputShape: input.shape ?? [], outputShape: current.shape, weights: [], scope: [...this.scopeNames] };
    }
  }

  private callSequential(model: LayerInstance, tensors: readonly SymbolicTensor[], range: TextRange): RValue {
    const x = tensors[0];
    if (model.inputs.length === 0) {
      if (x.shape === null) {
        // Keras still builds it: an InputLayer and a Functional take their automatic names.
        this.names.autoName('InputLayer');
        this.names.autoName('Functional');
        model.unknown ??= x.unknown;
        return this.finishNode(model, tensors, [null], false, x.unknown);
      }
      // Calling an unbuilt Sequential builds it on the input's shape (a new InputLayer).
      const inputLayer = this.makeInputLayer({ batch_shape: shapeToValue(x.shape) }, model.range, true);
      model.inputLayer = inputLayer;
      this.buildSequential(model, inputLayer.nodes[0].outputs[0], range);
    }
    const out = model.outputs[0];
    return this.finishNode(model, tensors, [out.shape === null ? null : withBatch(out.shape, x.shape)], false, out.unknown);
  }

  // ---- Functional ----------------------------------------------------------------------------

  private makeFunctional(positional: RValue[], keywords: Map<string, RValue>, range: TextRange): RValue {
    const args = bindArgumentsMap(['inputs', 'outputs', 'name'], positional, keywords);
    const nameArg = args.get('name');
    const name = nameArg?.kind === 'str' ? nameArg.value : this.names.autoName('Functional');
    const model = new LayerInstance('functional', 'Functional', name, {}, range, undefined);
    this.layers.push(model);
    this.wireFunctional(model, args);
    return { kind: 'layerObject', layer: model };
  }

  /** `Functional.__init__(inputs, outputs)`: the model's layers are the graph between them. */
  private wireFunctional(model: LayerInstance, args: ReadonlyMap<string, RValue>): void {
    const inputs = flattenStructure(args.get('inputs') ?? NONE);
    const outputs = flattenStructure(args.get('outputs') ?? NONE);
    if (inputs === undefined || outputs === undefined || inputs.length === 0 || outputs.length === 0) {
      // The reason the reader has for an unknown argument says more than that it is not a tensor.
      const unknownArgument = [args.get('outputs'), args.get('inputs')].find((v) => v?.kind === 'unknown');
      model.unknown =
        unknownArgument?.kind === 'unknown'
          ? `its ${unknownArgument === args.get('outputs') ? 'outputs' : 'inputs'}: ${unknownArgument.reason}`
          : 'the inputs or outputs of the model are not tensors the reader follows';
      return;
    }
    model.inputs = inputs;
    model.outputs = outputs;
    const order = functionalOrder(inputs, outputs);
    const opaque = order.find((l) => l.kind === 'operation' && l.attributes.has('__opaque'));
    if (opaque !== undefined) {
      // Its layers (and the names Keras gives them) are not all known: list none rather than some.
      model.unknown = `the model's graph has ${opaque.attributes.get('__opaque') as string}, which may be a layer or a model`;
      return;
    }
    model.members.push(...order.filter((l) => l.kind !== 'operation'));
    const unknownOutput = outputs.find((t) => t.shape === null);
    if (unknownOutput !== undefined) model.unknown = unknownOutput.unknown;
  }

  /**
   * `Model.__init__` given inputs and outputs (`functional_init_arguments`): a `keras.Model` subclass
   * built this way is a Functional model of that class (`inject_functional_model_class`).
   */
  private initSubclassAsFunctional(layer: LayerInstance, positional: RValue[], keywords: Map<string, RValue>): boolean {
    const functionalArguments =
      positional.length === 2 ||
      (positional.length === 1 && keywords.has('outputs')) ||
      (keywords.has('inputs') && keywords.has('outputs'));
    if (layer.kind !== 'subclassed' || !functionalArguments) return false;
    const args = bindArgumentsMap(['inputs', 'outputs', 'name'], positional, keywords);
    this.kerasInit(layer, args);
    layer.kind = 'functional';
    this.wireFunctional(layer, args);
    return true;
  }

  // ---- subclassed models and custom layers ---------------------------------------------------

  private instantiate(cls: UserClass, positional: RValue[], keywords: Map<string, RValue>, range: TextRange): RValue {
    if (cls.kerasBase === undefined) {
      const object: PlainObject = { cls, attributes: new Map() };
      const self: RValue = { kind: 'object', object };
      const init = this.classAttribute(cls, '__init__');
      if (init?.kind === 'function') this.callFunction(init, positional, keywords, self);
      return self;
    }
    const isModel = cls.kerasBase === 'Model';
    const base = isModel ? undefined : catalogueDefinition(cls.kerasBase);
    const init = this.classAttribute(cls, '__init__');
    // `class MyConv(layers.Conv2D)` overriding call() or convolution_op(): Keras takes its output
    // shape from Conv2D's compute_output_shape() (call() is not run), and builds it with Conv2D's
    // build() and then with what the subclass's own build() adds. Its arguments are Conv2D's: given
    // here, or to `super().__init__` by an `__init__` of its own.
    const definition = base !== undefined && this.classAttribute(cls, 'compute_output_shape') === undefined ? base : undefined;
    if (definition !== undefined && init?.kind !== 'function') {
      return { kind: 'layerObject', layer: this.constructLayer(cls.kerasBase, positional, keywords, range, undefined, undefined, cls) };
    }
    const layer = new LayerInstance(isModel ? 'subclassed' : 'layer', cls.name, '', {}, range, definition);
    this.userClasses.set(layer, cls);
    this.layers.push(layer);
    const self: RValue = { kind: 'layerObject', layer };
    if (init?.kind === 'function') this.callFunction(init, positional, keywords, self);
    else if (!this.initSubclassAsFunctional(layer, positional, keywords)) this.kerasInit(layer, keywords);
    if (layer.name === '') layer.name = this.names.autoName(cls.name);
    return self;
  }

  /** `model.compile(optimizer="rmsprop", ...)`: the optimizer, Keras's default when none is given. */
  private compile(model: LayerInstance, positional: RValue[], keywords: Map<string, RValue>): void {
    const given = positional[0] ?? keywords.get('optimizer') ?? str('rmsprop');
    const info = optimizerOf(given);
    // `optimizer="adam"` is keras.optimizers.get("adam"): a new Adam, named now.
    const className = given.kind === 'str' ? optimizerClassName(given.value) : undefined;
    model.optimizer = className !== undefined ? { ...info, name: this.names.autoName(className) } : info;
  }

  /** `super().__init__(name=...)`: Keras names the object here (Operation.__init__). */
  private kerasInit(layer: LayerInstance, keywords: ReadonlyMap<string, RValue>): void {
    if (layer.name !== '') return;
    const nameArg = keywords.get('name');
    const cls = this.userClasses.get(layer);
    layer.name = nameArg?.kind === 'str' ? nameArg.value : this.names.autoName(cls?.name ?? layer.className);
    const trainable = keywords.get('trainable');
    if (trainable?.kind === 'bool') layer.trainable = trainable.value;
  }

  /** A user-defined layer or model: call() runs on the arguments as given (`layer(y_true, y_pred)`). */
  private callCustom(
    layer: LayerInstance,
    inputs: RValue,
    tensors: readonly SymbolicTensor[],
    otherPositional: readonly RValue[],
    callKeywords: ReadonlyMap<string, RValue>,
  ): RValue {
    const cls = this.userClasses.get(layer);
    const self: RValue = { kind: 'layerObject', layer };
    const callMethod = cls === undefined ? undefined : this.classAttribute(cls, 'call');
    if (callMethod?.kind !== 'function') {
      const reason = `\`${layer.className}\` defines no call() the reader can follow`;
      layer.unknown ??= reason;
      return this.finishNode(layer, tensors, [null], false, reason);
    }
    this.scopeNames.push(layer.name);
    let result: RValue;
    let declared: (TensorShape | null)[] | undefined;
    try {
      const build = cls === undefined ? undefined : this.classAttribute(cls, 'build');
      const shapes = tensors.map((t) => (t.shape === null ? unknown(t.unknown ?? 'an unknown shape') : shapeToRValue(t.shape)));
      const shapeArg: RValue = shapes.length === 1 ? shapes[0] : { kind: 'list', items: shapes };
      if (layer.attributes.get('__built') === undefined) {
        layer.attributes.set('__built', true);
        if (build?.kind === 'function') this.callFunction(build, [shapeArg], new Map(), self);
      }
      const computeOutputShape = cls === undefined ? undefined : this.classAttribute(cls, 'compute_output_shape');
      if (build?.kind === 'function' && computeOutputShape?.kind === 'function' && layer.kind === 'layer') {
        // With build() and compute_output_shape() both defined, Keras builds with build() and takes
        // the output from compute_output_shape() (Layer.compute_output_spec): call() is not run.
        declared = declaredShapes(this.callFunction(computeOutputShape, [shapeArg], new Map(), self));
      }
      result = declared !== undefined ? NONE : this.callFunction(callMethod, [inputs, ...otherPositional], new Map(callKeywords), self);
    } finally {
      this.scopeNames.pop();
    }
    if (declared !== undefined) {
      const first = declared[0];
      if (layer.built === undefined && tensors[0].shape !== null && first !== null) {
        layer.built = { inputShape: tensors[0].shape, outputShape: first, weights: [], scope: [...this.scopeNames] };
      }
      const reason = `\`${layer.className}.compute_output_shape()\` gives no shape the reader can read`;
      if (declared.some((d) => d === null)) layer.unknown ??= reason;
      return this.finishNode(layer, tensors, declared, declared.length > 1, reason);
    }
    const outs = tensorsIn(result);
    if (outs.length === 0) {
      const reason = result.kind === 'unknown' ? result.reason : `\`${layer.className}.call\` returned ${describeValue(result)}`;
      layer.unknown ??= reason;
      return this.finishNode(layer, tensors, [null], false, reason);
    }
    if (cls !== undefined && this.classAttribute(cls, 'compute_output_shape') !== undefined) {
      // With compute_output_shape() defined, Keras infers the output without running call() on the
      // symbolic input, so which sublayers get built is not what call() shows.
      layer.attributes.set('__partial', true);
      layer.unknown ??= `\`${layer.className}\` defines compute_output_shape(): Keras does not run call() symbolically, so its sublayers are not all built`;
    }
    const firstInput = tensors[0].shape;
    if (layer.built === undefined && firstInput !== null && outs[0].shape !== null) {
      layer.built = { inputShape: firstInput, outputShape: outs[0].shape, weights: [], scope: [...this.scopeNames] };
    }
    if (layer.kind === 'subclassed' && layer.outputs.length === 0) {
      layer.inputs = [...tensors];
      layer.outputs = outs;
    }
    return this.finishNode(
      layer,
      tensors,
      outs.map((t) => t.shape),
      outs.length > 1 || result.kind === 'list' || result.kind === 'tuple',
      outs.find((t) => t.shape === null)?.unknown,
    );
  }

  // ---- methods -------------------------------------------------------------------------------

  private callMethod(target: RValue, name: string, positional: RValue[], keywords: Map<string, RValue>, range: TextRange): RValue {
    if (target.kind === 'super') {
      if (name === '__init__' && target.self.kind === 'layerObject') {
        const self = target.self.layer;
        // The Keras layer a subclass extends takes its arguments here.
        if (self.definition !== undefined && self.name === '') self.args = this.layerArguments(self.definition, positional, keywords);
        if (!this.initSubclassAsFunctional(self, positional, keywords)) this.kerasInit(self, keywords);
        return NONE;
      }
      if (name === 'build' && target.self.kind === 'layerObject' && target.self.layer.definition !== undefined) {
        // The Keras layer a subclass extends builds its own weights (made when the layer was built).
        target.self.layer.attributes.set('__superBuilt', true);
        return NONE;
      }
      // A model whose compile() is its own: Model.compile runs here.
      if (name === 'compile' && target.self.kind === 'layerObject' && target.self.layer.isModel) {
        this.compile(target.self.layer, positional, keywords);
        return NONE;
      }
      return NONE;
    }
    if (target.kind === 'list') {
      switch (name) {
        case 'append':
          target.items.push(positional[0] ?? NONE);
          this.trackAdded(target, positional[0] ?? NONE);
          return NONE;
        case 'extend': {
          const items = positional[0] === undefined ? undefined : this.iterate(positional[0]);
          if (items !== undefined) target.items.push(...items);
          for (const item of items ?? []) this.trackAdded(target, item);
          return NONE;
        }
        case 'insert': {
          const at = numberOf(positional[0] ?? NONE);
          if (at !== undefined) target.items.splice(at < 0 ? Math.max(0, target.items.length + at) : at, 0, positional[1] ?? NONE);
          this.trackAdded(target, positional[1] ?? NONE);
          return NONE;
        }
        case 'pop':
          return target.items.pop() ?? unknown('pop from an empty list');
        case 'copy':
          return { kind: 'list', items: [...target.items] };
        default:
          return unknown(`list.${name}()`);
      }
    }
    if (target.kind === 'dict') {
      switch (name) {
        case 'get': {
          const entry = target.entries.find(([k]) => sameKey(k, positional[0] ?? NONE));
          return entry !== undefined ? entry[1] : (positional[1] ?? NONE);
        }
        case 'items':
          return { kind: 'list', items: target.entries.map(([k, v]) => ({ kind: 'tuple', items: [k, v] }) as RValue) };
        case 'keys':
          return { kind: 'list', items: target.entries.map(([k]) => k) };
        case 'values':
          return { kind: 'list', items: target.entries.map(([, v]) => v) };
        case 'update':
          if (positional[0]?.kind === 'dict') for (const e of positional[0].entries) target.entries.push(e);
          for (const [k, v] of keywords) target.entries.push([str(k), v]);
          return NONE;
        default:
          return unknown(`dict.${name}()`);
      }
    }
    if (target.kind === 'str') {
      switch (name) {
        case 'format':
          return unknown('str.format()');
        case 'upper':
          return str(target.value.toUpperCase());
        case 'lower':
          return str(target.value.toLowerCase());
        case 'join': {
          const items = positional[0] === undefined ? undefined : this.iterate(positional[0]);
          if (items === undefined || items.some((i) => i.kind !== 'str')) return unknown('str.join() of unknown values');
          return str(items.map((i) => (i as { value: string }).value).join(target.value));
        }
        default:
          return unknown(`str.${name}()`);
      }
    }
    if (target.kind === 'layerObject') return this.layerMethod(target.layer, name, positional, keywords, range);
    if (target.kind === 'tensor') return this.operation(`\`tensor.${name}()\``, [target.tensor, ...positional.flatMap(tensorsIn)], null);
    return unknown(`the result of \`.${name}()\``);
  }

  private layerMethod(layer: LayerInstance, name: string, positional: RValue[], keywords: Map<string, RValue>, range: TextRange): RValue {
    switch (name) {
      case 'add':
        if (layer.kind === 'sequential') this.sequentialAdd(layer, positional[0] ?? keywords.get('layer') ?? NONE, range, true);
        return NONE;
      case 'pop':
        if (layer.kind === 'sequential') {
          const popped = layer.members.pop();
          return popped === undefined ? NONE : { kind: 'layerObject', layer: popped };
        }
        return NONE;
      case 'build':
        this.buildModel(layer, positional[0] ?? keywords.get('input_shape') ?? NONE, range);
        return NONE;
      case 'compile':
        this.compile(layer, positional, keywords);
        return NONE;
      case '__call__':
      case 'call':
        return this.callLayer(layer, positional[0] ?? NONE, range);
      case 'get_layer': {
        const key = positional[0] ?? keywords.get('name');
        const all = this.modelLayers(layer);
        const found = key?.kind === 'str' ? all.find((l) => l.name === key.value) : key?.kind === 'int' ? all[key.value] : undefined;
        return found !== undefined ? { kind: 'layerObject', layer: found } : unknown('get_layer() of a layer the reader cannot find');
      }
      case 'add_weight':
        return this.addWeight(layer, positional, keywords);
      case 'adapt':
        // adapt() builds the layer on the data, outside any model: its variables get no model prefix.
        layer.attributes.set('__adapted', true);
        return NONE;
      case 'count_params':
        return unknown('count_params()');
      default:
        return unknown(`the result of \`${layer.name}.${name}()\``);
    }
  }

  /** `self.add_weight(shape, initializer, dtype, trainable, ..., name=)` in a custom layer's build. */
  private addWeight(layer: LayerInstance, positional: RValue[], keywords: Map<string, RValue>): RValue {
    const args = bindArgumentsMap(['shape', 'initializer', 'dtype', 'trainable'], positional, keywords);
    const shapeValue = args.get('shape') ?? { kind: 'tuple', items: [] };
    const dims = this.iterate(shapeValue)?.map((d) => (d.kind === 'int' ? d.value : undefined));
    const nameArg = args.get('name');
    const trainable = truthy(args.get('trainable') ?? { kind: 'bool', value: true });
    const initializer = args.get('initializer');
    if (dims === undefined || dims.some((d) => d === undefined)) {
      layer.unknown ??= `the shape of a weight of \`${layer.name}\` is ${describeValue(shapeValue)}`;
      return unknown('a weight');
    }
    const dtypeArg = args.get('dtype');
    const dtype = weightDType(dtypeArg);
    if (dtype === undefined) {
      layer.unknown ??= `the dtype of a weight of \`${layer.name}\` is ${describeValue(dtypeArg ?? { kind: 'none' })}`;
      return unknown('a weight');
    }
    this.addCustomWeight(layer, {
      // KerasVariable.__init__ names an unnamed variable auto_name('variable'): variable, variable_1...
      name: nameArg?.kind === 'str' ? nameArg.value : this.names.autoName('Variable'),
      shape: dims as number[],
      dtype,
      trainable: trainable !== false,
      initializer:
        initializer === undefined
          ? { value: { kind: 'str', value: 'glorot_uniform' }, isDefault: true }
          : { value: toContractValue(initializer), isDefault: false, argument: 'initializer' },
      owner: [],
      ownerNames: [],
      // `add_weight` opens the layer's own name scope unless it is already the innermost one (build).
      scope: this.scopeNames.at(-1) === layer.name ? [...this.scopeNames] : [...this.scopeNames, layer.name],
    });
    return { kind: 'tensor', tensor: { shape: dims as number[], node: null, constant: true } };
  }

  /** One more weight of a custom layer (once: a variable held twice is one weight). */
  private addCustomWeight(layer: LayerInstance, weight: CustomWeight): void {
    const list = this.customWeights.get(layer);
    if (list === undefined) this.customWeights.set(layer, [weight]);
    else if (!list.includes(weight)) list.push(weight);
  }

  /** `model.build(input_shape)`. */
  private buildModel(layer: LayerInstance, shapeArg: RValue, range: TextRange): void {
    const shape = shapeFromValue(shapeArg);
    if (typeof shape === 'string') {
      layer.unknown ??= shape;
      return;
    }
    if (layer.kind === 'layer' && layer.definition !== undefined) {
      // layer.build(shape) outside a model: the variables get no model prefix.
      const outcome = buildLayer(layer, [shape], [...this.scopeNames]);
      if (!outcome.ok && outcome.problem !== undefined) {
        this.problems.push({ range, message: outcome.problem.message, pythonType: outcome.problem.pythonType });
      }
      return;
    }
    if (layer.kind === 'sequential') {
      if (layer.inputLayer === undefined) layer.inputLayer = this.makeInputLayer({ batch_shape: shapeToValue(shape) }, range, true);
      this.buildSequential(layer, layer.inputLayer.nodes[0].outputs[0], range);
      return;
    }
    const cls = this.userClasses.get(layer);
    if (cls !== undefined) {
      const build = this.classAttribute(cls, 'build');
      if (build?.kind === 'function') {
        this.runBuild(layer, build, shape);
      } else {
        // Keras 3's Model.build without a user build() only marks the model built: call() is not run.
        layer.unknown ??= `\`${layer.name}.build()\` does not run call() in Keras 3, so its layers stay unbuilt until the model is called on data`;
      }
    }
  }
}

// ---- helpers -----------------------------------------------------------------------------------

/** An f-string's literal text and replacement-field expressions, or why the reader cannot read it. */
type FormatTemplate = readonly (string | Expr)[] | string;

/** Templates by source text: the same f-string is read once, across loop iterations and edits. */
const formatTemplates = new Map<string, FormatTemplate>();
const MAX_CACHED_TEMPLATES = 4096;

function formatTemplate(source: string): FormatTemplate {
  let template = formatTemplates.get(source);
  if (template === undefined) {
    if (formatTemplates.size >= MAX_CACHED_TEMPLATES) formatTemplates.clear();
    template = compileFormatTemplate(source);
    formatTemplates.set(source, template);
  }
  return template;
}

function compileFormatTemplate(source: string): FormatTemplate {
  const parts: (string | Expr)[] = [];
  let literal = '';
  const pattern = /([rRbBuUfFtT]*)('''|"""|'|")/g;
  let pos = 0;
  while (pos < source.length) {
    pattern.lastIndex = pos;
    const m = pattern.exec(source);
    if (m === null) break;
    const prefix = m[1].toLowerCase();
    const quote = m[2];
    const contentStart = m.index + m[0].length;
    const close = findClosingQuote(source, contentStart, quote);
    const content = source.slice(contentStart, close);
    pos = close + quote.length;
    if (!prefix.includes('f')) {
      if (content.includes('\\')) return 'an f-string with escapes';
      literal += content;
      continue;
    }
    for (let i = 0; i < content.length; i++) {
      const c = content[i];
      if ((c === '{' || c === '}') && content[i + 1] === c) {
        literal += c;
        i++;
        continue;
      }
      if (c === '\\') return 'an f-string with escapes';
      if (c !== '{') {
        literal += c;
        continue;
      }
      let depth = 0;
      let j = i + 1;
      for (; j < content.length; j++) {
        const d = content[j];
        if (d === '{' || d === '(' || d === '[') depth++;
        else if (d === ')' || d === ']') depth--;
        else if (d === '}') {
          if (depth === 0) break;
          depth--;
        }
      }
      const field = content.slice(i + 1, j);
      i = j;
      if (/[!:]/.test(field.replace(/(['"]).*?\1/g, '').replace(/!=|==|<=|>=/g, ''))) return 'an f-string with a format specification';
      const fieldExpr = fieldExpression(field);
      if (fieldExpr === undefined) return 'an f-string the reader cannot read';
      if (literal !== '') parts.push(literal);
      literal = '';
      parts.push(fieldExpr);
    }
  }
  if (literal !== '' || parts.length === 0) parts.push(literal);
  return parts;
}

function fieldExpression(field: string): Expr | undefined {
  const parsed = parseModule(field.trim());
  const stmt = parsed.body[0];
  return parsed.problems.length === 0 && parsed.body.length === 1 && stmt.type === 'Expr' ? stmt.value : undefined;
}

function findClosingQuote(source: string, from: number, quote: string): number {
  let i = from;
  while (i < source.length) {
    if (source[i] === '\\') {
      i += 2;
      continue;
    }
    if (source.startsWith(quote, i)) return i;
    i++;
  }
  return source.length;
}

/** `np.zeros((2, 8, 8))`-style arrays: concrete data of a known shape (the batch dimension included). */
/**
 * `imagenet_utils.correct_pad(inputs, kernel_size)` (keras/src/applications/imagenet_utils.py), which
 * MobileNet-style code copies: the ZeroPadding2D padding that keeps a strided convolution's output
 * aligned, `((k // 2 - adjust, k // 2), ...)` with `adjust` 1 for an even side (1 when the size is
 * unknown). Channels-last, the default data format.
 */
function correctPad(path: string, positional: RValue[], keywords: Map<string, RValue>): RValue | undefined {
  if (!/^keras\.(src\.)?applications\.imagenet_utils\.correct_pad$/.test(path)) return undefined;
  const inputs = positional[0] ?? keywords.get('inputs');
  const kernel = positional[1] ?? keywords.get('kernel_size');
  if (inputs?.kind !== 'tensor' || kernel === undefined) return undefined;
  const shape = inputs.tensor.shape;
  const sizes =
    kernel.kind === 'int'
      ? [kernel.value, kernel.value]
      : kernel.kind === 'tuple' || kernel.kind === 'list'
        ? kernel.items.map(numberOf)
        : [];
  if (shape === null || shape.length < 3 || sizes.length !== 2 || sizes.some((k) => k === undefined || !Number.isInteger(k))) {
    return undefined;
  }
  const [h, w] = [shape[1], shape[2]];
  const adjust = h === null ? [1, 1] : [1 - (h % 2), 1 - ((w ?? 0) % 2)];
  const pair = (k: number, a: number): RValue => ({ kind: 'tuple', items: [int(Math.floor(k / 2) - a), int(Math.floor(k / 2))] });
  return { kind: 'tuple', items: [pair(sizes[0] as number, adjust[0]), pair(sizes[1] as number, adjust[1])] };
}

function numpyArray(path: string, positional: RValue[], keywords: Map<string, RValue>): RValue | undefined {
  const constant = (shape: TensorShape): RValue => ({ kind: 'tensor', tensor: { shape, node: null, constant: true } });
  if (path === 'numpy.eye' || path === 'numpy.identity') {
    const n = numberOf(positional[0] ?? keywords.get('N') ?? keywords.get('n') ?? NONE);
    const m = numberOf(positional[1] ?? keywords.get('M') ?? NONE);
    return n === undefined ? undefined : constant([n, m ?? n]);
  }
  if (path === 'numpy.arange' && positional.length === 1) {
    const n = numberOf(positional[0]);
    return n === undefined ? undefined : constant([Math.max(0, Math.ceil(n))]);
  }
  if (path === 'numpy.random.choice') {
    // choice(a, size=None, replace=True, p=None): `size` values (one when no size).
    const size = positional[1] ?? keywords.get('size') ?? NONE;
    if (size.kind === 'none') return constant([]);
    if (size.kind === 'int') return constant([size.value]);
    const dims = shapeFromValue(size);
    return typeof dims === 'string' ? undefined : constant(dims);
  }
  if (/^(numpy|np)\.(array|asarray)$/.test(path)) {
    const shape = nestedShape(positional[0] ?? keywords.get('object') ?? NONE);
    return shape === undefined ? undefined : { kind: 'tensor', tensor: { shape, node: null, constant: true } };
  }
  // NumPy's, and keras.ops' / TensorFlow's of a shape (a constant tensor, not symbolic).
  if (!/^(numpy|np|keras\.ops|tensorflow)\.(zeros|ones|empty|full|fill)$/.test(path)) return undefined;
  const shape = shapeFromValue(positional[0] ?? keywords.get('shape') ?? NONE);
  if (typeof shape === 'string') {
    const n = positional[0]?.kind === 'int' ? positional[0].value : undefined;
    return n === undefined
      ? unknown(`the shape of \`${path}(...)\``)
      : { kind: 'tensor', tensor: { shape: [n], node: null, constant: true } };
  }
  return { kind: 'tensor', tensor: { shape, node: null, constant: true } };
}

function numberOf(v: RValue): number | undefined {
  if (v.kind === 'int' || v.kind === 'float') return v.value;
  if (v.kind === 'bool') return v.value ? 1 : 0;
  return undefined;
}

function pythonStr(v: RValue): string | undefined {
  switch (v.kind) {
    case 'str':
      return v.value;
    case 'int':
      return String(v.value);
    case 'float':
      return Number.isInteger(v.value) ? `${v.value}.0` : String(v.value);
    case 'bool':
      return v.value ? 'True' : 'False';
    case 'none':
      return 'None';
    case 'bound':
    case 'builtin':
    case 'callable':
    case 'class':
    case 'dict':
    case 'function':
    case 'initializer':
    case 'layerObject':
    case 'libraryObject':
    case 'list':
    case 'method':
    case 'object':
    case 'partial':
    case 'super':
    case 'symbol':
    case 'tensor':
    case 'tuple':
    case 'unknown':
      return undefined;
  }
}

function sameKey(a: RValue, b: RValue): boolean {
  if ((a.kind === 'str' && b.kind === 'str') || ((a.kind === 'int' || a.kind === 'float') && (b.kind === 'int' || b.kind === 'float'))) {
    return a.value === b.value;
  }
  return a.kind === 'none' && b.kind === 'none';
}

/** The shape of an elementwise operation on two tensors or numbers (a number is a scalar), null when unknown. */
function broadcastOf(a: RValue, b: RValue): TensorShape | null {
  const shapeOf = (v: RValue): TensorShape | null => (v.kind === 'tensor' ? v.tensor.shape : numberOf(v) !== undefined ? [] : null);
  const x = shapeOf(a);
  const y = shapeOf(b);
  return x !== null && y !== null ? (broadcastShapes(x, y) ?? null) : null;
}

/** The blocks a compound statement runs in the same scope (not a def's or a class's body). */
function innerBlocks(stmt: Stmt): readonly (readonly Stmt[])[] {
  switch (stmt.type) {
    case 'If':
    case 'For':
    case 'While':
      return [stmt.body, stmt.orelse];
    case 'With':
      return [stmt.body];
    case 'Try':
      return [stmt.body, stmt.orelse, stmt.finalbody, ...stmt.handlers.map((h) => h.body)];
    case 'AnnAssign':
    case 'Assign':
    case 'AugAssign':
    case 'Break':
    case 'ClassDef':
    case 'Continue':
    case 'Expr':
    case 'FunctionDef':
    case 'Import':
    case 'ImportFrom':
    case 'Invalid':
    case 'Other':
    case 'Pass':
    case 'Return':
      return [];
  }
}

/** Whether a block holds a `return` that it could run (not one inside a nested def or class). */
function mayReturn(body: readonly Stmt[]): boolean {
  return body.some((stmt) => stmt.type === 'Return' || innerBlocks(stmt).some(mayReturn));
}

/** Elementwise comparisons of the tensor libraries, by function name, as Python's operators. */
const COMPARISON_FUNCTIONS: ReadonlyMap<string, string> = new Map([
  ['equal', '=='],
  ['not_equal', '!='],
  ['greater', '>'],
  ['greater_equal', '>='],
  ['less', '<'],
  ['less_equal', '<='],
]);

/** Modules whose comparison functions give a boolean scalar for two numbers (`keras.ops.equal(16, 16)`). */
/**
 * A keras.applications model's default name: the builder's, or for MobileNet and MobileNetV2 the one
 * they make, `mobilenetv2_<alpha as %0.2f>_<rows>` (rows: input_shape's, None with an input_tensor, else 224).
 */
function applicationName(builder: string, keywords: ReadonlyMap<string, RValue>): string | undefined {
  const fixed = APPLICATION_NAMES[builder]?.name;
  if (fixed !== undefined) return fixed;
  if (builder !== 'MobileNet' && builder !== 'MobileNetV2') return undefined;
  const alpha = numberOf(keywords.get('alpha') ?? { kind: 'float', value: 1 });
  const shape = keywords.get('input_shape');
  const tensor = keywords.get('input_tensor');
  let rows: string | undefined;
  if (shape !== undefined && shape.kind !== 'none') {
    const first = (shape.kind === 'tuple' || shape.kind === 'list') && shape.items.length > 0 ? numberOf(shape.items[0]) : undefined;
    rows = first === undefined ? undefined : String(first);
  } else rows = tensor !== undefined && tensor.kind !== 'none' ? 'None' : '224';
  if (alpha === undefined || rows === undefined) return undefined;
  return `${builder === 'MobileNet' ? 'mobilenet' : 'mobilenetv2'}_${alpha.toFixed(2)}_${rows}`;
}

/**
 * The output shape of a keras.applications model where its arguments settle it: `(None, classes)`
 * with its top, `(None, channels)` pooled without it (at the default alpha); undefined otherwise
 * (the spatial size of an unpooled feature map depends on each architecture).
 */
function applicationOutput(builder: string, keywords: ReadonlyMap<string, RValue>): TensorShape | undefined {
  const top = keywords.get('include_top');
  const withTop = top === undefined ? true : truthy(top);
  if (withTop === undefined) return undefined;
  if (withTop) {
    const classes = numberOf(keywords.get('classes') ?? int(1000));
    return classes === undefined ? undefined : [null, classes];
  }
  const pooling = keywords.get('pooling');
  const pooled = pooling?.kind === 'str' && (pooling.value === 'avg' || pooling.value === 'max');
  // Width multipliers change the channels (MobileNet's alpha, MobileNetV3's minimalistic too).
  if (!pooled || keywords.has('alpha') || keywords.has('minimalistic')) return undefined;
  return [null, APPLICATION_NAMES[builder].features];
}

/** The shape of a nested list of numbers, or undefined when ragged or not all numbers. */
function nestedShape(value: RValue): TensorShape | undefined {
  if (numberOf(value) !== undefined) return [];
  const items = value.kind === 'list' || value.kind === 'tuple' ? value.items : undefined;
  if (items === undefined) return undefined;
  const inner = items.map(nestedShape);
  const first = inner[0] ?? [];
  if (inner.some((d) => d === undefined || d.length !== first.length || d.some((x, k) => x !== first[k]))) return undefined;
  return [items.length, ...first];
}

/** sum / prod / max / min / mean of known numbers, or undefined for another reduction. */
function reduceNumbers(name: string, xs: readonly number[]): number | undefined {
  switch (name) {
    case 'sum':
      return xs.reduce((a, b) => a + b, 0);
    case 'prod':
      return xs.reduce((a, b) => a * b, 1);
    case 'max':
      return Math.max(...xs);
    case 'min':
      return Math.min(...xs);
    case 'mean':
      return xs.reduce((a, b) => a + b, 0) / xs.length;
    default:
      return undefined;
  }
}

/** `math.pi` and the like, and NumPy's. */
const MATH_CONSTANTS: ReadonlyMap<string, number> = new Map([
  ['math.pi', Math.PI],
  ['math.e', Math.E],
  ['math.tau', 2 * Math.PI],
  ['math.inf', Infinity],
  ['numpy.pi', Math.PI],
  ['numpy.e', Math.E],
  ['numpy.inf', Infinity],
]);

/** Python's `math` functions (and NumPy's on a number) of known numbers; undefined for anything else. */
function mathFunction(path: string, positional: readonly RValue[]): RValue | undefined {
  const dot = path.lastIndexOf('.');
  const module = path.slice(0, dot);
  if (module !== 'math' && module !== 'numpy') return undefined;
  const args = positional.map(numberOf);
  if (args.length === 0 || args.some((a) => a === undefined)) return undefined;
  const [x, y] = args as number[];
  const name = path.slice(dot + 1);
  // math.ceil / floor / isqrt give Python ints; NumPy's give floats.
  const integral = module === 'math' && (name === 'ceil' || name === 'floor' || name === 'isqrt');
  const value = MATH_FUNCTIONS[name]?.(x, y);
  if (value === undefined || Number.isNaN(value)) return undefined;
  return integral ? int(value) : { kind: 'float', value };
}

const MATH_FUNCTIONS: Readonly<Record<string, (x: number, y: number) => number>> = {
  sqrt: Math.sqrt,
  isqrt: (x) => Math.floor(Math.sqrt(x)),
  exp: Math.exp,
  log: (x, y) => (y === undefined ? Math.log(x) : Math.log(x) / Math.log(y)),
  log2: Math.log2,
  log10: Math.log10,
  ceil: Math.ceil,
  floor: Math.floor,
  pow: (x, y) => x ** y,
  power: (x, y) => x ** y,
  fabs: Math.abs,
  cos: Math.cos,
  sin: Math.sin,
  tanh: Math.tanh,
};

const COMPARISON_MODULES = new Set(['keras.ops', 'keras.ops.numpy', 'tensorflow.math', 'tensorflow', 'numpy']);

/** `keras.ops.equal(a, b)` and the like on two known numbers: Python's comparison of them; undefined otherwise. */
function numberComparison(path: string, positional: readonly RValue[], keywords: ReadonlyMap<string, RValue>): RValue | undefined {
  const dot = path.lastIndexOf('.');
  const op = COMPARISON_FUNCTIONS.get(path.slice(dot + 1));
  if (op === undefined || !COMPARISON_MODULES.has(path.slice(0, dot))) return undefined;
  const a = positional[0] ?? keywords.get('x1') ?? keywords.get('x');
  const b = positional[1] ?? keywords.get('x2') ?? keywords.get('y');
  if (a === undefined || b === undefined || numberOf(a) === undefined || numberOf(b) === undefined) return undefined;
  const result = compare(op, a, b);
  return result === undefined ? undefined : { kind: 'bool', value: result };
}

function compare(op: string, a: RValue, b: RValue): boolean | undefined {
  if (op === 'is' || op === 'is not') {
    if (a.kind === 'unknown' || b.kind === 'unknown') return undefined;
    const same = (a.kind === 'none' && b.kind === 'none') || (a.kind === 'bool' && b.kind === 'bool' && a.value === b.value) || a === b;
    if (a.kind !== 'none' && b.kind !== 'none' && a.kind !== 'bool') return op === 'is' ? a === b : a !== b;
    return op === 'is' ? same : !same;
  }
  if (op === 'in' || op === 'not in') {
    let found: boolean | undefined;
    if (b.kind === 'tuple' || b.kind === 'list') {
      found = false;
      for (const item of b.items) {
        const eq = equal(a, item);
        if (eq === undefined) return undefined;
        if (eq) found = true;
      }
    } else if (b.kind === 'dict') found = b.entries.some(([k]) => sameKey(k, a));
    else if (b.kind === 'str' && a.kind === 'str') found = b.value.includes(a.value);
    if (found === undefined) return undefined;
    return op === 'in' ? found : !found;
  }
  if (op === '==' || op === '!=') {
    const eq = equal(a, b);
    return eq === undefined ? undefined : op === '==' ? eq : !eq;
  }
  const x = numberOf(a);
  const y = numberOf(b);
  if (x !== undefined && y !== undefined) {
    return op === '<' ? x < y : op === '<=' ? x <= y : op === '>' ? x > y : x >= y;
  }
  if (a.kind === 'str' && b.kind === 'str') {
    return op === '<' ? a.value < b.value : op === '<=' ? a.value <= b.value : op === '>' ? a.value > b.value : a.value >= b.value;
  }
  return undefined;
}

function equal(a: RValue, b: RValue): boolean | undefined {
  if (a.kind === 'unknown' || b.kind === 'unknown' || a.kind === 'tensor' || b.kind === 'tensor') return undefined;
  const x = numberOf(a);
  const y = numberOf(b);
  if (x !== undefined && y !== undefined) return x === y;
  if (a.kind === 'str' && b.kind === 'str') return a.value === b.value;
  if (a.kind === 'none' || b.kind === 'none') return a.kind === b.kind;
  if ((a.kind === 'tuple' || a.kind === 'list') && a.kind === b.kind) {
    if (a.items.length !== b.items.length) return false;
    for (let k = 0; k < a.items.length; k++) {
      const eq = equal(a.items[k], b.items[k]);
      if (eq !== true) return eq;
    }
    return true;
  }
  if (a.kind === 'str' || b.kind === 'str' || x !== undefined || y !== undefined) return false;
  return a === b ? true : undefined;
}

function pythonSlice<T>(items: readonly T[], lower: number | null, upper: number | null, step: number): T[] {
  const n = items.length;
  const clamp = (v: number, lo: number, hi: number): number => Math.min(Math.max(v, lo), hi);
  const out: T[] = [];
  if (step > 0) {
    const from = lower === null ? 0 : clamp(lower < 0 ? n + lower : lower, 0, n);
    const to = upper === null ? n : clamp(upper < 0 ? n + upper : upper, 0, n);
    for (let k = from; k < to; k += step) out.push(items[k]);
  } else {
    const from = lower === null ? n - 1 : clamp(lower < 0 ? n + lower : lower, -1, n - 1);
    const to = upper === null ? -1 : clamp(upper < 0 ? n + upper : upper, -1, n - 1);
    for (let k = from; k > to; k += step) out.push(items[k]);
  }
  return out;
}

/** Tensors inside a value (a tensor, or lists/tuples/dicts of them), in Keras's flatten order. */
function tensorsIn(value: RValue): SymbolicTensor[] {
  return flattenStructure(value) ?? [];
}

/** `tree.flatten` of a structure of tensors (dicts by sorted key), or undefined if a leaf is not a tensor. */
function flattenStructure(value: RValue | undefined, depth = 0): SymbolicTensor[] | undefined {
  if (depth > 20) return undefined;
  if (value === undefined) return undefined;
  if (value.kind === 'tensor') return [value.tensor];
  if (value.kind === 'tuple' || value.kind === 'list') {
    const out: SymbolicTensor[] = [];
    for (const item of value.items) {
      const inner = flattenStructure(item, depth + 1);
      if (inner === undefined) return undefined;
      out.push(...inner);
    }
    return out;
  }
  if (value.kind === 'dict') {
    const entries = [...value.entries].sort(([a], [b]) => {
      const x = pythonStr(a) ?? '';
      const y = pythonStr(b) ?? '';
      return x < y ? -1 : x > y ? 1 : 0;
    });
    const out: SymbolicTensor[] = [];
    for (const [, v] of entries) {
      const inner = flattenStructure(v, depth + 1);
      if (inner === undefined) return undefined;
      out.push(...inner);
    }
    return out;
  }
  return undefined;
}

function layersIn(value: RValue, depth = 0): LayerInstance[] {
  if (depth > 5) return [];
  if (value.kind === 'layerObject') return [value.layer];
  if (value.kind === 'list' || value.kind === 'tuple') return value.items.flatMap((v) => layersIn(v, depth + 1));
  if (value.kind === 'dict') return value.entries.flatMap(([, v]) => layersIn(v, depth + 1));
  return [];
}

function setTrainable(layer: LayerInstance, flag: boolean): void {
  layer.trainable = flag;
  for (const inner of [...layer.members, ...layer.tracked]) setTrainable(inner, flag);
}

function bindArguments(order: readonly string[], positional: RValue[], keywords: Map<string, RValue>): Record<string, Value> {
  const args: Record<string, Value> = {};
  positional.forEach((v, k) => {
    args[k < order.length ? order[k] : `*${k}`] = toContractValue(v);
  });
  for (const [k, v] of keywords) args[k] = toContractValue(v);
  return args;
}

function bindArgumentsMap(order: readonly string[], positional: RValue[], keywords: Map<string, RValue>): Map<string, RValue> {
  const args = new Map<string, RValue>();
  positional.forEach((v, k) => args.set(k < order.length ? order[k] : `*${k}`, v));
  for (const [k, v] of keywords) args.set(k, v);
  return args;
}

/** What a keras.applications model holds that the reader does not know (its layers and tensors). */
const APPLICATION_OPAQUE = new Set(['output', 'outputs', 'input', 'inputs', 'layers', 'get_layer']);

/** The keyword each `shapeOp` takes its second argument by, in keras.ops and in TensorFlow. */
const OP_ARGUMENT_KEYWORDS: Readonly<Record<ShapeOpName, readonly string[]>> = {
  matmul: ['x2', 'b'],
  transpose: ['axes', 'perm'],
  expand_dims: ['axis'],
  squeeze: ['axis'],
  reshape: ['newshape', 'new_shape', 'shape'],
  depth_to_space: ['block_size'],
  space_to_depth: ['block_size'],
  stack: ['axis'],
  tile: ['repeats', 'multiples'],
  one_hot: ['num_classes', 'depth'],
  einsum: [],
  take: ['indices'],
  segment_sum: ['segment_ids'],
  segment_max: ['segment_ids'],
  pad: ['pad_width', 'paddings'],
  tensordot: ['x2', 'b'],
  linspace: [],
};

/** `keras.ops.concatenate` of known shapes: the axis dimensions add up, the others must agree. */
function concatenatedShape(tensors: readonly SymbolicTensor[], axis: number): TensorShape | null {
  if (tensors.length === 0 || tensors.some((t) => t.shape === null)) return null;
  const shapes = tensors.map((t) => t.shape as TensorShape);
  const rank = shapes[0].length;
  const k = axis < 0 ? axis + rank : axis;
  if (k < 0 || k >= rank || shapes.some((s) => s.length !== rank)) return null;
  const out: Dim[] = [];
  for (let d = 0; d < rank; d++) {
    const dims = shapes.map((s) => s[d]);
    if (d === k) out.push(dims.some((x) => x === null) ? null : (dims as number[]).reduce((a, b) => a + b, 0));
    else {
      const known = dims.filter((x): x is number => x !== null);
      if (known.some((x) => x !== known[0])) return null;
      out.push(known.length > 0 ? known[0] : null);
    }
  }
  return out;
}

/** `keras.ops.sum(x, axis=None, keepdims=False)` and the other reductions. */
function reducedShape(shape: TensorShape | null, axisValue: RValue, keepdims: RValue | undefined): TensorShape | null {
  if (shape === null) return null;
  const keep = keepdims === undefined ? false : truthy(keepdims);
  if (keep === undefined) return null;
  const rank = shape.length;
  let axes: number[];
  if (axisValue.kind === 'none') axes = shape.map((_, d) => d);
  else if (axisValue.kind === 'int') axes = [axisValue.value];
  else if ((axisValue.kind === 'tuple' || axisValue.kind === 'list') && axisValue.items.every((v) => v.kind === 'int')) {
    axes = axisValue.items.map((v) => (v as { value: number }).value);
  } else return null;
  const normalized = axes.map((a) => (a < 0 ? a + rank : a));
  if (normalized.some((a) => a < 0 || a >= rank)) return null;
  const reduced = new Set(normalized);
  const out: Dim[] = [];
  shape.forEach((d, k) => {
    if (!reduced.has(k)) out.push(d);
    else if (keep) out.push(1);
  });
  return out;
}

function isEager(inputs: readonly SymbolicTensor[]): boolean {
  return inputs.length > 0 && inputs.every((t) => t.constant === true);
}

/** The shapes `compute_output_shape()` returned (one shape, or a list of shapes), else undefined. */
function declaredShapes(value: RValue): (TensorShape | null)[] | undefined {
  if (value.kind !== 'tuple' && value.kind !== 'list') return undefined;
  const single = shapeFromValue(value);
  if (typeof single !== 'string') return [single];
  if (value.items.length === 0 || !value.items.every((v) => v.kind === 'tuple' || v.kind === 'list')) return undefined;
  const shapes = value.items.map((v) => shapeFromValue(v));
  return shapes.every((x) => typeof x !== 'string') ? (shapes as TensorShape[]) : undefined;
}

function shapeValue(tensor: SymbolicTensor): RValue {
  if (tensor.shape === null) return unknown(tensor.unknown ?? 'an unknown shape');
  return shapeToRValue(tensor.shape);
}

function shapeToRValue(shape: TensorShape): RValue {
  return { kind: 'tuple', items: shape.map((d) => (d === null ? NONE : int(d))) };
}

function shapeToValue(shape: TensorShape): Value {
  return { kind: 'tuple', items: shape.map((d): Value => (d === null ? { kind: 'none' } : { kind: 'int', value: d })) };
}

/** A shape argument (`(None, 784)`, `[None, 28, 28]`) with the batch dimension, or why it is unknown. */
function shapeFromValue(value: RValue): TensorShape | string {
  if (value.kind === 'unknown') return value.reason;
  if (value.kind !== 'tuple' && value.kind !== 'list') return `the shape ${describeValue(value)} is not a tuple`;
  const dims: Dim[] = [];
  for (const d of value.items) {
    if (d.kind === 'int') dims.push(d.value);
    else if (d.kind === 'none') dims.push(null);
    else return `a dimension of the shape is ${describeValue(d)}`;
  }
  return dims;
}

function dimsOf(value: Value | undefined): Dim[] | string | undefined {
  if (value === undefined || value.kind === 'none') return undefined;
  if (value.kind === 'int') return [value.value];
  if (value.kind === 'unknown') return value.reason;
  if (value.kind !== 'tuple' && value.kind !== 'list') return `the shape is not a tuple`;
  const dims: Dim[] = [];
  for (const d of value.items) {
    if (d.kind === 'int') dims.push(d.value);
    else if (d.kind === 'none') dims.push(null);
    else return d.kind === 'unknown' ? d.reason : `a dimension of the shape is not an integer`;
  }
  return dims;
}

/** The batch shape of `keras.Input`/InputLayer arguments (shape + batch_size, or batch_shape), or why unknown. */
function inputBatchShape(args: Record<string, Value>): TensorShape | string {
  const batchShape = dimsOf(args.batch_shape ?? args.batch_input_shape);
  if (typeof batchShape === 'string') return batchShape;
  if (batchShape !== undefined) return batchShape;
  const shape = dimsOf(args.shape ?? args.input_shape);
  if (typeof shape === 'string') return shape;
  if (shape === undefined) return 'the input has no shape';
  const batch = args.batch_size;
  const batchDim = batch?.kind === 'int' ? batch.value : null;
  return [batchDim, ...shape];
}

/** `input_shape=`/`input_dim=`/`batch_input_shape=` on a Sequential's first layer, as InputLayer arguments. */
function legacyInputShape(args: Readonly<Record<string, Value>>, parameters: readonly string[]): Record<string, Value> | undefined {
  // Layer.__init__ pops `input_dim` only when the class has no parameter of that name (Embedding has).
  const inputDim = parameters.includes('input_dim') ? undefined : args.input_dim;
  if (inputDim !== undefined && inputDim.kind !== 'none') return { shape: { kind: 'tuple', items: [inputDim] } };
  const inputShape = args.input_shape;
  if (inputShape !== undefined && inputShape.kind !== 'none') return { shape: inputShape };
  const batchInputShape = args.batch_input_shape;
  if (batchInputShape !== undefined && batchInputShape.kind !== 'none') return { batch_shape: batchInputShape };
  return undefined;
}

function withBatch(shape: TensorShape, input: TensorShape | null): TensorShape {
  if (input === null || shape.length === 0) return shape;
  return [input[0], ...shape.slice(1)];
}

function optimizerOf(value: RValue): OptimizerInfo {
  if (value.kind === 'str') return { className: value.value };
  if (value.kind === 'libraryObject') {
    const lr = value.args.get('learning_rate') ?? value.args.get('lr');
    const name = value.args.get('name');
    return {
      className: value.path.slice(value.path.lastIndexOf('.') + 1),
      learningRate: lr === undefined ? undefined : toContractValue(lr),
      name: name?.kind === 'str' ? name.value : undefined,
    };
  }
  return { className: describeValue(value) };
}

function isOptimizer(value: RValue): boolean {
  return value.kind === 'libraryObject' && /^keras\.optimizers\.[A-Z]\w*$/.test(value.path);
}

export { classifyId };
