import type MiniSearch from "minisearch";
import { TimeSlicer } from "../event-loop.js";
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

/**
 * Freezes a MiniSearch index that only ever had documents added, keyed by whole numbers.
 * At 100k chunks it copies millions of postings, so it yields between slices of the work.
 */
export async function packMiniSearch<T>(search: MiniSearch<T>): Promise<PackedIndex> {
  const index = internalsOf(search);
  // MiniSearch skips postings of discarded documents as it searches; a packed index has none to skip.
  if (index._dirtCount !== 0) throw new Error("only an index nothing was discarded from can be packed");
  const slicer = new TimeSlicer();
  const slots = index._nextId;
  const fieldCount = Object.keys(index._fieldIds).length;

  const documentIds = new Uint32Array(slots);
  for (const [shortId, id] of index._documentIds) {
    if (typeof id !== "number" || !Number.isInteger(id) || id < 0 || id > 0xffffffff) throw new Error(`document id ${String(id)} is not a whole number a packed index can hold`);
    documentIds[shortId] = id;
  }
  const fieldLengths = new Uint32Array(fieldCount * slots);
  for (const [shortId, lengths] of index._fieldLength) lengths.forEach((length, fieldId) => (fieldLengths[fieldId * slots + shortId] = length));

  // Each term's rank in MiniSearch's two orders, found by its postings (one object per term).
  const fuzzyRanks = new Map<FieldPostings, number>();
  for (const [, leaf] of leaves(index._index._tree, (keys) => keys)) {
    fuzzyRanks.set(leaf, fuzzyRanks.size);
    await slicer.pause();
  }
  const iterationRanks = new Map<FieldPostings, number>();
  for (const [, leaf] of index._index) {
    iterationRanks.set(leaf, iterationRanks.size);
    await slicer.pause();
  }

  const termCount = fuzzyRanks.size;
  let postingTotal = 0;
  for (const leaf of fuzzyRanks.keys()) for (const documents of leaf.values()) postingTotal += documents.size;
  const packed: PackedIndex = {
    fieldIds: { ...index._fieldIds },
    documentCount: index._documentCount,
    averageFieldLength: [...index._avgFieldLength],
    documentIds,
    fieldLengths,
    terms: [],
    postingOffsets: new Uint32Array(termCount * fieldCount + 1),
    postingDocuments: new Uint32Array(postingTotal),
    postingFrequencies: new Uint32Array(postingTotal),
    iterationOrder: new Uint32Array(termCount),
    fuzzyOrder: new Uint32Array(termCount),
  };
  let next = 0;
  // In a radix tree the edges out of a node differ in their first character, so visiting them sorted visits the terms sorted.
  for (const [term, leaf] of leaves(index._index._tree, (keys) => keys.sort())) {
    const position = packed.terms.length;
    packed.terms.push(term);
    packed.fuzzyOrder[position] = fuzzyRanks.get(leaf) ?? 0;
    packed.iterationOrder[position] = iterationRanks.get(leaf) ?? 0;
    for (let fieldId = 0; fieldId < fieldCount; fieldId += 1) {
      packed.postingOffsets[position * fieldCount + fieldId] = next;
      // In MiniSearch's own order (the order documents were added): it decides which of two equal scores comes first.
      for (const [shortId, frequency] of leaf.get(fieldId) ?? []) {
        packed.postingDocuments[next] = shortId;
        packed.postingFrequencies[next] = frequency;
        next += 1;
      }
    }
    await slicer.pause();
  }
  packed.postingOffsets[termCount * fieldCount] = next;
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

/** The terms and their postings, depth first, visiting each node's edges in the order arrange puts them (insertion order is MiniSearch fuzzy search's). */
function* leaves(root: RadixNode, arrange: (keys: string[]) => string[]): Generator<[string, FieldPostings]> {
  const stack: Array<{ node: RadixNode; prefix: string; keys: string[]; next: number }> = [{ node: root, prefix: "", keys: arrange([...root.keys()]), next: 0 }];
  for (let top = stack.at(-1); top; top = stack.at(-1)) {
    const key = top.keys[top.next];
    top.next += 1;
    if (key === undefined) stack.pop();
    else if (key === "") yield [top.prefix, top.node.get(key) as FieldPostings];
    else {
      const child = top.node.get(key) as RadixNode;
      stack.push({ node: child, prefix: top.prefix + key, keys: arrange([...child.keys()]), next: 0 });
    }
  }
}
