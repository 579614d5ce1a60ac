import { performance } from "node:perf_hooks";

/** Lets whatever is waiting on the event loop (a question, a gateway heartbeat) run before going on. */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
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
