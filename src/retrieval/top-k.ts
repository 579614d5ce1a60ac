import type { BM25Params, Query, SearchOptions } from "minisearch";
import type { ResolvedSearchOptions, SearchSettings } from "./minisearch-internals.js";
import { fieldCountOf, type PackedIndex } from "./packed-index.js";
import { findTerm, fuzzyMatches, prefixRange } from "./term-dictionary.js";

/**
 * MiniSearch's search(), over a packed index and only the k best hits: the same scores, bit
 * for bit, in the same order, ties included. MiniSearch scores every matching document into
 * a fresh object, then builds and sorts a result for each; at 100k chunks a question
 * matching half of them spends most of its time there and in the garbage collector
 * afterwards. Here scores are plain numbers and only k results are kept.
 *
 * It supports the OR queries lexical.ts builds (terms, fields, boost, fuzzy, prefix,
 * weights, bm25) and rejects everything else rather than answer differently.
 * tests/lexical-top-k.test.ts holds it to MiniSearch's own results.
 */

/** MiniSearch's defaults, which a caller's partial weights are merged over. */
const DEFAULT_WEIGHTS = { fuzzy: 0.45, prefix: 0.375 };

interface TermQuery {
  term: string;
  fuzzy: boolean | number;
  prefix: boolean;
  termBoost: number;
}

export interface TopHit {
  /** The document's id as it was added. */
  id: number;
  score: number;
}

/** Short document id → score, in the order documents were first matched (which decides ties, as in MiniSearch). */
type Scores = Map<number, number>;

export class TopKSearch {
  private readonly fieldCount: number;
  /** Per field id, each document's field length. */
  private readonly fieldLengths: Uint32Array[];

  constructor(
    private readonly index: PackedIndex,
    private readonly settings: SearchSettings,
  ) {
    this.fieldCount = fieldCountOf(index);
    const slots = index.documentIds.length;
    this.fieldLengths = Array.from({ length: this.fieldCount }, (_, fieldId) => index.fieldLengths.subarray(fieldId * slots, (fieldId + 1) * slots));
  }

  search(query: Query, searchOptions: SearchOptions, k: number): TopHit[] {
    const matched = new MatchedTerms(this.index.documentIds.length);
    const scores = this.execute(query, searchOptions, matched);
    const top: TopHit[] = [];
    for (const [documentId, score] of scores) {
      // MiniSearch multiplies by the number of distinct query terms the document matched.
      const final = score * (matched.count(documentId) || 1);
      if (top.length === k && !(final > (top[k - 1]?.score ?? -Infinity))) continue;
      // After every hit with an equal score: MiniSearch's sort is stable.
      let low = 0;
      let high = top.length;
      while (low < high) {
        const middle = (low + high) >>> 1;
        if ((top[middle]?.score ?? 0) >= final) low = middle + 1;
        else high = middle;
      }
      top.splice(low, 0, { id: this.index.documentIds[documentId] ?? documentId, score: final });
      if (top.length > k) top.pop();
    }
    return top;
  }

  /** MiniSearch.executeQuery. */
  private execute(query: Query, searchOptions: SearchOptions, matched: MatchedTerms): Scores {
    if (typeof query === "symbol") throw new Error("TopKSearch does not run wildcard queries");
    if (typeof query !== "string") {
      const { queries: _subqueries, ...ownOptions } = query;
      const options: SearchOptions = { ...searchOptions, ...ownOptions };
      return combineOr(
        query.queries.map((subquery) => this.execute(subquery, options, matched)),
        options.combineWith,
      );
    }
    const { tokenize, processTerm, searchOptions: global } = this.settings;
    const options: ResolvedSearchOptions & Pick<SearchSettings, "tokenize" | "processTerm"> = { tokenize, processTerm, ...global, ...searchOptions };
    if (options.filter || options.boostDocument) throw new Error("TopKSearch supports neither filter nor boostDocument");
    const terms = options
      .tokenize(query)
      .flatMap((term) => options.processTerm(term))
      .filter((term): term is string => Boolean(term));
    return combineOr(
      terms.map((term, i) => this.executeTerm(termQuery(options, term, i, terms), options, matched)),
      options.combineWith,
    );
  }

  /** MiniSearch.executeQuerySpec: the term itself, then its prefix extensions, then its fuzzy neighbours, each in MiniSearch's order. */
  private executeTerm(query: TermQuery, options: ResolvedSearchOptions, matched: MatchedTerms): Scores {
    const boosts: Record<string, number> = {};
    for (const field of options.fields ?? this.settings.fields) boosts[field] = (Object.hasOwn(options.boost ?? {}, field) ? options.boost?.[field] : 0) || 1;
    const weights = { ...DEFAULT_WEIGHTS, ...options.weights };
    const termId = matched.idOf(query.term);
    const { terms, iterationOrder, fuzzyOrder } = this.index;
    const add = (term: number, weight: number, scores: Scores): void => this.addPostings(term, weight * query.termBoost, boosts, options.bm25, termId, matched, scores);

    const scores: Scores = new Map();
    const exact = findTerm(terms, query.term);
    if (exact >= 0) add(exact, 1, scores);
    let prefixMatches: number[] = [];
    if (query.prefix) {
      const [start, end] = prefixRange(terms, query.term);
      prefixMatches = inOrder(Array.from({ length: end - start }, (_, i) => start + i), (term) => iterationOrder[term] ?? 0);
    }
    let fuzzy: Map<number, number> | undefined;
    if (query.fuzzy) {
      const ratio = query.fuzzy === true ? 0.2 : query.fuzzy;
      const maxDistance = ratio < 1 ? Math.min(options.maxFuzzy, Math.round(query.term.length * ratio)) : ratio;
      if (maxDistance) fuzzy = new Map(inOrder(fuzzyMatches(terms, query.term, maxDistance), ([term]) => fuzzyOrder[term] ?? 0));
    }
    for (const term of prefixMatches) {
      const length = (terms[term] as string).length;
      const distance = length - query.term.length;
      if (!distance) continue;
      fuzzy?.delete(term);
      add(term, (weights.prefix * length) / (length + 0.3 * distance), scores);
    }
    for (const [term, distance] of fuzzy ?? []) {
      if (!distance) continue;
      const length = (terms[term] as string).length;
      add(term, (weights.fuzzy * length) / (length + distance), scores);
    }
    return scores;
  }

  /** MiniSearch.termResults, with BM25+ written exactly as MiniSearch's calcBM25Score so every score matches bit for bit. */
  private addPostings(term: number, weight: number, boosts: Record<string, number>, bm25: BM25Params, termId: number, matched: MatchedTerms, scores: Scores): void {
    const { k, b, d } = bm25;
    const { postingOffsets, postingDocuments, postingFrequencies } = this.index;
    for (const field of Object.keys(boosts)) {
      const fieldId = this.index.fieldIds[field];
      const lengths = fieldId === undefined ? undefined : this.fieldLengths[fieldId];
      if (fieldId === undefined || !lengths) continue;
      const start = postingOffsets[term * this.fieldCount + fieldId] ?? 0;
      const end = postingOffsets[term * this.fieldCount + fieldId + 1] ?? 0;
      const documentFrequency = end - start;
      if (documentFrequency === 0) continue;
      const fieldWeight = weight * (boosts[field] ?? 1);
      const averageLength = this.index.averageFieldLength[fieldId] ?? 0;
      const inverseFrequency = Math.log(1 + (this.index.documentCount - documentFrequency + 0.5) / (documentFrequency + 0.5));
      for (let posting = start; posting < end; posting += 1) {
        const documentId = postingDocuments[posting] ?? 0;
        const termFrequency = postingFrequencies[posting] ?? 0;
        const fieldLength = lengths[documentId] ?? 0;
        const raw = inverseFrequency * (d + (termFrequency * (k + 1)) / (termFrequency + k * (1 - b + (b * fieldLength) / averageLength)));
        const previous = scores.get(documentId);
        scores.set(documentId, previous === undefined ? fieldWeight * raw : previous + fieldWeight * raw);
        matched.mark(documentId, termId);
      }
    }
  }
}

function inOrder<T>(items: T[], rank: (item: T) => number): T[] {
  return items.sort((a, b) => rank(a) - rank(b));
}

/** MiniSearch's termToQuerySpec. */
function termQuery(options: SearchOptions, term: string, i: number, terms: string[]): TermQuery {
  return {
    term,
    fuzzy: typeof options.fuzzy === "function" ? options.fuzzy(term, i, terms) : options.fuzzy || false,
    prefix: typeof options.prefix === "function" ? options.prefix(term, i, terms) : options.prefix === true,
    termBoost: typeof options.boostTerm === "function" ? options.boostTerm(term, i, terms) : 1,
  };
}

/** MiniSearch's OR combinator: scores add up, in the order of the queries; the first map is the accumulator. */
function combineOr(results: Scores[], combineWith: SearchOptions["combineWith"]): Scores {
  if (combineWith !== undefined && combineWith.toLowerCase() !== "or") throw new Error(`TopKSearch combines with OR only, not ${combineWith}`);
  const [first, ...rest] = results;
  if (!first) return new Map();
  for (const scores of rest) {
    for (const [documentId, score] of scores) {
      const existing = first.get(documentId);
      first.set(documentId, existing === undefined ? score : existing + score);
    }
  }
  return first;
}

/** Which distinct query terms each document matched: one bit per (document, term), 32 terms to an array of words. */
class MatchedTerms {
  private readonly ids = new Map<string, number>();
  private readonly words: Int32Array[] = [];

  constructor(private readonly documents: number) {}

  idOf(term: string): number {
    let id = this.ids.get(term);
    if (id === undefined) {
      id = this.ids.size;
      this.ids.set(term, id);
    }
    return id;
  }

  mark(documentId: number, termId: number): void {
    const index = termId >>> 5;
    while (this.words.length <= index) this.words.push(new Int32Array(this.documents));
    const words = this.words[index] as Int32Array;
    words[documentId] = (words[documentId] ?? 0) | (1 << (termId & 31));
  }

  count(documentId: number): number {
    let total = 0;
    for (const words of this.words) {
      let word = words[documentId] ?? 0;
      while (word !== 0) {
        word &= word - 1;
        total += 1;
      }
    }
    return total;
  }
}
