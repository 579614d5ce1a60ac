import { Citebot, type ReindexSummary } from "../citebot.js";
import { describeFileDiff } from "../index/manifest.js";
import type { ProgressListener } from "../index/build.js";
import { configuredProviders } from "../providers.js";
import { cliContext, runCli } from "./context.js";

runCli(async () => {
  const { config, logger } = cliContext();
  const options = { seedsDir: config.SEEDS_DIR, indexDir: config.INDEX_DIR, logger, ...(await configuredProviders(config)) };
  const summary = await Citebot.rebuildIndex(options, process.stderr.isTTY ? showProgress : undefined);
  if (process.stderr.isTTY) process.stderr.write("\n");
  console.log(summaryText(summary, config.SEEDS_DIR, config.INDEX_DIR));
});

/** One line rewritten in place: a long first build shows it is moving, and a reindex how little it had to embed. */
const showProgress: ProgressListener = (progress) => {
  const toEmbed = progress.chunksTotal - progress.chunksReused;
  process.stderr.write(`\rembedding ${progress.chunksEmbedded}/${toEmbed} new chunks (${progress.chunksReused} reused from the cache)`);
};

function summaryText(summary: ReindexSummary, seedsDir: string, indexDir: string): string {
  const skipped = summary.skipped.map((file) => `${file.name} (${file.reason})`);
  return [
    `Reindexed ${summary.files} files from ${seedsDir} into ${indexDir} in ${(summary.ms / 1000).toFixed(1)} s.`,
    `Changes: ${describeFileDiff(summary)}.`,
    `Paragraphs: ${summary.paragraphs}; chunks: ${summary.chunks} (${summary.chunksEmbedded} embedded, ${summary.chunksReused} reused from the cache).`,
    skipped.length > 0 ? `Skipped: ${skipped.join(", ")}.` : "",
  ]
    .filter(Boolean)
    .join("\n");
}
