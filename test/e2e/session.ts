/**
 * What the UI tests drive: set up by scripts/host/runE2e.ts (server, browser page, installed .vsix, a copy
 * of samples/) before mocha loads the tests, and torn down by it afterwards, on failure and on Ctrl+C too.
 */
import type { Page } from 'playwright-core';

export interface E2eSession {
  readonly page: Page;
  /** The workbench URL that opens the workspace copy. */
  readonly workbenchUrl: string;
  /** The copy of samples/ the workbench has open. */
  readonly workspace: string;
  /** The fresh extensions folder the .vsix was installed into. */
  readonly extensionsDir: string;
  /** Where screenshots are kept (ignored by git). */
  readonly artifactsDir: string;
  /** publisher.name and version of the extension under test, from package.json. */
  readonly extensionId: string;
  readonly extensionVersion: string;
  /** Replaces the user settings (the test defaults plus `extra`); a page reload applies them. */
  readonly setUserSettings: (extra: Record<string, unknown>) => void;
}

let current: E2eSession | undefined;

export function setSession(value: E2eSession | undefined): void {
  current = value;
}

export function session(): E2eSession {
  if (!current) throw new Error('no workbench session: run the UI tests with `npm run test:e2e`');
  return current;
}
