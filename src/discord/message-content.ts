/**
 * Without the privileged Message Content intent Discord blanks the text of guild messages
 * that do not mention the bot. Said once at start-up and in /help, so an operator knows why
 * a thread follow-up without a mention, or an auto-answer channel, gets no answer.
 */
export const MESSAGE_CONTENT_OFF_NOTE =
  "MESSAGE_CONTENT_INTENT is off: follow-ups in threads need a mention or a reply that pings the bot, and /autoanswer channels are not answered (Discord does not deliver their text).";
