import { execFile } from "node:child_process";
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Answer } from "../src/answer/types.js";
import { parseEvalQuestions, scoreEval } from "../src/cli/eval-metrics.js";
import { tempCorpus } from "./helpers/corpus.js";

const run = promisify(execFile);
/** Pairs the follow-up rules were fitted on, pairs written after that fit (held out), and pairs written before later changes and never tuned on (held aside). */
const FOLLOW_UPS = ["tests/eval/followups.jsonl", "tests/eval/followups-heldout.jsonl", "tests/eval/followups-heldaside.jsonl", "tests/eval/followups-heldaside2.jsonl"];

interface AskLine extends Answer {
  context_questions?: string[];
  error?: string;
}

/** Follow-up pairs through `ask --jsonl` with "previous", as the bar measures them. */
describe("follow-up questions through ask --jsonl", () => {
  let corpus: Awaited<ReturnType<typeof tempCorpus>>;
  const askLines = async (lines: string[]): Promise<AskLine[]> => {
    const file = path.join(corpus.root, `lines-${Math.random().toString(36).slice(2)}.jsonl`);
    await writeFile(file, lines.join("\n"));
    const { stdout } = await run(process.execPath, ["--import", "tsx", "src/cli/ask.ts", "--jsonl", file], {
      env: { ...process.env, SEEDS_DIR: corpus.seedsDir, INDEX_DIR: corpus.indexDir, LOG_LEVEL: "warn" },
      maxBuffer: 16 * 1024 * 1024,
    });
    return stdout.trim().split("\n").map((line) => JSON.parse(line) as AskLine);
  };

  beforeAll(async () => {
    corpus = await tempCorpus();
  });
  afterAll(() => corpus.cleanup());

  it("cites a paragraph that answers the follow-up far more often than the follow-up asked alone", async () => {
    const pairs = (await Promise.all(FOLLOW_UPS.map((file) => readFile(file, "utf8")))).flatMap(parseEvalQuestions);
    // One run, so the encoder and index load once: each follow-up in its conversation, then all of them alone.
    const results = await askLines([...pairs.map(({ question, previous }) => JSON.stringify({ question, previous })), ...pairs.map(({ question }) => JSON.stringify({ question }))]);
    const inConversation = results.slice(0, pairs.length);
    const alone = results.slice(pairs.length);
    const followUp = scoreEval(pairs.map((question, i) => ({ question, answer: inConversation[i] as Answer })));
    const standalone = scoreEval(pairs.map((question, i) => ({ question, answer: alone[i] as Answer })));

    // Measured 48/66 at 1 and 60/66 at 3 with the conversation (fitted 24/31 and 29/31, held out 6/6 and 6/6, held
    // aside 8/12 and 11/12, second held-aside set 10/17 and 14/17); 31/66 at 1 alone: the conversation's own gain is 17 of 66.
    expect(followUp["hit@1"]).toBeGreaterThanOrEqual(0.727);
    expect(followUp["hit@3"]).toBeGreaterThanOrEqual(0.909);
    expect(followUp["hit@1"] - standalone["hit@1"]).toBeGreaterThanOrEqual(17 / 66 - 0.001);
    expect(followUp.unanswerable_refused).toBe("6/11");
    for (const [i, pair] of pairs.entries()) {
      const result = inConversation[i];
      if (result?.answered) expect(result.context_questions, pair.id).toEqual([...(pair.previous ?? [])].reverse());
    }
    // 114 questions on two shared cores: the default minute is too short when the whole suite runs.
  }, 240_000);

  it("says which earlier question it read a follow-up with, and rejects a malformed previous", async () => {
    const [followUp, standalone, bad] = await askLines([
      JSON.stringify({ question: "For how long?", previous: ["Which ministry did Mustafa Kamal hold in the Sindh government?"] }),
      JSON.stringify({ question: "What is the slogan of the Pak Sarzameen Party?", previous: ["Who leads the Bahadurabad group?"] }),
      JSON.stringify({ question: "For how long?", previous: "not a list" }),
    ]);
    expect(followUp).toMatchObject({ answered: true, context_questions: ["Which ministry did Mustafa Kamal hold in the Sindh government?"] });
    expect(followUp?.answer).toContain("2003");
    // A question that stands on its own is not rewritten by the conversation.
    expect(standalone?.context_questions).toBeUndefined();
    expect(standalone?.answer).toContain("Izzat");
    expect(bad?.error).toBe('"previous" must be an array of earlier questions (strings), oldest first');
  });
});
