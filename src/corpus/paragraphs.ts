export interface Paragraph {
  /** Path relative to SEEDS_DIR with "/" separators: what a citation shows. */
  file: string;
  /** 1-based, in file order: for .txt the n-th non-empty line; for structured formats the n-th top-level block. */
  paragraph: number;
  text: string;
  /** The headings above the block, outermost first; absent where the format has none (.txt). */
  section?: string[];
  /** 1-based page of a PDF. */
  page?: number;
  /** 1-based line of the source file where the block starts, where the format has lines. */
  line?: number;
  /** Set on a code block: its text keeps its newlines and is quoted whole, fenced with this language. */
  code?: { language?: string };
}

/** Where a paragraph sits, for a citation: the parts its format knows. */
export type ParagraphPlace = Pick<Paragraph, "section" | "page" | "line">;
