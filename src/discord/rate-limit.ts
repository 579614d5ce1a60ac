export type RateDecision = { allowed: true } | { allowed: false; retryAfterMs: number };

/**
 * A sliding window per user: at most `limit` questions in any `windowMs`. A refused
 * question does not count, so someone who waits as told is always let through.
 */
export class RateLimiter {
  private readonly recent = new Map<string, number[]>();
  private lastSweep: number;

  constructor(
    readonly limit: number,
    readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {
    this.lastSweep = now();
  }

  take(userId: string): RateDecision {
    const now = this.now();
    this.sweep(now);
    const times = (this.recent.get(userId) ?? []).filter((time) => time > now - this.windowMs);
    const oldest = times[0];
    if (times.length >= this.limit && oldest !== undefined) {
      this.recent.set(userId, times);
      return { allowed: false, retryAfterMs: oldest + this.windowMs - now };
    }
    times.push(now);
    this.recent.set(userId, times);
    return { allowed: true };
  }

  /** Forgets users with nothing left in the window, so memory follows active users, not every user ever seen. */
  private sweep(now: number): void {
    if (now - this.lastSweep < this.windowMs) return;
    this.lastSweep = now;
    for (const [userId, times] of this.recent) {
      if (times.every((time) => time <= now - this.windowMs)) this.recent.delete(userId);
    }
  }
}
