import type { Logger } from "../logger.js";
import type { AnswerMemory } from "./answer-memory.js";

export const DAY_MS = 86_400_000;

/** Deletes expired answers now and once a day while the bot runs; returns the function that stops it. */
export function keepPruned(memory: AnswerMemory, logger: Logger): () => void {
  const prune = (): void => {
    try {
      const deleted = memory.prune();
      if (deleted > 0) logger.info({ deleted, retentionDays: memory.retentionDays }, "deleted expired answers");
    } catch (error) {
      logger.error({ err: error }, "could not delete expired answers");
    }
  };
  prune();
  const timer = setInterval(prune, DAY_MS);
  timer.unref();
  return () => clearInterval(timer);
}
