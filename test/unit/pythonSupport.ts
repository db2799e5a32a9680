/** Helpers shared by the Python source reader tests. */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { SourceRange } from '../../src/core/index';

export const FIXTURES = path.resolve(__dirname, '..', 'fixtures', 'python');

/** The Python fixture files (realistic model code), by name. */
export const FIXTURE_FILES = ['keras3_models.py', 'tf_keras_models.py', 'shared_instances.py', 'not_initializers.py', 'tricky_syntax.py'];

export function readFixture(name: string): string {
  return fs.readFileSync(path.join(FIXTURES, name), 'utf8');
}

/**
 * A document written as lines with one `|` marking the cursor: returns the text without the
 * marker and the cursor offset.
 */
export function withCursor(lines: readonly string[]): { text: string; offset: number } {
  const joined = lines.join('\n');
  const offset = joined.indexOf('|');
  assert.ok(offset >= 0, 'the fixture has no | cursor');
  assert.equal(joined.indexOf('|', offset + 1), -1, 'the fixture has more than one | cursor');
  return { text: joined.slice(0, offset) + joined.slice(offset + 1), offset };
}

/** The text a range covers. */
export function textOf(text: string, range: SourceRange | undefined): string | undefined {
  return range === undefined ? undefined : text.slice(range.start, range.end);
}

/** Runs a Python program with arguments and returns its parsed JSON output. */
export function runPythonJson<T>(args: readonly string[], input?: string): T {
  const r = spawnSync('python3', args, { encoding: 'utf8', input, maxBuffer: 64 * 1024 * 1024 });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout) as T;
}

/** A small deterministic PRNG (mulberry32) for generated inputs. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
