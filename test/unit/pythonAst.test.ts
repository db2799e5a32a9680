/**
 * The tolerant Python parser: every statement and expression form the model reader meets, operator
 * precedence, source offsets, recovery from broken statements, the nesting limit, and that random
 * token soups never make it throw.
 */
import * as assert from 'node:assert/strict';
import type { Argument, Expr, Module, Parameter, Stmt } from '../../src/core/python/parser/ast';
import { parseModule } from '../../src/core/python/parser/parse';

/** A compact rendering of an expression: `(op left right)`, `(call f args)`, names as written. */
function sx(e: Expr | undefined): string {
  if (e === undefined) return '_';
  switch (e.type) {
    case 'Name':
      return e.id;
    case 'Number':
      return `${e.value}${e.isComplex ? 'j' : ''}${e.isFloat && Number.isInteger(e.value) ? '.0' : ''}`;
    case 'String':
      return `${e.isFormatted ? 'f' : ''}${e.value === undefined ? '<?>' : JSON.stringify(e.value)}`;
    case 'Constant':
      return String(e.value);
    case 'Ellipsis':
      return '...';
    case 'Attribute':
      return `${sx(e.value)}.${e.attr}`;
    case 'Call':
      return `(call ${[sx(e.func), ...e.args.map(arg)].join(' ')})`;
    case 'Subscript':
      return `(sub ${sx(e.value)} ${sx(e.index)})`;
    case 'Slice':
      return `(slice ${sx(e.lower)} ${sx(e.upper)} ${sx(e.step)})`;
    case 'Tuple':
    case 'List':
    case 'Set':
      return `(${e.type.toLowerCase()}${e.elts.map((x) => ' ' + sx(x)).join('')})`;
    case 'Dict':
      return `(dict${e.keys.map((k, i) => ' ' + (k === null ? `**${sx(e.values[i])}` : `${sx(k)}:${sx(e.values[i])}`)).join('')})`;
    case 'Comprehension': {
      const elt = e.kind === 'dict' ? `${sx(e.elt)}:${sx(e.value)}` : sx(e.elt);
      const gens = e.generators.map((g) => ` (for ${sx(g.target)} ${sx(g.iter)}${g.ifs.map((c) => ` (if ${sx(c)})`).join('')})`);
      return `(${e.kind}comp ${elt}${gens.join('')})`;
    }
    case 'Lambda':
      return `(lambda (${e.params.map(param).join(' ')}) ${sx(e.body)})`;
    case 'IfExp':
      return `(ifexp ${sx(e.test)} ${sx(e.body)} ${sx(e.orelse)})`;
    case 'Unary':
      return `(${e.op} ${sx(e.operand)})`;
    case 'Binary':
      return `(${e.op} ${sx(e.left)} ${sx(e.right)})`;
    case 'BoolOp':
      return `(${e.op} ${e.values.map(sx).join(' ')})`;
    case 'Compare':
      return `(cmp ${sx(e.left)}${e.ops.map((op, i) => ` ${op} ${sx(e.comparators[i])}`).join('')})`;
    case 'Starred':
      return `*${sx(e.value)}`;
    case 'NamedExpr':
      return `(:= ${sx(e.target)} ${sx(e.value)})`;
    case 'Await':
    case 'Yield':
      return `(${e.type.toLowerCase()} ${sx(e.value)})`;
    case 'Invalid':
      return '<invalid>';
  }
}

function arg(a: Argument): string {
  const v = sx(a.value);
  return a.kind === 'positional' ? v : a.kind === 'star' ? `*${v}` : a.kind === 'doubleStar' ? `**${v}` : `${a.name}=${v}`;
}

function param(p: Parameter): string {
  const prefix = p.kind === 'varargs' ? '*' : p.kind === 'kwargs' ? '**' : '';
  const ann = p.annotation === undefined ? '' : `:${sx(p.annotation)}`;
  const def = p.defaultValue === undefined ? '' : `=${sx(p.defaultValue)}`;
  return `${prefix}${p.name}${ann}${def}`;
}

/** Parses and checks the spans of every node (see `checkSpans`). */
function parse(text: string): Module {
  const m = parseModule(text);
  checkSpans(text, m);
  return m;
}

/** The only statement of `text`, which must parse without problems. */
function only(text: string): Stmt {
  const m = parse(text);
  assert.deepEqual(m.problems, [], `problems in ${JSON.stringify(text)}`);
  assert.equal(m.body.length, 1, `one statement in ${JSON.stringify(text)}`);
  return m.body[0];
}

/** The expression of an expression statement. */
function expr(text: string): Expr {
  const s = only(text);
  assert.equal(s.type, 'Expr');
  return s.value;
}

const show = (text: string): string => sx(expr(text));

/** The source text of a node. */
function src(text: string, node: { start: number; end: number }): string {
  return text.slice(node.start, node.end);
}

/**
 * Every node with a span lies within the text and within its parent; names, numbers and attributes
 * span exactly their source; statements come in order without overlapping.
 */
function checkSpans(text: string, m: Module): void {
  const visit = (node: unknown, outer: { start: number; end: number }): void => {
    if (Array.isArray(node)) {
      for (const x of node) visit(x, outer);
      return;
    }
    if (node === null || typeof node !== 'object') return;
    const n = node as Record<string, unknown>;
    let here = outer;
    if (typeof n.start === 'number' && typeof n.end === 'number') {
      const span = { start: n.start, end: n.end };
      assert.ok(
        span.start >= outer.start && span.end <= outer.end && span.start <= span.end,
        `span of ${String(n.type)} ${JSON.stringify(span)} outside ${JSON.stringify(outer)} in ${JSON.stringify(text)}`,
      );
      if (n.type === 'Name') assert.equal(src(text, span), n.id);
      if (n.type === 'Attribute') assert.ok(src(text, span).endsWith(n.attr as string));
      if (n.type === 'Number') assert.match(src(text, span), /^[0-9.]/);
      here = span;
    }
    for (const [k, v] of Object.entries(n)) if (k !== 'start' && k !== 'end') visit(v, here);
  };
  let last = 0;
  for (const s of m.body) {
    assert.ok(s.start >= last, `statements overlap in ${JSON.stringify(text)}`);
    last = s.end;
    visit(s, { start: 0, end: text.length });
  }
  for (const p of m.problems) assert.ok(p.start >= 0 && p.start <= p.end && p.end <= text.length, `problem range ${JSON.stringify(p)}`);
}

suite('python parser: statements', () => {
  test('assignments: chained, tuple and starred targets, augmented, annotated', () => {
    const chained = only('a = b = f(1)\n');
    assert.ok(chained.type === 'Assign');
    assert.deepEqual(chained.targets.map(sx), ['a', 'b']);
    assert.equal(sx(chained.value), '(call f 1)');

    const swap = only('a, b = b, a');
    assert.ok(swap.type === 'Assign');
    assert.deepEqual([sx(swap.targets[0]), sx(swap.value)], ['(tuple a b)', '(tuple b a)']);

    const star = only('[x, *rest] = items');
    assert.ok(star.type === 'Assign');
    assert.equal(sx(star.targets[0]), '(list x *rest)');

    const trailing = only('t = 1,');
    assert.ok(trailing.type === 'Assign');
    assert.equal(sx(trailing.value), '(tuple 1)');

    for (const op of ['+', '-', '*', '/', '//', '%', '**', '@', '&', '|', '^', '<<', '>>']) {
      const aug = only(`x.y ${op}= 2`);
      assert.ok(aug.type === 'AugAssign');
      assert.equal(aug.op, op);
      assert.equal(sx(aug.target), 'x.y');
    }

    const ann = only('x: int = 5');
    assert.ok(ann.type === 'AnnAssign');
    assert.deepEqual([sx(ann.target), sx(ann.annotation), sx(ann.value)], ['x', 'int', '5']);
    const bare = only('shape: tuple[int, ...]');
    assert.ok(bare.type === 'AnnAssign');
    assert.equal(sx(bare.annotation), '(sub tuple (tuple int ...))');
    assert.equal(bare.value, undefined);
  });

  test('def: defaults, *args, keyword-only, **kwargs, positional-only, annotations, async', () => {
    const f = only('def f(a, b: int = 2, /, c=3, *args: str, d, e=None, **kw) -> Model:\n    return a\n');
    assert.ok(f.type === 'FunctionDef');
    assert.equal(f.name, 'f');
    assert.deepEqual(f.params.map(param), ['a', 'b:int=2', 'c=3', '*args:str', 'd', 'e=null', '**kw']);
    assert.equal(sx(f.returns), 'Model');
    assert.equal(f.isAsync, false);
    assert.equal(f.body.length, 1);
    assert.ok(f.body[0].type === 'Return');
    assert.equal(sx(f.body[0].value), 'a');

    const kwOnly = only('def g(*, units, activation="relu"): pass');
    assert.ok(kwOnly.type === 'FunctionDef');
    assert.deepEqual(kwOnly.params.map(param), ['units', 'activation="relu"']);
    assert.ok(kwOnly.body[0].type === 'Pass');

    const a = only('async def run(x):\n    await x\n');
    assert.ok(a.type === 'FunctionDef' && a.isAsync);
    assert.ok(a.body[0].type === 'Expr');
    assert.equal(sx(a.body[0].value), '(await x)');
  });

  test('class with bases and keywords, and decorators on defs and classes', () => {
    const c = only('class Block(layers.Layer, Mixin, metaclass=Meta):\n    units = 4\n\n    def call(self, x):\n        return x\n');
    assert.ok(c.type === 'ClassDef');
    assert.equal(c.name, 'Block');
    assert.deepEqual(c.bases.map(arg), ['layers.Layer', 'Mixin', 'metaclass=Meta']);
    assert.deepEqual(
      c.body.map((s) => s.type),
      ['Assign', 'FunctionDef'],
    );

    const text = '@keras.saving.register_keras_serializable(package="x")\n@tf.function\nclass C:\n    pass\n';
    const d = only(text);
    assert.ok(d.type === 'ClassDef');
    assert.deepEqual(d.decorators.map(sx), ['(call keras.saving.register_keras_serializable package="x")', 'tf.function']);
    assert.equal(d.start, 0, 'a decorated statement starts at its first decorator');
    assert.equal(src(text, d).trimEnd(), text.trimEnd(), 'a compound statement runs to the end of its last line');

    const f = only('@property\ndef units(self):\n    return self._units\n');
    assert.ok(f.type === 'FunctionDef');
    assert.deepEqual(f.decorators.map(sx), ['property']);
  });

  test('if / elif / else, for / while with else, break and continue', () => {
    const i = only('if a:\n    x = 1\nelif b:\n    x = 2\nelse:\n    x = 3\n');
    assert.ok(i.type === 'If');
    assert.equal(sx(i.test), 'a');
    assert.equal(i.orelse.length, 1);
    const elif = i.orelse[0];
    assert.ok(elif.type === 'If', 'elif is an If alone in orelse');
    assert.equal(sx(elif.test), 'b');
    assert.equal(elif.orelse.length, 1);
    assert.ok(elif.orelse[0].type === 'Assign');

    const f = only('for i, (a, b) in enumerate(pairs):\n    if a:\n        continue\n    break\nelse:\n    pass\n');
    assert.ok(f.type === 'For');
    assert.equal(sx(f.target), '(tuple i (tuple a b))');
    assert.equal(sx(f.iter), '(call enumerate pairs)');
    assert.deepEqual(
      f.body.map((s) => s.type),
      ['If', 'Break'],
    );
    assert.deepEqual(
      f.orelse.map((s) => s.type),
      ['Pass'],
    );

    const w = only('while (n := n - 1) > 0:\n    n -= 1\nelse:\n    done = True\n');
    assert.ok(w.type === 'While');
    assert.equal(sx(w.test), '(cmp (:= n (- n 1)) > 0)');
    assert.equal(w.orelse.length, 1);

    const oneLine = only('if x: a = 1; b = 2\n');
    assert.ok(oneLine.type === 'If');
    assert.equal(oneLine.body.length, 2);
  });

  test('with: several items, targets, parenthesized', () => {
    const w = only('with strategy.scope(), open(p) as (f, g), lock:\n    pass\n');
    assert.ok(w.type === 'With');
    assert.deepEqual(
      w.items.map((it) => `${sx(it.context)} as ${sx(it.target)}`),
      ['(call strategy.scope) as _', '(call open p) as (tuple f g)', 'lock as _'],
    );
    const p = only('with (\n    a() as x,\n    b() as y,\n):\n    pass\n');
    assert.ok(p.type === 'With');
    assert.deepEqual(
      p.items.map((it) => sx(it.target)),
      ['x', 'y'],
    );
  });

  test('try / except / else / finally', () => {
    const t = only(
      'try:\n    import tensorflow as tf\nexcept (ImportError, OSError) as e:\n    tf = None\nexcept ValueError:\n    pass\nexcept:\n    raise\nelse:\n    ok = 1\nfinally:\n    done = 1\n',
    );
    assert.ok(t.type === 'Try');
    assert.equal(t.body.length, 1);
    assert.deepEqual(
      t.handlers.map((h) => `${sx(h.exceptionType)} ${h.name ?? '-'} ${h.body.length}`),
      ['(tuple ImportError OSError) e 1', 'ValueError - 1', '_ - 1'],
    );
    assert.equal(t.orelse.length, 1);
    assert.equal(t.finalbody.length, 1);
    assert.ok(t.handlers[2].body[0].type === 'Other');
  });

  test('import and from-import: dotted names, aliases, relative modules, parentheses, star', () => {
    const i = only('import keras.layers as kl, numpy');
    assert.ok(i.type === 'Import');
    assert.deepEqual(i.names, [
      { name: 'keras.layers', asName: 'kl' },
      { name: 'numpy', asName: undefined },
    ]);

    const f = only('from ..models.lib import (\n    Dense as D,\n    Conv2D,\n)\n');
    assert.ok(f.type === 'ImportFrom');
    assert.equal(f.module, '..models.lib');
    assert.deepEqual(f.names, [
      { name: 'Dense', asName: 'D' },
      { name: 'Conv2D', asName: undefined },
    ]);
    assert.equal(f.star, false);

    const dot = only('from . import blocks');
    assert.ok(dot.type === 'ImportFrom');
    assert.equal(dot.module, '.');

    const star = only('from keras.layers import *');
    assert.ok(star.type === 'ImportFrom' && star.star);
    assert.equal(star.module, 'keras.layers');
  });

  test('return, pass, global, del, raise, assert, semicolons', () => {
    const m = parse(
      'def f():\n    global g\n    del a[0], b\n    assert x > 0, "msg"\n    raise ValueError("x") from e\n    return\nx = 1; y = 2;\n',
    );
    assert.deepEqual(m.problems, []);
    const f = m.body[0];
    assert.ok(f.type === 'FunctionDef');
    assert.deepEqual(
      f.body.map((s) => (s.type === 'Other' ? s.keyword : s.type)),
      ['global', 'del', 'assert', 'raise', 'Return'],
    );
    const ret = f.body[4];
    assert.ok(ret.type === 'Return' && ret.value === undefined);
    assert.deepEqual(
      m.body.slice(1).map((s) => s.type),
      ['Assign', 'Assign'],
    );
    const tuple = only('def g():\n    return a, *b\n');
    assert.ok(tuple.type === 'FunctionDef' && tuple.body[0].type === 'Return');
    assert.equal(sx(tuple.body[0].value), '(tuple a *b)');
  });

  test('yield and yield from', () => {
    const f = only('def gen():\n    x = yield 1\n    yield from other()\n    y = (yield)\n');
    assert.ok(f.type === 'FunctionDef');
    const [a, b, c] = f.body;
    assert.ok(a.type === 'Assign' && b.type === 'Expr' && c.type === 'Assign');
    assert.equal(sx(a.value), '(yield 1)');
    assert.equal(sx(b.value), '(yield (call other))');
    assert.equal(sx(c.value), '(yield _)');
  });
});

suite('python parser: expressions', () => {
  test('atoms: names, numbers, constants, ellipsis, strings', () => {
    assert.equal(show('x'), 'x');
    assert.equal(show('1_000'), '1000');
    assert.equal(show('0x1F'), '31');
    assert.equal(show('0b101'), '5');
    assert.equal(show('1e-3'), '0.001');
    assert.equal(show('2.0'), '2.0');
    assert.equal(show('3j'), '3j');
    const n = expr('.5');
    assert.ok(n.type === 'Number' && n.isFloat && !n.isComplex && n.value === 0.5);
    assert.equal(show('None'), 'null');
    assert.equal(show('True'), 'true');
    assert.equal(show('...'), '...');
    assert.equal(show('"a\\tb"'), JSON.stringify('a\tb'));
    assert.equal(show("r'\\d+'"), JSON.stringify('\\d+'));
    assert.equal(show("b'x'"), '<?>', 'bytes are not decoded');
    assert.equal(show('"""doc\nstring"""'), JSON.stringify('doc\nstring'));
  });

  test('f-strings and implicit concatenation', () => {
    assert.equal(show('f"{x}!"'), 'f<?>');
    assert.equal(show('f"{{literal}}"'), 'f"{literal}"');
    const text = 'name = ("dense" \'_\'\n    """1""")\n';
    const s = only(text);
    assert.ok(s.type === 'Assign');
    assert.equal(sx(s.value), '"dense_1"');
    assert.equal(src(text, s.value), '"dense" \'_\'\n    """1"""');
    assert.equal(show('"a" f"{b}"'), 'f<?>');
    assert.equal(show('f"{x!r:>{width}}" "tail"'), 'f<?>');
  });

  test('operator precedence and associativity', () => {
    const cases: [string, string][] = [
      ['-2 ** 2', '(- (** 2 2))'],
      ['2 ** -1', '(** 2 (- 1))'],
      ['2 ** 3 ** 2', '(** 2 (** 3 2))'],
      ['a + b * c', '(+ a (* b c))'],
      ['a * b + c', '(+ (* a b) c)'],
      ['a - b - c', '(- (- a b) c)'],
      ['a / b // c % d @ e', '(@ (% (// (/ a b) c) d) e)'],
      ['a | b ^ c & d << e + f * g', '(| a (^ b (& c (<< d (+ e (* f g))))))'],
      ['a >> b << c', '(<< (>> a b) c)'],
      ['~x + -y', '(+ (~ x) (- y))'],
      ['not a == b', '(not (cmp a == b))'],
      ['not not a', '(not (not a))'],
      ['a < b <= c != d', '(cmp a < b <= c != d)'],
      ['a in b not in c is d is not e', '(cmp a in b not in c is d is not e)'],
      ['a == b + 1 > c', '(cmp a == (+ b 1) > c)'],
      ['a or b and not c', '(or a (and b (not c)))'],
      ['a and b and c or d', '(or (and a b c) d)'],
      ['a if b else c', '(ifexp b a c)'],
      ['a if b else c if d else e', '(ifexp b a (ifexp d c e))'],
      ['x if a or b else y', '(ifexp (or a b) x y)'],
      ['lambda: a if b else c', '(lambda () (ifexp b a c))'],
      ['await f() ** 2', '(** (await (call f)) 2)'],
      ['(a + b) * c', '(* (+ a b) c)'],
      ['-x.y[0](1)', '(- (call (sub x.y 0) 1))'],
    ];
    for (const [text, want] of cases) assert.equal(show(text), want, text);
  });

  test('calls: positional, keyword, *args, **kwargs, a lone generator, trailing comma', () => {
    assert.equal(show('f(a, *b, k=1, **c)'), '(call f a *b k=1 **c)');
    assert.equal(show('f(\n    a,\n    k=g(2),\n)'), '(call f a k=(call g 2))');
    assert.equal(show('sum(x * 2 for x in xs if x)'), '(call sum (generatorcomp (* x 2) (for x xs (if x))))');
    assert.equal(show('f()()'), '(call (call f))');
    assert.equal(show('a.b.c(d)[e].f'), '(sub (call a.b.c d) e).f');
    assert.equal(show('f(x := 3)'), '(call f (:= x 3))');
    const text = 'Dense(64, activation="relu")(x)';
    const call = expr(text);
    assert.ok(call.type === 'Call' && call.func.type === 'Call');
    assert.equal(src(text, call.func), 'Dense(64, activation="relu")');
    assert.deepEqual(
      call.func.args.map((a) => src(text, a)),
      ['64', 'activation="relu"'],
    );
  });

  test('subscripts and slices', () => {
    assert.equal(show('x[1]'), '(sub x 1)');
    assert.equal(show('x[1:2]'), '(sub x (slice 1 2 _))');
    assert.equal(show('x[::2]'), '(sub x (slice _ _ 2))');
    assert.equal(show('x[a:b:c]'), '(sub x (slice a b c))');
    assert.equal(show('x[:]'), '(sub x (slice _ _ _))');
    assert.equal(show('x[:, 0]'), '(sub x (tuple (slice _ _ _) 0))');
    assert.equal(show('x[..., None]'), '(sub x (tuple ... null))');
    assert.equal(show('x[-1:][0]'), '(sub (sub x (slice (- 1) _ _)) 0)');
    assert.equal(show('Dict[str, int]'), '(sub Dict (tuple str int))');
  });

  test('tuples, lists, sets, dicts and starred items', () => {
    assert.equal(show('()'), '(tuple)');
    assert.equal(show('(1,)'), '(tuple 1)');
    assert.equal(show('(1)'), '1');
    assert.equal(show('(a, *b)'), '(tuple a *b)');
    assert.equal(show('[]'), '(list)');
    assert.equal(show('[1, 2,]'), '(list 1 2)');
    assert.equal(show('{}'), '(dict)');
    assert.equal(show('{1, 2}'), '(set 1 2)');
    assert.equal(show('{"a": 1, **rest, "b": lambda x: x}'), '(dict "a":1 **rest "b":(lambda (x) x))');
    assert.equal(show('{lambda: 1, 2}'), '(set (lambda () 1) 2)');
    assert.equal(show('{x[1:2]: 3}'), '(dict (sub x (slice 1 2 _)):3)');
  });

  test('comprehensions: list, set, dict, generator, nested, with conditions', () => {
    assert.equal(show('[x for x in xs]'), '(listcomp x (for x xs))');
    assert.equal(show('{x for x in xs if x if y}'), '(setcomp x (for x xs (if x) (if y)))');
    assert.equal(show('{k: v for k, v in d.items()}'), '(dictcomp k:v (for (tuple k v) (call d.items)))');
    assert.equal(show('(x for x in xs)'), '(generatorcomp x (for x xs))');
    assert.equal(
      show('[(i, j) for i in range(3) if i for j in range(i)]'),
      '(listcomp (tuple i j) (for i (call range 3) (if i)) (for j (call range i)))',
    );
    assert.equal(show('[[y for y in x] for x in xs]'), '(listcomp (listcomp y (for y x)) (for x xs))');
    assert.equal(show('[x async for x in aiter()]'), '(listcomp x (for x (call aiter)))');
    assert.equal(show('[a if c else b for a, b in pairs]'), '(listcomp (ifexp c a b) (for (tuple a b) pairs))');
  });

  test('lambda parameters', () => {
    assert.equal(show('lambda x, y=2, *a, k, **kw: x + y'), '(lambda (x y=2 *a k **kw) (+ x y))');
    assert.equal(show('lambda *, k=1: k'), '(lambda (k=1) k)');
    assert.equal(show('lambda: (yield)'), '(lambda () (yield _))');
  });

  test('line continuation and bracketed multi-line expressions', () => {
    const text = 'x = a + \\\n    b * \\\n    c\ny = [\n    1,\n    # a comment\n    2,\n]\n';
    const m = parse(text);
    assert.deepEqual(m.problems, []);
    assert.equal(m.body.length, 2);
    const [x, y] = m.body;
    assert.ok(x.type === 'Assign' && y.type === 'Assign');
    assert.equal(sx(x.value), '(+ a (* b c))');
    assert.equal(src(text, x.value), 'a + \\\n    b * \\\n    c');
    assert.equal(sx(y.value), '(list 1 2)');
  });
});

suite('python parser: offsets', () => {
  test('statement and expression spans are their source text', () => {
    const text = [
      'import keras',
      '',
      'def build(units=64):',
      '    inputs = keras.Input(shape=(28, 28))',
      '    x = keras.layers.Dense(units, activation="relu")(inputs)  # hidden',
      '    return keras.Model(inputs, x)',
      '',
      'model = build()',
      '',
    ].join('\n');
    const m = parse(text);
    assert.deepEqual(m.problems, []);
    const [imp, def, assign] = m.body;
    assert.equal(src(text, imp), 'import keras');
    assert.ok(def.type === 'FunctionDef');
    // A compound statement runs to the end of its last line (the newline included).
    assert.equal(src(text, def), text.slice(text.indexOf('def'), text.indexOf('\nmodel')));
    assert.equal(src(text, def.params[0]), 'units=64');
    const [inputs, x, ret] = def.body;
    assert.ok(inputs.type === 'Assign' && x.type === 'Assign' && ret.type === 'Return');
    assert.equal(src(text, inputs), 'inputs = keras.Input(shape=(28, 28))');
    assert.equal(src(text, x), 'x = keras.layers.Dense(units, activation="relu")(inputs)', 'the comment is not part of it');
    assert.equal(src(text, x.targets[0]), 'x');
    const call = x.value;
    assert.ok(call.type === 'Call' && call.func.type === 'Call' && call.func.func.type === 'Attribute');
    assert.equal(src(text, call.func.func), 'keras.layers.Dense');
    assert.equal(src(text, call.func.func.value), 'keras.layers');
    assert.equal(src(text, call.func.args[1]), 'activation="relu"');
    assert.equal(src(text, call.func.args[1].value), '"relu"');
    assert.equal(src(text, call.args[0]), 'inputs');
    assert.ok(inputs.value.type === 'Call');
    const shape = inputs.value.args[0].value;
    assert.equal(src(text, shape), '(28, 28)', 'a parenthesized tuple spans its parentheses');
    assert.equal(src(text, ret.value!), 'keras.Model(inputs, x)');
    assert.equal(src(text, assign), 'model = build()');
  });

  test('operators, comparisons and grouping keep exact spans', () => {
    const text = 'y = -(a + b) ** 2 < c.d[1:2]';
    const s = only(text);
    assert.ok(s.type === 'Assign');
    const cmp = s.value;
    assert.ok(cmp.type === 'Compare');
    assert.equal(src(text, cmp), '-(a + b) ** 2 < c.d[1:2]');
    assert.ok(cmp.left.type === 'Unary' && cmp.left.operand.type === 'Binary');
    assert.equal(src(text, cmp.left.operand), '(a + b) ** 2');
    assert.equal(src(text, cmp.left.operand.left), 'a + b', 'grouping parentheses are not part of the node');
    const sub = cmp.comparators[0];
    assert.ok(sub.type === 'Subscript');
    assert.equal(src(text, sub.index), '1:2');
  });

  test('offsets count UTF-16 units after non-ASCII text', () => {
    const text = 's = "héllo 🙂"; t = ñ + 1';
    const m = parse(text);
    assert.deepEqual(m.problems, []);
    const t = m.body[1];
    assert.ok(t.type === 'Assign');
    assert.equal(src(text, t), 't = ñ + 1');
    assert.equal(sx(t.value), '(+ ñ 1)');
  });
});

suite('python parser: error tolerance', () => {
  test('a broken statement is recorded with its range and skipped; the next ones are read', () => {
    const text = 'a = 1\nb = 2 +\nc = [3,\ndef d():\n    pass\n';
    const m = parse(text);
    assert.deepEqual(
      m.body.map((s) => s.type),
      ['Assign', 'Invalid', 'Assign', 'FunctionDef'],
    );
    assert.equal(src(text, m.body[1]).trimEnd(), 'b = 2 +');
    assert.equal(m.problems[0].message, 'expected an expression');
    assert.equal(m.problems[0].start, text.indexOf('+') + 1, 'at the end of the line');
    assert.ok(
      m.problems.some((p) => p.message === 'unclosed bracket'),
      'an unclosed bracket is recorded',
    );
    const c = m.body[2];
    assert.ok(c.type === 'Assign');
    assert.equal(sx(c.value), '(list 3)', 'the statement with the unclosed bracket is still read');
  });

  test('a broken compound statement skips its block', () => {
    const text = 'def f(:\n    return 1\n    x = 2\ny = 3\n';
    const m = parse(text);
    assert.deepEqual(
      m.body.map((s) => s.type),
      ['Invalid', 'Assign'],
    );
    assert.equal(src(text, m.body[0]), 'def f(:\n    return 1\n    x = 2\n', 'the broken statement runs to the end of its last line');
    assert.equal(m.problems.length, 1);
    assert.equal(m.problems[0].message, 'expected a name');
    assert.equal(src(text, m.problems[0]), ':');
  });

  test('an error inside a block leaves the rest of the block and the def', () => {
    const text = 'def f():\n    a = 1\n    b = = 2\n    return a\nz = f()\n';
    const m = parse(text);
    assert.equal(m.problems.length, 1);
    assert.equal(src(text, m.problems[0]), '=');
    const f = m.body[0];
    assert.ok(f.type === 'FunctionDef');
    assert.deepEqual(
      f.body.map((s) => s.type),
      ['Assign', 'Invalid', 'Return'],
    );
    assert.ok(m.body[1].type === 'Assign');
  });

  test('statements on one line before an error are kept', () => {
    const text = 'a = 1; b = ); c = 3\nd = 4\n';
    const m = parse(text);
    assert.deepEqual(
      m.body.map((s) => s.type),
      ['Assign', 'Invalid', 'Assign'],
    );
    assert.equal(src(text, m.body[1]), 'b = ); c = 3\n', 'the rest of the line from the broken statement');
  });

  test('other recorded problems: trailing text, missing block, keyword as a name, bad decorator', () => {
    const cases: [string, string][] = [
      ['x = 1 2\n', 'unexpected text after the statement'],
      ['f(x) y = 2\n', 'unexpected text after the statement'],
      ['if x:\ny = 1\n', 'expected an indented block'],
      ['def class(): pass\n', 'expected a name'],
      ['@dec\nx = 1\n', 'expected def or class after the decorator'],
      ['x = a if b\n', "expected 'else'"],
      ['for x of y:\n    pass\n', "expected 'in'"],
      ['x = (1 2)\n', "expected ')'"],
      ['x = lambda\n', "expected ':'"],
      ['y = in\n', "unexpected 'in'"],
    ];
    for (const [text, message] of cases) {
      const m = parse(text);
      assert.deepEqual(
        m.problems.map((p) => p.message),
        [message],
        JSON.stringify(text),
      );
    }
  });

  test('nesting deeper than the limit is reported, not a stack overflow', () => {
    const ok = parse(`x = ${'('.repeat(150)}1${')'.repeat(150)}\n`);
    assert.deepEqual(ok.problems, []);
    for (const open of ['(', '[', '-', 'not ', '2 ** ', 'f(']) {
      const close = open === '(' ? ')' : open === '[' ? ']' : open === 'f(' ? ')' : '';
      const text = `x = ${open.repeat(5000)}1${close.repeat(5000)}\ny = 2\n`;
      const m = parse(text);
      assert.deepEqual(
        m.problems.map((p) => p.message),
        ['expression nested too deeply'],
        open,
      );
      assert.deepEqual(
        m.body.map((s) => s.type),
        ['Invalid', 'Assign'],
      );
    }
  });
});

suite('python parser: robustness', () => {
  /** mulberry32: a small deterministic generator so failures reproduce. */
  function random(seed: number): () => number {
    let a = seed >>> 0;
    return () => {
      a = (a + 0x6d2b79f5) >>> 0;
      let t = a;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
  }

  const PIECES = [
    ...'()[]{}:,=+-*/@.;~%<>|&^'.split(''),
    '**',
    '//',
    '...',
    ':=',
    '->',
    '<<',
    '==',
    '!=',
    '+=',
    '\n',
    '\n    ',
    '\n        ',
    '\\\n',
    ' ',
    '\t',
    '# note',
    'x',
    'y',
    'Dense',
    '1',
    '2.5',
    '3j',
    '0x1f',
    '"s"',
    "f'{x}'",
    "'''doc",
    "b'x'",
    '"a\\nb"',
    'é',
    '$',
    '?',
    ...'lambda if else elif for in not is and or def class return yield from import as with try except finally while async await del pass True None global raise assert'.split(
      ' ',
    ),
  ];

  test('random token soups never make the parser throw, and every span is sane', function () {
    this.timeout(60_000);
    const next = random(7);
    for (let k = 0; k < 3000; k++) {
      let text = '';
      const n = 1 + Math.floor(next() * 40);
      for (let i = 0; i < n; i++) text += PIECES[Math.floor(next() * PIECES.length)] + (next() < 0.3 ? ' ' : '');
      let m: Module | undefined;
      assert.doesNotThrow(() => {
        m = parseModule(text);
      }, JSON.stringify(text));
      checkSpans(text, m!);
    }
  });

  test('every prefix of a real file parses without throwing', () => {
    const text = [
      'from keras import layers, Model',
      '@register',
      'class Block(layers.Layer):',
      '    def __init__(self, units=32, *args, **kwargs):',
      '        super().__init__(**kwargs)',
      '        self.dense = [layers.Dense(u) for u in (units, units * 2) if u]',
      '    def call(self, x, training=None):',
      '        return self.dense[0](x) if training else x[:, ::2]',
      'try:',
      '    m = Model(inputs={"a": i}, outputs=lambda t: -t ** 2)',
      'except Exception as e:',
      '    raise RuntimeError(f"failed: {e!r}") from e',
    ].join('\n');
    for (let end = 0; end <= text.length; end++) {
      const prefix = text.slice(0, end);
      checkSpans(prefix, parseModule(prefix));
    }
  });
});
