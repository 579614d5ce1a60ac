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
  /** Set when the quote is a whole code block, to be shown fenced in this language. */
  code?: { language?: string };
  /** A link to the exact place in the source, when SOURCE_URL_TEMPLATE is set. */
  url?: string;
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
