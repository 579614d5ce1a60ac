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
import { startAnswerThread } from "../src/discord/answer-thread.js";

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
    .addBooleanOption((option) => option.setName("private").setDescription("Show the answer to you only (default: no)"))
    .addBooleanOption((option) => option.setName("thread").setDescription("Answer in a new thread where follow-ups need no mention (default: the server's setting)")),

  async execute(interaction, { citebot, config, logger, rateLimiter, answerQueue, conversations, memory, acknowledged }) {
    const question = admitQuestion(interaction.options.getString("question", true), interaction.user.id, rateLimiter);
    const ephemeral = interaction.options.getBoolean("private") ?? false;
    // Nobody else could read a thread under a private answer.
    const inThread = !ephemeral && (interaction.options.getBoolean("thread") ?? config.ANSWER_IN_THREAD);
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
    const reply = { embeds: [answerEmbed(answer, citebot.status)], components: [feedbackButtons()], allowedMentions: NO_MENTIONS };
    const thread = inThread ? await startAnswerThread(interaction, question, logger) : undefined;
    const asked = { requestId: interaction.id, guildId: interaction.guildId, userId: interaction.user.id, ephemeral };
    if (thread) {
      conversations.remember([], answer, [{ kind: "thread", channelId: thread.id }]);
      const sent = await thread.send(reply);
      rememberAnswer(memory, answer, { ...asked, channelId: thread.id, messageId: sent.id }, logger);
      return;
    }
    const sent = await interaction.editReply(reply);
    if (!ephemeral) conversations.remember([], answer, [{ kind: "answer", messageId: sent.id }]);
    rememberAnswer(memory, answer, { ...asked, channelId: interaction.channelId, messageId: sent.id }, logger);
  },
} satisfies Command;
