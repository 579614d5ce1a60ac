import { doubleMetaphone } from "double-metaphone";
import { stemmer } from "stemmer";
import { memoized } from "./memo.js";

/** Function words carry no evidence: a question and a paragraph sharing "what" or "the" share nothing. */
const STOPWORDS = new Set(
  (
    "a about above after again against all also am an and any are as at be because been before being below between both but by can could " +
    "did do does doing down during each else ever few for from further had has have having he her here hers herself him himself his how i if in into is it its " +
    "itself just me more most my myself no nor not now of off on once only or other our ours ourselves out over own same she should so some such than that the " +
    "their theirs them themselves then there these they this those through to too under until up very was we were what when where which while who whom whose why " +
    "will with would you your yours yourself yourselves according said say says tell told get got know " +
    // What an apostrophe leaves behind ("Kamal's", "don't", "they'll"): a clitic, not a word of its own.
    "s t d ll re ve m"
  ).split(" "),
);

/** A vocabulary's worth: a corpus of 100k chunks uses fewer distinct words than this; a longer "word" is no word. */
const WORDS_REMEMBERED = { entries: 200_000, keyChars: 100 };

const WORD = /[\p{L}\p{N}]+(?:[-'’][\p{L}\p{N}]+)*/gu;

/**
 * Lower-cased words. A hyphenated compound yields its parts and the joined whole, so
 * "by-election" is both "election" and the far more specific "byelection".
 */
export function words(text: string): string[] {
  return (text.normalize("NFKC").toLowerCase().match(WORD) ?? []).flatMap((word) => {
    const parts = word.split(/[-'’]/).filter((part) => part.length > 0);
    return word.includes("-") && parts.length > 1 ? [...parts, parts.join("")] : parts;
  });
}

export function isStopword(word: string): boolean {
  return STOPWORDS.has(word);
}

/** The lexical key of a word: its Porter stem, so "seats" meets "seat" and "elected" meets "election". */
export const stemOf: (word: string) => string = memoized((word) => (/^\p{N}+$/u.test(word) ? word : stemmer(word)), WORDS_REMEMBERED);

/**
 * A sound key for names, which the documents and their readers spell many ways
 * (Anees/Anis, Qaimkhani/Qaimakhani). Short words are left out: their keys collide.
 */
export const soundOf: (word: string) => string | undefined = memoized((word) => {
  if (word.length < MIN_SOUNDALIKE_LENGTH || !/^\p{L}+$/u.test(word)) return undefined;
  const [primary] = doubleMetaphone(word);
  return primary.length >= 2 ? primary.toLowerCase() : undefined;
}, WORDS_REMEMBERED);

/**
 * Sound keys collide for ordinary words ("send", "senate"), so a question word is matched
 * by sound only when the documents never spell it that way: a likely variant of a name.
 */
export const MIN_SOUNDALIKE_LENGTH = 5;

/** Distinct content stems of a text, in first-seen order. */
export function contentStems(text: string): string[] {
  return [...new Set(words(text).filter((word) => !isStopword(word)).map(stemOf))];
}
