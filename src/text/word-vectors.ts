import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/**
 * Word vectors (GloVe, see src/cli/build-word-vectors.ts), for telling how near in meaning two
 * words are: "began" and "started", "largest" and "biggest", and also "north" and "south",
 * which are near because they are the same kind of word.
 *
 * File layout: a 4-byte little-endian header length, a JSON header { dimensions, words },
 * then one Int8 vector per word (unit length × 127), in the header's order.
 */
// Two levels up from src/text/, three from dist/src/text/: the project's root either way.
export const WORD_VECTORS_FILE = fileURLToPath(new URL(`${import.meta.url.endsWith(".ts") ? "../.." : "../../.."}/assets/word-vectors.bin`, import.meta.url));

const SCALE = 127;

export interface WordVectors {
  /** The word's row in the table, or undefined for a word it does not hold. */
  indexOf(word: string): number | undefined;
  /** Cosine similarity of two rows' words. */
  cosine(a: number, b: number): number;
}

export function encodeWordVectors(dimensions: number, entries: ReadonlyArray<{ word: string; vector: readonly number[] }>): Buffer {
  const header = Buffer.from(JSON.stringify({ dimensions, words: entries.map((entry) => entry.word) }), "utf8");
  const body = Buffer.alloc(entries.length * dimensions);
  entries.forEach(({ vector }, i) => {
    const norm = Math.hypot(...vector) || 1;
    for (let d = 0; d < dimensions; d += 1) body.writeInt8(Math.round(((vector[d] ?? 0) / norm) * SCALE), i * dimensions + d);
  });
  const length = Buffer.alloc(4);
  length.writeUInt32LE(header.length, 0);
  return Buffer.concat([length, header, body]);
}

export function decodeWordVectors(table: Buffer): WordVectors {
  const headerLength = table.readUInt32LE(0);
  const header = JSON.parse(table.subarray(4, 4 + headerLength).toString("utf8")) as { dimensions: number; words: string[] };
  const body = new Int8Array(table.buffer, table.byteOffset + 4 + headerLength, header.words.length * header.dimensions);
  const dims = header.dimensions;
  const rows = new Map(header.words.map((word, i) => [word, i]));
  return {
    indexOf: (word) => rows.get(word),
    cosine(a, b) {
      const i = a * dims;
      const j = b * dims;
      let dot = 0;
      for (let d = 0; d < dims; d += 1) dot += (body[i + d] as number) * (body[j + d] as number);
      return dot / (SCALE * SCALE);
    },
  };
}

let loaded: WordVectors | undefined;

/**
 * The table, read once (a few MB). It ships with the code, so a table that cannot be read is a
 * broken install, said in words: answering on as if no word were near another would change
 * answers without telling anyone.
 */
export function wordVectors(): WordVectors {
  if (!loaded) {
    try {
      loaded = decodeWordVectors(readFileSync(WORD_VECTORS_FILE));
    } catch (error) {
      throw new Error(`The word table ${WORD_VECTORS_FILE} cannot be read (${error instanceof Error ? error.message : String(error)}): reinstall citebot, or rebuild it with npm run build:word-vectors.`, { cause: error });
    }
  }
  return loaded;
}

/** How near in meaning two lower-cased words are (cosine of their vectors); 0 when the table lacks either. */
export function wordSimilarity(a: string, b: string): number {
  const vectors = wordVectors();
  const i = vectors.indexOf(a);
  const j = vectors.indexOf(b);
  return i === undefined || j === undefined ? 0 : vectors.cosine(i, j);
}
