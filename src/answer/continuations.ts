import { sameSection, type Paragraph, type ParagraphLookup } from "../corpus/paragraphs.js";
import { paragraphKey } from "../retrieval/retriever.js";
import { evidenceSpans, splitSentences } from "../text/sentences.js";
import { paragraphCitation } from "./citation-text.js";
import { answerText } from "./extractive.js";
import type { Answer, Citation } from "./types.js";

/**
 * A sentence that opens by going on from the one before, to what follows from it ("In this
 * case, …", "Otherwise, …", "To do so, …"). Read alone it says too little, and the one
 * before it, read alone, stops before its point.
 */
const GOES_ON = /^[\s"“‘'(]*(?:in (?:this|that|such|either|both|which) (?:case|cases|situation|event)\b|if (?:so|not)\b|otherwise\b|instead\b|to (?:do|fix|solve|avoid|prevent|handle|achieve|accomplish) (?:this|that|so|it)\b|for (?:this|that) reason\b|as such\b|therefore\b|thus\b|hence\b|then\b)/i;
/** Refers back without saying to what: brings the sentence before, but is not worth bringing after one. */
const REFERS_BACK = /^[\s"“‘'(]*(?:this|that|these|those|it|its|they|such|the latter|the former)\b/i;

/**
 * In a structured document (Markdown, HTML, DOCX, PDF: a .txt line stands alone), a quote
 * is carried on through what goes on from it, across a paragraph break too, and a quote that
 * opens its paragraph by going on from the one before brings that paragraph's last sentence.
 * Both stay under one heading; code, lists and tables are not sentences that go on.
 */
export function withContinuations(answer: Answer, paragraphOf: ParagraphLookup): Answer {
  if (!answer.answered) return answer;
  const citations: Citation[] = [];
  for (const citation of answer.citations) {
    const paragraph = paragraphOf(citation.file, citation.paragraph);
    const before = paragraph && previousSentence(paragraph, citation.quote, paragraphOf);
    const after = paragraph && following(paragraph, citation.quote, paragraphOf);
    if (before) citations.push(paragraphCitation(before.paragraph, before.quote, citation.score));
    citations.push(after ? { ...citation, quote: after.quote } : citation);
    if (after?.next) citations.push(paragraphCitation(after.next.paragraph, after.next.quote, citation.score));
  }
  // A paragraph cited twice (a neighbour the answer also cites on its own) is read once, where it first comes.
  const keys = citations.map((citation) => paragraphKey(citation.file, citation.paragraph));
  const unique = citations.filter((_, i) => keys.indexOf(keys[i]!) === i);
  const changed = unique.length !== answer.citations.length || unique.some((citation, i) => citation.quote !== answer.citations[i]?.quote);
  return changed ? { ...answer, answer: answerText(unique), citations: unique } : answer;
}

interface Neighbour {
  paragraph: Paragraph;
  quote: string;
}

/**
 * The quote carried on through the sentences after it that go on from it, and through a
 * question the text asks itself ("But what if your command takes longer?") when the next
 * paragraph opens by answering it ("In this case, …"); that opening is brought too. A
 * question left unanswered at the end is not brought.
 */
function following(paragraph: Paragraph, quote: string, paragraphOf: ParagraphLookup): { quote: string; next?: Neighbour } | undefined {
  const start = paragraph.text.indexOf(quote);
  if (!isProse(paragraph) || start === -1) return undefined;
  const quoteEnd = start + quote.length;
  const after = evidenceSpans(paragraph.text).filter((span) => span.start >= quoteEnd);
  const run: Array<{ end: number; asks: boolean }> = [];
  for (const span of after) {
    const sentence = paragraph.text.slice(span.start, span.end);
    const asks = sentence.endsWith("?");
    if (!asks && !GOES_ON.test(sentence)) break;
    run.push({ end: span.end, asks });
  }
  const reachesEnd = run.length === after.length;
  const next = reachesEnd ? paragraphOf(paragraph.file, paragraph.paragraph + 1) : undefined;
  const opening = next && isProse(next) && sameSection(paragraph, next) ? splitSentences(next.text)[0] : undefined;
  const answered = opening !== undefined && GOES_ON.test(opening);
  while (!answered && run.at(-1)?.asks) run.pop();
  const end = run.at(-1)?.end ?? quoteEnd;
  const carried = end === quoteEnd ? undefined : paragraph.text.slice(start, end);
  if (answered && next && opening !== undefined) return { quote: carried ?? quote, next: { paragraph: next, quote: opening } };
  return carried === undefined ? undefined : { quote: carried };
}

function previousSentence(paragraph: Paragraph, quote: string, paragraphOf: ParagraphLookup): Neighbour | undefined {
  if (!isProse(paragraph) || !paragraph.text.trimStart().startsWith(quote.trimStart())) return undefined;
  if (!GOES_ON.test(quote) && !REFERS_BACK.test(quote)) return undefined;
  const previous = paragraphOf(paragraph.file, paragraph.paragraph - 1);
  const closing = previous && isProse(previous) && sameSection(previous, paragraph) ? splitSentences(previous.text).at(-1) : undefined;
  return closing !== undefined && previous ? { paragraph: previous, quote: closing } : undefined;
}

/** A prose block of a structured document: one with a heading path, and not code, a table or a list. */
function isProse(paragraph: Paragraph): boolean {
  return paragraph.section !== undefined && !paragraph.code && !paragraph.rows && !/^\s*(?:[-*+]|\d+[.)])\s/.test(paragraph.text);
}

/**
 * A quote of a paragraph widened back by one sentence when it opens by pointing back ("This
 * is called an ephemeral message"), so it says what "this" is; a verbatim span of the text.
 */
export function readBack(text: string, quote: string): string {
  const start = text.indexOf(quote);
  if (start <= 0 || !(REFERS_BACK.test(quote) || GOES_ON.test(quote))) return quote;
  const before = evidenceSpans(text.slice(0, start)).at(-1);
  return before ? text.slice(before.start, start + quote.length) : quote;
}
