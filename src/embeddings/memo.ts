import type { TextEmbedder } from "./types.js";

/**
 * Recently embedded sentences, least recently used dropped first. Answers draw their
 * sentences from the same few paragraphs again and again; the encoder is the slow step.
 */
export class EmbeddingMemo {
  private readonly vectors = new Map<string, number[]>();

  constructor(
    private readonly embedder: TextEmbedder,
    private readonly capacity: number,
  ) {}

  async embed(texts: readonly string[]): Promise<number[][]> {
    const missing = [...new Set(texts.filter((text) => !this.vectors.has(text)))];
    const fresh = missing.length ? await this.embedder.embedDocuments(missing) : [];
    missing.forEach((text, i) => this.remember(text, fresh[i] ?? []));
    return texts.map((text) => {
      const vector = this.vectors.get(text) ?? [];
      this.remember(text, vector);
      return vector;
    });
  }

  private remember(text: string, vector: number[]): void {
    this.vectors.delete(text);
    this.vectors.set(text, vector);
    if (this.vectors.size > this.capacity) {
      const oldest = this.vectors.keys().next();
      if (!oldest.done) this.vectors.delete(oldest.value);
    }
  }
}
