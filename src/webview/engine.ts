/**
 * Where the panel's jobs run. Preferably in two workers (one for the distribution, one for the
 * propagation, so a long propagation never delays a histogram), started from a blob URL of the worker
 * bundle: the CSP allows `worker-src blob:` and `connect-src` to the extension's own resources only.
 * If a worker cannot start (a stricter host, an old runtime), the same jobs run in slices on the main
 * thread, yielding every few milliseconds.
 */
import { errorText } from '../core/index';
import type { AnalysisRequest, AnalysisResult } from './compute/analysis';
import { JobRunner, isJobReply, slicedScheduler, type JobReply, type JobRequest } from './compute/jobs';
import type { PropagationRequest, PropagationResult } from './compute/propagationRun';
import { startWorker, workerBlobUrl } from './workerStart';

export interface EngineListener {
  analysis(result: AnalysisResult): void;
  propagation(result: PropagationResult): void;
}

export interface Engine {
  readonly kind: 'worker' | 'inline';
  /** In-page engine only: the longest stretch its jobs kept the main thread since the last call. */
  takeLongestTask?(): number;
  analyze(request: AnalysisRequest): void;
  propagate(request: PropagationRequest): void;
  dispose(): void;
}

/** Longest stretch the in-page fallback keeps the main thread (the budget is 50 ms per task). */
const INLINE_SLICE_MS = 8;
/** The in-page fallback's KS histogram: its cdf evaluation (one unsplittable step) stays a few ms. */
const INLINE_FINE_BINS = 16_384;

function dispatch(listener: EngineListener, reply: JobReply): void {
  if (reply.type === 'analysis') listener.analysis(reply.result);
  else if (reply.type === 'propagation') listener.propagation(reply.result);
}

/** Starts one worker of the engine: its job replies go to the listener. */
function startEngineWorker(url: string, listener: EngineListener): Promise<Worker> {
  return startWorker(url, isJobReply, (reply) => dispatch(listener, reply));
}

/**
 * A worker that can be replaced: a job that cannot pause (Orthogonal's QR) is stopped by terminating
 * its worker when a newer job arrives, instead of making the newer one wait for it.
 */
class ReplaceableWorker {
  private worker: Promise<Worker>;
  private busyWith: { jobId: number; interruptible: boolean } | undefined;

  constructor(
    private readonly url: string,
    private readonly listener: EngineListener,
    first: Worker,
    /** Called when a job cannot be run because a replacement worker failed to start. */
    private readonly onLost: (job: JobRequest, reason: string) => void,
  ) {
    this.worker = Promise.resolve(first);
  }

  /** Marks the end of a job (its last result arrived). */
  finished(jobId: number): void {
    if (this.busyWith?.jobId === jobId) this.busyWith = undefined;
  }

  post(job: JobRequest, interruptible: boolean): void {
    if (this.busyWith !== undefined && !this.busyWith.interruptible) {
      const old = this.worker;
      void old.then((w) => w.terminate());
      this.worker = startEngineWorker(this.url, this.listener);
    }
    this.busyWith = { jobId: job.request.jobId, interruptible };
    this.worker.then(
      (w) => w.postMessage(job),
      (e: unknown) => this.onLost(job, errorText(e)),
    );
  }

  terminate(): void {
    void this.worker.then(
      (w) => w.terminate(),
      () => undefined,
    );
  }
}

async function workerEngine(workerUri: string, listener: EngineListener): Promise<Engine> {
  // Kept for the engine's lifetime: a replaced worker is started from it again.
  const blobUrl = await workerBlobUrl(workerUri);
  // The listener needs the workers it tracks, which need the listener: filled in once both exist.
  const workers: { analysis?: ReplaceableWorker; propagation?: ReplaceableWorker } = {};
  const tracking: EngineListener = {
    analysis: (result) => {
      if (result.kind !== 'distribution') workers.analysis?.finished(result.jobId);
      listener.analysis(result);
    },
    propagation: (result) => {
      if (result.kind === 'done') workers.propagation?.finished(result.jobId);
      listener.propagation(result);
    },
  };
  const lost = (job: JobRequest, reason: string): void => {
    const message = `the worker could not be restarted: ${reason}`;
    if (job.type === 'analyze') listener.analysis({ kind: 'failure', jobId: job.request.jobId, message });
    else listener.propagation({ kind: 'failure', jobId: job.request.jobId, side: null, message });
  };
  const started = await Promise.allSettled([startEngineWorker(blobUrl, tracking), startEngineWorker(blobUrl, tracking)]);
  const failed = started.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) {
    for (const r of started) if (r.status === 'fulfilled') r.value.terminate();
    URL.revokeObjectURL(blobUrl);
    throw failed.reason instanceof Error ? failed.reason : new Error(String(failed.reason));
  }
  const [first, second] = started.map((r) => (r as PromiseFulfilledResult<Worker>).value);
  const analysis = new ReplaceableWorker(blobUrl, tracking, first, lost);
  const propagation = new ReplaceableWorker(blobUrl, tracking, second, lost);
  workers.analysis = analysis;
  workers.propagation = propagation;
  return {
    kind: 'worker',
    // Orthogonal's QR runs in one piece: a newer job replaces the worker rather than wait.
    analyze: (request) => analysis.post({ type: 'analyze', request }, request.config.className !== 'Orthogonal'),
    // A propagation is stepped layer by layer, but Orthogonal layers each run a QR: replace too.
    propagate: (request) => propagation.post({ type: 'propagate', request }, false),
    dispose: () => {
      analysis.terminate();
      propagation.terminate();
      URL.revokeObjectURL(blobUrl);
    },
  };
}

/** The fallback: the same runner on the main thread, in slices of a few milliseconds. */
export function inlineEngine(listener: EngineListener): Engine {
  let disposed = false;
  const scheduler = slicedScheduler(INLINE_SLICE_MS);
  const runner = new JobRunner(scheduler, (reply) => {
    if (!disposed) dispatch(listener, reply);
  });
  return {
    kind: 'inline',
    takeLongestTask: () => scheduler.takeLongestSlice(),
    analyze: (request) => void runner.run({ type: 'analyze', request: { ...request, fineBins: INLINE_FINE_BINS } }),
    propagate: (request) => void runner.run({ type: 'propagate', request }),
    dispose: () => {
      disposed = true;
    },
  };
}

/** A worker engine when workers can run here, else the in-page one; `onFallback` hears why. */
export async function startEngine(workerUri: string, listener: EngineListener, onFallback: (reason: string) => void): Promise<Engine> {
  try {
    return await workerEngine(workerUri, listener);
  } catch (e) {
    onFallback(errorText(e));
    return inlineEngine(listener);
  }
}
