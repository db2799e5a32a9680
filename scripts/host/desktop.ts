/**
 * The desktop host: a VS Code (Electron) started with --extensionDevelopmentPath/--extensionTestsPath, the
 * way @vscode/test-electron's runTests does, but spawned here in its own process group so that a hung
 * run can be stopped on timeout or Ctrl+C. test-electron supplies the download when none is given.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnGroup, withTimeout } from './processes';
import { knobs, projectRoot } from './settings';

/** The executable to run: the one found or named, or test-electron's download (only with KI_HOST=electron). */
export async function desktopExecutable(found: string | undefined): Promise<string> {
  if (found) {
    if (!fs.existsSync(found)) throw new Error(`VS Code executable not found: ${found}`);
    return found;
  }
  const { downloadAndUnzipVSCode } = await import('@vscode/test-electron');
  return withTimeout(
    downloadAndUnzipVSCode({ version: knobs().vscodeVersion, cachePath: path.join(projectRoot, '.vscode-test'), timeout: 30_000 }),
    knobs().installTimeoutMs,
    `downloading VS Code ${knobs().vscodeVersion} with @vscode/test-electron`,
  );
}

export interface DesktopRun {
  readonly executable: string;
  readonly testsPath: string;
  readonly workspace: string;
  readonly profileDir: string;
  readonly env: NodeJS.ProcessEnv;
}

/** Runs one suite; resolves with VS Code's exit code (0 when run() resolved). */
export async function runInDesktop(run: DesktopRun): Promise<number> {
  const env: NodeJS.ProcessEnv = { ...process.env, ...run.env };
  // Set when launched from inside VS Code's own terminal; it would make the executable behave as plain Node.
  delete env.ELECTRON_RUN_AS_NODE;
  const args = [
    '--no-sandbox',
    '--disable-gpu-sandbox',
    '--disable-updates',
    '--skip-welcome',
    '--skip-release-notes',
    '--disable-workspace-trust',
    // Other installed extensions stay out of the way; the one under development is still loaded.
    '--disable-extensions',
    `--user-data-dir=${path.join(run.profileDir, 'data')}`,
    `--extensions-dir=${path.join(run.profileDir, 'extensions')}`,
    `--extensionDevelopmentPath=${projectRoot}`,
    `--extensionTestsPath=${run.testsPath}`,
    run.workspace,
  ];
  const proc = spawnGroup(run.executable, args, { env, stdio: 'inherit' });
  try {
    return await withTimeout(proc.exited, knobs().suiteTimeoutMs, `VS Code running ${path.basename(path.dirname(run.testsPath))}`);
  } finally {
    await proc.stop();
  }
}
