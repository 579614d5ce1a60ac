import { describe, expect, it } from "vitest";
import { composeExtractiveAnswer, type SplitParagraph } from "../src/answer/extractive.js";
import { REFUSAL_FEATURES, SENTENCE_FEATURES, type Candidate, type RefusalFeatures, type SentenceFeatures } from "../src/answer/features.js";
import { FOLLOW_UP_COMPANIONS, followUpCompanions } from "../src/conversation/continuity.js";
import { splitSentences } from "../src/text/sentences.js";
import { coverageRankedModel } from "./helpers/coverage-ranked-model.js";

/** The answer model's own margin for first questions; what is checked is which runners-up join the best sentence. */
const model = coverageRankedModel();
/** Nothing of the question is missing from any candidate's paragraph. */
const noGaps = { ...Object.fromEntries(REFUSAL_FEATURES.filter((name) => name !== "bestScore" && name !== "scoreMargin").map((name) => [name, 0])), paragraphCoverage: 1 } as RefusalFeatures;

function split(file: string, paragraph: number, text: string): SplitParagraph {
  return { file, paragraph, text, sentences: splitSentences(text).map((sentence) => ({ text: sentence })) };
}

function candidate(paragraph: SplitParagraph, coverage: number, stated: string[]): Candidate {
  const features = Object.fromEntries(SENTENCE_FEATURES.map((name) => [name, 0])) as SentenceFeatures;
  return {
    sentence: { file: paragraph.file, paragraph: paragraph.paragraph, sentence: 0, quote: paragraph.text, coverage, stated, similarity: 0, novelty: 0, statesAnswerType: undefined, continuity: 0 },
    features: { ...features, sentenceCoverage: coverage },
    gaps: noGaps,
  };
}

describe("the runners-up a follow-up's answer cites", () => {
  // "Who was behind it?" after the night at the headquarters: the sentence about "behind" wins on
  // the follow-up's own word, while the one naming who was behind the night says nothing of "behind".
  const paragraphs = [
    split("a.txt", 15, "One of the key reasons behind the rift is the other party."),
    split("b.txt", 15, "An official says the deputy was the key character of that night."),
  ];
  const candidates = [candidate(paragraphs[0]!, 0.6, ["behind", "night"]), candidate(paragraphs[1]!, 0.4, ["night"])];

  it("a first question cites only runners-up that state the best sentence's focus", () => {
    const answer = composeExtractiveAnswer("Who was behind the night?", candidates, paragraphs, model);
    expect(answer.citations.map((citation) => citation.file)).toEqual(["a.txt"]);
  });

  it("a follow-up also cites a close runner-up that reads the question another way, after the best", () => {
    const answer = composeExtractiveAnswer("Who was behind it?", candidates, paragraphs, model, FOLLOW_UP_COMPANIONS);
    expect(answer.citations.map((citation) => citation.file)).toEqual(["a.txt", "b.txt"]);
  });

  it("a follow-up's runner-up far below the best is left out", () => {
    const far = [candidates[0]!, candidate(paragraphs[1]!, 0.6 - (2 * FOLLOW_UP_COMPANIONS.margin + 1) / 10, ["night"])];
    const answer = composeExtractiveAnswer("Who was behind it?", far, paragraphs, model, FOLLOW_UP_COMPANIONS);
    expect(answer.citations.map((citation) => citation.file)).toEqual(["a.txt"]);
  });

  describe("the conversation's own neighbourhood", () => {
    const around = [
      split("c.txt", 14, "The midnight event at the headquarters was a major catalyst."),
      split("c.txt", 15, "An official says the deputy was the key character of that episode."),
      split("d.txt", 3, "The rift has causes behind it."),
      split("d.txt", 4, "Workers stand behind both leaders."),
      split("d.txt", 5, "Others stand behind neither."),
    ];
    const cited = [{ file: "c.txt", paragraph: 14, quote: around[0]!.text }];
    const ranked = [candidate(around[2]!, 0.9, ["behind"]), candidate(around[3]!, 0.85, ["behind"]), candidate(around[4]!, 0.8, ["behind"]), candidate(around[0]!, 0.6, ["midnight"]), candidate(around[1]!, 0.5, ["episode"])];

    it("when no cited sentence is near what the conversation cited, the best near one it has not quoted takes the last place", () => {
      const answer = composeExtractiveAnswer("Who was behind it?", ranked, around, model, followUpCompanions(cited));
      expect(answer.citations.map((citation) => `${citation.file} ¶${citation.paragraph}`)).toEqual(["d.txt ¶3", "d.txt ¶4", "c.txt ¶15"]);
    });

    it("is not added when the answer already cites a sentence near it", () => {
      const answer = composeExtractiveAnswer("Who was behind it?", ranked, around, model, followUpCompanions([{ file: "d.txt", paragraph: 2 }]));
      expect(answer.citations.map((citation) => `${citation.file} ¶${citation.paragraph}`)).toEqual(["d.txt ¶3", "d.txt ¶4", "d.txt ¶5"]);
    });
  });
});
