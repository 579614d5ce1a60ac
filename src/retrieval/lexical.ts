import MiniSearch, { type Options, type Query, type SearchOptions } from "minisearch";
import type { Chunk } from "../corpus/chunks.js";
import { TimeSlicer } from "../event-loop.js";
import { searchSettingsOf } from "./minisearch-internals.js";
import { packMiniSearch, postingCount, type PackedIndex } from "./packed-index.js";
import { parsePackedIndex, writePackedIndex } from "./packed-index-file.js";
import { findTerm } from "./term-dictionary.js";
import { isStopword, soundOf, stemOf, words } from "../text/terms.js";
import { TopKSearch } from "./top-k.js";

interface LexicalDocument {
  id: number;
  text: string;
}

const FIELDS = ["text", "sound"];

const OPTIONS: Options<LexicalDocument> = {
  fields: FIELDS,
  storeFields: [],
  extractField: (document, field) => (field === "id" ? document.id : document.text),
  tokenize: (text) => words(text),
  processTerm: (term, field) => {
    if (isStopword(term)) return null;
    return field === "sound" ? soundOf(term) ?? null : stemOf(term);
  },
};

/** How MiniSearch would search an index built with OPTIONS; an empty index is the one way to ask it. */
const SETTINGS = searchSettingsOf(new MiniSearch<LexicalDocument>(OPTIONS));

/** The query is already reduced to stems and sound keys; MiniSearch must not process it again. */
const PREPROCESSED: SearchOptions = { processTerm: (term) => term };

/**
 * Typos and spelling variants of names are common in questions: long words match
 * within an edit distance of 20% and as prefixes, and a word the documents never use
 * also matches by sound.
 */
function lexicalQuery(text: string, isKnown: (stem: string) => boolean): Query {
  const tokens = words(text).filter((word) => !isStopword(word));
  const unknown = tokens.filter((word) => !isKnown(stemOf(word)));
  return {
    combineWith: "OR",
    queries: [
      {
        queries: [...new Set(tokens.map(stemOf))],
        fields: ["text"],
        fuzzy: (term: string) => (term.length >= 5 ? 0.2 : false),
        prefix: (term: string) => term.length >= 5,
      },
      { queries: [...new Set(unknown.map(soundOf).filter((key) => key !== undefined))], fields: ["sound"], boost: { sound: 0.5 } },
    ],
  };
}

export interface LexicalHit {
  chunkId: number;
  score: number;
}

/** BM25 over the chunks (indexed by MiniSearch, packed, searched through TopKSearch), keyed by the chunk's position in the index. */
export class LexicalIndex {
  private readonly topK: TopKSearch;

  private constructor(private readonly packed: PackedIndex) {
    this.topK = new TopKSearch(packed, SETTINGS);
  }

  /** In slices of about 50 ms with a pause between them: indexing 100k chunks takes most of a minute, which the event loop must not wait out. */
  static async build(chunks: readonly Chunk[]): Promise<LexicalIndex> {
    const search = new MiniSearch<LexicalDocument>(OPTIONS);
    const slicer = new TimeSlicer();
    for (const [id, chunk] of chunks.entries()) {
      search.add({ id, text: chunk.text });
      await slicer.pause();
    }
    return new LexicalIndex(await packMiniSearch(search));
  }

  /** From the bytes of a file save() wrote; source names it in errors. */
  static fromBytes(bytes: Buffer, source: string): LexicalIndex {
    return new LexicalIndex(parsePackedIndex(bytes, source));
  }

  save(file: string): Promise<void> {
    return writePackedIndex(file, this.packed);
  }

  query(text: string, limit: number): LexicalHit[] {
    return this.topK
      .search(lexicalQuery(text, (stem) => this.documentFrequency(stem) > 0), PREPROCESSED, limit)
      .map((hit) => ({ chunkId: hit.id, score: hit.score }));
  }

  /** In how many chunks a stem occurs exactly: the document frequency behind an IDF weight. */
  documentFrequency(stem: string): number {
    const term = findTerm(this.packed.terms, stem);
    const textField = this.packed.fieldIds.text;
    return term < 0 || textField === undefined ? 0 : postingCount(this.packed, term, textField);
  }

  get documentCount(): number {
    return this.packed.documentCount;
  }
}
