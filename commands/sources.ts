import { InteractionContextType, MessageFlags, SlashCommandBuilder } from "discord.js";
import type { Command } from "../src/discord/command.js";
import { sourcesEmbed } from "../src/discord/format.js";
import { NO_MENTIONS } from "../src/discord/mentions.js";

export default {
  data: new SlashCommandBuilder()
    .setName("sources")
    .setDescription("List the documents the bot answers from, with paragraph counts and the index's build time.")
    .setContexts(InteractionContextType.Guild, InteractionContextType.BotDM),

  async execute(interaction, { citebot }) {
    await interaction.reply({ embeds: [sourcesEmbed(citebot.status, citebot.isRebuilding)], flags: MessageFlags.Ephemeral, allowedMentions: NO_MENTIONS });
  },
} satisfies Command;
