import { ChannelType, GatewayDispatchEvents, MessageReferenceType, MessageType, ThreadAutoArchiveDuration } from "discord-api-types/v10";
import type { APIGuildForumChannel, APIMessage, APIThreadChannel } from "discord-api-types/v10";
import { textChannel } from "./fixtures.js";
import { isRecord } from "./guards.js";
import type { DispatchEvent } from "./gateway.js";
import { fail, ok, param, unknownChannel, unknownMessage } from "./route.js";
import type { RestContext, RestRequest, RestResponse, Route, RouteParams } from "./route.js";
import type { MessageInput } from "./types.js";
import type { GuildChannel, World } from "./world.js";

export type GuildForumChannel = APIGuildForumChannel & { guild_id: string };
export type GuildThreadChannel = APIThreadChannel & { guild_id: string; parent_id: string };

/** Discord's limit on a thread's name. */
const THREAD_NAME_MAX = 100;

export function isThread(channel: GuildChannel): channel is GuildThreadChannel {
  return channel.type === ChannelType.PublicThread;
}

export function forumChannel(id: string, guildId: string, name: string, position: number): GuildForumChannel {
  return {
    ...textChannel(id, guildId, name, position),
    type: ChannelType.GuildForum,
    available_tags: [],
    default_reaction_emoji: null,
    default_sort_order: null,
    default_forum_layout: 0,
    default_thread_rate_limit_per_user: 0,
  } as unknown as GuildForumChannel;
}

export function threadChannel(id: string, parent: { id: string; guild_id: string }, name: string, ownerId: string): GuildThreadChannel {
  return {
    id,
    type: ChannelType.PublicThread,
    guild_id: parent.guild_id,
    parent_id: parent.id,
    name,
    owner_id: ownerId,
    last_message_id: null,
    rate_limit_per_user: 0,
    message_count: 0,
    member_count: 1,
    total_message_sent: 0,
    flags: 0,
    thread_metadata: { archived: false, auto_archive_duration: ThreadAutoArchiveDuration.OneDay, archive_timestamp: new Date().toISOString(), locked: false },
  } as unknown as GuildThreadChannel;
}

/** THREAD_CREATE as Discord sends it for a thread that was just made. */
export function threadCreate(thread: GuildThreadChannel): DispatchEvent {
  return { t: GatewayDispatchEvents.ThreadCreate, d: { ...thread, newly_created: true } };
}

/**
 * A user's reply: the reference to the message it answers, and whether it pings that
 * message's author (Discord's default), which is what lets the bot read it without the
 * Message Content intent.
 */
export function replyFields(world: World, input: MessageInput, guildId: string | null): { fields: Partial<APIMessage>; pingsBot: boolean } {
  if (input.replyTo === undefined) return { fields: {}, pingsBot: false };
  const target = world.findMessage(input.replyTo);
  if (target === undefined) throw new Error(`fake-discord: message ${input.replyTo} to reply to does not exist`);
  return {
    fields: {
      type: MessageType.Reply,
      message_reference: { type: MessageReferenceType.Default, message_id: target.id, channel_id: target.channel_id, ...(guildId === null ? {} : { guild_id: guildId }) },
      referenced_message: target,
    },
    pingsBot: (input.pingReply ?? true) && target.author.id === world.botUser.id,
  };
}

/** POST /channels/:channel/messages/:message/threads: the thread takes the message's id, as on Discord. */
function startThreadFromMessage(context: RestContext, request: RestRequest, params: RouteParams): RestResponse {
  const found = context.world.findChannel(param(params, "channel"));
  if (found === undefined || found.guildId === null) return unknownChannel();
  const message = context.world.findMessage(param(params, "message"));
  if (message === undefined || message.channel_id !== found.channel.id) return unknownMessage();
  const name = isRecord(request.body) && typeof request.body["name"] === "string" ? request.body["name"] : "";
  if (name.length === 0 || [...name].length > THREAD_NAME_MAX) {
    return fail(400, 50035, "Invalid Form Body", { name: { _errors: [{ code: "BASE_TYPE_BAD_LENGTH", message: `Must be between 1 and ${THREAD_NAME_MAX} in length.` }] } });
  }
  const guild = context.world.guild(found.guildId);
  if (guild.channels.has(message.id)) return fail(400, 160004, "A thread has already been created for this message");
  const thread = threadChannel(message.id, { id: found.channel.id, guild_id: guild.id }, name, context.world.botUser.id);
  guild.channels.set(thread.id, thread);
  context.broadcast(threadCreate(thread));
  return ok(thread);
}

export const threadRoutes: Route[] = [{ method: "POST", pattern: "/channels/:channel/messages/:message/threads", auth: true, handle: startThreadFromMessage }];
