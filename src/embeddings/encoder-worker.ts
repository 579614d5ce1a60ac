import { readlinkSync } from "node:fs";
import { getPriority, setPriority } from "node:os";
import { UniversalSentenceEncoderEmbeddings } from "./universal-sentence-encoder.js";

/**
 * Encoding yields the CPU to the main thread, whose work (acknowledging interactions) is short
 * and cannot wait. Linux keeps a niceness per thread and names this thread's id in
 * /proc/thread-self; elsewhere that path does not exist and the worker keeps the process's priority.
 */
const WORKER_NICENESS = 5;
const WARM_UP_CALLS = 10;
const QUESTIONS_PER_WARM_UP_BATCH = 8;
try {
  const threadId = Number(readlinkSync("/proc/thread-self").split("/").pop());
  setPriority(threadId, Math.min(19, getPriority(threadId) + WORKER_NICENESS));
} catch {
  // Not Linux: an optimisation only, nothing is lost.
}

/**
 * Loaded, and run a few times, as soon as the worker starts: the first inference sets the
 * model up (0.9 s here, against 17 ms for the next), and the graph's JavaScript runs at about
 * half speed until the engine has seen it a few times. No question should pay for either.
 * (The pool keeps idle workers' event loops running for this: see `atomics` in encoder-pool.ts.)
 */
const encoder = UniversalSentenceEncoderEmbeddings.load().then(async (model) => {
  // Question-sized texts, 2 to 30 words: long ones would cost seconds here and teach nothing more.
  const warmUp = Array.from({ length: WARM_UP_CALLS }, (_, i) => "warm the encoder ".repeat(i + 1).slice(0, -1));
  for (const text of warmUp) await model.embedQuery(text);
  await model.embedTogether(warmUp.slice(0, QUESTIONS_PER_WARM_UP_BATCH));
  return model;
});

export interface EncoderTask {
  texts: string[];
}

/**
 * The vectors of the texts, one after another in one Float32Array: one copy back to the
 * main thread instead of an array per text. The encoder computes in float32, so nothing is lost.
 */
export default async function encode({ texts }: EncoderTask): Promise<Float32Array> {
  const model = await encoder;
  return flattened(await model.embedDocuments(texts), model.dimensions);
}

/** Questions of any lengths in one call (see QUESTIONS_PER_TASK in encoder-pool.ts). */
export async function encodeQuestions({ texts }: EncoderTask): Promise<Float32Array> {
  const model = await encoder;
  return flattened(await model.embedTogether(texts), model.dimensions);
}

function flattened(vectors: readonly number[][], dimensions: number): Float32Array {
  const flat = new Float32Array(vectors.length * dimensions);
  vectors.forEach((vector, i) => flat.set(vector, i * dimensions));
  return flat;
}

/** Token counts, so the pool can send texts of equal length together (see ENCODER_BATCH_SIZE). */
export async function countTokens({ texts }: EncoderTask): Promise<Uint32Array> {
  const model = await encoder;
  return Uint32Array.from(texts, (text) => model.tokenCount(text));
}
