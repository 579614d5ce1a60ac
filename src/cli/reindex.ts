import { Citebot, type ReindexSummary } from "../citebot.js";
import { describeFileDiff } from "../index/manifest.js";
import { embeddingWork, type ProgressListener } from "../index/build.js";
import { citebotOptions } from "../providers.js";
import { cliContext } from "./context.js";
import { runCli } from "./run.js";

runCli(async () => {
  const { config, logger } = cliContext();
  const summary = await Citebot.rebuildIndex(await citebotOptions(config, logger), process.stderr.isTTY ? showProgress : undefined);
  if (process.stderr.isTTY) process.stderr.write("\n");
  console.log(summaryText(summary, config.SEEDS_DIR, config.INDEX_DIR));
});

/** One line rewritten in place: a long first build shows it is moving, and a reindex how little it had to embed. */
const showProgress: ProgressListener = (progress) => {
  const work = embeddingWork(progress);
  process.stderr.write(`\rembedding ${work.embedded}/${work.toEmbed} new chunks and sentences (${work.reused} reused from the cache)`);
};

function summaryText(summary: ReindexSummary, seedsDir: string, indexDir: string): string {
  return [
    `Reindexed ${summary.files} files from ${seedsDir} into ${indexDir} in ${(summary.ms / 1000).toFixed(1)} s.`,
    `Changes: ${describeFileDiff(summary)}.`,
    `Paragraphs: ${summary.paragraphs}; chunks: ${summary.chunks} (${summary.chunksEmbedded} embedded, ${summary.chunksReused} reused from the cache); sentences: ${summary.sentences} (${summary.sentencesEmbedded} embedded, ${summary.sentencesReused} reused).`,
    summary.skipped.length > 0 ? `Not indexed (${summary.skipped.length}):\n${summary.skipped.map((file) => `  ${file.name} — ${file.reason}`).join("\n")}` : "",
  ]
    .filter(Boolean)
    .join("\n");
}
