import { ConfigError } from "../config.js";
import { isCitebotError } from "../errors.js";

/** Runs a command-line entry point: a known problem prints one clear line, never a stack trace. */
export function runCli(main: () => Promise<void>): void {
  main().catch((error: unknown) => {
    if (error instanceof ConfigError) console.error(error.message);
    else if (isCitebotError(error)) console.error(`error: ${error.userMessage}`);
    else if (isArgumentError(error)) console.error(`error: ${error.message} (--help lists the options)`);
    else console.error(error);
    process.exitCode = 1;
  });
}

/** node:util parseArgs's complaint about the command line: the user's mistake, not a bug. */
function isArgumentError(error: unknown): error is Error {
  return error instanceof Error && "code" in error && typeof error.code === "string" && error.code.startsWith("ERR_PARSE_ARGS_");
}
