/**
 * The preview's worker: samples and analyses off the panel's main thread, so the panel stays
 * responsive while a million values are drawn. It says `hello` once running, then runs each job it is
 * sent; a newer job of the same kind stops the older one at its next pause.
 */
import { JobRunner, isJobRequest, slicedScheduler, type JobReply } from './compute/jobs';

interface WorkerScope {
  postMessage(message: JobReply, transfer?: Transferable[]): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<unknown>) => void): void;
}

const scope = self as unknown as WorkerScope;

/** The typed arrays of a reply, moved rather than copied (each belongs to this reply only). */
function transferables(reply: JobReply): Transferable[] {
  const out: Transferable[] = [];
  const visit = (value: unknown, depth: number): void => {
    if (depth > 4 || typeof value !== 'object' || value === null) return;
    if (ArrayBuffer.isView(value)) {
      if (value.buffer instanceof ArrayBuffer && !out.includes(value.buffer)) out.push(value.buffer);
      return;
    }
    for (const child of Object.values(value)) visit(child, depth + 1);
  };
  visit(reply, 0);
  return out;
}

// A 10 ms slice lets a newer job's message in quickly without measurable overhead.
const runner = new JobRunner(slicedScheduler(10), (reply) => scope.postMessage(reply, transferables(reply)));

scope.addEventListener('message', (event) => {
  if (isJobRequest(event.data)) void runner.run(event.data);
});

scope.postMessage({ type: 'hello' });
