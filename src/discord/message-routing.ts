import { ChannelType, type Message } from "discord.js";
import type { ConversationTurn } from "../conversation/follow-up.js";
import { MAX_QUESTION_CHARS } from "../question.js";
import type { BotContext } from "./command.js";
import type { ConversationPlace } from "../memory/conversations.js";
import { looksLikeQuestion } from "./looks-like-question.js";

/** How a message reached the bot, which decides what it is a follow-up of and whether a refusal is said. */
export interface MessageRoute {
  via: "dm" | "mention" | "reply" | "thread" | "forum" | "channel";
  question: string;
  previous: ConversationTurn[];
  /** Where the answered question continues, besides the reply itself. */
  places: ConversationPlace[];
  /** Nobody asked the bot directly (an auto-answer channel or forum): a refusal or a rate limit is logged, not said. */
  quiet: boolean;
}

/** The question in a message for the bot: all of a DM, or a guild message that @-mentions the bot, minus the mention. */
export function questionIn(message: Pick<Message, "content" | "inGuild">, botId: string): string | undefined {
  const mentioned = message.content.includes(`<@${botId}>`) || message.content.includes(`<@!${botId}>`);
  if (message.inGuild() && !mentioned) return undefined;
  return withoutMention(message.content, botId);
}

/**
 * A post whose title asks is answered from the title: the body is background ("I saw it on a
 * banner") whose words would dilute the search. A title such as "PSP question" needs the body.
 */
function forumQuestion(title: string, body: string): string {
  return looksLikeQuestion(title) ? title : `${title}\n${body}`.slice(0, MAX_QUESTION_CHARS);
}

function withoutMention(content: string, botId: string): string {
  return content.replace(new RegExp(`<@!?${botId}>`, "g"), " ").trim();
}

/**
 * Decides whether and how to answer a message; undefined leaves it alone. Without the
 * Message Content intent Discord sends guild messages that do not mention (or ping) the
 * bot with empty text, so those are never routed: there is nothing to read.
 */
export function routeMessage(message: Message, context: Pick<BotContext, "conversations" | "autoAnswer">, botId: string): MessageRoute | undefined {
  const { conversations, autoAnswer } = context;
  const text = withoutMention(message.content, botId);

  if (!message.inGuild()) {
    const place: ConversationPlace = { kind: "dm", userId: message.author.id };
    return { via: "dm", question: text, previous: conversations.previous(place) ?? [], places: [place], quiet: false };
  }
  // A bare mention asks nothing, and answering it would let anyone make the bot post in a channel by pinging it.
  if (text === "") return undefined;
  // A pinging reply carries the bot in its mentions without "<@id>" in the text.
  const addressed = questionIn(message, botId) !== undefined || message.mentions.users.has(botId);

  const repliedTo = message.reference?.messageId;
  const answered = repliedTo === undefined ? undefined : conversations.previous({ kind: "answer", messageId: repliedTo });
  if (answered) return { via: "reply", question: text, previous: answered, places: [], quiet: false };

  const channel = message.channel;
  if (channel.isThread()) {
    const place: ConversationPlace = { kind: "thread", channelId: channel.id };
    const thread = conversations.previous(place);
    if (thread) return { via: "thread", question: text, previous: thread, places: [place], quiet: false };
    // A forum post's first message shares its thread's id.
    const parent = channel.parent;
    if (message.id === channel.id && parent?.type === ChannelType.GuildForum && autoAnswer.has(message.guildId, parent.id)) {
      return { via: "forum", question: forumQuestion(channel.name, text), previous: [], places: [place], quiet: !addressed };
    }
  }
  if (addressed) return { via: "mention", question: text, previous: [], places: [], quiet: false };
  if (autoAnswer.has(message.guildId, channel.id) && looksLikeQuestion(text)) return { via: "channel", question: text, previous: [], places: [], quiet: true };
  return undefined;
}
