/**
 * Entry point of `keras-init` (dist/cli.js). Ctrl+C or SIGTERM during a write stops it between
 * chunks and removes the temporary file; a second signal exits at once (its temporary is then
 * removed by the next run, once this process is gone).
 */
import { main } from './main';

let interrupted = false;
function onSignal(): void {
  if (interrupted) process.exit(130);
  interrupted = true;
}
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);

main(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  cwd: process.cwd(),
  isInterrupted: () => interrupted,
}).then(
  (status) => {
    process.exitCode = status;
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  },
  (e: unknown) => {
    process.stderr.write(`keras-init: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exitCode = 1;
  },
);
