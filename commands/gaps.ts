import { InteractionContextType, MessageFlags, PermissionFlagsBits, SlashCommandBuilder } from "discord.js";
import type { Command } from "../src/discord/command.js";
import { CitebotError } from "../src/errors.js";
import { GAPS_ACTION, gapsReply } from "../src/discord/gaps-view.js";
import { NO_MENTIONS } from "../src/discord/mentions.js";
import { requireModerator } from "../src/discord/permissions.js";
import { GAP_PERIODS, isGapPeriod, periodText } from "../src/memory/gaps.js";

export default {
  data: new SlashCommandBuilder()
    .setName("gaps")
    .setDescription("Moderators: the questions the documents did not answer, and the answers voted 👎.")
    .setContexts(InteractionContextType.Guild)
    .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
    .addStringOption((option) =>
      option
        .setName("period")
        .setDescription("How far back to look (default: 7 days)")
        .addChoices(...Object.keys(GAP_PERIODS).filter(isGapPeriod).map((period) => ({ name: periodText(period), value: period }))),
    ),

  async execute(interaction, context) {
    requireModerator(interaction, context.config.MOD_ROLE_IDS, GAPS_ACTION);
    const period = interaction.options.getString("period") ?? "7d";
    if (!isGapPeriod(period)) throw new CitebotError("BAD_INPUT", `There is no period "${period}": choose ${Object.keys(GAP_PERIODS).join(", ")}.`);
    await interaction.reply({ ...gapsReply(context, interaction.guildId, period, 0), flags: MessageFlags.Ephemeral, allowedMentions: NO_MENTIONS });
  },
} satisfies Command;
