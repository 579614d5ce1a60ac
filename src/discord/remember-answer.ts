import type { Logger } from "../logger.js";
import type { AnswerMemory, AnswerPlace, AnswerToRecord } from "../memory/answer-memory.js";

/**
 * Records an answer already sent. One synchronous transaction, after the reply, so the user
 * never waits for it; a failure is logged (the logger carries the interaction or message id)
 * and costs the user nothing but the record.
 */
export function rememberAnswer(memory: AnswerMemory, answer: AnswerToRecord, place: AnswerPlace, logger: Logger): void {
  try {
    memory.recordAnswer(answer, place);
  } catch (error) {
    logger.error({ err: error, messageId: place.messageId }, "could not record the answer");
  }
}
