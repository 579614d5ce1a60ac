import type { PDFDocumentProxy, TextItem } from "pdfjs-dist/types/src/display/api.js";
import { UnreadableDocumentError, type Block, type DocumentReader } from "./reader.js";

interface TextLine {
  text: string;
  /** Baseline, in PDF units from the bottom of the page. */
  y: number;
  size: number;
}

/** Lines further apart than this many font sizes are in different paragraphs: ordinary leading is 1.2 to 1.5. */
const PARAGRAPH_GAP = 1.6;

/**
 * A PDF has no paragraphs, only positioned runs of text: lines are rebuilt from runs on
 * one baseline, and a paragraph ends at a wider gap, a change of font size (a heading)
 * or a jump upwards (a new column). Each paragraph keeps its page.
 */
export const pdfReader: DocumentReader = {
  extensions: [".pdf"],
  async read(bytes) {
    // Loaded on first use: a folder without PDFs never pays for pdf.js (half a second).
    const { getDocument } = await import("pdfjs-dist/legacy/build/pdf.mjs");
    const task = getDocument({ data: new Uint8Array(bytes), verbosity: 0, isEvalSupported: false, disableFontFace: true, useSystemFonts: false });
    try {
      const pdf = await task.promise.catch((error: unknown) => {
        throw new UnreadableDocumentError(pdfFailure(error));
      });
      const title = await documentTitle(pdf);
      const blocks: Block[] = [];
      for (let page = 1; page <= pdf.numPages; page += 1) {
        const content = await (await pdf.getPage(page)).getTextContent();
        const items = content.items.filter((item): item is TextItem => "str" in item);
        for (const text of paragraphsOf(linesOf(items))) blocks.push({ text, ...(title ? { section: [title] } : {}), page });
      }
      if (blocks.length === 0) throw new UnreadableDocumentError("no text layer (a scanned PDF?)");
      return blocks;
    } finally {
      await task.destroy();
    }
  },
};

/** The title in the document's metadata, which retrieval reads with every paragraph; a PDF has no headings to go by. */
async function documentTitle(pdf: PDFDocumentProxy): Promise<string | undefined> {
  const { info } = await pdf.getMetadata().catch(() => ({ info: undefined }));
  const title = (info as { Title?: unknown } | undefined)?.Title;
  return typeof title === "string" && title.trim() ? title.trim() : undefined;
}

function pdfFailure(error: unknown): string {
  const name = error instanceof Error ? error.name : "";
  if (name === "PasswordException") return "encrypted PDF (needs a password)";
  const message = error instanceof Error ? error.message : String(error);
  return name === "InvalidPDFException" ? `corrupt PDF (${message})` : `unreadable PDF (${message})`;
}

function linesOf(items: readonly TextItem[]): TextLine[] {
  const lines: TextLine[] = [];
  let current: TextLine | undefined;
  let endX = 0;
  for (const item of items) {
    const [, , c = 0, d = 0, x = 0, y = 0] = item.transform as number[];
    const size = Math.hypot(c, d) || item.height;
    if (item.str) {
      if (current && Math.abs(current.y - y) <= current.size / 2) {
        // Runs of one line may come without the space between them; a gap wider than a thin space is one.
        const spaced = x - endX > size * 0.15 && !current.text.endsWith(" ") && !item.str.startsWith(" ");
        current.text += (spaced ? " " : "") + item.str;
      } else {
        current = { text: item.str, y, size };
        lines.push(current);
      }
      endX = x + item.width;
    }
    if (item.hasEOL) current = undefined;
  }
  return lines.filter((line) => line.text.trim());
}

function paragraphsOf(lines: readonly TextLine[]): string[] {
  const paragraphs: string[] = [];
  let text = "";
  let previous: TextLine | undefined;
  for (const line of lines) {
    const gap = previous ? previous.y - line.y : 0;
    const breaks = !previous || gap < 0 || gap > PARAGRAPH_GAP * Math.max(previous.size, line.size) || Math.abs(previous.size - line.size) > 1;
    if (breaks) {
      if (text) paragraphs.push(text);
      text = line.text.trim();
    } else text = joinLines(text, line.text.trim());
    previous = line;
  }
  if (text) paragraphs.push(text);
  return paragraphs.map((paragraph) => paragraph.replace(/\s+/g, " "));
}

/** A word hyphenated across lines is joined again ("exam-" + "ple"); other lines meet at a space. */
function joinLines(text: string, next: string): string {
  return /\p{L}-$/u.test(text) && /^\p{Ll}/u.test(next) ? text.slice(0, -1) + next : `${text} ${next}`;
}
