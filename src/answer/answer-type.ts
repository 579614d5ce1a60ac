/**
 * What kind of fact a question asks for, when its wording says so. A sentence that cannot
 * hold that kind of fact (a "when" answered without any date) is weaker evidence.
 */
import { acronymAsked, expandsAcronym } from "../text/acronym.js";

export type AnswerType = "time" | "quantity" | "reason" | { expansionOf: string };

const TIME_QUESTION = /^\s*(?:when\b|since when\b|(?:in |on |by )?(?:what|which) (?:year|month|day|date|time)\b)/i;
const QUANTITY_QUESTION = /\bhow (?:many|much|long|old|often)\b/i;
const REASON_QUESTION = /^\s*(?:why\b|how come\b|for what reasons?\b)|\bwhat (?:was|were|is|are) the (?:reasons?|causes?)\b/i;

export function expectedAnswerType(question: string): AnswerType | undefined {
  const acronym = acronymAsked(question);
  if (acronym !== undefined) return { expansionOf: acronym };
  if (TIME_QUESTION.test(question)) return "time";
  if (QUANTITY_QUESTION.test(question)) return "quantity";
  if (REASON_QUESTION.test(question)) return "reason";
  return undefined;
}

const MONTHS = "january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec";
const TIME_EXPRESSION = new RegExp(
  `\\b(?:(?:1[5-9]|20)\\d{2}s?|(?:${MONTHS})\\.?\\s+\\d{1,2}|\\d{1,2}\\s+(?:${MONTHS})|monday|tuesday|wednesday|thursday|friday|saturday|sunday|yesterday|today|tonight|(?:last|next|this) (?:week|month|year)|\\w+ (?:days|weeks|months|years) (?:ago|later|earlier))\\b`,
  "i",
);
const QUANTITY_EXPRESSION = /\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|hundred|thousand|million|billion|dozen|several|few)\b/i;

/** Words that introduce a cause or a motive: a reason is seldom stated without one. */
const REASON_EXPRESSION = /\b(?:because|due to|owing to|as a result|result of|after|following|since|reasons?|caused?|causes|led to|leading to|so that|in order to|differences?|amid|citing)\b/i;

const EXPRESSIONS: Record<Extract<AnswerType, string>, RegExp> = { time: TIME_EXPRESSION, quantity: QUANTITY_EXPRESSION, reason: REASON_EXPRESSION };

export function statesAnswerType(sentence: string, type: AnswerType): boolean {
  return typeof type === "string" ? EXPRESSIONS[type].test(sentence) : expandsAcronym(sentence, type.expansionOf);
}
