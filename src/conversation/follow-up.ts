import { expectedAnswerType, type AnswerType } from "../answer/answer-type.js";
import { contentStems, isStopword, stemOf, words } from "../text/terms.js";

/** A paragraph an earlier answer cited. */
export interface ParagraphRef {
  file: string;
  paragraph: number;
}

/** A paragraph an earlier answer cited, with the sentence it quoted from it when known. */
export interface CitedRef extends ParagraphRef {
  quote?: string;
}

/** The sentences earlier answers quoted, where known. */
export function quotesOf(cited: readonly CitedRef[]): string[] {
  return cited.flatMap((ref) => (ref.quote === undefined ? [] : [ref.quote]));
}

/** An earlier question of the same conversation and what its answer cited. */
export interface ConversationTurn {
  question: string;
  cited: readonly CitedRef[];
}

/** How a follow-up is searched for once the conversation has filled in what it leaves out. */
export interface FollowUpQuery {
  /** The follow-up with the carried words appended: what is embedded and searched. */
  searchText: string;
  /** Words carried over from the earlier questions, weighed below the follow-up's own. */
  carriedText: string;
  /** The earlier questions the carried words come from, newest first: the answer names them. */
  contextQuestions: string[];
  /** Paragraphs those questions' answers cited: still candidates when the search misses them. */
  cited: CitedRef[];
  answerType: AnswerType | undefined;
  /** Whether the follow-up names nothing of its own ("when was that?"): then the kind of fact it asks for is all it asks. */
  asksOnlyForType: boolean;
}

/** Only the latest few questions: a conversation drifts, and older words would outvote the new ones. */
export const MAX_CONTEXT_TURNS = 3;
/** A question with this few content words ("When?", "For how long?") cannot be searched alone. */
const SHORT_QUESTION_WORDS = 2;

/** Words that point back at something said earlier. "one" as in "the London one". */
const REFERRING = /\b(?:it|its|itself|that|this|these|those|they|them|their|theirs|he|him|his|himself|she|her|hers|herself|there|then|same|other|else|one)\b/i;
/** Openings that continue the previous question rather than start a new one ("and the sectors?", "what about…"). */
const CONTINUATION = /^\s*(?:and|but|also|so|then|or|what about|how about)\b/i;
/**
 * Words that frame a question ("how long", "on which day", "what happened") name nothing the
 * answer states, so they are never carried over nor required. Stems; the time and quantity
 * words are those answer-type.ts reads as asking for a date or a number.
 */
const QUESTION_FRAME = new Set(["how", "why", "which", "long", "many", "much", "often", "year", "month", "day", "date", "time", "happened", "else", "mean"].map(stemOf));

export function isQuestionFrame(stem: string): boolean {
  return QUESTION_FRAME.has(stem);
}

/** Whether a question leans on the one before it: a pronoun, a continuation, or too few words to stand alone. */
export function leansOnContext(question: string): boolean {
  return REFERRING.test(question) || CONTINUATION.test(question) || contentStems(question).length <= SHORT_QUESTION_WORDS;
}

/**
 * Resolves a follow-up offline, without a language model: when it leans on the conversation,
 * the content words of the latest question (and of the one that question leaned on, and so
 * on, up to MAX_CONTEXT_TURNS) are searched for with it, and the paragraphs their answers
 * cited stay candidates. A question that stands on its own is left alone (undefined).
 */
export function resolveFollowUp(question: string, previous: readonly ConversationTurn[]): FollowUpQuery | undefined {
  if (previous.length === 0 || !leansOnContext(question)) return undefined;
  const context: ConversationTurn[] = [];
  for (const turn of [...previous].reverse().slice(0, MAX_CONTEXT_TURNS)) {
    context.push(turn);
    if (!leansOnContext(turn.question)) break;
  }
  const own = new Set(contentStems(question).filter((stem) => !isQuestionFrame(stem)));
  const carried: string[] = [];
  const seen = new Set<string>();
  for (const turn of context) {
    for (const word of words(turn.question)) {
      if (isStopword(word) || contentStems(word).some(isQuestionFrame) || seen.has(word)) continue;
      seen.add(word);
      if (!contentStems(word).some((stem) => own.has(stem))) carried.push(word);
    }
  }
  if (carried.length === 0) return undefined;
  const carriedText = carried.join(" ");
  const newest = context[0];
  const answerType = expectedAnswerType(question) ?? (CONTINUATION.test(question) && newest ? expectedAnswerType(newest.question) : undefined);
  return {
    searchText: `${question} ${carriedText}`,
    carriedText,
    contextQuestions: context.map((turn) => turn.question),
    cited: context.flatMap((turn) => turn.cited),
    // "And the other faction?" asks what the previous question asked, about something else.
    answerType,
    asksOnlyForType: answerType !== undefined && own.size === 0,
  };
}
