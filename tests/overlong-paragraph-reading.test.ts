import { describe, expect, it } from "vitest";
import { asTitle, READ_LIMIT, readingSpan } from "../src/answer/reading-span.js";

function paragraphOf(sentences: string[]): { text: string; sentences: Array<{ text: string }> } {
  return { text: sentences.join(" "), sentences: sentences.map((text) => ({ text })) };
}

describe("how much of a paragraph a question reads", () => {
  it("reads an ordinary paragraph whole", () => {
    const paragraph = paragraphOf(["Kamal resigned in 2013.", "He left for Dubai.", "He came back in 2016."]);
    expect(readingSpan(paragraph, [0])).toBe(paragraph.text);
  });

  it("reads an overlong paragraph only around its evidence, so a question's work does not grow with the document", () => {
    const windows = Array.from({ length: 2000 }, (_, i) => `window ${i} ${"and the harbour master counted the boats again ".repeat(20)}`);
    const paragraph = paragraphOf(windows);
    expect(paragraph.text.length).toBeGreaterThan(READ_LIMIT * 50);

    const read = readingSpan(paragraph, [1999, 5]);
    expect(read.length).toBeLessThan(READ_LIMIT);
    for (const near of [3, 4, 5, 6, 7, 1997, 1998, 1999]) expect(read).toContain(`window ${near} `);
    expect(read).not.toContain("window 8 ");
    expect(read.indexOf("window 3 ")).toBeLessThan(read.indexOf("window 1997 "));
  });

  it("takes only the start of a first line that is body text rather than a title", () => {
    expect(asTitle("Mustafa Kamal quits MQM")).toBe("Mustafa Kamal quits MQM");
    expect(asTitle("x".repeat(1_000_000)).length).toBeLessThan(1000);
  });
});
