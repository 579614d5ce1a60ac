import type MiniSearch from "minisearch";
import { internalsOf, type FieldPostings, type RadixNode } from "./minisearch-internals.js";

/**
 * A MiniSearch index frozen into a few flat arrays: the terms sorted, every posting in one
 * typed array. MiniSearch holds a radix tree of Maps with a Map per term and field, some
 * 75,000 objects at 1k chunks; rebuilding them is what made loading a saved index slow,
 * and they are most of its memory. These arrays are written to disk as they are and read
 * back as views of the file's bytes, so loading costs little more than reading the file.
 *
 * Terms are searched in sorted order, but MiniSearch visits prefix and fuzzy expansions in
 * its tree's orders, and the order scores are added in decides their last bits and the
 * order of ties; both orders are kept so the search can follow them.
 */
export interface PackedIndex {
  /** Field name → field id; ids run from 0. */
  fieldIds: Record<string, number>;
  documentCount: number;
  averageFieldLength: number[];
  /** Short document id → the id the document was added with. */
  documentIds: Uint32Array;
  /** Field length of document d in field f at f * documentIds.length + d. */
  fieldLengths: Uint32Array;
  /** Every term, sorted by UTF-16 code unit. */
  terms: string[];
  /** The postings of term t in field f are entries [offsets[t·F + f], offsets[t·F + f + 1]) of the two arrays below, F being the number of fields. */
  postingOffsets: Uint32Array;
  postingDocuments: Uint32Array;
  postingFrequencies: Uint32Array;
  /** Each term's rank in MiniSearch's iteration order, the order of atPrefix. */
  iterationOrder: Uint32Array;
  /** Each term's rank in the order MiniSearch's fuzzy search visits the tree. */
  fuzzyOrder: Uint32Array;
}

/** Freezes a MiniSearch index that only ever had documents added, keyed by whole numbers. */
export function packMiniSearch<T>(search: MiniSearch<T>): PackedIndex {
  const index = internalsOf(search);
  // MiniSearch skips postings of discarded documents as it searches; a packed index has none to skip.
  if (index._dirtCount !== 0) throw new Error("only an index nothing was discarded from can be packed");
  const slots = index._nextId;
  const fieldCount = Object.keys(index._fieldIds).length;

  const documentIds = new Uint32Array(slots);
  for (const [shortId, id] of index._documentIds) {
    if (typeof id !== "number" || !Number.isInteger(id) || id < 0 || id > 0xffffffff) throw new Error(`document id ${String(id)} is not a whole number a packed index can hold`);
    documentIds[shortId] = id;
  }
  const fieldLengths = new Uint32Array(fieldCount * slots);
  for (const [shortId, lengths] of index._fieldLength) lengths.forEach((length, fieldId) => (fieldLengths[fieldId * slots + shortId] = length));

  const { terms: fuzzyTerms, postings } = leavesInFuzzyOrder(index._index._tree);
  const fuzzyRankOf = new Map(postings.map((leaf, rank) => [leaf, rank]));
  const iterationRanks = new Uint32Array(postings.length);
  let iterationRank = 0;
  for (const [, leaf] of index._index) iterationRanks[fuzzyRankOf.get(leaf) as number] = iterationRank++;
  const sorted = Array.from(fuzzyTerms.keys()).sort((a, b) => ((fuzzyTerms[a] as string) < (fuzzyTerms[b] as string) ? -1 : 1));

  let postingCount = 0;
  for (const leaf of postings) for (const documents of leaf.values()) postingCount += documents.size;
  const packed: PackedIndex = {
    fieldIds: { ...index._fieldIds },
    documentCount: index._documentCount,
    averageFieldLength: [...index._avgFieldLength],
    documentIds,
    fieldLengths,
    terms: sorted.map((rank) => fuzzyTerms[rank] as string),
    postingOffsets: new Uint32Array(sorted.length * fieldCount + 1),
    postingDocuments: new Uint32Array(postingCount),
    postingFrequencies: new Uint32Array(postingCount),
    iterationOrder: Uint32Array.from(sorted, (rank) => iterationRanks[rank] as number),
    fuzzyOrder: Uint32Array.from(sorted),
  };
  let next = 0;
  sorted.forEach((rank, position) => {
    const leaf = postings[rank] as FieldPostings;
    for (let fieldId = 0; fieldId < fieldCount; fieldId += 1) {
      packed.postingOffsets[position * fieldCount + fieldId] = next;
      // In MiniSearch's own order (the order documents were added): it decides which of two equal scores comes first.
      for (const [shortId, frequency] of leaf.get(fieldId) ?? []) {
        packed.postingDocuments[next] = shortId;
        packed.postingFrequencies[next] = frequency;
        next += 1;
      }
    }
  });
  packed.postingOffsets[sorted.length * fieldCount] = next;
  return packed;
}

export function fieldCountOf(index: PackedIndex): number {
  return Object.keys(index.fieldIds).length;
}

/** In how many documents the term occurs in the field. */
export function postingCount(index: PackedIndex, term: number, fieldId: number): number {
  const at = term * fieldCountOf(index) + fieldId;
  return (index.postingOffsets[at + 1] ?? 0) - (index.postingOffsets[at] ?? 0);
}

/** Depth first, children in insertion order: the walk of MiniSearch's fuzzySearch. */
function leavesInFuzzyOrder(root: RadixNode): { terms: string[]; postings: FieldPostings[] } {
  const terms: string[] = [];
  const postings: FieldPostings[] = [];
  const visit = (node: RadixNode, prefix: string): void => {
    for (const [key, child] of node) {
      if (key === "") {
        terms.push(prefix);
        postings.push(child as FieldPostings);
      } else visit(child as RadixNode, prefix + key);
    }
  };
  visit(root, "");
  return { terms, postings };
}
