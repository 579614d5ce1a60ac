import { MAX_QUESTION_CHARS } from "../question.js";
import { contentStems } from "../text/terms.js";
import { isQuestionFrame, type ConversationTurn } from "./follow-up.js";

export type RewriteCheck = { ok: true; question: string } | { ok: false; reason: string };

/**
 * A model's standalone wording of a follow-up is used only when it asks the same thing: it
 * keeps every content word of the follow-up, and any word it adds comes from the conversation
 * (its earlier questions and the sentences their answers quoted) or frames a question ("which
 * year"). So a rewrite can resolve "he" to a name the answer gave, but cannot slip in a topic of
 * its own, whether invented or injected by a document.
 */
export function checkRewrite(rewrite: string, followUp: string, previous: readonly ConversationTurn[]): RewriteCheck {
  const question = rewrite.trim().replace(/^["“'‘]+|["”'’]+$/g, "").trim();
  if (question === "" || /[\r\n]/.test(question)) return { ok: false, reason: "not a single line" };
  if (question.length > MAX_QUESTION_CHARS) return { ok: false, reason: "too long" };
  const said = new Set(contentStems(question));
  const lost = contentStems(followUp).filter((stem) => !isQuestionFrame(stem) && !said.has(stem));
  if (lost.length > 0) return { ok: false, reason: `dropped the follow-up's ${lost.join(", ")}` };
  const conversation = new Set([followUp, ...previous.flatMap((turn) => [turn.question, ...turn.cited.map((ref) => ref.quote ?? "")])].flatMap(contentStems));
  const added = [...said].filter((stem) => !conversation.has(stem) && !isQuestionFrame(stem));
  if (added.length > 0) return { ok: false, reason: `added ${added.join(", ")}, which the conversation never said` };
  return { ok: true, question };
}
