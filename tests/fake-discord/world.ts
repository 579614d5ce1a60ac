import { GatewayDispatchEvents } from "discord-api-types/v10";
import type {
  APIApplicationCommand,
  APIDMChannel,
  APIGuildMember,
  APIMessage,
  APIRole,
} from "discord-api-types/v10";
import { DEFAULT_MEMBER_PERMISSIONS, dmChannel, guildMember, role, textChannel } from "./fixtures.js";
import type { GuildTextChannel } from "./fixtures.js";
import type { GuildForumChannel, GuildThreadChannel } from "./threads.js";

/** Threads are channels too: messages go to them by id. GUILD_CREATE lists only the others. */
export type GuildChannel = GuildTextChannel | GuildForumChannel | GuildThreadChannel;
import type { DispatchEvent } from "./gateway.js";
import { snowflake } from "./ids.js";
import type { FakeUser } from "./types.js";

export interface GuildState {
  id: string;
  ownerId: string;
  generalChannelId: string;
  channels: Map<string, GuildChannel>;
  roles: Map<string, APIRole>;
  botMember: APIGuildMember;
}

export interface InteractionState {
  id: string;
  token: string;
  sentAt: number;
  channelId: string;
  guildId: string | null;
  user: FakeUser;
  acknowledged: boolean;
  original: APIMessage | null;
  followUps: Map<string, APIMessage>;
  /** For a button click: the message the button is on, which an UpdateMessage response edits. */
  componentMessageId?: string;
}

/** Everything the fake Discord knows; REST handlers and gateway events both read and change it. */
export class World {
  readonly guilds = new Map<string, GuildState>();
  readonly users = new Map<string, FakeUser>();
  readonly channelMessages = new Map<string, APIMessage>();
  readonly interactions = new Map<string, InteractionState>();
  /** Registered commands per scope: "global" or a guild id. */
  readonly commands = new Map<string, APIApplicationCommand[]>();
  /** When the bot and the default members "joined"; a fixed instant keeps payloads stable. */
  readonly joinedAt = new Date(Date.now() - 86_400_000).toISOString();
  /** Where inputs without a guildId happen; a fake without guilds only has DMs. */
  readonly defaultGuildId: string | null;
  private readonly dmChannels = new Map<string, APIDMChannel>();
  private readonly dmChannelIdByUser = new Map<string, string>();

  constructor(
    readonly applicationId: string,
    readonly botUser: FakeUser,
    readonly defaultUser: FakeUser,
    guildIds: string[],
  ) {
    this.rememberUser(botUser);
    this.rememberUser(defaultUser);
    this.defaultGuildId = guildIds[0] ?? null;
    const ownerId = snowflake();
    for (const id of guildIds) {
      const generalChannelId = snowflake();
      this.guilds.set(id, {
        id,
        ownerId,
        generalChannelId,
        channels: new Map([[generalChannelId, textChannel(generalChannelId, id, "general", 0)]]),
        // The @everyone role shares the guild's id.
        roles: new Map([[id, role(id, "@everyone", 0, DEFAULT_MEMBER_PERMISSIONS)]]),
        botMember: guildMember(botUser, [], this.joinedAt),
      });
    }
  }

  rememberUser(user: FakeUser): void {
    this.users.set(user.id, user);
  }

  guild(guildId: string): GuildState {
    const guild = this.guilds.get(guildId);
    if (guild === undefined) {
      throw new Error(`fake-discord: guild ${guildId} is not one of the fake's guilds (${[...this.guilds.keys()].join(", ")})`);
    }
    return guild;
  }

  /** Channels a test names on the fly are announced first, so discord.js has them cached like real ones. */
  ensureGuildChannel(guild: GuildState, channelId: string): { channel: GuildChannel; announcements: DispatchEvent[] } {
    const known = guild.channels.get(channelId);
    if (known !== undefined) return { channel: known, announcements: [] };
    const channel = textChannel(channelId, guild.id, `channel-${channelId}`, guild.channels.size);
    guild.channels.set(channelId, channel);
    return { channel, announcements: [{ t: GatewayDispatchEvents.ChannelCreate, d: channel }] };
  }

  ensureRoles(guild: GuildState, roleIds: readonly string[]): DispatchEvent[] {
    const created: DispatchEvent[] = [];
    for (const roleId of roleIds) {
      if (guild.roles.has(roleId)) continue;
      const newRole = role(roleId, `role-${roleId}`, guild.roles.size, 0n);
      guild.roles.set(roleId, newRole);
      created.push({ t: GatewayDispatchEvents.GuildRoleCreate, d: { guild_id: guild.id, role: newRole } });
    }
    return created;
  }

  /** Discord sends no CHANNEL_CREATE for DMs; the client learns about them from the messages themselves. */
  dmChannelFor(user: FakeUser, channelId?: string): APIDMChannel {
    const knownId = channelId ?? this.dmChannelIdByUser.get(user.id);
    const known = knownId === undefined ? undefined : this.dmChannels.get(knownId);
    if (known !== undefined) return known;
    const channel = dmChannel(knownId ?? snowflake(), user);
    this.dmChannels.set(channel.id, channel);
    this.dmChannelIdByUser.set(user.id, channel.id);
    return channel;
  }

  findChannel(channelId: string): { channel: GuildChannel | APIDMChannel; guildId: string | null } | undefined {
    const dm = this.dmChannels.get(channelId);
    if (dm !== undefined) return { channel: dm, guildId: null };
    for (const guild of this.guilds.values()) {
      const channel = guild.channels.get(channelId);
      if (channel !== undefined) return { channel, guildId: guild.id };
    }
    return undefined;
  }

  /** A message by id, wherever it was posted: in a channel or as an interaction's response. */
  findMessage(messageId: string): APIMessage | undefined {
    const posted = this.channelMessages.get(messageId);
    if (posted !== undefined) return posted;
    for (const interaction of this.interactions.values()) {
      if (interaction.original?.id === messageId) return interaction.original;
      const followUp = interaction.followUps.get(messageId);
      if (followUp !== undefined) return followUp;
    }
    return undefined;
  }

  /** The id Discord would put in INTERACTION_CREATE: the registered one, guild scope first. */
  commandId(name: string, guildId: string | null): string {
    const scopes = guildId === null ? ["global"] : [guildId, "global"];
    for (const scope of scopes) {
      const command = this.commands.get(scope)?.find((candidate) => candidate.name === name);
      if (command !== undefined) return command.id;
    }
    return snowflake();
  }
}
