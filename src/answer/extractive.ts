import type { Paragraph } from "../corpus/paragraphs.js";
import { paragraphKey } from "../retrieval/retriever.js";
import type { EvidenceSentence } from "./evidence.js";
import { evidenceScore, type AnswerPolicy } from "./policy.js";
import { citationPlace, fencedCode } from "./citation-text.js";
import { citationLabel, type Answer, type Citation } from "./types.js";

export const NOT_COVERED = "The documents don't cover this: I found no passage that answers it.";

interface Passage {
  file: string;
  paragraph: number;
  first: number;
  last: number;
  score: number;
}

/**
 * The answer is the best evidence sentence plus close runners-up: a neighbouring sentence
 * of the same paragraph extends its quote (a "why" often spans two), and one from another
 * paragraph becomes a sentence of its own, which is how two sources that disagree both
 * reach the reader. A runner-up must itself state the rarest question term the best
 * sentence states (its focus: "wife" rather than "Kamal"), so it answers the same thing.
 */
export function composeExtractiveAnswer(question: string, evidence: readonly EvidenceSentence[], paragraphs: readonly Paragraph[], policy: AnswerPolicy): Answer {
  const ranked = evidence.map((sentence) => ({ sentence, score: evidenceScore(sentence, policy) })).sort((a, b) => b.score - a.score);
  const best = ranked[0];
  if (!best || best.score < policy.minScore) return { question, answered: false, answer: NOT_COVERED, citations: [] };

  const passages: Passage[] = [{ ...best.sentence, first: best.sentence.sentence, last: best.sentence.sentence, score: best.score }];
  const floor = Math.max(policy.minScore, best.score * policy.companionRatio);
  const focus = best.sentence.stated[0];
  for (const { sentence, score } of ranked.slice(1)) {
    if (score < floor) break;
    if (focus !== undefined && !sentence.stated.includes(focus)) continue;
    const samePassage = passages.find((passage) => passage.file === sentence.file && passage.paragraph === sentence.paragraph);
    if (samePassage) {
      if (sentence.sentence === samePassage.first - 1) samePassage.first -= 1;
      else if (sentence.sentence === samePassage.last + 1) samePassage.last += 1;
    } else if (passages.length < policy.maxSentences) {
      passages.push({ ...sentence, first: sentence.sentence, last: sentence.sentence, score });
    }
  }

  const sentencesOf = sentenceLookup(evidence);
  const records = new Map(paragraphs.map((paragraph) => [paragraphKey(paragraph.file, paragraph.paragraph), paragraph]));
  const citations: Citation[] = passages.map((passage) => {
    const paragraph = records.get(paragraphKey(passage.file, passage.paragraph));
    return {
      file: passage.file,
      paragraph: passage.paragraph,
      ...(paragraph ? citationPlace(paragraph) : {}),
      quote: verbatimSpan(paragraph?.text ?? "", sentencesOf(passage, passage.first), sentencesOf(passage, passage.last)),
      score: Math.round(passage.score * 1000) / 1000,
      ...(paragraph?.code ? { code: paragraph.code } : {}),
    };
  });
  return { question, answered: true, answer: citations.map((citation) => `${quoted(citation)} [${citationLabel(citation)}]`).join(" "), citations };
}

/** Code is shown as code, whole and fenced; a sentence as it stands. */
function quoted(citation: Citation): string {
  return citation.code ? `\n${fencedCode(citation.quote, citation.code.language)}\n` : citation.quote;
}

function sentenceLookup(evidence: readonly EvidenceSentence[]): (passage: Passage, index: number) => string {
  const quotes = new Map(evidence.map((sentence) => [`${paragraphKey(sentence.file, sentence.paragraph)}\u0000${sentence.sentence}`, sentence.quote]));
  return (passage, index) => quotes.get(`${paragraphKey(passage.file, passage.paragraph)}\u0000${index}`) ?? "";
}

/** The paragraph's own text from the first quote through the last, so the quote stays a verbatim substring. */
function verbatimSpan(paragraph: string, first: string, last: string): string {
  const start = paragraph.indexOf(first);
  const end = paragraph.indexOf(last, Math.max(start, 0));
  if (start === -1 || end === -1) return first;
  return paragraph.slice(start, end + last.length);
}
