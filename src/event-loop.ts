import { performance } from "node:perf_hooks";

/** Lets whatever is waiting on the event loop (a question, a gateway heartbeat) run before going on. */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * Jobs run one at a time, each after the event loop has turned (pending I/O first). Answers
 * whose question vectors come back in one batch would otherwise run back to back as one long
 * block, and an interaction arriving meanwhile would wait for all of them to be acknowledged.
 */
export class Turns {
  private last: Promise<unknown> = Promise.resolve();

  run<T>(job: () => Promise<T>): Promise<T> {
    const result = this.last.then(yieldToEventLoop).then(job);
    this.last = result.catch(() => undefined);
    return result;
  }
}

const SLICE_MS = 50;

/**
 * Cuts a long synchronous job into slices of about SLICE_MS: call `pause()` between steps and
 * it yields once the slice is used up. A reindex of 100k chunks is minutes of such work on
 * the thread that also answers questions, and Discord wants each acknowledged within 3 s.
 */
export class TimeSlicer {
  private sliceStart = performance.now();

  async pause(): Promise<void> {
    if (performance.now() - this.sliceStart < SLICE_MS) return;
    await yieldToEventLoop();
    this.sliceStart = performance.now();
  }
}
