import { describe, expect, it } from "vitest";
import { chunkParagraphs, MAX_CHUNK_CHARS } from "../src/corpus/chunks.js";
import { splitSentences } from "../src/text/sentences.js";

describe("chunking paragraphs for the encoder", () => {
  it("splits a long paragraph into overlapping sentence windows that keep its number", async () => {
    const sentences = Array.from({ length: 12 }, (_, i) => `Sentence number ${i + 1} says something about the Senate seat and the party.`);
    const text = sentences.join(" ");
    const chunks = await chunkParagraphs([{ file: "long.txt", paragraph: 7, text }]);
    expect(chunks.length).toBeGreaterThan(1);
    for (const chunk of chunks) {
      expect(chunk.paragraph).toBe(7);
      expect(chunk.text.length).toBeLessThanOrEqual(MAX_CHUNK_CHARS);
    }
    expect(chunks.map((chunk) => chunk.window)).toEqual(chunks.map((_, i) => i));
    // Every sentence lands in some window, and consecutive windows share a sentence.
    for (const sentence of sentences) expect(chunks.some((chunk) => chunk.text.includes(sentence))).toBe(true);
    for (let i = 1; i < chunks.length; i += 1) {
      const previous = splitSentences(chunks[i - 1]?.text ?? "");
      expect(chunks[i]?.text.startsWith(previous.at(-1) ?? "\u0000")).toBe(true);
    }
  });

  it("cuts a run-on sentence with no full stop at word boundaries", async () => {
    const text = Array.from({ length: 300 }, (_, i) => `word${i}`).join(" ");
    const chunks = await chunkParagraphs([{ file: "runon.txt", paragraph: 1, text }]);
    expect(chunks.length).toBeGreaterThan(1);
    for (const chunk of chunks) expect(chunk.text.length).toBeLessThanOrEqual(MAX_CHUNK_CHARS);
  });

  it("keeps very short lines out of the chunks, so they are never answers on their own", async () => {
    const chunks = await chunkParagraphs([
      { file: "a.txt", paragraph: 1, text: "April 3, 2016" },
      { file: "a.txt", paragraph: 2, text: "Leave a Reply" },
      { file: "a.txt", paragraph: 3, text: "Kamal resigned from the Senate in 2013." },
    ]);
    expect(chunks.map((chunk) => chunk.paragraph)).toEqual([3]);
  });

  it("does not break sentences after titles such as Dr. and Mr.", () => {
    expect(splitSentences("Dr. Khalid Maqbool Siddiqui leads it. Mr. Kamal left.")).toEqual(["Dr. Khalid Maqbool Siddiqui leads it.", "Mr. Kamal left."]);
  });
});
