/**
 * The system-package check that comes first: `npm test` and `npm start` run it as their `pretest` and
 * `prestart` hooks (`node --import tsx scripts/host/preflight.ts test|start`), before compiling,
 * packaging or installing code-server, and the extension-host and UI test runners run it again for
 * themselves (a no-op when nothing is missing) so that they also work when started alone.
 * KI_SYSTEM_DEPS=check reports what is missing without installing; KI_SYSTEM_DEPS=off skips the check.
 */
import { codeServerInstalled } from './codeServer';
import { chooseHost, hostFacts } from './hostSelection';
import { knobs } from './settings';
import { commandName, ensureRequirements, systemEffects, type Purpose } from './systemDeps';

/** Installs (or stops naming) what `purpose` needs; `host` is the VS Code the caller chose, if it already chose one. */
export function ensureSystemPackages(purpose: Purpose, host?: 'code-server' | 'electron'): void {
  const mode = knobs().systemDeps;
  if (mode === 'off') return;
  ensureRequirements(
    {
      purpose,
      host: host ?? chooseHost(hostFacts(knobs().host, knobs().vscodeExecutable)).kind,
      codeServerInstalled: codeServerInstalled(),
      chromiumPath: knobs().chromiumPath,
    },
    systemEffects(mode === 'check'),
  );
}

function parsePurpose(arg: string | undefined): Purpose {
  if (arg === 'test' || arg === 'start' || arg === 'integration' || arg === 'e2e') return arg;
  throw new Error(`usage: preflight.ts test|start|integration|e2e (got ${arg ?? 'nothing'})`);
}

if (require.main === module) {
  try {
    const purpose = parsePurpose(process.argv[2]);
    ensureSystemPackages(purpose);
    if (knobs().systemDeps !== 'off') console.log(`system packages for ${commandName(purpose)}: all present`);
  } catch (e) {
    console.error(`\n${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  }
}
