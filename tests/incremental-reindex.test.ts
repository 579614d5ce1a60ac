import { readdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Citebot, type ReindexSummary } from "../src/citebot.js";
import { chunkParagraphs } from "../src/corpus/chunks.js";
import { loadCorpus } from "../src/corpus/load.js";
import { UniversalSentenceEncoderEmbeddings } from "../src/embeddings/universal-sentence-encoder.js";
import type { IndexManifest } from "../src/index/manifest.js";
import { readActiveBuildId, readManifest } from "../src/index/store.js";
import { createLogger } from "../src/logger.js";
import { tempCorpus } from "./helpers/corpus.js";
import { recordingLogger } from "./helpers/logger.js";

const EDITED = "003_e8145cde6a7dd80f.txt";
const REMOVED = "004_2b813561cee9ca12.txt";
const SENATE_QUESTION = "Why did Mustafa Kamal resign from the Senate?";
const QUESTIONS = [
  SENATE_QUESTION,
  "Where does Kamal's wife come from?",
  "Who is Anis Qaimkhani?",
  "What party does Mustafa Kamal chair?",
  "When was the Senate seat filled again?",
  "Who leads the MQM-P factions?",
];

const silent = createLogger("silent");

/** Chunk texts of a corpus folder, as the build cuts them. */
async function chunkTexts(seedsDir: string): Promise<string[]> {
  const corpus = await loadCorpus(seedsDir);
  return (await chunkParagraphs(corpus.files.flatMap((file) => file.paragraphs))).map((chunk) => chunk.text);
}

async function servingManifest(indexDir: string): Promise<IndexManifest> {
  return readManifest(indexDir, await readActiveBuildId(indexDir));
}

describe("an incremental reindex", () => {
  let embedder: UniversalSentenceEncoderEmbeddings;
  let corpus: Awaited<ReturnType<typeof tempCorpus>>;
  let incremental: Citebot;
  let summary: ReindexSummary;
  let newChunks: number;

  beforeAll(async () => {
    embedder = await UniversalSentenceEncoderEmbeddings.load();
    corpus = await tempCorpus();
    incremental = await Citebot.open({ seedsDir: corpus.seedsDir, indexDir: corpus.indexDir, logger: silent, embedder });
    const before = new Set(await chunkTexts(corpus.seedsDir));

    // One file edited the way a moderator would: a line reworded, one deleted (renumbering all
    // after it), one appended. Another file removed.
    const file = path.join(corpus.seedsDir, EDITED);
    const lines = (await readFile(file, "utf8")).split("\n");
    const edited = lines
      .filter((line) => !line.startsWith("Source said Kamal had been inactive"))
      .map((line) => line.replace("has tendered his resignation from the seat over personal issues", "has resigned from the seat for personal reasons"));
    edited.push("The Senate seat he left was filled in a by-election held in March 2014, after a short campaign.");
    await writeFile(file, edited.join("\n"));
    await rm(path.join(corpus.seedsDir, REMOVED));
    newChunks = (await chunkTexts(corpus.seedsDir)).filter((text) => !before.has(text)).length;

    summary = await incremental.reindex();
  });
  afterAll(() => corpus.cleanup());

  it("embeds only the chunks whose text is new and reuses every other vector", () => {
    expect(newChunks).toBe(2);
    expect(summary.chunksEmbedded).toBe(newChunks);
    expect(summary.chunksReused).toBe(summary.chunks - newChunks);
    expect(summary).toMatchObject({ added: [], changed: [EDITED], removed: [REMOVED] });
  });

  it("drops a removed file from the index and from the embedding cache", async () => {
    expect(incremental.status.files.map((file) => file.name)).not.toContain(REMOVED);
    expect(incremental.paragraphText(REMOVED, 1)).toBeUndefined();
    for (const question of ["What did political observers say about the two MQM-P factions?", "Who leads the MQM-P factions?"]) {
      const answer = await incremental.ask(question);
      expect(answer.citations.map((citation) => citation.file)).not.toContain(REMOVED);
    }
    // A second reindex of the same files must embed nothing: the cache holds exactly the live chunks.
    const again = await incremental.reindex();
    expect(again).toMatchObject({ chunksEmbedded: 0, chunksReused: summary.chunks, sentencesEmbedded: 0, sentencesReused: summary.sentences });
  });

  it("leaves the same index, byte for byte, and the same answers as a full rebuild from a cold cache", async () => {
    const coldIndexDir = path.join(corpus.root, "cold-index");
    const full = await Citebot.open({ seedsDir: corpus.seedsDir, indexDir: coldIndexDir, logger: silent, embedder });
    const [warm, cold] = await Promise.all([servingManifest(corpus.indexDir), servingManifest(coldIndexDir)]);
    // Byte for byte, every file of the build: paragraphs, chunks with their citations, vectors and graph, lexical index.
    expect(Object.keys(warm.artifacts).sort()).toEqual(["args.json", "docstore.json", "hnswlib.index", "lexical.bin", "paragraphs.json", "sentences.bin"]);
    expect(warm.artifacts).toEqual(cold.artifacts);
    expect(warm.files).toEqual(cold.files);

    let answered = 0;
    for (const question of QUESTIONS) {
      const [fromIncremental, fromFull] = await Promise.all([incremental.ask(question), full.ask(question)]);
      expect(fromIncremental.answer, question).toBe(fromFull.answer);
      expect(fromIncremental.citations, question).toEqual(fromFull.citations);
      if (fromIncremental.answered) answered += 1;
    }
    // Two refusals would agree trivially; most of these questions have cited answers.
    expect(answered).toBeGreaterThanOrEqual(QUESTIONS.length - 1);
  });
});

describe("the embedding cache", () => {
  let embedder: UniversalSentenceEncoderEmbeddings;
  let corpus: Awaited<ReturnType<typeof tempCorpus>>;

  beforeAll(async () => {
    embedder = await UniversalSentenceEncoderEmbeddings.load();
    corpus = await tempCorpus();
    // One small file is enough to see the cache rejected and rebuilt.
    for (const name of await readdir(corpus.seedsDir)) if (name !== EDITED) await rm(path.join(corpus.seedsDir, name));
  });
  afterAll(() => corpus.cleanup());

  it("is ignored with a warning when its file is corrupt, then rebuilt", async () => {
    const citebot = await Citebot.open({ seedsDir: corpus.seedsDir, indexDir: corpus.indexDir, logger: silent, embedder });
    const before = await citebot.ask(SENATE_QUESTION);
    const cacheDir = path.join(corpus.indexDir, "embedding-cache");
    const [modelDir] = await readdir(cacheDir);
    const cacheFile = path.join(cacheDir, modelDir ?? "", "vectors.bin");
    const bytes = await readFile(cacheFile);
    bytes.fill(0x7f, bytes.length - 600, bytes.length - 100);
    await writeFile(cacheFile, bytes);

    const log = recordingLogger();
    const reopened = await Citebot.open({ seedsDir: corpus.seedsDir, indexDir: corpus.indexDir, logger: log.logger, embedder });
    const summary = await reopened.reindex();
    expect(log.warnings().map((record) => [record.msg, record.reason])).toEqual([["embedding cache corrupt; ignoring it and embedding every chunk", "checksum mismatch"]]);
    expect(summary).toMatchObject({ chunksEmbedded: summary.chunks, chunksReused: 0 });
    expect(await reopened.ask(SENATE_QUESTION)).toMatchObject({ answer: before.answer, citations: before.citations });

    await writeFile(cacheFile, "not a cache");
    expect((await reopened.reindex()).chunksEmbedded).toBe(summary.chunks);
    expect(await reopened.reindex()).toMatchObject({ chunksEmbedded: 0, chunksReused: summary.chunks });
  });
});
