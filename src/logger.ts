import { pino, type DestinationStream, type Logger } from "pino";

export type { Logger };

export interface LoggerOptions {
  destination?: DestinationStream;
  /** Values never to write, whatever field or message they turn up in: the configured secrets (see configuredSecrets). */
  secrets?: readonly string[];
}

/**
 * An interaction's token sits in the path of every reply to it (/interactions/<id>/<token>/…,
 * /webhooks/<app>/<token>/…) and lets anyone post as the bot for 15 minutes; discord.js
 * puts that URL on every REST error.
 */
const TOKEN_IN_PATH = /(\/(?:webhooks|interactions)\/\d+\/)[^/\s"'?]+/g;
const BEARER = /(Bearer\s+)[^\s"']+/gi;
/** Secrets shorter than this would redact ordinary words. */
const MIN_SECRET_CHARS = 6;

/**
 * Logs go to stderr so that stdout stays a clean channel for the CLI's JSON. Every line is
 * scrubbed as text just before it is written: secrets by value (as written and as JSON
 * escapes them), tokens in Discord URLs and bearer headers. Request bodies, which hold
 * users' questions and answers, are dropped from errors.
 */
export function createLogger(level: string, options: LoggerOptions = {}): Logger {
  const scrub = scrubber(options.secrets ?? []);
  return pino(
    {
      level,
      redact: {
        paths: ["token", "*.token", "DISCORD_TOKEN", "*.DISCORD_TOKEN", "OPENAI_API_KEY", "*.OPENAI_API_KEY", "requestBody", "*.requestBody", "err.cause.requestBody"],
        censor: "[redacted]",
      },
      hooks: { streamWrite: scrub },
    },
    options.destination ?? pino.destination(2),
  );
}

/** Replaces every secret and token in a log line. */
function scrubber(secrets: readonly string[]): (line: string) => string {
  const forms = [...new Set(secrets.filter((secret) => secret.length >= MIN_SECRET_CHARS).flatMap((secret) => [secret, JSON.stringify(secret).slice(1, -1)]))]
    // Longest first, so a secret containing another is replaced whole.
    .sort((a, b) => b.length - a.length);
  return (line) => {
    let scrubbed = line.replace(TOKEN_IN_PATH, "$1[redacted]").replace(BEARER, "$1[redacted]");
    for (const form of forms) scrubbed = scrubbed.split(form).join("[redacted]");
    return scrubbed;
  };
}
