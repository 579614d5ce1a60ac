import { performance } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import { Citebot, RETRIEVED_PARAGRAPHS } from "../citebot.js";
import { createLogger } from "../logger.js";
import { indexDir, openServing, seedsDir, syntheticQuestions } from "./scale-index.js";
import { latencyOf, peakRssMb } from "./stats.js";
import { SyntheticCorpus } from "./synthetic.js";
import { SyntheticEmbedder } from "./synthetic-embedder.js";
import type { ReindexResult, ScaleTask } from "./tasks.js";

/**
 * A question every this many ms while the rebuild runs: busier than any Discord server we
 * know, yet below what one thread serves during a build, so the figure is each question's
 * wait for the build to yield rather than a backlog growing behind a saturated queue.
 */
const QUESTION_INTERVAL_MS = 100;

/**
 * A moderator's /reindex on a serving bot: the saved index is loaded and keeps answering
 * while the whole corpus is rebuilt in the same process (vectors from the embedding cache,
 * as after a small edit). Peak RSS is then the bot's during a reindex, and each question's
 * time runs from when it was due, so time spent waiting for the build to yield is counted.
 */
export async function reindexWhileServing(task: Extract<ScaleTask, { kind: "reindex" }>): Promise<ReindexResult> {
  const corpus = new SyntheticCorpus();
  const embedder = new SyntheticEmbedder(corpus);
  const { retriever } = await openServing(task.directory, embedder);
  const questions = syntheticQuestions(corpus, task.queries);
  const peakBefore = peakRssMb();

  let done = false;
  const started = performance.now();
  const rebuilding = Citebot.rebuildIndex({ seedsDir: seedsDir(task.directory), indexDir: indexDir(task.directory), logger: createLogger("silent"), embedder }).finally(() => {
    done = true;
  });
  const waits: number[] = [];
  // A question whose slot passed while the previous one waited arrives now, not back then.
  for (let due = performance.now(), i = 0; !done; due = Math.max(due + QUESTION_INTERVAL_MS, performance.now()), i += 1) {
    await sleep(Math.max(0, due - performance.now()));
    if (done) break;
    const question = questions[i % questions.length];
    if (!question) throw new Error("no synthetic questions");
    // The bot's own limit, so each wait is a real question's retrieval.
    await retriever.retrieve(question.text, question.vector, RETRIEVED_PARAGRAPHS);
    waits.push(performance.now() - due);
  }
  const summary = await rebuilding;
  if (summary.chunksEmbedded !== 0) throw new Error(`${summary.chunksEmbedded} chunks were embedded: the cache should have held them all`);
  return { reindexMs: performance.now() - started, peakRssMb: peakRssMb(), servingPeakRssMb: peakBefore, fused: latencyOf(waits), maxMs: Math.max(...waits), questions: waits.length, questionIntervalMs: QUESTION_INTERVAL_MS };
}
