import { cp, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { Citebot } from "../citebot.js";
import { loadCorpus } from "../corpus/load.js";
import type { TextEmbedder } from "../embeddings/types.js";
import type { Logger } from "../logger.js";

export interface IngestThroughput {
  label: string;
  files: number;
  paragraphs: number;
  skipped: number;
  /** Walking the folder and parsing every file into paragraphs. */
  readMs: number;
  /** A cold rebuild: read, chunk, embed every chunk and sentence, build both indexes, write them. */
  buildMs: number;
}

/** The Markdown documentation that ships inside installed packages: 56 files in subfolders, as their authors wrote them. */
const PACKAGE_DOCS = ["undici/docs/docs", "pino/docs", "piscina/docs"];

/** A Markdown folder of at least 50 files for the bench, copied from node_modules into a temporary folder. */
export async function packageDocsFolder(): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(path.join(tmpdir(), "citebot-docs-"));
  for (const source of PACKAGE_DOCS) await cp(path.join("node_modules", source), path.join(dir, source.split("/")[0] ?? source), { recursive: true });
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

export async function measureIngest(label: string, seedsDir: string, embedder: TextEmbedder, logger: Logger): Promise<IngestThroughput> {
  let started = performance.now();
  const corpus = await loadCorpus(seedsDir);
  const readMs = performance.now() - started;
  const indexDir = await mkdtemp(path.join(tmpdir(), "citebot-bench-ingest-"));
  try {
    started = performance.now();
    const summary = await Citebot.rebuildIndex({ seedsDir, indexDir, logger, embedder });
    const buildMs = performance.now() - started;
    return { label, files: summary.files, paragraphs: summary.paragraphs, skipped: corpus.skipped.length, readMs, buildMs };
  } finally {
    await rm(indexDir, { recursive: true, force: true });
  }
}

export function formatIngest(result: IngestThroughput): string {
  const perSecond = (ms: number) => `${Math.round(result.paragraphs / (ms / 1000))} paragraphs/s`;
  return [
    `  ${result.label}: ${result.files} files, ${result.paragraphs} paragraphs, ${result.skipped} not indexed`,
    `    read and parse         ${result.readMs.toFixed(0)} ms   (${perSecond(result.readMs)})`,
    `    cold build             ${result.buildMs.toFixed(0)} ms   (${perSecond(result.buildMs)}, every chunk and sentence embedded)`,
  ].join("\n");
}
