import type { RecordedRequest } from "./types.js";

interface Waiter {
  predicate: (request: RecordedRequest) => boolean;
  resolve: (request: RecordedRequest) => void;
  reject: (error: Error) => void;
  timer: NodeJS.Timeout;
}

function describe(request: RecordedRequest): string {
  return `${request.method} ${request.path} -> ${request.status}`;
}

/** Every REST request in arrival order, plus promises for the ones a test is still waiting for. */
export class RequestLog {
  readonly requests: RecordedRequest[] = [];
  private readonly waiters = new Set<Waiter>();

  record(request: RecordedRequest): void {
    this.requests.push(request);
    for (const waiter of this.waiters) {
      let matches: boolean;
      try {
        matches = waiter.predicate(request);
      } catch (error) {
        this.settle(waiter, () => waiter.reject(error instanceof Error ? error : new Error(String(error))));
        continue;
      }
      if (matches) this.settle(waiter, () => waiter.resolve(request));
    }
  }

  waitFor(predicate: (request: RecordedRequest) => boolean, timeoutMs: number): Promise<RecordedRequest> {
    const seen = this.requests.find(predicate);
    if (seen !== undefined) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        predicate,
        resolve,
        reject,
        timer: setTimeout(() => {
          const recent = this.requests.slice(-15).map(describe).join("\n  ");
          this.settle(waiter, () =>
            reject(new Error(`fake-discord: no matching request within ${timeoutMs} ms; latest requests:\n  ${recent || "(none)"}`)),
          );
        }, timeoutMs),
      };
      this.waiters.add(waiter);
    });
  }

  /** Fails whatever is still pending so no timer keeps the test process alive. */
  close(): void {
    for (const waiter of this.waiters) this.settle(waiter, () => waiter.reject(new Error("fake-discord: closed while waiting for a request")));
  }

  private settle(waiter: Waiter, outcome: () => void): void {
    clearTimeout(waiter.timer);
    this.waiters.delete(waiter);
    outcome();
  }
}
