import type { ParagraphPlace } from "../corpus/paragraphs.js";

export interface Citation {
  file: string;
  paragraph: number;
  /** The heading path, "FAQ › How do I ban a user?", where the format has headings. */
  section?: string;
  page?: number;
  line?: number;
  /** A verbatim substring of the cited paragraph. */
  quote: string;
  score: number;
}

export interface Answer {
  question: string;
  answered: boolean;
  /** Every sentence ends with the citation of the paragraph it was taken from, e.g. "[003_e8145cde6a7dd80f.txt ¶7]". */
  answer: string;
  /** Best first. Empty when answered is false. */
  citations: Citation[];
}

export function citationLabel(citation: Pick<Citation, "file" | "paragraph">): string {
  return `${citation.file} ¶${citation.paragraph}`;
}

/** Joins a heading path the way citations show it. */
export const SECTION_SEPARATOR = " › ";

/** The citation fields that say where a paragraph sits, from the paragraph itself (never from free text). */
export function citationPlace(paragraph: ParagraphPlace): Pick<Citation, "section" | "page" | "line"> {
  return {
    ...(paragraph.section && paragraph.section.length > 0 ? { section: paragraph.section.join(SECTION_SEPARATOR) } : {}),
    ...(paragraph.page !== undefined ? { page: paragraph.page } : {}),
    ...(paragraph.line !== undefined ? { line: paragraph.line } : {}),
  };
}

/** "FAQ › How do I ban a user? · line 52": what the CLI and Discord print after the citation id; empty when nothing is known. */
export function describePlace(citation: Pick<Citation, "section" | "page" | "line">): string {
  return [citation.section ?? "", citation.page !== undefined ? `page ${citation.page}` : "", citation.line !== undefined ? `line ${citation.line}` : ""].filter(Boolean).join(" · ");
}
