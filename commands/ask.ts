import { InteractionContextType, MessageFlags, SlashCommandBuilder } from "discord.js";
import type { AskResult } from "../src/citebot.js";
import { MAX_QUESTION_CHARS } from "../src/question.js";
import { admitQuestion } from "../src/discord/admit-question.js";
import type { Command } from "../src/discord/command.js";
import { feedbackButtons } from "../src/discord/feedback.js";
import { answerEmbed, draftEmbed } from "../src/discord/format.js";
import { NO_MENTIONS } from "../src/discord/mentions.js";
import { rememberAnswer } from "../src/discord/remember-answer.js";
import { ThrottledEdit } from "../src/discord/throttled-edit.js";

/** The pipeline reports partial text at most once a second; editing at that pace stays within Discord's limits. */
const DRAFT_EDIT_MS = 1000;

export default {
  data: new SlashCommandBuilder()
    .setName("ask")
    .setDescription("Ask the documents a question; every sentence of the answer cites its file and paragraph.")
    .setContexts(InteractionContextType.Guild, InteractionContextType.BotDM)
    .addStringOption((option) =>
      option.setName("question").setDescription("What you want to know").setRequired(true).setMaxLength(MAX_QUESTION_CHARS),
    )
    .addBooleanOption((option) => option.setName("private").setDescription("Show the answer to you only (default: no)")),

  async execute(interaction, { citebot, logger, rateLimiter, answerQueue, memory, acknowledged }) {
    const question = admitQuestion(interaction.options.getString("question", true), interaction.user.id, rateLimiter);
    const ephemeral = interaction.options.getBoolean("private") ?? false;
    // Discord forgets an interaction unanswered for 3 s; answering can take longer.
    await interaction.deferReply(ephemeral ? { flags: MessageFlags.Ephemeral } : {});
    acknowledged();
    // Only a configured language model reports partial text; the extractive answer arrives whole.
    // The draft says how far the model has got, never what it wrote: that is shown only once verified.
    const draft = new ThrottledEdit<number>(
      (written) => interaction.editReply({ embeds: [draftEmbed(question, written)], allowedMentions: NO_MENTIONS }),
      DRAFT_EDIT_MS,
      logger,
    );
    let answer: AskResult;
    try {
      answer = await answerQueue.run(() => citebot.ask(question, { onPartial: (text) => draft.update(text.length) }));
    } finally {
      await draft.close();
    }
    const sent = await interaction.editReply({ embeds: [answerEmbed(answer, citebot.status)], components: [feedbackButtons()], allowedMentions: NO_MENTIONS });
    rememberAnswer(
      memory,
      answer,
      { requestId: interaction.id, guildId: interaction.guildId, channelId: interaction.channelId, messageId: sent.id, userId: interaction.user.id, ephemeral },
      logger,
    );
  },
} satisfies Command;
