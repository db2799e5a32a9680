/**
 * The reader against CPython itself: its tokenizer (module tokenize) for token boundaries, and its
 * parser (module ast, test/fixtures/python/initializer_oracle.py) for the initializer expressions
 * of every fixture file, with ranges, literal arguments and contexts.
 */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { findAllInitializers, type InitializerExpression } from '../../src/core/index';
import { TK_NAME, TK_NEWLINE, TK_NUMBER, TK_OP, TK_STRING, tokenize } from '../../src/core/python/tokenizer';
import { requirePython } from './pythonRequirement';
import { FIXTURES, FIXTURE_FILES, readFixture, runPythonJson } from './pythonSupport';

interface OracleRecord {
  form: string;
  name: string;
  className: string | null;
  unknownId: string | null;
  keras2Name: string | null;
  start: number;
  end: number;
  args: Record<string, unknown>;
  nonLiteral: string[];
  context: [string, string] | null;
}

function asRecord(e: InitializerExpression): OracleRecord {
  let context: [string, string] | null = null;
  const c = e.context;
  if (c !== undefined) {
    const name =
      c.kind === 'keyword'
        ? c.keyword
        : c.kind === 'positional'
          ? String(c.index)
          : c.kind === 'parameterDefault'
            ? c.parameter
            : c.kind === 'assignment'
              ? c.target
              : c.key;
    context = [c.kind, name];
  }
  return {
    form: e.form,
    name: e.name,
    className: e.className ?? null,
    unknownId: e.unknownId ?? null,
    keras2Name: e.keras2Name ?? null,
    start: e.range.start,
    end: e.range.end,
    args: { ...e.args },
    nonLiteral: [...e.nonLiteral],
    context,
  };
}

/** Python's tokenize: [kind, start offset, end offset] of NAME/NUMBER/STRING/OP/NEWLINE tokens. */
const TOKENIZE = `
import io, json, sys, tokenize
out = {}
for path in sys.argv[1:]:
    src = open(path, encoding="utf-8").read()
    starts = [0]
    for i, ch in enumerate(src):
        if ch == "\\n":
            starts.append(i + 1)
    toks = []
    for t in tokenize.generate_tokens(io.StringIO(src).readline):
        name = tokenize.tok_name[t.exact_type if t.type == tokenize.OP else t.type]
        kind = {"NAME": "name", "NUMBER": "number", "STRING": "string", "NEWLINE": "newline"}.get(tokenize.tok_name[t.type], "op" if t.type == tokenize.OP else None)
        if kind is None:
            continue
        s = starts[t.start[0] - 1] + t.start[1] if t.start[0] - 1 < len(starts) else len(src)
        e = starts[t.end[0] - 1] + t.end[1] if t.end[0] - 1 < len(starts) else len(src)
        toks.append([kind, s, e])
    out[path] = toks
json.dump(out, sys.stdout)
`;

const KIND_NAMES: Record<number, string> = {
  [TK_NAME]: 'name',
  [TK_NUMBER]: 'number',
  [TK_STRING]: 'string',
  [TK_OP]: 'op',
  [TK_NEWLINE]: 'newline',
};

suite('python reader vs CPython', () => {
  test("tokens of every fixture match Python's tokenize module (kinds and offsets)", function () {
    requirePython(this);
    const paths = FIXTURE_FILES.map((f) => path.join(FIXTURES, f));
    const expected = runPythonJson<Record<string, Array<[string, number, number]>>>(['-c', TOKENIZE, ...paths]);
    for (const f of FIXTURE_FILES) {
      const text = readFixture(f);
      const ts = tokenize(text);
      const actual: Array<[string, number, number]> = [];
      for (let i = 0; i < ts.count; i++) actual.push([KIND_NAMES[ts.kind[i]], ts.start[i], ts.end[i]]);
      // Python ends the last logical line with an empty NEWLINE at the end of the text; so do we.
      assert.deepEqual(actual, expected[path.join(FIXTURES, f)], f);
    }
  });

  test("findAllInitializers finds exactly what a reading with Python's ast module finds", function () {
    requirePython(this);
    const paths = FIXTURE_FILES.map((f) => path.join(FIXTURES, f));
    const expected = runPythonJson<Record<string, OracleRecord[]>>([path.join(FIXTURES, 'initializer_oracle.py'), ...paths]);
    let total = 0;
    for (const f of FIXTURE_FILES) {
      const actual = findAllInitializers(readFixture(f)).expressions.map(asRecord);
      assert.deepEqual(actual, expected[path.join(FIXTURES, f)], f);
      total += actual.length;
    }
    // The fixtures are meant to be rich: make sure the comparison covered real ground.
    assert.ok(total >= 50, `only ${total} expressions compared`);
  });
});
