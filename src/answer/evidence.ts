import { isAnswerable } from "../corpus/chunks.js";
import { splitSentences } from "../corpus/sentences.js";
import type { TextEmbedder } from "../embeddings/types.js";
import type { RetrievedParagraph } from "../retrieval/retriever.js";
import { termCoverage, termSet, type WeightedTerm } from "./coverage.js";
import { cosineSimilarity } from "./similarity.js";

export interface EvidenceSentence {
  file: string;
  paragraph: number;
  /** Verbatim from the paragraph. */
  quote: string;
  /** Position of its paragraph in the fused ranking, from 0. */
  paragraphRank: number;
  coverage: number;
  similarity: number;
  score: number;
}

/** Paragraphs read for answer sentences: the fused ranking puts the answer in the first few. */
export const EVIDENCE_PARAGRAPHS = 5;

/**
 * How much the share of the question's terms that a sentence states weighs against the
 * encoder's sense of it; set with the refusal threshold by `npm run calibrate`.
 */
export const COVERAGE_WEIGHT = 0.6;

export async function scoreEvidence(terms: readonly WeightedTerm[], questionVector: number[], retrieved: readonly RetrievedParagraph[], embedder: TextEmbedder): Promise<EvidenceSentence[]> {
  const candidates: Array<Omit<EvidenceSentence, "similarity" | "score">> = [];
  retrieved.slice(0, EVIDENCE_PARAGRAPHS).forEach((paragraph, paragraphRank) => {
    const context = termSet(paragraph.text);
    for (const quote of splitSentences(paragraph.text)) {
      if (!isAnswerable(quote)) continue;
      candidates.push({ file: paragraph.file, paragraph: paragraph.paragraph, quote, paragraphRank, coverage: termCoverage(terms, termSet(quote), context) });
    }
  });
  if (candidates.length === 0) return [];
  const vectors = await embedder.embedDocuments(candidates.map((candidate) => candidate.quote));
  return candidates
    .map((candidate, i) => {
      const similarity = cosineSimilarity(questionVector, vectors[i] ?? []);
      return { ...candidate, similarity, score: COVERAGE_WEIGHT * candidate.coverage + (1 - COVERAGE_WEIGHT) * similarity };
    })
    .sort((a, b) => b.score - a.score);
}
