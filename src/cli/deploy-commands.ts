import { DiscordAPIError, REST, Routes } from "discord.js";
import { parseDeployConfig, readEnvironment } from "../config.js";
import { CommandLoadError, loadCommands } from "../discord/command-loader.js";
import { CitebotError } from "../errors.js";
import { runCli } from "./run.js";

/**
 * npm run deploy-commands: registers the bot's slash commands, replacing whatever was
 * registered before. A guild registration shows at once (for development); a global one
 * can take Discord up to an hour to show everywhere.
 */
runCli(async () => {
  const config = parseDeployConfig(readEnvironment());
  const commands = [...(await loadCommands().catch(asOperatorError)).values()];
  const rest = new REST(config.DISCORD_API_BASE === undefined ? {} : { api: config.DISCORD_API_BASE }).setToken(config.DISCORD_TOKEN);
  const route =
    config.DISCORD_GUILD_ID === undefined
      ? Routes.applicationCommands(config.DISCORD_CLIENT_ID)
      : Routes.applicationGuildCommands(config.DISCORD_CLIENT_ID, config.DISCORD_GUILD_ID);
  await rest.put(route, { body: commands.map((command) => command.data.toJSON()) }).catch(asOperatorError);
  const names = commands.map((command) => `/${command.data.name}`).join(", ");
  const scope = config.DISCORD_GUILD_ID === undefined ? "globally (Discord may take up to an hour to show them)" : `to guild ${config.DISCORD_GUILD_ID} (available now)`;
  console.log(`Registered ${commands.length} commands ${scope}: ${names}`);
});

/** Known failures become one line for the operator (see runCli); anything else keeps its stack. */
function asOperatorError(error: unknown): never {
  if (error instanceof CommandLoadError) throw new CitebotError("BAD_INPUT", error.message, { cause: error });
  if (error instanceof DiscordAPIError) throw new CitebotError("BAD_INPUT", `Discord refused the commands (${error.status} ${error.code}): ${error.message}`, { cause: error });
  throw error;
}
