import path from "node:path";
import { docxReader } from "./docx.js";
import { htmlReader } from "./html.js";
import { markdownReader } from "./markdown.js";
import { pdfReader } from "./pdf.js";
import type { DocumentReader } from "./reader.js";
import { textReader } from "./text.js";

const READERS: readonly DocumentReader[] = [textReader, markdownReader, htmlReader, pdfReader, docxReader];
const BY_EXTENSION = new Map(READERS.flatMap((reader) => reader.extensions.map((extension) => [extension, reader] as const)));

export const SUPPORTED_EXTENSIONS: readonly string[] = [...BY_EXTENSION.keys()];

export function readerFor(name: string): DocumentReader | undefined {
  return BY_EXTENSION.get(path.extname(name).toLowerCase());
}
