import { performance } from "node:perf_hooks";
import type { Message } from "discord.js";
import { isCitebotError } from "../errors.js";
import { admitQuestion } from "./admit-question.js";
import type { BotContext } from "./command.js";
import { reportError } from "./error-handler.js";
import { feedbackButtons } from "./feedback.js";
import { answerEmbed } from "./format.js";
import { NO_MENTIONS_IN_REPLY } from "./mentions.js";
import { routeMessage } from "./message-routing.js";
import { rememberAnswer } from "./remember-answer.js";
import { keepTyping } from "./typing.js";

type MessageContext = Pick<BotContext, "citebot" | "logger" | "rateLimiter" | "answerQueue" | "conversations" | "autoAnswer" | "memory">;

/**
 * Answers DMs, mentions, follow-ups (replies to an answer, messages in a thread the bot
 * answers in) and questions in auto-answer channels like /ask, as a reply to the message.
 */
export function createMessageHandler(context: MessageContext): (message: Message) => Promise<void> {
  return async (message) => {
    // Other bots could loop with us; our own answers come back through the gateway too.
    if (message.author.bot || message.author.id === message.client.user.id) return;
    const route = routeMessage(message, context, message.client.user.id);
    if (route === undefined) return;
    const started = performance.now();
    const logger = context.logger.child({ messageId: message.id, userId: message.author.id, guildId: message.guildId, via: route.via });
    let stopTyping = (): void => undefined;
    let outcome = "answered";
    try {
      const question = admitQuestion(route.question, message.author.id, context.rateLimiter);
      if (!route.quiet) stopTyping = keepTyping(message, logger);
      const answer = await context.answerQueue.run(() => context.citebot.ask(question, { previous: route.previous }));
      if (!answer.answered) {
        outcome = route.quiet ? "refused silently" : "refused";
        if (route.quiet) {
          // In an auto-answer channel a refusal is noise: it is logged and counted for /gaps, not said.
          const place = { requestId: message.id, guildId: message.guildId, channelId: message.channelId, messageId: message.id, userId: message.author.id, ephemeral: false, silent: true };
          rememberAnswer(context.memory, answer, place, logger);
          return;
        }
      }
      // Remembered before sending: a follow-up typed the moment the answer shows must find it.
      context.conversations.remember(route.previous, answer, route.places);
      const sent = await message.reply({ embeds: [answerEmbed(answer, context.citebot.status)], components: [feedbackButtons()], allowedMentions: NO_MENTIONS_IN_REPLY });
      context.conversations.remember(route.previous, answer, [{ kind: "answer", messageId: sent.id }]);
      const place = { requestId: message.id, guildId: message.guildId, channelId: sent.channelId, messageId: sent.id, userId: message.author.id, ephemeral: false };
      rememberAnswer(context.memory, answer, place, logger);
    } catch (error) {
      // Nobody addressed the bot: telling them they typed too much, too fast or too early would be noise.
      if (route.quiet && isCitebotError(error) && error.cause === undefined) {
        outcome = `skipped (${error.code})`;
        return;
      }
      outcome = "failed";
      if (isCitebotError(error) && error.code === "RATE_LIMITED_AGAIN") outcome = "ignored: rate-limited again";
      else await reportError(error, message, logger);
    } finally {
      stopTyping();
      logger.info({ ms: Math.round(performance.now() - started), outcome, followUp: route.previous.length > 0 }, "message done");
    }
  };
}
