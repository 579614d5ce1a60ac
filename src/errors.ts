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
  /** Refused again before the wait the user was told about is over: a public channel need not hear it twice. */
  | "RATE_LIMITED_AGAIN"
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
