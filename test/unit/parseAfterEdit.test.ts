/**
 * The model reader's incremental parse (parseModuleAfterEdit: the top-level statements before an
 * edit are kept from the previous parse, the rest is parsed again) gives exactly the tree and the
 * problems of a parse from scratch: over every Python fixture of the project (models, notebooks'
 * programs, deliberately broken syntax), after random edits anywhere — typing, deleting, pasting lines,
 * turning a line into `else:` or a decorator, opening a bracket or a string — one after another.
 * Both read a def's block when it is first asked for (the serialization asks for every one); the
 * reference they are compared with reads every block at once (parseModuleAtOnce).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseModule, parseModuleAfterEdit, parseModuleAtOnce } from '../../src/core/python/parser/parse';
import { analyzeModels } from '../../src/core/model/analyze';
import { prng } from './pythonSupport';

const ROOT = path.join(__dirname, '..', 'fixtures');

function pythonFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return pythonFiles(p);
    return e.name.endsWith('.py') ? [p] : [];
  });
}

const INSERTS = [
  'x',
  ' ',
  '\n',
  '(',
  ')',
  '"',
  "'''",
  '#',
  ':',
  'else:\n',
  '@decorator\n',
  'def f():\n    pass\n',
  '\\\n',
  '    ',
  'import keras\n',
  '[',
  // indentation around defs: where a def's block (read later) ends
  '\n    ',
  '    @decorator\n',
  '    def g(a):\n',
  'try:\n',
  '\t',
];

/** One random edit of `text`: an insertion, a deletion, or a replacement near the end (where typing usually happens). */
function edit(text: string, rand: () => number): string {
  const at = rand() < 0.5 ? Math.floor(rand() * (text.length + 1)) : Math.max(0, text.length - Math.floor(rand() * 200));
  const r = rand();
  if (r < 0.45) return text.slice(0, at) + INSERTS[Math.floor(rand() * INSERTS.length)] + text.slice(at);
  if (r < 0.8) return text.slice(0, at) + text.slice(at + 1 + Math.floor(rand() * 6));
  const end = Math.min(text.length, at + Math.floor(rand() * 40));
  return text.slice(0, at) + INSERTS[Math.floor(rand() * INSERTS.length)] + text.slice(end);
}

suite('incremental parse after an edit', () => {
  const files = pythonFiles(ROOT);

  test('the fixtures are there', () => {
    assert.ok(files.length > 50, `${files.length} Python files`);
  });

  test('after each of 40 edits per file, the tree and problems equal a parse from scratch', () => {
    const rand = prng(20261205);
    let reused = 0;
    let checked = 0;
    for (const file of files) {
      let text = fs.readFileSync(file, 'utf8');
      parseModuleAfterEdit(text);
      for (let k = 0; k < 40; k++) {
        text = edit(text, rand);
        const incremental = parseModuleAfterEdit(text);
        const fresh = parseModule(text);
        const atOnce = JSON.stringify(parseModuleAtOnce(text));
        // JSON compares the trees node by node (offsets included); identical objects show a statement was kept
        assert.equal(JSON.stringify(incremental), atOnce, `${path.relative(ROOT, file)}, edit ${k + 1}`);
        assert.equal(JSON.stringify(fresh), atOnce, `${path.relative(ROOT, file)}, edit ${k + 1}, from scratch`);
        if (incremental.body.length > 0 && incremental.body[0] !== fresh.body[0]) reused++;
        checked++;
      }
    }
    assert.ok(reused > checked / 4, `statements were kept from the previous parse in ${reused} of ${checked} edits`);
  });

  test('typing at the end of a long file keeps every statement before it', () => {
    const base = Array.from({ length: 200 }, (_, i) => `layer_${i} = layers.Dense(${i + 1}, activation="relu")\n`).join('');
    const first = parseModuleAfterEdit(base);
    const typed = parseModuleAfterEdit(`${base}# a comment\n`);
    assert.equal(typed.body.length, 200);
    for (let i = 0; i < 199; i++) assert.equal(typed.body[i], first.body[i], `statement ${i} is the same object`);
    // an `else:` typed under an `if` changes the statement before it: that one is parsed again
    const withIf = parseModuleAfterEdit(`${base}if x:\n    y = 1\nz = 2\n`);
    const withElse = parseModuleAfterEdit(`${base}if x:\n    y = 1\nelse:\n    z = 2\n`);
    assert.equal(JSON.stringify(withElse), JSON.stringify(parseModule(`${base}if x:\n    y = 1\nelse:\n    z = 2\n`)));
    assert.equal(withElse.body.length, 201);
    assert.notEqual(withElse.body[200], withIf.body[200]);
  });
});

suite("a def's block read when first asked for", () => {
  const text = [
    'x = (1,',
    'def never_called(a):',
    '    y = )',
    '    def inner():',
    '        z = ]',
    '    return a',
    '',
    'def called():',
    '    return 2 +',
    '',
    'w = called()',
    'v = 3 *',
    '',
  ].join('\n');

  test('the problems inside blocks come in document order, as reading them at once gives', () => {
    const problems = parseModule(text).problems.map((p) => `${text.slice(0, p.start).split('\n').length}: ${p.message}`);
    assert.deepEqual(
      problems,
      parseModuleAtOnce(text).problems.map((p) => `${text.slice(0, p.start).split('\n').length}: ${p.message}`),
    );
    // one on each broken line: the unclosed tuple, the three blocks, the last statement
    assert.deepEqual(
      problems.map((p) => Number(p.split(':')[0])),
      [1, 3, 5, 9, 12],
    );
  });

  test('the model reader reports a syntax error in a function it never calls', () => {
    const lines = analyzeModels(text).syntaxProblems.map((p) => text.slice(0, p.start).split('\n').length);
    assert.ok(lines.includes(3) && lines.includes(5), `problems on lines ${lines.join(', ')}`);
  });
});
