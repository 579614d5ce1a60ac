import { createServer } from "node:http";
import type { IncomingMessage, Server, ServerResponse } from "node:http";
import { performance } from "node:perf_hooks";
import { GatewayDispatchEvents } from "discord-api-types/v10";
import type { APIInteraction, APIMessage } from "discord-api-types/v10";
import { guildEventFor, handshakeFor, messageCreateFor, messageEvent, ownMessageEvent, slashCommandEvent } from "./events.js";
import type { PreparedEvent } from "./events.js";
import { buttonClickEvent, findMessage, modalSubmitEvent, type ButtonClickInput, type ModalSubmitInput } from "./components.js";
import { Gateway } from "./gateway.js";
import type { DispatchEvent } from "./gateway.js";
import { InvalidBodyError, readBody, sendJson } from "./http.js";
import type { ParsedBody } from "./http.js";
import { snowflake } from "./ids.js";
import { forumChannel, threadChannel, threadCreate } from "./threads.js";
import { RequestLog } from "./recorder.js";
import { routeRequest } from "./rest.js";
import { fail } from "./route.js";
import type { RestContext, RestResponse } from "./route.js";
import type {
  FakeDiscordOptions,
  FakeUser,
  ForumPostInput,
  MessageInput,
  RecordedRequest,
  SentInteraction,
  SentMessage,
  SlashCommandInput,
} from "./types.js";
import { World } from "./world.js";

const API_PREFIX = "/api/v10";
const COMMANDS_PATH = /^\/applications\/[^/]+(\/guilds\/[^/]+)?\/commands$/;

/** The recorded path: without the API prefix and with each segment decoded ("%40original" -> "@original"). */
function apiPath(pathname: string): string | null {
  if (!pathname.startsWith(`${API_PREFIX}/`)) return null;
  return pathname
    .slice(API_PREFIX.length)
    .split("/")
    .map((segment) => {
      try {
        return decodeURIComponent(segment);
      } catch {
        return segment;
      }
    })
    .join("/");
}

/**
 * Discord's REST API and gateway on one 127.0.0.1 port, enough for an unmodified discord.js
 * client: tests push events in (slash commands, messages) and inspect what the bot sent back.
 */
export class FakeDiscord {
  /** Pass to discord.js as `rest: { api }`; discord.js appends /v10 itself. */
  readonly apiBase: string;
  readonly applicationId: string;
  readonly botUser: FakeUser;
  /** The member who sends commands and messages unless an input names someone else. */
  readonly defaultUser: FakeUser;
  readonly guildIds: readonly string[];
  readonly requests: RecordedRequest[];
  private readonly acceptedToken: string | undefined;

  private readonly world: World;
  private readonly gateway: Gateway;
  private readonly log = new RequestLog();
  private readonly rest: RestContext;
  private closed = false;

  private constructor(
    private readonly server: Server,
    port: number,
    options: FakeDiscordOptions,
  ) {
    const host = `127.0.0.1:${port}`;
    this.apiBase = `http://${host}/api`;
    this.applicationId = options.applicationId ?? snowflake();
    this.botUser = { ...(options.botUser ?? { id: this.applicationId, username: "citebot" }), bot: true };
    this.defaultUser = { id: snowflake(), username: "alice" };
    this.guildIds = options.guildIds ?? [snowflake()];
    this.acceptedToken = options.acceptedToken;
    this.requests = this.log.requests;
    this.world = new World(this.applicationId, this.botUser, this.defaultUser, [...this.guildIds]);

    const gatewayUrl = `ws://${host}/gateway`;
    this.gateway = new Gateway(gatewayUrl, (request) => handshakeFor(this.world, request));
    this.rest = {
      world: this.world,
      gatewayUrl,
      interactionDeadlineMs: options.interactionDeadlineMs ?? 3000,
      announce: (message, guildId) => this.announce(message, guildId),
      broadcast: (event) => this.gateway.broadcast((intents) => guildEventFor(intents, event)),
    };

    server.on("request", (request: IncomingMessage, response: ServerResponse) => void this.serve(request, response));
    server.on("upgrade", (request: IncomingMessage, socket, head: Buffer) => {
      if (new URL(request.url ?? "/", `http://${host}`).pathname === "/gateway") this.gateway.handleUpgrade(request, socket, head);
      else socket.destroy();
    });
  }

  /** Binds 127.0.0.1 on a free port; HTTP and the gateway WebSocket share it. */
  static async start(options: FakeDiscordOptions = {}): Promise<FakeDiscord> {
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(0, "127.0.0.1", () => resolve());
    });
    const address = server.address();
    if (address === null || typeof address === "string") throw new Error("fake-discord: server has no TCP address");
    return new FakeDiscord(server, address.port, options);
  }

  /** Resolves once a client has IDENTIFYed and READY plus every GUILD_CREATE were sent. */
  whenIdentified(): Promise<void> {
    return this.gateway.whenIdentified();
  }

  sendSlashCommand(input: SlashCommandInput): SentInteraction {
    this.requireClient();
    return this.dispatchInteraction(slashCommandEvent(this.world, input));
  }

  /** A click on a button of a message the bot sent (an interaction of type 3). */
  clickButton(input: ButtonClickInput): SentInteraction {
    this.requireClient();
    const event = buttonClickEvent(this.world, input);
    return this.dispatchInteraction(event, event.message.id);
  }

  /** The user submits the modal the bot showed in answer to `shownBy` (an interaction of type 5). */
  submitModal(input: ModalSubmitInput): SentInteraction {
    this.requireClient();
    const shownBy = this.world.interactions.get(input.shownBy.token);
    const callback = this.requests.find((request) => request.path === `/interactions/${input.shownBy.id}/${input.shownBy.token}/callback` && request.status < 300);
    if (shownBy === undefined || callback === undefined) throw new Error("fake-discord: that interaction was never answered, so no modal is open");
    return this.dispatchInteraction(modalSubmitEvent(this.world, shownBy, callback, input.values));
  }

  sendMessage(input: MessageInput): SentMessage {
    this.requireClient();
    const event = messageEvent(this.world, input);
    // Stored first so the bot can reply to it (message_reference) like to any real message.
    this.world.channelMessages.set(event.payload.id, event.payload);
    this.deliver(event, (intents) => messageCreateFor(intents, event.payload, this.botUser.id));
    return { id: event.payload.id, channelId: event.channelId, sentAt: performance.now() };
  }

  /** The message an interaction's response created (ephemeral ones included), as it is now; undefined before, or once deleted. */
  responseMessage(interaction: Pick<SentInteraction, "token">): APIMessage | undefined {
    const original = this.world.interactions.get(interaction.token)?.original;
    return original === null || original === undefined ? undefined : findMessage(this.world, original.id);
  }

  /** A forum channel in the guild, announced with CHANNEL_CREATE; returns its id. */
  createForum(name = "help-forum", guildId: string | null = this.world.defaultGuildId): string {
    this.requireClient();
    if (guildId === null) throw new Error("fake-discord: a forum needs a guild");
    const guild = this.world.guild(guildId);
    const forum = forumChannel(snowflake(), guild.id, name, guild.channels.size);
    guild.channels.set(forum.id, forum);
    this.gateway.broadcast((intents) => guildEventFor(intents, { t: GatewayDispatchEvents.ChannelCreate, d: forum }));
    return forum.id;
  }

  /**
   * A member's new forum post: THREAD_CREATE for the post's thread, then MESSAGE_CREATE for its
   * first message, which shares the thread's id (its text blank without the Message Content intent).
   */
  sendForumPost(input: ForumPostInput): SentMessage {
    this.requireClient();
    const guild = this.world.guild(input.guildId ?? this.world.defaultGuildId ?? "");
    const author = input.author ?? this.defaultUser;
    const thread = threadChannel(snowflake(), { id: input.forumId, guild_id: guild.id }, input.title, author.id);
    guild.channels.set(thread.id, thread);
    this.world.rememberUser(author);
    this.gateway.broadcast((intents) => guildEventFor(intents, threadCreate(thread)));
    const event = messageEvent(this.world, { content: input.content, author, guildId: guild.id, channelId: thread.id });
    const payload = { ...event.payload, id: thread.id };
    this.world.channelMessages.set(payload.id, payload);
    this.gateway.broadcast((intents) => messageCreateFor(intents, payload, this.botUser.id));
    return { id: payload.id, channelId: thread.id, sentAt: performance.now() };
  }

  /** The intents each connected client identified with. */
  identifiedIntents(): number[] {
    return this.gateway.identifiedIntents();
  }

  /** The messages posted in channels so far (the bot's included), oldest first. */
  channelMessages(): APIMessage[] {
    return [...this.world.channelMessages.values()];
  }

  /** Interaction responses in order: the callback, @original edits and deletes, follow-ups. */
  repliesFor(interaction: Pick<SentInteraction, "id" | "token">): RecordedRequest[] {
    const callback = `/interactions/${interaction.id}/${interaction.token}/callback`;
    const webhook = `/webhooks/${this.applicationId}/${interaction.token}`;
    return this.requests.filter(
      (request) =>
        request.method !== "GET" &&
        (request.path === callback || request.path === webhook || request.path.startsWith(`${webhook}/`)),
    );
  }

  /** Also matches requests recorded before the call. */
  waitForRequest(predicate: (request: RecordedRequest) => boolean, timeoutMs = 5000): Promise<RecordedRequest> {
    return this.log.waitFor(predicate, timeoutMs);
  }

  /** The bulk overwrites (PUT) of global and guild commands. */
  commandRegistrations(): RecordedRequest[] {
    return this.requests.filter((request) => request.method === "PUT" && COMMANDS_PATH.test(request.path));
  }

  /** Drops every socket, so neither clients nor keep-alive connections hold the test process open. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.log.close();
    this.gateway.close();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Checked before an event changes the world, so a refused event leaves no half-announced channels. */
  private requireClient(): void {
    if (!this.gateway.hasIdentifiedSession()) {
      throw new Error("fake-discord: no client has identified yet; await fake.whenIdentified() first");
    }
  }

  private dispatchInteraction(event: PreparedEvent<APIInteraction>, componentMessageId?: string): SentInteraction {
    this.deliver(event, () => ({ t: GatewayDispatchEvents.InteractionCreate, d: event.payload }));
    const sentAt = performance.now();
    const { id, token } = event.payload;
    this.world.interactions.set(token, {
      id,
      token,
      sentAt,
      channelId: event.channelId,
      guildId: event.guildId,
      user: event.user,
      acknowledged: false,
      original: null,
      followUps: new Map(),
      ...(componentMessageId === undefined ? {} : { componentMessageId }),
    });
    return { id, token, sentAt, channelId: event.channelId };
  }

  private deliver<Payload>(event: PreparedEvent<Payload>, build: (intents: number) => DispatchEvent | null): void {
    this.world.rememberUser(event.user);
    for (const announcement of event.prelude) this.gateway.broadcast((intents) => guildEventFor(intents, announcement));
    this.gateway.broadcast(build);
  }

  private announce(message: APIMessage, guildId: string | null): void {
    const event = ownMessageEvent(this.world, message, guildId);
    this.gateway.broadcast((intents) => messageCreateFor(intents, event, this.botUser.id));
  }

  private async serve(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const receivedAt = performance.now();
    const url = new URL(request.url ?? "/", "http://127.0.0.1");
    const method = request.method ?? "GET";
    const path = apiPath(url.pathname);
    let parsed: ParsedBody = { body: undefined, files: [] };
    let result: RestResponse;
    try {
      parsed = await readBody(request);
      result =
        path === null
          ? fail(404, 0, "Unknown")
          : routeRequest(this.rest, {
              method,
              path,
              query: url.searchParams,
              body: parsed.body,
              files: parsed.files,
              authorized: this.acceptedToken === undefined ? request.headers.authorization?.startsWith("Bot ") === true : request.headers.authorization === `Bot ${this.acceptedToken}`,
              receivedAt,
            });
    } catch (error) {
      result =
        error instanceof InvalidBodyError
          ? fail(400, 50109, `The request body contains invalid JSON. (${error.message})`)
          : fail(500, 0, `fake-discord bug: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    }
    this.log.record({
      method,
      path: path ?? url.pathname,
      query: url.searchParams,
      body: parsed.body,
      files: parsed.files,
      status: result.status,
      receivedAt,
    });
    sendJson(response, result.status, result.body);
  }
}
