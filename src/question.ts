import { CitebotError } from "./errors.js";

export const MAX_QUESTION_CHARS = 1000;

/** The question with its whitespace collapsed, or a CitebotError a user can act on. */
export function validateQuestion(question: string): string {
  const trimmed = question.replace(/\s+/g, " ").trim();
  if (trimmed.length === 0) throw new CitebotError("EMPTY_QUESTION", "Please ask a question: the text was empty.");
  if (trimmed.length > MAX_QUESTION_CHARS) {
    throw new CitebotError("QUESTION_TOO_LONG", `Please keep questions under ${MAX_QUESTION_CHARS.toLocaleString("en")} characters (this one has ${trimmed.length.toLocaleString("en")}).`);
  }
  return trimmed;
}
