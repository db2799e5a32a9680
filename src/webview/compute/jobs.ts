/**
 * The jobs the panel runs off its main thread, and the messages between the panel and its workers.
 * The same runner serves a worker and the in-page fallback: a newer job of a kind supersedes the
 * older one, which stops at its next pause.
 */
import { hasExactKeys, isPlainRecord, isRequestId, own, variantGuard, type VariantGuards } from '../../protocol/guards';
import { runAnalysis, type AnalysisRequest, type AnalysisResult } from './analysis';
import { runPropagation, type PropagationRequest, type PropagationResult } from './propagationRun';

export type JobRequest =
  { readonly type: 'analyze'; readonly request: AnalysisRequest } | { readonly type: 'propagate'; readonly request: PropagationRequest };

export type JobReply =
  | { readonly type: 'hello' }
  | { readonly type: 'analysis'; readonly result: AnalysisResult }
  | { readonly type: 'propagation'; readonly result: PropagationResult };

const ANALYSIS_KINDS = ['distribution', 'details', 'failure'];
const PROPAGATION_KINDS = ['layer', 'done', 'failure'];

function isResult(value: unknown, kinds: readonly string[]): boolean {
  return isPlainRecord(value) && kinds.includes(own(value, 'kind') as string) && isRequestId(own(value, 'jobId'));
}

const JOB_REPLY_GUARDS: VariantGuards<JobReply> = {
  hello: (value) => hasExactKeys(value, ['type']),
  analysis: (value) => hasExactKeys(value, ['type', 'result']) && isResult(value.result, ANALYSIS_KINDS),
  propagation: (value) => hasExactKeys(value, ['type', 'result']) && isResult(value.result, PROPAGATION_KINDS),
};

/** Checks what a worker posts back: the envelope, the result kind and its job id (the payload is our own code's). */
export const isJobReply: (value: unknown) => value is JobReply = variantGuard('type', JOB_REPLY_GUARDS);

/** Checks what the panel posts to a worker (the configuration inside was validated by the panel). */
export function isJobRequest(value: unknown): value is JobRequest {
  if (!hasExactKeys(value, ['type', 'request'])) return false;
  const request = value.request;
  return (value.type === 'analyze' || value.type === 'propagate') && isPlainRecord(request) && isRequestId(own(request, 'jobId'));
}

/** How a runner lets other work in between chunks. */
export interface Scheduler {
  now(): number;
  pause(): Promise<void>;
  /** A job starts (in a task of its own): its first slice starts now, not at the last yield. */
  begin?(): void;
}

/** A scheduler that also measures how long its thread worked between two yields. */
export interface SlicedScheduler extends Scheduler {
  /** The longest stretch without a yield since the last call (then starts over). */
  takeLongestSlice(): number;
}

/** Runs jobs, one current job per kind; replies go to `post`. */
export class JobRunner {
  private latestAnalysis = 0;
  private latestPropagation = 0;

  constructor(
    private readonly scheduler: Scheduler,
    private readonly post: (reply: JobReply) => void,
  ) {}

  run(job: JobRequest): Promise<void> {
    const { scheduler } = this;
    scheduler.begin?.();
    if (job.type === 'analyze') {
      const jobId = job.request.jobId;
      this.latestAnalysis = jobId;
      return runAnalysis(job.request, {
        now: () => scheduler.now(),
        pause: () => scheduler.pause(),
        isCurrent: () => this.latestAnalysis === jobId,
        emit: (result) => {
          if (this.latestAnalysis === jobId) this.post({ type: 'analysis', result });
        },
      });
    }
    const jobId = job.request.jobId;
    this.latestPropagation = jobId;
    return runPropagation(job.request, {
      now: () => scheduler.now(),
      pause: () => scheduler.pause(),
      isCurrent: () => this.latestPropagation === jobId,
      emit: (result) => {
        if (this.latestPropagation === jobId) this.post({ type: 'propagation', result });
      },
    });
  }
}

/**
 * A pause that yields to the event loop only after `sliceMs` of work, through a MessageChannel
 * (setTimeout(0) is clamped to 4 ms once nested, which would add tens of ms to a 1M-value job).
 */
export function slicedScheduler(sliceMs: number, now: () => number = () => performance.now()): SlicedScheduler {
  const channel = new MessageChannel();
  const waiting: (() => void)[] = [];
  channel.port1.onmessage = () => waiting.shift()?.();
  // Under Node (the unit tests) an open port keeps the process alive; browsers have no unref.
  (channel.port1 as { unref?: () => void }).unref?.();
  let sliceStart = now();
  let longest = 0;
  return {
    now,
    begin: () => {
      sliceStart = now();
    },
    takeLongestSlice: () => {
      const value = longest;
      longest = 0;
      return value;
    },
    pause: () => {
      const elapsed = now() - sliceStart;
      if (elapsed > longest) longest = elapsed;
      if (elapsed < sliceMs) return Promise.resolve();
      return new Promise<void>((resolve) => {
        waiting.push(() => {
          sliceStart = now();
          resolve();
        });
        channel.port2.postMessage(null);
      });
    },
  };
}
