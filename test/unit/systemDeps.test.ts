import * as assert from 'node:assert/strict';
import {
  ensureRequirements,
  installCommand,
  planInstall,
  requirementsFor,
  type Access,
  type Effects,
  type Probe,
  type Situation,
} from '../../scripts/host/systemDeps';

/** A machine with exactly these commands, files and python modules; dpkg knows nothing else. */
function machine(have: {
  commands?: string[];
  files?: string[];
  modules?: string[];
  debs?: string[];
}): Probe & { add(what: Partial<typeof have>): void } {
  const commands = new Set(have.commands ?? []);
  const files = new Set(have.files ?? []);
  const modules = new Set(have.modules ?? []);
  const debs = new Set(have.debs ?? []);
  return {
    command: (name) => commands.has(name),
    file: (path) => files.has(path),
    pythonImports: (module) => modules.has(module),
    debInstalled: (pkg) => debs.has(pkg),
    add(what) {
      what.commands?.forEach((c) => commands.add(c));
      what.files?.forEach((f) => files.add(f));
      what.modules?.forEach((m) => modules.add(m));
      what.debs?.forEach((d) => debs.add(d));
    },
  };
}

/** Everything the test command needs. */
const complete = {
  commands: ['rg', 'make', 'g++', 'python3'],
  files: ['/usr/bin/chromium', '/usr/include/gssapi/gssapi.h', '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf'],
  modules: ['numpy', 'scipy'],
};
/** A fresh Debian with node and npm only. */
const fresh = { commands: [], files: [], modules: [] };

/** What apt-get would provide for each package, to make a fake install real for the probe. */
const provides: Record<string, Parameters<ReturnType<typeof machine>['add']>[0]> = {
  chromium: { files: ['/usr/bin/chromium'] },
  ripgrep: { commands: ['rg'] },
  'libkrb5-dev': { files: ['/usr/include/gssapi/gssapi.h'] },
  make: { commands: ['make'] },
  'g++': { commands: ['g++'] },
  python3: { commands: ['python3'] },
  'fonts-dejavu-core': { files: ['/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf'] },
  'python3-numpy': { modules: ['numpy'] },
  'python3-scipy': { modules: ['scipy'] },
};

const test_: Situation = { purpose: 'test', host: 'code-server', codeServerInstalled: false, chromiumPath: undefined };
const rootAccess: Access = { aptGet: true, root: true, sudo: true, passwordlessSudo: false, checkOnly: false };

function effects(probe: ReturnType<typeof machine>, access: Access, opts: { failAt?: number; installs?: boolean } = {}) {
  const ran: string[][] = [];
  const logged: string[] = [];
  let accessAsked = 0;
  const fx: Effects = {
    probe,
    access: () => {
      accessAsked += 1;
      return access;
    },
    run: (argv) => {
      ran.push([...argv]);
      if (opts.failAt === ran.length) return 100;
      const i = argv.indexOf('install');
      if (i >= 0 && opts.installs !== false) {
        for (const pkg of argv.slice(i + 1).filter((a) => !a.startsWith('-'))) probe.add(provides[pkg] ?? {});
      }
      return 0;
    },
    log: (line) => logged.push(line),
  };
  return { fx, ran, logged, accessAsked: () => accessAsked };
}

function packagesOf(s: Situation): string[] {
  return requirementsFor(s).map((r) => r.pkg);
}

suite('system packages: what each command needs', () => {
  test('npm test on a machine without code-server needs the browser, fonts, build tools and numpy/scipy', () => {
    assert.deepEqual(packagesOf(test_), [
      'chromium',
      'fonts-dejavu-core',
      'ripgrep',
      'libkrb5-dev',
      'make',
      'g++',
      'python3',
      'python3-numpy',
      'python3-scipy',
    ]);
  });

  test('once code-server is installed, its build tools are no longer needed', () => {
    assert.deepEqual(packagesOf({ ...test_, codeServerInstalled: true }), [
      'chromium',
      'fonts-dejavu-core',
      'python3',
      'python3-numpy',
      'python3-scipy',
    ]);
  });

  test('CHROMIUM_PATH set means chromium need not be installed', () => {
    assert.ok(!packagesOf({ ...test_, chromiumPath: '/opt/chrome/chrome' }).includes('chromium'));
    assert.ok(
      !packagesOf({ purpose: 'e2e', host: 'code-server', codeServerInstalled: true, chromiumPath: '/opt/chrome/chrome' }).includes(
        'chromium',
      ),
    );
  });

  test('npm start needs only what the code-server install builds with, and nothing with a desktop VS Code', () => {
    const start: Situation = { purpose: 'start', host: 'code-server', codeServerInstalled: false, chromiumPath: undefined };
    assert.deepEqual(packagesOf(start), ['ripgrep', 'libkrb5-dev', 'make', 'g++', 'python3']);
    assert.deepEqual(packagesOf({ ...start, codeServerInstalled: true }), []);
    assert.deepEqual(packagesOf({ ...start, host: 'electron' }), []);
  });

  test('the extension-host tests need the browser only in code-server; the UI tests always', () => {
    const integration: Situation = { purpose: 'integration', host: 'electron', codeServerInstalled: false, chromiumPath: undefined };
    assert.deepEqual(packagesOf(integration), []);
    assert.deepEqual(packagesOf({ ...integration, host: 'code-server', codeServerInstalled: true }), ['chromium']);
    assert.deepEqual(packagesOf({ ...integration, purpose: 'e2e', codeServerInstalled: true }), ['chromium', 'fonts-dejavu-core']);
  });

  test('numpy or scipy installed by pip (not by dpkg) counts as present', () => {
    const probe = machine({ ...complete, modules: [] });
    const missing = requirementsFor(test_)
      .filter((r) => !r.present(probe))
      .map((r) => r.pkg);
    assert.deepEqual(missing, ['python3-numpy', 'python3-scipy']);
    probe.add({ modules: ['numpy', 'scipy'] });
    assert.deepEqual(
      requirementsFor(test_).filter((r) => !r.present(probe)),
      [],
    );
  });
});

suite('system packages: how the missing ones are installed', () => {
  const chromiumOnly = requirementsFor(test_).filter((r) => r.pkg === 'chromium');

  test('nothing missing: nothing to do', () => {
    assert.deepEqual(planInstall([], { ...rootAccess, aptGet: false }), { kind: 'nothing' });
  });

  test('as root, apt-get runs directly; otherwise through passwordless sudo', () => {
    assert.deepEqual(planInstall(chromiumOnly, rootAccess), { kind: 'install', packages: ['chromium'], via: 'root' });
    assert.deepEqual(planInstall(chromiumOnly, { ...rootAccess, root: false, passwordlessSudo: true }), {
      kind: 'install',
      packages: ['chromium'],
      via: 'sudo',
    });
  });

  test('impossible without apt-get, without root or passwordless sudo, or when told only to check', () => {
    const noSudo = planInstall(chromiumOnly, { ...rootAccess, root: false });
    assert.equal(noSudo.kind, 'impossible');
    assert.match(noSudo.kind === 'impossible' ? noSudo.reason : '', /not root and sudo asks for a password/);
    assert.equal(planInstall(chromiumOnly, { ...rootAccess, aptGet: false }).kind, 'impossible');
    assert.equal(planInstall(chromiumOnly, { ...rootAccess, checkOnly: true }).kind, 'impossible');
  });

  test('the command to type uses sudo unless root', () => {
    assert.equal(
      installCommand(['chromium', 'ripgrep'], true),
      'apt-get update && apt-get install -y --no-install-recommends chromium ripgrep',
    );
    assert.equal(installCommand(['chromium'], false), 'sudo apt-get update && sudo apt-get install -y --no-install-recommends chromium');
  });
});

suite('system packages: the check as run', () => {
  test('everything present: no access probing, no apt-get, no output', () => {
    const { fx, ran, logged, accessAsked } = effects(machine(complete), rootAccess);
    ensureRequirements(test_, fx);
    assert.deepEqual(ran, []);
    assert.deepEqual(logged, []);
    assert.equal(accessAsked(), 0);
  });

  test('as root on a fresh machine: apt-get update, then one install of every missing package, said and explained', () => {
    const { fx, ran, logged } = effects(machine(fresh), rootAccess);
    ensureRequirements(test_, fx);
    assert.deepEqual(ran, [
      ['apt-get', 'update', '-q'],
      [
        'apt-get',
        'install',
        '-y',
        '-q',
        '--no-install-recommends',
        'chromium',
        'fonts-dejavu-core',
        'ripgrep',
        'libkrb5-dev',
        'make',
        'g++',
        'python3',
        'python3-numpy',
        'python3-scipy',
      ],
    ]);
    const out = logged.join('\n');
    assert.match(out, /npm test needs Debian packages that are not installed/);
    assert.match(out, /- chromium: the headless browser/);
    assert.match(out, /installed: chromium fonts-dejavu-core/);
  });

  test('only the missing packages are installed, through sudo -n when not root', () => {
    const probe = machine({ ...complete, files: complete.files.filter((f) => f !== '/usr/bin/chromium') });
    const { fx, ran, logged } = effects(probe, { ...rootAccess, root: false, passwordlessSudo: true });
    ensureRequirements({ ...test_, codeServerInstalled: true }, fx);
    assert.deepEqual(ran, [
      ['sudo', '-n', 'DEBIAN_FRONTEND=noninteractive', 'apt-get', 'update', '-q'],
      ['sudo', '-n', 'DEBIAN_FRONTEND=noninteractive', 'apt-get', 'install', '-y', '-q', '--no-install-recommends', 'chromium'],
    ]);
    assert.match(logged.join('\n'), /through sudo: chromium/);
  });

  test('not root and no passwordless sudo: stops before anything runs, giving the exact command', () => {
    const { fx, ran } = effects(machine({ ...complete, files: [] }), { ...rootAccess, root: false });
    assert.throws(
      () => ensureRequirements({ ...test_, codeServerInstalled: true }, fx),
      (e: Error) => {
        assert.match(e.message, /npm test needs Debian packages that are not installed:\n {2}- chromium: .*\n {2}- fonts-dejavu-core: /);
        assert.match(e.message, /not root and sudo asks for a password/);
        assert.ok(
          e.message.includes('\n  sudo apt-get update && sudo apt-get install -y --no-install-recommends chromium fonts-dejavu-core\n'),
          e.message,
        );
        assert.match(e.message, /then run npm test again/);
        return true;
      },
    );
    assert.deepEqual(ran, []);
  });

  test('not root and no sudo at all: the command is to be run as root', () => {
    const { fx, ran } = effects(machine({ ...complete, files: complete.files.slice(1) }), { ...rootAccess, root: false, sudo: false });
    assert.throws(
      () => ensureRequirements(test_, fx),
      /sudo is not installed\)\. Run as root:\n\n {2}apt-get update && apt-get install -y --no-install-recommends chromium\n/,
    );
    assert.deepEqual(ran, []);
  });

  test('no apt-get: stops with the Debian command and says why', () => {
    const { fx, ran } = effects(machine({}), { ...rootAccess, aptGet: false });
    assert.throws(
      () => ensureRequirements({ purpose: 'start', host: 'code-server', codeServerInstalled: false, chromiumPath: undefined }, fx),
      /apt-get is not available here[\s\S]*apt-get install -y --no-install-recommends ripgrep libkrb5-dev make g\+\+ python3\n[\s\S]*npm start again/,
    );
    assert.deepEqual(ran, []);
  });

  test('CHROMIUM_PATH naming a missing file stops at once; naming a browser skips chromium', () => {
    const { fx, ran } = effects(machine({ ...complete, files: [] }), rootAccess);
    const situation: Situation = { purpose: 'integration', host: 'code-server', codeServerInstalled: true, chromiumPath: '/opt/chrome' };
    assert.throws(() => ensureRequirements(situation, fx), /CHROMIUM_PATH=\/opt\/chrome does not exist/);
    const withChrome = effects(machine({ files: ['/opt/chrome'] }), rootAccess);
    ensureRequirements(situation, withChrome.fx);
    assert.deepEqual(withChrome.ran, []);
    assert.deepEqual(ran, []);
  });

  test('a failing apt-get stops the run with the command to retry by hand', () => {
    const { fx, ran } = effects(machine(complete), rootAccess, { failAt: 1 });
    assert.throws(
      () =>
        ensureRequirements(
          { ...test_, chromiumPath: undefined },
          { ...fx, probe: machine({ ...complete, files: complete.files.slice(1) }) },
        ),
      /`apt-get update -q` failed \(exit code 100\)[\s\S]*apt-get update && apt-get install -y --no-install-recommends chromium/,
    );
    assert.equal(ran.length, 1);
  });

  test('a package apt-get reports installed but whose files are absent is reported, not looped on', () => {
    const { fx } = effects(machine({ ...complete, files: complete.files.slice(1) }), rootAccess, { installs: false });
    assert.throws(() => ensureRequirements(test_, fx), /still missing after apt-get installed chromium[\s\S]*--reinstall chromium/);
  });
});
