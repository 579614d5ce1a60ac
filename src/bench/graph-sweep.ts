import { mkdtemp, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import hnswlib from "hnswlib-node";
import { CANDIDATES_PER_RANKING } from "../retrieval/retriever.js";
import { exactScan, recallAt, searchAll } from "./exact.js";
import { syntheticQuestions } from "./scale-index.js";
import { SyntheticCorpus } from "./synthetic.js";
import type { GraphPoint, ScaleTask } from "./tasks.js";

/**
 * Builds the bare HNSW graph for each (M, efConstruction) and measures recall@10 and latency
 * over efSearch: the evidence behind DEFAULT_HNSW. Only the graph is built; the rest of an
 * index does not depend on these parameters.
 */
export async function sweepGraphs(task: Extract<ScaleTask, { kind: "graph-sweep" }>): Promise<GraphPoint[]> {
  const corpus = new SyntheticCorpus();
  const { dimensions } = corpus.spec;
  const vectors = Array.from({ length: task.chunks }, (_, i) => corpus.vector(i));
  const queries = syntheticQuestions(corpus, task.queries).map((q) => q.vector);
  const exact = searchAll(exactScan(dimensions, task.chunks, vectors), queries, CANDIDATES_PER_RANKING).results;
  const scratch = await mkdtemp(path.join(tmpdir(), "citebot-sweep-"));
  try {
    const points: GraphPoint[] = [];
    for (const { m, efConstruction } of task.graphs) {
      const started = performance.now();
      const graph = new hnswlib.HierarchicalNSW("cosine", dimensions);
      graph.initIndex(task.chunks, m, efConstruction, 100);
      vectors.forEach((vector, label) => graph.addPoint(Array.from(vector), label));
      const buildMs = performance.now() - started;
      const file = path.join(scratch, `m${m}-ef${efConstruction}.index`);
      graph.writeIndexSync(file);
      const indexBytes = (await stat(file)).size;
      await rm(file);
      points.push({ m, efConstruction, buildMs, indexBytes, recall: task.efSearch.map((efSearch) => recallAt(graph, efSearch, queries, exact)) });
      console.error(`graph M=${m} efConstruction=${efConstruction}: built in ${(buildMs / 1000).toFixed(1)} s`);
    }
    return points;
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}
