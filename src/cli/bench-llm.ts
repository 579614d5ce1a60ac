import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import { pino } from "pino";
import type { PartialListener } from "../answer/llm/generate.js";
import { LlmAnswerGenerator, type GenerationOutcome } from "../answer/llm/generator.js";
import { createChatModel } from "../answer/llm/chat-model.js";
import { latencyOf } from "../bench/stats.js";
import type { Latency } from "../bench/tasks.js";
import { Citebot, type AskOptions } from "../citebot.js";
import { parsePipelineConfig } from "../config.js";
import type { Paragraph } from "../corpus/paragraphs.js";
import { UniversalSentenceEncoderEmbeddings } from "../embeddings/universal-sentence-encoder.js";
import { createLogger } from "../logger.js";
// The scripted server is the test fixture itself, so the benchmark measures exactly what the tests exercise.
import { citeBestSentence } from "../../tests/fake-llm/scripts.js";
import { startFakeLlm } from "../../tests/fake-llm/server.js";
import { cliContext } from "./context.js";
import { runCli } from "./run.js";
import { parseEvalQuestions } from "./eval-metrics.js";

const QUESTION_FILES = ["tests/eval/questions.jsonl", "tests/calibration/dev-questions.jsonl"];

export interface LlmBenchmarkOptions {
  seedsDir: string;
  questions: number;
  /** Added by the fake server before each reply. */
  serverLatencyMs: number;
}

export interface LlmPathReport {
  mode: "invoke" | "stream";
  /** Time spent in the LLM step (prompt, HTTP round trip, parsing, verification) per question. */
  added: Latency;
  endToEnd: Latency;
  fallbacks: number;
  fallbackReasons: Record<string, number>;
  droppedCitations: number;
}

export interface LlmBenchmarkReport extends LlmBenchmarkOptions {
  offline: Latency;
  paths: LlmPathReport[];
}

/** Records how long each generation took, around the real generator. */
class TimedGenerator extends LlmAnswerGenerator {
  readonly durations: number[] = [];

  override async generate(question: string, retrieved: readonly Paragraph[], onPartial?: PartialListener): Promise<GenerationOutcome> {
    const started = performance.now();
    try {
      return await super.generate(question, retrieved, onPartial);
    } finally {
      this.durations.push(performance.now() - started);
    }
  }
}

/**
 * The latency the LLM path adds over the offline answer, against a local OpenAI-compatible
 * server with a fixed latency, through the real @langchain/openai client; and how often
 * verification sent the answer back to the extractive one.
 */
export async function runLlmBenchmark(options: LlmBenchmarkOptions): Promise<LlmBenchmarkReport> {
  const server = await startFakeLlm((request) => ({ ...citeBestSentence(request), delayMs: options.serverLatencyMs }));
  const indexDir = await mkdtemp(path.join(tmpdir(), "citebot-bench-llm-"));
  try {
    const embedder = await UniversalSentenceEncoderEmbeddings.load();
    const silent = createLogger("silent");
    const offline = await Citebot.open({ seedsDir: options.seedsDir, indexDir, logger: silent, embedder });
    const config = parsePipelineConfig({ LLM_PROVIDER: "openai", LLM_MODEL: "fake-model", OPENAI_API_KEY: "bench", OPENAI_BASE_URL: server.baseUrl });
    const model = createChatModel(config);
    if (!model) throw new Error("the benchmark's chat model was not created");
    const generator = new TimedGenerator({ model, timeoutMs: config.LLM_TIMEOUT_MS, failuresBeforePause: config.LLM_FAILURES_BEFORE_PAUSE, pauseMs: config.LLM_PAUSE_SECONDS * 1000 });
    const warnings: Array<{ reason?: string }> = [];
    const logger = pino({ level: "warn" }, { write: (line: string) => void warnings.push(JSON.parse(line) as { reason?: string }) });
    const withLlm = await Citebot.open({ seedsDir: options.seedsDir, indexDir, logger, embedder, generator });

    const questions = await benchmarkQuestions(options.questions);
    // Unmeasured: fills each Citebot's sentence-vector memo, so both paths are timed warm.
    for (const question of new Set(questions)) {
      await offline.ask(question);
      await withLlm.ask(question);
    }

    const offlineMs: number[] = [];
    for (const question of questions) offlineMs.push((await offline.ask(question)).ms);

    const paths: LlmPathReport[] = [];
    for (const mode of ["invoke", "stream"] as const) {
      generator.durations.length = 0;
      warnings.length = 0;
      const ask: AskOptions = mode === "stream" ? { onPartial: () => undefined } : {};
      const endToEnd: number[] = [];
      let fallbacks = 0;
      let droppedCitations = 0;
      for (const question of questions) {
        const result = await withLlm.ask(question, ask);
        endToEnd.push(result.ms);
        if (result.generator === "extractive") fallbacks += 1;
        droppedCitations += result.droppedCitations;
      }
      const fallbackReasons: Record<string, number> = {};
      for (const { reason = "unknown" } of warnings) fallbackReasons[reason] = (fallbackReasons[reason] ?? 0) + 1;
      paths.push({ mode, added: latencyOf(generator.durations), endToEnd: latencyOf(endToEnd), fallbacks, fallbackReasons, droppedCitations });
    }
    return { ...options, offline: latencyOf(offlineMs), paths };
  } finally {
    await server.close();
    await rm(indexDir, { recursive: true, force: true });
  }
}

export function formatLlmBenchmark(report: LlmBenchmarkReport): string {
  const ms = (value: number): string => `${value.toFixed(1)} ms`.padStart(9);
  const row = (name: string, { p50, p95 }: Latency): string => `  ${name.padEnd(34)} p50 ${ms(p50)}   p95 ${ms(p95)}`;
  const lines = [
    `LLM path against a local OpenAI-compatible server (${report.serverLatencyMs} ms scripted latency, @langchain/openai client), ${report.questions} questions:`,
    row("offline answer, end to end", report.offline),
  ];
  for (const path of report.paths) {
    const reasons = Object.entries(path.fallbackReasons).map(([reason, count]) => `${count} ${reason}`).join(", ");
    lines.push(
      row(`${path.mode}: added by the LLM step`, path.added),
      row(`${path.mode}: answer, end to end`, path.endToEnd),
      `  ${`${path.mode}: fallback rate`.padEnd(34)} ${((100 * path.fallbacks) / report.questions).toFixed(1)}% (${path.fallbacks}/${report.questions}${reasons ? `: ${reasons}` : ""}); dropped citations ${path.droppedCitations}`,
    );
  }
  return lines.join("\n");
}

/** The eval and development questions, repeated in order until there are enough. */
async function benchmarkQuestions(count: number): Promise<string[]> {
  const pool: string[] = [];
  for (const file of QUESTION_FILES) pool.push(...parseEvalQuestions(await readFile(file, "utf8")).map((question) => question.question));
  return Array.from({ length: count }, (_, i) => pool[i % pool.length] ?? "");
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  runCli(async () => {
    const { values } = parseArgs({ options: { questions: { type: "string", default: "100" }, latency: { type: "string", default: "0" }, json: { type: "boolean" } } });
    const report = await runLlmBenchmark({ seedsDir: cliContext().config.SEEDS_DIR, questions: Number(values.questions), serverLatencyMs: Number(values.latency) });
    console.log(values.json ? JSON.stringify(report) : formatLlmBenchmark(report));
  });
}
