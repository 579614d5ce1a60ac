import { escapeMarkdown } from "discord.js";
import type { ReindexSummary } from "../citebot.js";
import { describeFileDiff } from "../index/manifest.js";
import type { BuildProgress } from "../index/build.js";
import { skippedList } from "./skipped-text.js";
import { clampText, DISCORD_LIMITS } from "./text-limits.js";

export function progressText(progress: BuildProgress): string {
  return [
    "Rebuilding the index from the documents… questions are still answered from the current one.",
    `Read ${progress.filesRead} files (${progress.paragraphs} paragraphs); embedded ${progress.chunksEmbedded} of ${progress.chunksTotal - progress.chunksReused} new passages (${progress.chunksReused} unchanged, reused).`,
  ].join("\n");
}

export function summaryText(summary: ReindexSummary): string {
  return clampText(
    [
      `Rebuilt the index in ${seconds(summary.ms)}: ${summary.files} files, ${summary.paragraphs} paragraphs, ${summary.chunks} passages (${summary.chunksEmbedded} embedded, ${summary.chunksReused} reused).`,
      `Changes: ${escapeMarkdown(describeFileDiff(summary))}.`,
      summary.skipped.length > 0 ? `Not indexed (${summary.skipped.length}):\n${skippedList(summary.skipped, SKIPPED_CHARS)}` : "",
      "Questions are now answered from the new index.",
    ]
      .filter(Boolean)
      .join("\n"),
    DISCORD_LIMITS.content,
  );
}

/** The rest of the message is a few hundred characters; the full list is in the log and /sources. */
const SKIPPED_CHARS = 1200;

export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}
