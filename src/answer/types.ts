export interface Citation {
  file: string;
  paragraph: number;
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
