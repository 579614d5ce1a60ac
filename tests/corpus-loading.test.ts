import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadCorpus } from "../src/corpus/load.js";
import { tempCorpus } from "./helpers/corpus.js";

describe("loading the documents folder", () => {
  let corpus: Awaited<ReturnType<typeof tempCorpus>>;
  beforeEach(async () => {
    corpus = await tempCorpus();
  });
  afterEach(() => corpus.cleanup());

  it("reports and skips empty, binary, non-UTF-8 and unsupported files, keeping the rest", async () => {
    await writeFile(path.join(corpus.seedsDir, "empty.txt"), "\n  \n");
    await writeFile(path.join(corpus.seedsDir, "binary.txt"), Buffer.from([0x47, 0x49, 0x46, 0x00, 0x01]));
    await writeFile(path.join(corpus.seedsDir, "latin1.txt"), Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x0a]));
    await writeFile(path.join(corpus.seedsDir, "notes.md"), "# Notes\n\nA markdown paragraph.");
    await writeFile(path.join(corpus.seedsDir, "image.png"), "not a document");
    await mkdir(path.join(corpus.seedsDir, "folder.txt"));

    const loaded = await loadCorpus(corpus.seedsDir);
    expect(loaded.skipped).toEqual([
      { name: "binary.txt", reason: "binary (contains NUL bytes)" },
      { name: "empty.txt", reason: "empty" },
      { name: "image.png", reason: "unsupported type (.png)" },
      { name: "latin1.txt", reason: "not valid UTF-8 text" },
    ]);
    expect(loaded.files.map((file) => file.name)).toContain("notes.md");
    expect(loaded.files.map((file) => file.name)).not.toContain("image.png");
    expect(loaded.files).toHaveLength(6);
  });
});
