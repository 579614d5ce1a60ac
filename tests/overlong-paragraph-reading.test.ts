import { describe, expect, it } from "vitest";
import { asTitle, READ_LIMIT, readableForModel, readingSpan } from "../src/answer/reading-span.js";

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

  it("gives a chat model an overlong paragraph only around its evidence, and not at all without evidence", () => {
    const windows = Array.from({ length: 2000 }, (_, i) => `window ${i} ${"and the harbour master counted the boats again ".repeat(20)}`);
    const long = { file: "one-line.txt", paragraph: 1, ...paragraphOf(windows) };
    const unread = { file: "other-line.txt", paragraph: 1, ...paragraphOf(windows) };
    const short = { file: "a.txt", paragraph: 2, ...paragraphOf(["Kamal resigned in 2013."]) };

    const given = readableForModel([long, unread, short], [{ file: "one-line.txt", paragraph: 1, sentence: 1000 }]);

    expect(given.map((paragraph) => paragraph.file)).toEqual(["one-line.txt", "a.txt"]);
    expect(given[0]?.text.length).toBeLessThan(READ_LIMIT);
    expect(given[0]?.text).toContain("window 1000 ");
    expect(given[1]).toBe(short);
  });
});
