export interface Paragraph {
  file: string;
  /** 1-based, in file order: for .txt the n-th non-empty line, for .md the n-th blank-line separated block. */
  paragraph: number;
  text: string;
}

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
