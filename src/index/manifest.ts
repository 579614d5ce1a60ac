import { z } from "zod";
import type { Corpus } from "../corpus/load.js";

/**
 * 3: the lexical index is a packed binary file (lexical.bin). 4: sentences and their vectors are stored (sentences.bin).
 * 5: documents are read per format (Markdown parsed into blocks, PDF, HTML, DOCX) and paragraphs carry section, page and line.
 * 6: a block introduced by a lead-in carries it (leadIn), tables are rows named by their headers (rows).
 * 7: a PDF's heading lines are section paths, not paragraphs (its paragraphs renumber).
 * 8: under a heading, a short labelled value ("Default: `'info'`") is answerable: chunked and its sentence embedded.
 * 9: a PDF heading set large may wrap over two lines.
 * 10: VitePress containers written ":::tip Title" are one block, not a paragraph per line group.
 */
export const INDEX_FORMAT_VERSION = 10;

export interface HnswParameters {
  m: number;
  efConstruction: number;
  efSearch: number;
}

export interface IndexManifest {
  formatVersion: number;
  model: { id: string; dimensions: number };
  files: Array<{ name: string; sha256: string; paragraphs: number }>;
  paragraphs: number;
  chunks: number;
  hnsw: HnswParameters;
  /** sha256 of every file of the build, so corruption is caught before the native loader sees it. */
  artifacts: Record<string, string>;
  builtAt: string;
  buildMs: number;
}

const count = z.number().int().nonnegative();

/** What a manifest on disk must hold before anything trusts it: a hand-edited or truncated one is refused with the field at fault. */
export const manifestSchema: z.ZodType<IndexManifest> = z.object({
  formatVersion: count,
  model: z.object({ id: z.string(), dimensions: count }),
  files: z.array(z.object({ name: z.string(), sha256: z.string(), paragraphs: count })),
  paragraphs: count,
  chunks: count,
  hnsw: z.object({ m: count, efConstruction: count, efSearch: count }),
  artifacts: z.record(z.string()),
  builtAt: z.string(),
  buildMs: z.number(),
});

export interface CorpusFingerprint {
  formatVersion: number;
  model: { id: string; dimensions: number };
  files: Array<{ name: string; sha256: string }>;
}

export function fingerprintCorpus(corpus: Corpus, model: { id: string; dimensions: number }): CorpusFingerprint {
  return {
    formatVersion: INDEX_FORMAT_VERSION,
    model,
    files: corpus.files.map(({ name, sha256 }) => ({ name, sha256 })),
  };
}

/** Why a saved index cannot serve this corpus and model, or undefined when it can. */
export function manifestMismatch(manifest: IndexManifest, fingerprint: CorpusFingerprint): string | undefined {
  if (manifest.formatVersion !== fingerprint.formatVersion) return `index format ${manifest.formatVersion} is not ${fingerprint.formatVersion}`;
  if (manifest.model.id !== fingerprint.model.id || manifest.model.dimensions !== fingerprint.model.dimensions) {
    return `built with ${manifest.model.id} (${manifest.model.dimensions}d), configured ${fingerprint.model.id} (${fingerprint.model.dimensions}d)`;
  }
  const diff = diffFiles(manifest.files, fingerprint.files);
  if (diff.added.length + diff.removed.length + diff.changed.length > 0) return `corpus changed (${describeFileDiff(diff)})`;
  return undefined;
}

export interface FileDiff {
  added: string[];
  removed: string[];
  changed: string[];
}

export function diffFiles(before: ReadonlyArray<{ name: string; sha256: string }>, after: ReadonlyArray<{ name: string; sha256: string }>): FileDiff {
  const previous = new Map(before.map((file) => [file.name, file.sha256]));
  const current = new Map(after.map((file) => [file.name, file.sha256]));
  return {
    added: [...current.keys()].filter((name) => !previous.has(name)),
    removed: [...previous.keys()].filter((name) => !current.has(name)),
    changed: [...current].filter(([name, sha]) => previous.has(name) && previous.get(name) !== sha).map(([name]) => name),
  };
}

export function describeFileDiff(diff: FileDiff): string {
  const parts = [
    diff.added.length ? `${diff.added.length} added: ${diff.added.join(", ")}` : "",
    diff.removed.length ? `${diff.removed.length} removed: ${diff.removed.join(", ")}` : "",
    diff.changed.length ? `${diff.changed.length} changed: ${diff.changed.join(", ")}` : "",
  ].filter(Boolean);
  return parts.length ? parts.join("; ") : "no file changed";
}
