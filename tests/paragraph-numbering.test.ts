import { readFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadCorpus } from "../src/corpus/load.js";
import { textReader } from "../src/corpus/readers/text.js";
import { SEEDS } from "./helpers/corpus.js";

describe("paragraph numbering", () => {
  it("numbers the non-empty lines of each seed file from 1, title first", async () => {
    const corpus = await loadCorpus(SEEDS);
    expect(corpus.files.map((file) => file.name)).toEqual([
      "000_c334f3cd84f70381.txt",
      "001_88b27d00352b4ce1.txt",
      "002_9f5f1c5c38c7876c.txt",
      "003_e8145cde6a7dd80f.txt",
      "004_2b813561cee9ca12.txt",
    ]);
    const byName = new Map(corpus.files.map((file) => [file.name, file]));
    const paragraph = (file: string, n: number) => byName.get(file)?.paragraphs.find((p) => p.paragraph === n)?.text;
    expect(paragraph("003_e8145cde6a7dd80f.txt", 1)).toBe("Mustafa Kamal resigns from Senate");
    expect(paragraph("003_e8145cde6a7dd80f.txt", 7)).toMatch(/^Mustafa Kamal who started his political carrier/);
    expect(paragraph("000_c334f3cd84f70381.txt", 4)).toMatch(/^“20 to 22 people were killed on daily basis/);
    expect(paragraph("004_2b813561cee9ca12.txt", 17)).toMatch(/^Karachi’s 31 cities/);
  });

  it("matches an independent count of non-blank lines in every seed", async () => {
    const corpus = await loadCorpus(SEEDS);
    for (const file of corpus.files) {
      const lines = (await readFile(path.join(SEEDS, file.name), "utf8")).split(/\r?\n/).filter((line) => line.trim() !== "");
      expect(file.paragraphs.map((p) => p.text)).toEqual(lines.map((line) => line.trim()));
      expect(file.paragraphs.map((p) => p.paragraph)).toEqual(lines.map((_, i) => i + 1));
    }
  });

  it("treats CRLF, blank and whitespace-only lines as separators in .txt, and knows each line", async () => {
    const blocks = await textReader.read(Buffer.from("\uFEFFTitle\r\n\r\n   \r\nFirst line.\r\n\tSecond line.\n"), "a.txt");
    expect(blocks).toEqual([
      { text: "Title", line: 1 },
      { text: "First line.", line: 4 },
      { text: "Second line.", line: 5 },
    ]);
  });
});
