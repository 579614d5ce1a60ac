import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ChannelType,
  GatewayDispatchEvents,
  GatewayIntentBits,
  InteractionContextType,
  InteractionType,
  MessageType,
} from "discord-api-types/v10";
import type {
  APIApplicationCommandInteractionDataBasicOption,
  APIApplicationCommandInteractionDataOption,
  APIChatInputApplicationCommandInteraction,
  APIInteractionDataResolvedChannel,
  APIMessage,
  GatewayMessageCreateDispatchData,
} from "discord-api-types/v10";
import {
  apiUser,
  APPLICATION_FLAGS,
  ATTACHMENT_SIZE_LIMIT,
  authorizingOwners,
  DEFAULT_MEMBER_PERMISSIONS,
  guildCreate,
  guildMember,
  LOCALE,
  memberWithoutUser,
} from "./fixtures.js";
import type { DispatchEvent, Handshake, HandshakeRequest } from "./gateway.js";
import { isThread, replyFields } from "./threads.js";
import { secretToken, snowflake } from "./ids.js";
import type { FakeUser, MessageInput, SlashCommandInput, SlashCommandOption } from "./types.js";
import type { World } from "./world.js";

/** What the bot itself may do where it is invoked; generous, so permission checks on the bot pass. */
const APP_PERMISSIONS = DEFAULT_MEMBER_PERMISSIONS;

export interface PreparedEvent<Payload> {
  /** Announcements the client needs first (new channels, roles) so its caches match Discord's. */
  prelude: DispatchEvent[];
  payload: Payload;
  channelId: string;
  guildId: string | null;
  user: FakeUser;
}

/** READY lists every guild as unavailable; the GUILD_CREATEs that follow fill them in. */
export function handshakeFor(world: World, request: HandshakeRequest): Handshake {
  return {
    ready: {
      v: 10,
      user: { ...apiUser(world.botUser), verified: true, mfa_enabled: false },
      guilds: [...world.guilds.keys()].map((id) => ({ id, unavailable: true })),
      session_id: request.sessionId,
      resume_gateway_url: request.resumeGatewayUrl,
      shard: request.shard,
      application: { id: world.applicationId, flags: APPLICATION_FLAGS, flags_new: String(APPLICATION_FLAGS) },
    },
    guilds: [...world.guilds.values()].map((guild) =>
      guildCreate(
        {
          id: guild.id,
          ownerId: guild.ownerId,
          channels: [...guild.channels.values()].filter((channel) => !isThread(channel)),
          roles: [...guild.roles.values()],
          botMember: guild.botMember,
        },
        world.joinedAt,
      ),
    ),
  };
}

function commandOption(option: SlashCommandOption): APIApplicationCommandInteractionDataOption {
  if (option.type === ApplicationCommandOptionType.Subcommand) return { name: option.name, type: option.type, options: (option.options ?? []).map(basicOption) };
  return basicOption(option);
}

function basicOption({ name, type, value }: SlashCommandOption): APIApplicationCommandInteractionDataBasicOption {
  if (type === ApplicationCommandOptionType.Channel && typeof value === "string") return { name, type, value };
  if (type === ApplicationCommandOptionType.String && typeof value === "string") return { name, type, value };
  if (type === ApplicationCommandOptionType.Integer && Number.isInteger(value)) return { name, type, value: Number(value) };
  if (type === ApplicationCommandOptionType.Number && typeof value === "number") return { name, type, value };
  if (type === ApplicationCommandOptionType.Boolean && typeof value === "boolean") return { name, type, value };
  throw new Error(
    `fake-discord: option "${name}" has type ${type} and value ${JSON.stringify(value)}; ` +
      "only Subcommand (1), String (3), Integer (4), Boolean (5), Channel (7) and Number (10) options with matching values are supported",
  );
}

/** Discord sends the channels a command's options name, so the client need not look them up. */
function resolvedChannels(world: World, options: readonly SlashCommandOption[]): { resolved?: { channels: Record<string, APIInteractionDataResolvedChannel> } } {
  const named = options.flatMap((option) => [option, ...(option.options ?? [])]).filter((option) => option.type === ApplicationCommandOptionType.Channel);
  if (named.length === 0) return {};
  const channels: Record<string, APIInteractionDataResolvedChannel> = {};
  for (const option of named) {
    const found = world.findChannel(String(option.value));
    if (found === undefined) throw new Error(`fake-discord: option "${option.name}" names channel ${String(option.value)}, which does not exist`);
    const { id, type } = found.channel;
    const name = "name" in found.channel && typeof found.channel.name === "string" ? found.channel.name : "";
    channels[id] = { id, type, name, permissions: APP_PERMISSIONS.toString() } as APIInteractionDataResolvedChannel;
  }
  return { resolved: { channels } };
}

/** Who sends an interaction, and where; shared by slash commands, button clicks and modal submits. */
export type InteractionOrigin = Pick<SlashCommandInput, "user" | "guildId" | "channelId" | "memberPermissions" | "memberRoles">;

/**
 * Everything of an interaction but its type and data: the ids, and the member in a guild
 * channel or the user in a DM, as Discord sends them.
 */
export function interactionEnvelope(world: World, input: InteractionOrigin) {
  const user = input.user ?? world.defaultUser;
  const guildId = input.guildId === undefined ? world.defaultGuildId : input.guildId;
  const base = {
    id: snowflake(),
    application_id: world.applicationId,
    token: secretToken(),
    version: 1 as const,
    app_permissions: APP_PERMISSIONS.toString(),
    locale: LOCALE,
    entitlements: [],
    authorizing_integration_owners: authorizingOwners(guildId),
    attachment_size_limit: ATTACHMENT_SIZE_LIMIT,
  };
  if (guildId === null) {
    const channel = world.dmChannelFor(user, input.channelId);
    return {
      prelude: [],
      fields: { ...base, user: apiUser(user), channel, channel_id: channel.id, context: InteractionContextType.BotDM as const },
      channelId: channel.id,
      guildId,
      user,
    };
  }
  const guild = world.guild(guildId);
  const channelId = input.channelId ?? guild.generalChannelId;
  const roles = input.memberRoles ?? [];
  const { channel, announcements } = world.ensureGuildChannel(guild, channelId);
  return {
    prelude: [...announcements, ...world.ensureRoles(guild, roles)],
    fields: {
      ...base,
      guild_id: guildId,
      guild: { id: guildId, locale: LOCALE, features: [] },
      guild_locale: LOCALE,
      channel,
      channel_id: channelId,
      member: {
        ...guildMember(user, roles, world.joinedAt),
        permissions: (input.memberPermissions ?? DEFAULT_MEMBER_PERMISSIONS).toString(),
      },
      context: InteractionContextType.Guild as const,
    },
    channelId,
    guildId,
    user,
  };
}

export function slashCommandEvent(world: World, input: SlashCommandInput): PreparedEvent<APIChatInputApplicationCommandInteraction> {
  const { fields, ...origin } = interactionEnvelope(world, input);
  const data = {
    id: world.commandId(input.name, origin.guildId),
    name: input.name,
    type: ApplicationCommandType.ChatInput as const,
    ...(input.options === undefined ? {} : { options: input.options.map(commandOption) }),
    ...resolvedChannels(world, input.options ?? []),
    ...(origin.guildId === null ? {} : { guild_id: origin.guildId }),
  };
  return { ...origin, payload: { ...fields, type: InteractionType.ApplicationCommand, data } };
}

function mentionTokens(botId: string): string[] {
  return [`<@${botId}>`, `<@!${botId}>`];
}

export function messageEvent(world: World, input: MessageInput): PreparedEvent<GatewayMessageCreateDispatchData> {
  const author = input.author ?? world.defaultUser;
  const guildId = input.guildId === undefined ? world.defaultGuildId : input.guildId;
  const bot = world.botUser;
  const hasToken = mentionTokens(bot.id).some((token) => input.content.includes(token));
  const mentionsBot = input.mentionsBot ?? hasToken;
  const content = mentionsBot && !hasToken ? `<@${bot.id}> ${input.content}` : input.content;
  const base = {
    id: snowflake(),
    author: apiUser(author),
    content,
    timestamp: new Date().toISOString(),
    edited_timestamp: null,
    tts: false,
    mention_everyone: false,
    mention_roles: [],
    attachments: [],
    embeds: [],
    components: [],
    pinned: false,
    type: MessageType.Default,
  } satisfies Partial<GatewayMessageCreateDispatchData>;

  if (guildId === null) {
    const channel = world.dmChannelFor(author, input.channelId);
    return {
      prelude: [],
      payload: { ...base, channel_id: channel.id, channel_type: ChannelType.DM, mentions: mentionsBot ? [apiUser(bot)] : [] },
      channelId: channel.id,
      guildId,
      user: author,
    };
  }
  const guild = world.guild(guildId);
  const channelId = input.channelId ?? guild.generalChannelId;
  const botMention = { ...apiUser(bot), member: memberWithoutUser([], world.joinedAt) };
  const { channel, announcements } = world.ensureGuildChannel(guild, channelId);
  const reply = replyFields(world, input, guildId);
  return {
    prelude: announcements,
    payload: {
      ...base,
      ...reply.fields,
      channel_id: channelId,
      // Messages are posted in text channels and threads; a forum holds only threads.
      channel_type: channel.type === ChannelType.GuildForum ? ChannelType.GuildText : channel.type,
      guild_id: guildId,
      member: memberWithoutUser([], world.joinedAt),
      // A reply that pings its author lists them among the mentions, with no <@id> in the text.
      mentions: mentionsBot || reply.pingsBot ? [botMention] : [],
    },
    channelId,
    guildId,
    user: author,
  };
}

/** The bot's own messages as Discord echoes them to its gateway. */
export function ownMessageEvent(world: World, message: APIMessage, guildId: string | null): GatewayMessageCreateDispatchData {
  return guildId === null
    ? { ...message, channel_type: ChannelType.DM }
    : { ...message, channel_type: ChannelType.GuildText, guild_id: guildId, member: memberWithoutUser([], world.joinedAt) };
}

/**
 * Applies the gateway's intent rules: no guild messages without GuildMessages, no DMs without
 * DirectMessages, and without MessageContent the text of other people's guild messages is blank
 * unless they mention the bot.
 */
export function messageCreateFor(intents: number, message: GatewayMessageCreateDispatchData, botId: string): DispatchEvent | null {
  const inGuild = message.guild_id !== undefined;
  const needed = inGuild ? GatewayIntentBits.GuildMessages : GatewayIntentBits.DirectMessages;
  if ((intents & needed) === 0) return null;
  const readable =
    (intents & GatewayIntentBits.MessageContent) !== 0 ||
    !inGuild ||
    message.author.id === botId ||
    message.mentions.some((user) => user.id === botId);
  const d = readable ? message : { ...message, content: "", embeds: [], attachments: [], components: [] };
  return { t: GatewayDispatchEvents.MessageCreate, d };
}

/** Channel and role announcements belong to the Guilds intent. */
export function guildEventFor(intents: number, event: DispatchEvent): DispatchEvent | null {
  return (intents & GatewayIntentBits.Guilds) === 0 ? null : event;
}
