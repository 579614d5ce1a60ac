import { escapeMarkdown, type APIEmbed } from "discord.js";
import { citationLabel, type Answer, type Citation } from "../answer/types.js";
import type { AskResult, IndexStatus } from "../citebot.js";
import { clampText, cutAtSentence, DISCORD_LIMITS, joinWithin } from "./text-limits.js";

export type AnswerView = Answer & Pick<AskResult, "generator" | "droppedCitations" | "contextQuestions">;

export const SHORTENED_NOTE = "*(answer shortened — see the sources)*";
const SOURCES = "Sources";
const FOLLOW_UP = "Read as a follow-up to";
/** Enough of a quote to recognise the passage; the full text is in the file. */
const QUOTE_CHARS = 140;
const ANSWER_COLOR = 0x3b82f6;
const REFUSAL_COLOR = 0x9ca3af;

/** The reply to a question, from /ask, a DM or a mention alike. Document text is escaped: it is quoted, not formatted. */
export function answerEmbed(answer: AnswerView, index: IndexStatus): APIEmbed {
  const title = clampText(answer.question, DISCORD_LIMITS.embedTitle);
  const footer = { text: clampText(answerFooter(answer, index), DISCORD_LIMITS.footer) };
  const context = followUpNote(answer.contextQuestions);
  if (!answer.answered) {
    const refusal = `${answer.answer} Try \`/sources\` to see which documents I answer from.${context ? `\n\n${FOLLOW_UP}: ${context}` : ""}`;
    return { title, description: clampText(refusal, DISCORD_LIMITS.embedDescription), color: REFUSAL_COLOR, footer };
  }
  const fields = [...(context ? [{ name: FOLLOW_UP, value: context }] : []), ...(answer.citations.length > 0 ? [{ name: SOURCES, value: sourcesField(answer.citations) }] : [])];
  const fixed = title.length + footer.text.length + fields.reduce((sum, field) => sum + field.name.length + field.value.length, 0);
  const room = Math.min(DISCORD_LIMITS.embedDescription, DISCORD_LIMITS.embedTotal - fixed);
  return { title, description: cutAtSentence(escapeMarkdown(answer.answer), room, SHORTENED_NOTE), color: ANSWER_COLOR, fields, footer };
}

/** A generated answer still being written: shown as it grows, replaced by the checked answer. */
export function draftEmbed(question: string, partialText: string): APIEmbed {
  return {
    title: clampText(question, DISCORD_LIMITS.embedTitle),
    description: clampText(escapeMarkdown(partialText), DISCORD_LIMITS.embedDescription) || "…",
    color: REFUSAL_COLOR,
    footer: { text: "Writing… the citations are checked when the answer is complete." },
  };
}

/** /sources: what the bot answers from. */
export function sourcesEmbed(index: IndexStatus, rebuilding: boolean): APIEmbed {
  const lines = index.files.map((file) => `${escapeMarkdown(file.name)} — ${file.paragraphs} paragraphs`);
  const description = joinWithin(lines, DISCORD_LIMITS.embedDescription, (count) => `…and ${count} more files`);
  const running = rebuilding ? " · a rebuild is running; this is the index still serving" : "";
  return { title: "Indexed documents", description, color: ANSWER_COLOR, footer: { text: `${indexSummary(index)}${running}` } };
}

function indexSummary(index: IndexStatus): string {
  return `Index built ${formatInstant(index.builtAt)} · ${index.paragraphs} paragraphs in ${index.files.length} files`;
}

/** A footer cannot render Discord's <t:…> timestamps, so the time is spelt out in UTC. */
export function formatInstant(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : `${date.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

/** Which earlier questions a follow-up was read with, so a reader can tell why "when was that?" got this answer. */
function followUpNote(contextQuestions: readonly string[] | undefined): string {
  if (contextQuestions === undefined || contextQuestions.length === 0) return "";
  const quoted = contextQuestions.map((question) => `“${escapeMarkdown(clampText(question, QUOTE_CHARS))}”`);
  return joinWithin(quoted, DISCORD_LIMITS.fieldValue, (count) => `…and ${count} more`);
}

function sourcesField(citations: readonly Citation[]): string {
  const lines = citations.map(
    (citation, i) => `**${i + 1}.** ${escapeMarkdown(citationLabel(citation))} — “${escapeMarkdown(clampText(citation.quote, QUOTE_CHARS))}”`,
  );
  return joinWithin(lines, DISCORD_LIMITS.fieldValue, (count) => `…and ${count} more`);
}

function answerFooter(answer: AnswerView, index: IndexStatus): string {
  const notes = [
    answer.generator === "llm" ? "Written by a language model from the cited paragraphs: check the quotes" : "",
    answer.droppedCitations > 0 ? `${answer.droppedCitations} unsupported citation(s) removed` : "",
  ].filter(Boolean);
  return [...notes, indexSummary(index)].join(" · ");
}
