import { readlinkSync } from "node:fs";
import { getPriority, setPriority } from "node:os";
import { UniversalSentenceEncoderEmbeddings } from "./universal-sentence-encoder.js";

/**
 * Encoding yields the CPU to the main thread, whose work (acknowledging interactions) is short
 * and cannot wait. Linux keeps a niceness per thread and names this thread's id in
 * /proc/thread-self; elsewhere that path does not exist and the worker keeps the process's priority.
 */
const WORKER_NICENESS = 5;
try {
  const threadId = Number(readlinkSync("/proc/thread-self").split("/").pop());
  setPriority(threadId, Math.min(19, getPriority(threadId) + WORKER_NICENESS));
} catch {
  // Not Linux: an optimisation only, nothing is lost.
}

/** Loaded when the worker starts, so the first task does not pay for it. */
const encoder = UniversalSentenceEncoderEmbeddings.load();

export interface EncoderTask {
  texts: string[];
}

/**
 * The vectors of the texts, one after another in one Float32Array: one copy back to the
 * main thread instead of an array per text. The encoder computes in float32, so nothing is lost.
 */
export default async function encode({ texts }: EncoderTask): Promise<Float32Array> {
  const model = await encoder;
  const vectors = await model.embedDocuments(texts);
  const flat = new Float32Array(texts.length * model.dimensions);
  vectors.forEach((vector, i) => flat.set(vector, i * model.dimensions));
  return flat;
}

/** Token counts, so the pool can send texts of equal length together (see ENCODER_BATCH_SIZE). */
export async function countTokens({ texts }: EncoderTask): Promise<Uint32Array> {
  const model = await encoder;
  return Uint32Array.from(texts, (text) => model.tokenCount(text));
}
