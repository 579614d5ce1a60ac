/**
 * The one error type whose message is safe to show a user. Everything else is
 * logged in full and shown only as a generic message with an error id.
 */
export type CitebotErrorCode =
  | "EMPTY_QUESTION"
  | "QUESTION_TOO_LONG"
  | "CORPUS_EMPTY"
  | "REINDEX_RUNNING"
  | "REINDEX_FAILED"
  | "NOT_A_MODERATOR"
  | "GUILD_ONLY"
  | "RATE_LIMITED"
  | "BAD_INPUT"
  | "DATABASE_UNAVAILABLE"
  | "INDEX_BUILDING"
  | "ENCODER_FAILED"
  | "SHUTTING_DOWN";

export class CitebotError extends Error {
  override readonly name = "CitebotError";

  constructor(
    readonly code: CitebotErrorCode,
    readonly userMessage: string,
    options?: { cause?: unknown },
  ) {
    super(`${code}: ${userMessage}`, options);
  }
}

export function isCitebotError(error: unknown): error is CitebotError {
  return error instanceof CitebotError;
}
