/**
 * `npm start`: opens a real VS Code with the packaged extension installed and samples/ as the workspace.
 * A desktop VS Code where one exists (VSCODE_EXECUTABLE, or `code` on PATH with a display); otherwise
 * code-server on 127.0.0.1, whose URL is printed. Runs until Ctrl+C (or until the window is closed, for
 * the desktop), then stops everything it started.
 */
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { codeServerVersion, ensureCodeServer, installExtension, startCodeServer, writeUserSettings, type Profile } from './codeServer';
import { desktopExecutable } from './desktop';
import { chooseHost, hostFacts } from './hostSelection';
import { installSignalHandlers, interruptedBy, runChecked, runCleanups, spawnGroup } from './processes';
import { knobs, projectRoot } from './settings';

const samples = path.join(projectRoot, 'samples');
/** Kept between runs (settings, window state); the extensions folder is refilled on every start. */
const runDir = path.join(projectRoot, '.cache', 'run');

/** Desktop defaults for the web workbench (which would otherwise autosave), plus the samples' README at start. */
const RUN_SETTINGS: Readonly<Record<string, unknown>> = {
  'files.autoSave': 'off',
  'workbench.startupEditor': 'readme',
  'telemetry.telemetryLevel': 'off',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  // samples/ sits inside this repository: no prompt to open the parent repository.
  'git.openRepositoryInParentFolders': 'never',
};

function packagedVsix(): string {
  const manifest = JSON.parse(fs.readFileSync(path.join(projectRoot, 'package.json'), 'utf8')) as { name: string; version: string };
  const vsix = path.join(projectRoot, `${manifest.name}-${manifest.version}.vsix`);
  if (!fs.existsSync(vsix)) throw new Error(`${path.basename(vsix)} is missing: package the extension first (npm run package)`);
  return vsix;
}

function freshProfile(kind: string): Profile {
  const profile = { extensionsDir: path.join(runDir, kind, 'extensions'), userDataDir: path.join(runDir, kind, 'data') };
  fs.rmSync(profile.extensionsDir, { recursive: true, force: true });
  if (!fs.existsSync(path.join(profile.userDataDir, 'User', 'settings.json'))) writeUserSettings(profile, RUN_SETTINGS);
  return profile;
}

function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

async function runDesktop(found: string | undefined, vsix: string): Promise<number> {
  const { resolveCliPathFromVSCodeExecutablePath } = await import('@vscode/test-electron');
  const executable = await desktopExecutable(found);
  const profile = freshProfile('desktop');
  const profileArgs = [`--extensions-dir=${profile.extensionsDir}`, `--user-data-dir=${profile.userDataDir}`];
  await runChecked(resolveCliPathFromVSCodeExecutablePath(executable), [...profileArgs, '--install-extension', vsix, '--force']);
  console.log(
    `Opening ${path.relative(projectRoot, samples)}/ in ${executable} with the extension installed (profile in ${path.relative(projectRoot, runDir)}/desktop).`,
  );
  console.log('Close the window or press Ctrl+C to stop.');
  // The Electron app itself, not the `code` launcher (which detaches it): then Ctrl+C closes the window too.
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.ELECTRON_RUN_AS_NODE;
  const window = spawnGroup(executable, [...profileArgs, '--new-window', samples], { stdio: 'inherit', env });
  return window.exited;
}

async function runCodeServer(vsix: string): Promise<number> {
  const bin = await ensureCodeServer();
  const profile = freshProfile('code-server');
  await installExtension(bin, profile, vsix);
  const port = knobs().startPort ?? ((await portIsFree(8080)) ? 8080 : 0);
  const server = await startCodeServer({ bin, profile, port, echo: knobs().serverLog });
  const url = server.workbenchUrl(samples);
  console.log(`\nKeras Initializers is running in code-server ${codeServerVersion(bin)}.`);
  console.log(`Open ${url}`);
  console.log('Press Ctrl+C to stop.\n');
  const code = await server.process.exited;
  if (!interruptedBy()) console.error(`code-server stopped by itself (exit code ${code})\n${server.recentOutput()}`);
  return code === 0 ? 1 : code;
}

async function main(): Promise<number> {
  installSignalHandlers();
  knobs(); // a malformed environment variable fails here, before anything is started
  const vsix = packagedVsix();
  const choice = chooseHost(hostFacts(knobs().host, knobs().vscodeExecutable));
  console.log(`host: ${choice.kind} (${choice.reason})`);
  return choice.kind === 'electron' ? runDesktop(choice.executable, vsix) : runCodeServer(vsix);
}

main()
  .catch((e: unknown) => {
    if (interruptedBy()) return 130;
    console.error(`could not start: ${e instanceof Error ? e.message : String(e)}`);
    return 1;
  })
  .then(async (code) => {
    await runCleanups();
    process.exit(code);
  });
