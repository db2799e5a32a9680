/** The debounce of editor → preview updates; the clock is injectable so it is unit-tested without waiting. */
/** Timers, injectable so the debounce is tested without waiting. */
export interface Clock {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/**
 * Editor → preview refreshes: the first request after a quiet period runs at once (the panel answers a
 * click immediately); requests that follow within `delayMs` are debounced into one that runs when they stop.
 */
export class RefreshScheduler {
  private timer: unknown;
  private lastRequest = -Infinity;
  private disposed = false;

  constructor(
    private readonly delayMs: number,
    private readonly run: () => void,
    private readonly clock: Clock = systemClock,
  ) {}

  request(): void {
    if (this.disposed) return;
    const now = this.clock.now();
    const quiet = this.timer === undefined && now - this.lastRequest >= this.delayMs;
    this.lastRequest = now;
    if (quiet) {
      this.run();
      return;
    }
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = this.clock.setTimeout(() => {
      this.timer = undefined;
      if (!this.disposed) this.run();
    }, this.delayMs);
  }

  /** Drops a pending refresh. */
  cancel(): void {
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  dispose(): void {
    this.disposed = true;
    this.cancel();
  }
}
