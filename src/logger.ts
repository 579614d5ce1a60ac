import { pino, type DestinationStream, type Logger } from "pino";

export type { Logger };

/**
 * Logs go to stderr so that stdout stays a clean channel for the CLI's JSON.
 * The token is redacted wherever a careless caller might pass a config object.
 */
export function createLogger(level: string, destination: DestinationStream = pino.destination(2)): Logger {
  return pino(
    {
      level,
      redact: { paths: ["token", "*.token", "DISCORD_TOKEN", "*.DISCORD_TOKEN", "OPENAI_API_KEY", "*.OPENAI_API_KEY"], censor: "[redacted]" },
    },
    destination,
  );
}
