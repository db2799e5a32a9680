/**
 * Extension tests in code-server's real Node extension host, started the way VS Code's own browser
 * integration tests are: the workbench page gets a `payload` naming extensionDevelopmentPath and
 * extensionTestsPath, runs the tests, and reports the outcome through `window.codeAutomationExit`.
 * (code-server's CLI rejects --extensionDevelopmentPath; the extension-host process itself always exits 0.)
 */
import { format } from 'node:util';
import type { Browser, ConsoleMessage } from 'playwright-core';
import type { RunningServer } from './codeServer';
import { interruptedBy, withTimeout } from './processes';
import { knobs, projectRoot } from './settings';

/** Workbench log lines that reach codeAutomationLog along with the tests' output but say nothing about them. */
const WORKBENCH_CHATTER = [
  /^Resolv(ing|ed) connection token/,
  /^Creating a socket/,
  /^\[Service Worker\]/,
  /^Ignoring fetching additional builtin extensions/,
  /^Updating additional builtin extensions cache/,
  /^ChatSessionStore:/,
  /^Creation of workbench contribution/,
  /^\[lifecycle\] Long running operations during shutdown/,
];

/** Prints one codeAutomationLog entry; its arguments are console-style (a format string, then values). */
function relay(level: string, args: unknown, onLog?: (text: string) => void): void {
  // Once the runner is stopping, the workbench only reports its lost connection.
  if (interruptedBy()) return;
  const text = Array.isArray(args) ? format(...(args as unknown[])) : String(args);
  onLog?.(text);
  if (!knobs().browserConsole && WORKBENCH_CHATTER.some((re) => re.test(text))) return;
  if (level === 'error' || level === 'warn') console.error(text);
  else console.log(text);
}

export interface WorkbenchRun {
  readonly browser: Browser;
  readonly server: RunningServer;
  /** Absolute path of the compiled index.js exporting run(). */
  readonly testsPath: string;
  readonly workspace: string;
  readonly label: string;
  /** Hears every line the tests log (besides it being printed). */
  readonly onLog?: (text: string) => void;
}

/** Resolves with the exit code the workbench reports (0: run() resolved), or rejects on timeout or crash. */
export async function runInWorkbench(run: WorkbenchRun): Promise<number> {
  const remote = (p: string): string => `vscode-remote://${run.server.authority}${p}`;
  const payload = JSON.stringify([
    ['extensionDevelopmentPath', remote(projectRoot)],
    ['extensionTestsPath', remote(run.testsPath)],
    ['enableProposedApi', ''],
    ['skipWelcome', 'true'],
  ]);
  // A browser context per suite: no storage carried over from the previous window.
  const context = await run.browser.newContext();
  try {
    const page = await context.newPage();
    let settle!: (outcome: number | Error) => void;
    const outcome = new Promise<number | Error>((resolve) => (settle = resolve));
    // Both must be exposed before the page loads: the workbench looks them up as it starts.
    await page.exposeFunction('codeAutomationLog', (level: string, args: unknown) => relay(level, args, run.onLog));
    await page.exposeFunction('codeAutomationExit', (code: number) => settle(code));
    page.on('crash', () => settle(new Error('the workbench page crashed')));
    if (knobs().browserConsole) page.on('console', (m: ConsoleMessage) => console.log(`[browser ${m.type()}] ${m.text()}`));
    await page.goto(run.server.workbenchUrl(run.workspace, { payload }), { timeout: knobs().serverStartTimeoutMs });
    const result = await withTimeout(outcome, knobs().suiteTimeoutMs, `the extension-host suite "${run.label}"`);
    if (result instanceof Error) throw result;
    return result;
  } finally {
    await context.close().catch(() => undefined);
  }
}
