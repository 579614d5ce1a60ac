import { distance } from "fastest-levenshtein";
import { memoized } from "../text/memo.js";
import { isStopword, soundOf, stemOf, words } from "../text/terms.js";

export interface WeightedTerm {
  stem: string;
  /** The word as the question wrote it (lower-cased): what word vectors know, where stems are not words. */
  word: string;
  sound: string | undefined;
  weight: number;
}

export interface TermSet {
  readonly stems: ReadonlySet<string>;
  readonly sounds: ReadonlySet<string>;
}

/** Texts whose terms are remembered: the sentences and paragraphs of a few hundred questions' evidence. */
const TEXTS_REMEMBERED = { entries: 20_000, keyChars: 4_000 };

/** Shared between callers (see memoized), hence read-only. */
export const termSet: (text: string) => TermSet = memoized((text) => {
  const tokens = words(text);
  return {
    stems: new Set(tokens.map(stemOf)),
    sounds: new Set(tokens.map(soundOf).filter((key) => key !== undefined)),
  };
}, TEXTS_REMEMBERED);

/**
 * The question's content terms weighted by inverse document frequency over the index's
 * chunks, so a rare name counts for more than "party", and a term the documents never use
 * (a year they do not mention, a topic they do not cover) weighs most and matches nothing.
 */
export function weightedQuestionTerms(question: string, documentFrequency: (stem: string) => number, documentCount: number): WeightedTerm[] {
  const seen = new Set<string>();
  const terms: WeightedTerm[] = [];
  for (const word of words(question)) {
    if (isStopword(word)) continue;
    const stem = stemOf(word);
    if (seen.has(stem)) continue;
    seen.add(stem);
    const df = documentFrequency(stem);
    // Sound-alikes only for words the documents never spell this way: see MIN_SOUNDALIKE_LENGTH.
    terms.push({ stem, word, sound: df === 0 ? soundOf(word) : undefined, weight: idfWeight(df, documentCount) });
  }
  return terms;
}

function idfWeight(documentFrequency: number, documentCount: number): number {
  return Math.log(1 + (documentCount + 1) / (documentFrequency + 0.5));
}

/** The weight of a term no chunk contains: the top of the scale. */
export function maxTermWeight(documentCount: number): number {
  return idfWeight(0, documentCount);
}

function matches(term: WeightedTerm, set: TermSet): boolean {
  if (set.stems.has(term.stem)) return true;
  if (term.sound !== undefined && set.sounds.has(term.sound)) return true;
  // As in the lexical search: a long word also meets its longer forms ("chair", "chairman") and survives one typo ("Kamaml").
  if (term.stem.length >= 5) {
    for (const stem of set.stems) {
      if (stem.startsWith(term.stem)) return true;
      if (Math.abs(stem.length - term.stem.length) <= 1 && distance(stem, term.stem) <= 1) return true;
    }
  }
  return false;
}

/** The question's terms a text does not state, by any spelling the matcher accepts. */
export function absentTerms(terms: readonly WeightedTerm[], set: TermSet): WeightedTerm[] {
  return terms.filter((term) => !matches(term, set));
}

/** A term found only elsewhere in the sentence's paragraph counts for part: it is context, not the statement. */
export const CONTEXT_CREDIT = 0.6;

interface Coverage {
  /** Weighted share of the question's terms found in the sentence, or failing that (for part credit) in its paragraph. */
  share: number;
  /** The question's terms the sentence itself states, rarest first. */
  stated: string[];
}

export function termCoverage(terms: readonly WeightedTerm[], sentence: TermSet, paragraph: TermSet): Coverage {
  let total = 0;
  let found = 0;
  const stated: WeightedTerm[] = [];
  for (const term of terms) {
    total += term.weight;
    if (matches(term, sentence)) {
      found += term.weight;
      stated.push(term);
    } else if (matches(term, paragraph)) found += term.weight * CONTEXT_CREDIT;
  }
  return { share: total === 0 ? 0 : found / total, stated: stated.sort((a, b) => b.weight - a.weight).map((term) => term.stem) };
}
