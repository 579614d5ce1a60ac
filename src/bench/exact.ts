import { performance } from "node:perf_hooks";
import hnswlib from "hnswlib-node";
import { latencyOf } from "./stats.js";
import type { Latency, RecallPoint } from "./tasks.js";

/**
 * The exact answer to compare HNSW with: hnswlib's own brute-force scan, the same native
 * cosine kernel over the same vectors, so the speed-up measured is the graph's alone.
 */
export function exactScan(dimensions: number, count: number, vectors: Iterable<Float32Array>): hnswlib.BruteforceSearch {
  const scan = new hnswlib.BruteforceSearch("cosine", dimensions);
  scan.initIndex(count);
  let label = 0;
  for (const vector of vectors) scan.addPoint(Array.from(vector), label++);
  return scan;
}

export interface KnnIndex {
  searchKnn(query: number[], neighbours: number): { neighbors: number[] };
}

/** Top-k labels of every query, with the latency of each search. */
export function searchAll(index: KnnIndex, queries: readonly number[][], k: number): { results: number[][]; latency: Latency } {
  const times: number[] = [];
  const results = queries.map((query) => {
    const started = performance.now();
    const { neighbors } = index.searchKnn(query, k);
    times.push(performance.now() - started);
    return neighbors;
  });
  return { results, latency: latencyOf(times) };
}

/** Mean share of the exact top k that the approximate top k found. */
function recall(found: readonly number[][], exact: readonly number[][], k: number): number {
  let hits = 0;
  let total = 0;
  found.forEach((labels, query) => {
    const truth = new Set(exact[query]?.slice(0, k));
    total += truth.size;
    hits += labels.slice(0, k).filter((label) => truth.has(label)).length;
  });
  return total === 0 ? 1 : hits / total;
}

/** Recall at 10 and 50 of the graph at one efSearch, and its top-10 latency; exact holds the true top 50 of each query. */
export function recallAt(graph: KnnIndex & { setEf(ef: number): void }, efSearch: number, queries: readonly number[][], exact: readonly number[][]): RecallPoint {
  graph.setEf(efSearch);
  const top10 = searchAll(graph, queries, 10);
  const top50 = searchAll(graph, queries, 50);
  return { efSearch, recallAt10: recall(top10.results, exact, 10), recallAt50: recall(top50.results, exact, 50), latency: top10.latency };
}
