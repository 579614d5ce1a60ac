import type { ButtonInteraction, ModalSubmitInteraction } from "discord.js";
import { CitebotError } from "../errors.js";
import type { CommandContext } from "./command.js";
import { handleFeedback, isFeedback } from "./feedback.js";
import { isGapsPage, showGapsPage } from "./gaps-view.js";

/** Buttons and modals, routed by the prefix of their custom id. */
export async function handleComponent(interaction: ButtonInteraction | ModalSubmitInteraction, context: CommandContext): Promise<void> {
  if (isFeedback(interaction.customId)) await handleFeedback(interaction, context);
  else if (interaction.isButton() && isGapsPage(interaction.customId)) await showGapsPage(interaction, context);
  else throw new CitebotError("BAD_INPUT", "That button is from an older version of the bot and no longer does anything.");
}
