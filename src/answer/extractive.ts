import { citationLabel, type Answer, type Citation } from "./types.js";
import type { EvidenceSentence } from "./evidence.js";

export interface AnswerPolicy {
  /** Below this score the best sentence is not evidence enough: the bot says the documents do not cover it. */
  minScore: number;
  /** Other sentences join the answer when they score at least this share of the best one. */
  companionRatio: number;
  maxSentences: number;
}

export const NOT_COVERED = "The documents don't cover this: I found no passage that answers it.";

/**
 * The answer is the best evidence sentence plus any close runner-up from another
 * paragraph: that is how two sources that disagree both reach the reader.
 */
export function composeExtractiveAnswer(question: string, evidence: readonly EvidenceSentence[], policy: AnswerPolicy): Answer {
  const best = evidence[0];
  if (!best || best.score < policy.minScore) return { question, answered: false, answer: NOT_COVERED, citations: [] };
  const chosen: EvidenceSentence[] = [best];
  for (const candidate of evidence.slice(1)) {
    if (chosen.length >= policy.maxSentences) break;
    if (candidate.score < Math.max(policy.minScore, best.score * policy.companionRatio)) break;
    if (chosen.some((sentence) => sentence.file === candidate.file && sentence.paragraph === candidate.paragraph)) continue;
    chosen.push(candidate);
  }
  const citations: Citation[] = chosen.map(({ file, paragraph, quote, score }) => ({ file, paragraph, quote, score: round(score) }));
  return {
    question,
    answered: true,
    answer: citations.map((citation) => `${citation.quote} [${citationLabel(citation)}]`).join(" "),
    citations,
  };
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
