import { ConfigError } from "../config.js";
import { isCitebotError } from "../errors.js";

/** Runs a command-line entry point: a known problem prints one clear line, never a stack trace. */
export function runCli(main: () => Promise<void>): void {
  main().catch((error: unknown) => {
    if (error instanceof ConfigError) console.error(error.message);
    else if (isCitebotError(error)) console.error(`error: ${error.userMessage}`);
    else console.error(error);
    process.exitCode = 1;
  });
}
