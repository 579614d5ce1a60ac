const segmenter = new Intl.Segmenter("en", { granularity: "sentence" });

/**
 * ICU's sentence breaker splits after "Dr." and "Mr."; news text is full of titles,
 * so a segment ending in one is joined to the next.
 */
const TITLE_BEFORE_NAME = /(?:^|\s)(?:Dr|Mr|Mrs|Ms|Prof|Gen|Lt|Col|Maj|Capt|Sgt|St|Sen|Rep|Gov|Jr|Sr|No|Vol|vs|Engr)\.\s*$/i;

/**
 * The most text handed to ICU's sentence breaker at once. It is super-linear in its input
 * (measured here: 40 KB of prose 22 ms, 80 KB 98 ms, 190 KB 4.6 s) and linear below a few KB,
 * so longer text is cut first, at the last sentence end inside each piece when there is one.
 */
const SEGMENT_PIECE_CHARS = 4000;

/**
 * The longest evidence unit, and so the longest text the encoder sees for one: a sentence
 * longer than this (a run-on line, text without punctuation) is cut into windows at spaces.
 * The encoder's cost grows with its input, so this is what bounds a question's work. Above the
 * longest sentence of the seed and SQuAD corpora (717 characters), so real prose stays whole.
 */
export const MAX_SENTENCE_CHARS = 1000;

export interface TextSpan {
  start: number;
  end: number;
}

/** The sentences of a text, each a verbatim (trimmed) substring of it, in order. Linear in the text's length. */
export function splitSentences(text: string): string[] {
  return sentenceSpans(text).map(({ start, end }) => text.slice(start, end));
}

/**
 * The evidence units of a paragraph: its sentences, with any longer than MAX_SENTENCE_CHARS
 * cut into consecutive windows at spaces. Each is a verbatim (trimmed) substring, in order.
 */
export function evidenceSpans(text: string): TextSpan[] {
  return sentenceSpans(text).flatMap((span) => (span.end - span.start <= MAX_SENTENCE_CHARS ? [span] : windows(text, span, MAX_SENTENCE_CHARS)));
}

/**
 * ICU's sentences, SEGMENT_PIECE_CHARS at a time. The last segment of a piece may run on past
 * the cut, so it is segmented again with what follows: text of any length splits exactly as
 * it would whole. A piece with no sentence break at all is cut at a space and left pending.
 */
function sentenceSpans(text: string): TextSpan[] {
  const spans: TextSpan[] = [];
  let sentenceStart = 0;
  let start = 0;
  while (start < text.length) {
    const piece = text.slice(start, start + SEGMENT_PIECE_CHARS);
    const isLast = start + piece.length === text.length;
    const segments = [...segmenter.segment(piece)];
    if (!isLast && segments.length <= 1) {
      start += cutAtSpace(piece);
      continue;
    }
    const settled = isLast ? segments : segments.slice(0, -1);
    for (const { segment, index } of settled) {
      // Only the segment's own end can hold a title; testing the whole pending text would be quadratic on "Dr. Dr. Dr. …".
      if (TITLE_BEFORE_NAME.test(segment)) continue;
      const end = start + index + segment.length;
      const sentence = trimmed(text, sentenceStart, end);
      if (sentence) spans.push(sentence);
      sentenceStart = end;
    }
    const lastSettled = settled.at(-1);
    start = isLast || !lastSettled ? text.length : start + lastSettled.index + lastSettled.segment.length;
  }
  const rest = trimmed(text, sentenceStart, text.length);
  if (rest) spans.push(rest);
  return spans;
}

/** Consecutive windows of at most `limit` characters, cut after a space where there is one. */
function windows(text: string, span: TextSpan, limit: number): TextSpan[] {
  const cut: TextSpan[] = [];
  let start = span.start;
  while (start < span.end) {
    const end = span.end - start <= limit ? span.end : start + cutAtSpace(text.slice(start, start + limit));
    const window = trimmed(text, start, end);
    if (window) cut.push(window);
    start = end;
  }
  return cut;
}

/** Length of the prefix of `window` that ends after its last whitespace, or all of it (never splitting a surrogate pair) when it has none. */
function cutAtSpace(window: string): number {
  const lastSpace = window.search(/\s\S*$/);
  if (lastSpace > 0) return lastSpace + 1;
  const last = window.charCodeAt(window.length - 1);
  return last >= 0xd800 && last <= 0xdbff && window.length > 1 ? window.length - 1 : window.length;
}

function trimmed(text: string, start: number, end: number): TextSpan | undefined {
  let from = start;
  let to = end;
  while (from < to && /\s/.test(text.charAt(from))) from += 1;
  while (to > from && /\s/.test(text.charAt(to - 1))) to -= 1;
  return from < to ? { start: from, end: to } : undefined;
}
