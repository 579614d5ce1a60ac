/**
 * Past this length a paragraph (a megabyte on one line, say) is read only around its evidence:
 * a question's work must not grow with the size of a document, or one file freezes the bot.
 * Real paragraphs are far shorter, so their answers are untouched.
 */
export const READ_LIMIT = 20_000;

/** Sentences either side of a piece of evidence that stand in for its whole paragraph. */
const NEIGHBOURS = 2;

interface ReadableParagraph {
  text: string;
  sentences: ReadonlyArray<{ text: string }>;
}

export function isOverlong(paragraph: ReadableParagraph): boolean {
  return paragraph.text.length > READ_LIMIT;
}

/** The text paragraph-level measures read for the evidence at these sentence positions. */
export function readingSpan(paragraph: ReadableParagraph, around: Iterable<number>): string {
  if (!isOverlong(paragraph)) return paragraph.text;
  const positions = new Set<number>();
  for (const position of around) {
    for (let near = position - NEIGHBOURS; near <= position + NEIGHBOURS; near += 1) {
      if (near >= 0 && near < paragraph.sentences.length) positions.add(near);
    }
  }
  return [...positions]
    .sort((a, b) => a - b)
    .map((position) => paragraph.sentences[position]?.text ?? "")
    .join(" ");
}

/**
 * In an overlong paragraph, only windows that spell one of the question's stems are weighed:
 * a substring test costs little next to stemming every word of a megabyte.
 */
export function mayState(sentence: string, stems: readonly string[]): boolean {
  const lower = sentence.toLowerCase();
  return stems.some((stem) => lower.includes(stem));
}

/** A document's first line stands as its title; past this length it is body text, and only its start is read as a title. */
const TITLE_LIMIT = 300;

export function asTitle(firstParagraph: string): string {
  return firstParagraph.length > TITLE_LIMIT ? firstParagraph.slice(0, TITLE_LIMIT) : firstParagraph;
}

/**
 * What a chat model is given of each paragraph: an overlong one only around its evidence, so
 * neither the prompt nor the check of every claim against it grows with the document.
 */
export function readableForModel<P extends ReadableParagraph & { file: string; paragraph: number }>(
  paragraphs: readonly P[],
  evidence: ReadonlyArray<{ file: string; paragraph: number; sentence: number }>,
): P[] {
  return paragraphs.flatMap((paragraph) => {
    if (!isOverlong(paragraph)) return [paragraph];
    const around = evidence.filter((unit) => unit.file === paragraph.file && unit.paragraph === paragraph.paragraph).map((unit) => unit.sentence);
    return around.length === 0 ? [] : [{ ...paragraph, text: readingSpan(paragraph, around) }];
  });
}
