import { mkdir, readdir, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { Citebot, RETRIEVED_PARAGRAPHS } from "../citebot.js";
import { UniversalSentenceEncoderEmbeddings } from "../embeddings/universal-sentence-encoder.js";
import { searchVectorStore } from "../index/hnsw.js";
import { loadBuild, readActiveBuildId, readManifest, type LoadedIndex } from "../index/store.js";
import { createLogger } from "../logger.js";
import { CANDIDATES_PER_RANKING, Retriever } from "../retrieval/retriever.js";
import { exactScan, recallAt, searchAll } from "./exact.js";
import { latencyOf, peakRssMb } from "./stats.js";
import { SyntheticCorpus } from "./synthetic.js";
import { SyntheticEmbedder } from "./synthetic-embedder.js";
import type { BuildResult, ScaleTask, ServeResult } from "./tasks.js";

const PARAGRAPHS_PER_FILE = 100;
/** Questions run before timing starts, so the JIT and the caches are warm as in a bot that has been up a while. */
const WARMUP_QUESTIONS = 20;
/** The true neighbours kept per query: enough for recall at the dense ranking's depth. */
const EXACT_DEPTH = CANDIDATES_PER_RANKING;

export const seedsDir = (directory: string): string => path.join(directory, "seeds");
export const indexDir = (directory: string): string => path.join(directory, "index");

/** Writes the synthetic corpus as files and rebuilds the index from them the way `npm run reindex` does. */
export async function buildSynthetic(task: Extract<ScaleTask, { kind: "build" }>): Promise<BuildResult> {
  const embedder = new SyntheticEmbedder(new SyntheticCorpus());
  await mkdir(seedsDir(task.directory), { recursive: true });
  for (let start = 0; start < task.chunks; start += PARAGRAPHS_PER_FILE) {
    const lines = Array.from({ length: Math.min(PARAGRAPHS_PER_FILE, task.chunks - start) }, (_, i) => embedder.paragraph(start + i));
    const name = `synthetic-${String(start / PARAGRAPHS_PER_FILE).padStart(5, "0")}.txt`;
    await writeFile(path.join(seedsDir(task.directory), name), `${lines.join("\n")}\n`);
  }
  const summary = await Citebot.rebuildIndex({ seedsDir: seedsDir(task.directory), indexDir: indexDir(task.directory), logger: createLogger("silent"), embedder, hnsw: task.hnsw });
  if (summary.chunks !== task.chunks) throw new Error(`${summary.chunks} chunks built, expected ${task.chunks}: a synthetic paragraph was cut into windows`);
  return {
    buildMs: summary.ms - embedder.elapsedMs,
    indexBytes: await directoryBytes(path.join(indexDir(task.directory), "builds")),
    embeddingCacheBytes: await directoryBytes(path.join(indexDir(task.directory), "embedding-cache")),
    peakRssMb: peakRssMb(),
  };
}

/** Loads the saved index as a starting bot does, then times retrieval and checks HNSW against an exact scan. */
export async function serveSynthetic(task: Extract<ScaleTask, { kind: "serve" }>): Promise<ServeResult> {
  const corpus = new SyntheticCorpus();
  const { index, retriever, loadMs } = await openServing(task.directory, new SyntheticEmbedder(corpus));

  const questions = syntheticQuestions(corpus, WARMUP_QUESTIONS + task.queries);
  const timed = {
    dense: (q: Question) => searchVectorStore(index.store, q.vector, CANDIDATES_PER_RANKING),
    lexical: (q: Question) => index.lexical.query(q.text, CANDIDATES_PER_RANKING),
    // The bot's own limit; it only trims the fused list, so its value barely moves the latency.
    fused: (q: Question) => retriever.retrieve(q.text, q.vector, RETRIEVED_PARAGRAPHS),
  };
  const times = { dense: [] as number[], lexical: [] as number[], fused: [] as number[] };
  for (const [i, question] of questions.entries()) {
    for (const kind of ["dense", "lexical", "fused"] as const) {
      const before = performance.now();
      await timed[kind](question);
      if (i >= WARMUP_QUESTIONS) times[kind].push(performance.now() - before);
    }
  }
  const peak = peakRssMb();

  const queries = questions.slice(WARMUP_QUESTIONS).map((question) => question.vector);
  // Regenerated one vector at a time rather than held: this part of the run is not the bot's memory.
  const scan = exactScan(corpus.spec.dimensions, task.chunks, corpus.vectors(task.chunks));
  const exactTop10 = searchAll(scan, queries, 10).latency;
  const exact = searchAll(scan, queries, EXACT_DEPTH).results;
  const graph = index.store.index;
  const served = recallAt(graph, index.manifest.hnsw.efSearch, queries, exact);
  const efSweep = task.efSweep.map((efSearch) => recallAt(graph, efSearch, queries, exact));

  return {
    loadMs,
    peakRssMb: peak,
    dense: latencyOf(times.dense),
    lexical: latencyOf(times.lexical),
    fused: latencyOf(times.fused),
    hnswTop10: served.latency,
    exactTop10,
    recallAt10: served.recallAt10,
    recallAt50: served.recallAt50,
    efSweep,
  };
}

export interface Question {
  text: string;
  vector: number[];
}

export interface Serving {
  index: LoadedIndex;
  retriever: Retriever;
  loadMs: number;
}

/** What a starting bot holds: the encoder, and the saved index loaded (and timed) beside it. */
export async function openServing(directory: string, embedder: SyntheticEmbedder): Promise<Serving> {
  // The encoder's memory belongs in a serving bot's peak; the synthetic questions come with vectors.
  await (await UniversalSentenceEncoderEmbeddings.load()).embedQuery("What does a serving bot hold in memory?");
  const index = indexDir(directory);
  const started = performance.now();
  const buildId = await readActiveBuildId(index);
  const loaded = await loadBuild(index, buildId, await readManifest(index, buildId), embedder);
  const retriever = new Retriever(loaded);
  return { index: loaded, retriever, loadMs: performance.now() - started };
}

export function syntheticQuestions(corpus: SyntheticCorpus, count: number): Question[] {
  return Array.from({ length: count }, (_, i) => corpus.question(i)).map(({ text, vector }) => ({ text, vector: Array.from(vector) }));
}

async function directoryBytes(directory: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(directory, { withFileTypes: true })) {
    const child = path.join(directory, entry.name);
    total += entry.isDirectory() ? await directoryBytes(child) : (await stat(child)).size;
  }
  return total;
}
