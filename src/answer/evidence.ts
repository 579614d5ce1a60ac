import { isAnswerable } from "../corpus/chunks.js";
import { withRetrievalContext } from "../corpus/paragraphs.js";
import { contentStems } from "../text/terms.js";
import type { RetrievedParagraph } from "../retrieval/retriever.js";
import { statesAnswerType, type AnswerType } from "./answer-type.js";
import { termCoverage, termSet, type TermSet, type WeightedTerm } from "./coverage.js";
import { isOverlong, mayState, readingSpan } from "./reading-span.js";
import { cosineSimilarity } from "./similarity.js";

export interface EvidenceSentence {
  file: string;
  paragraph: number;
  /** Position of the sentence among its paragraph's sentences, from 0. */
  sentence: number;
  /** Verbatim from the paragraph. */
  quote: string;
  /** Weighted share of the question's terms the sentence (or its paragraph, for part credit) states. */
  coverage: number;
  /** The question's terms this sentence itself states, rarest first. */
  stated: string[];
  /** The encoder's cosine similarity between question and sentence. */
  similarity: number;
  /** Share of the sentence's content words that the question does not already say: an answer adds something. */
  novelty: number;
  /** Whether the sentence holds the kind of fact the question asks for; undefined when the question names none. */
  statesAnswerType: boolean | undefined;
  /** What the conversation adds for a follow-up (see conversation/continuity.ts); 0 for a question on its own. */
  continuity: number;
}

export interface EvidenceQuery {
  terms: readonly WeightedTerm[];
  vector: number[];
  answerType: AnswerType | undefined;
  /** A follow-up's preference for paragraphs near what the conversation already cited. */
  continuity?: (file: string, paragraph: number) => number;
  /** Only sentences holding the answer type are evidence: a follow-up such as "when was that?" asks for nothing else. */
  requireAnswerType?: boolean;
}

/**
 * Only the sentences most likely to win are weighed: the best by term coverage plus the
 * dense similarity of their paragraph, a cheap stand-in for their own. (Chosen when the
 * sentences were embedded per question; kept so that storing their vectors moved no answer.)
 */
const SENTENCES_EMBEDDED = 12;

/** The answer-sized sentences of the retrieved paragraphs most likely to answer, with the measurements the answer policy weighs. */
export function gatherEvidence(query: EvidenceQuery, retrieved: readonly RetrievedParagraph[]): EvidenceSentence[] {
  const candidates: Array<Omit<EvidenceSentence, "similarity"> & { prior: number; vector: Float32Array | undefined }> = [];
  const questionStems = new Set(query.terms.map((term) => term.stem));
  const questionStemList = [...questionStems];
  // Documents repeat their headline; the same words from two places are one piece of evidence.
  const seen = new Set<string>();
  for (const paragraph of retrieved) {
    // The heading above a block is part of what it says: "How do I ban a user?" over a line of code.
    const withHeading = (text: string): TermSet => termSet(withRetrievalContext(paragraph, text));
    const overlong = isOverlong(paragraph);
    const continuity = query.continuity?.(paragraph.file, paragraph.paragraph) ?? 0;
    const paragraphContext = overlong ? undefined : withHeading(paragraph.text);
    paragraph.sentences.forEach(({ text: quote, vector }, sentence) => {
      // A question in the documents (a headline, a journalist's) restates a question; it never answers one.
      if ((!paragraph.code && !isAnswerable(quote, paragraph)) || quote.endsWith("?") || seen.has(quote)) return;
      if (overlong && !mayState(quote, questionStemList)) return;
      const context = paragraphContext ?? withHeading(readingSpan(paragraph, [sentence]));
      seen.add(quote);
      const holdsType = query.answerType === undefined ? undefined : statesAnswerType(quote, query.answerType);
      if (query.requireAnswerType && holdsType === false) return;
      // Code states what its heading and lead-in say it does: `member.kick()` under "How do I kick a guild member?".
      const { share: coverage, stated } = termCoverage(query.terms, paragraph.code ? withHeading(quote) : termSet(quote), context);
      candidates.push({
        file: paragraph.file,
        paragraph: paragraph.paragraph,
        sentence,
        quote,
        coverage,
        stated,
        novelty: novelty(quote, questionStems),
        statesAnswerType: holdsType,
        continuity,
        prior: coverage + paragraph.similarity + continuity,
        vector,
      });
    });
  }
  const ranked = candidates.sort((a, b) => b.prior - a.prior);
  // A follow-up's favoured sentences may come from paragraphs the search did not reach, with no similarity to rank them by.
  const shortlist = [...ranked.slice(0, SENTENCES_EMBEDDED), ...ranked.slice(SENTENCES_EMBEDDED).filter((candidate) => candidate.continuity > 0)];
  return shortlist.map(({ prior: _prior, vector, ...candidate }) => ({ ...candidate, similarity: vector ? cosineSimilarity(query.vector, vector) : 0 }));
}

function novelty(sentence: string, questionStems: ReadonlySet<string>): number {
  const stems = contentStems(sentence);
  return stems.length === 0 ? 0 : stems.filter((stem) => !questionStems.has(stem)).length / stems.length;
}
