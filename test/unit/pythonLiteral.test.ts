/**
 * The constant-expression evaluator against CPython: each expression is evaluated by python3 and
 * by the reader; types and values (floats bit for bit, -0.0 included) must agree.
 */
import * as assert from 'node:assert/strict';
import { evaluateTokens, litToValue, parseNumber } from '../../src/core/python/literal';
import { tokenize } from '../../src/core/python/tokenizer';
import { requirePython } from './pythonRequirement';
import { runPythonJson } from './pythonSupport';

function evaluate(src: string): [string, unknown] | undefined {
  const ts = tokenize(src);
  // The tokenizer ends the logical line with a NEWLINE token; the expression is what precedes it.
  const lit = evaluateTokens(ts, 0, ts.count - 1);
  return lit === undefined ? undefined : [lit.t, litToValue(lit)];
}

/** Expressions Python evaluates and the reader must evaluate identically. */
const EVALUATED = [
  '0',
  '7',
  '-7',
  '+3',
  '~5',
  '-(-2)',
  '1_000',
  '0x10',
  '0XfF',
  '0o17',
  '0b101',
  '0b1_0',
  '1.5',
  '.5',
  '5.',
  '1e-3',
  '1E3',
  '1.5e+2',
  '2.5e-10',
  '1_0.2_5',
  '-0.0',
  '-0',
  '0 * -1',
  '0.0 * -1',
  '1/3',
  '2/3',
  '10/4',
  '1/7',
  '2.**-1',
  '2**-1',
  '2**-2',
  '-2**2',
  '(-2)**2',
  '2**3**2',
  '2**0.5',
  '10**-5',
  '9**0.5',
  '3**20',
  '3**40',
  '2**1000 * 1.0',
  '1.1**10',
  '0.1**3',
  '3.0**-2',
  '(-2.5)**3',
  '(-2)**-3',
  '1.0000001**4096',
  '10**-300',
  '2.0**-1074',
  '2.0**-1075',
  '1.5**-1800',
  '7**-0.5',
  '2**0.25',
  '2*3',
  '2*3.5',
  '7//2',
  '-7//2',
  '7//-2',
  '7%3',
  '-7%3',
  '7%-3',
  '-7.5//2',
  '-7.5%2',
  '5.0%-3',
  '0.1+0.2',
  '1 - 0.9',
  '(1+2)/4',
  '1 / 3 * 3',
  '2 ** -3 * 8',
  '-1e-3',
  '0.5 // 0.1',
  '0.3 % 0.1',
  'True',
  'False',
  'None',
  'True + 1',
  '-True',
  'True * 2.5',
  '(3,)',
  '(3, 3)',
  '()',
  '[]',
  '[1, 2.5, None]',
  '((1, 2), [3])',
  '[-1]',
  '(0, 1,)',
  '(((2)))',
  '"a"',
  "'it\\'s'",
  '"a" "b"',
  '"a" + "b"',
  '"\\x41\\u00e9\\n\\t"',
  'r"\\n"',
  'R"\\d+"',
  '"""tri"""',
  "'''x'''",
  'u"zeros"',
  'f"no fields"',
  'f"{{braces}}"',
  '"\\101\\7"',
  '"back\\\\slash"',
  '"\\q"',
  'math.sqrt(2)',
  'math.sqrt(16)',
  '1 / math.sqrt(3)',
  'np.sqrt(2.0)',
  'math.pi',
  'np.pi / 4',
  'math.e',
  'float(3)',
  'float("1e-3")',
  'int(2.7)',
  'int(-2.7)',
  'int("12")',
  'float("  1.5 ")',
];

/** Expressions that are not constants (or that Python rejects): the reader answers nothing. */
const NOT_EVALUATED = [
  'x',
  'SEED',
  'f(1)',
  'a.b',
  '1 if x else 2',
  'b"bytes"',
  '1j',
  '2+3j',
  'f"{x}"',
  '"a" * 2',
  '1/0',
  '1//0',
  '1 % 0',
  '0 ** -1',
  '(-8) ** (1/3)',
  'not True',
  '1 < 2',
  '[x for x in y]',
  '{1: 2}',
  '(1, x)',
  'math.sqrt(-1)',
  'math.sqrt(x)',
  '-"a"',
  'lambda: 1',
  '*a',
  '1 +',
  '(1',
  '"\\N{BULLET}"',
  'int("1.5")',
  '0b2',
  '0x',
];

const PYTHON_EVAL = `
import json, math, sys
try:
    import numpy as np
except ImportError:
    np = None
def t(v):
    if isinstance(v, bool): return "bool"
    if isinstance(v, int): return "int"
    if isinstance(v, float): return "float"
    if isinstance(v, str): return "str"
    if v is None: return "None"
    return type(v).__name__
def plain(v):
    if isinstance(v, (tuple, list)): return [plain(x) for x in v]
    if isinstance(v, float): return float(v)
    return v
out = []
for src in json.load(sys.stdin):
    v = eval(src, {"math": math, "np": np})
    out.append([t(v), plain(v)])
json.dump(out, sys.stdout)
`;

suite('python reader: constant expressions', () => {
  test('every expression evaluates to what python3 computes (type and exact value)', function () {
    requirePython(this);
    const expected = runPythonJson<Array<[string, unknown]>>(['-c', PYTHON_EVAL], JSON.stringify(EVALUATED));
    EVALUATED.forEach((src, k) => {
      assert.deepEqual(evaluate(src), expected[k], src);
    });
  });

  test('non-constant or invalid expressions are not evaluated', () => {
    for (const src of NOT_EVALUATED) assert.equal(evaluate(src), undefined, src);
  });

  test('the non-evaluated list holds only what Python cannot reduce to a plain constant', function () {
    requirePython(this);
    // Each entry either fails in Python, or uses a name, a call outside the small allowed set, or
    // produces a type the reader does not model (bytes, complex, dict, bool from a comparison).
    const probe = `
import json, math, sys
ok = []
for src in json.load(sys.stdin):
    try:
        v = eval(src, {"math": math, "__builtins__": {}})
        ok.append(type(v).__name__)
    except Exception as e:
        ok.append("error")
json.dump(ok, sys.stdout)
`;
    const kinds = runPythonJson<string[]>(['-c', probe], JSON.stringify(NOT_EVALUATED));
    // Deliberately not evaluated although Python can: string repetition, and \N{...} escapes (which
    // need the Unicode name table).
    const deliberate = ['"a" * 2', '"\\N{BULLET}"'];
    const unexpected = NOT_EVALUATED.filter(
      (src, k) => ['int', 'float', 'str', 'NoneType', 'tuple', 'list'].includes(kinds[k]) && !deliberate.includes(src),
    );
    assert.deepEqual(unexpected, []);
  });

  test('overflow gives infinity, as Python float arithmetic does (1e308*10 == inf)', () => {
    assert.deepEqual(evaluate('1e308*10'), ['float', Infinity]);
    assert.deepEqual(evaluate('-1e308*10'), ['float', -Infinity]);
  });

  test('number literals', () => {
    assert.deepEqual(parseNumber('1_000'), { t: 'int', v: 1000 });
    assert.deepEqual(parseNumber('0x_1F'), { t: 'int', v: 31 });
    assert.deepEqual(parseNumber('1e3'), { t: 'float', v: 1000 });
    assert.equal(parseNumber('3j'), undefined);
    assert.equal(parseNumber('0o9'), undefined);
  });
});
