import type { Logger } from "../logger.js";
import type { AnswerMemory } from "./answer-memory.js";
import type { ConversationStore } from "./conversations.js";

export const DAY_MS = 86_400_000;

/** Deletes expired answers and conversations now and once a day while the bot runs; returns the function that stops it. */
export function keepPruned(memory: AnswerMemory, conversations: ConversationStore, logger: Logger): () => void {
  const prune = (): void => {
    try {
      const deleted = memory.prune();
      const conversationsDeleted = conversations.prune();
      if (deleted + conversationsDeleted > 0) logger.info({ deleted, conversationsDeleted, retentionDays: memory.retentionDays }, "deleted expired answers and conversations");
    } catch (error) {
      logger.error({ err: error }, "could not delete expired answers");
    }
  };
  prune();
  const timer = setInterval(prune, DAY_MS);
  timer.unref();
  return () => clearInterval(timer);
}
