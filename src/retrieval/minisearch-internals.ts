import type MiniSearch from "minisearch";
import type { SearchOptions } from "minisearch";

/**
 * The parts of a MiniSearch 7.2 index that packed-index.ts reads to freeze it, and the
 * resolved options TopKSearch searches with (minisearch is pinned to 7.2.0 for them).
 * Checked once, so a different layout fails loudly instead of answering wrongly.
 */

/** fieldId → short document id → term frequency. */
export type FieldPostings = Map<number, Map<number, number>>;

/** A node of MiniSearch's radix tree: edge label → child node, or "" → the postings of the term that ends here. */
export type RadixNode = Map<string, RadixNode | FieldPostings>;

export interface RadixTree extends Iterable<[string, FieldPostings]> {
  _tree: RadixNode;
}

export type ResolvedSearchOptions = SearchOptions & Required<Pick<SearchOptions, "maxFuzzy" | "weights" | "bm25">>;

/** How MiniSearch turns a query into terms and the defaults it searches with. */
export interface SearchSettings {
  fields: string[];
  tokenize: (text: string) => string[];
  processTerm: (term: string) => string | string[] | null | undefined | false;
  searchOptions: ResolvedSearchOptions;
}

export interface MiniSearchInternals {
  _index: RadixTree;
  _fieldIds: Record<string, number>;
  _fieldLength: Map<number, number[]>;
  _avgFieldLength: number[];
  _documentCount: number;
  _nextId: number;
  _documentIds: Map<number, unknown>;
  _dirtCount: number;
  _options: SearchSettings;
}

export function internalsOf<T>(search: MiniSearch<T>): MiniSearchInternals {
  const index = search as unknown as Partial<MiniSearchInternals>;
  if (!(index._fieldLength instanceof Map) || !(index._documentIds instanceof Map) || !(index._index?._tree instanceof Map) || typeof index._options?.tokenize !== "function") {
    throw new Error("this MiniSearch is not the 7.2 layout citebot reads");
  }
  return index as MiniSearchInternals;
}

export function searchSettingsOf<T>(search: MiniSearch<T>): SearchSettings {
  return internalsOf(search)._options;
}
