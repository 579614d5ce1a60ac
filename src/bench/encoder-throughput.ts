import { performance } from "node:perf_hooks";
import { chunkParagraphs } from "../corpus/chunks.js";
import { loadCorpus } from "../corpus/load.js";
import { UniversalSentenceEncoderEmbeddings } from "../embeddings/universal-sentence-encoder.js";
import type { EncoderResult, ScaleTask } from "./tasks.js";

/** Texts per round: every batch size runs once per round, so a burst of load on a shared machine hits them all alike. */
const ROUND = 64;

/** Paragraphs per second of the real encoder on the seed corpus's chunks, for each batch size. */
export async function measureEncoder(task: Extract<ScaleTask, { kind: "encoder" }>, seedsDir: string): Promise<EncoderResult> {
  const corpus = await loadCorpus(seedsDir);
  const seedTexts = (await chunkParagraphs(corpus.files.flatMap((file) => file.paragraphs))).map((chunk) => chunk.text);
  const texts = Array.from({ length: task.paragraphs }, (_, i) => seedTexts[i % seedTexts.length] ?? "");
  const encoder = await UniversalSentenceEncoderEmbeddings.load();
  await encoder.embedDocuments(texts.slice(0, ROUND));
  const elapsed = new Map(task.batchSizes.map((size) => [size, 0]));
  for (let start = 0; start < texts.length; start += ROUND) {
    const round = texts.slice(start, start + ROUND);
    for (const size of task.batchSizes) {
      const started = performance.now();
      await encoder.withBatchSize(size).embedDocuments(round);
      elapsed.set(size, (elapsed.get(size) ?? 0) + performance.now() - started);
    }
  }
  return {
    paragraphs: texts.length,
    batches: task.batchSizes.map((batchSize) => ({ batchSize, paragraphsPerSecond: (texts.length / (elapsed.get(batchSize) ?? Infinity)) * 1000 })),
  };
}
