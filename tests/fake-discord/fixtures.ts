import {
  ApplicationFlags,
  ApplicationIntegrationType,
  ChannelType,
  GuildDefaultMessageNotifications,
  GuildExplicitContentFilter,
  GuildMFALevel,
  GuildNSFWLevel,
  GuildPremiumTier,
  GuildSystemChannelFlags,
  GuildVerificationLevel,
  Locale,
  PermissionFlagsBits,
} from "discord-api-types/v10";
import type {
  APIAuthorizingIntegrationOwnersMap,
  APIDMChannel,
  APIGuildForumChannel,
  APIGuildMember,
  APIGuildMemberNoUser,
  APIRole,
  APITextChannel,
  APIUser,
  GatewayGuildCreateDispatchData,
} from "discord-api-types/v10";
import type { FakeUser } from "./types.js";

/** What @everyone can do in a typical server: talk and use commands, but not manage anything. */
export const DEFAULT_MEMBER_PERMISSIONS: bigint =
  PermissionFlagsBits.ViewChannel |
  PermissionFlagsBits.SendMessages |
  PermissionFlagsBits.SendMessagesInThreads |
  PermissionFlagsBits.ReadMessageHistory |
  PermissionFlagsBits.EmbedLinks |
  PermissionFlagsBits.AttachFiles |
  PermissionFlagsBits.AddReactions |
  PermissionFlagsBits.UseExternalEmojis |
  PermissionFlagsBits.UseApplicationCommands |
  PermissionFlagsBits.Connect |
  PermissionFlagsBits.Speak;

export const LOCALE = Locale.EnglishUS;

/** An unverified bot with the message content intent switched on in the developer portal. */
export const APPLICATION_FLAGS = ApplicationFlags.GatewayMessageContentLimited;

/** Discord's default upload limit for unboosted guilds and DMs. */
export const ATTACHMENT_SIZE_LIMIT = 10 * 1024 * 1024;

/** An empty bitfield: discord-api-types models flag sets as enums, which have no member for 0. */
function noFlags<Flags extends number>(): Flags {
  return 0 as Flags;
}

export function apiUser(user: FakeUser): APIUser {
  return {
    id: user.id,
    username: user.username,
    discriminator: "0",
    global_name: user.bot === true ? null : user.username,
    avatar: null,
    bot: user.bot ?? false,
  };
}

/** The member part of MESSAGE_CREATE, which carries the user separately as `author`. */
export function memberWithoutUser(roles: string[], joinedAt: string): APIGuildMemberNoUser {
  return {
    nick: null,
    avatar: null,
    banner: null,
    roles,
    joined_at: joinedAt,
    premium_since: null,
    deaf: false,
    mute: false,
    flags: noFlags(),
    pending: false,
    communication_disabled_until: null,
  };
}

export function guildMember(user: FakeUser, roles: string[], joinedAt: string): APIGuildMember & APIGuildMemberNoUser {
  return { ...memberWithoutUser(roles, joinedAt), user: apiUser(user) };
}

/** Outside GUILD_CREATE Discord always names the guild of a guild channel. */
export type GuildTextChannel = APITextChannel & { guild_id: string };

export function textChannel(id: string, guildId: string, name: string, position: number): GuildTextChannel {
  return {
    id,
    type: ChannelType.GuildText,
    guild_id: guildId,
    name,
    position,
    permission_overwrites: [],
    nsfw: false,
    topic: null,
    parent_id: null,
    last_message_id: null,
    rate_limit_per_user: 0,
  };
}

export function dmChannel(id: string, recipient: FakeUser): APIDMChannel {
  return {
    id,
    type: ChannelType.DM,
    name: null,
    recipients: [apiUser(recipient)],
    last_message_id: null,
  };
}

export function role(id: string, name: string, position: number, permissions: bigint): APIRole {
  return {
    id,
    name,
    color: 0,
    colors: { primary_color: 0, secondary_color: null, tertiary_color: null },
    hoist: false,
    position,
    permissions: permissions.toString(),
    managed: false,
    mentionable: false,
    flags: noFlags(),
  };
}

export interface GuildShape {
  id: string;
  ownerId: string;
  channels: Array<GuildTextChannel | (APIGuildForumChannel & { guild_id: string })>;
  roles: APIRole[];
  botMember: APIGuildMember;
}

export function guildCreate(guild: GuildShape, joinedAt: string): GatewayGuildCreateDispatchData {
  return {
    id: guild.id,
    name: `Fake guild ${guild.id}`,
    icon: null,
    splash: null,
    discovery_splash: null,
    banner: null,
    description: null,
    owner_id: guild.ownerId,
    afk_channel_id: null,
    afk_timeout: 300,
    verification_level: GuildVerificationLevel.None,
    default_message_notifications: GuildDefaultMessageNotifications.OnlyMentions,
    explicit_content_filter: GuildExplicitContentFilter.Disabled,
    roles: guild.roles,
    emojis: [],
    stickers: [],
    features: [],
    mfa_level: GuildMFALevel.None,
    application_id: null,
    system_channel_id: null,
    system_channel_flags: GuildSystemChannelFlags.SuppressJoinNotifications,
    rules_channel_id: null,
    public_updates_channel_id: null,
    safety_alerts_channel_id: null,
    vanity_url_code: null,
    premium_tier: GuildPremiumTier.None,
    premium_progress_bar_enabled: false,
    preferred_locale: LOCALE,
    nsfw_level: GuildNSFWLevel.Default,
    hub_type: null,
    incidents_data: null,
    joined_at: joinedAt,
    large: false,
    unavailable: false,
    member_count: 2,
    members: [guild.botMember],
    channels: guild.channels,
    threads: [],
    presences: [],
    voice_states: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
  };
}

/** Guild installs name the guild; in the bot's own DMs Discord sends "0" instead. */
export function authorizingOwners(guildId: string | null): APIAuthorizingIntegrationOwnersMap {
  return { [ApplicationIntegrationType.GuildInstall]: guildId ?? "0" };
}
