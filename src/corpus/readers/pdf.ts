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

/** A heading is a line of at most this many words: a title, not a sentence. */
const HEADING_WORDS = 12;
/** Sizes within this many units are one size: a renderer's rounding, not a larger font. */
const SIZE_TOLERANCE = 1;

interface TextBlock {
  text: string;
  /** How many lines the block was rebuilt from. */
  lines: number;
  size: number;
  page: number;
}

/**
 * A PDF has no paragraphs, only positioned runs of text: lines are rebuilt from runs on
 * one baseline, and a paragraph ends at a wider gap, a change of font size or a jump
 * upwards (a new column). Each paragraph keeps its page. A heading is not a paragraph but
 * the section path of those under it, as in the other formats; larger type is an outer one.
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
      const texts: TextBlock[] = [];
      for (let page = 1; page <= pdf.numPages; page += 1) {
        const content = await (await pdf.getPage(page)).getTextContent();
        const items = content.items.filter((item): item is TextItem => "str" in item);
        texts.push(...paragraphsOf(linesOf(items), page));
      }
      if (texts.length === 0) throw new UnreadableDocumentError("no text layer (a scanned PDF?)");
      return underHeadings(texts, title);
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

function paragraphsOf(lines: readonly TextLine[], page: number): TextBlock[] {
  const paragraphs: TextBlock[] = [];
  let current: TextBlock | undefined;
  let previous: TextLine | undefined;
  for (const line of lines) {
    const gap = previous ? previous.y - line.y : 0;
    const breaks = !previous || gap < 0 || gap > PARAGRAPH_GAP * Math.max(previous.size, line.size) || Math.abs(previous.size - line.size) > SIZE_TOLERANCE;
    if (breaks || !current) {
      current = { text: line.text.trim(), lines: 1, size: line.size, page };
      paragraphs.push(current);
    } else {
      current.text = joinLines(current.text, line.text.trim());
      current.lines += 1;
    }
    previous = line;
  }
  return paragraphs.map((paragraph) => ({ ...paragraph, text: paragraph.text.replace(/\s+/g, " ") }));
}

/**
 * Blocks with their section paths, headings taken out. A heading is a short line that
 * does not end a sentence (a "?" may: "How do I reset it?") and either is set larger than
 * the body text or stands over body text in the body's size.
 */
function underHeadings(texts: readonly TextBlock[], title: string | undefined): Block[] {
  const body = bodySize(texts);
  const blocks: Block[] = [];
  const open: Array<{ text: string; size: number }> = [];
  texts.forEach((block, i) => {
    const next = texts[i + 1];
    const larger = block.size > body + SIZE_TOLERANCE;
    if (isHeadingLine(block, larger) && (larger || (next !== undefined && !isHeadingLine(next, false) && next.text.length > block.text.length))) {
      while (open.length > 0 && open.at(-1)!.size <= block.size + SIZE_TOLERANCE) open.pop();
      open.push({ text: block.text, size: block.size });
      return;
    }
    const headings = open.map((heading) => heading.text);
    const section = title && headings[0] !== title ? [title, ...headings] : headings;
    blocks.push({ text: block.text, ...(section.length > 0 ? { section } : {}), page: block.page });
  });
  // Only headings-like lines (slides, a cover page): they are what the document says.
  return blocks.length > 0 ? blocks : texts.map(({ text, page }) => ({ text, ...(title ? { section: [title] } : {}), page }));
}

/** A long heading set large may wrap once; in the body's size, a wrapped line is a sentence going on. */
function isHeadingLine(block: TextBlock, larger: boolean): boolean {
  return block.lines <= (larger ? 2 : 1) && block.text.split(" ").length <= HEADING_WORDS && /^[\p{Lu}\p{N}]/u.test(block.text) && !/[.,;:!]$/.test(block.text);
}

/** The size most of the text is set in. */
function bodySize(texts: readonly TextBlock[]): number {
  const characters = new Map<number, number>();
  for (const { size, text } of texts) characters.set(Math.round(size), (characters.get(Math.round(size)) ?? 0) + text.length);
  return [...characters.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? 0;
}

/** A word hyphenated across lines is joined again ("exam-" + "ple"); other lines meet at a space. */
function joinLines(text: string, next: string): string {
  return /\p{L}-$/u.test(text) && /^\p{Ll}/u.test(next) ? text.slice(0, -1) + next : `${text} ${next}`;
}
