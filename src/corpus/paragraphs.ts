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
  /** Set on a table: each line is a row whose cells are named by their column headers, and a row is quoted whole. */
  rows?: true;
  /**
   * The sentence ending in ":" that introduces this code block, list or table ("Run the
   * following command:"), and the paragraph it ends. Neither says much without the other.
   */
  leadIn?: LeadIn;
}

export interface LeadIn {
  paragraph: number;
  text: string;
}

/** A paragraph of the serving index by file and number, for reading what stands around a cited one. */
export type ParagraphLookup = (file: string, paragraph: number) => Paragraph | undefined;

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

/** Whether two blocks stand under the same heading path. */
export function sameSection(a: Pick<Paragraph, "section">, b: Pick<Paragraph, "section">): boolean {
  return retrievalContext(a) === retrievalContext(b);
}

/**
 * Text as retrieval reads it: under its heading path and after the lead-in that introduces
 * it, so code under "run the following:" is found by what the lead-in says. Chunks and code
 * units must agree byte for byte, or they stop sharing cached vectors.
 */
export function withRetrievalContext(paragraph: Pick<Paragraph, "section" | "leadIn">, text: string): string {
  return [retrievalContext(paragraph), paragraph.leadIn?.text, text].filter(Boolean).join("\n");
}
