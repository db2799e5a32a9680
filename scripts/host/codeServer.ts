/**
 * code-server 4.100.3 (= VS Code 1.100.3, the newest release that runs on Node 20) as the VS Code to test
 * against where no desktop VS Code can be had: installed from npm on first use into `.cache/code-server`
 * (as @vscode/test-electron keeps its download in `.vscode-test/`), then started on a loopback port.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { pollUntil, runChecked, spawnGroup, which, withTimeout, type GroupProcess } from './processes';
import { knobs, projectRoot } from './settings';
import { CODE_SERVER_BUILD, installCommand, missingRequirements, systemProbe } from './systemDeps';

export const CODE_SERVER_VERSION = '4.100.3';
/** @vscode/ripgrep as pinned inside code-server 4.100.3's lib/vscode, and the ripgrep release it fetches. */
const RIPGREP_PACKAGE_VERSION = '1.15.11';
const RIPGREP_TAG = 'v13.0.0-10';

export function codeServerDir(): string {
  return knobs().codeServerDir ?? path.join(projectRoot, '.cache', 'code-server');
}

function binaryPath(dir: string): string {
  return path.join(dir, 'node_modules', '.bin', 'code-server');
}

/** Written last by a successful install, so that an interrupted install is redone rather than trusted. */
function markerPath(dir: string): string {
  return path.join(dir, `.installed-${CODE_SERVER_VERSION}`);
}

/**
 * @vscode/ripgrep's postinstall has no switch to skip its GitHub download, but it first looks for
 * `$TMPDIR/vscode-ripgrep-cache-<version>/ripgrep-<tag>-<target>.tar.gz`; a tarball with the system's
 * `rg` at its root satisfies it (Debian's rg 13.0.0 is the release code-server ships).
 */
function seedRipgrepCache(): void {
  const target = process.arch === 'arm64' ? 'aarch64-unknown-linux-musl' : 'x86_64-unknown-linux-musl';
  const cacheDir = path.join(os.tmpdir(), `vscode-ripgrep-cache-${RIPGREP_PACKAGE_VERSION}`);
  const tarball = path.join(cacheDir, `ripgrep-${RIPGREP_TAG}-${target}.tar.gz`);
  if (fs.existsSync(tarball)) return;
  const rg = fs.realpathSync(which('rg') ?? 'rg');
  fs.mkdirSync(cacheDir, { recursive: true });
  const staging = fs.mkdtempSync(path.join(os.tmpdir(), 'ki-rg-'));
  try {
    fs.copyFileSync(rg, path.join(staging, 'rg'));
    fs.chmodSync(path.join(staging, 'rg'), 0o755);
    const tar = spawnSync('tar', ['-czf', tarball, '-C', staging, 'rg'], { encoding: 'utf8' });
    if (tar.status !== 0) throw new Error(`could not create ${tarball}: ${tar.stderr}`);
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

/** Whether the cache folder holds a complete install (the marker is written last). */
export function codeServerInstalled(): boolean {
  const dir = codeServerDir();
  return fs.existsSync(markerPath(dir)) && fs.existsSync(binaryPath(dir));
}

/** Returns the code-server binary, installing it first when the cache folder lacks a complete install. */
export async function ensureCodeServer(): Promise<string> {
  const dir = codeServerDir();
  const bin = binaryPath(dir);
  if (codeServerInstalled()) return bin;

  if (process.platform !== 'linux') {
    throw new Error(
      `code-server is installed automatically on Linux only; on ${process.platform} set VSCODE_EXECUTABLE to a desktop VS Code or KI_HOST=electron to download one`,
    );
  }
  // The callers' preflight (preflight.ts) has installed these already, unless KI_SYSTEM_DEPS=off.
  const missing = missingRequirements(CODE_SERVER_BUILD, systemProbe());
  if (missing.length > 0) {
    throw new Error(
      `cannot install code-server ${CODE_SERVER_VERSION}: missing ${missing.map((r) => `${r.pkg} (${r.why})`).join(', ')}\n` +
        `Install them with: ${installCommand(
          missing.map((r) => r.pkg),
          process.getuid?.() === 0,
        )}`,
    );
  }

  console.log(
    `installing code-server ${CODE_SERVER_VERSION} into ${path.relative(projectRoot, dir) || dir} (first use only; about 1.5 min and 300 MB)`,
  );
  const started = Date.now();
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: 'ki-code-server-host', private: true }, null, 2) + '\n');
  seedRipgrepCache();

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    // node-pty's postinstall runs `npx node-gyp`, which a `yes=false` npmrc would cancel.
    npm_config_yes: 'true',
    // code-server's postinstall.sh refuses to run as root without it (npm 11 warns it is unknown: harmless).
    npm_config_unsafe_perm: 'true',
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_update_notifier: 'false',
  };
  // Build native addons against the installed Node headers instead of fetching them from nodejs.org.
  if (env.npm_config_nodedir === undefined && fs.existsSync('/usr/include/node/node.h')) env.npm_config_nodedir = '/usr';

  await withTimeout(
    runChecked('npm', ['install', '--no-package-lock', `code-server@${CODE_SERVER_VERSION}`], { cwd: dir, env }),
    knobs().installTimeoutMs,
    `npm install code-server@${CODE_SERVER_VERSION}`,
  );
  const version = codeServerVersion(bin);
  if (!version.startsWith(CODE_SERVER_VERSION)) throw new Error(`code-server installed but \`code-server --version\` printed: ${version}`);
  fs.writeFileSync(markerPath(dir), `${version}\n`);
  console.log(`code-server installed in ${Math.round((Date.now() - started) / 1000)} s: ${version}`);
  return bin;
}

/** e.g. "4.100.3 409c64e0df4d53530e59c16acc2b5d5766f717b0 with Code 1.100.3" */
export function codeServerVersion(bin: string): string {
  const r = spawnSync(bin, ['--version'], { encoding: 'utf8', timeout: 30_000 });
  return (r.stdout ?? '').trim().split('\n').pop() ?? '';
}

/** The environment every code-server process gets: no marketplace (code-server would query open-vsx.org). */
function serverEnv(extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return { ...process.env, EXTENSIONS_GALLERY: '{}', ...extra };
}

export interface Profile {
  readonly extensionsDir: string;
  readonly userDataDir: string;
}

/** Writes `<user-data-dir>/User/settings.json`. */
export function writeUserSettings(profile: Profile, settings: Record<string, unknown>): void {
  const dir = path.join(profile.userDataDir, 'User');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'settings.json'), JSON.stringify(settings, null, 2) + '\n');
}

/**
 * Settings for a test window: the web workbench autosaves after a delay by default, which would write a
 * UI test's keystrokes back into the files; no welcome page, no telemetry, no update checks.
 */
export const TEST_USER_SETTINGS: Readonly<Record<string, unknown>> = {
  'files.autoSave': 'off',
  'workbench.startupEditor': 'none',
  'telemetry.telemetryLevel': 'off',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'update.mode': 'none',
  'workbench.tips.enabled': false,
  'security.workspace.trust.enabled': false,
};

/** Creates the profile's folders and returns the arguments that point code-server at them. */
function profileArgs(profile: Profile): string[] {
  fs.mkdirSync(profile.userDataDir, { recursive: true });
  fs.mkdirSync(profile.extensionsDir, { recursive: true });
  // An explicit config file keeps code-server from writing ~/.config/code-server/config.yaml on first run.
  const config = path.join(profile.userDataDir, 'code-server.yaml');
  if (!fs.existsSync(config)) fs.writeFileSync(config, 'auth: none\ncert: false\n');
  return ['--config', config, '--extensions-dir', profile.extensionsDir, '--user-data-dir', profile.userDataDir];
}

export async function installExtension(bin: string, profile: Profile, vsix: string): Promise<void> {
  await withTimeout(
    runChecked(bin, [...profileArgs(profile), '--install-extension', vsix], { env: serverEnv({}) }),
    120_000,
    `code-server --install-extension ${path.basename(vsix)}`,
  );
}

export interface RunningServer {
  readonly port: number;
  /** `127.0.0.1:PORT`: the page must be opened on exactly this authority for `vscode-remote://` URIs to resolve. */
  readonly authority: string;
  readonly process: GroupProcess;
  /** The workbench URL opening `folder`, with extra query parameters. */
  workbenchUrl(folder: string, query?: Record<string, string>): string;
  /** The last lines the server printed, for failure reports. */
  recentOutput(): string;
  stop(): Promise<void>;
}

export interface StartOptions {
  readonly bin: string;
  readonly profile: Profile;
  /** 0 picks a free port. */
  readonly port?: number;
  readonly env?: NodeJS.ProcessEnv;
  /** Echo the server's output as it comes. */
  readonly echo?: boolean;
}

/**
 * Starts code-server in its own process group on 127.0.0.1 and resolves once it answers HTTP.
 * With port 0 the kernel picks a free port and the server's "HTTP server listening on" line says which.
 */
export async function startCodeServer(options: StartOptions): Promise<RunningServer> {
  const args = [
    ...profileArgs(options.profile),
    '--auth',
    'none',
    '--bind-addr',
    `127.0.0.1:${options.port ?? 0}`,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
  ];
  const proc = spawnGroup(options.bin, args, { env: serverEnv(options.env ?? {}), stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  let announcedPort: number | undefined;
  const onData = (chunk: Buffer): void => {
    const text = chunk.toString('utf8');
    if (options.echo) process.stderr.write(text);
    for (const line of text.split('\n')) {
      if (line.trim() === '') continue;
      lines.push(line);
      if (lines.length > 60) lines.shift();
      const m = /HTTP server listening on https?:\/\/[^\s/]*:(\d+)/.exec(line);
      if (m) announcedPort = Number(m[1]);
    }
  };
  proc.child.stdout?.on('data', onData);
  proc.child.stderr?.on('data', onData);
  const recentOutput = (): string => lines.join('\n');

  const startError = proc.startError;
  let exitedEarly: number | undefined;
  void proc.exited.then((code) => (exitedEarly = code));
  let port: number;
  try {
    port = await pollUntil(
      'code-server to listen',
      () => {
        if (exitedEarly !== undefined) {
          throw new Error(
            `code-server exited (code ${exitedEarly}) before listening${startError() ? `: ${startError()?.message}` : ''}\n${recentOutput()}`,
          );
        }
        return announcedPort;
      },
      knobs().serverStartTimeoutMs,
      100,
    );
    // Any answer below 500 from /healthz means the HTTP layer is up (it says "expired" before a client connects).
    await pollUntil(`code-server on 127.0.0.1:${port} to answer /healthz`, () => healthz(port), knobs().serverStartTimeoutMs, 100);
  } catch (e) {
    await proc.stop();
    throw new Error(`${e instanceof Error ? e.message : String(e)}\n--- code-server output ---\n${recentOutput()}`);
  }
  const authority = `127.0.0.1:${port}`;
  return {
    port,
    authority,
    process: proc,
    workbenchUrl(folder, query = {}) {
      const params = new URLSearchParams({ folder, ...query });
      return `http://${authority}/?${params.toString()}`;
    },
    recentOutput,
    stop: () => proc.stop(),
  };
}

function healthz(port: number): Promise<true | undefined> {
  return new Promise((resolve) => {
    const req = http.get({ host: '127.0.0.1', port, path: '/healthz', timeout: 2000 }, (res) => {
      res.resume();
      resolve((res.statusCode ?? 500) < 500 ? true : undefined);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(undefined));
  });
}
