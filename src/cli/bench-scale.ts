import { fork } from "node:child_process";
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { bars, formatReport, type ScaleReport, type SizeResult } from "../bench/scale-report.js";
import type { BuildResult, EncoderResult, GraphPoint, IncrementalResult, ReindexResult, ScaleTask, ServeResult } from "../bench/tasks.js";
import { DEFAULT_HNSW } from "../index/hnsw.js";
import { runCli } from "./run.js";

const USAGE = `usage: npx tsx src/cli/bench-scale.ts [options]     (or npm run bench -- --scale [options])
  --sizes 1000,10000,100000   synthetic corpus sizes, in chunks
  --queries 200               questions timed per size
  --parts sizes,reindex,encoder,incremental   (reindex: a full rebuild while each size's index serves)
  --sweep                     instead: sweep HNSW M / efConstruction / efSearch at the largest size
  --out FILE                  JSON results (default bench-results/scale.json, or scale-sweep-<chunks>.json with --sweep)
  --seeds DIR                 real documents for the encoder and reindex runs (default seeds)`;

/** .ts under tsx, .js once compiled: the worker sits beside this file's own kind. */
const WORKER = fileURLToPath(new URL(`../bench/scale-worker${path.extname(fileURLToPath(import.meta.url))}`, import.meta.url));
const EF_SWEEP = [10, 16, 32, 48, 64, 96, 128, 192, 256];
const SWEEP_GRAPHS = [
  { m: 8, efConstruction: 200 },
  { m: 12, efConstruction: 200 },
  { m: 16, efConstruction: 100 },
  { m: 16, efConstruction: 200 },
  { m: 16, efConstruction: 400 },
  { m: 24, efConstruction: 200 },
  { m: 32, efConstruction: 200 },
];
const ENCODER_BATCH_SIZES = [1, 8, 16, 32, 64];

/** `npm run bench -- --scale`: every figure of the scale issue from one run, printed as a table and written as JSON. */
export async function runScaleBenchmark(argv: readonly string[]): Promise<void> {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      scale: { type: "boolean" },
      sizes: { type: "string", default: "1000,10000,100000" },
      queries: { type: "string", default: "200" },
      parts: { type: "string", default: "sizes,reindex,encoder,incremental" },
      sweep: { type: "boolean" },
      out: { type: "string" },
      seeds: { type: "string", default: "seeds" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const sizes = values.sizes.split(",").map(Number);
  const queries = Number(values.queries);
  if (sizes.some((size) => !Number.isInteger(size) || size <= 0) || !Number.isInteger(queries) || queries <= 0) throw new Error(`bad --sizes or --queries\n${USAGE}`);
  const parts = new Set(values.parts.split(","));
  const seedsDir = path.resolve(values.seeds);
  const largest = Math.max(...sizes);
  const out = values.out ?? path.join("bench-results", values.sweep ? `scale-sweep-${largest}.json` : "scale.json");

  const report: ScaleReport = { generatedAt: new Date().toISOString(), machine: machine(), hnsw: DEFAULT_HNSW, queries, sizes: [], bars: [] };
  if (values.sweep) {
    report.sweep = { chunks: largest, graphs: await inChild<GraphPoint[]>({ kind: "graph-sweep", chunks: largest, queries, graphs: SWEEP_GRAPHS, efSearch: EF_SWEEP }, seedsDir) };
  } else {
    if (parts.has("sizes")) report.sizes = await measureSizes(sizes, queries, seedsDir, parts.has("reindex"));
    if (parts.has("encoder")) {
      const encoder = await inChild<EncoderResult>({ kind: "encoder", paragraphs: 512, batchSizes: ENCODER_BATCH_SIZES }, seedsDir);
      const fastest = encoder.batches.reduce((best, batch) => (batch.paragraphsPerSecond > best.paragraphsPerSecond ? batch : best));
      report.encoder = { ...encoder, chosenBatchSize: fastest.batchSize };
    }
    if (parts.has("incremental")) {
      const incremental = await inChild<IncrementalResult>({ kind: "incremental", files: 10, paragraphsPerFile: 100 }, seedsDir);
      report.incremental = { ...incremental, speedup: incremental.fullMs / incremental.incrementalMs };
    }
    report.bars = bars(report.sizes, report.incremental);
  }
  console.log(formatReport(report));
  await mkdir(path.dirname(out), { recursive: true });
  await writeFile(out, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`\nwrote ${out}`);
}

async function measureSizes(sizes: readonly number[], queries: number, seedsDir: string, withReindex: boolean): Promise<SizeResult[]> {
  const results: SizeResult[] = [];
  for (const chunks of sizes) {
    const directory = await mkdtemp(path.join(os.tmpdir(), `citebot-scale-${chunks}-`));
    try {
      console.error(`${chunks.toLocaleString("en")} chunks: building…`);
      const build = await inChild<BuildResult>({ kind: "build", chunks, directory, hnsw: DEFAULT_HNSW }, seedsDir);
      console.error(`${chunks.toLocaleString("en")} chunks: built in ${(build.buildMs / 1000).toFixed(1)} s; loading and querying…`);
      const serve = await inChild<ServeResult>({ kind: "serve", chunks, directory, queries, efSweep: EF_SWEEP }, seedsDir);
      const result: SizeResult = { chunks, build, serve, loadSpeedup: build.buildMs / serve.loadMs, hnswSpeedup: serve.exactTop10.p50 / serve.hnswTop10.p50 };
      if (withReindex) {
        console.error(`${chunks.toLocaleString("en")} chunks: reindexing while serving…`);
        result.reindex = await inChild<ReindexResult>({ kind: "reindex", chunks, directory, queries }, seedsDir);
      }
      results.push(result);
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  }
  return results;
}

/** Runs one task in a fresh process (with this one's tsx loader) and resolves with what it sends back. */
function inChild<Result>(task: ScaleTask, seedsDir: string): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = fork(WORKER, [JSON.stringify(task), seedsDir], { stdio: ["ignore", "inherit", "inherit", "ipc"] });
    let result: Result | undefined;
    child.on("message", (message) => {
      result = message as Result;
    });
    child.on("error", reject);
    child.on("exit", (code) => {
      if (code === 0 && result !== undefined) resolve(result);
      else reject(new Error(`the ${task.kind} benchmark process exited with code ${code ?? "null"}`));
    });
  });
}

function machine(): ScaleReport["machine"] {
  const cpus = os.cpus();
  return { cpus: cpus.length, cpuModel: cpus[0]?.model ?? "unknown", memoryGb: Math.round(os.totalmem() / 1024 ** 3), node: process.version };
}

if (process.argv[1] !== undefined && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  runCli(() => runScaleBenchmark(process.argv.slice(2)));
}
