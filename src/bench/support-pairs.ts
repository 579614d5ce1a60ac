import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { splitSentences } from "../text/sentences.js";
import { seededRandom } from "./random.js";
import { contentStems, isStopword, words } from "../text/terms.js";

/**
 * Claim/paragraph pairs for fitting and checking the support threshold of the model's
 * sentences (src/answer/llm/support.ts). A true claim restates a sentence of the paragraph
 * the way a model does (verbatim, one clause of it, or with words swapped for ones the
 * paragraph lacks, as a synonym would be); a false one negates it, swaps a number, or
 * borrows a sentence from elsewhere that shares a word or a topic with the paragraph.
 */
export type PairKind =
  | "verbatim"
  | "clause"
  | "reworded"
  | "negated"
  | "negation removed"
  | "number swapped"
  | "fabricated, one shared word"
  | "other paragraph, same article"
  | "half fabricated";

export interface SupportPair {
  article: string;
  kind: PairKind;
  supported: boolean;
  claim: string;
  paragraph: string;
}

interface Article {
  name: string;
  paragraphs: string[];
}

/** Words a synonym could be: absent from nearly every paragraph, so each costs a claim one matched word. */
const STAND_INS = ["notable", "various", "substantial", "numerous", "particular", "prominent", "considerable", "eventual"];
const AUXILIARY = /\b(is|was|were|are|has|had|have|will|would|can|could|did|does|do|should|may|might|must)\b/i;
const NEGATION = /\b(not|never|no)\s+/i;
const NUMBER = /\b\d+(?:[.,]\d+)*\b/;
const SENTENCES_PER_ARTICLE = 120;

/** Paragraphs (non-empty lines after the title) of every .txt under the folders. */
export async function readArticles(folders: readonly string[]): Promise<Article[]> {
  const articles: Article[] = [];
  for (const folder of folders) {
    for (const file of (await readdir(folder)).filter((name) => name.endsWith(".txt")).sort()) {
      const lines = (await readFile(path.join(folder, file), "utf8")).split("\n").map((line) => line.trim()).filter(Boolean);
      articles.push({ name: `${path.basename(folder)}/${file}`, paragraphs: lines.slice(1).filter((line) => words(line).length >= 12) });
    }
  }
  return articles;
}

export function buildPairs(articles: readonly Article[], seed = 1): SupportPair[] {
  const random = seededRandom(seed);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const pairs: SupportPair[] = [];
  for (const article of articles) {
    const others = articles.filter((other) => other !== article).flatMap((other) => other.paragraphs.flatMap(claimSentences));
    const candidates = article.paragraphs.flatMap((paragraph, index) => claimSentences(paragraph).map((sentence) => ({ paragraph, index, sentence })));
    for (const { paragraph, index, sentence } of shuffled(candidates, random).slice(0, SENTENCES_PER_ARTICLE)) {
      const add = (kind: PairKind, supported: boolean, claim: string | undefined): void => {
        if (claim !== undefined && claim !== "") pairs.push({ article: article.name, kind, supported, claim, paragraph });
      };
      add("verbatim", true, sentence);
      add("clause", true, longestClause(sentence));
      add("reworded", true, reworded(sentence, random));
      add(NEGATION.test(sentence) ? "negation removed" : "negated", false, NEGATION.test(sentence) ? sentence.replace(NEGATION, "") : negated(sentence));
      add("number swapped", false, numberSwapped(sentence));
      add("fabricated, one shared word", false, withOneSharedWord(pick(others), paragraph, random));
      const elsewhere = article.paragraphs.filter((_, other) => other !== index).flatMap(claimSentences);
      if (elsewhere.length > 0) add("other paragraph, same article", false, pick(elsewhere));
      add("half fabricated", false, halfFabricated(sentence, pick(others)));
    }
  }
  return pairs;
}

/** Sentences a model might restate: long enough to carry a fact, short enough to be one. */
function claimSentences(paragraph: string): string[] {
  return splitSentences(paragraph).filter((sentence) => contentStems(sentence).length >= 6 && words(sentence).length <= 60);
}

function longestClause(sentence: string): string | undefined {
  const clauses = sentence.split(/,\s+|;\s+|\s+and\s+|\s+but\s+/).filter((clause) => contentStems(clause).length >= 4);
  const longest = clauses.sort((a, b) => b.length - a.length)[0];
  return longest === undefined || longest === sentence ? undefined : `${longest.replace(/[.!?]+$/, "")}.`;
}

/** One content word in six replaced by a word the paragraph lacks (at least one). */
function reworded(sentence: string, random: () => number): string {
  const tokens = sentence.split(/(\s+)/);
  const content = tokens.flatMap((token, i) => (/^\p{L}{4,}$/u.test(token) && !isStopword(token.toLowerCase()) ? [i] : []));
  const swaps = Math.max(1, Math.floor(content.length / 6));
  for (const i of shuffled(content, random).slice(0, swaps)) tokens[i] = STAND_INS[Math.floor(random() * STAND_INS.length)] ?? "notable";
  return tokens.join("");
}

function negated(sentence: string): string {
  const auxiliary = AUXILIARY.exec(sentence);
  if (auxiliary) return `${sentence.slice(0, auxiliary.index + auxiliary[0].length)} not${sentence.slice(auxiliary.index + auxiliary[0].length)}`;
  return `It is not true that ${sentence.charAt(0).toLowerCase()}${sentence.slice(1)}`;
}

function numberSwapped(sentence: string): string | undefined {
  const match = NUMBER.exec(sentence);
  if (!match) return undefined;
  const value = Number(match[0].replace(/,/g, ""));
  const swapped = String(value >= 1000 && value <= 2100 ? value + 3 : Math.round(value * 2 + 1));
  return `${sentence.slice(0, match.index)}${swapped}${sentence.slice(match.index + match[0].length)}`;
}

/** A sentence from another article whose first content word is replaced by one of the paragraph's. */
function withOneSharedWord(sentence: string, paragraph: string, random: () => number): string {
  const borrowed = words(paragraph).filter((word) => word.length >= 4 && !isStopword(word));
  const word = borrowed[Math.floor(random() * borrowed.length)] ?? "";
  return sentence.replace(/\b\p{L}{4,}\b/u, (first) => (isStopword(first.toLowerCase()) ? first : word));
}

function halfFabricated(sentence: string, other: string): string {
  const own = sentence.split(/\s+/);
  const foreign = other.split(/\s+/);
  return `${own.slice(0, Math.ceil(own.length / 2)).join(" ")} ${foreign.slice(Math.floor(foreign.length / 2)).join(" ")}`;
}

function shuffled<T>(items: readonly T[], random: () => number): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
  }
  return copy;
}
