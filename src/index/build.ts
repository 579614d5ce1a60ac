import { performance } from "node:perf_hooks";
import type { HNSWLib } from "@langchain/community/vectorstores/hnswlib";
import { chunkParagraphs, type Chunk } from "../corpus/chunks.js";
import type { Corpus } from "../corpus/load.js";
import { embeddingKey, type EmbeddingCache } from "../embeddings/cache.js";
import type { TextEmbedder } from "../embeddings/types.js";
import { LexicalIndex } from "../retrieval/lexical.js";
import { createVectorStore } from "./hnsw.js";
import { INDEX_FORMAT_VERSION, type HnswParameters } from "./manifest.js";
import type { BuildArtifacts } from "./store.js";
import { TimeSlicer } from "../event-loop.js";

export interface BuildProgress {
  filesRead: number;
  paragraphs: number;
  /** Chunks whose text the cache did not have, embedded so far (a text repeated in new chunks is encoded once). */
  chunksEmbedded: number;
  /** Chunks whose vector came from the embedding cache (known before embedding starts). */
  chunksReused: number;
  /** chunksEmbedded + chunksReused reaches this when every chunk has its vector. */
  chunksTotal: number;
}

export type ProgressListener = (progress: BuildProgress) => void;

export interface IndexBuild extends BuildArtifacts {
  chunksEmbedded: number;
  chunksReused: number;
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
 * Builds a complete index of the corpus. Only chunks whose text the cache has not seen go
 * through the encoder; the cache is then rewritten to hold exactly this build's chunks.
 */
export async function buildIndex(corpus: Corpus, embedder: TextEmbedder, hnsw: HnswParameters, options: BuildOptions = {}): Promise<IndexBuild> {
  const started = performance.now();
  const paragraphs = corpus.files.flatMap((file) => file.paragraphs);
  const chunks = await chunkParagraphs(paragraphs);
  const progress: BuildProgress = { filesRead: corpus.files.length, paragraphs: paragraphs.length, chunksEmbedded: 0, chunksReused: 0, chunksTotal: chunks.length };
  const store = await embedIntoStore(chunks, embedder, hnsw, progress, options);
  return {
    store,
    lexical: await LexicalIndex.build(chunks),
    paragraphs,
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
  };
}

/** The vectors live only in here: at 100k chunks they are 200 MB that the lexical build after this need not share memory with. */
async function embedIntoStore(chunks: readonly Chunk[], embedder: TextEmbedder, hnsw: HnswParameters, progress: BuildProgress, options: BuildOptions): Promise<HNSWLib> {
  return createVectorStore(embedder, chunks, await embedChunks(chunks, embedder, progress, options), hnsw);
}

/** One vector per chunk, in chunk order; a new text repeated in the corpus is embedded once but counts as embedded for each chunk. */
async function embedChunks(chunks: readonly Chunk[], embedder: TextEmbedder, progress: BuildProgress, { openCache, onProgress }: BuildOptions): Promise<Float32Array[]> {
  const cache = await openCache?.();
  if (cache && cache.model.modelId !== embedder.modelId) throw new Error(`the embedding cache of ${cache.model.modelId} cannot serve ${embedder.modelId}`);
  const keys: string[] = [];
  const known = new Map<string, Float32Array>();
  const missing = new Map<string, { text: string; chunks: number }>();
  const slicer = new TimeSlicer();
  for (const chunk of chunks) {
    await slicer.pause();
    const key = embeddingKey(embedder.modelId, chunk.text);
    keys.push(key);
    const cached = cache?.get(key);
    if (cached) known.set(key, cached);
    else missing.set(key, { text: chunk.text, chunks: (missing.get(key)?.chunks ?? 0) + 1 });
  }
  progress.chunksReused = chunks.length - [...missing.values()].reduce((sum, entry) => sum + entry.chunks, 0);
  onProgress?.({ ...progress });
  const pending = [...missing];
  for (let start = 0; start < pending.length; start += PROGRESS_STEP) {
    const batch = pending.slice(start, start + PROGRESS_STEP);
    const embedded = await embedder.embedDocuments(batch.map(([, entry]) => entry.text));
    batch.forEach(([key, entry], i) => {
      const vector = embedded[i];
      if (vector?.length !== embedder.dimensions) throw new Error(`the encoder returned ${vector?.length ?? "no"} dimensions, expected ${embedder.dimensions}`);
      known.set(key, Float32Array.from(vector));
      progress.chunksEmbedded += entry.chunks;
    });
    onProgress?.({ ...progress });
  }
  await cache?.save(known);
  return keys.map((key) => {
    const vector = known.get(key);
    if (!vector) throw new Error("a chunk was left without a vector");
    return vector;
  });
}
