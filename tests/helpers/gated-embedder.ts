import type { TextEmbedder } from "../../src/embeddings/types.js";

/**
 * The real encoder, except that documents containing `marker` wait at a gate the test
 * opens (or breaks). A rebuild that has to embed a new marked file therefore stays
 * "running" exactly as long as the test needs, with no timing involved; questions, whose
 * sentences come from the serving index and never contain the marker, pass straight through.
 */
export class GatedEmbedder implements TextEmbedder {
  private gate: { opened: Promise<void>; open(): void; fail(error: Error): void } | undefined;
  private arrivals: Array<() => void> = [];

  constructor(
    private readonly inner: TextEmbedder,
    private readonly marker: string,
  ) {}

  get modelId(): string {
    return this.inner.modelId;
  }

  get dimensions(): number {
    return this.inner.dimensions;
  }

  /** Closes the gate; returns controls to open it, break it, and learn when a batch reached it. */
  hold(): { reached: Promise<void>; open(): void; fail(error: Error): void } {
    let open = (): void => undefined;
    let fail: (error: Error) => void = () => undefined;
    const opened = new Promise<void>((resolve, reject) => {
      open = resolve;
      fail = reject;
    });
    // Whoever waits gets the rejection; nobody waiting must not make it "unhandled".
    opened.catch(() => undefined);
    this.gate = { opened, open, fail };
    const reached = new Promise<void>((resolve) => this.arrivals.push(resolve));
    return {
      reached,
      open: () => {
        this.gate = undefined;
        open();
      },
      fail: (error) => {
        this.gate = undefined;
        fail(error);
      },
    };
  }

  async embedDocuments(texts: string[]): Promise<number[][]> {
    const gate = this.gate;
    if (gate && texts.some((text) => text.includes(this.marker))) {
      for (const arrived of this.arrivals.splice(0)) arrived();
      await gate.opened;
    }
    return this.inner.embedDocuments(texts);
  }

  embedQuery(text: string): Promise<number[]> {
    return this.inner.embedQuery(text);
  }
}
