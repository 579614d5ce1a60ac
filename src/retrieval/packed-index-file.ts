import { open } from "node:fs/promises";
import { endianness } from "node:os";
import type { PackedIndex } from "./packed-index.js";

/**
 * A packed index on disk: a 4-byte length, a JSON header (the terms and the small fields),
 * padded to a multiple of 4 bytes, then each typed array's raw bytes in a fixed order.
 * Reading it makes the arrays views of the file's bytes: nothing is parsed per posting.
 */
const FORMAT = "citebot-packed-lexical-index";
const VERSION = 1;
const ARRAYS = ["documentIds", "fieldLengths", "postingOffsets", "postingDocuments", "postingFrequencies", "iterationOrder", "fuzzyOrder"] as const;
type ArrayName = (typeof ARRAYS)[number];
const WORD = Uint32Array.BYTES_PER_ELEMENT;

interface Header extends Pick<PackedIndex, "fieldIds" | "documentCount" | "averageFieldLength" | "terms"> {
  format: typeof FORMAT;
  version: number;
  /** The typed arrays are written in the machine's own byte order. */
  byteOrder: ReturnType<typeof endianness>;
  lengths: Record<ArrayName, number>;
}

export class PackedIndexFileError extends Error {
  override readonly name = "PackedIndexFileError";
}

export async function writePackedIndex(file: string, index: PackedIndex): Promise<void> {
  const header: Header = {
    format: FORMAT,
    version: VERSION,
    byteOrder: endianness(),
    fieldIds: index.fieldIds,
    documentCount: index.documentCount,
    averageFieldLength: index.averageFieldLength,
    terms: index.terms,
    lengths: Object.fromEntries(ARRAYS.map((name) => [name, index[name].length])) as Record<ArrayName, number>,
  };
  const json = JSON.stringify(header);
  const padded = json + " ".repeat((WORD - ((WORD + Buffer.byteLength(json)) % WORD)) % WORD);
  const start = Buffer.alloc(WORD);
  start.writeUInt32LE(Buffer.byteLength(padded));
  const handle = await open(file, "w");
  try {
    await handle.write(start);
    await handle.write(padded);
    for (const name of ARRAYS) await handle.write(new Uint8Array(index[name].buffer, index[name].byteOffset, index[name].byteLength));
  } finally {
    await handle.close();
  }
}

/** The arrays of the result are views of bytes, which must not change afterwards; source names the file in errors. */
export function parsePackedIndex(bytes: Buffer, file: string): PackedIndex {
  if (bytes.length < WORD) throw new PackedIndexFileError(`${file} is too short to be a lexical index`);
  const headerEnd = WORD + bytes.readUInt32LE(0);
  const header = parseHeader(bytes, headerEnd, file);
  const expected = headerEnd + ARRAYS.reduce((sum, name) => sum + header.lengths[name] * WORD, 0);
  if (bytes.length !== expected) throw new PackedIndexFileError(`${file} holds ${bytes.length} bytes where its header promises ${expected}`);
  // Typed-array views need an aligned start; a buffer from readFile normally has one, else it is copied once.
  const aligned = (bytes.byteOffset + headerEnd) % WORD === 0 ? bytes : Buffer.from(bytes);
  let offset = aligned.byteOffset + headerEnd;
  const arrays = {} as Record<ArrayName, Uint32Array>;
  for (const name of ARRAYS) {
    arrays[name] = new Uint32Array(aligned.buffer, offset, header.lengths[name]);
    offset += header.lengths[name] * WORD;
  }
  return { fieldIds: header.fieldIds, documentCount: header.documentCount, averageFieldLength: header.averageFieldLength, terms: header.terms, ...arrays };
}

function parseHeader(bytes: Buffer, headerEnd: number, file: string): Header {
  let header: Partial<Header>;
  try {
    header = JSON.parse(bytes.toString("utf8", WORD, headerEnd)) as Partial<Header>;
  } catch {
    throw new PackedIndexFileError(`${file} is not a lexical index (its header is not JSON)`);
  }
  if (header.format !== FORMAT || header.version !== VERSION) throw new PackedIndexFileError(`${file} is not a version ${VERSION} lexical index`);
  if (header.byteOrder !== endianness()) throw new PackedIndexFileError(`${file} was written on a ${header.byteOrder ?? "?"} machine; this one is ${endianness()}: rebuild the index`);
  if (!Array.isArray(header.terms) || !header.lengths || ARRAYS.some((name) => !Number.isInteger(header.lengths?.[name]))) throw new PackedIndexFileError(`${file} has an incomplete header`);
  return header as Header;
}
