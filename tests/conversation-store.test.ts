import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { AutoAnswerChannels } from "../src/discord/auto-answer-channels.js";
import { ConversationStore } from "../src/discord/conversations.js";
import { recordingLogger } from "./helpers/logger.js";

const answer = (question: string) => ({ question, citations: [{ file: "a.txt", paragraph: 2, quote: "q", score: 1 }] });

describe("conversations kept for follow-ups", () => {
  it("expires a DM conversation after the TTL of silence, but not a thread's", () => {
    let now = 0;
    const store = new ConversationStore(30 * 60_000, () => now);
    store.remember([], answer("Who founded the PSP?"), [{ kind: "dm", userId: "1" }, { kind: "thread", channelId: "2" }]);
    now += 29 * 60_000;
    expect(store.previous({ kind: "dm", userId: "1" })).toEqual([{ question: "Who founded the PSP?", cited: [{ file: "a.txt", paragraph: 2 }] }]);
    now += 31 * 60_000;
    expect(store.previous({ kind: "dm", userId: "1" })).toBeUndefined();
    expect(store.has({ kind: "thread", channelId: "2" })).toBe(true);
  });

  it("keeps only the latest few questions of a conversation", () => {
    const store = new ConversationStore(60_000);
    let previous = store.previous({ kind: "thread", channelId: "t" }) ?? [];
    for (const question of ["one?", "two?", "three?", "four?"]) {
      store.remember(previous, answer(question), [{ kind: "thread", channelId: "t" }]);
      previous = store.previous({ kind: "thread", channelId: "t" }) ?? [];
    }
    expect(previous.map((turn) => turn.question)).toEqual(["two?", "three?", "four?"]);
  });
});

describe("the auto-answer channel list", () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it("survives a restart", async () => {
    dir = await mkdtemp(path.join(tmpdir(), "citebot-autoanswer-"));
    const { logger } = recordingLogger();
    const first = await AutoAnswerChannels.open(dir, logger);
    expect(await first.add("g", "c1")).toBe(true);
    expect(await first.add("g", "c1")).toBe(false);
    await first.add("g", "c2");
    expect(await first.remove("g", "c2")).toBe(true);
    const reopened = await AutoAnswerChannels.open(dir, logger);
    expect(reopened.list("g")).toEqual(["c1"]);
    expect(reopened.has("g", "c2")).toBe(false);
  });

  it("sets an unreadable file aside instead of overwriting it, and says so", async () => {
    dir = await mkdtemp(path.join(tmpdir(), "citebot-autoanswer-"));
    await writeFile(path.join(dir, "autoanswer-channels.json"), "{ not json");
    const { logger, records } = recordingLogger();
    const channels = await AutoAnswerChannels.open(dir, logger);
    expect(channels.list("g")).toEqual([]);
    expect(records.some((record) => record.level === 50 && record.msg.includes("unreadable"))).toBe(true);
    const aside = (await readdir(dir)).find((name) => name.startsWith("autoanswer-channels.json.unreadable-"));
    expect(aside).toBeDefined();
    expect(await readFile(path.join(dir, aside ?? ""), "utf8")).toBe("{ not json");
  });
});
