import { performance } from "node:perf_hooks";
import { chunkParagraphs } from "../corpus/chunks.js";
import type { Corpus } from "../corpus/load.js";
import type { TextEmbedder } from "../embeddings/types.js";
import { LexicalIndex } from "../retrieval/lexical.js";
import { createVectorStore } from "./hnsw.js";
import { INDEX_FORMAT_VERSION, type HnswParameters } from "./manifest.js";
import type { BuildArtifacts } from "./store.js";

export interface BuildProgress {
  filesRead: number;
  paragraphs: number;
  chunksEmbedded: number;
  chunksTotal: number;
}

export type ProgressListener = (progress: BuildProgress) => void;

/** Chunks embedded between two progress reports: often enough for a live Discord message. */
const PROGRESS_STEP = 64;

export async function buildIndex(corpus: Corpus, embedder: TextEmbedder, hnsw: HnswParameters, onProgress?: ProgressListener): Promise<BuildArtifacts> {
  const started = performance.now();
  const paragraphs = corpus.files.flatMap((file) => file.paragraphs);
  const chunks = await chunkParagraphs(paragraphs);
  const progress: BuildProgress = { filesRead: corpus.files.length, paragraphs: paragraphs.length, chunksEmbedded: 0, chunksTotal: chunks.length };
  onProgress?.({ ...progress });
  const vectors: number[][] = [];
  for (let start = 0; start < chunks.length; start += PROGRESS_STEP) {
    vectors.push(...(await embedder.embedDocuments(chunks.slice(start, start + PROGRESS_STEP).map((chunk) => chunk.text))));
    progress.chunksEmbedded = vectors.length;
    onProgress?.({ ...progress });
  }
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
  };
}
