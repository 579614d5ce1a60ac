import { describe, expect, it, vi } from "vitest";
import type { ReindexSummary } from "../src/citebot.js";
import { AnswerQueue } from "../src/discord/answer-queue.js";
import { ReindexCoordinator } from "../src/discord/reindex-coordinator.js";
import { ThrottledEdit } from "../src/discord/throttled-edit.js";
import { memoryLogger } from "./helpers/discord-harness.js";

const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe("AnswerQueue", () => {
  it("runs answers one at a time in arrival order", async () => {
    const queue = new AnswerQueue(1);
    const log: string[] = [];
    const answer = (name: string) => async () => {
      log.push(`start ${name}`);
      await turn();
      log.push(`end ${name}`);
    };
    await Promise.all([queue.run(answer("a")), queue.run(answer("b")), queue.run(answer("c"))]);
    expect(log).toEqual(["start a", "end a", "start b", "end b", "start c", "end c"]);
  });

  it("starts no answer while an interaction waits for its acknowledgement", async () => {
    const queue = new AnswerQueue(2);
    const release = queue.holdUntilAcknowledged();
    let started = false;
    const answered = queue.run(async () => {
      started = true;
    });
    for (let i = 0; i < 5; i += 1) await turn();
    expect(started).toBe(false);
    release();
    release();
    await answered;
    expect(started).toBe(true);
  });
});

describe("ReindexCoordinator", () => {
  it("lets one rebuild run and names its starter to the next, until it ends", async () => {
    let finish: (summary: ReindexSummary) => void = () => undefined;
    const citebot = { reindex: () => new Promise<ReindexSummary>((resolve) => (finish = resolve)) };
    const coordinator = new ReindexCoordinator(citebot, () => new Date("2025-01-01T00:00:00Z"));

    const rebuilt = coordinator.claim("111").rebuild(() => undefined);
    expect(() => coordinator.claim("222")).toThrow(/<@111> started it <t:1735689600:R>/);
    finish({} as ReindexSummary);
    await rebuilt;
    expect(() => coordinator.claim("222").release()).not.toThrow();
  });
});

describe("ThrottledEdit", () => {
  it("sends the first update at once, then only the latest per interval, and nothing after close", async () => {
    vi.useFakeTimers();
    try {
      const sent: number[] = [];
      const edit = new ThrottledEdit<number>(async (value) => void sent.push(value), 1000, memoryLogger().logger);
      edit.update(1);
      await vi.advanceTimersByTimeAsync(0);
      edit.update(2);
      edit.update(3);
      await vi.advanceTimersByTimeAsync(999);
      expect(sent).toEqual([1]);
      await vi.advanceTimersByTimeAsync(1);
      expect(sent).toEqual([1, 3]);
      edit.update(4);
      await edit.close();
      await vi.advanceTimersByTimeAsync(5000);
      expect(sent).toEqual([1, 3]);
    } finally {
      vi.useRealTimers();
    }
  });
});
