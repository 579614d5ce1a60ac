import type { Logger } from "../../logger.js";
import type { Answer } from "../types.js";
import type { GenerationOutcome } from "./generator.js";

export type AnswerGeneratorKind = "extractive" | "llm";

export interface ChosenAnswer {
  answer: Answer;
  generator: AnswerGeneratorKind;
  /** Ids the model cited that verification removed; 0 when no model answered. */
  droppedCitations: number;
}

/**
 * What the user sees: the verified generated answer when anything survived, else the
 * extractive one, so a model never makes an answer worse than the offline pipeline's.
 * A model's refusal stands only when the extractive policy refuses too.
 */
export function chooseAnswer(extractive: Answer, outcome: GenerationOutcome, logger: Logger): ChosenAnswer {
  const questionChars = extractive.question.length;
  if (!outcome.ok) {
    logger.warn({ reason: outcome.reason, error: outcome.error, questionChars }, "model call failed; showing the extractive answer");
    return { answer: extractive, generator: "extractive", droppedCitations: 0 };
  }
  const { answer, refused, droppedCitations, droppedSentences } = outcome.verification;
  if (answer) {
    if (droppedCitations + droppedSentences > 0) logger.info({ droppedCitations, droppedSentences, questionChars }, "verification removed part of the model's answer");
    return { answer, generator: "llm", droppedCitations };
  }
  if (refused && !extractive.answered) return { answer: extractive, generator: "llm", droppedCitations };
  const reason = refused ? "model refused where the extractive answer did not" : "no sentence of the model's answer cited a given paragraph";
  logger.warn({ reason, droppedCitations, droppedSentences, questionChars }, "showing the extractive answer");
  return { answer: extractive, generator: "extractive", droppedCitations };
}
