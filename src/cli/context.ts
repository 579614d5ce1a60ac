import { Citebot } from "../citebot.js";
import { configuredSecrets, parsePipelineConfig, readEnvironment, type PipelineConfig } from "../config.js";
import { createLogger, type Logger } from "../logger.js";
import { citebotOptions } from "../providers.js";

export interface CliContext {
  config: PipelineConfig;
  logger: Logger;
}

export function cliContext(): CliContext {
  const config = parsePipelineConfig(readEnvironment());
  return { config, logger: createLogger(config.LOG_LEVEL, { secrets: configuredSecrets(config) }) };
}

export async function openCitebot({ config, logger }: CliContext): Promise<Citebot> {
  return Citebot.open(await citebotOptions(config, logger));
}
