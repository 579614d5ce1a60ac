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

/** The sentences of a text, each a verbatim (trimmed) substring of it, in order. */
export function splitSentences(text: string): string[] {
  const sentences: string[] = [];
  let pendingFrom = 0;
  let tail = "";
  for (const [start, end] of segmentBounds(text)) {
    const joined = tail + text.slice(start, end);
    tail = joined.slice(-TAIL_CHARS);
    if (TITLE_BEFORE_NAME.test(joined.trimEnd().slice(-TAIL_CHARS))) continue;
    const sentence = text.slice(pendingFrom, end).trim();
    if (sentence) sentences.push(sentence);
    pendingFrom = end;
    tail = "";
  }
  const rest = text.slice(pendingFrom).trim();
  if (rest) sentences.push(rest);
  return sentences;
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
      const space = text.lastIndexOf(" ", windowEnd - 1);
      const cut = space > from ? space + 1 : windowEnd;
      yield [from, cut];
      segmentStart = cut;
    }
    from = segmentStart;
  }
}
