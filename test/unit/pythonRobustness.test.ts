/**
 * The reader never throws and keeps its answers consistent on any input: thousands of generated
 * Python-like strings, and every prefix of every fixture (what an editor sees while a file is typed).
 */
import * as assert from 'node:assert/strict';
import { completionContextAt, findAllInitializers, findInitializerAt, importStyle, type InitializerExpression } from '../../src/core/index';
import { tokenize } from '../../src/core/python/tokenizer';
import { FIXTURE_FILES, prng, readFixture } from './pythonSupport';

const PIECES = [
  '(',
  ')',
  '[',
  ']',
  '{',
  '}',
  '"',
  "'",
  '"""',
  "'''",
  '#',
  '\\',
  '\n',
  '\r\n',
  '\r',
  ' ',
  '    ',
  '\t',
  '=',
  '==',
  '.',
  ',',
  ':',
  '*',
  '**',
  '-',
  '+',
  '/',
  '//',
  '%',
  '~',
  '@',
  '0',
  '1',
  '1e-3',
  '0x1F',
  '1_000',
  '.5',
  '2.',
  '1j',
  'j',
  'e',
  'r',
  'b',
  'f',
  'rb',
  'F',
  'u',
  'x',
  '_',
  'None',
  'True',
  'if',
  'else',
  'or',
  'for',
  'in',
  'def',
  'class',
  'import',
  'from',
  'as',
  'return',
  'keras',
  'tf',
  'initializers',
  'layers',
  'Dense',
  'Conv2D',
  'LSTM',
  'GRU',
  'HeNormal',
  'he_normal',
  'VarianceScaling',
  'seed',
  'mode',
  'fan_in',
  'kernel_initializer',
  'initializer',
  'add_weight',
  'get',
  'class_name',
  'config',
  'init',
  'self',
  'é',
  '\u00a0',
  '\u2028',
  '\ud83d',
  '\ude00',
  '\u0000',
  '$',
  '?',
  '!',
  '`',
  ';',
  '<',
  '>',
  '{{',
  '}}',
];

function randomText(next: () => number): string {
  const n = Math.floor(next() * 60);
  let s = '';
  for (let k = 0; k < n; k++) s += PIECES[Math.floor(next() * PIECES.length)];
  return s;
}

function assertRange(text: string, r: { start: number; end: number }, what: string): void {
  assert.ok(
    Number.isInteger(r.start) && Number.isInteger(r.end) && r.start >= 0 && r.start <= r.end && r.end <= text.length,
    `${what}: ${JSON.stringify(r)}`,
  );
}

function assertExpression(text: string, e: InitializerExpression): void {
  assertRange(text, e.range, 'range');
  assertRange(text, e.nameRange, 'nameRange');
  if (e.via === undefined) assert.ok(e.nameRange.start >= e.range.start && e.nameRange.end <= e.range.end, 'nameRange inside range');
  assert.ok((e.className === undefined) === (e.unknownId !== undefined), 'className or unknownId');
  for (const a of e.argList) {
    assertRange(text, a.range, 'argument range');
    assertRange(text, a.valueRange, 'argument value range');
  }
  if (e.layer !== undefined) assertRange(text, e.layer.range, 'layer range');
}

/** Every query at a few offsets, with the invariants that must hold whatever the text. */
function exercise(text: string, offsets: readonly number[]): void {
  const ts = tokenize(text);
  for (let i = 0; i < ts.count; i++) {
    assert.ok(ts.start[i] <= ts.end[i] && ts.end[i] <= text.length && (i === 0 || ts.start[i] >= ts.end[i - 1]), 'tokens ordered');
    const m = ts.match[i];
    if (m >= 0) assert.equal(ts.match[m], i, 'bracket partners');
  }
  const all = findAllInitializers(text);
  let previous = -1;
  for (const e of all.expressions) {
    assertExpression(text, e);
    assert.ok(e.range.start >= previous, 'source order');
    previous = e.range.start;
  }
  for (const s of all.sharedInstances) for (const u of s.uses) assertRange(text, u.range, 'use range');
  importStyle(text);
  for (const offset of offsets) {
    const e = findInitializerAt(text, offset);
    if (e !== undefined) assertExpression(text, e);
    const c = completionContextAt(text, offset);
    if (c !== undefined) {
      assertRange(text, c.range, 'completion range');
      // The range is the text a chosen item replaces: it holds the cursor, and what precedes the cursor is the prefix.
      assert.ok(c.range.start <= offset && offset <= c.range.end, `completion range ${JSON.stringify(c.range)} holds the cursor ${offset}`);
      assert.equal(c.prefix, text.slice(c.range.start, offset), 'completion prefix is the text before the cursor');
    }
  }
}

suite('python reader: robustness', () => {
  test('4,000 generated strings: no exception, consistent answers', () => {
    const next = prng(20240601);
    for (let k = 0; k < 4000; k++) {
      const text = randomText(next);
      const offsets = [0, text.length, Math.floor(next() * (text.length + 1)), Math.floor(next() * (text.length + 1))];
      try {
        exercise(text, offsets);
      } catch (e) {
        throw new Error(`input ${JSON.stringify(text)}: ${(e as Error).message}`);
      }
    }
  });

  test('every prefix of every fixture: no exception, consistent answers', () => {
    for (const name of FIXTURE_FILES) {
      const full = readFixture(name);
      for (let n = 0; n <= full.length; n++) {
        const text = full.slice(0, n);
        try {
          exercise(text, [n, n >> 1]);
        } catch (e) {
          throw new Error(`${name} prefix of ${n} characters: ${(e as Error).message}`);
        }
      }
    }
  });

  test('a prefix ending inside a call still finds the initializer being typed', () => {
    const full = readFixture('keras3_models.py');
    const start = full.indexOf('kernel_initializer=keras.initializers.VarianceScaling(');
    const cut = full.indexOf('scale=2.0, mo', start) + 'scale=2.0, mo'.length;
    const answer = findInitializerAt(full.slice(0, cut), cut - 1);
    assert.equal(answer?.className, 'VarianceScaling');
    assert.deepEqual(answer?.args, { scale: 2 });
    // The half-typed `mo` is a positional argument so far, which Keras's order maps to `scale`.
    assert.deepEqual(
      answer?.argList.map((a) => [a.name, a.valueText]),
      [
        ['scale', '2.0'],
        ['scale', 'mo'],
      ],
    );
    assert.equal(answer?.layer?.name, 'Conv2D');
  });
});
