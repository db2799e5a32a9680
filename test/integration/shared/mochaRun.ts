/**
 * Runs the mocha tests next to a suite's index inside the extension host, and reports the counts to the
 * runner through the file named by KI_RESULTS_FILE (the host's exit code alone cannot carry them).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

/** A test that hangs fails after this long, with mocha's own timeout message. */
const TEST_TIMEOUT_MS = 30_000;

export interface SuiteResults {
  readonly passed: number;
  readonly failed: number;
  readonly failures: readonly string[];
}

function report(results: SuiteResults): void {
  const file = process.env.KI_RESULTS_FILE;
  if (file) fs.writeFileSync(file, JSON.stringify(results));
}

export function runSuite(dir: string): Promise<void> {
  const mocha = new Mocha({ ui: 'tdd', timeout: TEST_TIMEOUT_MS, color: false, reporter: 'spec' });
  for (const file of fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.test.js'))
    .sort()) {
    mocha.addFile(path.join(dir, file));
  }
  const failures: string[] = [];
  return new Promise<void>((resolve, reject) => {
    try {
      const runner = mocha.run((failed) => {
        report({ passed: runner.stats?.passes ?? 0, failed, failures });
        if (failed > 0) reject(new Error(`${failed} test(s) failed`));
        else resolve();
      });
      runner.on('fail', (test) => failures.push(test.fullTitle()));
    } catch (e) {
      // A test file that throws while loading ends the suite before any test runs.
      report({ passed: 0, failed: 1, failures: [`loading the tests: ${e instanceof Error ? e.message : String(e)}`] });
      reject(e);
    }
  });
}
