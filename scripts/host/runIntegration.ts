/**
 * `npm run test:integration`: runs each suite of test/integration in a real VS Code extension host with
 * the real `vscode` API, one window per suite, against the built extension in dist/ (the project root is
 * the extensionDevelopmentPath). Prints `extension-host tests: N passed, N failed` and exits non-zero
 * when anything failed, timed out or could not start.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildIntegrationTests, buildWebTests, integrationOutDir, integrationSourceDir } from './buildIntegrationTests';
import { launchChromium } from './chromium';
import { codeServerVersion, ensureCodeServer, startCodeServer, TEST_USER_SETTINGS, writeUserSettings } from './codeServer';
import { desktopExecutable, runInDesktop } from './desktop';
import { chooseHost, hostFacts } from './hostSelection';
import { ensureSystemPackages } from './preflight';
import { installSignalHandlers, interruptedBy, runCleanups } from './processes';
import { knobs, projectRoot } from './settings';
import { copyFolder, makeTmp } from './tmp';
import { runInWorkbench } from './webWorkbench';

interface SuiteResults {
  readonly passed: number;
  readonly failed: number;
  readonly failures: readonly string[];
}

/** Runs one suite: (suite name, compiled index.js, workspace folder) → exit code. */
type SuiteRunner = (suite: string, testsPath: string, workspace: string) => Promise<number>;

function requireBuiltExtension(): void {
  for (const file of ['dist/extension.js', 'dist/webview/main.js']) {
    if (!fs.existsSync(path.join(projectRoot, file))) throw new Error(`${file} is missing: build the extension first (node esbuild.js)`);
  }
}

function readResults(file: string): SuiteResults | undefined {
  try {
    const value = JSON.parse(fs.readFileSync(file, 'utf8')) as SuiteResults;
    return typeof value.passed === 'number' && typeof value.failed === 'number' ? value : undefined;
  } catch {
    return undefined;
  }
}

/** Runs the web worker host's suite (test/web) and returns its counts; absent where there is no web workbench. */
type WebSuiteRunner = (testsPath: string, workspace: string) => Promise<SuiteResults>;

interface Hosts {
  readonly runSuite: SuiteRunner;
  readonly runWebSuite?: WebSuiteRunner;
  readonly webAbsence?: string;
}

/** KI_SUITES names the web worker host's suite so. */
const WEB_SUITE = 'web';

/** The manifest, for the extension's id. */
const extensionManifest = JSON.parse(fs.readFileSync(path.join(projectRoot, 'package.json'), 'utf8')) as {
  publisher?: unknown;
  name?: unknown;
};

/** The mark test/web/index.ts prints its counts after (it has no file system to write them to). */
const WEB_RESULTS_MARK = 'KI_WEB_RESULTS ';

async function prepareHost(tmp: string, resultsFile: string): Promise<Hosts> {
  const choice = chooseHost(hostFacts(knobs().host, knobs().vscodeExecutable));
  ensureSystemPackages('integration', choice.kind);
  if (choice.kind === 'electron') {
    const executable = await desktopExecutable(choice.executable);
    console.log(`host: desktop VS Code ${executable} via the extension test CLI (${choice.reason})`);
    return {
      runSuite: (suite, testsPath, workspace) =>
        runInDesktop({
          executable,
          testsPath,
          workspace,
          profileDir: path.join(tmp, `profile-${suite}`),
          env: { KI_RESULTS_FILE: resultsFile },
        }),
      webAbsence: 'the desktop VS Code has no web worker extension host; run with KI_HOST=code-server for it',
    };
  }
  // Fail fast on a missing browser before spending a minute and a half installing code-server.
  const browser = await launchChromium();
  const bin = await ensureCodeServer();
  const profile = { extensionsDir: path.join(tmp, 'extensions'), userDataDir: path.join(tmp, 'data') };
  writeUserSettings(profile, TEST_USER_SETTINGS);
  // The server's environment reaches the extension host's process.env.
  const server = await startCodeServer({ bin, profile, env: { KI_RESULTS_FILE: resultsFile }, echo: knobs().serverLog });
  console.log(
    `host: code-server ${codeServerVersion(bin)} at http://${server.authority}/, driven by headless Chromium ${browser.version()} (${choice.reason})`,
  );
  const runSuite: SuiteRunner = (suite, testsPath, workspace) => runInWorkbench({ browser, server, testsPath, workspace, label: suite });
  const runWebSuite: WebSuiteRunner = async (testsPath, workspace) => {
    // With a `main` and a `browser` entry, code-server runs the Node one; this user setting moves the
    // extension to the web worker host (for the extension under development too).
    const id = `${String(extensionManifest.publisher)}.${String(extensionManifest.name)}`;
    writeUserSettings(profile, { ...TEST_USER_SETTINGS, 'remote.extensionKind': { [id]: ['web'] } });
    let reported: SuiteResults | undefined;
    const onLog = (text: string): void => {
      const at = text.indexOf(WEB_RESULTS_MARK);
      if (at >= 0) reported = JSON.parse(text.slice(at + WEB_RESULTS_MARK.length)) as SuiteResults;
    };
    try {
      const code = await runInWorkbench({ browser, server, testsPath, workspace, label: 'web', onLog });
      if (reported === undefined) {
        return { passed: 0, failed: 1, failures: [`the web suite reported no results (exit ${code}; did it load?)`] };
      }
      return reported;
    } finally {
      writeUserSettings(profile, TEST_USER_SETTINGS);
    }
  };
  return { runSuite, runWebSuite };
}

async function main(): Promise<number> {
  installSignalHandlers();
  knobs(); // a malformed environment variable fails here, before anything is started
  requireBuiltExtension();
  const built = await buildIntegrationTests();
  const wanted = knobs().suites;
  const unknown = wanted.filter((w) => !built.includes(w) && w !== WEB_SUITE);
  if (unknown.length > 0) throw new Error(`KI_SUITES names ${unknown.join(', ')}; the suites are ${[...built, WEB_SUITE].join(', ')}`);
  const suites = wanted.length > 0 ? built.filter((s) => wanted.includes(s)) : built;
  const withWeb = wanted.length === 0 || wanted.includes(WEB_SUITE);
  const webTests = withWeb ? await buildWebTests() : undefined;
  const tmp = makeTmp('ki-integration-');
  const resultsFile = path.join(tmp, 'results.json');
  const { runSuite, runWebSuite, webAbsence } = await prepareHost(tmp, resultsFile);

  let passed = 0;
  let failed = 0;
  const problems: string[] = [];
  for (const suite of suites) {
    if (interruptedBy()) break;
    console.log(`\n[${suite}]`);
    fs.rmSync(resultsFile, { force: true });
    const workspace = copyFolder(path.join(integrationSourceDir, 'workspace'), path.join(tmp, `workspace-${suite}`));
    let code: number;
    try {
      code = await runSuite(suite, path.join(integrationOutDir, suite, 'index.js'), workspace);
    } catch (e) {
      if (interruptedBy()) break;
      failed += 1;
      problems.push(`${suite}: ${e instanceof Error ? e.message : String(e)}`);
      continue;
    }
    const results = readResults(resultsFile);
    if (!results) {
      failed += 1;
      problems.push(`${suite}: the host exited with code ${code} and the tests reported no results (did they load?)`);
      continue;
    }
    passed += results.passed;
    failed += results.failed;
    problems.push(...results.failures.map((f) => `${suite}: ${f}`));
    if (code !== 0 && results.failed === 0) {
      failed += 1;
      problems.push(`${suite}: the host reported exit code ${code} although no test failed`);
    }
  }
  const nodeCounts = { passed, failed };
  let webLine = 'web worker host: not run';
  if (webTests !== undefined && !interruptedBy()) {
    if (runWebSuite === undefined) {
      webLine = `web worker host: not run (${webAbsence ?? 'no web workbench'})`;
    } else {
      console.log(`\n[${WEB_SUITE}] the browser entry, in the web worker extension host`);
      const workspace = copyFolder(path.join(integrationSourceDir, 'workspace'), path.join(tmp, `workspace-${WEB_SUITE}`));
      try {
        const results = await runWebSuite(webTests, workspace);
        passed += results.passed;
        failed += results.failed;
        problems.push(...results.failures.map((f) => `${WEB_SUITE}: ${f}`));
        webLine = `web worker host: ${results.passed} passed, ${results.failed} failed`;
      } catch (e) {
        if (!interruptedBy()) {
          failed += 1;
          problems.push(`${WEB_SUITE}: ${e instanceof Error ? e.message : String(e)}`);
          webLine = 'web worker host: could not run';
        }
      }
    }
  }
  // The signal handler reports and exits once everything is stopped.
  if (interruptedBy()) return 130;
  if (problems.length > 0) console.error(`\nfailures:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  console.log(`\nNode extension host: ${nodeCounts.passed} passed, ${nodeCounts.failed} failed; ${webLine}`);
  console.log(`extension-host tests: ${passed} passed, ${failed} failed`);
  return failed > 0 ? 1 : 0;
}

main()
  .catch((e: unknown) => {
    if (interruptedBy()) return 130;
    console.error(`extension-host tests could not run: ${e instanceof Error ? e.message : String(e)}`);
    console.log('extension-host tests: 0 passed, 1 failed');
    return 1;
  })
  .then(async (code) => {
    await runCleanups();
    process.exit(code);
  });
