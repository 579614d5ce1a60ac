import { UniversalSentenceEncoderEmbeddings } from "./universal-sentence-encoder.js";

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
