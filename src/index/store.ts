import { createHash, randomUUID } from "node:crypto";
import { createReadStream } from "node:fs";
import { mkdir, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import type { HNSWLib } from "@langchain/community/vectorstores/hnswlib";
import type { Paragraph } from "../corpus/paragraphs.js";
import type { TextEmbedder } from "../embeddings/types.js";
import { LexicalIndex } from "../retrieval/lexical.js";
import { loadVectorStore, saveVectorStore } from "./hnsw.js";
import { writeJsonArray } from "./json-array-file.js";
import type { IndexManifest } from "./manifest.js";
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
  return buildId;
}

export async function activateBuild(indexDir: string, buildId: string): Promise<void> {
  const pending = path.join(indexDir, `${CURRENT}.${buildId}.tmp`);
  await writeFile(pending, `${buildId}\n`);
  await rename(pending, path.join(indexDir, CURRENT));
}

/** Removes every build but the serving one, and leftovers of interrupted builds. */
export async function pruneBuilds(indexDir: string, keep: string): Promise<void> {
  const builds = await readdir(path.join(indexDir, BUILDS)).catch(() => []);
  await Promise.all(builds.filter((id) => id !== keep).map((id) => rm(path.join(indexDir, BUILDS, id), { recursive: true, force: true })));
}

export async function readActiveBuildId(indexDir: string): Promise<string> {
  const current = await readFile(path.join(indexDir, CURRENT), "utf8").catch(() => undefined);
  const buildId = current?.trim();
  if (!buildId) throw new NoIndexError(`no index in ${indexDir}`);
  return buildId;
}

export async function readManifest(indexDir: string, buildId: string): Promise<IndexManifest> {
  const text = await readFile(path.join(indexDir, BUILDS, buildId, MANIFEST), "utf8").catch(() => undefined);
  if (text === undefined) throw new IndexUnavailableError(`build ${buildId} has no manifest`);
  try {
    return JSON.parse(text) as IndexManifest;
  } catch {
    throw new IndexUnavailableError(`the manifest of build ${buildId} is not valid JSON`);
  }
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
