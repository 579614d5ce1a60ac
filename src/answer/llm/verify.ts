import type { Paragraph } from "../../corpus/paragraphs.js";
import { splitSentences } from "../../text/sentences.js";
import { contentStems, words } from "../../text/terms.js";
import { paragraphKey } from "../../retrieval/retriever.js";
import { citationPlace } from "../citation-text.js";
import { citationLabel, type Answer, type Citation } from "../types.js";
import { LLM_REFUSAL, SYSTEM_PROMPT } from "./prompt.js";

export interface Verification {
  /** The sentences that survived with their valid ids; undefined when none did. */
  answer: Answer | undefined;
  /** Nothing survived and the model gave the fixed refusal. */
  refused: boolean;
  /** Ids the model wrote that were not among the paragraphs it was given, or whose paragraph shares no content word with the sentence. */
  droppedCitations: number;
  /** Sentences shown to nobody: no valid id left, or words of the instructions. */
  droppedSentences: number;
}

interface Claim {
  text: string;
  ids: Array<{ file: string; paragraph: number }>;
}

/** A run of bracketed ids ("[a.txt ¶3] [b.txt ¶1]", "[a.txt ¶3; b.txt ¶1]") and the punctuation right after it. */
const CITATION_GROUP = /((?:[ \t,;]*\[[^[\]\n]*?¶[^[\]\n]*?\])+)([.!?]*)/g;
const ID = /([^\s[\];,¶][^[\];,¶]*?)\s*,?\s*¶\s*(\d+)/g;
const SENTENCE_END = /[.!?]["”’)]*$/;
/** After an id, a lower-case word or a comma means the sentence goes on: the id was cited mid-sentence. */
const CONTINUES = /^\s*[\p{Ll}\p{N},;:]/u;
/** Six words in a row from the instructions is quoting them, not answering. */
const LEAK_SHINGLE = 6;
const instructionShingles = shingles(SYSTEM_PROMPT);

/**
 * Turns the model's text into what may be shown: sentences each backed by a paragraph
 * the model was actually given. Citations and their quotes come from those paragraphs,
 * never from the model's words, so a made-up id or quote cannot reach the reader.
 */
export function verifyGeneratedAnswer(question: string, text: string, given: readonly Paragraph[]): Verification {
  const paragraphs = new Map(given.map((paragraph) => [paragraphKey(paragraph.file, paragraph.paragraph), paragraph]));
  let droppedCitations = 0;
  let droppedSentences = 0;
  const kept: Array<{ text: string; stems: Set<string>; cited: Paragraph[] }> = [];
  for (const claim of parseClaims(text)) {
    const stems = new Set(contentStems(claim.text));
    const cited: Paragraph[] = [];
    for (const id of uniqueIds(claim.ids)) {
      const paragraph = paragraphs.get(paragraphKey(id.file, id.paragraph));
      if (paragraph && contentStems(paragraph.text).some((stem) => stems.has(stem))) cited.push(paragraph);
      else droppedCitations += 1;
    }
    if (cited.length === 0 || leaksInstructions(claim.text)) droppedSentences += 1;
    else kept.push({ text: claim.text, stems, cited });
  }
  // A refusal counts only when nothing was answered: "X is so [id]. The rest is not in the documents." is an answer.
  if (kept.length === 0) return { answer: undefined, refused: text.toUpperCase().includes(LLM_REFUSAL), droppedCitations, droppedSentences };

  const citations = new Map<string, Citation>();
  for (const claim of kept) {
    for (const paragraph of claim.cited) {
      const support = bestSupport(claim.stems, paragraph.text);
      const key = paragraphKey(paragraph.file, paragraph.paragraph);
      const previous = citations.get(key);
      if (!previous || support.score > previous.score) citations.set(key, { file: paragraph.file, paragraph: paragraph.paragraph, ...citationPlace(paragraph), ...support });
    }
  }
  const answer = kept.map((claim) => `${claim.text} ${claim.cited.map((paragraph) => `[${citationLabel(paragraph)}]`).join(" ")}`).join(" ");
  return { answer: { question, answered: true, answer, citations: [...citations.values()] }, refused: false, droppedCitations, droppedSentences };
}

/** The model's sentences, each with the ids written after it; a sentence followed by none gets an empty list. */
export function parseClaims(text: string): Claim[] {
  const claims: Claim[] = [];
  let pendingText = "";
  let pendingIds: Claim["ids"] = [];
  let from = 0;
  for (const match of text.matchAll(CITATION_GROUP)) {
    const [whole, group = "", punctuation = ""] = match;
    pendingText += text.slice(from, match.index);
    from = match.index + whole.length;
    const ids = [...group.matchAll(ID)].map(([, file = "", paragraph = ""]) => ({ file: file.trim(), paragraph: Number(paragraph) }));
    if (ids.length === 0) {
      pendingText += whole;
      continue;
    }
    pendingIds.push(...ids);
    if (punctuation === "" && !SENTENCE_END.test(pendingText.trimEnd()) && CONTINUES.test(text.slice(from))) continue;
    closeClaims(claims, pendingText, pendingIds, punctuation);
    pendingText = "";
    pendingIds = [];
  }
  closeClaims(claims, pendingText + text.slice(from), pendingIds, "");
  return claims;
}

/** The ids belong to the last sentence of the text before them; earlier sentences there were left uncited. */
function closeClaims(claims: Claim[], body: string, ids: Claim["ids"], punctuation: string): void {
  const sentences = splitSentences(body).filter((sentence) => words(sentence).length > 0);
  const last = sentences.pop();
  for (const sentence of sentences) claims.push({ text: sentence, ids: [] });
  if (last === undefined) {
    // Ids after ids ("… [a ¶1]. [b ¶2].") still belong to the sentence before.
    const previous = claims.at(-1);
    if (previous) previous.ids.push(...ids);
    else if (ids.length > 0) claims.push({ text: "", ids });
    return;
  }
  const text = SENTENCE_END.test(last) ? last : `${last}${punctuation || "."}`;
  claims.push({ text, ids });
}

function uniqueIds(ids: Claim["ids"]): Claim["ids"] {
  const seen = new Set<string>();
  return ids.filter((id) => {
    const key = paragraphKey(id.file, id.paragraph);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The paragraph sentence sharing the largest share of the claim's content words (its distinct stems); the first sentence when none shares any. */
function bestSupport(claimStems: ReadonlySet<string>, paragraph: string): { quote: string; score: number } {
  const sentences = splitSentences(paragraph);
  let best = { quote: sentences[0] ?? paragraph, score: 0 };
  for (const sentence of sentences) {
    const stems = new Set(contentStems(sentence));
    const score = claimStems.size === 0 ? 0 : [...claimStems].filter((stem) => stems.has(stem)).length / claimStems.size;
    if (score > best.score) best = { quote: sentence, score };
  }
  return { quote: best.quote, score: Math.round(best.score * 1000) / 1000 };
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
