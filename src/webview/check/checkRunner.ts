/**
 * Where the check runs: in a worker started from a blob URL of the worker bundle (the CSP allows
 * `worker-src blob:` and fetching from the extension's own resources), so the panel stays responsive;
 * a run is cancelled by replacing its worker. Where no worker can start, the job runs on the page.
 */
import { errorText } from '../../core/index';
import { isCheckJobReply, runCheckJob, type CheckJob, type CheckJobReply } from './checkJobs';

const WORKER_START_TIMEOUT_MS = 10_000;

export interface CheckRunner {
  readonly kind: 'worker' | 'inline';
  run(job: CheckJob): void;
  /** Stops the current run (its replies are dropped); the next run starts at once. */
  cancel(): void;
  dispose(): void;
}

function startWorker(url: string, onReply: (reply: CheckJobReply) => void): Promise<Worker> {
  return new Promise<Worker>((resolve, reject) => {
    let worker: Worker;
    try {
      worker = new Worker(url);
    } catch (e) {
      reject(e instanceof Error ? e : new Error(String(e)));
      return;
    }
    let started = false;
    const timer = setTimeout(() => {
      worker.terminate();
      reject(new Error(`the worker did not start within ${WORKER_START_TIMEOUT_MS} ms`));
    }, WORKER_START_TIMEOUT_MS);
    worker.addEventListener('message', (event: MessageEvent<unknown>) => {
      if (!isCheckJobReply(event.data)) return;
      if (event.data.type === 'hello') {
        if (!started) {
          started = true;
          clearTimeout(timer);
          resolve(worker);
        }
        return;
      }
      onReply(event.data);
    });
    worker.addEventListener('error', (event) => {
      if (started) {
        event.preventDefault();
        return;
      }
      clearTimeout(timer);
      worker.terminate();
      reject(new Error(event.message || 'the worker failed to start'));
    });
  });
}

async function workerRunner(workerUri: string, onReply: (reply: CheckJobReply) => void): Promise<CheckRunner> {
  const response = await fetch(workerUri);
  if (!response.ok) throw new Error(`loading the worker failed: HTTP ${response.status}`);
  const blobUrl = URL.createObjectURL(new Blob([await response.text()], { type: 'text/javascript' }));
  let current = await startWorker(blobUrl, onReply).catch((e: unknown) => {
    URL.revokeObjectURL(blobUrl);
    throw e;
  });
  let worker: Promise<Worker> = Promise.resolve(current);
  let busy = false;
  const cancel = (): void => {
    if (!busy) return;
    busy = false;
    current.terminate();
    worker = startWorker(blobUrl, onReply);
  };
  return {
    kind: 'worker',
    run(job) {
      cancel();
      busy = true;
      void worker.then(
        (w) => {
          current = w;
          w.postMessage(job);
        },
        (e: unknown) => onReply({ type: 'error', runId: job.runId, message: `the worker could not be restarted: ${errorText(e)}` }),
      );
    },
    cancel,
    dispose() {
      void worker.then(
        (w) => w.terminate(),
        () => undefined,
      );
      URL.revokeObjectURL(blobUrl);
    },
  };
}

/** On the page: the job runs after the page has painted its "running" state (the page is busy meanwhile). */
function inlineRunner(onReply: (reply: CheckJobReply) => void): CheckRunner {
  let latest = 0;
  return {
    kind: 'inline',
    run(job) {
      latest = job.runId;
      setTimeout(() => {
        if (latest === job.runId) runCheckJob(job, (reply) => latest === job.runId && onReply(reply));
      }, 30);
    },
    cancel() {
      latest = 0;
    },
    dispose() {
      latest = 0;
    },
  };
}

/** A worker runner when a worker can run here, else the page one; `onFallback` hears why. */
export async function startCheckRunner(
  workerUri: string,
  onReply: (reply: CheckJobReply) => void,
  onFallback: (reason: string) => void,
): Promise<CheckRunner> {
  try {
    return await workerRunner(workerUri, onReply);
  } catch (e) {
    onFallback(errorText(e));
    return inlineRunner(onReply);
  }
}
