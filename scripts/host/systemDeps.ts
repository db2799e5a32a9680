/**
 * The Debian packages that `npm test` and `npm start` need from the system, checked before any long work
 * starts. Missing ones are installed with apt-get (as root, or through `sudo -n` otherwise), saying which
 * and why; where that cannot be done (no apt-get, not root and no passwordless sudo, KI_SYSTEM_DEPS=check)
 * the run stops at once with the exact command to run. Nothing is installed when everything is present.
 *
 * The decisions (what is needed, what is missing, how to install it) are pure functions of injected
 * facts and probes; `systemProbe()` and `systemAccess()` are the real ones.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { which } from './processes';

/** Where a Chromium or Chrome is looked for when CHROMIUM_PATH is unset (the Debian package installs the first). */
export const CHROMIUM_CANDIDATES: readonly string[] = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
];

/** What can be asked of the machine; injected so that the decisions can be tested without it. */
export interface Probe {
  /** Whether an executable of this name is on PATH. */
  command(name: string): boolean;
  file(path: string): boolean;
  /** Whether `python3 -c "import <module>"` succeeds. */
  pythonImports(module: string): boolean;
  /** Whether dpkg lists the package as installed. */
  debInstalled(pkg: string): boolean;
}

export interface Requirement {
  /** The Debian package that provides it. */
  readonly pkg: string;
  /** What it is needed for, as printed. */
  readonly why: string;
  present(probe: Probe): boolean;
}

const chromium: Requirement = {
  pkg: 'chromium',
  why: 'the headless browser that drives the web workbench (extension-host and UI tests; or set CHROMIUM_PATH)',
  present: (p) => CHROMIUM_CANDIDATES.some((c) => p.file(c)),
};
const fonts: Requirement = {
  pkg: 'fonts-dejavu-core',
  why: 'legible text in the UI tests’ screenshots',
  present: (p) => p.file('/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf') || p.debInstalled('fonts-dejavu-core'),
};
const python3: Requirement = {
  pkg: 'python3',
  why: 'node-gyp (code-server’s native addons) and the unit tests’ checks against CPython',
  present: (p) => p.command('python3'),
};
const numpy: Requirement = {
  pkg: 'python3-numpy',
  why: 'the unit tests read the written weight files back with numpy',
  present: (p) => p.pythonImports('numpy') || p.debInstalled('python3-numpy'),
};
const scipy: Requirement = {
  pkg: 'python3-scipy',
  why: 'the unit tests compare the initializers with scipy’s',
  present: (p) => p.pythonImports('scipy') || p.debInstalled('python3-scipy'),
};

/** What the one-time npm install of code-server needs (its native addons are built from source). */
export const CODE_SERVER_BUILD: readonly Requirement[] = [
  {
    pkg: 'ripgrep',
    why: 'seeds @vscode/ripgrep in the code-server install (its GitHub download fails offline)',
    present: (p) => p.command('rg'),
  },
  {
    pkg: 'libkrb5-dev',
    why: 'Kerberos headers (gssapi.h) for the kerberos addon of the code-server install',
    present: (p) => p.file('/usr/include/gssapi/gssapi.h') || p.file('/usr/include/krb5.h'),
  },
  { pkg: 'make', why: 'node-gyp, building code-server’s native addons', present: (p) => p.command('make') },
  { pkg: 'g++', why: 'node-gyp, building code-server’s native addons', present: (p) => p.command('g++') || p.command('c++') },
  python3,
];

/** Which command is being prepared for: the two README commands, and the two runners run alone. */
export type Purpose = 'test' | 'start' | 'integration' | 'e2e';

export interface Situation {
  readonly purpose: Purpose;
  /** Which VS Code the extension-host tests (`integration`) or `npm start` would use. */
  readonly host: 'code-server' | 'electron';
  /** Whether `.cache/code-server` already holds a complete install (then nothing needs building). */
  readonly codeServerInstalled: boolean;
  /** CHROMIUM_PATH, when set: that browser is used and chromium need not be installed. */
  readonly chromiumPath: string | undefined;
}

/** The requirements of one command in one situation, without duplicates, in a stable order. */
export function requirementsFor(s: Situation): Requirement[] {
  const { purpose } = s;
  // The UI tests always run in code-server; the extension-host tests and `npm start` only without a desktop VS Code.
  const codeServer = purpose === 'test' || purpose === 'e2e' || s.host === 'code-server';
  const browser = (purpose === 'test' || purpose === 'e2e' || (purpose === 'integration' && s.host === 'code-server')) && !s.chromiumPath;
  const list: Requirement[] = [];
  if (browser) list.push(chromium);
  if (purpose === 'test' || purpose === 'e2e') list.push(fonts);
  if (codeServer && !s.codeServerInstalled) list.push(...CODE_SERVER_BUILD);
  if (purpose === 'test') list.push(python3, numpy, scipy);
  return list.filter((r, i) => list.indexOf(r) === i);
}

export function missingRequirements(requirements: readonly Requirement[], probe: Probe): Requirement[] {
  return requirements.filter((r) => !r.present(probe));
}

/** Who may run apt-get here. */
export interface Access {
  readonly aptGet: boolean;
  readonly root: boolean;
  /** sudo is on PATH. */
  readonly sudo: boolean;
  /** `sudo -n true` succeeds (sudo without a password prompt). */
  readonly passwordlessSudo: boolean;
  /** KI_SYSTEM_DEPS=check: report what is missing, install nothing. */
  readonly checkOnly: boolean;
}

export type Plan =
  | { readonly kind: 'nothing' }
  | { readonly kind: 'install'; readonly packages: readonly string[]; readonly via: 'root' | 'sudo' }
  | { readonly kind: 'impossible'; readonly packages: readonly string[]; readonly reason: string };

export function planInstall(missing: readonly Requirement[], access: Access): Plan {
  const packages = missing.map((r) => r.pkg).filter((p, i, all) => all.indexOf(p) === i);
  if (packages.length === 0) return { kind: 'nothing' };
  if (access.checkOnly) return { kind: 'impossible', packages, reason: 'KI_SYSTEM_DEPS=check: nothing is installed automatically' };
  if (!access.aptGet) return { kind: 'impossible', packages, reason: 'apt-get is not available here' };
  if (access.root) return { kind: 'install', packages, via: 'root' };
  if (access.passwordlessSudo) return { kind: 'install', packages, via: 'sudo' };
  const reason = access.sudo ? 'this user is not root and sudo asks for a password' : 'this user is not root and sudo is not installed';
  return { kind: 'impossible', packages, reason };
}

/** The command a person types to install the packages (with sudo unless already root). */
export function installCommand(packages: readonly string[], root: boolean): string {
  const sudo = root ? '' : 'sudo ';
  return `${sudo}apt-get update && ${sudo}apt-get install -y --no-install-recommends ${packages.join(' ')}`;
}

/** The argument vectors that install the packages, run in this order. */
export function installSteps(packages: readonly string[], via: 'root' | 'sudo'): string[][] {
  const prefix = via === 'sudo' ? ['sudo', '-n', 'DEBIAN_FRONTEND=noninteractive'] : [];
  return [
    [...prefix, 'apt-get', 'update', '-q'],
    [...prefix, 'apt-get', 'install', '-y', '-q', '--no-install-recommends', ...packages],
  ];
}

function listMissing(missing: readonly Requirement[]): string {
  return missing.map((r) => `  - ${r.pkg}: ${r.why}`).join('\n');
}

/** How the command being prepared is named in messages. */
export function commandName(purpose: Purpose): string {
  return purpose === 'test' || purpose === 'start' ? `npm ${purpose}` : `npm run test:${purpose}`;
}

export interface Effects {
  readonly probe: Probe;
  readonly access: () => Access;
  /** Runs one argument vector with inherited output; returns its exit code. */
  readonly run: (argv: readonly string[]) => number;
  readonly log: (line: string) => void;
}

/**
 * Makes sure the situation's requirements are present: returns quietly when they are, installs the
 * missing ones when it can, and otherwise throws an error whose message gives the command to run.
 */
export function ensureRequirements(s: Situation, fx: Effects): void {
  const name = commandName(s.purpose);
  if (s.chromiumPath !== undefined && !fx.probe.file(s.chromiumPath)) {
    throw new Error(`CHROMIUM_PATH=${s.chromiumPath} does not exist: point it to a Chromium or Chrome executable, or unset it`);
  }
  const missing = missingRequirements(requirementsFor(s), fx.probe);
  if (missing.length === 0) return;
  const access = fx.access();
  const plan = planInstall(missing, access);
  if (plan.kind === 'nothing') return;
  if (plan.kind === 'impossible') {
    // Without sudo the command has to be typed as root.
    const asRoot = !access.root && !access.sudo;
    throw new Error(
      `${name} needs Debian packages that are not installed:\n${listMissing(missing)}\n` +
        `They cannot be installed from here (${plan.reason}). Run${asRoot ? ' as root' : ''}:\n\n` +
        `  ${installCommand(plan.packages, access.root || asRoot)}\n\nthen run ${name} again.`,
    );
  }
  fx.log(`${name} needs Debian packages that are not installed:\n${listMissing(missing)}`);
  fx.log(`installing them with apt-get${plan.via === 'sudo' ? ' through sudo' : ''}: ${plan.packages.join(' ')}`);
  for (const argv of installSteps(plan.packages, plan.via)) {
    fx.log(`$ ${argv.join(' ')}`);
    const code = fx.run(argv);
    if (code !== 0) {
      throw new Error(
        `\`${argv.join(' ')}\` failed (exit code ${code}). Install the packages yourself:\n\n  ${installCommand(plan.packages, access.root)}\n\nthen run ${name} again.`,
      );
    }
  }
  const still = missingRequirements(missing, fx.probe);
  if (still.length > 0) {
    throw new Error(
      `still missing after apt-get installed ${plan.packages.join(' ')}:\n${listMissing(still)}\n` +
        `A package dpkg lists as installed may have lost files; try: ${installCommand(['--reinstall', ...still.map((r) => r.pkg)], access.root)}`,
    );
  }
  fx.log(`installed: ${plan.packages.join(' ')}`);
}

/** The real machine. */
export function systemProbe(): Probe {
  return {
    command: (name) => which(name) !== undefined,
    file: (path) => fs.existsSync(path),
    pythonImports: (module) => spawnSync('python3', ['-c', `import ${module}`], { stdio: 'ignore' }).status === 0,
    debInstalled: (pkg) => {
      const r = spawnSync('dpkg-query', ['-W', '-f=${Status}', pkg], { encoding: 'utf8' });
      return r.status === 0 && r.stdout.includes('install ok installed');
    },
  };
}

export function systemAccess(checkOnly: boolean): Access {
  const root = process.getuid?.() === 0;
  const sudo = which('sudo') !== undefined;
  return {
    aptGet: which('apt-get') !== undefined,
    root,
    sudo,
    passwordlessSudo: !root && sudo && spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore' }).status === 0,
    checkOnly,
  };
}

export function systemEffects(checkOnly: boolean): Effects {
  return {
    probe: systemProbe(),
    access: () => systemAccess(checkOnly),
    run: (argv) => {
      const r = spawnSync(argv[0], argv.slice(1), { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } });
      if (r.error) console.error(`${argv[0]} could not start: ${r.error.message}`);
      return r.status ?? 1;
    },
    log: (line) => console.log(line),
  };
}
