import type { Paragraph, ParagraphLookup } from "../corpus/paragraphs.js";
import { paragraphKey } from "../retrieval/retriever.js";
import { paragraphCitation } from "./citation-text.js";
import { readBack } from "./continuations.js";
import { answerText } from "./extractive.js";
import type { Answer, Citation } from "./types.js";

/** A list quoted whole with its lead-in up to this length; past it, only its first lines, as many as fit. */
const LIST_QUOTE_CHARS = 1200;
/** How far after a lead-in the block it introduces may stand (a tip between the two). */
const INTRODUCED_WITHIN = 3;

/**
 * A lead-in ("The most common causes of this error are:") and the code block, list or table
 * it introduces say nothing apart, so whichever of the two an answer quotes brings the other:
 * both are cited, the lead-in read first. A list is quoted whole (as far as it fits), since its
 * lead-in announces all of it.
 */
export function withLeadIns(answer: Answer, paragraphOf: ParagraphLookup): Answer {
  if (!answer.answered) return answer;
  const byKey = new Map(answer.citations.map((citation) => [paragraphKey(citation.file, citation.paragraph), citation]));
  const used = new Set<string>();
  const reading: Citation[] = [];
  const citations: Citation[] = [];
  for (const citation of answer.citations) {
    const key = paragraphKey(citation.file, citation.paragraph);
    if (used.has(key)) continue;
    used.add(key);
    const pair = pairOf(citation, paragraphOf);
    const partnerKey = pair && paragraphKey(pair.partner.file, pair.partner.paragraph);
    if (!pair || !partnerKey || used.has(partnerKey)) {
      reading.push(citation);
      citations.push(citation);
      continue;
    }
    used.add(partnerKey);
    const cited = byKey.get(partnerKey);
    const score = Math.max(citation.score, cited?.score ?? 0);
    const lead = pair.leadIn === "cited" ? { ...citation, quote: pair.leadInQuote } : paragraphCitation(pair.leadIn, pair.leadInQuote, score);
    const block = pair.leadIn === "cited" ? { ...(cited ?? paragraphCitation(pair.partner, pair.blockQuote, score)), quote: pair.blockQuote } : { ...citation, quote: pair.blockQuote };
    reading.push(lead, block);
    // A bare lead-in ("Run the following:") says nothing the block does not; a passage that explains and then introduces does.
    citations.push(...(lead.quote === pair.leadInSentence ? [block, lead] : [lead, block]));
  }
  return reading.length === answer.citations.length && reading.every((citation, i) => citation === answer.citations[i]) ? answer : { ...answer, answer: answerText(reading), citations };
}

interface Pair {
  /** The lead-in's paragraph, or "cited" when the citation itself is the lead-in. */
  leadIn: Paragraph | "cited";
  /** The other block of the pair, the one the answer did not pick. */
  partner: Paragraph;
  /** The lead-in as quoted: its sentence, or the cited passage carried through it. */
  leadInQuote: string;
  leadInSentence: string;
  /** The block as quoted: code whole, a table's row as cited, a list (or a table the answer did not reach) whole as far as it fits. */
  blockQuote: string;
}

function pairOf(citation: Citation, paragraphOf: ParagraphLookup): Pair | undefined {
  const paragraph = paragraphOf(citation.file, citation.paragraph);
  if (!paragraph) return undefined;
  if (paragraph.leadIn) {
    const leadIn = paragraphOf(paragraph.file, paragraph.leadIn.paragraph);
    return leadIn && { leadIn, partner: leadIn, leadInQuote: readBack(leadIn.text, paragraph.leadIn.text), leadInSentence: paragraph.leadIn.text, blockQuote: paragraph.code || paragraph.rows ? citation.quote : listQuote(paragraph.text) };
  }
  const block = introducedBy(paragraph, paragraphOf);
  const start = paragraph.text.indexOf(citation.quote);
  if (!block?.leadIn || start === -1) return undefined;
  // The lead-in sentence itself, or the sentence just before it, which the lead-in goes on from.
  const rest = paragraph.text.slice(start + citation.quote.length).trim();
  if (rest !== "" && rest !== block.leadIn.text) return undefined;
  return { leadIn: "cited", partner: block, leadInQuote: paragraph.text.slice(start).trimEnd(), leadInSentence: block.leadIn.text, blockQuote: block.code ? block.text : listQuote(block.text) };
}

function introducedBy(leadIn: Paragraph, paragraphOf: ParagraphLookup): Paragraph | undefined {
  for (let next = leadIn.paragraph + 1; next <= leadIn.paragraph + INTRODUCED_WITHIN; next += 1) {
    const block = paragraphOf(leadIn.file, next);
    if (block?.leadIn?.paragraph === leadIn.paragraph) return block;
  }
  return undefined;
}

/** A list's (or table's) first lines, as many as fit in LIST_QUOTE_CHARS (at least one): a verbatim prefix of it. */
function listQuote(text: string): string {
  if (text.length <= LIST_QUOTE_CHARS) return text;
  const lines = text.split("\n");
  let end = lines[0]?.length ?? 0;
  for (const line of lines.slice(1)) {
    if (end + 1 + line.length > LIST_QUOTE_CHARS) break;
    end += 1 + line.length;
  }
  return text.slice(0, end);
}
