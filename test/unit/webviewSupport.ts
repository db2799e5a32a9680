/** Helpers shared by the preview panel's unit tests: running python3 (with numpy/scipy) as the oracle. */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

export const PANEL_FIXTURES = path.resolve(__dirname, '..', 'fixtures', 'panel');

/** Runs a Python script of test/fixtures/panel with JSON on stdin and returns its JSON output. */
export function runPanelPython<T>(script: string, input: unknown): T {
  const r = spawnSync('python3', [path.join(PANEL_FIXTURES, script)], {
    input: JSON.stringify(input),
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout) as T;
}
