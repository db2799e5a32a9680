/** `npm run host:install`: installs the code-server test host now rather than on first use. */
import { codeServerVersion, ensureCodeServer } from './codeServer';
import { installSignalHandlers, runCleanups } from './processes';
import { knobs } from './settings';

async function main(): Promise<number> {
  installSignalHandlers();
  knobs(); // a malformed environment variable fails here, before anything is started
  const bin = await ensureCodeServer();
  console.log(`code-server ready: ${bin}\n${codeServerVersion(bin)}`);
  return 0;
}

main()
  .catch((e: unknown) => {
    console.error(e instanceof Error ? e.message : String(e));
    return 1;
  })
  .then(async (code) => {
    await runCleanups();
    process.exit(code);
  });
