import { InteractionContextType, MessageFlags, SlashCommandBuilder, type APIEmbed } from "discord.js";
import type { BotConfig } from "../src/config.js";
import type { Command } from "../src/discord/command.js";
import { NO_MENTIONS } from "../src/discord/mentions.js";
import { MESSAGE_CONTENT_OFF_NOTE } from "../src/discord/message-content.js";

function helpEmbed(config: BotConfig): APIEmbed {
  return {
    title: "citebot: answers from the documents, with sources",
    description: [
      "I answer questions only from a fixed set of documents (`/sources` lists them), quoting them rather than making things up. If they don't cover a question, I say so.",
      "",
      "**Ask**",
      "• `/ask question:…` in a channel (add `private:True` to see the answer alone)",
      "• a direct message to me: the whole message is the question",
      "• a mention in a channel: `@citebot your question`",
      "",
      "**Follow-ups**",
      "Reply to one of my answers, or write in the thread `/ask thread:True` opens, and I read your message with the earlier questions (\"when was that?\"); the answer says which question it took as context. In DMs a conversation lasts " +
        `${config.CONVERSATION_TTL_MINUTES} minutes after the last message.`,
      config.MESSAGE_CONTENT_INTENT
        ? "Moderators can have me answer questions in a help channel or forum without a command (`/autoanswer`); there I stay silent when the documents don't cover a question."
        : `Note: ${MESSAGE_CONTENT_OFF_NOTE}`,
      "",
      "**Check an answer**",
      "Every sentence ends with its source, e.g. `[handbook.txt ¶7]`: paragraph 7 of handbook.txt. In a .txt file a paragraph is a non-empty line; in a .md file, a block between blank lines. The Sources field quotes the start of each cited paragraph, so you can find it and read it in full.",
      "",
      "**Tell us how it did**",
      "👍 or 👎 under an answer: only moderators see the votes, in `/gaps`, with the questions I could not answer. If a document an answer cites changes later, the answer gets a note.",
      "",
      "**Limits**",
      `${config.RATE_LIMIT_QUESTIONS} questions per ${config.RATE_LIMIT_WINDOW_SECONDS} s per person. Moderators can rebuild the index with \`/reindex\` after the documents change.`,
    ].join("\n"),
  };
}

export default {
  data: new SlashCommandBuilder()
    .setName("help")
    .setDescription("What the bot does, and how to check its citations.")
    .setContexts(InteractionContextType.Guild, InteractionContextType.BotDM),

  async execute(interaction, { config }) {
    await interaction.reply({ embeds: [helpEmbed(config)], flags: MessageFlags.Ephemeral, allowedMentions: NO_MENTIONS });
  },
} satisfies Command;
