import type { WeightedTerm } from "../answer/coverage.js";
import { isQuestionFrame } from "./follow-up.js";

/**
 * Words carried over from earlier questions set the topic; the follow-up's own words say what
 * is asked. However many words are carried, together they weigh this share of the follow-up's
 * own, so "who had asked about them?" is answered by a sentence about asking, not by the one
 * that already answered the previous question. A follow-up with no words of its own ("when
 * was that?") is searched with the carried words alone.
 */
const CARRIED_SHARE = 0.5;

/** "year" in "in which year?" or "long" in "for how long?" frames a follow-up; the answer states a date, not the word. */
export function ownTerms(asked: readonly WeightedTerm[]): WeightedTerm[] {
  return asked.filter((term) => !isQuestionFrame(term.stem));
}

export function withCarriedTerms(own: readonly WeightedTerm[], carried: readonly WeightedTerm[]): WeightedTerm[] {
  const ownWeight = own.reduce((sum, term) => sum + term.weight, 0);
  const carriedWeight = carried.reduce((sum, term) => sum + term.weight, 0);
  const scale = ownWeight === 0 || carriedWeight === 0 ? 1 : Math.min(1, (CARRIED_SHARE * ownWeight) / carriedWeight);
  return [...own, ...carried.map((term) => ({ ...term, weight: term.weight * scale }))];
}
