import { SENTENCE_FEATURES } from "../../src/answer/features.js";
import { ANSWER_MODEL, type AnswerModel } from "../../src/answer/model.js";

/** Ranks by sentence coverage alone (×10) and never refuses: for tests of which sentences an answer quotes, not of the fitted weights. */
export function coverageRankedModel(overrides: Partial<AnswerModel> = {}): AnswerModel {
  return {
    ...ANSWER_MODEL,
    ranker: {
      mean: Object.fromEntries(SENTENCE_FEATURES.map((name) => [name, 0])),
      scale: Object.fromEntries(SENTENCE_FEATURES.map((name) => [name, 1])),
      weights: { ...Object.fromEntries(SENTENCE_FEATURES.map((name) => [name, 0])), sentenceCoverage: 10 },
      bias: 0,
    },
    refusal: { ...ANSWER_MODEL.refusal, threshold: 0 },
    ...overrides,
  };
}
