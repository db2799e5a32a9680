/**
 * Starting a panel's worker: the bundle is fetched from the extension's resources and started from a
 * blob URL (the webview's CSP allows `worker-src blob:`), and it counts as started once it says hello.
 * Shared by the preview's engine and the initialization check's runner.
 */

/** How long a worker may take to say hello before its panel falls back to running on the page. */
export const WORKER_START_TIMEOUT_MS = 10_000;

/** A blob URL holding the worker bundle at `uri` (revoke it when the workers are gone). */
export async function workerBlobUrl(uri: string): Promise<string> {
  const response = await fetch(uri);
  if (!response.ok) throw new Error(`loading the worker failed: HTTP ${response.status}`);
  return URL.createObjectURL(new Blob([await response.text()], { type: 'text/javascript' }));
}

/**
 * Starts one worker from `url` and resolves once it posted `{ type: 'hello' }`; its later messages
 * that `isReply` accepts go to `onReply` (anything else is dropped). `afterStart` sees the worker's
 * error events once it has started.
 */
export function startWorker<R extends { readonly type: string }>(
  url: string,
  isReply: (value: unknown) => value is R,
  onReply: (reply: R) => void,
  afterStart?: (event: ErrorEvent) => void,
): Promise<Worker> {
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
      if (!isReply(event.data)) return;
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
        afterStart?.(event);
        return;
      }
      clearTimeout(timer);
      worker.terminate();
      reject(new Error(event.message || 'the worker failed to start'));
    });
  });
}
