import type { HnswParameters } from "../index/manifest.js";

/** What the scale benchmark asks of one child process; each runs in its own so peak RSS is its own. */
export type ScaleTask =
  | { kind: "build"; chunks: number; directory: string; hnsw: HnswParameters }
  | { kind: "serve"; chunks: number; directory: string; queries: number; efSweep: number[] }
  | { kind: "reindex"; chunks: number; directory: string; queries: number }
  | { kind: "graph-sweep"; chunks: number; queries: number; graphs: Array<Pick<HnswParameters, "m" | "efConstruction">>; efSearch: number[] }
  | { kind: "encoder"; paragraphs: number; batchSizes: number[] }
  | { kind: "incremental"; files: number; paragraphsPerFile: number };

export interface Latency {
  p50: number;
  p95: number;
}

export interface BuildResult {
  /** A full rebuild of the saved index, minus the time spent making up synthetic vectors. */
  buildMs: number;
  indexBytes: number;
  embeddingCacheBytes: number;
  peakRssMb: number;
}

export interface RecallPoint {
  efSearch: number;
  recallAt10: number;
  /** At the depth retrieval asks the dense ranking for (CANDIDATES_PER_RANKING). */
  recallAt50: number;
  /** Of a top-10 search. */
  latency: Latency;
}

export interface ServeResult {
  loadMs: number;
  /** After loading and answering every query: what a serving bot holds. */
  peakRssMb: number;
  dense: Latency;
  lexical: Latency;
  fused: Latency;
  /** HNSW top-10 at the index's own efSearch, against the exact scan of the same vectors. */
  hnswTop10: Latency;
  exactTop10: Latency;
  recallAt10: number;
  recallAt50: number;
  efSweep: RecallPoint[];
}

export interface ReindexResult {
  /** A full rebuild, every vector from the embedding cache, while the loaded index serves. */
  reindexMs: number;
  /** The bot holding its serving index and the new build at once. */
  peakRssMb: number;
  /** The same process before the rebuild started. */
  servingPeakRssMb: number;
  /** Fused retrieval during the rebuild, timed from when each question was due. */
  fused: Latency;
  maxMs: number;
  questions: number;
  questionIntervalMs: number;
}

export interface GraphPoint extends Pick<HnswParameters, "m" | "efConstruction"> {
  buildMs: number;
  indexBytes: number;
  recall: RecallPoint[];
}

export interface EncoderResult {
  paragraphs: number;
  batches: Array<{ batchSize: number; paragraphsPerSecond: number }>;
}

export interface IncrementalResult {
  paragraphs: number;
  files: number;
  /** Cold cache: every paragraph through the encoder. */
  fullMs: number;
  /** A bot starting on the saved index of the same documents. */
  loadMs: number;
  /** One file edited (a paragraph reworded, one deleted, one appended), warm cache. */
  incrementalMs: number;
  chunksEmbedded: number;
  chunksReused: number;
  /** One file replaced by 100 new paragraphs: the worst one-file change. */
  rewriteMs: number;
  rewriteChunksEmbedded: number;
}

export type ScaleTaskResult = BuildResult | ServeResult | ReindexResult | GraphPoint[] | EncoderResult | IncrementalResult;
