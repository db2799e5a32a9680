/**
 * Which VS Code runs the extension-host tests. A desktop VS Code (through @vscode/test-electron) when one
 * is at hand; otherwise code-server. test-electron's download is attempted only when asked for
 * (KI_HOST=electron): on machines without internet access it would hang or fail slowly.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { HostPreference } from './settings';
import { which } from './processes';

export type HostChoice =
  | { readonly kind: 'electron'; readonly executable: string | undefined; readonly reason: string }
  | { readonly kind: 'code-server'; readonly reason: string };

export interface HostFacts {
  readonly preference: HostPreference;
  /** VSCODE_EXECUTABLE, if set. */
  readonly vscodeExecutable: string | undefined;
  /** The Electron executable behind a desktop `code` on PATH, if any. */
  readonly desktopCode: string | undefined;
  readonly platform: NodeJS.Platform;
  /** Whether a display server is reachable (Electron on Linux needs one). */
  readonly hasDisplay: boolean;
}

export function chooseHost(facts: HostFacts): HostChoice {
  if (facts.preference === 'code-server') return { kind: 'code-server', reason: 'KI_HOST=code-server' };
  if (facts.preference === 'electron') {
    const executable = facts.vscodeExecutable ?? facts.desktopCode;
    return {
      kind: 'electron',
      executable,
      reason: executable
        ? `KI_HOST=electron, using ${executable}`
        : 'KI_HOST=electron, no local VS Code: @vscode/test-electron downloads one',
    };
  }
  if (facts.vscodeExecutable) {
    return { kind: 'electron', executable: facts.vscodeExecutable, reason: `VSCODE_EXECUTABLE=${facts.vscodeExecutable}` };
  }
  if (facts.desktopCode) {
    if (facts.platform !== 'linux' || facts.hasDisplay) {
      return { kind: 'electron', executable: facts.desktopCode, reason: `desktop VS Code found at ${facts.desktopCode}` };
    }
    return {
      kind: 'code-server',
      reason: `desktop VS Code at ${facts.desktopCode} needs a display (DISPLAY is unset; run under xvfb-run to use it)`,
    };
  }
  return {
    kind: 'code-server',
    reason: 'no desktop VS Code here (VSCODE_EXECUTABLE unset, no `code` on PATH; set KI_HOST=electron to download one)',
  };
}

/**
 * The Electron executable of a desktop VS Code whose launcher `code` is on PATH. The launcher lives in
 * `<app>/bin/`; the remote CLI of a VS Code server or code-server is also called `code` and is skipped.
 */
export function findDesktopCode(): string | undefined {
  const launcher = which('code');
  if (!launcher) return undefined;
  let real: string;
  try {
    real = fs.realpathSync(launcher);
  } catch {
    return undefined;
  }
  if (/remote-cli|code-server|vscode-server/.test(real)) return undefined;
  const bin = path.dirname(real);
  const candidates =
    process.platform === 'darwin'
      ? [path.join(bin, '..', '..', '..', 'MacOS', 'Electron'), path.join(bin, '..', '..', '..', 'MacOS', 'Code')]
      : process.platform === 'win32'
        ? [path.join(bin, '..', 'Code.exe')]
        : [path.join(bin, '..', 'code')];
  return candidates.map((c) => path.resolve(c)).find((c) => fs.existsSync(c) && fs.statSync(c).isFile());
}

export function hostFacts(preference: HostPreference, vscodeExecutable: string | undefined): HostFacts {
  return {
    preference,
    vscodeExecutable,
    desktopCode: findDesktopCode(),
    platform: process.platform,
    hasDisplay: Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY),
  };
}
