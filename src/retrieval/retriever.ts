import type { Paragraph } from "../corpus/paragraphs.js";
import { chunkAt, searchVectorStore } from "../index/hnsw.js";
import type { IndexedSentence } from "../index/sentence-table.js";
import type { LoadedIndex } from "../index/store.js";
import { reciprocalRankFusion } from "./fuse.js";

export interface RetrievedParagraph extends Paragraph {
  /** Reciprocal-rank-fused score of the paragraph's best chunk. */
  fused: number;
  /** Cosine similarity of the paragraph's closest chunk to the question; 0 when the dense search did not reach it. */
  similarity: number;
  /** BM25 score of the paragraph's best chunk; 0 when no term matched. */
  lexical: number;
  /** The paragraph's sentences (long ones cut into windows) with their vectors, split and embedded at index time. */
  sentences: IndexedSentence[];
}

/** How deep each ranking goes before fusion: enough that a paragraph strong in one ranking is not lost. */
export const CANDIDATES_PER_RANKING = 50;

export function paragraphKey(file: string, paragraph: number): string {
  return `${file}\u0000${paragraph}`;
}

export class Retriever {
  /** Each paragraph's position in the index's list, which is where its sentences are stored. */
  private readonly positions: Map<string, number>;

  constructor(readonly index: LoadedIndex) {
    this.positions = new Map(index.paragraphs.map((p, position) => [paragraphKey(p.file, p.paragraph), position]));
  }

  paragraph(file: string, paragraph: number): Paragraph | undefined {
    const position = this.positions.get(paragraphKey(file, paragraph));
    return position === undefined ? undefined : this.index.paragraphs[position];
  }

  /** A paragraph no search ranked (one a conversation points back at), with its stored sentences and no scores. */
  unranked(file: string, paragraph: number): RetrievedParagraph | undefined {
    const position = this.positions.get(paragraphKey(file, paragraph));
    const found = position === undefined ? undefined : this.index.paragraphs[position];
    if (position === undefined || found === undefined) return undefined;
    return { ...found, sentences: this.index.sentences.sentencesOf(position, found.text), fused: 0, similarity: 0, lexical: 0 };
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
      const position = this.positions.get(key);
      const record = position === undefined ? undefined : this.index.paragraphs[position];
      if (position === undefined || record === undefined) continue;
      const previous = byParagraph.get(key);
      byParagraph.set(key, {
        ...record,
        sentences: previous?.sentences ?? this.index.sentences.sentencesOf(position, record.text),
        fused: Math.max(previous?.fused ?? 0, score),
        similarity: Math.max(previous?.similarity ?? 0, similarity.get(chunkId) ?? 0),
        lexical: Math.max(previous?.lexical ?? 0, bm25.get(chunkId) ?? 0),
      });
    }
    return [...byParagraph.values()].sort((a, b) => b.fused - a.fused).slice(0, limit);
  }
}
