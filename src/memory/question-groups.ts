import { distance } from "fastest-levenshtein";
import { isStopword, stemOf, words } from "../text/terms.js";

/** A shorter word that starts a longer one is the same word cut by the stemmer or a typo ("capit", "capitol"). */
const MIN_PREFIX = 4;

/**
 * What two askings of one question share: the stems of their content words, in order. Case,
 * punctuation, function words, stray letters ("what's") and inflection drop out.
 */
function questionKey(question: string): string[] {
  const all = words(question);
  const content = all.filter((word) => word.length > 1 && !isStopword(word));
  return (content.length > 0 ? content : all).map(stemOf);
}

/**
 * Groups items whose questions are near-identical: the same key words in the same order, each
 * equal, a typo apart or one a prefix of the other. Changing a word that matters ("leave" for
 * "join") makes another question. Items keep their order; groups follow their first item.
 */
export function groupByQuestion<T>(items: readonly T[], questionOf: (item: T) => string): T[][] {
  const groups: Array<{ key: string[]; items: T[] }> = [];
  for (const item of items) {
    const key = questionKey(questionOf(item));
    let group = groups.find((candidate) => sameQuestion(candidate.key, key));
    if (!group) {
      group = { key, items: [] };
      groups.push(group);
    }
    group.items.push(item);
  }
  return groups.map((group) => group.items);
}

function sameQuestion(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((word, i) => sameWord(word, b[i] ?? ""));
}

function sameWord(a: string, b: string): boolean {
  if (a === b) return true;
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  if (short.length >= MIN_PREFIX && long.startsWith(short)) return true;
  return short.length >= MIN_PREFIX && distance(a, b) <= 1;
}
