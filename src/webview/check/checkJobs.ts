/**
 * The check's job, the same in the worker and on the page: the core's checkInitialization, and the
 * side-by-side run with the suggested initializers when asked. Messages between the page and its
 * worker are checked too (the worker's source is ours, but a message is still data).
 */
import { checkInitialization, errorText, type CheckResult } from '../../core/index';
import { isCheckSettings, type CheckSettings } from '../../protocol/checkMessages';

export interface CheckJob {
  readonly type: 'check';
  readonly runId: number;
  readonly text: string;
  readonly model: string | null;
  readonly settings: CheckSettings;
}

export type CheckJobReply =
  | { readonly type: 'hello' }
  | { readonly type: 'progress'; readonly runId: number; readonly done: number; readonly total: number }
  | { readonly type: 'result'; readonly runId: number; readonly result: CheckResult; readonly compared: CheckResult | null }
  | { readonly type: 'error'; readonly runId: number; readonly message: string };

export function isCheckJob(value: unknown): value is CheckJob {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    v.type === 'check' &&
    typeof v.runId === 'number' &&
    typeof v.text === 'string' &&
    (v.model === null || typeof v.model === 'string') &&
    isCheckSettings(v.settings)
  );
}

export function isCheckJobReply(value: unknown): value is CheckJobReply {
  if (typeof value !== 'object' || value === null) return false;
  const type = (value as { type?: unknown }).type;
  return type === 'hello' || type === 'progress' || type === 'result' || type === 'error';
}

/** Runs a job to its end, reporting progress (the side-by-side run counts as a second half). */
export function runCheckJob(job: CheckJob, reply: (message: CheckJobReply) => void): void {
  try {
    const halves = job.settings.compare ? 2 : 1;
    const options = (half: number, suggested: boolean) => ({
      ...(job.model !== null ? { model: job.model } : {}),
      batchSize: job.settings.batchSize,
      ...(job.settings.seed !== null ? { seed: job.settings.seed } : {}),
      inputSeed: job.settings.inputSeed,
      training: job.settings.training,
      suggested,
      onProgress: (done: number, total: number) =>
        reply({ type: 'progress', runId: job.runId, done: half * total + done, total: halves * total }),
    });
    const result = checkInitialization(job.text, options(0, false));
    // The side-by-side run draws the unseeded initializers from the same base seed as the first.
    const compared = job.settings.compare
      ? checkInitialization(job.text, { ...options(1, true), ...(result.seed !== null ? { seed: result.seed } : {}) })
      : null;
    reply({ type: 'result', runId: job.runId, result, compared });
  } catch (e) {
    reply({ type: 'error', runId: job.runId, message: errorText(e) });
  }
}
