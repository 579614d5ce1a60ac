const QUESTION_OPENING = /^(?:who|whom|whose|what|when|where|why|how|which|is|are|was|were|does|do|did|can|could|should|would|will|has|have|had)\b/i;

/**
 * Whether an unaddressed message in an auto-answer channel reads as a question: it asks
 * ("…?") or opens like one. Chat ("thanks!", "lol") is left alone before any search runs.
 */
export function looksLikeQuestion(text: string): boolean {
  const trimmed = text.trim();
  return /\?\s*$/.test(trimmed) || QUESTION_OPENING.test(trimmed);
}
