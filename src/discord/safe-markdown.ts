/**
 * The one way text from a document, a model or a user reaches a Discord message or embed:
 * invisible and direction-changing characters removed, cut to its budget, then every
 * Markdown construct escaped, so the text reads as written and nothing in it is a link,
 * a heading, a list, a quote or a mention.
 *
 * Cutting comes first because escaping is only ever applied to at most `max` characters,
 * whatever the input's length; the cut is chosen so that the escaped text still fits.
 */
import { withoutLoneSurrogate } from "./text-limits.js";

/**
 * Zero-width and joiner characters, bidirectional overrides and isolates, the soft hyphen,
 * other format characters that render as nothing, C0/C1 controls except tab and line feed,
 * and Unicode tag characters: each can hide or reorder what a reader sees.
 */
const INVISIBLE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164\ufeff\uffa0\ufff0-\ufffb\u{e0000}-\u{e007f}]/gu;
/** Discord formats these anywhere in a line. */
const INLINE = new Set(["\\", "*", "_", "~", "`", "|", "[", "]", "(", ")", "<", ">"]);
/** …and these only at the start of a line: headings, block quotes, bullets, subtext. */
const LINE_START = new Set(["#", ">", "-", "+"]);
/**
 * A sentence ends at . ! ? or … (with closing quotes or brackets), and its citation
 * "[file ¶n]" stays with it, so a cut answer never loses the source of a sentence it keeps.
 */
const SENTENCE_END = /[.!?…]["'”’)\]]*(?:\s*\[[^\]\n]*?¶\d+\])?(?=\s|$)/gu;

export interface SafeMarkdownOptions {
  /** Cut after the last whole sentence that fits and add this (bot-written, not escaped) note; default: cut at a word with "…". */
  shortenedNote?: string;
}

/** The text without the characters INVISIBLE lists: for code shown in a code block, where escapes would show. */
export function withoutInvisible(text: string): string {
  return text.replace(INVISIBLE, "");
}

export function safeMarkdown(text: string, max: number, options: SafeMarkdownOptions = {}): string {
  const clean = withoutInvisible(text);
  // Every character escapes to at least one, so nothing past `max` can be shown.
  const raw = clean.slice(0, max);
  const { escaped, lengthAt } = escapeMarkdown(raw);
  if (raw.length === clean.length && escaped.length <= max) return escaped;

  const suffix = options.shortenedNote === undefined ? "…" : `\n\n${options.shortenedNote}`;
  const room = max - suffix.length;
  let fits = 0;
  while (fits < raw.length && (lengthAt[fits + 1] ?? Infinity) <= room) fits += 1;
  const cut = (options.shortenedNote === undefined ? undefined : lastSentenceEnd(raw, fits)) ?? wordBoundary(raw, fits);
  return `${withoutLoneSurrogate(escaped.slice(0, lengthAt[cut] ?? 0)).trimEnd()}${suffix}`;
}

/** The escaped text, and for each prefix length i of the input, the length of its escaped form. */
function escapeMarkdown(text: string): { escaped: string; lengthAt: number[] } {
  const pieces: string[] = [];
  const lengthAt = [0];
  let length = 0;
  let lineStart = true;
  let numberAtLineStart = false;
  for (let i = 0; i < text.length; i += 1) {
    const char = text.charAt(i);
    const isDigit = char >= "0" && char <= "9";
    const escape =
      INLINE.has(char) ||
      (lineStart && LINE_START.has(char)) ||
      // "1. item" and "1) item" start an ordered list.
      (numberAtLineStart && (char === "." || char === ")")) ||
      // "https://" with its colon escaped is not turned into a link.
      (char === ":" && text.startsWith("//", i + 1));
    const piece = escape ? `\\${char}` : char;
    pieces.push(piece);
    length += piece.length;
    lengthAt.push(length);
    numberAtLineStart = isDigit && (lineStart || numberAtLineStart);
    lineStart = char === "\n" || (lineStart && (char === " " || char === "\t"));
  }
  return { escaped: pieces.join(""), lengthAt };
}

function lastSentenceEnd(text: string, limit: number): number | undefined {
  let end: number | undefined;
  for (const match of text.matchAll(SENTENCE_END)) {
    const after = match.index + match[0].length;
    if (after > limit) break;
    end = after;
  }
  return end;
}

/** A word boundary only helps when it keeps most of the text; one long "word" is cut anywhere. */
function wordBoundary(text: string, limit: number): number {
  const lastSpace = text.slice(0, limit).search(/\s\S*$/);
  return lastSpace > limit * 0.6 ? lastSpace : limit;
}
