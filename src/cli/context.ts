import { Citebot } from "../citebot.js";
import { ConfigError, parsePipelineConfig, readEnvironment, type PipelineConfig } from "../config.js";
import { isCitebotError } from "../errors.js";
import { createLogger, type Logger } from "../logger.js";
import { configuredProviders } from "../providers.js";

export interface CliContext {
  config: PipelineConfig;
  logger: Logger;
}

export function cliContext(): CliContext {
  const config = parsePipelineConfig(readEnvironment());
  return { config, logger: createLogger(config.LOG_LEVEL) };
}

export async function openCitebot({ config, logger }: CliContext): Promise<Citebot> {
  return Citebot.open({ seedsDir: config.SEEDS_DIR, indexDir: config.INDEX_DIR, logger, ...(await configuredProviders(config)) });
}

/** Runs a command-line entry point: a known problem prints one clear line, never a stack trace. */
export function runCli(main: () => Promise<void>): void {
  main().catch((error: unknown) => {
    if (error instanceof ConfigError) console.error(error.message);
    else if (isCitebotError(error)) console.error(`error: ${error.userMessage}`);
    else console.error(error);
    process.exitCode = 1;
  });
}
