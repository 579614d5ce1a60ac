import { spawn, type ChildProcess } from "node:child_process";
import { access, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { ApplicationCommandOptionType } from "discord.js";
import { median, percentile } from "../bench/stats.js";
import { Citebot } from "../citebot.js";
import { configuredSecrets, parsePipelineConfig, readEnvironment } from "../config.js";
import { createLogger } from "../logger.js";
import { AnswerMemory } from "../memory/answer-memory.js";
import { citebotOptions } from "../providers.js";
import { FakeDiscord, type RecordedRequest, type SentInteraction } from "../../tests/fake-discord/index.js";
import { runCli } from "./run.js";

const USAGE = `usage: npm run bench:discord [-- --burst 40 --total 200 --concurrency 20]
Starts the compiled bot as \`npm start\` does (node dist/src/main.js; run \`npm run build\` after
changing the sources) against a local fake Discord, with a saved index for SEEDS_DIR in
INDEX_DIR (built first if missing or stale), and reports the time from start to the gateway
identify and to READY, then the time to the defer and to the final answer for a burst of
--burst /ask at once and for --total /ask at --concurrency at a time.`;

/** What \`npm start\` runs. */
const COMPILED_BOT = "dist/src/main.js";
/** A start slower than this is a failure, not a figure. */
const START_TIMEOUT_MS = 120_000;

/** Far beyond any healthy answer; an interaction still silent after this counts as unanswered. */
const REPLY_TIMEOUT_MS = 60_000;
const QUESTION_FILES = ["tests/calibration/dev-questions.jsonl", "tests/eval/questions.jsonl"];

interface Outcome {
  ackMs: number | undefined;
  answerMs: number | undefined;
  kind: "answered" | "refused" | "error reply" | "no reply";
}

runCli(async () => {
  const { values } = parseArgs({
    options: { burst: { type: "string", default: "40" }, total: { type: "string", default: "200" }, concurrency: { type: "string", default: "20" }, help: { type: "boolean", short: "h" } },
  });
  if (values.help) {
    console.error(USAGE);
    return;
  }
  const burst = positive(values.burst, "--burst");
  const total = positive(values.total, "--total");
  const concurrency = positive(values.concurrency, "--concurrency");
  const questions = await loadQuestions();
  await access(COMPILED_BOT).catch(() => {
    throw new Error(`${COMPILED_BOT} is missing: run \`npm run build\` first`);
  });

  const env = readEnvironment();
  const pipeline = parsePipelineConfig(env);
  const logger = createLogger(env.LOG_LEVEL ?? "warn", { secrets: configuredSecrets(pipeline) });
  // A saved index that matches the documents, as on a server that has run before: the start below only loads it.
  await (await Citebot.open(await citebotOptions(pipeline, logger))).close();

  const fake = await FakeDiscord.start();
  // The answers the benchmark sends are recorded like any others, but never into the operator's database.
  const dataDir = await mkdtemp(path.join(tmpdir(), "citebot-bench-data-"));
  // The fake has no global rate limit, and Discord exempts interaction responses from its own.
  const bot = startCompiledBot({ ...env, DISCORD_TOKEN: "bench-token", DISCORD_API_BASE: fake.apiBase, DATA_DIR: dataDir, LOG_LEVEL: "info", DISCORD_REST_REQUESTS_PER_SECOND: "10000" });
  let sent = 0;
  try {
    await Promise.race([fake.whenIdentified(), bot.exited.then(() => Promise.reject(new Error(`the bot exited during start-up:\n${bot.stderr()}`)))]);
    const identifiedMs = performance.now() - bot.startedAt;
    const ready = await bot.readyLine;
    console.log(`start (node ${COMPILED_BOT}, saved index): gateway identify ${ms(identifiedMs)}, READY ${ms(ready.seenAt - bot.startedAt)} (the bot's own clock: ${ms(ready.sinceStartMs)})`);

    // The first answer pays for lazy initialisation in the encoder; it is not what users wait for afterwards.
    let member = 0;
    await ask(fake, questions[0] ?? "warm-up", member++);
    for (const [label, count, width] of [
      ["at once", burst, burst],
      [`${concurrency} at a time`, total, concurrency],
    ] as const) {
      const started = performance.now();
      const first = member;
      member += count;
      const outcomes = await pool(count, width, (i) => ask(fake, questions[(first + i) % questions.length] ?? "", first + i));
      report(outcomes, { label, total: count, questions: Math.min(questions.length, count), wallMs: performance.now() - started });
      sent += outcomes.filter((outcome) => outcome.kind === "answered" || outcome.kind === "refused").length;
    }
  } finally {
    bot.child.kill("SIGTERM");
    await bot.exited;
    await fake.close();
  }
  // Read back from the file after the bot closed it: what the answer memory kept of this run.
  const memory = AnswerMemory.open(dataDir, 1);
  try {
    console.log(`answer memory: ${memory.recordedAnswers()} answers recorded for ${sent + 1} sent (the warm-up included)`);
  } finally {
    memory.close();
    await rm(dataDir, { recursive: true, force: true });
  }
});

interface CompiledBot {
  child: ChildProcess;
  startedAt: number;
  exited: Promise<void>;
  readyLine: Promise<{ seenAt: number; sinceStartMs: number }>;
  stderr(): string;
}

/** The compiled entry point in a child process, its log read for READY. */
function startCompiledBot(env: Record<string, string | undefined>): CompiledBot {
  const startedAt = performance.now();
  const child = spawn(process.execPath, [COMPILED_BOT], { env, stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  let pending = "";
  let markReady: (line: { seenAt: number; sinceStartMs: number }) => void = () => undefined;
  const readyLine = new Promise<{ seenAt: number; sinceStartMs: number }>((resolve, reject) => {
    markReady = resolve;
    setTimeout(() => reject(new Error(`no READY within ${START_TIMEOUT_MS} ms:\n${stderr}`)), START_TIMEOUT_MS).unref();
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString();
    pending += chunk.toString();
    const lines = pending.split("\n");
    pending = lines.pop() ?? "";
    for (const line of lines) {
      if (!line.includes('"msg":"READY"')) continue;
      const parsed = JSON.parse(line) as { sinceStartMs?: number };
      markReady({ seenAt: performance.now(), sinceStartMs: parsed.sinceStartMs ?? Number.NaN });
    }
  });
  const exited = new Promise<void>((resolve) => child.once("close", () => resolve()));
  return { child, startedAt, exited, readyLine, stderr: () => stderr };
}

function positive(text: string, flag: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${flag} must be a positive whole number, not ${text}`);
  return value;
}

async function loadQuestions(): Promise<string[]> {
  const questions: string[] = [];
  for (const file of QUESTION_FILES) {
    for (const line of (await readFile(file, "utf8")).split("\n")) {
      if (line.trim() === "") continue;
      const parsed = JSON.parse(line) as { question?: unknown };
      if (typeof parsed.question === "string") questions.push(parsed.question);
    }
  }
  if (questions.length === 0) throw new Error(`no questions in ${QUESTION_FILES.join(", ")}`);
  return questions;
}

/** Runs `count` tasks with at most `width` under way at once. */
async function pool<T>(count: number, width: number, task: (index: number) => Promise<T>): Promise<T[]> {
  const results: T[] = new Array<T>(count);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < count) {
      const index = next++;
      results[index] = await task(index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, count) }, worker));
  return results;
}

async function ask(fake: FakeDiscord, question: string, member: number): Promise<Outcome> {
  const sent = fake.sendSlashCommand({
    name: "ask",
    options: [{ name: "question", type: ApplicationCommandOptionType.String, value: question }],
    user: { id: `${900_000_000_000_000_000n + BigInt(member)}`, username: `bench-${member}` },
  });
  const [callback, final] = await Promise.all([
    wait(fake, (request) => request.path === `/interactions/${sent.id}/${sent.token}/callback`),
    wait(fake, (request) => request.method === "PATCH" && request.path === `/webhooks/${fake.applicationId}/${sent.token}/messages/@original`),
  ]);
  const ackMs = elapsed(sent, callback);
  const answerMs = elapsed(sent, final);
  if (answerMs === undefined || final === undefined) return { ackMs, answerMs, kind: "no reply" };
  const body = JSON.stringify(final.body);
  const kind = body.includes("error id") ? "error reply" : body.includes('"fields":[{"name":"Sources"') ? "answered" : "refused";
  return { ackMs, answerMs, kind };
}

function wait(fake: FakeDiscord, predicate: (request: RecordedRequest) => boolean): Promise<RecordedRequest | undefined> {
  return fake.waitForRequest(predicate, REPLY_TIMEOUT_MS).catch(() => undefined);
}

function elapsed(sent: SentInteraction, request: RecordedRequest | undefined): number | undefined {
  return request !== undefined && request.status < 300 ? request.receivedAt - sent.sentAt : undefined;
}

function report(outcomes: readonly Outcome[], run: { label: string; total: number; questions: number; wallMs: number }): void {
  const row = (label: string, samples: number[]): string =>
    samples.length === 0
      ? `${label.padEnd(22)}no samples`
      : `${label.padEnd(22)}p50 ${ms(median(samples))}   p95 ${ms(percentile(samples, 95))}   max ${ms(Math.max(...samples))}`;
  const count = (kind: Outcome["kind"]): number => outcomes.filter((outcome) => outcome.kind === kind).length;
  console.log(`/ask through the fake Discord: ${run.total} interactions, ${run.label}, ${run.questions} distinct questions`);
  console.log(row("defer acknowledged", outcomes.flatMap((outcome) => (outcome.ackMs === undefined ? [] : [outcome.ackMs]))));
  console.log(row("final answer", outcomes.flatMap((outcome) => (outcome.answerMs === undefined ? [] : [outcome.answerMs]))));
  console.log(`answered ${count("answered")}, refused ${count("refused")}, error replies ${count("error reply")}, no reply ${count("no reply")}`);
  console.log(`wall time ${(run.wallMs / 1000).toFixed(1)} s (${((run.total * 1000) / run.wallMs).toFixed(1)} interactions/s)`);
  if (count("no reply") > 0) process.exitCode = 1;
}

function ms(value: number): string {
  return `${Math.round(value)} ms`.padStart(8);
}
