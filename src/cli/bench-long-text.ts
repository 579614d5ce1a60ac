import { cp, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { monitorEventLoopDelay, performance } from "node:perf_hooks";
import { Citebot } from "../citebot.js";
import type { PipelineConfig } from "../config.js";
import { EncoderPool } from "../embeddings/encoder-pool.js";
import type { Logger } from "../logger.js";

/** A fact placed at the very end of the line, so the question can only be answered from its last window. */
const FACT = "the lighthouse keeper repaints the lamp room blue every March";
const QUESTION = "What colour does the lighthouse keeper repaint the lamp room?";

/**
 * A document that is one line of `bytes` characters without a full stop (the worst case for
 * the sentence split and the encoder), indexed with the seeds in the encoder pool; then one
 * question answered from it. Reports the build, the question and the longest stall of the
 * main thread meanwhile (what an acknowledgement would have waited).
 */
export async function runLongTextBenchmark(config: PipelineConfig, logger: Logger, bytes: number): Promise<string> {
  const root = await mkdtemp(path.join(tmpdir(), "citebot-long-text-"));
  const seedsDir = path.join(root, "seeds");
  await cp(config.SEEDS_DIR, seedsDir, { recursive: true });
  const filler = "and the harbour master counted the boats again ";
  await writeFile(path.join(seedsDir, "one-line.txt"), `${filler.repeat(Math.ceil(bytes / filler.length)).slice(0, bytes)} while ${FACT}`);
  const embedder = new EncoderPool(config.ENCODER_THREADS, logger);
  const stalls = monitorEventLoopDelay({ resolution: 10 });
  try {
    stalls.enable();
    let started = performance.now();
    const citebot = await Citebot.open({ seedsDir, indexDir: path.join(root, "index"), logger, embedder });
    const buildMs = performance.now() - started;
    const buildStallMs = stalls.max / 1e6;
    stalls.reset();
    started = performance.now();
    const answer = await citebot.ask(QUESTION);
    const questionMs = performance.now() - started;
    const { candidates } = await citebot.collectEvidence(QUESTION);
    const fromLine = candidates.map((candidate) => candidate.sentence).filter((sentence) => sentence.file === "one-line.txt");
    const longest = Math.max(0, ...fromLine.map((sentence) => sentence.quote.length));
    const found = fromLine.some((sentence) => sentence.quote.includes(FACT));
    return [
      `A ${(bytes / 1e6).toFixed(2)} MB single-line document without punctuation, with the seeds (${citebot.status.paragraphs} paragraphs, ${citebot.status.chunks} chunks), ${embedder.threads} encoder workers:`,
      `  index build            ${(buildMs / 1000).toFixed(1)} s, longest main-thread stall ${buildStallMs.toFixed(0)} ms`,
      `  one question on it     ${questionMs.toFixed(0)} ms, longest stall ${(stalls.max / 1e6).toFixed(0)} ms`,
      `  its evidence units     ${fromLine.length} weighed, longest ${longest} characters; the fact ${found ? "found" : "NOT found"}; answered: ${answer.answered}`,
    ].join("\n");
  } finally {
    stalls.disable();
    await embedder.close();
    await rm(root, { recursive: true, force: true });
  }
}
