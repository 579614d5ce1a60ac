import { Document } from "@langchain/core/documents";
import { HNSWLib } from "@langchain/community/vectorstores/hnswlib";
import { SynchronousInMemoryDocstore } from "@langchain/community/stores/doc/in_memory";
import hnswlib from "hnswlib-node";
import type { Chunk } from "../corpus/chunks.js";
import type { TextEmbedder } from "../embeddings/types.js";
import type { HnswParameters } from "./manifest.js";

/**
 * Chosen from `npm run bench -- --scale` (see the numbers there): M=16 with
 * efConstruction=200 builds 100k 512-d vectors in well under a minute on 2 cores, and
 * efSearch=128 keeps recall@10 at or above 0.98 while staying far faster than a scan.
 */
export const DEFAULT_HNSW: HnswParameters = { m: 16, efConstruction: 200, efSearch: 128 };

export type ChunkMetadata = Pick<Chunk, "file" | "paragraph" | "window"> & { chunkId: number };

/**
 * HNSWLib.addVectors would re-initialise the native index with its own defaults,
 * so the index is filled here and handed to the store, which persists and searches it.
 */
export function createVectorStore(embedder: TextEmbedder, chunks: readonly Chunk[], vectors: ReadonlyArray<ArrayLike<number>>, params: HnswParameters): HNSWLib {
  const index = new hnswlib.HierarchicalNSW("cosine", embedder.dimensions);
  index.initIndex(Math.max(1, chunks.length), params.m, params.efConstruction, 100);
  const docs = new Map<string, Document<ChunkMetadata>>();
  chunks.forEach((chunk, label) => {
    const vector = vectors[label];
    if (!vector) throw new Error(`no vector for chunk ${label}`);
    // The addon takes only plain arrays; converting one row at a time keeps the corpus itself in compact Float32Arrays.
    index.addPoint(Array.from(vector), label);
    docs.set(String(label), new Document({ pageContent: chunk.text, metadata: { chunkId: label, file: chunk.file, paragraph: chunk.paragraph, window: chunk.window } }));
  });
  index.setEf(params.efSearch);
  const store = new HNSWLib(embedder, { space: "cosine", numDimensions: embedder.dimensions, index, docstore: new SynchronousInMemoryDocstore(docs) });
  // args is what save() writes to args.json; keep it to the two plain values load() needs.
  store.args = { space: "cosine", numDimensions: embedder.dimensions };
  return store;
}

export async function loadVectorStore(directory: string, embedder: TextEmbedder, efSearch: number): Promise<HNSWLib> {
  const store = await HNSWLib.load(directory, embedder);
  store.index.setEf(efSearch);
  return store;
}

export interface DenseHit {
  chunkId: number;
  /** Cosine similarity, higher is closer (HNSWLib reports cosine distance). */
  similarity: number;
}

export async function searchVectorStore(store: HNSWLib, vector: number[], limit: number): Promise<DenseHit[]> {
  // The store warns on stdout when asked for more neighbours than it holds.
  const k = Math.min(limit, store.index.getCurrentCount());
  if (k === 0) return [];
  const hits = await store.similaritySearchVectorWithScore(vector, k);
  return hits.map(([document, distance]) => ({ chunkId: chunkMetadata(document).chunkId, similarity: 1 - distance }));
}

export function chunkMetadata(document: Document): ChunkMetadata {
  return document.metadata as ChunkMetadata;
}

export function chunkAt(store: HNSWLib, chunkId: number): ChunkMetadata {
  return chunkMetadata(store.docstore.search(String(chunkId)));
}
