import type { Paragraph } from "../corpus/paragraphs.js";
import { chunkAt, searchVectorStore } from "../index/hnsw.js";
import type { LoadedIndex } from "../index/store.js";
import { reciprocalRankFusion } from "./fuse.js";

export interface RetrievedParagraph extends Paragraph {
  /** Reciprocal-rank-fused score of the paragraph's best chunk. */
  fused: number;
  /** Cosine similarity of the paragraph's closest chunk to the question; 0 when the dense search did not reach it. */
  similarity: number;
  /** BM25 score of the paragraph's best chunk; 0 when no term matched. */
  lexical: number;
}

/** How deep each ranking goes before fusion: enough that a paragraph strong in one ranking is not lost. */
export const CANDIDATES_PER_RANKING = 50;

export function paragraphKey(file: string, paragraph: number): string {
  return `${file}\u0000${paragraph}`;
}

export class Retriever {
  private readonly paragraphs: Map<string, Paragraph>;

  constructor(readonly index: LoadedIndex) {
    this.paragraphs = new Map(index.paragraphs.map((p) => [paragraphKey(p.file, p.paragraph), p]));
  }

  paragraph(file: string, paragraph: number): Paragraph | undefined {
    return this.paragraphs.get(paragraphKey(file, paragraph));
  }

  async retrieve(question: string, questionVector: number[], limit: number): Promise<RetrievedParagraph[]> {
    const dense = await searchVectorStore(this.index.store, questionVector, CANDIDATES_PER_RANKING);
    const lexical = this.index.lexical.query(question, CANDIDATES_PER_RANKING);
    const fused = reciprocalRankFusion([dense.map((hit) => hit.chunkId), lexical.map((hit) => hit.chunkId)]);
    const similarity = new Map(dense.map((hit) => [hit.chunkId, hit.similarity]));
    const bm25 = new Map(lexical.map((hit) => [hit.chunkId, hit.score]));

    const byParagraph = new Map<string, RetrievedParagraph>();
    for (const [chunkId, score] of fused) {
      const { file, paragraph } = chunkAt(this.index.store, chunkId);
      const key = paragraphKey(file, paragraph);
      const record = this.paragraphs.get(key);
      if (record === undefined) continue;
      const previous = byParagraph.get(key);
      byParagraph.set(key, {
        ...record,
        fused: Math.max(previous?.fused ?? 0, score),
        similarity: Math.max(previous?.similarity ?? 0, similarity.get(chunkId) ?? 0),
        lexical: Math.max(previous?.lexical ?? 0, bm25.get(chunkId) ?? 0),
      });
    }
    return [...byParagraph.values()].sort((a, b) => b.fused - a.fused).slice(0, limit);
  }
}
