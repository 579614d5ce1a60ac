import { readdir } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { commandSchema, type Command } from "./command.js";

/**
 * commands/ sits two levels above this file both in the sources (src/discord/) and in the
 * build (dist/src/discord/ → dist/commands/), and holds files of the same kind as this one.
 */
const COMMANDS_DIR = fileURLToPath(new URL("../../commands/", import.meta.url));
const EXTENSION = path.extname(fileURLToPath(import.meta.url));

/** A commands file that cannot serve; start-up stops with this message, which names the file. */
export class CommandLoadError extends Error {
  override readonly name = "CommandLoadError";
}

export async function loadCommands(directory: string = COMMANDS_DIR): Promise<Map<string, Command>> {
  const files = (await readdir(directory)).filter((file) => file.endsWith(EXTENSION) && !file.endsWith(`.d${EXTENSION}`)).sort();
  const commands = new Map<string, Command>();
  for (const file of files) {
    const command = await loadCommand(path.join(directory, file));
    const clash = commands.get(command.data.name);
    if (clash) throw new CommandLoadError(`${file}: the command name "${command.data.name}" is already used by another file in ${directory}`);
    commands.set(command.data.name, command);
  }
  if (commands.size === 0) throw new CommandLoadError(`no command files (*${EXTENSION}) in ${directory}`);
  return commands;
}

async function loadCommand(file: string): Promise<Command> {
  let module: { default?: unknown };
  try {
    module = (await import(pathToFileURL(file).href)) as { default?: unknown };
  } catch (error) {
    throw new CommandLoadError(`${file}: cannot be loaded (${error instanceof Error ? error.message : String(error)})`, { cause: error });
  }
  const result = commandSchema.safeParse(module.default);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.join(".") || "default export"} ${issue.message}`);
    throw new CommandLoadError(`${file}: the default export must be { data, execute } (${problems.join("; ")})`);
  }
  // zod's parsed copy would lose the builder's prototype (toJSON), so the checked original is kept.
  return module.default as Command;
}
