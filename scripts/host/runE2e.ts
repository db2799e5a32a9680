/**
 * `npm run test:e2e`: UI tests in a real workbench. Installs the packaged .vsix into a fresh extensions
 * folder, opens a copy of samples/ in code-server with test settings (autosave off, no welcome page, no
 * telemetry), drives it from headless Chromium with playwright-core and keeps screenshots in artifacts/.
 * Prints `e2e: N passed, N failed`.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';
import { launchChromium } from './chromium';
import {
  codeServerVersion,
  ensureCodeServer,
  installExtension,
  startCodeServer,
  TEST_USER_SETTINGS,
  writeUserSettings,
} from './codeServer';
import { ensureSystemPackages } from './preflight';
import { installSignalHandlers, interruptedBy, onCleanup, runCleanups } from './processes';
import { knobs, projectRoot } from './settings';
import { copyFolder, makeTmp } from './tmp';
import { setSession, session } from '../../test/e2e/session';

const e2eDir = path.join(projectRoot, 'test', 'e2e');
const artifactsDir = path.join(projectRoot, 'artifacts');

interface Manifest {
  readonly name: string;
  readonly publisher: string;
  readonly version: string;
}

function packagedVsix(manifest: Manifest): string {
  const vsix = path.join(projectRoot, `${manifest.name}-${manifest.version}.vsix`);
  if (!fs.existsSync(vsix)) throw new Error(`${path.basename(vsix)} is missing: package the extension first (npm run package)`);
  return vsix;
}

function slug(text: string): string {
  return text
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 80);
}

async function main(): Promise<number> {
  installSignalHandlers();
  knobs(); // a malformed environment variable fails here, before anything is started
  const manifest = JSON.parse(fs.readFileSync(path.join(projectRoot, 'package.json'), 'utf8')) as Manifest;
  const vsix = packagedVsix(manifest);
  ensureSystemPackages('e2e');
  const browser = await launchChromium();
  const bin = await ensureCodeServer();

  const tmp = makeTmp('ki-e2e-');
  const profile = { extensionsDir: path.join(tmp, 'extensions'), userDataDir: path.join(tmp, 'data') };
  await installExtension(bin, profile, vsix);
  writeUserSettings(profile, TEST_USER_SETTINGS);
  const workspace = copyFolder(path.join(projectRoot, 'samples'), path.join(tmp, 'samples'));
  const server = await startCodeServer({ bin, profile, echo: knobs().serverLog });
  console.log(
    `host: code-server ${codeServerVersion(bin)} at http://${server.authority}/ with ${path.basename(vsix)} installed, driven by headless Chromium ${browser.version()}`,
  );

  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
  onCleanup(() => context.close().catch(() => undefined));
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  if (knobs().browserConsole) page.on('console', (m) => console.log(`[browser ${m.type()}] ${m.text()}`));
  fs.mkdirSync(artifactsDir, { recursive: true });
  // Screenshots of an earlier run would pass for this run's.
  for (const old of fs.readdirSync(artifactsDir).filter((f) => f.startsWith('e2e-') && f.endsWith('.png'))) {
    fs.rmSync(path.join(artifactsDir, old));
  }
  setSession({
    page,
    workbenchUrl: server.workbenchUrl(workspace),
    workspace,
    extensionsDir: profile.extensionsDir,
    artifactsDir,
    extensionId: `${manifest.publisher}.${manifest.name}`.toLowerCase(),
    extensionVersion: manifest.version,
    setUserSettings: (extra) => writeUserSettings(profile, { ...TEST_USER_SETTINGS, ...extra }),
  });

  const mocha = new Mocha({
    ui: 'tdd',
    reporter: 'spec',
    timeout: knobs().e2eTestTimeoutMs,
    ...(knobs().e2eGrep !== undefined ? { grep: knobs().e2eGrep } : {}),
    rootHooks: {
      // A failing UI test leaves a picture of the workbench behind.
      async afterEach(this: Mocha.Context) {
        const test = this.currentTest;
        if (test?.state !== 'failed' || interruptedBy()) return;
        const file = path.join(artifactsDir, `e2e-failure-${slug(test.fullTitle())}.png`);
        await session()
          .page.screenshot({ path: file })
          .then(
            () => console.log(`      screenshot of the failure: ${path.relative(projectRoot, file)}`),
            () => undefined,
          );
      },
    },
  });
  for (const file of fs
    .readdirSync(e2eDir)
    .filter((f) => f.endsWith('.test.ts'))
    .sort()) {
    mocha.addFile(path.join(e2eDir, file));
  }
  const stats = await new Promise<{ passed: number; failed: number }>((resolve) => {
    const runner = mocha.run((failed) => resolve({ passed: runner.stats?.passes ?? 0, failed }));
  });
  setSession(undefined);
  if (interruptedBy()) return 130;
  const shots = fs.readdirSync(artifactsDir).filter((f) => f.startsWith('e2e-') && f.endsWith('.png'));
  if (shots.length > 0) console.log(`screenshots in ${path.relative(projectRoot, artifactsDir)}/: ${shots.join(', ')}`);
  console.log(`\ne2e: ${stats.passed} passed, ${stats.failed} failed`);
  return stats.failed > 0 ? 1 : 0;
}

main()
  .catch((e: unknown) => {
    if (interruptedBy()) return 130;
    console.error(`the UI tests could not run: ${e instanceof Error ? e.message : String(e)}`);
    console.log('e2e: 0 passed, 1 failed');
    return 1;
  })
  .then(async (code) => {
    await runCleanups();
    process.exit(code);
  });
