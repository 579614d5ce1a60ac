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

export type DocumentKind = "txt" | "md";

export function documentKind(fileName: string): DocumentKind | undefined {
  const lower = fileName.toLowerCase();
  if (lower.endsWith(".txt")) return "txt";
  if (lower.endsWith(".md")) return "md";
  return undefined;
}

export function splitParagraphs(file: string, text: string, kind: DocumentKind): Paragraph[] {
  const normalised = text.replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n");
  const blocks = kind === "txt" ? normalised.split("\n") : normalised.split(/\n[ \t]*\n/);
  const paragraphs: Paragraph[] = [];
  for (const block of blocks) {
    const trimmed = kind === "txt" ? block.trim() : block.replace(/\s*\n\s*/g, " ").trim();
    if (trimmed.length === 0) continue;
    paragraphs.push({ file, paragraph: paragraphs.length + 1, text: trimmed });
  }
  return paragraphs;
}
