import { ThreadAutoArchiveDuration, type ChatInputCommandInteraction, type ThreadChannel } from "discord.js";
import type { Logger } from "../logger.js";
import { NO_MENTIONS } from "./mentions.js";
import { safeMarkdown } from "./safe-markdown.js";
import { clampText } from "./text-limits.js";

/** Discord's limit on a thread's name. */
const THREAD_NAME_CHARS = 100;
/** The question as the channel sees it above the thread; the full text is the answer's title. */
const POINTER_QUESTION_CHARS = 1500;

/**
 * Turns a deferred /ask reply into the start of a public thread named after the question,
 * where the answer and its follow-ups go. Undefined, with the reason logged, where there can
 * be no thread (a DM, a thread already, missing permissions): the answer then stays in the reply.
 */
export async function startAnswerThread(interaction: ChatInputCommandInteraction, question: string, logger: Logger): Promise<ThreadChannel | undefined> {
  const channel = interaction.channel;
  if (!interaction.inGuild() || channel === null || channel.isThread() || !("threads" in channel)) {
    logger.debug({ channelType: channel?.type }, "no thread possible here; answering in the reply");
    return undefined;
  }
  try {
    const reply = await interaction.editReply({ content: `**Q:** ${safeMarkdown(question, POINTER_QUESTION_CHARS)}\nAnswered in the thread.`, embeds: [], allowedMentions: NO_MENTIONS });
    return await reply.startThread({ name: clampText(question, THREAD_NAME_CHARS), autoArchiveDuration: ThreadAutoArchiveDuration.OneDay });
  } catch (error) {
    logger.warn({ err: error }, "could not start a thread; answering in the reply");
    return undefined;
  }
}
