import { describe, expect, it } from "vitest";
import { Turns } from "../src/event-loop.js";

describe("answers taking turns on the main thread", () => {
  it("lets the event loop run between two answers that became ready together", async () => {
    const turns = new Turns();
    const order: string[] = [];
    const first = turns.run(async () => {
      order.push("first answer");
      // An interaction arriving while the first answer computes.
      setImmediate(() => order.push("acknowledgement"));
    });
    const second = turns.run(async () => {
      order.push("second answer");
    });
    await Promise.all([first, second]);
    expect(order).toEqual(["first answer", "acknowledgement", "second answer"]);
  });

  it("runs the next answer when one before it fails, and gives each its own outcome", async () => {
    const turns = new Turns();
    const failing = turns.run(() => Promise.reject(new Error("no index")));
    const next = turns.run(async () => "answered");
    await expect(failing).rejects.toThrow("no index");
    await expect(next).resolves.toBe("answered");
  });
});
