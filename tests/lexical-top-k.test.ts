import MiniSearch, { type Options, type Query, type SearchOptions } from "minisearch";
import { beforeAll, describe, expect, it } from "vitest";
import { SyntheticCorpus } from "../src/bench/synthetic.js";
import { chunkParagraphs } from "../src/corpus/chunks.js";
import { loadCorpus } from "../src/corpus/load.js";
import { isStopword, soundOf, stemOf, words } from "../src/retrieval/terms.js";
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

function expectSameTop(search: MiniSearch<Doc>, query: Query, options: SearchOptions, k: number): void {
  const expected = search.search(query, options).slice(0, k).map(({ id, score }) => ({ id: id as unknown, score }));
  expect(new TopKSearch(search).search(query, options, k), JSON.stringify(query)).toEqual(expected);
}

describe("TopKSearch", () => {
  let seeds: MiniSearch<Doc>;
  let synthetic: MiniSearch<Doc>;
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
  });

  it("returns MiniSearch's top k, scores bit for bit and ties in order, for the lexical index's questions", () => {
    for (const question of questions) for (const k of [1, 5, 50, 500]) expectSameTop(seeds, questionQuery(question), PREPROCESSED, k);
    const generator = new SyntheticCorpus();
    for (let i = 0; i < 100; i += 1) expectSameTop(synthetic, questionQuery(generator.question(i).text), PREPROCESSED, 50);
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
    for (const options of variants) for (const question of questions) expectSameTop(seeds, question, options, 20);
    // A nested combination whose strings hold several terms each.
    expectSameTop(seeds, { combineWith: "or", queries: ["mustafa kamal", { queries: ["senate resignation", "karachi"], prefix: true }] }, {}, 30);
  });

  it("counts what MiniSearch matches", () => {
    const search = new TopKSearch(seeds);
    for (const term of ["kamal", "mqm", "senat", "nothing-like-it"]) {
      const options = { ...PREPROCESSED, fields: ["text"], fuzzy: false, prefix: false };
      expect(search.count(term, options)).toBe(seeds.search(term, options).length);
    }
  });

  it("refuses what it does not reproduce rather than answer differently", () => {
    const search = new TopKSearch(seeds);
    expect(() => search.search({ combineWith: "AND", queries: ["kamal", "mayor"] }, {}, 5)).toThrow(/OR only/);
    expect(() => search.search("kamal", { filter: () => true }, 5)).toThrow(/filter/);
    expect(() => search.search(MiniSearch.wildcard, {}, 5)).toThrow(/wildcard/);
    seeds.discard(0);
    expect(() => new TopKSearch(seeds)).toThrow(/discarded/);
  });
});
