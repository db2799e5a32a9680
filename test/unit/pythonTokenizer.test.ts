/**
 * Tokenizer behaviour CPython's tokenize cannot show: recovery from what an editor holds while
 * code is typed (unclosed brackets and strings), and Python 3.12 f-strings.
 */
import * as assert from 'node:assert/strict';
import { TK_NEWLINE, TK_STRING, isInComment, tokenize, tokenText, type TokenStream } from '../../src/core/python/tokenizer';

function find(ts: TokenStream, text: string, nth = 0): number {
  let seen = 0;
  for (let i = 0; i < ts.count; i++) if (tokenText(ts, i) === text && seen++ === nth) return i;
  throw new Error(`no token ${text}`);
}

function texts(ts: TokenStream): string[] {
  const out: string[] = [];
  for (let i = 0; i < ts.count; i++) out.push(ts.kind[i] === TK_NEWLINE ? '⏎' : tokenText(ts, i));
  return out;
}

suite('python reader: tokenizer recovery', () => {
  test('a statement keyword at the start of a line closes brackets left open above it', () => {
    const ts = tokenize('x = Dense(64, kernel_initializer="he_normal"\ndef build():\n    return x\n');
    const open = find(ts, '(');
    assert.equal(ts.match[open], -1);
    const def = find(ts, 'def');
    assert.equal(ts.parent[def], -1);
    assert.equal(ts.kind[def - 1], TK_NEWLINE, 'the unclosed statement ends before def');
  });

  test('a line indented less than the statement that opened a bracket closes it', () => {
    const ts = tokenize('def f():\n    x = foo(a,\ny = 2\n');
    assert.equal(ts.parent[find(ts, 'y')], -1);
    assert.equal(ts.match[find(ts, '(', 1)], -1, 'foo( stays unmatched');
    // Continuation lines indented normally stay inside.
    const ok = tokenize('def f():\n    x = foo(a,\n            b)\n');
    assert.equal(ok.parent[find(ok, 'b')], find(ok, '(', 1));
  });

  test('closing brackets at any indentation still close', () => {
    const ts = tokenize('model = Sequential([\n    Dense(1),\n])\n');
    assert.equal(ts.match[find(ts, '[')], find(ts, ']'));
    assert.equal(ts.match[find(ts, '(')], find(ts, ')', 1));
  });

  test('mismatched closers: the nearest opener of the same kind closes, inner ones stay open', () => {
    const ts = tokenize('a = (b[1)\nc = ]\n');
    const paren = find(ts, '(');
    assert.equal(ts.match[paren], find(ts, ')'));
    assert.equal(ts.match[find(ts, '[')], -1);
    assert.equal(ts.match[find(ts, ']')], -1, 'a stray closer has no partner');
  });

  test('an unterminated string ends at its line; an unterminated triple-quoted one at the end', () => {
    const ts = tokenize('x = "abc\ny = 1\n');
    assert.equal(tokenText(ts, find(ts, '"abc')), '"abc');
    assert.equal(ts.kind[find(ts, 'y')], 1);
    const tq = tokenize('x = """abc\ny = 1\n');
    assert.equal(tq.kind[2], TK_STRING);
    assert.equal(tokenText(tq, 2), '"""abc\ny = 1\n');
  });

  test('f-strings with nested quotes of the same kind (Python 3.12) are one token', () => {
    const ts = tokenize('s = f"{x["a"]:{width}}" + f\'{"}"}\'\n');
    assert.deepEqual(texts(ts), ['s', '=', 'f"{x["a"]:{width}}"', '+', 'f\'{"}"}\'', '⏎']);
  });

  test('CRLF and CR line ends, backslash continuation, comments', () => {
    const ts = tokenize('a = 1 + \\\r\n    2  # two\r\nb = 3\rc = 4');
    assert.deepEqual(texts(ts), ['a', '=', '1', '+', '2', '⏎', 'b', '=', '3', '⏎', 'c', '=', '4', '⏎']);
    const text = ts.text;
    assert.ok(isInComment(ts, text.indexOf('two')));
    assert.ok(!isInComment(ts, text.indexOf('#')), "the # itself is the comment's start, not inside it");
    assert.ok(!isInComment(ts, text.indexOf('b = 3')));
  });

  test('stray characters and lone surrogates are tokens of their own; offsets stay exact', () => {
    const src = 'x = $y ? `z` \ud83d!';
    const ts = tokenize(src);
    let covered = '';
    for (let i = 0; i < ts.count; i++) covered += src.slice(ts.start[i], ts.end[i]);
    assert.equal(covered, src.replace(/ /g, ''));
  });
});
