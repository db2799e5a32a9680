/** The initialization check's worker: runs each job it is sent (the page replaces the worker to cancel one). */
import { isCheckJob, runCheckJob, type CheckJobReply } from './check/checkJobs';

interface WorkerScope {
  postMessage(message: CheckJobReply): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<unknown>) => void): void;
}

const scope = self as unknown as WorkerScope;

scope.addEventListener('message', (event) => {
  if (isCheckJob(event.data)) runCheckJob(event.data, (reply) => scope.postMessage(reply));
});

scope.postMessage({ type: 'hello' });
