import { validateQuestion } from "../question.js";
import { CitebotError } from "../errors.js";
import type { RateLimiter } from "./rate-limit.js";

/**
 * The checks every question passes before any slow work (or a defer), so their refusals
 * can be private, immediate replies. Returns the question as the pipeline will read it.
 * The rate limit comes first: an empty or overlong question costs a reply too, so it counts.
 */
export function admitQuestion(rawQuestion: string, userId: string, rateLimiter: RateLimiter): string {
  const decision = rateLimiter.take(userId);
  if (!decision.allowed) {
    const seconds = Math.max(1, Math.ceil(decision.retryAfterMs / 1000));
    const allowance = `${rateLimiter.limit} questions every ${Math.round(rateLimiter.windowMs / 1000)} s`;
    throw new CitebotError(decision.toldAlready ? "RATE_LIMITED_AGAIN" : "RATE_LIMITED", `You're asking faster than ${allowance}: try again in ${seconds} s.`);
  }
  return validateQuestion(rawQuestion);
}
