import { evidenceSpans, type TextSpan } from "../text/sentences.js";
import { isAnswerable } from "./chunks.js";
import { withRetrievalContext, type Paragraph } from "./paragraphs.js";

export interface EvidenceUnit extends TextSpan {
  /** What the encoder reads for this unit. */
  text: string;
  /** Only units that could answer get a vector: a line under four words never does. */
  embedded: boolean;
}

/**
 * The spans of a paragraph an answer may quote: its sentences, or a code block whole,
 * since a line of code torn from its block explains nothing. The encoder reads code
 * poorly on its own, so a code block is embedded with its heading path.
 */
export function evidenceUnits(paragraph: Pick<Paragraph, "text" | "code" | "section">): EvidenceUnit[] {
  if (paragraph.code) {
    return [{ start: 0, end: paragraph.text.length, text: withRetrievalContext(paragraph, paragraph.text), embedded: true }];
  }
  return evidenceSpans(paragraph.text).map((span) => {
    const text = paragraph.text.slice(span.start, span.end);
    return { ...span, text, embedded: isAnswerable(text) };
  });
}
