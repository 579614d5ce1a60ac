import { performance } from "node:perf_hooks";
import { chunkParagraphs, type Chunk } from "../corpus/chunks.js";
import type { Corpus } from "../corpus/load.js";
import type { EmbeddingCache } from "../embeddings/cache.js";
import type { TextEmbedder } from "../embeddings/types.js";
import { LexicalIndex } from "../retrieval/lexical.js";
import { createVectorStore } from "./hnsw.js";
import { INDEX_FORMAT_VERSION, type HnswParameters } from "./manifest.js";
import type { BuildArtifacts } from "./store.js";

export interface BuildProgress {
  filesRead: number;
  paragraphs: number;
  /** Chunks run through the encoder so far; when the build ends, the chunks whose text was new. */
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

/** Chunks embedded between two progress reports: often enough for a live Discord message. */
const PROGRESS_STEP = 64;

/**
 * Builds a complete index of the corpus. Only chunks whose text the cache has not seen go
 * through the encoder; the cache is then rewritten to hold exactly this build's chunks.
 */
export async function buildIndex(corpus: Corpus, embedder: TextEmbedder, hnsw: HnswParameters, cache: EmbeddingCache, onProgress?: ProgressListener): Promise<IndexBuild> {
  const started = performance.now();
  const paragraphs = corpus.files.flatMap((file) => file.paragraphs);
  const chunks = await chunkParagraphs(paragraphs);
  const progress: BuildProgress = { filesRead: corpus.files.length, paragraphs: paragraphs.length, chunksEmbedded: 0, chunksReused: 0, chunksTotal: chunks.length };
  const vectors = await embedChunks(chunks, embedder, cache, progress, onProgress);
  return {
    store: createVectorStore(embedder, chunks, vectors, hnsw),
    lexical: LexicalIndex.build(chunks),
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

/** One vector per chunk, in chunk order; a text repeated in the corpus is embedded once. */
async function embedChunks(chunks: readonly Chunk[], embedder: TextEmbedder, cache: EmbeddingCache, progress: BuildProgress, onProgress?: ProgressListener): Promise<Float32Array[]> {
  const keys: string[] = [];
  const known = new Map<string, Float32Array>();
  const missing = new Map<string, string>();
  for (const chunk of chunks) {
    const key = cache.key(chunk.text);
    keys.push(key);
    const cached = cache.get(key);
    if (cached) known.set(key, cached);
    else missing.set(key, chunk.text);
  }
  progress.chunksReused = chunks.length - missing.size;
  onProgress?.({ ...progress });
  const pending = [...missing];
  for (let start = 0; start < pending.length; start += PROGRESS_STEP) {
    const batch = pending.slice(start, start + PROGRESS_STEP);
    const embedded = await embedder.embedDocuments(batch.map(([, text]) => text));
    batch.forEach(([key], i) => {
      const vector = embedded[i];
      if (vector?.length !== embedder.dimensions) throw new Error(`the encoder returned ${vector?.length ?? "no"} dimensions, expected ${embedder.dimensions}`);
      known.set(key, Float32Array.from(vector));
    });
    progress.chunksEmbedded += batch.length;
    onProgress?.({ ...progress });
  }
  await cache.save(known);
  return keys.map((key) => {
    const vector = known.get(key);
    if (!vector) throw new Error("a chunk was left without a vector");
    return vector;
  });
}
