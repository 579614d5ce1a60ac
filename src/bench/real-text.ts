import { loadCorpus } from "../corpus/load.js";
import { MAX_CHUNK_CHARS } from "../corpus/chunks.js";
import { splitSentences } from "../text/sentences.js";
import { seededRandom, streamSeed } from "./random.js";

/** Sentences shorter than this are mostly datelines and bylines, which no paragraph is built from. */
const MIN_SENTENCE_WORDS = 5;

/** The seed corpus's sentences: real prose for the encoder, which is what decides how long a full build takes. */
export async function seedSentences(seedsDir: string): Promise<string[]> {
  const corpus = await loadCorpus(seedsDir);
  const sentences = corpus.files.flatMap((file) => file.paragraphs.flatMap((paragraph) => splitSentences(paragraph.text)));
  return [...new Set(sentences.filter((sentence) => sentence.split(/\s+/).length >= MIN_SENTENCE_WORDS))];
}

/**
 * Distinct paragraphs of two to four seed sentences in a seeded order, each short enough to
 * be one chunk: as many paragraphs of real text as a benchmark needs, the same on every run.
 */
export function recombinedParagraphs(sentences: readonly string[], count: number, seed: number): string[] {
  const random = seededRandom(streamSeed(seed));
  const paragraphs = new Set<string>();
  while (paragraphs.size < count) {
    const wanted = 2 + Math.floor(random() * 3);
    let text = "";
    for (let i = 0; i < wanted; i += 1) {
      const sentence = sentences[Math.floor(random() * sentences.length)] ?? "";
      const next = text ? `${text} ${sentence}` : sentence;
      if (next.length > MAX_CHUNK_CHARS) break;
      text = next;
    }
    if (text) paragraphs.add(text);
  }
  return [...paragraphs];
}
