import { writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Citebot, type AskResult } from "../src/citebot.js";
import { EncoderPool } from "../src/embeddings/encoder-pool.js";
import { createLogger } from "../src/logger.js";
import { tempCorpus } from "./helpers/corpus.js";
import { recordingLogger } from "./helpers/logger.js";

const QUESTION = "Why did Mustafa Kamal resign from the Senate?";

/**
 * Enough new text that the rebuild spends seconds in the encoder: every paragraph is one word
 * longer than the one before, so no two share a batch (the pool batches texts of equal length).
 */
function newDocument(): string {
  return Array.from({ length: 40 }, (_, i) => {
    const berths = Array.from({ length: i }, (_, k) => `berth${k}`).join(" ");
    return `Harbour bulletin ${i}: pilots resumed night arrivals after dredging ${berths}.`;
  }).join("\n");
}

function citationsOf(answer: AskResult): unknown {
  return { answer: answer.answer, citations: answer.citations };
}

describe("the encoder's worker pool", () => {
  let workspace: Awaited<ReturnType<typeof tempCorpus>>;
  let pool: EncoderPool;
  let citebot: Citebot;
  let expected: AskResult;
  const log = recordingLogger();

  beforeAll(async () => {
    workspace = await tempCorpus();
    pool = new EncoderPool(2, log.logger);
    citebot = await Citebot.open({ seedsDir: workspace.seedsDir, indexDir: workspace.indexDir, logger: createLogger("silent"), embedder: pool });
    expected = await citebot.ask(QUESTION);
    expect(expected.answered).toBe(true);
  });

  afterAll(async () => {
    await citebot?.close();
    await workspace?.cleanup();
  });

  it("answers a question while a reindex embeds in the same pool", async () => {
    await writeFile(path.join(workspace.seedsDir, "harbour.txt"), newDocument());
    let embedding!: () => void;
    const embeddingStarted = new Promise<void>((resolve) => (embedding = resolve));
    const rebuild = citebot.reindex((progress) => {
      if (progress.chunksEmbedded + progress.sentencesEmbedded > 0) embedding();
    });
    await embeddingStarted;

    const answer = await citebot.ask(QUESTION);
    expect(citebot.isRebuilding).toBe(true);
    expect(citationsOf(answer)).toEqual(citationsOf(expected));
    expect((await rebuild).chunksEmbedded).toBe(40);
  });

  it("gives a text the same vector, bit for bit, whether it is encoded alone or with texts of its length", async () => {
    // The berth and quay sentences are 8 tokens each and share a batch; the others (9, 22 and 3 tokens) each have their own.
    const texts = ["The pier reopened on Monday.", "The berth closed on Friday.", "A much longer sentence about pilots, tugs and the night arrivals at the harbour.", "The quay flooded on Sunday.", "Tides."];
    const together = await pool.embedDocuments(texts);
    for (const [i, text] of texts.entries()) expect(together[i]).toEqual(await pool.embedQuery(text));
  });

  it("encodes a burst of questions in shared tasks, each within float noise of its vector alone", async () => {
    const questions = Array.from({ length: 20 }, (_, i) => `Which harbour ${"pilot ".repeat(i % 5)}reopened on day ${i}?`);
    const tasksBefore = pool.tasksCompleted;
    const together = await Promise.all(questions.map((question) => pool.embedQuery(question)));
    // Two go alone (one per worker); the other 18 wait and go in batches of up to 8.
    expect(pool.tasksCompleted - tasksBefore).toBeLessThanOrEqual(2 + Math.ceil(18 / 8) + 1);
    for (const [i, question] of questions.entries()) {
      const alone = await pool.embedQuery(question);
      const vector = together[i] ?? [];
      expect(vector).toHaveLength(alone.length);
      expect(Math.max(...alone.map((value, k) => Math.abs(value - (vector[k] ?? Number.NaN))))).toBeLessThan(1e-6);
    }
  });

  it("gives the same answers and citations to questions asked together as to each asked alone", async () => {
    const questions = ["Why did Mustafa Kamal resign from the Senate?", "Who founded the Pak Sarzameen Party?", "When did Kamal return to Pakistan?", "What does PSP stand for?", "Which party did Kamal leave?", "Who was the mayor of Karachi?"];
    const together = await Promise.all(questions.map((question) => citebot.ask(question)));
    for (const [i, question] of questions.entries()) expect(citationsOf(together[i] as AskResult)).toEqual(citationsOf(await citebot.ask(question)));
  });

  it("replaces a worker that dies under a question, and the question is still answered", async () => {
    // The reindex above changed the corpus, so the answer to expect is the one the new index gives.
    const serving = await citebot.ask(QUESTION);
    const before = pool.workers.map((worker) => worker.threadId);
    expect(before).toHaveLength(2);
    const answer = citebot.ask(QUESTION);
    await Promise.all(pool.workers.map((worker) => worker.terminate()));

    expect(citationsOf(await answer)).toEqual(citationsOf(serving));
    const after = pool.workers.map((worker) => worker.threadId);
    expect(after).toHaveLength(2);
    expect(after.some((id) => before.includes(id))).toBe(false);
  });

  it("ends its workers on close, and a question after that gets a clear error", async () => {
    await citebot.close();
    expect(pool.workers).toHaveLength(0);
    expect(log.records.some((record) => record.msg === "encoder workers stopped")).toBe(true);
    await expect(citebot.ask(QUESTION)).rejects.toMatchObject({ code: "SHUTTING_DOWN", userMessage: expect.stringContaining("shutting down") });
  });
});
