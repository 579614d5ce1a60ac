const segmenter = new Intl.Segmenter("en", { granularity: "sentence" });

/**
 * ICU's sentence breaker splits after "Dr." and "Mr."; news text is full of titles,
 * so a segment ending in one is joined to the next.
 */
const TITLE_BEFORE_NAME = /(?:^|\s)(?:Dr|Mr|Mrs|Ms|Prof|Gen|Lt|Col|Maj|Capt|Sgt|St|Sen|Rep|Gov|Jr|Sr|No|Vol|vs|Engr)\.\s*$/i;

/** The sentences of a text, each a verbatim (trimmed) substring of it, in order. */
export function splitSentences(text: string): string[] {
  const sentences: string[] = [];
  let pending = "";
  for (const { segment } of segmenter.segment(text)) {
    pending += segment;
    if (TITLE_BEFORE_NAME.test(pending)) continue;
    const trimmed = pending.trim();
    if (trimmed) sentences.push(trimmed);
    pending = "";
  }
  const rest = pending.trim();
  if (rest) sentences.push(rest);
  return sentences;
}
