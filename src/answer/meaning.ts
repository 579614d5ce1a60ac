import { isStopword, stemOf, words } from "../text/terms.js";
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

/** The distinct content words of a text, the unit nearness is measured over: function words sit near everything in a vector space. */
export function distinctWords(text: string): string[] {
  return [...new Set(words(text).filter((word) => !isStopword(word)))];
}
