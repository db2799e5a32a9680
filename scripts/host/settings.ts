/**
 * The environment variables that steer the test runners and `npm start`, read once and validated
 * (a typo fails loudly instead of silently falling back).
 */
import * as path from 'node:path';

export const projectRoot = path.resolve(__dirname, '..', '..');

export type HostPreference = 'auto' | 'code-server' | 'electron';

function seconds(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return fallback * 1000;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name}=${raw} is not valid: expected a positive number of seconds`);
  return Math.round(value * 1000);
}

function flag(name: string): boolean {
  const raw = (process.env[name] ?? '').trim().toLowerCase();
  if (raw === '' || raw === '0' || raw === 'false' || raw === 'no') return false;
  if (raw === '1' || raw === 'true' || raw === 'yes') return true;
  throw new Error(`${name}=${process.env[name]} is not valid: expected 1/true/yes or 0/false/no`);
}

function hostPreference(): HostPreference {
  const raw = (process.env.KI_HOST ?? 'auto').trim() || 'auto';
  if (raw === 'auto' || raw === 'code-server' || raw === 'electron') return raw;
  throw new Error(`KI_HOST=${raw} is not valid: expected auto, code-server or electron`);
}

export type SystemDepsMode = 'install' | 'check' | 'off';

function systemDepsMode(): SystemDepsMode {
  const raw = (process.env.KI_SYSTEM_DEPS ?? 'install').trim() || 'install';
  if (raw === 'install' || raw === 'check' || raw === 'off') return raw;
  throw new Error(`KI_SYSTEM_DEPS=${raw} is not valid: expected install, check or off`);
}

function optionalPath(name: string): string | undefined {
  const raw = process.env[name]?.trim();
  return raw ? path.resolve(raw) : undefined;
}

function port(name: string): number | undefined {
  const raw = process.env[name]?.trim();
  if (!raw) return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0 || value > 65535) {
    throw new Error(`${name}=${raw} is not valid: expected a port number 0-65535`);
  }
  return value;
}

function readKnobs() {
  return {
    /** KI_HOST: which VS Code runs the extension-host tests. */
    host: hostPreference(),
    /** VSCODE_EXECUTABLE: a desktop VS Code (Electron) executable to test with. */
    vscodeExecutable: optionalPath('VSCODE_EXECUTABLE'),
    /** VSCODE_VERSION: the desktop version @vscode/test-electron downloads with KI_HOST=electron. */
    vscodeVersion: process.env.VSCODE_VERSION?.trim() || '1.100.3',
    /** KI_TEST_TIMEOUT (s): the longest one extension-host suite may run before it is failed and stopped. */
    suiteTimeoutMs: seconds('KI_TEST_TIMEOUT', 180),
    /** KI_E2E_TIMEOUT (s): the longest one UI test may take. */
    e2eTestTimeoutMs: seconds('KI_E2E_TIMEOUT', 90),
    /** KI_SERVER_START_TIMEOUT (s): how long a host may take to start listening. */
    serverStartTimeoutMs: seconds('KI_SERVER_START_TIMEOUT', 60),
    /** KI_INSTALL_TIMEOUT (s): bound on the one-time code-server install. */
    installTimeoutMs: seconds('KI_INSTALL_TIMEOUT', 900),
    /** KI_SUITES: a comma-separated list of the extension-host suites to run (default: all). */
    suites: (process.env.KI_SUITES ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== ''),
    /** KI_E2E_GREP: run only the UI tests whose full title contains this text. */
    e2eGrep: process.env.KI_E2E_GREP?.trim() || undefined,
    /** KI_KEEP_TMP=1: keep the temporary profiles and workspace copies for inspection. */
    keepTmp: flag('KI_KEEP_TMP'),
    /** KI_SERVER_LOG=1: echo the host's own log. */
    serverLog: flag('KI_SERVER_LOG'),
    /** KI_BROWSER_CONSOLE=1: echo the workbench page's console (workbench chatter included). */
    browserConsole: flag('KI_BROWSER_CONSOLE'),
    /** CHROMIUM_PATH: the Chromium/Chrome executable playwright-core drives. */
    chromiumPath: optionalPath('CHROMIUM_PATH'),
    /** KI_CODE_SERVER_DIR: where code-server is installed (default .cache/code-server). */
    codeServerDir: optionalPath('KI_CODE_SERVER_DIR'),
    /** KI_SYSTEM_DEPS: install missing Debian packages with apt-get (install, the default), only name them (check), or skip the check (off). */
    systemDeps: systemDepsMode(),
    /** KI_PORT: the port `npm start` serves on (default 8080, or a free one when 8080 is taken). */
    startPort: port('KI_PORT'),
  } as const;
}

export type Knobs = ReturnType<typeof readKnobs>;

let cached: Knobs | undefined;

/** The knobs, read on first use so that an invalid value is reported by the runner like any other failure. */
export function knobs(): Knobs {
  cached ??= readKnobs();
  return cached;
}
