/**
 * Where the check runs: in a worker started from a blob URL of the worker bundle (the CSP allows
 * `worker-src blob:` and fetching from the extension's own resources), so the panel stays responsive;
 * a run is cancelled by replacing its worker. Where no worker can start, the job runs on the page.
 */
import { errorText } from '../../core/index';
import { startWorker, workerBlobUrl } from '../workerStart';
import { isCheckJobReply, runCheckJob, type CheckJob, type CheckJobReply } from './checkJobs';

export interface CheckRunner {
  readonly kind: 'worker' | 'inline';
  run(job: CheckJob): void;
  /** Stops the current run (its replies are dropped); the next run starts at once. */
  cancel(): void;
  dispose(): void;
}

/** Starts the check's worker; an error after the start belongs to a run, which reports it itself. */
function startCheckWorker(url: string, onReply: (reply: CheckJobReply) => void): Promise<Worker> {
  return startWorker(url, isCheckJobReply, onReply, (event) => event.preventDefault());
}

async function workerRunner(workerUri: string, onReply: (reply: CheckJobReply) => void): Promise<CheckRunner> {
  const blobUrl = await workerBlobUrl(workerUri);
  let current = await startCheckWorker(blobUrl, onReply).catch((e: unknown) => {
    URL.revokeObjectURL(blobUrl);
    throw e;
  });
  let worker: Promise<Worker> = Promise.resolve(current);
  let busy = false;
  const cancel = (): void => {
    if (!busy) return;
    busy = false;
    current.terminate();
    worker = startCheckWorker(blobUrl, onReply);
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
