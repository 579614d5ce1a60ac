import { stemOf, words } from "../text/terms.js";
import { wordVectors } from "../text/word-vectors.js";
import type { WeightedTerm } from "./coverage.js";

/**
 * How near in meaning a text comes to a question term it does not state: the best cosine
 * between the term's word and a different word of the text (0 when neither has a vector).
 */
export function nearestIn(term: WeightedTerm, textWords: readonly string[]): number {
  const vectors = wordVectors();
  const own = vectors.indexOf(term.word);
  if (own === undefined) return 0;
  let best = 0;
  for (const word of textWords) {
    const other = vectors.indexOf(word);
    if (other === undefined || stemOf(word) === term.stem) continue;
    best = Math.max(best, vectors.cosine(own, other));
  }
  return best;
}

/**
 * The distinct words of a text, the unit nearness is measured over. Function words stay in:
 * leaving them out measured worse (cross-validated hit@1 0.812 -> 0.804), since "before" or
 * "after" can carry what a question's "began" or "followed" asks.
 */
export function distinctWords(text: string): string[] {
  return [...new Set(words(text))];
}
