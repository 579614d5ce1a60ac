export type RateDecision = { allowed: true } | { allowed: false; retryAfterMs: number; toldAlready: boolean };

/**
 * A sliding window per user: at most `limit` questions in any `windowMs`. A refused
 * question does not count, so someone who waits as told is always let through.
 */
export class RateLimiter {
  private readonly recent = new Map<string, number[]>();
  /** Until when each refused user was told to wait. */
  private readonly toldUntil = new Map<string, number>();
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
      const retryAt = oldest + this.windowMs;
      const toldAlready = (this.toldUntil.get(userId) ?? 0) > now;
      if (!toldAlready) this.toldUntil.set(userId, retryAt);
      return { allowed: false, retryAfterMs: retryAt - now, toldAlready };
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
    for (const [userId, until] of this.toldUntil) if (until <= now) this.toldUntil.delete(userId);
  }
}
