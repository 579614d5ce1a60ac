import type { Paragraph } from "../paragraphs.js";

/** A citable block as a reader finds it; the loader gives it its file and number. */
export type Block = Omit<Paragraph, "file" | "paragraph">;

/** One document format. A file the reader cannot make sense of throws UnreadableDocumentError with the reason to report. */
export interface DocumentReader {
  /** Lower-case, with the dot. */
  readonly extensions: readonly string[];
  /** The blocks in document order; `name` is the document id, for formats whose dialect depends on it (.mdx). */
  read(bytes: Buffer, name: string): Promise<Block[]>;
}

/** Why a file was skipped, worded for the operator ("encrypted PDF (needs a password)"). */
export class UnreadableDocumentError extends Error {
  override readonly name = "UnreadableDocumentError";
}

/** Text, TeX-like formats and source files share one decoding rule: UTF-8 or nothing, so a quote is never mojibake. */
export function decodeUtf8(bytes: Buffer): string {
  if (bytes.includes(0)) throw new UnreadableDocumentError("binary (contains NUL bytes)");
  const text = new TextDecoder("utf-8", { fatal: false }).decode(bytes);
  if (text.includes("\uFFFD")) throw new UnreadableDocumentError("not valid UTF-8 text");
  return text.replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n");
}

/** Prose from markup: spaces collapsed within lines, blank lines removed, so a quote reads as the page does. */
export function tidyProse(text: string): string {
  return text
    .split("\n")
    .map((line) => line.replace(/[ \t\u00A0]+/g, " ").trim())
    .filter(Boolean)
    .join("\n");
}

/**
 * A table as its rows, a line each, every cell named by its column's header ("Default: 10s"),
 * so a row quoted or embedded alone still says what its cells are. Without a header row the
 * cells stand alone, " | " apart.
 */
export function tableText(header: readonly string[], body: ReadonlyArray<readonly string[]>): string {
  const tidy = (cell: string): string => cell.replace(/\s+/g, " ").trim();
  const names = header.map(tidy);
  if (body.length === 0) return names.filter(Boolean).join(" | ");
  const named = (cell: string, column: number): string => (cell && names[column] ? `${names[column]}: ${cell}` : cell);
  return body
    .map((row) => row.map((cell, column) => named(tidy(cell), column)).filter(Boolean).join(" | "))
    .filter(Boolean)
    .join("\n");
}
