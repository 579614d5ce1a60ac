import { performance } from "node:perf_hooks";
import type { Interaction } from "discord.js";
import { CitebotError } from "../errors.js";
import type { BotContext, Command } from "./command.js";
import { handleComponent } from "./components.js";
import { reportError } from "./error-handler.js";

/** Runs the command an interaction names, or the button or modal it comes from; whatever happens, the user gets a reply (see reportError). */
export function createInteractionHandler(commands: ReadonlyMap<string, Command>, context: BotContext): (interaction: Interaction) => Promise<void> {
  return async (interaction) => {
    if (!interaction.isChatInputCommand() && !interaction.isButton() && !interaction.isModalSubmit()) return;
    const acknowledged = context.answerQueue.holdUntilAcknowledged();
    const started = performance.now();
    const logger = context.logger.child({
      interactionId: interaction.id,
      userId: interaction.user.id,
      guildId: interaction.guildId,
      ...(interaction.isChatInputCommand() ? { command: interaction.commandName } : { customId: interaction.customId }),
    });
    // Time from Discord creating the interaction to us seeing it: gateway and event-loop delay.
    logger.debug({ receivedAfterMs: Date.now() - interaction.createdTimestamp }, "interaction received");
    let outcome = "handled";
    try {
      if (!interaction.isChatInputCommand()) {
        await handleComponent(interaction, { ...context, logger, acknowledged });
      } else {
        const command = commands.get(interaction.commandName);
        if (!command) throw new CitebotError("BAD_INPUT", `I don't know /${interaction.commandName}: the registered commands are out of date (npm run deploy-commands).`);
        await command.execute(interaction, { ...context, logger, acknowledged });
      }
    } catch (error) {
      outcome = "failed";
      await reportError(error, interaction, logger);
    } finally {
      acknowledged();
    }
    logger.info({ ms: Math.round(performance.now() - started), outcome }, "interaction done");
  };
}
