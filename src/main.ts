import { ConfigError, configuredSecrets, parseBotConfig, readEnvironment, type BotConfig } from "./config.js";
import { CommandLoadError } from "./discord/command-loader.js";
import { startBot, type RunningBot } from "./discord/bot.js";
import { isCitebotError } from "./errors.js";
import { createLogger } from "./logger.js";

/** A stop that hangs (say, a client stuck reconnecting) must not keep the process alive. */
const SHUTDOWN_TIMEOUT_MS = 10_000;

/** The bot's entry point (npm start). A known start-up problem prints one line naming its cause and exits 1. */
function readConfig(): BotConfig {
  try {
    return parseBotConfig(readEnvironment());
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    console.error(error.message);
    process.exit(1);
  }
}

const config = readConfig();
const logger = createLogger(config.LOG_LEVEL, { secrets: configuredSecrets(config) });
let bot: RunningBot | undefined;

// A promise nobody awaited must not take the bot down for everyone; it is a bug to log and fix.
process.on("unhandledRejection", (reason) => logger.error({ err: reason }, "unhandled promise rejection"));

// Registered before start-up, so a signal while the index builds also ends the process cleanly:
// a build is only made current once complete, so stopping half-way loses nothing.
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    logger.info({ signal }, "shutting down");
    setTimeout(() => {
      logger.error({ timeoutMs: SHUTDOWN_TIMEOUT_MS }, "shutdown took too long; exiting anyway");
      process.exit(1);
    }, SHUTDOWN_TIMEOUT_MS).unref();
    (bot?.stop() ?? Promise.resolve()).then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, "shutdown failed");
        process.exit(1);
      },
    );
  });
}

/** A known start-up problem prints one line naming its cause; anything else is logged in full. Either way the process exits 1. */
function failedToStart(error: unknown): never {
  if (error instanceof ConfigError) console.error(error.message);
  else if (error instanceof CommandLoadError) console.error(`error: ${error.message}`);
  else if (isCitebotError(error)) console.error(`error: ${error.userMessage}`);
  else if (error instanceof Error && "code" in error && error.code === "TokenInvalid") console.error("error: Discord rejected DISCORD_TOKEN (an invalid token).");
  else logger.fatal({ err: error }, "start-up failed");
  process.exit(1);
}

bot = await startBot(config, { logger }).catch(failedToStart);
// Logged in; the index loads or builds in the background, and a corpus that cannot be indexed still ends the process.
const running = bot;
running.indexReady.catch(async (error: unknown) => {
  await running.stop().catch(() => undefined);
  failedToStart(error);
});
