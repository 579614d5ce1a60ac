import type { ReindexSummary } from "../citebot.js";
import { describeFileDiff } from "../index/manifest.js";
import { embeddingWork, type BuildProgress } from "../index/build.js";
import type { StaleAnswer } from "../memory/stale-answers.js";
import { safeMarkdown } from "./safe-markdown.js";
import { skippedList } from "./skipped-text.js";

export function progressText(progress: BuildProgress): string {
  const work = embeddingWork(progress);
  return [
    "Rebuilding the index from the documents… questions are still answered from the current one.",
    `Read ${progress.filesRead} files (${progress.paragraphs} paragraphs); embedded ${work.embedded} of ${work.toEmbed} new passages and sentences (${work.reused} unchanged, reused).`,
  ].join("\n");
}

/** File names are the documents' own text, so they go through the escaper, each list cut to its share of the message first. */
const LIST_CHARS = 800;

export function summaryText(summary: ReindexSummary, stale: ReadonlyArray<Pick<StaleAnswer, "ephemeral">>): string {
  return [
    `Rebuilt the index in ${seconds(summary.ms)}: ${summary.files} files, ${summary.paragraphs} paragraphs, ${summary.chunks} passages and ${summary.sentences} sentences (${summary.chunksEmbedded + summary.sentencesEmbedded} embedded, ${summary.chunksReused + summary.sentencesReused} reused).`,
    `Changes: ${safeMarkdown(describeFileDiff(summary), LIST_CHARS)}.`,
    staleText(stale),
    summary.skipped.length > 0 ? `Not indexed (${summary.skipped.length}):\n${skippedList(summary.skipped, LIST_CHARS)}` : "",
    "Questions are now answered from the new index.",
  ]
    .filter(Boolean)
    .join("\n");
}

function staleText(stale: ReadonlyArray<Pick<StaleAnswer, "ephemeral">>): string {
  if (stale.length === 0) return "No earlier answer cites a paragraph that changed.";
  const hidden = stale.filter((answer) => answer.ephemeral).length;
  const privately = hidden > 0 ? ` (${hidden} of them private, which cannot be edited)` : "";
  return `Flagged ${stale.length} earlier ${stale.length === 1 ? "answer" : "answers"} citing a paragraph that changed or was removed${privately}; each gets a note.`;
}

export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}
