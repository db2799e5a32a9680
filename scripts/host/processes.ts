/**
 * Process plumbing shared by the test runners and `npm start`: child processes in their own process
 * group (so a server and everything it forks can be stopped together), one cleanup list run on every
 * way out (normal end, error, Ctrl+C, SIGTERM), and bounded polling instead of fixed sleeps.
 */
import { spawn, spawnSync, type ChildProcess, type SpawnOptions } from 'node:child_process';

type Cleanup = () => void | Promise<void>;

const cleanups: Cleanup[] = [];
let cleaning: Promise<void> | undefined;

/** Registers work to undo on exit; cleanups run last-registered first, once. Returns an unregister function. */
export function onCleanup(fn: Cleanup): () => void {
  cleanups.push(fn);
  return () => {
    const i = cleanups.indexOf(fn);
    if (i >= 0) cleanups.splice(i, 1);
  };
}

/** Runs every registered cleanup (idempotent: a second call waits for the first). */
export function runCleanups(): Promise<void> {
  cleaning ??= (async () => {
    while (cleanups.length > 0) {
      const fn = cleanups.pop();
      try {
        await fn?.();
      } catch (e) {
        console.error(`cleanup failed: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
  })();
  return cleaning;
}

let signalsInstalled = false;
let receivedSignal: NodeJS.Signals | undefined;

/** The signal that is stopping this process, if any: work in progress should end quietly. */
export function interruptedBy(): NodeJS.Signals | undefined {
  return receivedSignal;
}

/**
 * Makes Ctrl+C and SIGTERM stop everything this process started. Children are spawned detached
 * (their own process group), so the terminal's SIGINT does not reach them: without this a server
 * would outlive the runner.
 */
export function installSignalHandlers(): void {
  if (signalsInstalled) return;
  signalsInstalled = true;
  for (const [signal, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
    ['SIGHUP', 129],
  ] as const) {
    process.on(signal, () => {
      if (receivedSignal) return;
      receivedSignal = signal;
      console.error(`\n${signal} received: stopping everything that was started`);
      void runCleanups().finally(() => process.exit(code));
    });
  }
}

export interface GroupProcess {
  readonly child: ChildProcess;
  /** Resolves with the exit code (or 128 + signal number) once the leader has exited; 127 when it could not start. */
  readonly exited: Promise<number>;
  /** Why the command could not start (e.g. ENOENT), once `exited` has resolved with 127 for that reason. */
  startError(): Error | undefined;
  /** Sends SIGTERM to the whole group, then SIGKILL if the leader is still there after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

/**
 * Spawns a command as the leader of a new process group and registers its group kill as a cleanup.
 * Killing by group (`kill(-pid)`) reaches the grandchildren (extension hosts, pty host, file
 * watcher) that a single `kill(pid)` would orphan.
 */
export function spawnGroup(command: string, args: readonly string[], options: SpawnOptions = {}): GroupProcess {
  const child = spawn(command, args, { ...options, detached: true });
  let exitCode: number | undefined;
  let spawnError: Error | undefined;
  const exited = new Promise<number>((resolve) => {
    child.once('error', (e) => {
      spawnError = e;
      resolve((exitCode = 127));
    });
    child.once('exit', (code, signal) => resolve((exitCode = code ?? 128 + signalNumber(signal))));
  });
  const killGroup = (signal: NodeJS.Signals): void => {
    if (child.pid === undefined) return;
    try {
      process.kill(-child.pid, signal);
    } catch {
      // ESRCH: the group is already gone.
    }
  };
  let stopping: Promise<void> | undefined;
  const stop = (graceMs = 5000): Promise<void> => {
    stopping ??= (async () => {
      killGroup('SIGTERM');
      if (exitCode === undefined) {
        const timedOut = await Promise.race([exited.then(() => false), delay(graceMs).then(() => true)]);
        if (timedOut) killGroup('SIGKILL');
      }
      // Members of the group may outlive the leader (extension host, watchers): make sure none remain.
      killGroup('SIGKILL');
    })();
    return stopping;
  };
  const unregister = onCleanup(() => stop());
  // Once the leader is gone and a stop has swept the group, there is nothing left to clean up.
  void exited.then(() => stop(0)).then(unregister);
  return { child, exited, stop, startError: () => spawnError };
}

function signalNumber(signal: NodeJS.Signals | null): number {
  const numbers: Partial<Record<NodeJS.Signals, number>> = { SIGHUP: 1, SIGINT: 2, SIGKILL: 9, SIGTERM: 15 };
  return (signal && numbers[signal]) ?? 0;
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

/**
 * Polls `probe` until it returns a value other than undefined, or fails after `timeoutMs` with a
 * message that names what was awaited and the last reason given.
 */
export async function pollUntil<T>(
  what: string,
  probe: () => Promise<T | undefined> | T | undefined,
  timeoutMs: number,
  intervalMs = 200,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError = '';
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (e) {
      lastError = e instanceof Error ? e.message : String(e);
    }
    if (Date.now() >= deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${lastError ? ` (last error: ${lastError})` : ''}`);
    }
    await delay(intervalMs);
  }
}

/** Rejects with a clear message when `promise` has not settled within `ms`. */
export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`${what} did not finish within ${ms} ms (raise KI_TEST_TIMEOUT to allow more, in seconds)`)),
      ms,
    );
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Full path of an executable on PATH, or undefined. */
export function which(name: string): string | undefined {
  const r = spawnSync('sh', ['-c', `command -v "$1"`, 'sh', name], { encoding: 'utf8' });
  const found = r.status === 0 ? r.stdout.trim() : '';
  return found.length > 0 ? found : undefined;
}

/** Runs a command to completion (in its own process group, so an interrupt stops all of it); throws naming the command when it fails. */
export async function runChecked(command: string, args: readonly string[], options: SpawnOptions = {}): Promise<void> {
  const proc = spawnGroup(command, args, { stdio: 'inherit', ...options });
  const code = await proc.exited;
  const startError = proc.startError();
  if (startError) throw new Error(`${command} could not start: ${startError.message}`);
  if (code !== 0) throw new Error(`${command} ${args.join(' ')} failed (exit code ${code})`);
}
