import { describe, expect, it } from "vitest";
import { CircuitBreaker } from "../src/answer/llm/circuit-breaker.js";

describe("CircuitBreaker", () => {
  it("opens after N failures in a row, lets one trial through after the cool-down, and closes on its success", () => {
    let now = 0;
    const breaker = new CircuitBreaker(3, 1000, () => now);
    breaker.failed();
    breaker.succeeded();
    breaker.failed();
    breaker.failed();
    expect(breaker.allow()).toBe(true);
    breaker.failed();
    expect(breaker.allow()).toBe(false);
    expect(breaker.pausedForMs).toBe(1000);

    now = 1000;
    expect(breaker.allow()).toBe(true);
    // One trial at a time: the questions arriving meanwhile do not wait on it.
    expect(breaker.allow()).toBe(false);
    breaker.failed();
    expect(breaker.allow()).toBe(false);

    now = 2000;
    expect(breaker.allow()).toBe(true);
    breaker.succeeded();
    expect(breaker.allow()).toBe(true);
    expect(breaker.allow()).toBe(true);
  });
});
