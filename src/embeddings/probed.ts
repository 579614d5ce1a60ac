import type { EmbeddingsInterface } from "@langchain/core/embeddings";
import type { TextEmbedder } from "./types.js";

/**
 * A server's embedding model named for the index manifest, so switching provider or model
 * forces a rebuild. Its dimension is read off one probe embedding: servers do not report it.
 */
export class ProbedEmbeddings implements TextEmbedder {
  private constructor(
    private readonly inner: EmbeddingsInterface,
    readonly modelId: string,
    readonly dimensions: number,
  ) {}

  static async probe(inner: EmbeddingsInterface, modelId: string): Promise<ProbedEmbeddings> {
    const vector = await inner.embedQuery("dimension probe");
    if (vector.length === 0) throw new Error(`the embedding model ${modelId} returned an empty vector`);
    return new ProbedEmbeddings(inner, modelId, vector.length);
  }

  embedDocuments(texts: string[]): Promise<number[][]> {
    return this.inner.embedDocuments(texts);
  }

  embedQuery(text: string): Promise<number[]> {
    return this.inner.embedQuery(text);
  }
}
