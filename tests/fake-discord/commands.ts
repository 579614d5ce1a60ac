import { ApplicationCommandOptionType, ApplicationCommandType } from "discord-api-types/v10";
import type { APIApplicationCommand, APIApplicationCommandOption } from "discord-api-types/v10";
import { isRecord } from "./guards.js";
import { snowflake } from "./ids.js";

interface CommandError {
  path: Array<string | number>;
  message: string;
}

// Discord's rules for chat input commands; the ones a hand-written definition most often breaks.
const NAME = /^[-_\p{L}\p{N}]{1,32}$/u;
const DESCRIPTION_MAX = 100;
const OPTIONS_MAX = 25;
const CHOICES_MAX = 25;
const SUBCOMMAND_TYPES: ReadonlySet<unknown> = new Set([
  ApplicationCommandOptionType.Subcommand,
  ApplicationCommandOptionType.SubcommandGroup,
]);

function checkNameAndDescription(value: Record<string, unknown>, path: Array<string | number>, errors: CommandError[]): void {
  const name = value["name"];
  if (typeof name !== "string" || !NAME.test(name) || name !== name.toLowerCase()) {
    errors.push({ path: [...path, "name"], message: `Invalid name ${JSON.stringify(name)}: 1-32 lowercase letters, digits, - or _` });
  }
  const description = value["description"];
  if (typeof description !== "string" || description.length === 0 || description.length > DESCRIPTION_MAX) {
    errors.push({ path: [...path, "description"], message: `Must be between 1 and ${DESCRIPTION_MAX} in length.` });
  }
}

function checkOptions(options: unknown, path: Array<string | number>, errors: CommandError[]): void {
  if (options === undefined) return;
  if (!Array.isArray(options) || options.length > OPTIONS_MAX) {
    errors.push({ path, message: `Must be an array of at most ${OPTIONS_MAX} options.` });
    return;
  }
  let sawOptional = false;
  for (const [index, option] of options.entries()) {
    const optionPath = [...path, index];
    if (!isRecord(option)) {
      errors.push({ path: optionPath, message: "Must be an object." });
      continue;
    }
    checkNameAndDescription(option, optionPath, errors);
    if (option["required"] === true && sawOptional) {
      errors.push({ path: [...optionPath, "required"], message: "Required options must be placed before non-required options" });
    }
    sawOptional ||= option["required"] !== true && !SUBCOMMAND_TYPES.has(option["type"]);
    const choices = option["choices"];
    if (Array.isArray(choices) && choices.length > CHOICES_MAX) {
      errors.push({ path: [...optionPath, "choices"], message: `Must be ${CHOICES_MAX} or fewer in length.` });
    }
    if (SUBCOMMAND_TYPES.has(option["type"])) checkOptions(option["options"], [...optionPath, "options"], errors);
  }
}

/** Problems Discord would report for a bulk-overwrite body, as readable "path: message" lines. */
export function commandListErrors(body: unknown): string[] {
  if (!Array.isArray(body)) return ["body: Must be an array of commands."];
  const errors: CommandError[] = [];
  const seen = new Set<string>();
  for (const [index, command] of body.entries()) {
    if (!isRecord(command)) {
      errors.push({ path: [index], message: "Must be an object." });
      continue;
    }
    const type = command["type"] ?? ApplicationCommandType.ChatInput;
    if (type === ApplicationCommandType.ChatInput) {
      checkNameAndDescription(command, [index], errors);
      checkOptions(command["options"], [index, "options"], errors);
    }
    const key = `${String(type)}:${String(command["name"])}`;
    if (seen.has(key)) errors.push({ path: [index, "name"], message: "Application command names must be unique" });
    seen.add(key);
  }
  return errors.map((error) => `${error.path.join(".")}: ${error.message}`);
}

/** What Discord answers: the definitions with ids, stable across re-registrations of the same name. */
export function registeredCommands(
  body: readonly unknown[],
  applicationId: string,
  guildId: string | null,
  previous: readonly APIApplicationCommand[],
): APIApplicationCommand[] {
  return body.filter(isRecord).map((command) => {
    const type = typeof command["type"] === "number" ? command["type"] : ApplicationCommandType.ChatInput;
    const name = String(command["name"]);
    const description = command["description"];
    const permissions = command["default_member_permissions"];
    const existing = previous.find((candidate) => candidate.name === name && candidate.type === type);
    return {
      id: existing?.id ?? snowflake(),
      application_id: applicationId,
      ...(guildId === null ? {} : { guild_id: guildId }),
      type,
      name,
      description: typeof description === "string" ? description : "",
      // Echoed as sent; checkOptions vetted the parts Discord validates.
      ...(Array.isArray(command["options"]) ? { options: command["options"] as APIApplicationCommandOption[] } : {}),
      default_member_permissions: typeof permissions === "string" ? permissions : null,
      nsfw: command["nsfw"] === true,
      version: snowflake(),
    };
  });
}
