/**
 * The extension-host tests of the browser entry, run in code-server's web worker extension host. The
 * worker resolves only `vscode` with `require`, so this is one CommonJS bundle holding mocha's browser
 * build and every test file. The counts go to the runner as one console line (no file system here).
 */
import 'mocha/mocha';
import { defineWebTests } from './web.test';

declare const mocha: BrowserMocha;

interface BrowserMocha {
  setup(options: { ui: string; reporter: string; timeout: number; color?: boolean }): void;
  run(done: (failures: number) => void): {
    stats?: { passes: number };
    on(event: 'fail', listener: (test: { fullTitle(): string }) => void): void;
  };
}

export const RESULTS_MARK = 'KI_WEB_RESULTS';

/**
 * The extension-host suites of test/integration that run in this host too, the same files as in the
 * Node host (their `node:assert/strict` is ./assertShim.ts here). Imported once `suite` and `test`
 * exist: esbuild evaluates a bundled module at its first import.
 */
async function defineSharedSuites(): Promise<void> {
  await import('../integration/language/hover.test');
  await import('../integration/language/completion.test');
  await import('../integration/language/diagnostics.test');
  await import('../integration/preview/preview.test');
  await import('../integration/summary/summary.test');
  await import('../integration/check/check.test');
}

export async function run(): Promise<void> {
  // Longer than the Node host's 30 s: showNotebookDocument alone takes about 29 s in code-server's web
  // workbench here (measured; the extension's diagnostics are ready when the editor shows).
  mocha.setup({ ui: 'tdd', reporter: 'spec', timeout: 90_000, color: false });
  // Each test file's suites, defined once `suite` and `test` exist (no file system to list them from).
  defineWebTests();
  await defineSharedSuites();
  return new Promise<void>((resolve, reject) => {
    const failures: string[] = [];
    const runner = mocha.run((failed) => {
      console.log(`${RESULTS_MARK} ${JSON.stringify({ passed: runner.stats?.passes ?? 0, failed, failures })}`);
      if (failed > 0) reject(new Error(`${failed} test(s) failed`));
      else resolve();
    });
    runner.on('fail', (test) => failures.push(test.fullTitle()));
  });
}
