import { performance } from "node:perf_hooks";
import type { HNSWLib } from "@langchain/community/vectorstores/hnswlib";
import { chunkParagraphs, type Chunk } from "../corpus/chunks.js";
import { evidenceUnits, type EvidenceUnit } from "../corpus/evidence-units.js";
import type { Paragraph } from "../corpus/paragraphs.js";
import type { Corpus } from "../corpus/load.js";
import { embeddingKey, type EmbeddingCache } from "../embeddings/cache.js";
import type { TextEmbedder } from "../embeddings/types.js";
import { LexicalIndex } from "../retrieval/lexical.js";
import { createVectorStore } from "./hnsw.js";
import { INDEX_FORMAT_VERSION, type HnswParameters } from "./manifest.js";
import type { BuildArtifacts } from "./store.js";
import { TimeSlicer } from "../event-loop.js";
import { SentenceTable } from "./sentence-table.js";

export interface BuildProgress {
  filesRead: number;
  paragraphs: number;
  /** Chunks whose text the cache did not have, embedded so far (a text repeated in new chunks is encoded once). */
  chunksEmbedded: number;
  /** Chunks whose vector came from the embedding cache (known before embedding starts). */
  chunksReused: number;
  /** chunksEmbedded + chunksReused reaches this when every chunk has its vector. */
  chunksTotal: number;
  /** The same for the sentences the answer step weighs; one whose text is also a chunk's shares its vector. */
  sentencesEmbedded: number;
  sentencesReused: number;
  sentencesTotal: number;
}

export type ProgressListener = (progress: BuildProgress) => void;

/** Chunks and sentences together: the encoder's work, which is nearly all of a build's time. */
export function embeddingWork(progress: BuildProgress): { embedded: number; toEmbed: number; reused: number } {
  return {
    embedded: progress.chunksEmbedded + progress.sentencesEmbedded,
    toEmbed: progress.chunksTotal - progress.chunksReused + progress.sentencesTotal - progress.sentencesReused,
    reused: progress.chunksReused + progress.sentencesReused,
  };
}

export interface IndexBuild extends BuildArtifacts {
  chunksEmbedded: number;
  chunksReused: number;
  sentencesEmbedded: number;
  sentencesReused: number;
}

export interface BuildOptions {
  /**
   * Opens the embedding cache; without one every chunk is embedded and nothing is remembered
   * (a cold build). Opened only for the embedding step, so its vectors (200 MB at 100k
   * chunks) can be collected before the lexical index is built.
   */
  openCache?: () => Promise<EmbeddingCache>;
  onProgress?: ProgressListener | undefined;
}

/** Chunks embedded between two progress reports: often enough for a live Discord message. */
const PROGRESS_STEP = 64;

/**
 * Builds a complete index of the corpus: chunks for retrieval, and the sentences the answer
 * step weighs, each with its vector. Only texts the cache has not seen go through the
 * encoder; the cache is then rewritten to hold exactly this build's texts.
 */
export async function buildIndex(corpus: Corpus, embedder: TextEmbedder, hnsw: HnswParameters, options: BuildOptions = {}): Promise<IndexBuild> {
  const started = performance.now();
  const paragraphs = corpus.files.flatMap((file) => file.paragraphs);
  const chunks = await chunkParagraphs(paragraphs);
  const units = await splitEvidenceUnits(paragraphs);
  const progress: BuildProgress = {
    filesRead: corpus.files.length,
    paragraphs: paragraphs.length,
    chunksEmbedded: 0,
    chunksReused: 0,
    chunksTotal: chunks.length,
    sentencesEmbedded: 0,
    sentencesReused: 0,
    sentencesTotal: units.reduce((sum, paragraphUnits) => sum + paragraphUnits.filter((unit) => unit.embedded).length, 0),
  };
  const { store, sentences } = await embedIntoStores(paragraphs, chunks, units, embedder, hnsw, progress, options);
  return {
    store,
    lexical: await LexicalIndex.build(chunks),
    paragraphs,
    sentences,
    manifest: {
      formatVersion: INDEX_FORMAT_VERSION,
      model: { id: embedder.modelId, dimensions: embedder.dimensions },
      files: corpus.files.map((file) => ({ name: file.name, sha256: file.sha256, paragraphs: file.paragraphs.length })),
      paragraphs: paragraphs.length,
      chunks: chunks.length,
      hnsw,
      builtAt: new Date().toISOString(),
      buildMs: Math.round(performance.now() - started),
    },
    chunksEmbedded: progress.chunksEmbedded,
    chunksReused: progress.chunksReused,
    sentencesEmbedded: progress.sentencesEmbedded,
    sentencesReused: progress.sentencesReused,
  };
}

/** The vectors live only in here: at 100k chunks they are 200 MB that the lexical build after this need not share memory with. */
async function embedIntoStores(
  paragraphs: readonly Paragraph[],
  chunks: readonly Chunk[],
  units: ReadonlyArray<readonly EvidenceUnit[]>,
  embedder: TextEmbedder,
  hnsw: HnswParameters,
  progress: BuildProgress,
  options: BuildOptions,
): Promise<{ store: HNSWLib; sentences: SentenceTable }> {
  const sentenceGroups = [...textsByFile(paragraphs, units).values()].flatMap((texts) => encoderGroups(texts));
  const vectors = await embedTexts(
    chunks.map((chunk) => [chunk.text]),
    sentenceGroups,
    embedder,
    progress,
    options,
  );
  let sentence = 0;
  const sentences = SentenceTable.fromUnits(
    embedder.dimensions,
    units.map((paragraphUnits) => paragraphUnits.map(({ start, end, embedded }) => ({ start, end, vector: embedded ? vectors.sentences[sentence++] : undefined }))),
  );
  return { store: await createVectorStore(embedder, chunks, vectors.chunks.flat(), hnsw), sentences };
}

/**
 * The encoder's cost is mostly per call (about 45 ms for any text under 150 characters on this
 * machine), so short sentences go through it in groups: 10 of 60 characters cost 18 ms each
 * instead of 58. In a group a vector moves in its 7th decimal with its neighbours, so groups
 * depend only on the text around them: consecutive short sentences of one file, ending after a
 * sentence whose hash says so (GROUP_MEAN on average, GROUP_TEXTS at most), as content-defined
 * chunking does. An edit then changes only the groups it touches, their cache keys name the
 * whole group, and an incremental build reproduces a full one bit for bit. A long sentence gains
 * nothing from company and goes alone.
 */
const GROUP_MEAN = 8;
const GROUP_TEXTS = 16;
const SHORT_TEXT_CHARS = 300;

/** The embedded units' texts of each file, in order. */
function textsByFile(paragraphs: readonly Paragraph[], units: ReadonlyArray<readonly EvidenceUnit[]>): Map<string, string[]> {
  const byFile = new Map<string, string[]>();
  paragraphs.forEach((paragraph, i) => {
    const texts = byFile.get(paragraph.file) ?? [];
    for (const unit of units[i] ?? []) if (unit.embedded) texts.push(unit.text);
    byFile.set(paragraph.file, texts);
  });
  return byFile;
}

function encoderGroups(texts: readonly string[]): string[][] {
  const groups: string[][] = [];
  let open: string[] | undefined;
  for (const text of texts) {
    if (text.length > SHORT_TEXT_CHARS) {
      groups.push([text]);
      open = undefined;
      continue;
    }
    if (!open) {
      open = [];
      groups.push(open);
    }
    open.push(text);
    if (open.length === GROUP_TEXTS || endsGroup(text)) open = undefined;
  }
  return groups;
}

/** FNV-1a: any cheap hash that spreads texts evenly will do. */
function endsGroup(text: string): boolean {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return (hash >>> 0) % GROUP_MEAN === 0;
}

/** A text alone has the key of its text; one in a group, a key naming the group and its place in it. */
function groupKeys(modelId: string, group: readonly string[]): string[] {
  if (group.length === 1) return [embeddingKey(modelId, group[0] ?? "")];
  return group.map((_, i) => embeddingKey(modelId, JSON.stringify({ together: group, at: i })));
}

/** The sentence split the answer step reads, done once here rather than on every question. */
async function splitEvidenceUnits(paragraphs: readonly Paragraph[]): Promise<EvidenceUnit[][]> {
  const slicer = new TimeSlicer();
  const units: EvidenceUnit[][] = [];
  for (const paragraph of paragraphs) {
    await slicer.pause();
    units.push(evidenceUnits(paragraph));
  }
  return units;
}

interface PendingGroup {
  texts: readonly string[];
  keys: readonly string[];
  /** How many chunks and sentences hold this group's vectors (a text repeated in the corpus is encoded once). */
  chunks: number;
  sentences: number;
}

/**
 * One vector per text of each chunk group and sentence group, in their order. Only groups the
 * cache does not hold whole go through the encoder, each once however often it recurs (a
 * one-sentence paragraph is its own chunk); it counts as embedded for every chunk and sentence
 * that holds it.
 */
async function embedTexts(
  chunkGroups: ReadonlyArray<readonly string[]>,
  sentenceGroups: ReadonlyArray<readonly string[]>,
  embedder: TextEmbedder,
  progress: BuildProgress,
  { openCache, onProgress }: BuildOptions,
): Promise<{ chunks: Float32Array[][]; sentences: Float32Array[] }> {
  const cache = await openCache?.();
  if (cache && cache.model.modelId !== embedder.modelId) throw new Error(`the embedding cache of ${cache.model.modelId} cannot serve ${embedder.modelId}`);
  const known = new Map<string, Float32Array>();
  const missing = new Map<string, PendingGroup>();
  const slicer = new TimeSlicer();
  const keysOf = async (groups: ReadonlyArray<readonly string[]>, kind: "chunks" | "sentences"): Promise<string[][]> => {
    const allKeys: string[][] = [];
    for (const texts of groups) {
      await slicer.pause();
      const keys = groupKeys(embedder.modelId, texts);
      allKeys.push(keys);
      const cached = keys.map((key) => cache?.get(key));
      if (cached.every((vector) => vector !== undefined)) keys.forEach((key, i) => known.set(key, cached[i] as Float32Array));
      else {
        const id = keys.join();
        const entry = missing.get(id) ?? { texts, keys, chunks: 0, sentences: 0 };
        entry[kind] += texts.length;
        missing.set(id, entry);
      }
    }
    return allKeys;
  };
  const chunkKeys = await keysOf(chunkGroups, "chunks");
  const sentenceKeys = await keysOf(sentenceGroups, "sentences");
  const pending = [...missing.values()];
  progress.chunksReused = progress.chunksTotal - pending.reduce((sum, entry) => sum + entry.chunks, 0);
  progress.sentencesReused = progress.sentencesTotal - pending.reduce((sum, entry) => sum + entry.sentences, 0);
  onProgress?.({ ...progress });
  for (let start = 0; start < pending.length; start += PROGRESS_STEP) {
    const step = pending.slice(start, start + PROGRESS_STEP);
    const alone = step.filter((entry) => entry.texts.length === 1);
    const together = step.filter((entry) => entry.texts.length > 1);
    // All at once: an encoder pool spreads them over its workers.
    const [aloneVectors, ...togetherVectors] = await Promise.all([
      embedder.embedDocuments(alone.map((entry) => entry.texts[0] ?? "")),
      ...together.map((entry) => (embedder.embedTogether ? embedder.embedTogether([...entry.texts]) : embedder.embedDocuments([...entry.texts]))),
    ]);
    const remember = (entry: PendingGroup, vectors: readonly number[][]): void => {
      entry.keys.forEach((key, i) => {
        const vector = vectors[i];
        if (vector?.length !== embedder.dimensions) throw new Error(`the encoder returned ${vector?.length ?? "no"} dimensions, expected ${embedder.dimensions}`);
        known.set(key, Float32Array.from(vector));
      });
      progress.chunksEmbedded += entry.chunks;
      progress.sentencesEmbedded += entry.sentences;
    };
    alone.forEach((entry, i) => remember(entry, [aloneVectors?.[i] ?? []]));
    together.forEach((entry, i) => remember(entry, togetherVectors[i] ?? []));
    onProgress?.({ ...progress });
  }
  await cache?.save(known);
  const vectorOf = (key: string): Float32Array => {
    const vector = known.get(key);
    if (!vector) throw new Error("a text was left without a vector");
    return vector;
  };
  return { chunks: chunkKeys.map((keys) => keys.map(vectorOf)), sentences: sentenceKeys.flat().map(vectorOf) };
}
