import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { AutoAnswerChannels } from "../src/memory/auto-answer-channels.js";
import { openDatabase } from "../src/memory/database.js";
import { ConversationStore } from "../src/memory/conversations.js";
import { DAY_MS } from "../src/memory/retention.js";
import { recordingLogger } from "./helpers/logger.js";

const answer = (question: string) => ({ question, citations: [{ file: "a.txt", paragraph: 2, quote: "q", score: 1 }] });

describe("conversations kept for follow-ups", () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });
  /** A store on a real database file in a fresh DATA_DIR; reopening the same dir is a restart. */
  const open = async (ttlMs: number, retentionDays: number, now: () => number): Promise<{ store: ConversationStore; close(): void }> => {
    dir ??= await mkdtemp(path.join(tmpdir(), "citebot-conversations-"));
    const db = openDatabase(dir);
    return { store: new ConversationStore(db, ttlMs, retentionDays, now), close: () => db.close() };
  };

  it("expires a DM conversation after the TTL of silence, but not a thread's", async () => {
    let now = 0;
    const { store, close } = await open(30 * 60_000, 90, () => now);
    store.remember([], answer("Who founded the PSP?"), [{ kind: "dm", userId: "1" }, { kind: "thread", channelId: "2" }]);
    now += 29 * 60_000;
    expect(store.previous({ kind: "dm", userId: "1" })).toEqual([{ question: "Who founded the PSP?", cited: [{ file: "a.txt", paragraph: 2, quote: "q" }] }]);
    now += 31 * 60_000;
    expect(store.previous({ kind: "dm", userId: "1" })).toBeUndefined();
    expect(store.previous({ kind: "thread", channelId: "2" })).toHaveLength(1);
    expect(store.prune()).toBe(1);
    close();
  });

  it("keeps only the latest few questions of a conversation", async () => {
    const { store, close } = await open(60_000, 90, Date.now);
    let previous = store.previous({ kind: "thread", channelId: "t" }) ?? [];
    for (const question of ["one?", "two?", "three?", "four?"]) {
      store.remember(previous, answer(question), [{ kind: "thread", channelId: "t" }]);
      previous = store.previous({ kind: "thread", channelId: "t" }) ?? [];
    }
    expect(previous.map((turn) => turn.question)).toEqual(["two?", "three?", "four?"]);
    close();
  });

  it("survives a restart, and goes with the answers after DATA_RETENTION_DAYS", async () => {
    let now = 1_000 * DAY_MS;
    const before = await open(30 * 60_000, 7, () => now);
    before.store.remember([], answer("Who founded the PSP?"), [{ kind: "answer", messageId: "m1" }, { kind: "thread", channelId: "t1" }]);
    before.close();

    now += 6 * DAY_MS;
    const after = await open(30 * 60_000, 7, () => now);
    expect(after.store.previous({ kind: "answer", messageId: "m1" })?.map((turn) => turn.question)).toEqual(["Who founded the PSP?"]);
    now += 2 * DAY_MS;
    expect(after.store.previous({ kind: "thread", channelId: "t1" })).toBeUndefined();
    expect(after.store.prune()).toBe(2);
    after.close();
  });
});

describe("the auto-answer channel list", () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  /** The list on a real database in `dir`; each call is a fresh start of the bot. */
  const openList = async (logger: ReturnType<typeof recordingLogger>["logger"]): Promise<{ channels: AutoAnswerChannels; close(): void }> => {
    const db = openDatabase(dir ?? "");
    return { channels: await AutoAnswerChannels.open(db, dir ?? "", logger), close: () => db.close() };
  };

  it("survives a restart", async () => {
    dir = await mkdtemp(path.join(tmpdir(), "citebot-autoanswer-"));
    const { logger } = recordingLogger();
    const first = await openList(logger);
    expect(first.channels.add("g", "c1")).toBe(true);
    expect(first.channels.add("g", "c1")).toBe(false);
    first.channels.add("g", "c2");
    expect(first.channels.remove("g", "c2")).toBe(true);
    first.close();
    const reopened = await openList(logger);
    expect(reopened.channels.list("g")).toEqual(["c1"]);
    expect(reopened.channels.has("g", "c2")).toBe(false);
    reopened.close();
  });

  it("moves the list an earlier version kept in DATA_DIR into the database, once", async () => {
    dir = await mkdtemp(path.join(tmpdir(), "citebot-autoanswer-"));
    await writeFile(path.join(dir, "autoanswer-channels.json"), JSON.stringify({ g: ["c1", "c2"], h: ["c3"] }));
    const { logger } = recordingLogger();
    const first = await openList(logger);
    expect(first.channels.list("g")).toEqual(["c1", "c2"]);
    first.channels.remove("g", "c2");
    first.close();
    expect((await readdir(dir)).filter((name) => name.startsWith("autoanswer-channels.json"))).toEqual(["autoanswer-channels.json.imported"]);
    const reopened = await openList(logger);
    expect([reopened.channels.list("g"), reopened.channels.list("h")]).toEqual([["c1"], ["c3"]]);
    reopened.close();
  });

  it("sets an unreadable old list aside instead of deleting it, and says so", async () => {
    dir = await mkdtemp(path.join(tmpdir(), "citebot-autoanswer-"));
    await writeFile(path.join(dir, "autoanswer-channels.json"), "{ not json");
    const { logger, records } = recordingLogger();
    const { channels, close } = await openList(logger);
    expect(channels.list("g")).toEqual([]);
    close();
    expect(records.some((record) => record.level === 50 && record.msg.includes("unreadable"))).toBe(true);
    const aside = (await readdir(dir)).find((name) => name.startsWith("autoanswer-channels.json.unreadable-"));
    expect(aside).toBeDefined();
    expect(await readFile(path.join(dir, aside ?? ""), "utf8")).toBe("{ not json");
  });
});
