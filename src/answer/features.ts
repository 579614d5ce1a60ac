import { paragraphKey, type RetrievedParagraph } from "../retrieval/retriever.js";
import { isStopword, stemOf, words } from "../text/terms.js";
import { absentTerms, CONTEXT_CREDIT, termCoverage, termSet, type TermSet, type WeightedTerm } from "./coverage.js";
import type { EvidenceSentence } from "./evidence.js";
import { distinctWords, nearestIn } from "./meaning.js";
import { readingSpan } from "./reading-span.js";

/**
 * What the answer model weighs about one evidence sentence. Every feature is a measurement
 * of the question against the text (never of a wording), on a 0..1 scale, so weights fitted
 * on some articles carry to others.
 */
export const SENTENCE_FEATURES = [
  "sentenceCoverage",
  "sentenceSimilarity",
  "paragraphLexical",
  "paragraphSimilarity",
  "paragraphCoverage",
  "titleCoverage",
  "proximity",
  "phraseMatch",
  "fusedRank",
  "answerTypeMatch",
  "answerTypeMismatch",
  "novelty",
  "heading",
  "sentenceMeaning",
] as const;

/** What the refusal model weighs about a question's best evidence: chiefly, what of the question that evidence does not say. */
export const REFUSAL_FEATURES = ["bestScore", "scoreMargin", "bestSimilarity", "paragraphCoverage", "missingRare", "sentenceMissingRare", "missingName", "missingNumber", "unknownTerm", "substitutedTerm", "negationMismatch", "splitName"] as const;

export type SentenceFeatures = Record<(typeof SENTENCE_FEATURES)[number], number>;
export type RefusalFeatures = Omit<Record<(typeof REFUSAL_FEATURES)[number], number>, "bestScore" | "scoreMargin">;

export interface Candidate {
  sentence: EvidenceSentence;
  features: SentenceFeatures;
  /** What the question asks that the sentence's paragraph (with its title) leaves out; the refusal model reads it for the best candidate. */
  gaps: RefusalFeatures;
}

export interface MeasureContext {
  terms: readonly WeightedTerm[];
  /** The names the question asks about, whose absence from the evidence says most. */
  names: QuestionNames;
  /** Adjacent content-word stem pairs of the question: a sentence repeating a phrase of it is likelier its source. */
  phrases: ReadonlySet<string>;
  /** Whether the question is negated ("Who was not…"): evidence that is not says something else. */
  negated: boolean;
  /** The most an IDF weight can be (a term no chunk has), to put weights on a 0..1 scale. */
  maxWeight: number;
  /** The title (or section heading) a paragraph sits under, which questions name but paragraphs seldom repeat. */
  titleOf: (paragraph: RetrievedParagraph) => string;
}

export function measureCandidates(evidence: readonly EvidenceSentence[], retrieved: readonly RetrievedParagraph[], context: MeasureContext): Candidate[] {
  const topLexical = Math.max(0, ...retrieved.map((paragraph) => paragraph.lexical));
  // Only paragraphs that gave a candidate are measured, and each document's title once: term sets are the costly part.
  const withCandidates = new Map<string, number[]>();
  for (const sentence of evidence) {
    const key = paragraphKey(sentence.file, sentence.paragraph);
    withCandidates.set(key, [...(withCandidates.get(key) ?? []), sentence.sentence]);
  }
  const titles = new Map<string, { text: string; set: TermSet; share: number }>();
  const titleOf = (paragraph: RetrievedParagraph): { text: string; set: TermSet; share: number } => {
    const text = context.titleOf(paragraph);
    let title = titles.get(text);
    if (!title) {
      const set = termSet(text);
      title = { text, set, share: termCoverage(context.terms, set, set).share };
      titles.set(text, title);
    }
    return title;
  };
  const perParagraph = new Map(
    retrieved
      .map((paragraph, rank) => ({ paragraph, rank }))
      .filter(({ paragraph }) => withCandidates.has(paragraphKey(paragraph.file, paragraph.paragraph)))
      .map(({ paragraph, rank }) => {
        const read = readingSpan(paragraph, withCandidates.get(paragraphKey(paragraph.file, paragraph.paragraph)) ?? []);
        const text = termSet(read);
        const title = titleOf(paragraph);
        const withTitle = { stems: new Set([...text.stems, ...title.set.stems]), sounds: new Set([...text.sounds, ...title.set.sounds]) };
        const absent = absentTerms(context.terms, withTitle);
        const nearWords = distinctWords(`${title.text} ${read}`);
        const near = new Map(absent.map((term) => [term.stem, nearestIn(term, nearWords)]));
        const measured = { near, rank, coverage: termCoverage(context.terms, text, text).share, title: title.share, proximity: proximity(context.terms, read), absent, gaps: gapsOf(context, absent) };
        return [paragraph, measured] as const;
      }),
  );
  const nameSplit = splitName(context.names.phrases, retrieved.flatMap((paragraph) => [paragraph.text, context.titleOf(paragraph)]));
  const byKey = new Map(retrieved.map((paragraph) => [paragraphKey(paragraph.file, paragraph.paragraph), paragraph]));
  const candidates: Candidate[] = [];
  const scale = context.maxWeight || 1;
  for (const sentence of evidence) {
    const paragraph = byKey.get(paragraphKey(sentence.file, sentence.paragraph));
    const measured = paragraph && perParagraph.get(paragraph);
    if (!paragraph || !measured) continue;
    // The evidence step already matched the question's terms against the sentence.
    const absentFromSentence = context.terms.filter((term) => !sentence.stated.includes(term.stem));
    candidates.push({
      sentence,
      features: {
        sentenceCoverage: sentence.coverage,
        sentenceSimilarity: sentence.similarity,
        paragraphLexical: topLexical === 0 ? 0 : paragraph.lexical / topLexical,
        paragraphSimilarity: paragraph.similarity,
        paragraphCoverage: measured.coverage,
        titleCoverage: measured.title,
        proximity: measured.proximity,
        phraseMatch: phraseMatch(context.phrases, sentence.quote),
        fusedRank: 1 / (1 + measured.rank),
        answerTypeMatch: sentence.statesAnswerType === true ? 1 : 0,
        answerTypeMismatch: sentence.statesAnswerType === false ? 1 : 0,
        novelty: sentence.novelty,
        heading: SENTENCE_END.test(sentence.quote) ? 0 : 1,
        sentenceMeaning: meaningCoverage(context.terms, sentence, measured.near),
      },
      gaps: {
        ...measured.gaps,
        bestSimilarity: sentence.similarity,
        sentenceMissingRare: Math.max(0, ...absentFromSentence.map((term) => term.weight / scale)),
        substitutedTerm: Math.max(0, ...substituted(context.terms, measured.absent, absentFromSentence).map((term) => term.weight / scale)),
        negationMismatch: context.negated && !NEGATION.test(sentence.quote) ? 1 : 0,
        splitName: nameSplit,
      },
    });
  }
  return candidates;
}

/** A word this near (cosine) to a question term is taken to speak of the same thing: a synonym, a derived form, or a substitute. */
const NEAR_MEANING = 0.6;

/**
 * The question's terms the sentence states, as sentenceCoverage weighs them, but counting a
 * word near in meaning ("started" for "began", "death" for "died") for as near as it is: a
 * paraphrase states the question's thing without its words.
 */
function meaningCoverage(terms: readonly WeightedTerm[], sentence: EvidenceSentence, nearInParagraph: ReadonlyMap<string, number>): number {
  const sentenceWords = distinctWords(sentence.quote);
  let total = 0;
  let found = 0;
  for (const term of terms) {
    total += term.weight;
    if (sentence.stated.includes(term.stem)) {
      found += term.weight;
      continue;
    }
    const inSentence = nearestIn(term, sentenceWords);
    // A term its paragraph states (no nearness measured) counts as context does in sentenceCoverage.
    const inParagraph = nearInParagraph.get(term.stem) ?? 1;
    found += term.weight * Math.max(inSentence >= NEAR_MEANING ? inSentence : 0, inParagraph >= NEAR_MEANING ? CONTEXT_CREDIT * inParagraph : 0);
  }
  return total === 0 ? 0 : found / total;
}

/** A line that ends without a sentence's closing mark is a headline or a label: it names a topic, it seldom states an answer. */
const SENTENCE_END = /[.!?:;"”’')\]]$/u;

export const NEGATION = /\b(?:not|never|no|none|nor|without)\b|n[’']t\b/i;

/**
 * Question terms the paragraph lacks whose neighbour in the question the sentence does
 * state: the sentence speaks of the same thing with a different word ("South Sea" asked,
 * "North Sea" written), the mark of a question the text does not answer.
 */
function substituted(terms: readonly WeightedTerm[], absentFromParagraph: readonly WeightedTerm[], absentFromSentence: readonly WeightedTerm[]): WeightedTerm[] {
  const missing = new Set(absentFromParagraph.map((term) => term.stem));
  const unstated = new Set(absentFromSentence.map((term) => term.stem));
  return terms.filter((term, i) => {
    if (!missing.has(term.stem)) return false;
    return [terms[i - 1], terms[i + 1]].some((neighbour) => neighbour !== undefined && !unstated.has(neighbour.stem));
  });
}

function gapsOf(context: MeasureContext, absent: readonly WeightedTerm[]): Omit<RefusalFeatures, "bestSimilarity" | "sentenceMissingRare" | "substitutedTerm" | "negationMismatch" | "splitName"> {
  const scale = context.maxWeight || 1;
  const total = context.terms.reduce((sum, term) => sum + term.weight, 0);
  const missing = absent.reduce((sum, term) => sum + term.weight, 0);
  return {
    paragraphCoverage: total === 0 ? 0 : (total - missing) / total,
    missingRare: Math.max(0, ...absent.map((term) => term.weight / scale)),
    missingName: absent.some((term) => context.names.stems.has(term.stem)) ? 1 : 0,
    missingNumber: absent.some((term) => /^\p{N}+$/u.test(term.stem)) ? 1 : 0,
    unknownTerm: absent.some((term) => term.weight >= scale - 1e-9) ? 1 : 0,
  };
}

/**
 * How tightly the paragraph states the question's terms together: distinct matched terms
 * over the span of words that holds them all (1 when adjacent), 0 when none match.
 */
function proximity(terms: readonly WeightedTerm[], text: string): number {
  const wanted = new Set(terms.map((term) => term.stem));
  const positions = words(text)
    .map((word, index) => ({ stem: stemOf(word), index }))
    .filter(({ stem }) => wanted.has(stem));
  const distinct = new Set(positions.map(({ stem }) => stem)).size;
  if (distinct <= 1) return distinct;
  // Smallest window over the positions holding every distinct matched stem.
  const counts = new Map<string, number>();
  let covered = 0;
  let best = Infinity;
  let left = 0;
  for (const entry of positions) {
    counts.set(entry.stem, (counts.get(entry.stem) ?? 0) + 1);
    if (counts.get(entry.stem) === 1) covered += 1;
    while (covered === distinct) {
      const start = positions[left];
      if (!start) break;
      best = Math.min(best, entry.index - start.index + 1);
      const remaining = (counts.get(start.stem) ?? 1) - 1;
      counts.set(start.stem, remaining);
      if (remaining === 0) covered -= 1;
      left += 1;
    }
  }
  return Number.isFinite(best) ? distinct / best : 0;
}

/** Adjacent content-word stem pairs, the unit of phrase matching. */
export function stemPairs(text: string): Set<string> {
  const stems = words(text)
    .filter((word) => !isStopword(word))
    .map(stemOf);
  return new Set(stems.slice(1).map((stem, i) => `${stems[i]} ${stem}`));
}

/** Share of the question's phrases (adjacent content-word pairs) the sentence repeats. */
function phraseMatch(phrases: ReadonlySet<string>, sentence: string): number {
  if (phrases.size === 0) return 0;
  const own = stemPairs(sentence);
  let found = 0;
  for (const phrase of phrases) if (own.has(phrase)) found += 1;
  return found / phrases.size;
}

export interface QuestionNames {
  /** Stems of the capitalised words of a question after its first word: the names it asks about. */
  stems: ReadonlySet<string>;
  /** Adjacent capitalised words ("Twilight Princess"), as stem pairs: a name of several words is one name. */
  phrases: ReadonlySet<string>;
}

export function namesOf(question: string): QuestionNames {
  const stems = new Set<string>();
  const phrases = new Set<string>();
  const tokens = [...question.matchAll(/[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu)].map((match) => ({ text: match[0], start: match.index, end: match.index + match[0].length }));
  const isName = (token: string): boolean => /^\p{Lu}/u.test(token);
  tokens.forEach((token, i) => {
    if (i === 0 || !isName(token.text)) return;
    const own = words(token.text).filter((word) => !isStopword(word));
    for (const word of own) stems.add(stemOf(word));
    const next = tokens[i + 1];
    // Only a space joins two capitalised words into one name: not punctuation ("North, Central"), nor a possessive ("Kamal's PSP").
    if (next === undefined || !isName(next.text) || !/^\s+$/u.test(question.slice(token.end, next.start)) || /['’]s?$/u.test(token.text)) return;
    const last = own.at(-1);
    const first = words(next.text).find((word) => !isStopword(word));
    if (last !== undefined && first !== undefined) phrases.add(`${stemOf(last)} ${stemOf(first)}`);
  });
  return { stems, phrases };
}

/**
 * Whether the question names something the evidence never names, though it uses each of the
 * name's words ("Radar Princess" asked, "Twilight Princess" and "Games Radar" written): a
 * name made of the text's words in a new order, the shape of a question the text does not answer.
 */
function splitName(phrases: ReadonlySet<string>, texts: readonly string[]): number {
  for (const phrase of phrases) {
    const stems = phrase.split(" ");
    // Only texts holding both words can hold the name; their word pairs are the costly part, so they are read last and only until the name turns up.
    const holding = texts.filter((text) => stems.every((stem) => termSet(text).stems.has(stem)));
    const wordsKnown = stems.every((stem) => texts.some((text) => termSet(text).stems.has(stem)));
    if (wordsKnown && !holding.some((text) => stemPairs(text).has(phrase))) return 1;
  }
  return 0;
}
