import { randomBytes } from "node:crypto";
import { MessageFlags, type Message, type RepliableInteraction } from "discord.js";
import { isCitebotError } from "../errors.js";
import type { Logger } from "../logger.js";
import { NO_MENTIONS, NO_MENTIONS_IN_REPLY } from "./mentions.js";
import { clampText, DISCORD_LIMITS } from "./text-limits.js";

export type ErrorTarget = RepliableInteraction | Message;

/**
 * The one place a failed handler ends: the user always hears back, and the log holds the
 * details under an id the user can quote. A CitebotError is an expected refusal whose
 * message is written for users; one with a cause (a failed rebuild) also gets the id.
 * Never throws: a reply that cannot be sent is logged.
 */
export async function reportError(error: unknown, target: ErrorTarget, logger: Logger): Promise<void> {
  const errorId = randomBytes(4).toString("hex");
  let text: string;
  if (isCitebotError(error)) {
    const detailed = error.cause !== undefined;
    text = detailed ? `${error.userMessage} (error id ${errorId})` : error.userMessage;
    if (detailed) logger.error({ errorId, code: error.code, err: error.cause }, error.userMessage);
    else logger.info({ errorId, code: error.code }, error.userMessage);
  } else {
    text = `Something went wrong while handling that. Please try again; if it keeps happening, tell the bot's operator (error id ${errorId}).`;
    logger.error({ errorId, err: error }, "handler failed");
  }
  try {
    await tell(target, clampText(text, DISCORD_LIMITS.content));
  } catch (sendError) {
    logger.error({ errorId, err: sendError }, "could not tell the user about an error");
  }
}

async function tell(target: ErrorTarget, content: string): Promise<void> {
  if (!("isRepliable" in target)) {
    await target.reply({ content, allowedMentions: NO_MENTIONS_IN_REPLY });
    return;
  }
  // A deferred reply shows "thinking…" until edited; anything else gets a reply only the user sees.
  if (target.deferred) await target.editReply({ content, embeds: [], allowedMentions: NO_MENTIONS });
  else if (target.replied) await target.followUp({ content, flags: MessageFlags.Ephemeral, allowedMentions: NO_MENTIONS });
  else await target.reply({ content, flags: MessageFlags.Ephemeral, allowedMentions: NO_MENTIONS });
}
