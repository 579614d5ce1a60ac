import { performance } from "node:perf_hooks";
import type { TextEmbedder } from "../embeddings/types.js";
import type { SyntheticCorpus } from "./synthetic.js";

/**
 * Stands in for the encoder at sizes it would take hours to embed: each synthetic paragraph
 * gets its generated vector, so the real build path (cache, HNSW, lexical index, files) runs
 * on realistic vectors. It counts its own time, which the benchmark subtracts from builds.
 */
export class SyntheticEmbedder implements TextEmbedder {
  readonly modelId: string;
  readonly dimensions: number;
  /** By a 53-bit hash of the text, not the text: holding 100k paragraphs here would inflate the build's peak RSS. */
  private readonly indexOf = new Map<number, number>();
  elapsedMs = 0;

  constructor(private readonly corpus: SyntheticCorpus) {
    this.modelId = `synthetic-mixture@${corpus.spec.seed}`;
    this.dimensions = corpus.spec.dimensions;
  }

  /** Makes paragraph `index` of the corpus embeddable; returns its text. */
  paragraph(index: number): string {
    const text = this.corpus.paragraph(index);
    this.indexOf.set(textHash(text), index);
    return text;
  }

  async embedDocuments(texts: string[]): Promise<number[][]> {
    const started = performance.now();
    const vectors = texts.map((text) => {
      const index = this.indexOf.get(textHash(text));
      if (index === undefined) throw new Error(`not a paragraph of the synthetic corpus: ${text.slice(0, 60)}`);
      return Array.from(this.corpus.vector(index));
    });
    this.elapsedMs += performance.now() - started;
    return vectors;
  }

  /** Questions come with their vectors from the corpus; nothing should ask for one. */
  async embedQuery(): Promise<number[]> {
    throw new Error("synthetic questions carry their own vectors");
  }
}

/** cyrb53: two 32-bit lanes, so 100k texts are very unlikely to collide (about 1 in 10^6). */
function textHash(text: string): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ code, 2654435761);
    h2 = Math.imul(h2 ^ code, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}
