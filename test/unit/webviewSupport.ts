/** Helpers shared by the preview panel's unit tests: running python3 (with numpy/scipy) as the oracle. */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

export const PANEL_FIXTURES = path.resolve(__dirname, '..', 'fixtures', 'panel');

const available = new Map<string, boolean>();

/** Whether python3 can import these modules. */
export function pythonHas(modules: readonly string[]): boolean {
  const key = modules.join(',');
  let ok = available.get(key);
  if (ok === undefined) {
    ok = spawnSync('python3', ['-c', modules.length > 0 ? `import ${key}` : 'pass'], { encoding: 'utf8' }).status === 0;
    available.set(key, ok);
  }
  return ok;
}

/**
 * True when the check cannot run here, after saying so plainly in the test output (the rest of the
 * test's assertions still run).
 */
export function cannotRunPython(what: string, modules: readonly string[] = []): boolean {
  if (pythonHas(modules)) return false;
  console.log(`      python3${modules.length > 0 ? ` with ${modules.join(', ')}` : ''} is not available: ${what} was not checked`);
  return true;
}

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
