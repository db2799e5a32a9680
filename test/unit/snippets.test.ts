import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CLASS_NAMES } from '../../src/core/index';
import { requirePython } from './pythonRequirement';

const root = path.resolve(__dirname, '..', '..');
const snippets = JSON.parse(fs.readFileSync(path.join(root, 'snippets', 'python.json'), 'utf8')) as Record<
  string,
  { prefix: string[]; body: string[]; description: string }
>;

/** Expands a TextMate snippet body the way VS Code does with defaults: `${1:x}` → x, `${1|a,b|}` → a, `$1` → mirrored value. */
function expand(body: string): string {
  const values = new Map<string, string>();
  let prev = '';
  let text = body;
  // Nested placeholders resolve from the inside out.
  while (text !== prev) {
    prev = text;
    text = text.replace(/\$\{(\d+):([^${}]*)\}/g, (_m, n: string, v: string) => {
      if (!values.has(n)) values.set(n, v);
      return values.get(n) ?? v;
    });
    text = text.replace(/\$\{(\d+)\|([^|]*)\|\}/g, (_m, n: string, choices: string) => {
      if (!values.has(n)) values.set(n, choices.split(',')[0]);
      return values.get(n) ?? '';
    });
  }
  return text.replace(/\$(\d+)/g, (_m, n: string) => values.get(n) ?? '');
}

suite('snippets', () => {
  test('the expander handles placeholders, choices and mirrors', () => {
    assert.equal(expand('f(${1:a}, ${2|x,y|}) $1$0'), 'f(a, x) a');
  });

  test('every snippet has prefixes, a description and a body', () => {
    assert.ok(Object.keys(snippets).length >= 20);
    for (const [name, s] of Object.entries(snippets)) {
      assert.ok(s.prefix.length > 0 && s.description.length > 10 && s.body.length > 0, name);
    }
  });

  test('there is a snippet for every Keras initializer class', () => {
    const all = Object.values(snippets)
      .map((s) => s.body.join('\n'))
      .join('\n');
    for (const cls of CLASS_NAMES) assert.ok(all.includes(`keras.initializers.${cls}(`), cls);
  });

  test('every initializer a snippet names is a Keras 3 class, and mode/distribution choices are the values Keras accepts', () => {
    const all = Object.values(snippets)
      .map((s) => s.body.join('\n'))
      .join('\n');
    for (const m of all.matchAll(/keras\.initializers\.([A-Za-z]+)\(/g)) {
      if (m[1] !== 'Initializer') assert.ok((CLASS_NAMES as readonly string[]).includes(m[1]), m[1]);
    }
    const mode = /mode="\$\{\d+\|([^|]+)\|\}"/.exec(all);
    assert.deepEqual(mode?.[1].split(',').sort(), ['fan_avg', 'fan_in', 'fan_out']);
    const dist = /distribution="\$\{\d+\|([^|]+)\|\}"/.exec(all);
    assert.deepEqual(dist?.[1].split(',').sort(), ['truncated_normal', 'uniform', 'untruncated_normal']);
  });

  test('every snippet expands to valid Python (checked by python3 ast.parse)', function () {
    requirePython(this);
    const programs = Object.fromEntries(
      Object.entries(snippets).map(([name, s]) => [name, 'import keras\n' + expand(s.body.join('\n')) + '\n']),
    );
    const check = spawnSync(
      'python3',
      [
        '-c',
        'import ast, json, sys\nfor name, src in json.load(sys.stdin).items():\n    try:\n        ast.parse(src)\n    except SyntaxError as e:\n        print(name, e)\n',
      ],
      { input: JSON.stringify(programs), encoding: 'utf8' },
    );
    assert.equal(check.status, 0, check.stderr);
    assert.equal(check.stdout, '', check.stdout);
  });
});
