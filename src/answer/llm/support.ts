import { splitSentences } from "../../text/sentences.js";
import { contentStems } from "../../text/terms.js";

/**
 * The least support a model's sentence needs from the paragraphs it cites. Fitted by
 * `npm run fit-support` on claim/paragraph pairs built from the seeds and the SQuAD
 * articles (bench-results/support-fit.json): the lowest threshold at which no negated,
 * number-swapped or fabricated claim of the fitting articles is accepted. On the articles
 * held aside it keeps 94% of true restatements and accepts 1 of ~3,000 false claims.
 */
export const SUPPORT_THRESHOLD = 0.87;

export interface Support {
  /** Share of the claim's content words and numbers found in the paragraphs; 0 on a negation or number mismatch with the sentence it rests on. */
  score: number;
  /** Share before mismatches are counted against it. */
  coverage: number;
  negationMismatch: boolean;
  numberMismatch: boolean;
}

/** Words that flip a statement; "n't" is matched on the raw text because word splitting cuts "didn't" at the apostrophe. */
const NEGATION = /\b(?:not|no|never|none|nobody|nothing|neither|nor|without|cannot|nowhere)\b|n['’]t\b/giu;
const NUMBER = /\d+(?:[.,]\d+)*/gu;

/**
 * How well the paragraphs back a claim. A claim must restate their words, and match the
 * sentence it rests on (the one sharing most of its words) in numbers and in negations:
 * "Kamal was never the mayor" shares every word with "Former mayor Syed Mustafa Kamal"
 * and is still false; "at least 11 million, perhaps 11 million" has only numbers the
 * sentence has, but one of them once too often.
 */
export function claimSupport(claim: string, paragraphs: readonly string[]): Support {
  const claimNumbers = numbersIn(claim);
  const claimStems = contentStems(claim).filter((stem) => !/^\d+$/u.test(stem));
  const sourceStems = new Set(paragraphs.flatMap((paragraph) => contentStems(paragraph)));
  const sourceNumbers = new Set(paragraphs.flatMap((paragraph) => numbersIn(paragraph)));
  const total = claimStems.length + claimNumbers.length;
  const found = claimStems.filter((stem) => sourceStems.has(stem)).length + claimNumbers.filter((number) => sourceNumbers.has(number)).length;
  const coverage = total === 0 ? 0 : found / total;
  const basis = closestSentence(claimStems, paragraphs) ?? "";
  const numberMismatch = !isSubMultiset(claimNumbers, numbersIn(basis));
  const negationMismatch = negationsIn(claim) !== negationsIn(basis);
  return { score: numberMismatch || negationMismatch ? 0 : coverage, coverage, negationMismatch, numberMismatch };
}

/** The paragraph sentence sharing the largest share of the claim's content stems, with that share; the first sentence when none shares any. */
export function closestSentenceWithShare(claimStems: readonly string[], paragraph: string): { sentence: string; share: number } {
  const sentences = splitSentences(paragraph);
  const wanted = new Set(claimStems);
  let best = { sentence: sentences[0] ?? paragraph, share: 0 };
  for (const sentence of sentences) {
    const stems = new Set(contentStems(sentence));
    const share = wanted.size === 0 ? 0 : [...wanted].filter((stem) => stems.has(stem)).length / wanted.size;
    if (share > best.share) best = { sentence, share };
  }
  return best;
}

function closestSentence(claimStems: readonly string[], paragraphs: readonly string[]): string | undefined {
  let best: { sentence: string; share: number } | undefined;
  for (const paragraph of paragraphs) {
    const candidate = closestSentenceWithShare(claimStems, paragraph);
    if (!best || candidate.share > best.share) best = candidate;
  }
  return best?.sentence;
}

/** Counted, not just noticed: "neither … has not" and "did not … if not" flip a sentence that already had one. */
function negationsIn(text: string): number {
  return text.match(NEGATION)?.length ?? 0;
}

/** Numbers as written without thousands separators, so "69,197" meets "69197". */
function numbersIn(text: string): string[] {
  return (text.match(NUMBER) ?? []).map((number) => number.replace(/,(?=\d{3}\b)/gu, ""));
}

/** Every item of `part` in `whole`, as often as it occurs in `part`. */
function isSubMultiset(part: readonly string[], whole: readonly string[]): boolean {
  const left = new Map<string, number>();
  for (const item of whole) left.set(item, (left.get(item) ?? 0) + 1);
  return part.every((item) => {
    const count = left.get(item) ?? 0;
    left.set(item, count - 1);
    return count > 0;
  });
}

/** Web addresses and Markdown links: a model may repeat the paragraph's own, never add one. */
const LINK = /\bhttps?:\/\/[^\s<>()\]]+|\bwww\.[^\s<>()\]]+|\]\([^)\s]*\)|\b[\w-]+(?:\.[\w-]+)*\.(?:com|net|org|io|example|xyz|info|ru|co|app|gg|me|ly)\/\S*/giu;

/** Links in the claim that the paragraphs do not contain verbatim. */
export function addedLinks(claim: string, paragraphs: readonly string[]): string[] {
  return (claim.match(LINK) ?? []).filter((link) => !paragraphs.some((paragraph) => paragraph.includes(link)));
}
