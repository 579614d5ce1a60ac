import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import MiniSearch, { type Options, type Query, type SearchOptions } from "minisearch";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SyntheticCorpus } from "../src/bench/synthetic.js";
import { chunkParagraphs } from "../src/corpus/chunks.js";
import { loadCorpus } from "../src/corpus/load.js";
import { searchSettingsOf } from "../src/retrieval/minisearch-internals.js";
import { packMiniSearch, postingCount, type PackedIndex } from "../src/retrieval/packed-index.js";
import { PackedIndexFileError, parsePackedIndex, writePackedIndex } from "../src/retrieval/packed-index-file.js";
import { findTerm } from "../src/retrieval/term-dictionary.js";
import { isStopword, soundOf, stemOf, words } from "../src/text/terms.js";
import { TopKSearch } from "../src/retrieval/top-k.js";
import { SEEDS } from "./helpers/corpus.js";

interface Doc {
  id: number;
  text: string;
}

// The shape of the lexical index: stems in one field, sound keys of the same words in another.
const OPTIONS: Options<Doc> = {
  fields: ["text", "sound"],
  storeFields: [],
  extractField: (document, field) => (field === "id" ? document.id : document.text),
  tokenize: (text) => words(text),
  processTerm: (term, field) => (isStopword(term) ? null : field === "sound" ? soundOf(term) ?? null : stemOf(term)),
};
const PREPROCESSED: SearchOptions = { processTerm: (term) => term };

function questionQuery(question: string): Query {
  const tokens = words(question).filter((word) => !isStopword(word));
  return {
    combineWith: "OR",
    queries: [
      { queries: [...new Set(tokens.map(stemOf))], fields: ["text"], fuzzy: (term: string) => (term.length >= 5 ? 0.2 : false), prefix: (term: string) => term.length >= 5 },
      { queries: [...new Set(tokens.map(soundOf).filter((key) => key !== undefined))], fields: ["sound"], boost: { sound: 0.5 } },
    ],
  };
}

function expectSameTop(search: MiniSearch<Doc>, packed: PackedIndex, query: Query, options: SearchOptions, k: number): void {
  const expected = search.search(query, options).slice(0, k).map(({ id, score }) => ({ id: id as unknown, score }));
  expect(new TopKSearch(packed, searchSettingsOf(search)).search(query, options, k), JSON.stringify(query)).toEqual(expected);
}

describe("TopKSearch over a packed index", () => {
  let seeds: MiniSearch<Doc>;
  let synthetic: MiniSearch<Doc>;
  let seedsPacked: PackedIndex;
  let syntheticPacked: PackedIndex;
  let scratch: string;
  const questions = [
    "What party does Mustafa Kamal chair?",
    "Where does Kamal's wife come from?",
    "Who is Anees Qaimakhani?",
    "When did the MQM split into MQM-Pakistan and MQM-London?",
    "Why did Mustafa Kamaal resign from the senate seat?",
    "karachi mayor telephone operator",
  ];

  beforeAll(async () => {
    const corpus = await loadCorpus(SEEDS);
    const chunks = await chunkParagraphs(corpus.files.flatMap((file) => file.paragraphs));
    // Repeated chunks score exactly alike: their order must come out as MiniSearch's stable sort leaves it.
    const texts = [...chunks.map((chunk) => chunk.text), ...chunks.slice(0, 10).map((chunk) => chunk.text)];
    seeds = new MiniSearch<Doc>(OPTIONS);
    seeds.addAll(texts.map((text, id) => ({ id, text })));
    const generator = new SyntheticCorpus();
    synthetic = new MiniSearch<Doc>(OPTIONS);
    synthetic.addAll(Array.from({ length: 3000 }, (_, id) => ({ id, text: generator.paragraph(id) })));
    seedsPacked = await packMiniSearch(seeds);
    syntheticPacked = await packMiniSearch(synthetic);
    scratch = await mkdtemp(path.join(tmpdir(), "citebot-packed-"));
  });

  afterAll(() => rm(scratch, { recursive: true, force: true }));

  it("returns MiniSearch's top k, scores bit for bit and ties in order, for the lexical index's questions", () => {
    for (const question of questions) for (const k of [1, 5, 50, 500]) expectSameTop(seeds, seedsPacked, questionQuery(question), PREPROCESSED, k);
    const generator = new SyntheticCorpus();
    for (let i = 0; i < 100; i += 1) expectSameTop(synthetic, syntheticPacked, questionQuery(generator.question(i).text), PREPROCESSED, 50);
  });

  it("expands misspelt and partial words as MiniSearch does, at every edit distance", () => {
    const generator = new SyntheticCorpus();
    // Words of the corpus with letters dropped, doubled and swapped, cut short, and made up.
    const probes = words(generator.paragraph(7)).slice(0, 12).flatMap((word) => [word, word.slice(1), `${word}${word.at(-1) ?? ""}`, word.slice(0, 3), [...word].reverse().join("")]);
    for (const fuzzy of [1, 2, 3, 0.3]) for (const term of probes) expectSameTop(synthetic, syntheticPacked, term, { fuzzy, prefix: true }, 40);
  });

  it("answers the same after a round trip through its file", async () => {
    const file = path.join(scratch, "synthetic.bin");
    await writePackedIndex(file, syntheticPacked);
    const loaded = parsePackedIndex(await readFile(file), file);
    // Term lookups bisect, so the walk that packed them must have visited them in sorted order.
    expect(loaded.terms).toEqual([...loaded.terms].sort());
    const generator = new SyntheticCorpus();
    for (let i = 0; i < 50; i += 1) expectSameTop(synthetic, loaded, questionQuery(generator.question(i).text), PREPROCESSED, 20);
  });

  it("honours the other search options the same way: plain strings, fuzzy and prefix flags, term boosts, weights and BM25 parameters", () => {
    const variants: SearchOptions[] = [
      {},
      { fuzzy: true },
      { fuzzy: 1, prefix: true },
      { fuzzy: 0.3, maxFuzzy: 1, weights: { fuzzy: 0.9, prefix: 0.1 } },
      { boost: { text: 2 }, boostTerm: (term, i) => (i === 0 ? 3 : 1) },
      { fields: ["sound"], bm25: { k: 2, b: 0.5, d: 0 } },
    ];
    for (const options of variants) for (const question of questions) expectSameTop(seeds, seedsPacked, question, options, 20);
    // A nested combination whose strings hold several terms each.
    expectSameTop(seeds, seedsPacked, { combineWith: "or", queries: ["mustafa kamal", { queries: ["senate resignation", "karachi"], prefix: true }] }, {}, 30);
  });

  it("refuses a truncated or foreign file with a clear error", async () => {
    const file = path.join(scratch, "seeds.bin");
    await writePackedIndex(file, seedsPacked);
    const bytes = await readFile(file);
    const truncated = (): unknown => parsePackedIndex(bytes.subarray(0, bytes.length - 8), file);
    expect(truncated).toThrow(PackedIndexFileError);
    expect(truncated).toThrow(/seeds\.bin holds \d+ bytes where its header promises \d+/);
    expect(() => parsePackedIndex(Buffer.from('{"documentCount": 1}\n'), file)).toThrow(/seeds\.bin is not a lexical index/);
  });

  it("knows each term's document frequency: as many documents as MiniSearch matches", () => {
    for (const term of ["kamal", "mqm", "senat", "nothing-like-it"]) {
      const options = { ...PREPROCESSED, fields: ["text"], fuzzy: false, prefix: false };
      const position = findTerm(seedsPacked.terms, term);
      expect(position < 0 ? 0 : postingCount(seedsPacked, position, 0)).toBe(seeds.search(term, options).length);
    }
  });

  it("refuses what it does not reproduce rather than answer differently", async () => {
    const search = new TopKSearch(seedsPacked, searchSettingsOf(seeds));
    expect(() => search.search({ combineWith: "AND", queries: ["kamal", "mayor"] }, {}, 5)).toThrow(/OR only/);
    expect(() => search.search("kamal", { filter: () => true }, 5)).toThrow(/filter/);
    expect(() => search.search(MiniSearch.wildcard, {}, 5)).toThrow(/wildcard/);
    seeds.discard(0);
    await expect(packMiniSearch(seeds)).rejects.toThrow(/discarded/);
  });
});
