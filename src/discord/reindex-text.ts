import { escapeMarkdown } from "discord.js";
import type { ReindexSummary } from "../citebot.js";
import { describeFileDiff } from "../index/manifest.js";
import { embeddingWork, type BuildProgress } from "../index/build.js";
import { clampText, DISCORD_LIMITS } from "./text-limits.js";

export function progressText(progress: BuildProgress): string {
  const work = embeddingWork(progress);
  return [
    "Rebuilding the index from the documents… questions are still answered from the current one.",
    `Read ${progress.filesRead} files (${progress.paragraphs} paragraphs); embedded ${work.embedded} of ${work.toEmbed} new passages and sentences (${work.reused} unchanged, reused).`,
  ].join("\n");
}

export function summaryText(summary: ReindexSummary): string {
  const skipped = summary.skipped.map((file) => `${escapeMarkdown(file.name)} (${file.reason})`);
  return clampText(
    [
      `Rebuilt the index in ${seconds(summary.ms)}: ${summary.files} files, ${summary.paragraphs} paragraphs, ${summary.chunks} passages and ${summary.sentences} sentences (${summary.chunksEmbedded + summary.sentencesEmbedded} embedded, ${summary.chunksReused + summary.sentencesReused} reused).`,
      `Changes: ${escapeMarkdown(describeFileDiff(summary))}.`,
      skipped.length > 0 ? `Skipped: ${skipped.join(", ")}.` : "",
      "Questions are now answered from the new index.",
    ]
      .filter(Boolean)
      .join("\n"),
    DISCORD_LIMITS.content,
  );
}

export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}
