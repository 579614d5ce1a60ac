import type { MessageMentionOptions } from "discord.js";

/** Answers quote documents and echo questions: neither may ever ping @everyone, a role or a user. */
export const NO_MENTIONS: MessageMentionOptions = { parse: [] };

/** For message replies, which would otherwise ping the person asked. */
export const NO_MENTIONS_IN_REPLY: MessageMentionOptions = { parse: [], repliedUser: false };
