import { performance } from "node:perf_hooks";
import type { Message } from "discord.js";
import { admitQuestion } from "./admit-question.js";
import type { BotContext } from "./command.js";
import { reportError } from "./error-handler.js";
import { feedbackButtons } from "./feedback.js";
import { answerEmbed } from "./format.js";
import { NO_MENTIONS_IN_REPLY } from "./mentions.js";
import { rememberAnswer } from "./remember-answer.js";
import { keepTyping } from "./typing.js";

/** The question in a message for the bot: all of a DM, or a guild message that @-mentions the bot, minus the mention. */
export function questionIn(message: Pick<Message, "content" | "inGuild">, botId: string): string | undefined {
  const mentioned = message.content.includes(`<@${botId}>`) || message.content.includes(`<@!${botId}>`);
  if (message.inGuild() && !mentioned) return undefined;
  return message.content.replace(new RegExp(`<@!?${botId}>`, "g"), " ").trim();
}

/** Answers DMs and mentions like /ask, as a reply to the message. */
export function createMessageHandler(context: Pick<BotContext, "citebot" | "logger" | "rateLimiter" | "answerQueue" | "memory">): (message: Message) => Promise<void> {
  return async (message) => {
    // Other bots could loop with us; our own answers come back through the gateway too.
    if (message.author.bot || message.author.id === message.client.user.id) return;
    const raw = questionIn(message, message.client.user.id);
    if (raw === undefined) return;
    const started = performance.now();
    const logger = context.logger.child({
      messageId: message.id,
      userId: message.author.id,
      guildId: message.guildId,
      via: message.inGuild() ? "mention" : "dm",
    });
    let stopTyping = (): void => undefined;
    let outcome = "answered";
    try {
      const question = admitQuestion(raw, message.author.id, context.rateLimiter);
      stopTyping = keepTyping(message, logger);
      const answer = await context.answerQueue.run(() => context.citebot.ask(question));
      const sent = await message.reply({ embeds: [answerEmbed(answer, context.citebot.status)], components: [feedbackButtons()], allowedMentions: NO_MENTIONS_IN_REPLY });
      const place = { requestId: message.id, guildId: message.guildId, channelId: sent.channelId, messageId: sent.id, userId: message.author.id, ephemeral: false };
      rememberAnswer(context.memory, answer, place, logger);
      if (!answer.answered) outcome = "refused";
    } catch (error) {
      outcome = "failed";
      await reportError(error, message, logger);
    } finally {
      stopTyping();
    }
    logger.info({ ms: Math.round(performance.now() - started), outcome }, "message done");
  };
}
