import { writeFile } from "node:fs/promises";
import path from "node:path";
import { Document } from "@langchain/core/documents";
import { HNSWLib } from "@langchain/community/vectorstores/hnswlib";
import { SynchronousInMemoryDocstore } from "@langchain/community/stores/doc/in_memory";
import hnswlib from "hnswlib-node";
import type { Chunk } from "../corpus/chunks.js";
import type { TextEmbedder } from "../embeddings/types.js";
import { TimeSlicer } from "../event-loop.js";
import { writeJsonArray } from "./json-array-file.js";
import type { HnswParameters } from "./manifest.js";

/**
 * Chosen from `npm run bench -- --scale --sweep` on synthetic 512-d chunks, 2 cores
 * (bench-results/scale-sweep-10000.json and -100000.json):
 * - M 16. M 8 never gets there (recall@10 at 100k: 0.95 at efSearch 128); M 24 and 32 only
 *   lift recall at efSearch below 48, for slower builds and 3-6% more memory.
 * - efConstruction 100. It builds the 100k graph in about half the time of 200 (57 s vs
 *   107 s) with the same recall from efSearch 64 up, and every reindex rebuilds the graph:
 *   at scale, that build is most of what a moderator waits for.
 * - efSearch 192. Retrieval asks for 50 neighbours, so the search runs at max(efSearch, 50),
 *   and recall@50 is the harder target: at 10k chunks 0.980 at 128, 0.992 at 192 (recall@10
 *   is 0.999 from efSearch 32 up). At 100k it is 1.000 and a top-10 search takes about
 *   0.5 ms, some 30 times less than the exact scan.
 */
export const DEFAULT_HNSW: HnswParameters = { m: 16, efConstruction: 100, efSearch: 192 };

export type ChunkMetadata = Pick<Chunk, "file" | "paragraph" | "window"> & { chunkId: number };

/**
 * HNSWLib.addVectors would re-initialise the native index with its own defaults,
 * so the index is filled here and handed to the store, which persists and searches it.
 * A 100k-chunk graph takes minutes to build, so the loop yields now and then: the bot
 * keeps answering from the serving index and its gateway heartbeat keeps going.
 */
export async function createVectorStore(embedder: TextEmbedder, chunks: readonly Chunk[], vectors: ReadonlyArray<ArrayLike<number>>, params: HnswParameters): Promise<HNSWLib> {
  const index = new hnswlib.HierarchicalNSW("cosine", embedder.dimensions);
  index.initIndex(Math.max(1, chunks.length), params.m, params.efConstruction, 100);
  const docs = new Map<string, Document<ChunkMetadata>>();
  const slicer = new TimeSlicer();
  for (const [label, chunk] of chunks.entries()) {
    const vector = vectors[label];
    if (!vector) throw new Error(`no vector for chunk ${label}`);
    // The addon takes only plain arrays; converting one row at a time keeps the corpus itself in compact Float32Arrays.
    index.addPoint(Array.from(vector), label);
    docs.set(String(label), new Document({ pageContent: chunk.text, metadata: { chunkId: label, file: chunk.file, paragraph: chunk.paragraph, window: chunk.window } }));
    await slicer.pause();
  }
  index.setEf(params.efSearch);
  const store = new HNSWLib(embedder, { space: "cosine", numDimensions: embedder.dimensions, index, docstore: new SynchronousInMemoryDocstore(docs) });
  // args is what save() writes to args.json; keep it to the two plain values load() needs.
  store.args = { space: "cosine", numDimensions: embedder.dimensions };
  return store;
}

/** HNSWLib.save's three files, the docstore written a slice at a time (see writeJsonArray); HNSWLib.load reads them. */
export async function saveVectorStore(store: HNSWLib, directory: string): Promise<void> {
  await store.index.writeIndex(path.join(directory, "hnswlib.index"));
  await writeFile(path.join(directory, "args.json"), JSON.stringify(store.args));
  await writeJsonArray(path.join(directory, "docstore.json"), store.docstore._docs.entries());
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

function chunkMetadata(document: Document): ChunkMetadata {
  return document.metadata as ChunkMetadata;
}

export function chunkAt(store: HNSWLib, chunkId: number): ChunkMetadata {
  return chunkMetadata(store.docstore.search(String(chunkId)));
}
