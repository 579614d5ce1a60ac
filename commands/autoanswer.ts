import { ChannelType, InteractionContextType, MessageFlags, PermissionFlagsBits, SlashCommandBuilder } from "discord.js";
import type { Command } from "../src/discord/command.js";
import { NO_MENTIONS } from "../src/discord/mentions.js";
import { MESSAGE_CONTENT_OFF_NOTE } from "../src/discord/message-content.js";
import { requireModerator } from "../src/discord/permissions.js";

/** Where posts are questions to a help desk: text channels, announcement channels and forums. */
const ANSWERABLE_CHANNELS = [ChannelType.GuildText, ChannelType.GuildAnnouncement, ChannelType.GuildForum] as const;

export default {
  data: new SlashCommandBuilder()
    .setName("autoanswer")
    .setDescription("Moderators: answer questions in a help channel or forum without a command (silent when not covered).")
    .setContexts(InteractionContextType.Guild)
    .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild)
    .addSubcommand((sub) =>
      sub
        .setName("add")
        .setDescription("Answer questions posted in this channel or forum.")
        .addChannelOption((option) => option.setName("channel").setDescription("A text channel or forum").setRequired(true).addChannelTypes(...ANSWERABLE_CHANNELS)),
    )
    .addSubcommand((sub) =>
      sub
        .setName("remove")
        .setDescription("Stop answering in this channel or forum without a command.")
        .addChannelOption((option) => option.setName("channel").setDescription("A text channel or forum").setRequired(true).addChannelTypes(...ANSWERABLE_CHANNELS)),
    )
    .addSubcommand((sub) => sub.setName("list").setDescription("The channels and forums answered without a command.")),

  async execute(interaction, { config, autoAnswer }) {
    requireModerator(interaction, config.MOD_ROLE_IDS, "choose the channels answered without a command");
    const { guildId } = interaction;
    const subcommand = interaction.options.getSubcommand(true);
    const intentNote = config.MESSAGE_CONTENT_INTENT ? "" : `\n⚠️ ${MESSAGE_CONTENT_OFF_NOTE}`;
    let content: string;
    if (subcommand === "list") {
      const channels = autoAnswer.list(guildId);
      content = channels.length === 0 ? "No channel is answered without a command. Add one with `/autoanswer add`." : `Answered without a command: ${channels.map((id) => `<#${id}>`).join(", ")}`;
    } else {
      const channel = interaction.options.getChannel("channel", true, [...ANSWERABLE_CHANNELS]);
      if (subcommand === "add") {
        const added = autoAnswer.add(guildId, channel.id);
        content = added
          ? `I'll answer questions in <#${channel.id}> without a command, and stay silent when the documents don't cover them.`
          : `<#${channel.id}> is already answered without a command.`;
      } else {
        const removed = autoAnswer.remove(guildId, channel.id);
        content = removed ? `I no longer answer in <#${channel.id}> without a command.` : `<#${channel.id}> was not answered without a command.`;
      }
    }
    await interaction.reply({ content: `${content}${intentNote}`, flags: MessageFlags.Ephemeral, allowedMentions: NO_MENTIONS });
  },
} satisfies Command;
