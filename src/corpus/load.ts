import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { documentKind, splitParagraphs, type DocumentKind, type Paragraph } from "./paragraphs.js";

export interface CorpusFile {
  name: string;
  sha256: string;
  paragraphs: Paragraph[];
}

export interface SkippedFile {
  name: string;
  reason: string;
}

export interface Corpus {
  files: CorpusFile[];
  skipped: SkippedFile[];
}

/** Files above this size are almost certainly not hand-written prose for the bot to cite. */
const MAX_FILE_BYTES = 20 * 1024 * 1024;

export async function loadCorpus(seedsDir: string): Promise<Corpus> {
  const entries = await readdir(seedsDir, { withFileTypes: true });
  const documents = entries
    .filter((entry) => entry.isFile())
    .map((entry) => ({ name: entry.name, kind: documentKind(entry.name) }))
    .filter((document): document is { name: string; kind: DocumentKind } => document.kind !== undefined)
    .sort((a, b) => (a.name < b.name ? -1 : 1));
  const files: CorpusFile[] = [];
  const skipped: SkippedFile[] = [];
  for (const { name, kind } of documents) {
    const outcome = await readCorpusFile(path.join(seedsDir, name), name, kind);
    if ("reason" in outcome) skipped.push(outcome);
    else files.push(outcome);
  }
  return { files, skipped };
}

async function readCorpusFile(filePath: string, name: string, kind: DocumentKind): Promise<CorpusFile | SkippedFile> {
  let bytes: Buffer;
  try {
    bytes = await readFile(filePath);
  } catch (error) {
    return { name, reason: `unreadable (${(error as NodeJS.ErrnoException).code ?? String(error)})` };
  }
  if (bytes.length > MAX_FILE_BYTES) return { name, reason: `larger than ${MAX_FILE_BYTES} bytes` };
  if (bytes.includes(0)) return { name, reason: "binary (contains NUL bytes)" };
  const text = new TextDecoder("utf-8", { fatal: false }).decode(bytes);
  if (text.includes("\uFFFD")) return { name, reason: "not valid UTF-8 text" };
  const paragraphs = splitParagraphs(name, text, kind);
  if (paragraphs.length === 0) return { name, reason: "empty" };
  return { name, sha256: createHash("sha256").update(bytes).digest("hex"), paragraphs };
}
