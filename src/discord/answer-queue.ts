/**
 * Schedules answers so that interactions are always acknowledged within Discord's 3 s.
 *
 * An extractive answer is one block of main-thread computation (40 ms to 1 s on two
 * cores) with no pause for the event loop inside. Twenty answers started together held
 * the acknowledgements of newer interactions behind twenty such blocks, and npm run
 * bench:discord saw 10 of 200 interactions expire unanswered. So answers run `width` at a
 * time, each only after the event loop has turned (pending I/O first), and none starts
 * while an interaction that has arrived still waits for its acknowledgement.
 */
export class AnswerQueue {
  private unacknowledged = 0;
  private running = 0;
  private readonly waiting: Array<() => void> = [];
  private pumpScheduled = false;

  constructor(private readonly width: number) {}

  /** Holds answers back until the returned function is called (more than once is harmless). */
  holdUntilAcknowledged(): () => void {
    this.unacknowledged += 1;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.unacknowledged -= 1;
      this.pump();
    };
  }

  async run<T>(answer: () => Promise<T>): Promise<T> {
    await new Promise<void>((resolve) => {
      this.waiting.push(resolve);
      this.pump();
    });
    try {
      return await answer();
    } finally {
      this.running -= 1;
      this.pump();
    }
  }

  private pump(): void {
    if (this.pumpScheduled) return;
    this.pumpScheduled = true;
    setImmediate(() => {
      this.pumpScheduled = false;
      while (this.unacknowledged === 0 && this.running < this.width) {
        const next = this.waiting.shift();
        if (!next) return;
        this.running += 1;
        next();
      }
    });
  }
}
