/**
 * Stops asking a model that keeps failing: after `failuresToOpen` failures in a row, calls
 * are skipped for `coolDownMs` and every question gets the offline answer at once, instead
 * of each waiting out the full timeout. After the cool-down one call is let through; its
 * success closes the breaker, its failure opens it again.
 */
export class CircuitBreaker {
  private consecutiveFailures = 0;
  private openUntil = 0;
  private trialUnderWay = false;

  constructor(
    private readonly failuresToOpen: number,
    private readonly coolDownMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Whether a call may be made now; a true after the cool-down reserves the one trial call. */
  allow(): boolean {
    if (this.consecutiveFailures < this.failuresToOpen) return true;
    if (this.now() < this.openUntil || this.trialUnderWay) return false;
    this.trialUnderWay = true;
    return true;
  }

  succeeded(): void {
    this.consecutiveFailures = 0;
    this.trialUnderWay = false;
  }

  failed(): void {
    this.consecutiveFailures += 1;
    this.trialUnderWay = false;
    if (this.consecutiveFailures >= this.failuresToOpen) this.openUntil = this.now() + this.coolDownMs;
  }

  /** Milliseconds until calls resume, 0 when they are allowed. */
  get pausedForMs(): number {
    return this.consecutiveFailures >= this.failuresToOpen ? Math.max(0, this.openUntil - this.now()) : 0;
  }
}
