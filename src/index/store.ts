import { createHash, randomUUID } from "node:crypto";
import { createReadStream } from "node:fs";
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import type { HNSWLib } from "@langchain/community/vectorstores/hnswlib";
import type { Paragraph } from "../corpus/paragraphs.js";
import type { TextEmbedder } from "../embeddings/types.js";
import { LexicalIndex } from "../retrieval/lexical.js";
import { loadVectorStore, saveVectorStore } from "./hnsw.js";
import { writeJsonArray } from "./json-array-file.js";
import { isAlive } from "./lock.js";
import { manifestSchema, type IndexManifest } from "./manifest.js";
import { SentenceTable } from "./sentence-table.js";

/**
 * Layout of INDEX_DIR: builds/<id>/ holds one complete index, and the file CURRENT
 * names the build that serves. A build is written in full before CURRENT is replaced
 * by a rename, so a crash at any point leaves the previous index loadable.
 */
const CURRENT = "CURRENT";
const BUILDS = "builds";
const MANIFEST = "manifest.json";
const PARAGRAPHS = "paragraphs.json";
const LEXICAL = "lexical.bin";
const SENTENCES = "sentences.bin";
/** serving/<pid> names the build a process serves, so another process's prune leaves it alone. */
const SERVING = "serving";
/** A build id as writeBuild makes it; anything else in CURRENT is not ours to follow. */
const BUILD_ID = /^[\w-]{1,100}$/;

export interface LoadedIndex {
  buildId: string;
  /** Without the file hashes, which only matter while loading. */
  manifest: Omit<IndexManifest, "artifacts">;
  store: HNSWLib;
  lexical: LexicalIndex;
  /** Every paragraph of the corpus at build time, short ones included, for quotes and /sources. */
  paragraphs: Paragraph[];
  /** Each paragraph's sentences and their vectors, by position in `paragraphs`. */
  sentences: SentenceTable;
}

class IndexUnavailableError extends Error {
  override readonly name = "IndexUnavailableError";
}

/** Nothing was ever built here: the ordinary first start, not a fault. */
export class NoIndexError extends IndexUnavailableError {}

export interface BuildArtifacts {
  store: HNSWLib;
  lexical: LexicalIndex;
  paragraphs: Paragraph[];
  sentences: SentenceTable;
  manifest: Omit<IndexManifest, "artifacts">;
}

/** Writes a complete build beside the serving one and returns its id; nothing serves it until activateBuild. */
export async function writeBuild(indexDir: string, artifacts: BuildArtifacts): Promise<string> {
  const buildId = `${Date.now()}-${randomUUID().slice(0, 8)}`;
  const directory = path.join(indexDir, BUILDS, buildId);
  try {
    await writeBuildFiles(directory, artifacts);
  } catch (error) {
    // A full disk fails here; what was written would only make the next attempt fail sooner.
    await rm(directory, { recursive: true, force: true });
    throw error;
  }
  return buildId;
}

async function writeBuildFiles(directory: string, artifacts: BuildArtifacts): Promise<void> {
  await mkdir(directory, { recursive: true });
  await saveVectorStore(artifacts.store, directory);
  await writeJsonArray(path.join(directory, PARAGRAPHS), artifacts.paragraphs);
  await artifacts.lexical.save(path.join(directory, LEXICAL));
  await artifacts.sentences.save(path.join(directory, SENTENCES));
  const names = (await readdir(directory)).filter((name) => name !== MANIFEST).sort();
  const hashes: Record<string, string> = {};
  for (const name of names) hashes[name] = await sha256File(path.join(directory, name));
  const manifest: IndexManifest = { ...artifacts.manifest, artifacts: hashes };
  await writeFile(path.join(directory, MANIFEST), JSON.stringify(manifest, null, 2));
}

/** Makes the build the one that serves. Call with the rebuild lock held (see lock.ts). */
export async function activateBuild(indexDir: string, buildId: string, onWarning: (message: string) => void): Promise<void> {
  const current = path.join(indexDir, CURRENT);
  if ((await stat(current).catch(() => undefined))?.isDirectory()) {
    // Not something we wrote; a rename cannot replace it. Moved aside, not deleted: it may be someone's.
    const aside = `${current}.not-a-file.${Date.now()}`;
    await rename(current, aside);
    onWarning(`${current} was a directory, not the file naming the serving build; moved it to ${aside}`);
  }
  const pending = path.join(indexDir, `${CURRENT}.${buildId}.tmp`);
  try {
    await writeFile(pending, `${buildId}\n`);
    await rename(pending, current);
  } catch (error) {
    await rm(pending, { force: true });
    throw error;
  }
}

/**
 * Removes builds nothing needs: all but the active one, `keep`, and any that a live process
 * serves (serving/<pid>); with them, temporary files of interrupted writes. Call with the
 * rebuild lock held, so no build here is being written. Returns what could not be removed:
 * a build that will not go away is worth a warning, not a failed rebuild.
 */
export async function pruneBuilds(indexDir: string, keep?: string): Promise<string[]> {
  const needed = new Set([...(keep === undefined ? [] : [keep]), ...(await servedBuilds(indexDir))]);
  const active = await readActiveBuildId(indexDir).catch(() => undefined);
  if (active !== undefined) needed.add(active);
  const builds = await readdir(path.join(indexDir, BUILDS)).catch(() => []);
  const leftovers = [
    ...builds.filter((id) => !needed.has(id)).map((id) => path.join(indexDir, BUILDS, id)),
    ...(await temporaryFiles(indexDir)),
  ];
  const problems: string[] = [];
  await Promise.all(leftovers.map((file) => rm(file, { recursive: true, force: true }).catch((error: Error) => void problems.push(`${file}: ${error.message}`))));
  return problems;
}

export async function removeBuild(indexDir: string, buildId: string): Promise<void> {
  await rm(path.join(indexDir, BUILDS, buildId), { recursive: true, force: true });
}

/** Temporary files of writes a crash interrupted: CURRENT.<id>.tmp and the embedding cache's vectors.bin.<pid>.<id>.tmp. */
async function temporaryFiles(indexDir: string): Promise<string[]> {
  const entries = await readdir(indexDir, { recursive: true }).catch(() => []);
  return entries.filter((entry) => entry.endsWith(".tmp") && !entry.startsWith(BUILDS)).map((entry) => path.join(indexDir, entry));
}

/** Records that this process serves `buildId`, so that another process's prune keeps it. */
export async function markServing(indexDir: string, buildId: string): Promise<void> {
  await mkdir(path.join(indexDir, SERVING), { recursive: true });
  await writeFile(path.join(indexDir, SERVING, String(process.pid)), `${buildId}\n`);
}

/**
 * Builds that other live processes serve; markers of processes that have gone are removed.
 * This process's own marker does not count: what it serves is in memory, and its rebuild
 * replaces it right after the prune.
 */
async function servedBuilds(indexDir: string): Promise<string[]> {
  const directory = path.join(indexDir, SERVING);
  const markers = await readdir(directory).catch(() => []);
  const served: string[] = [];
  for (const marker of markers) {
    const pid = Number(marker);
    if (pid === process.pid) continue;
    if (!Number.isSafeInteger(pid) || !isAlive(pid)) {
      await rm(path.join(directory, marker), { force: true });
      continue;
    }
    const buildId = (await readFile(path.join(directory, marker), "utf8").catch(() => "")).trim();
    if (buildId) served.push(buildId);
  }
  return served;
}

export async function readActiveBuildId(indexDir: string): Promise<string> {
  const file = path.join(indexDir, CURRENT);
  let current: string;
  try {
    current = await readFile(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") throw new NoIndexError(`no index in ${indexDir}`);
    if (code === "EISDIR") throw new IndexUnavailableError(`${file} is a directory, not the file naming the serving build`);
    throw new IndexUnavailableError(`${file} cannot be read: ${(error as Error).message}`);
  }
  const buildId = current.trim();
  if (!buildId) throw new NoIndexError(`no index in ${indexDir}`);
  if (!BUILD_ID.test(buildId)) throw new IndexUnavailableError(`${file} does not name a build (it holds ${JSON.stringify(buildId.slice(0, 40))})`);
  return buildId;
}

export async function readManifest(indexDir: string, buildId: string): Promise<IndexManifest> {
  const text = await readFile(path.join(indexDir, BUILDS, buildId, MANIFEST), "utf8").catch(() => undefined);
  if (text === undefined) throw new IndexUnavailableError(`build ${buildId} has no manifest`);
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new IndexUnavailableError(`the manifest of build ${buildId} is not valid JSON`);
  }
  const parsed = manifestSchema.safeParse(json);
  if (!parsed.success) {
    const problems = parsed.error.issues.slice(0, 3).map((issue) => `${issue.path.join(".") || "(top)"} ${issue.message}`);
    throw new IndexUnavailableError(`the manifest of build ${buildId} is malformed (${problems.join("; ")})`);
  }
  return parsed.data;
}

/** Loads the serving build after checking every file against the manifest's hashes. */
export async function loadBuild(indexDir: string, buildId: string, manifest: IndexManifest, embedder: TextEmbedder): Promise<LoadedIndex> {
  const directory = path.join(indexDir, BUILDS, buildId);
  const hashes = new Map(Object.entries(manifest.artifacts ?? {}));
  const check = (name: string, actual: string | undefined): void => {
    if (actual === undefined) throw new IndexUnavailableError(`${name} is missing from build ${buildId}`);
    if (actual !== hashes.get(name)) throw new IndexUnavailableError(`${name} of build ${buildId} is corrupt (hash mismatch)`);
  };
  /** The files parsed here are checked from the very bytes that are parsed, so each is read once. */
  const readChecked = async (name: string): Promise<Buffer> => {
    const bytes = await readFile(path.join(directory, name)).catch(() => undefined);
    check(name, bytes === undefined ? undefined : createHash("sha256").update(bytes).digest("hex"));
    return bytes ?? Buffer.alloc(0);
  };
  const ownReads = new Set([LEXICAL, PARAGRAPHS, SENTENCES]);
  // The vector store reads its own files, the native index among them: they are checked before it sees them.
  await Promise.all([...hashes.keys()].filter((name) => !ownReads.has(name)).map(async (name) => check(name, await sha256File(path.join(directory, name)).catch(() => undefined))));
  // Side by side: the store's reads run off the main thread while the other files are parsed on it.
  // No part holds a transient copy much larger than itself, so their peaks may stack: at 100k
  // chunks a serving bot peaks at 707 MiB (bench-results/scale.json).
  const [store, lexical, paragraphs, sentences] = await Promise.all([
    loadVectorStore(directory, embedder, manifest.hnsw.efSearch),
    readChecked(LEXICAL).then((bytes) => {
      try {
        return LexicalIndex.fromBytes(bytes, LEXICAL);
      } catch (error) {
        throw new IndexUnavailableError(`${LEXICAL} of build ${buildId} cannot be read: ${(error as Error).message}`);
      }
    }),
    readChecked(PARAGRAPHS).then((bytes) => JSON.parse(bytes.toString("utf8")) as Paragraph[]),
    readChecked(SENTENCES).then((bytes) => {
      try {
        return SentenceTable.fromBytes(bytes, SENTENCES);
      } catch (error) {
        throw new IndexUnavailableError(`${SENTENCES} of build ${buildId} cannot be read: ${(error as Error).message}`);
      }
    }),
  ]);
  return { buildId, manifest, store, lexical, paragraphs, sentences };
}

/** Streamed in large pieces, so checking a 200 MB index file never holds it in memory. */
async function sha256File(file: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(file, { highWaterMark: HASH_READ_BYTES })) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

const HASH_READ_BYTES = 4 << 20;
