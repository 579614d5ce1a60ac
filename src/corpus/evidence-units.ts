import { evidenceSpans, lineEvidenceSpans, type TextSpan } from "../text/sentences.js";
import { isAnswerable } from "./chunks.js";
import { withRetrievalContext, type Paragraph } from "./paragraphs.js";

export interface EvidenceUnit extends TextSpan {
  /** What the encoder reads for this unit. */
  text: string;
  /** Only units that could answer get a vector: a line under four words never does. */
  embedded: boolean;
}

/**
 * The spans of a paragraph an answer may quote: its sentences, a table's rows, or a code
 * block whole, since a line of code torn from its block explains nothing. Each is embedded
 * as retrieval reads its paragraph, under its heading path and lead-in: "There can be up to
 * 25 fields" is about embeds only under "Embeds › Embed limits". (A .txt paragraph has
 * neither, so its sentences are embedded as they stand.)
 */
export function evidenceUnits(paragraph: Pick<Paragraph, "text" | "code" | "rows" | "section" | "leadIn">): EvidenceUnit[] {
  if (paragraph.code) {
    return [{ start: 0, end: paragraph.text.length, text: withRetrievalContext(paragraph, paragraph.text), embedded: true }];
  }
  return (paragraph.rows ? lineEvidenceSpans(paragraph.text) : evidenceSpans(paragraph.text)).map((span) => {
    const text = paragraph.text.slice(span.start, span.end);
    return { ...span, text: withRetrievalContext(paragraph, text), embedded: isAnswerable(text, paragraph) };
  });
}
