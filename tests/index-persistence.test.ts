import { appendFile, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Citebot } from "../src/citebot.js";
import { loadCorpus } from "../src/corpus/load.js";
import { UniversalSentenceEncoderEmbeddings } from "../src/embeddings/universal-sentence-encoder.js";
import { buildIndex } from "../src/index/build.js";
import { DEFAULT_HNSW } from "../src/index/hnsw.js";
import { readActiveBuildId, writeBuild } from "../src/index/store.js";
import { tempCorpus } from "./helpers/corpus.js";
import { recordingLogger } from "./helpers/logger.js";

const QUESTION = "When was Mustafa Kamal the Mayor of Karachi?";

describe("the saved index", () => {
  let embedder: UniversalSentenceEncoderEmbeddings;
  let corpus: Awaited<ReturnType<typeof tempCorpus>>;
  let firstAnswer: Awaited<ReturnType<Citebot["ask"]>>;
  let firstBuild: string;

  const open = async () => {
    const log = recordingLogger();
    const citebot = await Citebot.open({ seedsDir: corpus.seedsDir, indexDir: corpus.indexDir, logger: log.logger, embedder });
    return { citebot, log, messages: () => log.records.map((record) => record.msg) };
  };

  beforeAll(async () => {
    embedder = await UniversalSentenceEncoderEmbeddings.load();
    corpus = await tempCorpus();
    const { citebot, messages } = await open();
    expect(messages()).toContain("built index");
    firstAnswer = await citebot.ask(QUESTION);
    firstBuild = await readActiveBuildId(corpus.indexDir);
  });
  afterAll(() => corpus.cleanup());

  it("is loaded, not rebuilt, when the documents have not changed, and answers the same", async () => {
    const { citebot, messages } = await open();
    expect(messages()).toContain("loaded saved index");
    expect(messages()).not.toContain("built index");
    const answer = await citebot.ask(QUESTION);
    expect(answer.citations).toEqual(firstAnswer.citations);
    expect(answer.answer).toBe(firstAnswer.answer);
    expect(citebot.status.paragraphs).toBe(94);
  });

  it("stays the serving index when a crash comes between writing a new build and swapping it in", async () => {
    const artifacts = await buildIndex(await loadCorpus(corpus.seedsDir), embedder, DEFAULT_HNSW);
    const orphan = await writeBuild(corpus.indexDir, artifacts);
    // The process dies here: activateBuild never runs.
    const { citebot, messages } = await open();
    expect(messages()).toContain("loaded saved index");
    expect(await readActiveBuildId(corpus.indexDir)).toBe(firstBuild);
    expect(orphan).not.toBe(firstBuild);
    expect((await citebot.ask(QUESTION)).citations).toEqual(firstAnswer.citations);
  });

  // The vector store's files are checked before the store reads them; the others from the very bytes that are parsed.
  it.each([
    ["hnswlib.index", "corrupt", (bytes: Buffer) => bytes.fill(0xff, 100, 400)],
    ["lexical.bin", "corrupt", (bytes: Buffer) => bytes.subarray(0, bytes.length - 4)],
    ["paragraphs.json", "corrupt", (bytes: Buffer) => bytes.fill(0x20, 10, 20)],
    ["sentences.bin", "corrupt", (bytes: Buffer) => bytes.fill(0, 40, 80)],
    ["docstore.json", "missing", undefined],
  ])("is rebuilt, with a warning, when its %s is %s", async (name, problem, damage) => {
    const serving = await readActiveBuildId(corpus.indexDir);
    const file = path.join(corpus.indexDir, "builds", serving, name);
    if (damage) await writeFile(file, damage(await readFile(file)));
    else await rm(file);

    const { citebot, log, messages } = await open();
    const reason = problem === "missing" ? `${name} is missing from build ${serving}` : `${name} of build ${serving} is corrupt (hash mismatch)`;
    expect(log.warnings().map((record) => [record.msg, record.reason])).toEqual([["saved index unusable; rebuilding", reason]]);
    expect(messages()).toContain("built index");
    expect(await readActiveBuildId(corpus.indexDir)).not.toBe(serving);
    expect((await citebot.ask(QUESTION)).citations).toEqual(firstAnswer.citations);
  });

  it("is rebuilt when its manifest does not match the documents", async () => {
    await appendFile(path.join(corpus.seedsDir, "003_e8145cde6a7dd80f.txt"), "\nA new closing paragraph about the Senate seat.\n");
    const { citebot, log, messages } = await open();
    expect(log.records.find((record) => record.msg === "saved index does not match the documents; rebuilding")?.reason).toBe(
      "corpus changed (1 changed: 003_e8145cde6a7dd80f.txt)",
    );
    expect(messages()).toContain("built index");
    expect(citebot.status.paragraphs).toBe(95);
    expect(citebot.paragraphText("003_e8145cde6a7dd80f.txt", 19)).toBe("A new closing paragraph about the Senate seat.");
  });
});
