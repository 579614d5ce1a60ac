import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AnswerMemory } from "../src/memory/answer-memory.js";
import { runEntry } from "./helpers/run-entry.js";

const CLI = "src/cli/gaps.ts";
let dataDir: string;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), "citebot-gaps-"));
  const memory = AnswerMemory.open(dataDir, 90);
  const refusal = (question: string) => ({ question, answer: "The documents don't cover that.", answered: false, generator: "extractive" as const, ms: 5, buildId: "b1", citations: [], citedParagraphs: [] });
  const answer = { ...refusal("Who chairs the PSP?"), answered: true, answer: "Kamal. [a.txt ¶1]", citations: [{ file: "a.txt", paragraph: 1, quote: "Kamal.", score: 1 }], citedParagraphs: [{ file: "a.txt", paragraph: 1, text: "Kamal." }] };
  const place = (id: string) => ({ requestId: id, guildId: "111111111111111111", channelId: "222222222222222222", messageId: id, userId: "333333333333333333", ephemeral: false });
  memory.recordAnswer(refusal("What is the capital of Peru?"), place("m1"));
  memory.recordAnswer(refusal("what is the capital of peru"), place("m2"));
  memory.recordAnswer(refusal("What is the capital of Peru?"), place("m3"));
  const recorded = memory.recordAnswer(answer, place("m4"));
  memory.vote("m4", "444444444444444444", -1);
  memory.explainDownVote(recorded, "444444444444444444", "Wrong person.");
  memory.close();
});

afterAll(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

describe("npm run gaps", () => {
  it("prints the refused question asked three times as one row, and the 👎 answer with its reason", async () => {
    const result = await runEntry(CLI, { DATA_DIR: dataDir }, dataDir).exited;

    expect(result.code).toBe(0);
    expect(result.stdout).toContain("Coverage gaps, last 7 days");
    expect(result.stdout).toMatch(/3×\s+What is the capital of Peru\?\n\s+latest .* https:\/\/discord\.com\/channels\/111111111111111111\/222222222222222222\/m3\n/);
    expect(result.stdout).toMatch(/1 👎\s+Who chairs the PSP\?[\s\S]*“Wrong person\.”/);
  });

  it("shows only the server --guild names, and refuses an unknown period with one line", async () => {
    const all = await runEntry(CLI, { DATA_DIR: dataDir }, dataDir, ["--period", "all", "--guild", "999999999999999999"]).exited;
    expect(all.stdout).toContain("Coverage gaps, all recorded time");
    expect(all.stdout).not.toContain("Peru");

    const bad = await runEntry(CLI, { DATA_DIR: dataDir }, dataDir, ["--period", "1y"]).exited;
    expect(bad.code).toBe(1);
    expect(bad.stderr.trim()).toBe("error: --period must be one of 7d, 30d, all, not 1y");
  });
});
