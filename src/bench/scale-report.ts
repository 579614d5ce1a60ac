import type { HnswParameters } from "../index/manifest.js";
import type { BuildResult, EncoderResult, GraphPoint, IncrementalResult, Latency, RecallPoint, ReindexResult, ServeResult } from "./tasks.js";

export interface SizeResult {
  chunks: number;
  build: BuildResult;
  serve: ServeResult;
  reindex?: ReindexResult;
  /** How many times faster loading the saved index is than rebuilding it. */
  loadSpeedup: number;
  /** How many times faster HNSW's top 10 is than the exact scan's, by median latency. */
  hnswSpeedup: number;
}

export interface Bar {
  name: string;
  value: number;
  target: string;
  met: boolean;
}

export interface ScaleReport {
  generatedAt: string;
  machine: { cpus: number; cpuModel: string; memoryGb: number; node: string };
  hnsw: HnswParameters;
  queries: number;
  sizes: SizeResult[];
  encoder?: EncoderResult & { chosenBatchSize: number };
  incremental?: IncrementalResult & { speedup: number };
  sweep?: { chunks: number; graphs: GraphPoint[] };
  bars: Bar[];
}

/** Peak RSS allowed at 100k chunks, in MiB. */
const RSS_LIMIT_MB = 1536;

/** The issue's bars, each from figures of this one run. */
export function bars(sizes: readonly SizeResult[], incremental: ScaleReport["incremental"]): Bar[] {
  const result: Bar[] = [];
  const largest = sizes.find((size) => size.chunks === 100_000);
  if (largest) {
    const rss = Math.max(largest.build.peakRssMb, largest.serve.peakRssMb);
    result.push(
      { name: "100k: HNSW recall@10", value: largest.serve.recallAt10, target: ">= 0.98", met: largest.serve.recallAt10 >= 0.98 },
      { name: "100k: exact scan / HNSW, median latency", value: largest.hnswSpeedup, target: ">= 20x", met: largest.hnswSpeedup >= 20 },
      { name: "100k: fused retrieval p95 (ms, no question embedding)", value: largest.serve.fused.p95, target: "<= 50", met: largest.serve.fused.p95 <= 50 },
      { name: "100k: peak RSS, build and serve (MiB)", value: rss, target: `<= ${RSS_LIMIT_MB}`, met: rss <= RSS_LIMIT_MB },
    );
  }
  for (const size of sizes) {
    result.push({ name: `${size.chunks.toLocaleString("en")} synthetic chunks: rebuild (no encoder) / load time`, value: size.loadSpeedup, target: ">= 10x", met: size.loadSpeedup >= 10 });
  }
  if (incremental) {
    const loadSpeedup = incremental.fullMs / incremental.loadMs;
    result.push(
      { name: "1,000 real-text paragraphs: rebuild with the encoder / load time", value: loadSpeedup, target: ">= 10x", met: loadSpeedup >= 10 },
      { name: "full / incremental reindex after a one-file edit", value: incremental.speedup, target: ">= 10x", met: incremental.speedup >= 10 },
    );
  }
  return result;
}

export function formatReport(report: ScaleReport): string {
  const { hnsw, machine } = report;
  const sections = [
    [`Scale benchmark: HNSW M=${hnsw.m} efConstruction=${hnsw.efConstruction} efSearch=${hnsw.efSearch}; ${report.queries} questions per size; ${machine.cpus} CPUs (${machine.cpuModel}), Node ${machine.node}`],
    report.sizes.length > 0 ? [sizesTable(report.sizes), ...report.sizes.map(efSweepLine)] : [],
    report.sizes.some((size) => size.reindex) ? ["A full /reindex while the loaded index answers questions (retrieval only; vectors from the embedding cache):", ...report.sizes.flatMap(reindexLine)] : [],
    report.encoder ? [encoderLine(report.encoder)] : [],
    report.incremental ? [incrementalLine(report.incremental)] : [],
    report.sweep ? [`HNSW graphs at ${report.sweep.chunks.toLocaleString("en")} chunks, recall@10/@50 (top-10 ms p50) by efSearch:`, sweepTable(report.sweep.graphs)] : [],
    report.bars.length > 0 ? ["Bars:", ...report.bars.map(barLine)] : [],
  ];
  return sections
    .filter((section) => section.length > 0)
    .map((section) => section.join("\n"))
    .join("\n\n");
}

function sizesTable(sizes: readonly SizeResult[]): string {
  return table(
    ["chunks", "build s", "load ms", "rebuild/load", "index MB", "emb. cache MB", "RSS build MB", "RSS serve MB", "dense ms p50/p95", "lexical ms p50/p95", "fused ms p50/p95", "HNSW@10 ms p50/p95", "exact@10 ms p50/p95", "exact/HNSW", "recall@10", "recall@50"],
    sizes.map((size) => [
      size.chunks.toLocaleString("en"),
      (size.build.buildMs / 1000).toFixed(1),
      size.serve.loadMs.toFixed(0),
      `${size.loadSpeedup.toFixed(1)}x`,
      megabytes(size.build.indexBytes),
      megabytes(size.build.embeddingCacheBytes),
      size.build.peakRssMb.toFixed(0),
      size.serve.peakRssMb.toFixed(0),
      latency(size.serve.dense),
      latency(size.serve.lexical),
      latency(size.serve.fused),
      latency(size.serve.hnswTop10, 3),
      latency(size.serve.exactTop10),
      `${size.hnswSpeedup.toFixed(0)}x`,
      size.serve.recallAt10.toFixed(4),
      size.serve.recallAt50.toFixed(4),
    ]),
  );
}

function efSweepLine(size: SizeResult): string {
  return `recall@10/@50 (top-10 ms p50) by efSearch at ${size.chunks.toLocaleString("en")}: ${size.serve.efSweep.map((point) => `ef ${point.efSearch}: ${recallText(point)}`).join(", ")}`;
}

function reindexLine({ chunks, reindex }: SizeResult): string[] {
  if (!reindex) return [];
  const { fused } = reindex;
  return [`  ${chunks.toLocaleString("en")} chunks: rebuilt in ${seconds(reindex.reindexMs)}; peak RSS ${reindex.peakRssMb.toFixed(0)} MB (${reindex.servingPeakRssMb.toFixed(0)} MB before); a question every ${reindex.questionIntervalMs} ms, ${reindex.questions} in all, waited p50 ${fused.p50.toFixed(1)} / p95 ${fused.p95.toFixed(1)} / max ${reindex.maxMs.toFixed(0)} ms`];
}

function encoderLine(encoder: NonNullable<ScaleReport["encoder"]>): string {
  const rates = encoder.batches.map((batch) => `${batch.batchSize}: ${batch.paragraphsPerSecond.toFixed(1)}`).join(", ");
  return `Encoder (USE-lite, ${encoder.paragraphs} seed chunks) paragraphs/s by batch size: ${rates}; fastest: ${encoder.chosenBatchSize}`;
}

function incrementalLine(run: NonNullable<ScaleReport["incremental"]>): string {
  return [
    `Reindex of ${run.paragraphs.toLocaleString("en")} real-text paragraphs in ${run.files} files: full (cold cache) ${seconds(run.fullMs)}`,
    `loading it instead ${seconds(run.loadMs)} (${(run.fullMs / run.loadMs).toFixed(0)}x faster)`,
    `one file edited ${seconds(run.incrementalMs)} (${run.chunksEmbedded} embedded, ${run.chunksReused} reused) = ${run.speedup.toFixed(1)}x faster`,
    `one file rewritten ${seconds(run.rewriteMs)} (${run.rewriteChunksEmbedded} embedded)`,
  ].join("; ");
}

function sweepTable(graphs: readonly GraphPoint[]): string {
  return table(
    ["M", "efConstruction", "build s", "index MB", ...(graphs[0]?.recall.map((point) => `ef ${point.efSearch}`) ?? [])],
    graphs.map((graph) => [String(graph.m), String(graph.efConstruction), (graph.buildMs / 1000).toFixed(1), megabytes(graph.indexBytes), ...graph.recall.map(recallText)]),
  );
}

function barLine(bar: Bar): string {
  return `  ${bar.met ? "MET   " : "MISSED"} ${bar.name}: ${Number.isInteger(bar.value) ? bar.value : bar.value.toFixed(3)} (${bar.target})`;
}

function table(header: readonly string[], rows: ReadonlyArray<readonly string[]>): string {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]?.length ?? 0)));
  const line = (cells: readonly string[]): string => cells.map((cell, column) => cell.padStart(widths[column] ?? 0)).join("  ");
  return [line(header), ...rows.map(line)].join("\n");
}

function recallText(point: RecallPoint): string {
  return `${point.recallAt10.toFixed(3)}/${point.recallAt50.toFixed(3)} (${point.latency.p50.toFixed(2)})`;
}

function latency(value: Latency, digits = 2): string {
  return `${value.p50.toFixed(digits)}/${value.p95.toFixed(digits)}`;
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(2)} s`;
}

function megabytes(bytes: number): string {
  return (bytes / 1024 / 1024).toFixed(1);
}
