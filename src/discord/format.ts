import type { APIEmbed } from "discord.js";
import { describePlace } from "../answer/citation-text.js";
import { citationLabel, type Answer, type Citation } from "../answer/types.js";
import type { AskResult, IndexStatus } from "../citebot.js";
import { safeMarkdown } from "./safe-markdown.js";
import { clampText, DISCORD_LIMITS, joinWithin } from "./text-limits.js";
import { codeAnswerText } from "./code-answer.js";
import { skippedList } from "./skipped-text.js";

export type AnswerView = Answer & Pick<AskResult, "generator" | "droppedCitations" | "contextQuestions" | "standaloneQuestion">;

export const SHORTENED_NOTE = "*(answer shortened — see the sources)*";
const SOURCES = "Sources";
const FOLLOW_UP = "Read as a follow-up to";
/** Enough of a quote to recognise the passage; the full text is in the file. */
const QUOTE_CHARS = 140;
/** A file name past this is cut in lists: enough to tell files apart. */
const FILE_NAME_CHARS = 200;
/** A heading path is a line, not a paragraph: deep nesting is cut rather than crowding out the quote. */
const PLACE_CHARS = 160;
const ANSWER_COLOR = 0x3b82f6;
const REFUSAL_COLOR = 0x9ca3af;

/** The reply to a question, from /ask, a DM or a mention alike. Question, answer and quotes are escaped: they are quoted, not formatted. */
export function answerEmbed(answer: AnswerView, index: IndexStatus): APIEmbed {
  const title = safeMarkdown(answer.question, DISCORD_LIMITS.embedTitle);
  const footer = { text: clampText(answerFooter(answer, index), DISCORD_LIMITS.footer) };
  const context = followUpNote(answer.contextQuestions, answer.standaloneQuestion);
  if (!answer.answered) {
    const hint = " Try `/sources` to see which documents I answer from.";
    const asFollowUp = context ? `

${FOLLOW_UP}: ${context}` : "";
    return { title, description: `${safeMarkdown(answer.answer, DISCORD_LIMITS.embedDescription - hint.length - asFollowUp.length)}${hint}${asFollowUp}`, color: REFUSAL_COLOR, footer };
  }
  const fields = [...(context ? [{ name: FOLLOW_UP, value: context }] : []), ...(answer.citations.length > 0 ? [{ name: SOURCES, value: sourcesField(answer.citations) }] : [])];
  const fixed = title.length + footer.text.length + fields.reduce((sum, field) => sum + field.name.length + field.value.length, 0);
  const room = Math.min(DISCORD_LIMITS.embedDescription, DISCORD_LIMITS.embedTotal - fixed);
  const code = answer.generator === "extractive" ? codeAnswerText(answer.citations, room, SHORTENED_NOTE) : undefined;
  return { title, description: code ?? safeMarkdown(answer.answer, room, { shortenedNote: SHORTENED_NOTE }), color: ANSWER_COLOR, fields, footer };
}

/**
 * Shown while a model writes: no model text, because nothing it wrote is checked yet and
 * a link or a false claim must not be public even for a second.
 */
export function draftEmbed(question: string, charactersWritten: number): APIEmbed {
  return {
    title: safeMarkdown(question, DISCORD_LIMITS.embedTitle),
    description: `Writing the answer… (${charactersWritten} characters so far). It appears here once every sentence is checked against its source.`,
    color: REFUSAL_COLOR,
    footer: { text: "Writing… the citations are checked when the answer is complete." },
  };
}

/** /sources: what the bot answers from, and whether that is out of date. */
export function sourcesEmbed(index: IndexStatus, rebuilding: boolean): APIEmbed {
  const lines = index.files.map((file) => `${safeMarkdown(file.name, FILE_NAME_CHARS)} — ${file.paragraphs} paragraphs`);
  const stale = index.stale === undefined ? [] : [`**Out of date:** ${safeMarkdown(index.stale, 600)} Answers come from the last good index; a moderator's \`/reindex\` tries again.`, ""];
  const description = joinWithin([...stale, ...lines], DISCORD_LIMITS.embedDescription, (count) => `…and ${count} more files`);
  const running = rebuilding ? " · a rebuild is running; this is the index still serving" : "";
  const skipped = index.skipped.length > 0 ? [{ name: `Not indexed (${index.skipped.length})`, value: skippedList(index.skipped, DISCORD_LIMITS.fieldValue) }] : [];
  return { title: "Indexed documents", description, color: ANSWER_COLOR, fields: skipped, footer: { text: `${indexSummary(index)}${running}` } };
}

function indexSummary(index: IndexStatus): string {
  return `Index built ${formatInstant(index.builtAt)} · ${index.paragraphs} paragraphs in ${index.files.length} files`;
}

/** A footer cannot render Discord's <t:…> timestamps, so the time is spelt out in UTC. */
export function formatInstant(iso: string): string {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : `${date.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

/**
 * Which earlier questions a follow-up was read with, so a reader can tell why "when was that?"
 * got this answer, and the standalone question a language model made of it, which was answered.
 */
function followUpNote(contextQuestions: readonly string[] | undefined, standalone: string | undefined): string {
  if (contextQuestions === undefined || contextQuestions.length === 0) return "";
  const answeredAs = standalone === undefined ? "" : `\nAnswered as: “${safeMarkdown(standalone, QUOTE_CHARS)}”`;
  const quoted = contextQuestions.map((question) => `“${safeMarkdown(question, QUOTE_CHARS)}”`);
  return `${joinWithin(quoted, DISCORD_LIMITS.fieldValue - answeredAs.length, (count) => `…and ${count} more`)}${answeredAs}`;
}

function sourcesField(citations: readonly Citation[]): string {
  const lines = citations.map((citation, i) => {
    const label = safeMarkdown(citationLabel(citation), FILE_NAME_CHARS);
    const place = describePlace(citation);
    // The quote is shown flat: a code block's newlines would make the list unreadable.
    const quote = safeMarkdown(citation.quote.replace(/\s+/g, " "), QUOTE_CHARS);
    return `**${i + 1}.** ${citation.url ? `[${label}](${citation.url})` : label}${place ? ` · ${safeMarkdown(place, PLACE_CHARS)}` : ""} — “${quote}”`;
  });
  return joinWithin(lines, DISCORD_LIMITS.fieldValue, (count) => `…and ${count} more`);
}

function answerFooter(answer: AnswerView, index: IndexStatus): string {
  const notes = [
    answer.generator === "llm" ? "Written by a language model from the cited paragraphs: check the quotes" : "",
    answer.droppedCitations > 0 ? `${answer.droppedCitations} unsupported citation(s) removed` : "",
  ].filter(Boolean);
  return [...notes, indexSummary(index)].join(" · ");
}
