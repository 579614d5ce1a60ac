import { describe, expect, it } from "vitest";
import { composeExtractiveAnswer, type SplitParagraph } from "../src/answer/extractive.js";
import { SENTENCE_FEATURES, type Candidate, type SentenceFeatures } from "../src/answer/features.js";
import { splitSentences } from "../src/text/sentences.js";
import { coverageRankedModel } from "./helpers/coverage-ranked-model.js";

const model = coverageRankedModel({ companionMargin: 1, maxSentences: 3 });

function candidate(file: string, paragraph: number, text: string, sentence: number, coverage: number, statesAnswerType?: boolean, stated: string[] = ["left", "parti"]): Candidate {
  const features = Object.fromEntries(SENTENCE_FEATURES.map((name) => [name, 0])) as SentenceFeatures;
  return {
    sentence: { file, paragraph, sentence, quote: splitSentences(text)[sentence] ?? "", coverage, stated, similarity: 0, novelty: 0, statesAnswerType, continuity: 0 },
    features: { ...features, sentenceCoverage: coverage },
    gaps: { bestSimilarity: 0, paragraphCoverage: 1, missingRare: 0, sentenceMissingRare: 0, missingName: 0, missingNumber: 0, unknownTerm: 0, substitutedTerm: 0, negationMismatch: 0, splitName: 0 },
  };
}

/** A paragraph split as the index splits it. */
function split(file: string, paragraph: number, text: string): SplitParagraph {
  return { file, paragraph, text, sentences: splitSentences(text).map((sentence) => ({ text: sentence })) };
}

describe("choosing the sentences of an answer", () => {
  it("a sentence that points back brings the sentence before it", () => {
    const text = "The council met in March to discuss the harbour. It voted to close the old pier for repairs.";
    const answer = composeExtractiveAnswer("What did the council decide about the pier?", [candidate("a.txt", 2, text, 1, 0.9)], [split("a.txt", 2, text)], model);
    expect(answer.citations[0]?.quote).toBe(text);
  });

  it("a sentence that stands alone is quoted alone", () => {
    const text = "The council met in March to discuss the harbour. The council voted to close the old pier for repairs.";
    const answer = composeExtractiveAnswer("What did the council decide about the pier?", [candidate("a.txt", 2, text, 1, 0.9)], [split("a.txt", 2, text)], model);
    expect(answer.citations[0]?.quote).toBe("The council voted to close the old pier for repairs.");
  });

  it("a when-question whose best sentence has no date brings the neighbour that states it", () => {
    const text = "The mayor announced a new bridge across the river. Work began on 4 May 2019 after a long delay.";
    const answer = composeExtractiveAnswer("When did the mayor announce the bridge?", [candidate("b.txt", 3, text, 0, 0.9, false)], [split("b.txt", 3, text)], model);
    expect(answer.citations[0]?.quote).toContain("4 May 2019");
  });

  it("a why-question gathers the reasons that several paragraphs give, each cited, and leaves out a sentence that gives none", () => {
    const paragraphs = [
      split("c.txt", 2, "He left the party because of differences with its leadership."),
      split("d.txt", 5, "He resigned after workers attacked senior leaders at the headquarters."),
      split("e.txt", 7, "He has been living abroad for several months."),
    ];
    const candidates = [candidate("c.txt", 2, paragraphs[0]!.text, 0, 0.9, true), candidate("e.txt", 7, paragraphs[2]!.text, 0, 0.85, false), candidate("d.txt", 5, paragraphs[1]!.text, 0, 0.8, true)];
    const answer = composeExtractiveAnswer("Why did he leave the party?", candidates, paragraphs, model);
    expect(answer.citations.map((citation) => citation.file)).toEqual(["c.txt", "d.txt"]);
    expect(answer.answer).toBe(`${paragraphs[0]!.text} [c.txt ¶2] ${paragraphs[1]!.text} [d.txt ¶5]`);
  });
});
