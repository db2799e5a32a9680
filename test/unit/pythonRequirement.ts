/**
 * Checks against python3 (and numpy, scipy) start with `requirePython(this, ...modules)`. Where python3
 * or a module is missing the test is skipped, so mocha lists it as pending, with the reason printed;
 * under CI=true it fails instead: CI installs them, and a check that did not run must not pass there.
 */
import { spawnSync } from 'node:child_process';

/** Why python3 cannot import the modules (probed once per set), or undefined when it can. */
const probes = new Map<string, string | undefined>();

function missing(modules: readonly string[]): string | undefined {
  const key = [...modules].sort().join(', ');
  if (!probes.has(key)) {
    const r = spawnSync('python3', ['-c', modules.length > 0 ? `import ${key}` : 'pass'], { encoding: 'utf8' });
    probes.set(key, r.status === 0 ? undefined : r.error ? String(r.error) : r.stderr.trim().split('\n').pop() || `exit ${r.status}`);
  }
  return probes.get(key);
}

/** Skips the calling test (pending) when python3 with `modules` is missing; fails it under CI=true. */
export function requirePython(ctx: Mocha.Context, ...modules: string[]): void {
  const why = missing(modules);
  if (why === undefined) return;
  const message = `python3${modules.length > 0 ? ` with ${modules.join(', ')}` : ''} is not available here (${why})`;
  if (process.env.CI === 'true') throw new Error(`${message}; CI=true requires it`);
  console.log(`      SKIPPED: ${message}`);
  ctx.skip();
}
