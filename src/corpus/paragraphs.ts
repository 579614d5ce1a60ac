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

/** Joins a heading path the way citations and the retrieval context show it. */
const SECTION_SEPARATOR = " › ";

/**
 * The heading path that retrieval reads with a block, so "how do I ban a user" finds the
 * code under "How do I ban a user?"; the citation is still the block alone.
 */
export function retrievalContext(paragraph: Pick<Paragraph, "section">): string | undefined {
  return paragraph.section?.join(SECTION_SEPARATOR);
}

/** Text as retrieval reads it: under its heading path. Chunks and code units must agree byte for byte, or they stop sharing cached vectors. */
export function withRetrievalContext(paragraph: Pick<Paragraph, "section">, text: string): string {
  const context = retrievalContext(paragraph);
  return context ? `${context}\n${text}` : text;
}
