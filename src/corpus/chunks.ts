import { RecursiveCharacterTextSplitter } from "@langchain/textsplitters";
import { TimeSlicer } from "../event-loop.js";
import { withRetrievalContext, type Paragraph } from "./paragraphs.js";
import { splitSentences } from "../text/sentences.js";

export interface Chunk {
  file: string;
  paragraph: number;
  /** 0 for a whole paragraph; windows of a long paragraph count from 0 too. */
  window: number;
  text: string;
}

/**
 * The encoder averages over its input, so a long paragraph blurs into its topic;
 * windows of a few sentences keep each fact retrievable.
 */
export const MAX_CHUNK_CHARS = 600;
/** Lines such as a date or "Leave a Reply" keep their number but are never answers on their own. */
const MIN_ANSWER_WORDS = 4;

const wordSplitter = new RecursiveCharacterTextSplitter({ chunkSize: MAX_CHUNK_CHARS, chunkOverlap: 80, separators: [", ", "; ", " ", ""] });

/** "Default: `'info'`", "- Type: string": a label and its value, a whole statement about what the heading above names. */
const LABELLED_VALUE = /^(?:[-*+]\s+)?\p{L}[\p{L} ]{0,24}:\s+\S/u;

/**
 * Whether a text could answer a question. Under a heading (a structured document) a short
 * labelled value can: "Default: `'info'`" under "`level` (String)" is the option's default.
 */
export function isAnswerable(text: string, paragraph?: Pick<Paragraph, "section">): boolean {
  if (paragraph?.section !== undefined && LABELLED_VALUE.test(text)) return true;
  return text.split(/\s+/).filter((word) => /\p{L}|\p{N}/u.test(word)).length >= MIN_ANSWER_WORDS;
}

export async function chunkParagraphs(paragraphs: readonly Paragraph[]): Promise<Chunk[]> {
  const chunks: Chunk[] = [];
  const slicer = new TimeSlicer();
  for (const paragraph of paragraphs) {
    await slicer.pause();
    // Code is judged by its heading, not by its word count: `client.login(token)` answers a question.
    if (!paragraph.code && !isAnswerable(paragraph.text, paragraph)) continue;
    const windows = paragraph.text.length <= MAX_CHUNK_CHARS ? [paragraph.text] : await sentenceWindows(paragraph.text);
    windows.forEach((text, window) => chunks.push({ file: paragraph.file, paragraph: paragraph.paragraph, window, text: withRetrievalContext(paragraph, text) }));
  }
  return chunks;
}

/** Consecutive sentences up to MAX_CHUNK_CHARS, overlapping by one sentence so no fact straddles a cut. */
async function sentenceWindows(text: string): Promise<string[]> {
  const sentences: string[] = [];
  for (const sentence of splitSentences(text)) {
    if (sentence.length <= MAX_CHUNK_CHARS) sentences.push(sentence);
    else sentences.push(...(await wordSplitter.splitText(sentence)));
  }
  const windows: string[] = [];
  let start = 0;
  while (start < sentences.length) {
    let end = start + 1;
    let length = sentences[start]?.length ?? 0;
    while (end < sentences.length && length + 1 + (sentences[end]?.length ?? 0) <= MAX_CHUNK_CHARS) {
      length += 1 + (sentences[end]?.length ?? 0);
      end += 1;
    }
    windows.push(sentences.slice(start, end).join(" "));
    if (end >= sentences.length) break;
    start = end - 1 > start ? end - 1 : end;
  }
  return windows;
}
