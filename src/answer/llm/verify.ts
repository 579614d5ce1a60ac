import type { Paragraph } from "../../corpus/paragraphs.js";
import { contentStems, words } from "../../text/terms.js";
import { paragraphKey } from "../../retrieval/retriever.js";
import { citationPlace } from "../citation-text.js";
import { citationLabel, type Answer, type Citation } from "../types.js";
import { parseClaims, type CitedId } from "./claims.js";
import { LLM_REFUSAL, promptIds, SYSTEM_PROMPT } from "./prompt.js";
import { addedLinks, claimSupport, closestSentenceWithShare, SUPPORT_THRESHOLD } from "./support.js";

export interface Verification {
  /** The sentences that survived with their valid ids; undefined when none did. */
  answer: Answer | undefined;
  /** Nothing survived and the model gave the fixed refusal. */
  refused: boolean;
  /** Ids the model wrote that were not among the paragraphs it was given, or whose paragraph shares no content word with the sentence. */
  droppedCitations: number;
  /** Sentences shown to nobody: no valid id left, too little support, a link of their own, or words of the instructions. */
  droppedSentences: number;
}

/**
 * Characters of a reply that are read: an answer of one to three cited sentences is a few
 * hundred, and max_tokens keeps a well-behaved server far below this; a server that ignores
 * it cannot make verification slow.
 */
export const MAX_REPLY_CHARS = 4000;
/** Six words in a row from the instructions is quoting them, not answering. */
const LEAK_SHINGLE = 6;
const instructionShingles = shingles(SYSTEM_PROMPT);

/**
 * Turns the model's text into what may be shown: sentences each supported by paragraphs
 * the model was actually given (see support.ts). Citations and their quotes come from
 * those paragraphs, never from the model's words, so a made-up id or quote cannot reach the reader.
 */
export function verifyGeneratedAnswer(question: string, text: string, given: readonly Paragraph[]): Verification {
  const paragraphs = promptIds(given);
  let droppedCitations = 0;
  let droppedSentences = 0;
  const kept: Array<{ text: string; stems: string[]; cited: Paragraph[] }> = [];
  const stemsOf = memoised((paragraph: Paragraph) => new Set(contentStems(paragraph.text)));
  for (const claim of parseClaims(text.slice(0, MAX_REPLY_CHARS))) {
    const stems = contentStems(claim.text);
    const cited: Paragraph[] = [];
    for (const id of uniqueIds(claim.ids)) {
      const paragraph = paragraphs.get(`${id.file} ¶${id.paragraph}`);
      if (paragraph && stems.some((stem) => stemsOf(paragraph).has(stem))) cited.push(paragraph);
      else droppedCitations += 1;
    }
    if (cited.length === 0 || !isSupported(claim.text, cited) || leaksInstructions(claim.text)) droppedSentences += 1;
    else kept.push({ text: claim.text, stems, cited });
  }
  // A refusal counts only when nothing was answered: "X is so [id]. The rest is not in the documents." is an answer.
  if (kept.length === 0) return { answer: undefined, refused: text.toUpperCase().includes(LLM_REFUSAL), droppedCitations, droppedSentences };

  const citations = new Map<string, Citation>();
  for (const claim of kept) {
    for (const paragraph of claim.cited) {
      const { sentence, share } = closestSentenceWithShare(claim.stems, paragraph.text);
      const score = Math.round(share * 1000) / 1000;
      const key = paragraphKey(paragraph.file, paragraph.paragraph);
      const previous = citations.get(key);
      if (!previous || score > previous.score) citations.set(key, { file: paragraph.file, paragraph: paragraph.paragraph, ...citationPlace(paragraph), quote: sentence, score });
    }
  }
  const answer = kept.map((claim) => `${claim.text} ${claim.cited.map((paragraph) => `[${citationLabel(paragraph)}]`).join(" ")}`).join(" ");
  return { answer: { question, answered: true, answer, citations: [...citations.values()] }, refused: false, droppedCitations, droppedSentences };
}

/** Backed by its cited paragraphs together, and adding no link they lack. */
function isSupported(claim: string, cited: readonly Paragraph[]): boolean {
  const texts = cited.map((paragraph) => paragraph.text);
  return claimSupport(claim, texts).score >= SUPPORT_THRESHOLD && addedLinks(claim, texts).length === 0;
}

function memoised<K, V>(compute: (key: K) => V): (key: K) => V {
  const values = new Map<K, V>();
  return (key) => {
    if (!values.has(key)) values.set(key, compute(key));
    return values.get(key) as V;
  };
}

function uniqueIds(ids: readonly CitedId[]): CitedId[] {
  const seen = new Set<string>();
  return ids.filter((id) => {
    const key = paragraphKey(id.file, id.paragraph);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function leaksInstructions(sentence: string): boolean {
  return [...shingles(sentence)].some((shingle) => instructionShingles.has(shingle));
}

function shingles(text: string): Set<string> {
  const tokens = words(text);
  const result = new Set<string>();
  for (let start = 0; start + LEAK_SHINGLE <= tokens.length; start += 1) result.add(tokens.slice(start, start + LEAK_SHINGLE).join(" "));
  return result;
}
