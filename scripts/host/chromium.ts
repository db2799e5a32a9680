/** Headless Chromium for driving the web workbench with playwright-core (which downloads no browser itself). */
import * as fs from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { onCleanup, withTimeout } from './processes';
import { knobs } from './settings';
import { CHROMIUM_CANDIDATES } from './systemDeps';

/** The Chromium to drive: CHROMIUM_PATH, else the first of the usual names on PATH. */
export function findChromium(): string {
  const named = knobs().chromiumPath;
  if (named) {
    if (!fs.existsSync(named)) throw new Error(`CHROMIUM_PATH=${named} does not exist`);
    return named;
  }
  for (const candidate of CHROMIUM_CANDIDATES) {
    if (fs.existsSync(candidate)) return candidate;
  }
  throw new Error('chromium not found: apt-get install chromium (or set CHROMIUM_PATH to a Chromium or Chrome executable)');
}

/** Launches headless Chromium and registers its closing as a cleanup. */
export async function launchChromium(): Promise<Browser> {
  const executablePath = findChromium();
  const browser = await withTimeout(
    chromium.launch({
      executablePath,
      headless: true,
      // Signals are handled by the runner, which closes the browser along with everything else it started.
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
      // No GPU or sandbox in containers; no traffic to Google's services.
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    }),
    knobs().serverStartTimeoutMs,
    `starting ${executablePath}`,
  );
  onCleanup(() => browser.close().catch(() => undefined));
  return browser;
}
