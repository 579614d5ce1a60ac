import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { formatIngest, measureIngest, packageDocsFolder } from "../bench/ingest-throughput.js";
import { median, peakRssMb, percentile } from "../bench/stats.js";
import { Citebot } from "../citebot.js";
import { loadCorpus } from "../corpus/load.js";
import { splitSentences } from "../text/sentences.js";
import { EncoderPool } from "../embeddings/encoder-pool.js";
import { createLogger } from "../logger.js";
import { isStopword, words } from "../text/terms.js";
import { cliContext } from "./context.js";
import { runCli } from "./run.js";
import { parseEvalQuestions } from "./eval-metrics.js";

const QUESTION_FILES = ["tests/eval/questions.jsonl", "tests/calibration/dev-questions.jsonl"];
const MIN_QUESTIONS = 200;

const USAGE = `usage: npm run bench                 seed corpus: build, load, per-question latency; indexing paragraphs/s
                                     for the seeds and a Markdown folder (--docs DIR, default: the docs of installed packages)
       npm run bench -- --scale      synthetic corpora of 1k, 10k and 100k chunks (see bench-scale.ts)
       npm run bench -- --llm        latency the LLM path adds, against a local OpenAI-compatible server
       npm run bench -- --hostile    main-thread time of parsing and splitting 256 KB and 1 MB of hostile text
       npm run bench -- --long-text [BYTES]   index a single-line document without punctuation (default 1 MB)
                                     with the seeds, ask a question on it; build time, question time, longest main-thread stall`;

runCli(async () => {
  const argv = process.argv.slice(2);
  if (argv.includes("--help")) return console.error(USAGE);
  if (argv.includes("--scale")) {
    const { runScaleBenchmark } = await import("./bench-scale.js");
    return runScaleBenchmark(argv.filter((arg) => arg !== "--scale"));
  }
  if (argv.includes("--long-text")) {
    const { runLongTextBenchmark } = await import("./bench-long-text.js");
    const { config, logger } = cliContext();
    const bytes = Number(argv[argv.indexOf("--long-text") + 1]);
    return console.log(await runLongTextBenchmark(config, logger, Number.isInteger(bytes) && bytes > 0 ? bytes : 1_000_000));
  }
  if (argv.includes("--hostile")) {
    const { runHostileBenchmark } = await import("./bench-hostile.js");
    return console.log(runHostileBenchmark());
  }
  const { config } = cliContext();
  if (argv.includes("--llm")) {
    const { runLlmBenchmark, formatLlmBenchmark } = await import("./bench-llm.js");
    return console.log(formatLlmBenchmark(await runLlmBenchmark({ seedsDir: config.SEEDS_DIR, questions: 100, serverLatencyMs: 0 })));
  }
  const { values } = parseArgs({ args: argv, options: { questions: { type: "string", default: String(MIN_QUESTIONS) }, docs: { type: "string" } } });
  const logger = createLogger("warn");
  const indexDir = await mkdtemp(path.join(tmpdir(), "citebot-bench-"));
  // The encoder as the bot and `npm run reindex` run it: ENCODER_THREADS workers, questions first.
  let started = performance.now();
  const embedder = new EncoderPool(config.ENCODER_THREADS, logger);
  try {
    await embedder.embedQuery("warm-up");
    const modelLoadMs = performance.now() - started;

    started = performance.now();
    await Citebot.open({ seedsDir: config.SEEDS_DIR, indexDir, logger, embedder });
    const buildMs = performance.now() - started;

    started = performance.now();
    const citebot = await Citebot.open({ seedsDir: config.SEEDS_DIR, indexDir, logger, embedder });
    const loadMs = performance.now() - started;

    const questions = await benchmarkQuestions(config.SEEDS_DIR, Number(values.questions));
    const timings = { embed: [] as number[], retrieve: [] as number[], answer: [] as number[], total: [] as number[] };
    let answered = 0;
    for (const question of questions) {
      const result = await citebot.ask(question);
      timings.embed.push(result.timings.embedMs);
      timings.retrieve.push(result.timings.retrieveMs);
      timings.answer.push(result.timings.answerMs);
      timings.total.push(result.timings.embedMs + result.timings.retrieveMs + result.timings.answerMs);
      if (result.answered) answered += 1;
    }

    const docs = values.docs === undefined ? await packageDocsFolder() : { dir: values.docs, cleanup: async () => undefined };
    const ingest = [await measureIngest(`seeds (${config.SEEDS_DIR})`, config.SEEDS_DIR, embedder, logger)];
    try {
      ingest.push(await measureIngest(`Markdown folder (${values.docs ?? "docs of undici, pino and piscina from node_modules"})`, docs.dir, embedder, logger));
    } finally {
      await docs.cleanup();
    }

    const ms = (value: number) => `${value.toFixed(1)} ms`;
    const row = (name: string, values: number[]) => `  ${name.padEnd(22)} p50 ${ms(median(values)).padStart(10)}   p95 ${ms(percentile(values, 95)).padStart(10)}`;
    console.log(
      [
        `Seed corpus: ${citebot.status.files.length} files, ${citebot.status.paragraphs} paragraphs, ${citebot.status.chunks} chunks (model ${citebot.status.model})`,
        `  model load             ${ms(modelLoadMs)}   (${embedder.threads} encoder workers, to the first vector)`,
        `  full index build       ${ms(buildMs)}   (cold: every chunk and sentence embedded)`,
        `  saved index load       ${ms(loadMs)}   (build / load = ${(buildMs / loadMs).toFixed(1)}x)`,
        `Per question, ${questions.length} questions (${answered} answered, ${questions.length - answered} refused):`,
        row("question embedding", timings.embed),
        row("retrieval (fused)", timings.retrieve),
        row("answer (extractive)", timings.answer),
        row("total", timings.total),
        "Indexing throughput:",
        ...ingest.map(formatIngest),
        `  peak RSS               ${peakRssMb().toFixed(0)} MiB`,
      ].join("\n"),
    );
  } finally {
    await embedder.close();
    await rm(indexDir, { recursive: true, force: true });
  }
});

/**
 * The eval and dev questions, then questions made from the corpus's own sentences
 * ("What about <its first content words>?") until there are enough: each is different,
 * as users' questions are.
 */
async function benchmarkQuestions(seedsDir: string, count: number): Promise<string[]> {
  const questions: string[] = [];
  for (const file of QUESTION_FILES) questions.push(...parseEvalQuestions(await readFile(file, "utf8")).map((question) => question.question));
  const corpus = await loadCorpus(seedsDir);
  const sentences = corpus.files.flatMap((file) => file.paragraphs.flatMap((paragraph) => splitSentences(paragraph.text)));
  for (let i = 0; questions.length < count && i < sentences.length * 3; i += 1) {
    const content = [...new Set(words(sentences[i % sentences.length] ?? "").filter((word) => !isStopword(word)))];
    const offset = Math.floor(i / sentences.length) * 2;
    const picked = content.slice(offset, offset + 5);
    if (picked.length >= 3) questions.push(`What about ${picked.join(" ")}?`);
  }
  return questions.slice(0, Math.max(count, MIN_QUESTIONS));
}
