import type MiniSearch from "minisearch";
import type { SearchOptions } from "minisearch";

/**
 * The parts of a MiniSearch 7.2 index that TopKSearch and the JSON-lines writer read
 * directly (minisearch is pinned to 7.2.0 for them). Checked once, so a different layout
 * fails loudly at load instead of answering wrongly.
 */

/** fieldId → short document id → term frequency. */
export type FieldPostings = Map<number, Map<number, number>>;

export interface RadixTree extends Iterable<[string, FieldPostings]> {
  get(term: string): FieldPostings | undefined;
  atPrefix(prefix: string): Iterable<[string, FieldPostings]>;
  fuzzyGet(term: string, maxDistance: number): Map<string, [FieldPostings, number]>;
}

export type ResolvedSearchOptions = SearchOptions & Required<Pick<SearchOptions, "maxFuzzy" | "weights" | "bm25">>;

export interface MiniSearchInternals {
  _index: RadixTree;
  _fieldIds: Record<string, number>;
  _fieldLength: Map<number, number[]>;
  _avgFieldLength: number[];
  _documentCount: number;
  _nextId: number;
  _documentIds: Map<number, unknown>;
  _storedFields: Map<number, Record<string, unknown> | undefined>;
  _dirtCount: number;
  _options: {
    fields: string[];
    tokenize: (text: string) => string[];
    processTerm: (term: string) => string | string[] | null | undefined | false;
    searchOptions: ResolvedSearchOptions;
  };
}

export function internalsOf<T>(search: MiniSearch<T>): MiniSearchInternals {
  const index = search as unknown as Partial<MiniSearchInternals>;
  const tree = index._index;
  if (!(index._fieldLength instanceof Map) || !(index._documentIds instanceof Map) || typeof tree?.fuzzyGet !== "function" || typeof tree.atPrefix !== "function") {
    throw new Error("this MiniSearch is not the 7.2 layout citebot reads");
  }
  return index as MiniSearchInternals;
}
