import type { Paragraph } from "../corpus/paragraphs.js";
import { paragraphKey } from "../retrieval/retriever.js";
import { expectedAnswerType, statesAnswerType, type AnswerType } from "./answer-type.js";
import type { Candidate } from "./features.js";
import { answerableProbability, refusalInputs, sentenceScore, type AnswerModel } from "./model.js";
import { citationPlace, fencedCode } from "./citation-text.js";
import { citationLabel, type Answer, type Citation } from "./types.js";

export const NOT_COVERED = "The documents don't cover this: I found no passage that answers it.";

interface Passage {
  file: string;
  paragraph: number;
  first: number;
  last: number;
  quote: string;
  score: number;
}

/** A sentence that opens by pointing back ("This…", "It…", "The latter…") cannot be read without the one before it. */
const POINTS_BACK = /^[\s"“‘'(]*(?:this|that|these|those|it|its|he|she|they|his|her|their|them|him|such|the latter|the former|there|then|both)\b/i;

/**
 * A follow-up's continuity bonus (conversation/continuity.ts) is on the scale of the old
 * blended score; the ranker's scores are log-odds, where one unit of sentence coverage is worth about this much.
 */
const CONTINUITY_TO_SCORE = 5;

/**
 * A runner-up from another document on the same focus may score this many times further
 * below the best: a second source on the same point is how a disagreement reaches the reader.
 */
const OTHER_SOURCE_MARGIN_FACTOR = 2;

/** A reason gathered for a "why" must share this many of the question's terms, so it is a reason for the same thing. */
const REASON_SHARED_TERMS = 2;

/**
 * The answer is the best-scoring evidence sentence plus close runners-up. A neighbouring
 * sentence of the same paragraph extends its quote; one from another paragraph becomes a
 * sentence of its own, which is how two sources that disagree both reach the reader. A
 * runner-up must state the rarest question term the best sentence states (its focus), so
 * it answers the same thing; a "why" instead gathers any sentence that gives a reason.
 */
/** A paragraph with its sentences as the index split them, which is what evidence sentence positions count. */
export type SplitParagraph = Paragraph & { sentences: ReadonlyArray<{ text: string }> };

/** Which runners-up may join the best sentence: those within `margin` (twice that from another document), stating its focus when `sameFocus`. */
export interface CompanionRule {
  margin: number;
  sameFocus: boolean;
  /** When no passage quotes a sentence this accepts, the best one within the margin that does takes the last place. */
  keepOneOf?: (file: string, paragraph: number, quote: string) => boolean;
}

export function composeExtractiveAnswer(question: string, candidates: readonly Candidate[], paragraphs: readonly SplitParagraph[], model: AnswerModel, companions?: CompanionRule): Answer {
  const ranked = candidates
    .map((candidate) => ({ candidate, score: sentenceScore(model, candidate.features) + CONTINUITY_TO_SCORE * candidate.sentence.continuity }))
    .sort((a, b) => b.score - a.score);
  const inputs = refusalInputs(ranked);
  const best = ranked[0];
  if (!best || !inputs || answerableProbability(model, inputs) < model.refusal.threshold) return { question, answered: false, answer: NOT_COVERED, citations: [] };

  const answerType = expectedAnswerType(question);
  // A "why" gathers the reasons its top paragraphs give, however far down the ranking; a runner-up on any other question must be close to the best.
  const { margin, sameFocus } = companions ?? { margin: answerType === "reason" ? Infinity : model.companionMargin, sameFocus: true };
  const focus = best.candidate.sentence.stated[0];
  const passages: Passage[] = [passageOf(best.candidate, best.score)];
  const withinMargin = ({ candidate, score }: (typeof ranked)[number]): boolean => score >= best.score - (candidate.sentence.file === best.candidate.sentence.file ? margin : margin * OTHER_SOURCE_MARGIN_FACTOR);
  for (const entry of ranked.slice(1)) {
    const { candidate, score } = entry;
    const { sentence } = candidate;
    if (!withinMargin(entry)) continue;
    if (sameFocus && (answerType === "reason" ? !sentence.statesAnswerType || sentence.stated.length < REASON_SHARED_TERMS : focus !== undefined && !sentence.stated.includes(focus))) continue;
    const samePassage = passages.find((passage) => passage.file === sentence.file && passage.paragraph === sentence.paragraph);
    if (samePassage) {
      if (sentence.sentence === samePassage.first - 1) samePassage.first -= 1;
      else if (sentence.sentence === samePassage.last + 1) samePassage.last += 1;
    } else if (passages.length < model.maxSentences) {
      passages.push(passageOf(candidate, score));
    }
  }
  const keep = companions?.keepOneOf;
  if (keep && !passages.some((passage) => keep(passage.file, passage.paragraph, passage.quote))) {
    const cited = (file: string, paragraph: number): boolean => passages.some((passage) => passage.file === file && passage.paragraph === paragraph);
    const kept = ranked.find((entry) => {
      const { sentence } = entry.candidate;
      return withinMargin(entry) && !cited(sentence.file, sentence.paragraph) && keep(sentence.file, sentence.paragraph, sentence.quote);
    });
    if (kept) passages.splice(Math.min(passages.length, model.maxSentences - 1), 1, passageOf(kept.candidate, kept.score));
  }

  const records = new Map(paragraphs.map((paragraph) => [paragraphKey(paragraph.file, paragraph.paragraph), paragraph]));
  const probability = softmaxOver(ranked.map((entry) => entry.score));
  const citations: Citation[] = passages.map((passage) => {
    const paragraph = records.get(paragraphKey(passage.file, passage.paragraph));
    const text = paragraph?.text ?? "";
    const sentences = paragraph?.sentences.map((sentence) => sentence.text) ?? [];
    const { first, last } = readableSpan(sentences, passage, answerType);
    return {
      file: passage.file,
      paragraph: passage.paragraph,
      ...(paragraph ? citationPlace(paragraph) : {}),
      quote: verbatimSpan(text, sentences[first] ?? passage.quote, sentences[last] ?? passage.quote),
      score: Math.round(probability(passage.score) * 1000) / 1000,
      ...(paragraph?.code ? { code: paragraph.code } : {}),
    };
  });
  return { question, answered: true, answer: answerText(citations), citations };
}

/** Each quote followed by its citation, in reading order. */
export function answerText(citations: readonly Citation[]): string {
  return citations.map((citation) => `${shown(citation)} [${citationLabel(citation)}]`).join(" ");
}

/** Code fenced; a quote of several lines (a list, table rows) starts on a line of its own, so its first item is not run into the sentence before. */
function shown(citation: Citation): string {
  if (citation.code) return `\n${fencedCode(citation.quote, citation.code.language)}\n`;
  return citation.quote.includes("\n") ? `\n${citation.quote}` : citation.quote;
}

function passageOf(candidate: Candidate, score: number): Passage {
  const { file, paragraph, sentence, quote } = candidate.sentence;
  return { file, paragraph, first: sentence, last: sentence, quote, score };
}

/**
 * The passage widened just enough to be understood: a sentence that points back brings
 * the one before it, and a sentence that lacks the number or date asked for brings the
 * neighbour that states it.
 */
function readableSpan(sentences: readonly string[], passage: Passage, answerType: AnswerType | undefined): { first: number; last: number } {
  let { first, last } = passage;
  const quote = sentences.slice(first, last + 1).join(" ");
  if ((answerType === "time" || answerType === "quantity") && !statesAnswerType(quote, answerType)) {
    const before = sentences[first - 1];
    const after = sentences[last + 1];
    if (after !== undefined && statesAnswerType(after, answerType)) last += 1;
    else if (before !== undefined && statesAnswerType(before, answerType)) first -= 1;
  }
  if (first > 0 && POINTS_BACK.test(sentences[first] ?? "")) first -= 1;
  return { first, last };
}

/** Scores as shares of the question's candidates (a softmax), so a citation's score reads as how much it stood out. */
function softmaxOver(scores: readonly number[]): (score: number) => number {
  const top = Math.max(...scores);
  const total = scores.reduce((sum, score) => sum + Math.exp(score - top), 0);
  return (score) => Math.exp(score - top) / total;
}

/** The paragraph's own text from the first quote through the last, so the quote stays a verbatim substring. */
function verbatimSpan(paragraph: string, first: string, last: string): string {
  const start = paragraph.indexOf(first);
  const end = paragraph.indexOf(last, Math.max(start, 0));
  if (start === -1 || end === -1) return first;
  return paragraph.slice(start, end + last.length);
}
