const segmenter = new Intl.Segmenter("en", { granularity: "sentence" });

/**
 * ICU's sentence breaker splits after "Dr." and "Mr."; news text is full of titles,
 * so a segment ending in one is joined to the next. Only the last few characters are
 * tested: testing the whole joined text made a run of titles ("Mr. Mr. …") quadratic.
 */
const TITLE_BEFORE_NAME = /(?:^|\s)(?:Dr|Mr|Mrs|Ms|Prof|Gen|Lt|Col|Maj|Capt|Sgt|St|Sen|Rep|Gov|Jr|Sr|No|Vol|vs|Engr)\.$/i;
/** Enough of the text before a break to find the title and the space before it. */
const TAIL_CHARS = 64;
/**
 * V8 walks an Intl.Segmenter's segments in time quadratic in the text's length (100 KB
 * 84 ms, 400 KB 3 s), so long text is segmented a window at a time. A window's last
 * segment may be cut short, so the next window starts where it began.
 */
const WINDOW_CHARS = 8192;

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

/** The sentences of a text, each a verbatim (trimmed) substring of it, in order. */
export function splitSentences(text: string): string[] {
  return sentenceSpans(text).map(({ start, end }) => text.slice(start, end));
}

/**
 * The evidence units of a paragraph: its sentences, with any longer than MAX_SENTENCE_CHARS
 * cut into consecutive windows at spaces. Each is a verbatim (trimmed) substring, in order.
 */
export function evidenceSpans(text: string): TextSpan[] {
  return sentenceSpans(text).flatMap((span) => bounded(text, span));
}

/** As evidenceSpans, but a unit per line: the rows of a table, which are not sentences. */
export function lineEvidenceSpans(text: string): TextSpan[] {
  const spans: TextSpan[] = [];
  let start = 0;
  for (const line of text.split("\n")) {
    const span = trimmed(text, start, start + line.length);
    if (span) spans.push(...bounded(text, span));
    start += line.length + 1;
  }
  return spans;
}

/** A span as evidence: whole, or cut into windows when it is too long to quote. */
function bounded(text: string, span: TextSpan): TextSpan[] {
  return span.end - span.start <= MAX_SENTENCE_CHARS ? [span] : windows(text, span, MAX_SENTENCE_CHARS);
}

function sentenceSpans(text: string): TextSpan[] {
  const spans: TextSpan[] = [];
  let pendingFrom = 0;
  let tail = "";
  for (const [start, end] of segmentBounds(text)) {
    const joined = tail + text.slice(start, end);
    tail = joined.slice(-TAIL_CHARS);
    if (TITLE_BEFORE_NAME.test(joined.trimEnd().slice(-TAIL_CHARS))) continue;
    const sentence = trimmed(text, pendingFrom, end);
    if (sentence) spans.push(sentence);
    pendingFrom = end;
    tail = "";
  }
  const rest = trimmed(text, pendingFrom, text.length);
  if (rest) spans.push(rest);
  return spans;
}

/** [start, end) of each ICU sentence segment of the text. A sentence longer than a window ends at the window's last space. */
function* segmentBounds(text: string): Generator<[number, number]> {
  let from = 0;
  while (from < text.length) {
    const windowEnd = Math.min(text.length, from + WINDOW_CHARS);
    const last = windowEnd === text.length;
    let segmentStart = from;
    let emitted = false;
    for (const { index, segment } of segmenter.segment(text.slice(from, windowEnd))) {
      const start = from + index;
      const end = start + segment.length;
      // The window's last segment may continue past it, unless the text ends there.
      if (end === windowEnd && !last) {
        segmentStart = start;
        break;
      }
      yield [start, end];
      emitted = true;
      segmentStart = end;
    }
    if (last) return;
    if (!emitted) {
      // One sentence fills the window: cut it at its last space (or anywhere, with none), so work stays bounded.
      // Searched within the window only: lastIndexOf on the whole text made a text without spaces quadratic.
      const space = text.slice(from, windowEnd).lastIndexOf(" ");
      const cut = space > 0 ? from + space + 1 : windowEnd;
      yield [from, cut];
      segmentStart = cut;
    }
    from = segmentStart;
  }
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
