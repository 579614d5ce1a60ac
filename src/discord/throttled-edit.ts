import type { Logger } from "../logger.js";

/**
 * Shows the latest of many updates without flooding Discord: at most one edit per
 * `intervalMs`, never two in flight, and whatever arrives after close() is dropped, so a
 * late progress edit cannot overwrite the final message.
 */
export class ThrottledEdit<T> {
  private pending: T | undefined;
  private inFlight: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private lastSentAt = Number.NEGATIVE_INFINITY;
  private closed = false;

  constructor(
    private readonly send: (update: T) => Promise<unknown>,
    private readonly intervalMs: number,
    private readonly logger: Logger,
  ) {}

  update(value: T): void {
    if (this.closed) return;
    this.pending = value;
    this.schedule();
  }

  /** Stops further edits and waits for the one on its way, if any. */
  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    await this.inFlight;
  }

  private schedule(): void {
    if (this.closed || this.timer !== undefined || this.inFlight !== undefined) return;
    const wait = Math.max(0, this.lastSentAt + this.intervalMs - performance.now());
    this.timer = setTimeout(() => this.flush(), wait);
  }

  private flush(): void {
    this.timer = undefined;
    const value = this.pending;
    if (this.closed || value === undefined) return;
    this.pending = undefined;
    this.lastSentAt = performance.now();
    this.inFlight = this.send(value)
      .then(() => undefined)
      .catch((error: unknown) => this.logger.warn({ err: error }, "a progress edit failed"))
      .finally(() => {
        this.inFlight = undefined;
        if (this.pending !== undefined) this.schedule();
      });
  }
}
