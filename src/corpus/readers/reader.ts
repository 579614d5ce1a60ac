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
