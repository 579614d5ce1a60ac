import type MiniSearch from "minisearch";
import type { BM25Params, Query, SearchOptions } from "minisearch";
import { internalsOf, type FieldPostings, type MiniSearchInternals, type ResolvedSearchOptions } from "./minisearch-internals.js";

/**
 * MiniSearch's search(), but only the k best hits: the same scores, bit for bit, in the same
 * order, ties included. MiniSearch scores every matching document into a fresh object,
 * then builds and sorts a result for each; at 100k chunks a question matching half of them
 * spends most of its time there and in the garbage collector afterwards. Here scores are
 * plain numbers and only k results are kept.
 *
 * It reads MiniSearch's internal index (see minisearch-internals.ts), supports
 * the OR queries lexical.ts builds (terms, fields, boost, fuzzy, prefix, weights, bm25),
 * and rejects everything else rather than answer differently. tests/lexical-top-k.test.ts
 * holds it to MiniSearch's own results.
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
  id: unknown;
  score: number;
}

/** Short document id → score, in the order documents were first matched (which decides ties, as in MiniSearch). */
type Scores = Map<number, number>;

export class TopKSearch {
  private readonly index: MiniSearchInternals;
  /** Per field id, each document's field length: read once per posting, so an array rather than MiniSearch's map of arrays. */
  private readonly fieldLengths: Float64Array[];
  /** One more than the largest short document id. */
  private readonly documentSlots: number;

  /** Any document type will do (hence never): only the index is read, never a document. */
  constructor(search: MiniSearch<never>) {
    const index = internalsOf(search);
    // MiniSearch skips and unlinks postings of discarded documents as it searches; an index
    // that never discarded one has none, and this search does not look for them.
    if (index._dirtCount !== 0) throw new Error("TopKSearch needs an index nothing was discarded from");
    this.index = index;
    let size = 0;
    for (const documentId of index._fieldLength.keys()) size = Math.max(size, documentId + 1);
    this.documentSlots = size;
    this.fieldLengths = Object.values(index._fieldIds).map((fieldId) => {
      const lengths = new Float64Array(size);
      for (const [documentId, perField] of index._fieldLength) lengths[documentId] = perField[fieldId] ?? 0;
      return lengths;
    });
  }

  search(query: Query, searchOptions: SearchOptions, k: number): TopHit[] {
    const matched = new MatchedTerms(this.documentSlots);
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
      top.splice(low, 0, { id: this.index._documentIds.get(documentId), score: final });
      if (top.length > k) top.pop();
    }
    return top;
  }

  /** How many documents the query matches: the length of MiniSearch's search() result. */
  count(query: Query, searchOptions: SearchOptions): number {
    return this.execute(query, searchOptions, new MatchedTerms(this.documentSlots)).size;
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
    const { tokenize, processTerm, searchOptions: global } = this.index._options;
    const options: ResolvedSearchOptions & Pick<MiniSearchInternals["_options"], "tokenize" | "processTerm"> = { tokenize, processTerm, ...global, ...searchOptions };
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

  /** MiniSearch.executeQuerySpec: the term itself, then its prefix extensions, then its fuzzy neighbours. */
  private executeTerm(query: TermQuery, searchOptions: SearchOptions, matched: MatchedTerms): Scores {
    const options: ResolvedSearchOptions = { ...this.index._options.searchOptions, ...searchOptions };
    const boosts: Record<string, number> = {};
    for (const field of options.fields ?? this.index._options.fields) boosts[field] = (Object.hasOwn(options.boost ?? {}, field) ? options.boost?.[field] : 0) || 1;
    const weights = { ...DEFAULT_WEIGHTS, ...options.weights };
    const termId = matched.idOf(query.term);
    const add = (postings: FieldPostings | undefined, weight: number, scores: Scores): void =>
      this.addPostings(postings, weight * query.termBoost, boosts, options.bm25, termId, matched, scores);

    const scores: Scores = new Map();
    add(this.index._index.get(query.term), 1, scores);
    const prefixMatches = query.prefix ? this.index._index.atPrefix(query.term) : undefined;
    let fuzzyMatches: Map<string, [FieldPostings, number]> | undefined;
    if (query.fuzzy) {
      const fuzzy = query.fuzzy === true ? 0.2 : query.fuzzy;
      const maxDistance = fuzzy < 1 ? Math.min(options.maxFuzzy, Math.round(query.term.length * fuzzy)) : fuzzy;
      if (maxDistance) fuzzyMatches = this.index._index.fuzzyGet(query.term, maxDistance);
    }
    for (const [term, postings] of prefixMatches ?? []) {
      const distance = term.length - query.term.length;
      if (!distance) continue;
      fuzzyMatches?.delete(term);
      add(postings, (weights.prefix * term.length) / (term.length + 0.3 * distance), scores);
    }
    for (const [term, [postings, distance]] of fuzzyMatches ?? []) {
      if (!distance) continue;
      add(postings, (weights.fuzzy * term.length) / (term.length + distance), scores);
    }
    return scores;
  }

  /** MiniSearch.termResults, with BM25+ written exactly as MiniSearch's calcBM25Score so every score matches bit for bit. */
  private addPostings(postings: FieldPostings | undefined, weight: number, boosts: Record<string, number>, bm25: BM25Params, termId: number, matched: MatchedTerms, scores: Scores): void {
    if (!postings) return;
    const { k, b, d } = bm25;
    for (const field of Object.keys(boosts)) {
      const fieldId = this.index._fieldIds[field];
      const frequencies = fieldId === undefined ? undefined : postings.get(fieldId);
      const lengths = fieldId === undefined ? undefined : this.fieldLengths[fieldId];
      if (fieldId === undefined || !frequencies || !lengths) continue;
      const fieldWeight = weight * (boosts[field] ?? 1);
      const averageLength = this.index._avgFieldLength[fieldId] ?? 0;
      const inverseFrequency = Math.log(1 + (this.index._documentCount - frequencies.size + 0.5) / (frequencies.size + 0.5));
      for (const [documentId, termFrequency] of frequencies) {
        const fieldLength = lengths[documentId] ?? 0;
        const raw = inverseFrequency * (d + (termFrequency * (k + 1)) / (termFrequency + k * (1 - b + (b * fieldLength) / averageLength)));
        const previous = scores.get(documentId);
        scores.set(documentId, previous === undefined ? fieldWeight * raw : previous + fieldWeight * raw);
        matched.mark(documentId, termId);
      }
    }
  }
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
