export interface FakeUser {
  id: string;
  username: string;
  bot?: boolean;
}

export interface RecordedFile {
  /** Multipart field name, e.g. "files[0]". */
  field: string;
  name: string;
  contentType: string;
  data: Buffer;
}

export interface RecordedRequest {
  method: string;
  /** Decoded, without the /api/v10 prefix and query, e.g. "/webhooks/123/tok/messages/@original". */
  path: string;
  query: URLSearchParams;
  /** Parsed JSON, or the parsed payload_json of a multipart body; undefined when there was no body. */
  body: unknown;
  /** Attachments of a multipart body. */
  files: RecordedFile[];
  /** HTTP status the fake answered with, so rejected requests are as visible as accepted ones. */
  status: number;
  /** performance.now() when the request arrived. */
  receivedAt: number;
}

export interface FakeDiscordOptions {
  /** Default: a fresh snowflake. */
  applicationId?: string;
  /** Default: "citebot" with the application's id, as Discord gives bot users. `bot` is always true. */
  botUser?: FakeUser;
  /** Guilds the bot is in, each with a #general channel. Default: one. [] leaves only DMs. */
  guildIds?: string[];
  /**
   * Discord forgets an interaction that is not acknowledged within 3 s; later callbacks get
   * 404 "Unknown interaction" (10062). Raise it only for deliberately slow environments.
   */
  interactionDeadlineMs?: number;
  /** When set, any other bot token gets Discord's 401, as a revoked or mistyped token does. Default: any token. */
  acceptedToken?: string;
}

export interface SlashCommandOption {
  name: string;
  /** ApplicationCommandOptionType: Subcommand (1), String (3), Integer (4), Boolean (5), Channel (7, the channel id) or Number (10). */
  type: number;
  /** Absent for a subcommand. */
  value?: string | number | boolean;
  /** A subcommand's options. */
  options?: SlashCommandOption[];
}

export interface SlashCommandInput {
  name: string;
  options?: SlashCommandOption[];
  /** Default: FakeDiscord#defaultUser, a generic human member. */
  user?: FakeUser;
  /** Default: the first guild. null => the interaction comes from a DM with the bot. */
  guildId?: string | null;
  /** Default: the guild's #general, or the user's DM channel. */
  channelId?: string;
  /** Permission bitfield of the member in the channel. Default: DEFAULT_MEMBER_PERMISSIONS (no ManageGuild). */
  memberPermissions?: bigint;
  /** Role ids; roles the guild does not have yet are created (GUILD_ROLE_CREATE) first. */
  memberRoles?: string[];
}

export interface SentInteraction {
  id: string;
  token: string;
  /** Where the command was used: the guild channel or the user's DM channel. */
  channelId: string;
  /** performance.now() when INTERACTION_CREATE was written to the gateway. */
  sentAt: number;
}

export interface MessageInput {
  content: string;
  /** Default: FakeDiscord#defaultUser. */
  author?: FakeUser;
  /** Default: the guild's #general, or the author's DM channel. */
  channelId?: string;
  /** Default: the first guild. null => a DM to the bot. */
  guildId?: string | null;
  /**
   * Whether the author @-mentioned the bot. As on Discord, a mention is part of the content:
   * when true and the content has no `<@botId>`, one is prepended. Default: whether the content
   * already contains `<@botId>` / `<@!botId>`.
   */
  mentionsBot?: boolean;
  /** The id of a message (the bot's answer, say) this one replies to. */
  replyTo?: string;
  /** Whether a reply pings the author of the message it replies to; Discord's default is yes. */
  pingReply?: boolean;
}

export interface ForumPostInput {
  forumId: string;
  /** The post's title, which names its thread. */
  title: string;
  /** The text of the post's first message. */
  content: string;
  author?: FakeUser;
  guildId?: string;
}

export interface SentMessage {
  id: string;
  channelId: string;
  /** performance.now() when MESSAGE_CREATE was written to the gateway. */
  sentAt: number;
}
