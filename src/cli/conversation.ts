import type { AskResult, Citebot } from "../citebot.js";
import type { ConversationTurn } from "../conversation/follow-up.js";

/**
 * Answers `question` as the last turn of a conversation whose earlier questions are asked
 * first, oldest first, each a follow-up of those before it: the follow-up then sees the
 * paragraphs the bot really cited for them, as it would in a Discord thread.
 */
export async function askInConversation(citebot: Citebot, previous: readonly string[], question: string): Promise<AskResult> {
  const turns: ConversationTurn[] = [];
  for (const earlier of previous) {
    const answer = await citebot.ask(earlier, { previous: turns });
    turns.push({ question: answer.question, cited: answer.citations.map(({ file, paragraph, quote }) => ({ file, paragraph, quote })) });
  }
  return citebot.ask(question, { previous: turns });
}
