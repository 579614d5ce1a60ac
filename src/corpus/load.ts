import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";
import path from "node:path";
import type { Paragraph } from "./paragraphs.js";
import { UnreadableDocumentError } from "./readers/reader.js";
import { readerFor } from "./readers/registry.js";
import { listFolder, type SkippedFile } from "./walk.js";

export type { SkippedFile } from "./walk.js";

export interface CorpusFile {
  /** Relative to SEEDS_DIR with "/" separators: the document id citations show. */
  name: string;
  sha256: string;
  paragraphs: Paragraph[];
}

export interface Corpus {
  files: CorpusFile[];
  /** Every file under SEEDS_DIR that is not indexed, with why, by name. */
  skipped: SkippedFile[];
}

/** Files above this size are almost certainly not hand-written prose for the bot to cite. */
const MAX_FILE_BYTES = 20 * 1024 * 1024;

export async function loadCorpus(seedsDir: string): Promise<Corpus> {
  const listing = await listFolder(seedsDir);
  const files: CorpusFile[] = [];
  const skipped = [...listing.skipped];
  for (const file of listing.files) {
    const outcome = await readCorpusFile(file.absolute, file.name, file.bytes);
    if ("reason" in outcome) skipped.push(outcome);
    else files.push(outcome);
  }
  skipped.sort((a, b) => (a.name < b.name ? -1 : 1));
  return { files, skipped };
}

async function readCorpusFile(filePath: string, name: string, size: number): Promise<CorpusFile | SkippedFile> {
  const reader = readerFor(name);
  if (!reader) return { name, reason: `unsupported type (${path.extname(name).toLowerCase() || "no extension"})` };
  if (size > MAX_FILE_BYTES) return { name, reason: `larger than ${MAX_FILE_BYTES} bytes` };
  let bytes: Buffer;
  try {
    bytes = await readFile(filePath);
  } catch (error) {
    return { name, reason: `unreadable (${(error as NodeJS.ErrnoException).code ?? String(error)})` };
  }
  try {
    const blocks = await reader.read(bytes, name);
    if (blocks.length === 0) return { name, reason: "empty" };
    const paragraphs = blocks.map((block, i): Paragraph => ({ file: name, paragraph: i + 1, ...block }));
    return { name, sha256: createHash("sha256").update(bytes).digest("hex"), paragraphs };
  } catch (error) {
    if (error instanceof UnreadableDocumentError) return { name, reason: error.message };
    // A parser that trips over a malformed file must not stop the rest of the folder from being indexed.
    return { name, reason: `could not be parsed (${error instanceof Error ? error.message : String(error)})` };
  }
}
