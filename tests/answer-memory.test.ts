import { chmod, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { AnswerMemory, type AnswerPlace, type AnswerToRecord } from "../src/memory/answer-memory.js";
import { DATABASE_FILE, openDatabase } from "../src/memory/database.js";
import { paragraphFingerprint } from "../src/memory/fingerprint.js";
import { migrate, SCHEMA_VERSION } from "../src/memory/migrations.js";

const DAY_MS = 86_400_000;

let dataDir: string;
let clock: number;
let memory: AnswerMemory;
let nextMessage = 0;

beforeEach(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), "citebot-memory-"));
  clock = Date.UTC(2026, 11, 2, 12);
  memory = new AnswerMemory(openDatabase(dataDir), 90, () => clock);
});

afterEach(async () => {
  memory.close();
  await rm(dataDir, { recursive: true, force: true });
});

const PARAGRAPHS: Record<string, string> = {
  "a.txt\u00001": "Mustafa Kamal chairs the Pak Sarzameen Party.",
  "a.txt\u00002": "He was mayor of Karachi from 2005 to 2010.",
  "b.txt\u00001": "The party was founded in March 2016.",
};

function answer(question: string, cited: Array<[string, number]>): AnswerToRecord {
  return {
    question,
    answer: cited.length === 0 ? "The documents don't cover that." : `An answer. [${cited.map(([file, p]) => `${file} ¶${p}`).join("] [")}]`,
    answered: cited.length > 0,
    generator: "extractive",
    ms: 42,
    buildId: "build-1",
    citations: cited.map(([file, paragraph]) => ({ file, paragraph, quote: "An answer.", score: 1 })),
    citedParagraphs: cited.map(([file, paragraph]) => ({ file, paragraph, text: PARAGRAPHS[`${file}\u0000${paragraph}`] ?? "" })),
  };
}

function place(overrides: Partial<AnswerPlace> = {}): AnswerPlace {
  nextMessage += 1;
  return { requestId: `r${nextMessage}`, guildId: "g1", channelId: "c1", messageId: `m${nextMessage}`, userId: "u1", ephemeral: false, ...overrides };
}

describe("the database file", () => {
  it("is created in DATA_DIR in WAL mode at the current schema version", () => {
    expect(memory.db.pragma("journal_mode", { simple: true })).toBe("wal");
    expect(memory.db.pragma("user_version", { simple: true })).toBe(SCHEMA_VERSION);
    expect(memory.db.name).toBe(path.join(dataDir, DATABASE_FILE));
  });

  it("is brought up from the previous schema version with its rows kept", async () => {
    const oldDir = await mkdtemp(path.join(tmpdir(), "citebot-memory-old-"));
    const old = new Database(path.join(oldDir, DATABASE_FILE));
    migrate(old, SCHEMA_VERSION - 1);
    old.prepare(
      `INSERT INTO answers (asked_at, question, answer, refused, generator, latency_ms, build_id, request_id, guild_id, channel_id, message_id, user_id, ephemeral)
       VALUES (?, 'Who chairs the PSP?', 'Kamal.', 0, 'extractive', 10, 'b0', 'r0', 'g1', 'c1', 'old-message', 'u1', 0)`,
    ).run(clock);
    old.close();

    const upgraded = new AnswerMemory(openDatabase(oldDir), 90, () => clock);
    try {
      expect(upgraded.db.pragma("user_version", { simple: true })).toBe(SCHEMA_VERSION);
      expect(upgraded.vote("old-message", "u2", -1)).toEqual({ answerId: 1, previous: undefined });
    } finally {
      upgraded.close();
      await rm(oldDir, { recursive: true, force: true });
    }
  });

  it("that is not a database stops start-up with a message naming it", async () => {
    const badDir = await mkdtemp(path.join(tmpdir(), "citebot-memory-bad-"));
    const file = path.join(badDir, DATABASE_FILE);
    await writeFile(file, "these are not the bytes of a SQLite database ".repeat(50));
    try {
      expect(() => openDatabase(badDir)).toThrow(expect.objectContaining({ code: "DATABASE_UNAVAILABLE", userMessage: expect.stringContaining(file) }));
    } finally {
      await rm(badDir, { recursive: true, force: true });
    }
  });

  it("that is read-only stops start-up with a message naming it", async () => {
    const roDir = await mkdtemp(path.join(tmpdir(), "citebot-memory-ro-"));
    const file = path.join(roDir, DATABASE_FILE);
    openDatabase(roDir).close();
    // Root ignores file modes, so the file also says so itself: a write version above 2
    // (header byte 18) tells SQLite to treat the database as read-only, whoever opens it.
    const bytes = await readFile(file);
    bytes[18] = 3;
    await writeFile(file, bytes);
    await chmod(file, 0o444);
    try {
      expect(() => openDatabase(roDir)).toThrow(expect.objectContaining({ code: "DATABASE_UNAVAILABLE", userMessage: expect.stringMatching(/citebot\.db cannot be used \(.*readonly/) }));
    } finally {
      await rm(roDir, { recursive: true, force: true });
    }
  });
});

describe("answers", () => {
  it("are recorded with their citations and a fingerprint of each cited paragraph", () => {
    const id = memory.recordAnswer(answer("Who chairs the PSP?", [["a.txt", 1], ["b.txt", 1]]), place({ messageId: "m-rec" }));

    const row = memory.db.prepare("SELECT question, refused, generator, latency_ms, build_id, guild_id, message_id FROM answers WHERE id = ?").get(id);
    expect(row).toEqual({ question: "Who chairs the PSP?", refused: 0, generator: "extractive", latency_ms: 42, build_id: "build-1", guild_id: "g1", message_id: "m-rec" });
    const citations = memory.db.prepare("SELECT rank, file, paragraph, paragraph_sha256 FROM citations WHERE answer_id = ? ORDER BY rank").all(id);
    expect(citations).toEqual([
      { rank: 0, file: "a.txt", paragraph: 1, paragraph_sha256: paragraphFingerprint(PARAGRAPHS["a.txt\u00001"] ?? "") },
      { rank: 1, file: "b.txt", paragraph: 1, paragraph_sha256: paragraphFingerprint(PARAGRAPHS["b.txt\u00001"] ?? "") },
    ]);
  });

  it("older than the retention period are pruned with their citations and votes", () => {
    memory.recordAnswer(answer("Old question?", [["a.txt", 1]]), place({ messageId: "m-old" }));
    memory.vote("m-old", "u2", -1);
    clock += 91 * DAY_MS;
    memory.recordAnswer(answer("New question?", [["a.txt", 1]]), place());

    expect(memory.prune()).toBe(1);
    expect(memory.db.prepare("SELECT question FROM answers").all()).toEqual([{ question: "New question?" }]);
    expect(memory.db.prepare("SELECT count(*) AS n FROM citations").get()).toEqual({ n: 1 });
    expect(memory.db.prepare("SELECT count(*) AS n FROM votes").get()).toEqual({ n: 0 });
  });
});

describe("votes", () => {
  it("are one per user and answer; a second click changes the vote, and a 👍 drops an earlier reason", () => {
    const id = memory.recordAnswer(answer("Who chairs the PSP?", [["a.txt", 1]]), place({ messageId: "m-vote" }));

    expect(memory.vote("m-vote", "u2", 1)).toEqual({ answerId: id, previous: undefined });
    expect(memory.vote("m-vote", "u2", -1)).toEqual({ answerId: id, previous: 1 });
    expect(memory.explainDownVote(id, "u2", "It names the wrong party.")).toBe(true);
    expect(memory.vote("m-vote", "u3", -1)).toEqual({ answerId: id, previous: undefined });
    expect(memory.db.prepare("SELECT user_id, vote, reason FROM votes ORDER BY user_id").all()).toEqual([
      { user_id: "u2", vote: -1, reason: "It names the wrong party." },
      { user_id: "u3", vote: -1, reason: null },
    ]);

    memory.vote("m-vote", "u2", 1);
    expect(memory.db.prepare("SELECT vote, reason FROM votes WHERE user_id = 'u2'").get()).toEqual({ vote: 1, reason: null });
    expect(memory.explainDownVote(id, "u2", "too late")).toBe(false);
  });

  it("on a message with no recorded answer are refused", () => {
    expect(memory.vote("never-recorded", "u2", 1)).toBeUndefined();
    expect(memory.db.prepare("SELECT count(*) AS n FROM votes").get()).toEqual({ n: 0 });
  });
});

describe("gaps", () => {
  it("count a refused question asked three ways as one row, latest message first, in this guild and period only", () => {
    memory.recordAnswer(answer("What is the capital of France?", []), place());
    clock += 1000;
    memory.recordAnswer(answer("what is the capital of france", []), place());
    clock += 1000;
    const latest = place({ messageId: "m-latest" });
    memory.recordAnswer(answer("What's the capitol of France??", []), latest);
    memory.recordAnswer(answer("Who won the 2030 World Cup?", []), place());
    memory.recordAnswer(answer("What is the capital of France?", []), place({ guildId: "g2" }));
    memory.recordAnswer(answer("Who chairs the PSP?", [["a.txt", 1]]), place());

    const { refused } = memory.gaps({ guildId: "g1", sinceMs: clock - 7 * DAY_MS });
    expect(refused.map((row) => [row.question, row.count])).toEqual([
      ["What's the capitol of France??", 3],
      ["Who won the 2030 World Cup?", 1],
    ]);
    expect(refused[0]?.latest).toMatchObject({ guildId: "g1", channelId: "c1", messageId: "m-latest" });
    expect(memory.gaps({ guildId: "g1", sinceMs: clock + 1 }).refused).toEqual([]);
  });

  it("rank answers by their 👎 votes, with the reasons given", () => {
    memory.recordAnswer(answer("When was the party founded?", [["b.txt", 1]]), place({ messageId: "m-founded" }));
    memory.recordAnswer(answer("When was the party founded", [["b.txt", 1]]), place({ messageId: "m-founded-2" }));
    memory.recordAnswer(answer("Who chairs the PSP?", [["a.txt", 1]]), place({ messageId: "m-chair" }));
    const founded = memory.vote("m-founded", "u2", -1);
    memory.vote("m-founded-2", "u3", -1);
    memory.vote("m-chair", "u2", -1);
    memory.vote("m-chair", "u3", 1);
    memory.explainDownVote(founded?.answerId ?? 0, "u2", "The month is wrong.");

    const { downVoted } = memory.gaps({ guildId: "g1" });
    expect(downVoted.map((row) => [row.question, row.count, row.reasons])).toEqual([
      ["When was the party founded", 2, ["The month is wrong."]],
      ["Who chairs the PSP?", 1, []],
    ]);
  });

  it("keep questions about different things apart", () => {
    memory.recordAnswer(answer("When did Mustafa Kamal leave the MQM?", []), place());
    memory.recordAnswer(answer("When did Mustafa Kamal join the MQM?", []), place());
    memory.recordAnswer(answer("Who founded the MQM?", []), place());
    memory.recordAnswer(answer("Who founded the PSP?", []), place());

    expect(memory.gaps().refused.map((row) => row.count)).toEqual([1, 1, 1, 1]);
  });
});

describe("stale answers", () => {
  const now = (texts: Record<string, string>) => (file: string, paragraph: number) => texts[`${file}\u0000${paragraph}`];

  it("are the answers citing a paragraph whose text changed or whose file is gone, each found once", () => {
    const citesChanged = memory.recordAnswer(answer("Who chairs the PSP?", [["a.txt", 1]]), place());
    const citesUnchanged = memory.recordAnswer(answer("When was he mayor?", [["a.txt", 2]]), place());
    const citesRemoved = memory.recordAnswer(answer("When was the party founded?", [["b.txt", 1], ["a.txt", 2]]), place());
    memory.recordAnswer(answer("What is the capital of France?", []), place());
    const edited: Record<string, string> = { ...PARAGRAPHS, "a.txt\u00001": "Mustafa Kamal chaired the Pak Sarzameen Party until 2024." };
    delete edited["b.txt\u00001"];

    const stale = memory.claimStaleAnswers("build-2", now(edited));
    expect(stale.map((answer) => answer.id).sort()).toEqual([citesChanged, citesRemoved].sort());
    expect(stale.map((answer) => answer.id)).not.toContain(citesUnchanged);
    expect(memory.claimStaleAnswers("build-3", now(edited))).toEqual([]);
  });

  it("are not looked for among the answers of the build now serving, nor beyond the retention period", () => {
    memory.recordAnswer(answer("Who chairs the PSP?", [["a.txt", 1]]), place());
    expect(memory.claimStaleAnswers("build-1", now({}))).toEqual([]);
    clock += 91 * DAY_MS;
    expect(memory.claimStaleAnswers("build-2", now({}))).toEqual([]);
  });
});
