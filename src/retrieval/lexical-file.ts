import { open, readFile } from "node:fs/promises";
import MiniSearch, { type AsPlainObject, type Options } from "minisearch";
import { internalsOf } from "./minisearch-internals.js";

/**
 * A MiniSearch index on disk as JSON lines: MiniSearch's own toJSON() form, its header on
 * the first line and then one line per term. toJSON() and loadJSON() each hold the whole
 * index as one plain-object tree, as large as the index itself, beside the index; at 100k
 * chunks that tree decided both the build's and the loading bot's peak memory. Written and
 * read a term at a time, only one term's postings are ever in that form.
 */
export async function writeIndexLines<T>(file: string, search: MiniSearch<T>): Promise<void> {
  const index = internalsOf(search);
  const header: Omit<AsPlainObject, "index"> = {
    documentCount: index._documentCount,
    nextId: index._nextId,
    documentIds: Object.fromEntries(index._documentIds),
    fieldIds: index._fieldIds,
    fieldLength: Object.fromEntries(index._fieldLength),
    averageFieldLength: index._avgFieldLength,
    storedFields: Object.fromEntries(index._storedFields),
    dirtCount: index._dirtCount,
    serializationVersion: 2,
  };
  const handle = await open(file, "w");
  try {
    let batch = `${JSON.stringify(header)}\n`;
    for (const [term, postings] of index._index) {
      const data: Record<number, Record<number, number>> = {};
      for (const [fieldId, frequencies] of postings) data[fieldId] = Object.fromEntries(frequencies);
      // JSON escapes newlines inside strings, so every term is exactly one line.
      batch += `${JSON.stringify([term, data])}\n`;
      if (batch.length >= WRITE_BATCH_CHARS) {
        await handle.write(batch);
        batch = "";
      }
    }
    await handle.write(batch);
  } finally {
    await handle.close();
  }
}

export async function readIndexLines<T>(file: string, options: Options<T>): Promise<MiniSearch<T>> {
  const bytes = await readFile(file);
  const headerEnd = bytes.indexOf(NEWLINE);
  if (headerEnd < 0) throw new Error(`${file} has no index header`);
  const header = JSON.parse(bytes.toString("utf8", 0, headerEnd)) as Omit<AsPlainObject, "index">;
  // loadJS only iterates the entries, so a generator serves where it expects an array.
  const index = entries(bytes, headerEnd + 1) as unknown as AsPlainObject["index"];
  return MiniSearch.loadJS<T>({ ...header, index }, options);
}

const NEWLINE = 0x0a;
const WRITE_BATCH_CHARS = 1 << 20;

function* entries(bytes: Buffer, start: number): Generator<AsPlainObject["index"][number]> {
  let lineStart = start;
  while (lineStart < bytes.length) {
    const newline = bytes.indexOf(NEWLINE, lineStart);
    const lineEnd = newline < 0 ? bytes.length : newline;
    // UTF-8 never puts byte 0x0a inside a multi-byte character, so splitting bytes is safe.
    if (lineEnd > lineStart) yield JSON.parse(bytes.toString("utf8", lineStart, lineEnd)) as AsPlainObject["index"][number];
    lineStart = lineEnd + 1;
  }
}
