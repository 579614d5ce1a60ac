import { performance } from "node:perf_hooks";
import type { HNSWLib } from "@langchain/community/vectorstores/hnswlib";
import { chunkParagraphs, type Chunk } from "../corpus/chunks.js";
import { evidenceUnits, type EvidenceUnit } from "../corpus/evidence-units.js";
import type { Paragraph } from "../corpus/paragraphs.js";
import type { Corpus } from "../corpus/load.js";
import { embeddingKey, type EmbeddingCache } from "../embeddings/cache.js";
import type { TextEmbedder } from "../embeddings/types.js";
import { LexicalIndex } from "../retrieval/lexical.js";
import { createVectorStore } from "./hnsw.js";
import { INDEX_FORMAT_VERSION, type HnswParameters } from "./manifest.js";
import type { BuildArtifacts } from "./store.js";
import { TimeSlicer } from "../event-loop.js";
import { SentenceTable } from "./sentence-table.js";

export interface BuildProgress {
  filesRead: number;
  paragraphs: number;
  /** Chunks whose text the cache did not have, embedded so far (a text repeated in new chunks is encoded once). */
  chunksEmbedded: number;
  /** Chunks whose vector came from the embedding cache (known before embedding starts). */
  chunksReused: number;
  /** chunksEmbedded + chunksReused reaches this when every chunk has its vector. */
  chunksTotal: number;
  /** The same for the sentences the answer step weighs; one whose text is also a chunk's shares its vector. */
  sentencesEmbedded: number;
  sentencesReused: number;
  sentencesTotal: number;
}

export type ProgressListener = (progress: BuildProgress) => void;

/** Chunks and sentences together: the encoder's work, which is nearly all of a build's time. */
export function embeddingWork(progress: BuildProgress): { embedded: number; toEmbed: number; reused: number; percent: number } {
  const embedded = progress.chunksEmbedded + progress.sentencesEmbedded;
  const toEmbed = progress.chunksTotal - progress.chunksReused + progress.sentencesTotal - progress.sentencesReused;
  return {
    embedded,
    toEmbed,
    reused: progress.chunksReused + progress.sentencesReused,
    percent: toEmbed === 0 ? 100 : Math.floor((100 * embedded) / toEmbed),
  };
}

export interface IndexBuild extends BuildArtifacts {
  chunksEmbedded: number;
  chunksReused: number;
  sentencesEmbedded: number;
  sentencesReused: number;
}

export interface BuildOptions {
  /**
   * Opens the embedding cache; without one every chunk is embedded and nothing is remembered
   * (a cold build). Opened only for the embedding step, so its vectors (200 MB at 100k
   * chunks) can be collected before the lexical index is built.
   */
  openCache?: () => Promise<EmbeddingCache>;
  onProgress?: ProgressListener | undefined;
}

/** Chunks embedded between two progress reports: often enough for a live Discord message. */
const PROGRESS_STEP = 64;

/**
 * Builds a complete index of the corpus: chunks for retrieval, and the sentences the answer
 * step weighs, each with its vector. Only texts the cache has not seen go through the
 * encoder; the cache is then rewritten to hold exactly this build's texts.
 */
export async function buildIndex(corpus: Corpus, embedder: TextEmbedder, hnsw: HnswParameters, options: BuildOptions = {}): Promise<IndexBuild> {
  const started = performance.now();
  const paragraphs = corpus.files.flatMap((file) => file.paragraphs);
  const chunks = await chunkParagraphs(paragraphs);
  const units = await splitEvidenceUnits(paragraphs);
  const progress: BuildProgress = {
    filesRead: corpus.files.length,
    paragraphs: paragraphs.length,
    chunksEmbedded: 0,
    chunksReused: 0,
    chunksTotal: chunks.length,
    sentencesEmbedded: 0,
    sentencesReused: 0,
    sentencesTotal: units.reduce((sum, paragraphUnits) => sum + paragraphUnits.filter((unit) => unit.embedded).length, 0),
  };
  const { store, sentences } = await embedIntoStores(chunks, units, embedder, hnsw, progress, options);
  return {
    store,
    lexical: await LexicalIndex.build(chunks),
    paragraphs,
    sentences,
    manifest: {
      formatVersion: INDEX_FORMAT_VERSION,
      model: { id: embedder.modelId, dimensions: embedder.dimensions },
      files: corpus.files.map((file) => ({ name: file.name, sha256: file.sha256, paragraphs: file.paragraphs.length })),
      paragraphs: paragraphs.length,
      chunks: chunks.length,
      hnsw,
      builtAt: new Date().toISOString(),
      buildMs: Math.round(performance.now() - started),
    },
    chunksEmbedded: progress.chunksEmbedded,
    chunksReused: progress.chunksReused,
    sentencesEmbedded: progress.sentencesEmbedded,
    sentencesReused: progress.sentencesReused,
  };
}

/** The vectors live only in here: at 100k chunks they are 200 MB that the lexical build after this need not share memory with. */
async function embedIntoStores(
  chunks: readonly Chunk[],
  units: ReadonlyArray<readonly EvidenceUnit[]>,
  embedder: TextEmbedder,
  hnsw: HnswParameters,
  progress: BuildProgress,
  options: BuildOptions,
): Promise<{ store: HNSWLib; sentences: SentenceTable }> {
  const sentenceTexts = units.flatMap((paragraphUnits) => paragraphUnits.filter((unit) => unit.embedded).map((unit) => unit.text));
  const vectors = await embedTexts(
    chunks.map((chunk) => chunk.text),
    sentenceTexts,
    embedder,
    progress,
    options,
  );
  let sentence = 0;
  const sentences = SentenceTable.fromUnits(
    embedder.dimensions,
    units.map((paragraphUnits) => paragraphUnits.map(({ start, end, embedded }) => ({ start, end, vector: embedded ? vectors.sentences[sentence++] : undefined }))),
  );
  return { store: await createVectorStore(embedder, chunks, vectors.chunks, hnsw), sentences };
}

/** The sentence split the answer step reads, done once here rather than on every question. */
async function splitEvidenceUnits(paragraphs: readonly Paragraph[]): Promise<EvidenceUnit[][]> {
  const slicer = new TimeSlicer();
  const units: EvidenceUnit[][] = [];
  for (const paragraph of paragraphs) {
    await slicer.pause();
    units.push(evidenceUnits(paragraph));
  }
  return units;
}

interface PendingText {
  text: string;
  chunks: number;
  sentences: number;
}

/**
 * One vector per chunk and per sentence, in their order. Only texts the cache has not seen go
 * through the encoder, each once however often it recurs (a one-sentence paragraph is its own
 * chunk); it counts as embedded for every chunk and sentence that holds it.
 */
async function embedTexts(
  chunkTexts: readonly string[],
  sentenceTexts: readonly string[],
  embedder: TextEmbedder,
  progress: BuildProgress,
  { openCache, onProgress }: BuildOptions,
): Promise<{ chunks: Float32Array[]; sentences: Float32Array[] }> {
  const cache = await openCache?.();
  if (cache && cache.model.modelId !== embedder.modelId) throw new Error(`the embedding cache of ${cache.model.modelId} cannot serve ${embedder.modelId}`);
  const known = new Map<string, Float32Array>();
  const missing = new Map<string, PendingText>();
  const slicer = new TimeSlicer();
  const keysOf = async (texts: readonly string[], kind: "chunks" | "sentences"): Promise<string[]> => {
    const keys: string[] = [];
    for (const text of texts) {
      await slicer.pause();
      const key = embeddingKey(embedder.modelId, text);
      keys.push(key);
      const cached = cache?.get(key);
      if (cached) known.set(key, cached);
      else {
        const entry = missing.get(key) ?? { text, chunks: 0, sentences: 0 };
        entry[kind] += 1;
        missing.set(key, entry);
      }
    }
    return keys;
  };
  const chunkKeys = await keysOf(chunkTexts, "chunks");
  const sentenceKeys = await keysOf(sentenceTexts, "sentences");
  const pending = [...missing];
  progress.chunksReused = chunkTexts.length - pending.reduce((sum, [, entry]) => sum + entry.chunks, 0);
  progress.sentencesReused = sentenceTexts.length - pending.reduce((sum, [, entry]) => sum + entry.sentences, 0);
  onProgress?.({ ...progress });
  for (let start = 0; start < pending.length; start += PROGRESS_STEP) {
    const batch = pending.slice(start, start + PROGRESS_STEP);
    const embedded = await embedder.embedDocuments(batch.map(([, entry]) => entry.text));
    batch.forEach(([key, entry], i) => {
      const vector = embedded[i];
      if (vector?.length !== embedder.dimensions) throw new Error(`the encoder returned ${vector?.length ?? "no"} dimensions, expected ${embedder.dimensions}`);
      known.set(key, Float32Array.from(vector));
      progress.chunksEmbedded += entry.chunks;
      progress.sentencesEmbedded += entry.sentences;
    });
    onProgress?.({ ...progress });
  }
  await cache?.save(known);
  const vectorOf = (key: string): Float32Array => {
    const vector = known.get(key);
    if (!vector) throw new Error("a text was left without a vector");
    return vector;
  };
  return { chunks: chunkKeys.map(vectorOf), sentences: sentenceKeys.map(vectorOf) };
}
