import { performance } from "node:perf_hooks";
import { Citebot, type ReindexSummary } from "../citebot.js";
import { describeFileDiff } from "../index/manifest.js";
import { embeddingWork, type BuildProgress, type ProgressListener } from "../index/build.js";
import { citebotOptions } from "../providers.js";
import { cliContext } from "./context.js";
import { runCli } from "./run.js";

/** Without a terminal (a log file, CI) a progress line every few seconds says the build is moving without flooding the log. */
const PLAIN_PROGRESS_EVERY_MS = 5000;

runCli(async () => {
  const { config, logger } = cliContext();
  const options = await citebotOptions(config, logger);
  try {
    const summary = await Citebot.rebuildIndex(options, progressOnStderr(process.stderr.isTTY));
    if (process.stderr.isTTY) process.stderr.write("\n");
    console.log(summaryText(summary, config.SEEDS_DIR, config.INDEX_DIR));
  } finally {
    await options.embedder?.close?.();
  }
});

/**
 * Progress goes to stderr, apart from the summary on stdout: on a terminal one line rewritten
 * in place, otherwise a plain line every PLAIN_PROGRESS_EVERY_MS.
 */
function progressOnStderr(terminal: boolean): ProgressListener {
  const started = performance.now();
  let lastLine = -Infinity;
  return (progress) => {
    const now = performance.now();
    const work = embeddingWork(progress);
    const done = work.embedded === work.toEmbed;
    if (!terminal && !done && now - lastLine < PLAIN_PROGRESS_EVERY_MS) return;
    lastLine = now;
    const line = progressLine(progress, (now - started) / 1000);
    process.stderr.write(terminal ? `\r${line}` : `${line}\n`);
  };
}

function progressLine(progress: BuildProgress, seconds: number): string {
  const work = embeddingWork(progress);
  return `embedding ${work.embedded}/${work.toEmbed} new chunks and sentences (${work.percent}%, ${work.reused} reused from the cache), ${seconds.toFixed(0)} s`;
}

function summaryText(summary: ReindexSummary, seedsDir: string, indexDir: string): string {
  const seconds = summary.ms / 1000;
  return [
    `Reindexed ${summary.files} files from ${seedsDir} into ${indexDir} in ${seconds.toFixed(1)} s (${Math.round(summary.paragraphs / seconds)} paragraphs/s).`,
    `Changes: ${describeFileDiff(summary)}.`,
    `Paragraphs: ${summary.paragraphs}; chunks: ${summary.chunks} (${summary.chunksEmbedded} embedded, ${summary.chunksReused} reused from the cache); sentences: ${summary.sentences} (${summary.sentencesEmbedded} embedded, ${summary.sentencesReused} reused).`,
    summary.skipped.length > 0 ? `Not indexed (${summary.skipped.length}):\n${summary.skipped.map((file) => `  ${file.name} — ${file.reason}`).join("\n")}` : "",
  ]
    .filter(Boolean)
    .join("\n");
}
