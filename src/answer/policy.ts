import type { AnswerPolicy } from "./extractive.js";

/** Placeholder until calibrated. */
export const ANSWER_POLICY: AnswerPolicy = { minScore: 0.45, companionRatio: 0.85, maxSentences: 3 };
