import { performance } from "node:perf_hooks";
import {
  ApplicationCommandOptionType,
  ChannelType,
  Client,
  DiscordAPIError,
  EmbedBuilder,
  Events,
  GatewayIntentBits,
  MessageFlags,
  Partials,
  PermissionFlagsBits,
  REST,
  Routes,
} from "discord.js";
import type { ClientEvents, Message } from "discord.js";
import { afterEach, describe, expect, it } from "vitest";
import { FakeDiscord } from "./fake-discord/index.js";
import type { FakeDiscordOptions } from "./fake-discord/index.js";

const TOKEN = "fake-bot-token";

const DEFAULT_INTENTS = [
  GatewayIntentBits.Guilds,
  GatewayIntentBits.GuildMessages,
  GatewayIntentBits.DirectMessages,
  GatewayIntentBits.MessageContent,
];

// Whatever a test started, so afterEach can stop it even when the test failed half-way.
let openClient: Client | undefined;
let openFake: FakeDiscord | undefined;

afterEach(async () => {
  await openClient?.destroy();
  await openFake?.close();
  openClient = undefined;
  openFake = undefined;
});

async function connect(options: FakeDiscordOptions = {}, intents = DEFAULT_INTENTS): Promise<{ fake: FakeDiscord; client: Client<true> }> {
  const started = await FakeDiscord.start(options);
  openFake = started;
  const created = new Client({ intents, partials: [Partials.Channel], rest: { api: started.apiBase } });
  openClient = created;
  const ready = new Promise<Client<true>>((resolve) => created.once(Events.ClientReady, resolve));
  await created.login(TOKEN);
  return { fake: started, client: await ready };
}

function next<Event extends keyof ClientEvents>(emitter: Client, event: Event): Promise<ClientEvents[Event]> {
  return new Promise((resolve) => emitter.once(event, (...args) => resolve(args)));
}

/** The next message someone other than the bot wrote; the bot's own messages are echoed too. */
function nextHumanMessage(emitter: Client): Promise<Message> {
  return new Promise((resolve) => {
    const listener = (message: Message): void => {
      if (message.author.bot) return;
      emitter.off(Events.MessageCreate, listener);
      resolve(message);
    };
    emitter.on(Events.MessageCreate, listener);
  });
}

describe("fake Discord", () => {
  it("gets a bare discord.js client ready with its guilds", async () => {
    const startedAt = performance.now();
    const { fake, client } = await connect();
    await fake.whenIdentified();

    expect(performance.now() - startedAt).toBeLessThan(2000);
    expect(client.user.id).toBe(fake.botUser.id);
    expect(client.user.bot).toBe(true);
    expect(client.application.id).toBe(fake.applicationId);
    expect([...client.guilds.cache.keys()]).toEqual(fake.guildIds);
    expect(client.guilds.cache.first()?.available).toBe(true);
    expect(fake.requests.map((request) => `${request.method} ${request.path} ${request.status}`)).toContain("GET /gateway/bot 200");
  });

  it("delivers a slash command and records a deferred ephemeral reply and its edit", async () => {
    const { fake, client } = await connect();
    const handled = next(client, Events.InteractionCreate).then(async ([interaction]) => {
      if (!interaction.isChatInputCommand()) throw new Error(`unexpected interaction type ${interaction.type}`);
      await interaction.deferReply({ flags: MessageFlags.Ephemeral });
      await interaction.editReply({ embeds: [new EmbedBuilder().setTitle("Answer").setDescription("42 [1]")] });
      return interaction;
    });

    const sent = fake.sendSlashCommand({
      name: "ask",
      options: [
        { name: "question", type: ApplicationCommandOptionType.String, value: "what is it?" },
        { name: "top", type: ApplicationCommandOptionType.Integer, value: 3 },
      ],
    });
    const interaction = await handled;

    expect(interaction.id).toBe(sent.id);
    expect(interaction.commandName).toBe("ask");
    expect(interaction.options.getString("question")).toBe("what is it?");
    expect(interaction.options.getInteger("top")).toBe(3);
    expect(interaction.inCachedGuild()).toBe(true);
    expect(interaction.channelId).toBe(sent.channelId);
    expect(interaction.memberPermissions?.has(PermissionFlagsBits.ManageGuild)).toBe(false);

    const [callback, edit] = fake.repliesFor(sent);
    expect(callback).toMatchObject({
      method: "POST",
      path: `/interactions/${sent.id}/${sent.token}/callback`,
      body: { type: 5, data: { flags: MessageFlags.Ephemeral } },
      status: 204,
    });
    expect(edit).toMatchObject({
      method: "PATCH",
      path: `/webhooks/${fake.applicationId}/${sent.token}/messages/@original`,
      body: { embeds: [{ title: "Answer", description: "42 [1]" }] },
      status: 200,
    });
  });

  it("answers a slash command used in a DM", async () => {
    const { fake, client } = await connect();
    const handled = next(client, Events.InteractionCreate).then(async ([interaction]) => {
      if (!interaction.isChatInputCommand()) throw new Error("expected a chat input command");
      await interaction.reply({ content: "hello", flags: MessageFlags.Ephemeral });
      return interaction;
    });

    const sent = fake.sendSlashCommand({ name: "help", guildId: null });
    const interaction = await handled;

    expect(interaction.inGuild()).toBe(false);
    expect(interaction.channel?.isDMBased()).toBe(true);
    expect(interaction.user.id).toBe(fake.defaultUser.id);
    expect(fake.repliesFor(sent).map((request) => request.body)).toEqual([
      { type: 4, data: expect.objectContaining({ content: "hello", flags: MessageFlags.Ephemeral }) },
    ]);
  });

  it("delivers a DM, shows typing and records the reply", async () => {
    const { fake, client } = await connect();
    const received = nextHumanMessage(client);

    const sent = fake.sendMessage({ content: "where is the refund policy?", guildId: null });
    const message = await received;

    expect(message.id).toBe(sent.id);
    expect(message.content).toBe("where is the refund policy?");
    expect(message.channel.isDMBased()).toBe(true);
    expect(message.channel.type).toBe(ChannelType.DM);
    if (!message.channel.isSendable()) throw new Error("DM channel should be sendable");
    await message.channel.sendTyping();
    const reply = await message.reply("See policies.md, paragraph 3.");

    expect(reply.content).toBe("See policies.md, paragraph 3.");
    expect(fake.requests.filter((request) => request.method === "POST").map((request) => [request.path, request.status])).toEqual([
      [`/channels/${sent.channelId}/typing`, 204],
      [`/channels/${sent.channelId}/messages`, 200],
    ]);
    const posted = await fake.waitForRequest((request) => request.path === `/channels/${sent.channelId}/messages`);
    expect(posted.body).toMatchObject({ content: "See policies.md, paragraph 3.", message_reference: { message_id: sent.id } });
  });

  it("marks a guild message that mentions the bot", async () => {
    const { fake, client } = await connect();
    const received = nextHumanMessage(client);

    fake.sendMessage({ content: "what does the handbook say about leave?", mentionsBot: true });
    const message = await received;

    expect(message.inGuild()).toBe(true);
    expect(message.mentions.users.has(client.user.id)).toBe(true);
    expect(message.content).toBe(`<@${client.user.id}> what does the handbook say about leave?`);
    expect(message.member?.user.id).toBe(fake.defaultUser.id);
  });

  it("blanks guild message content for clients without the MessageContent intent, as Discord does", async () => {
    const { fake, client } = await connect({}, [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages]);
    const plain = nextHumanMessage(client);
    fake.sendMessage({ content: "not for the bot" });
    expect((await plain).content).toBe("");

    const mention = nextHumanMessage(client);
    fake.sendMessage({ content: "for the bot", mentionsBot: true });
    expect((await mention).content).toBe(`<@${fake.botUser.id}> for the bot`);
  });

  it("records command registration and answers with ids", async () => {
    const started = await FakeDiscord.start();
    openFake = started;
    const guildId = started.guildIds[0] ?? "";
    const rest = new REST({ api: started.apiBase }).setToken(TOKEN);
    const body = [
      {
        name: "ask",
        description: "Ask the documents a question",
        options: [{ name: "question", description: "What to ask", type: ApplicationCommandOptionType.String, required: true }],
      },
    ];

    const registered = await rest.put(Routes.applicationGuildCommands(started.applicationId, guildId), { body });

    expect(registered).toEqual([expect.objectContaining({ id: expect.any(String), name: "ask", guild_id: guildId })]);
    expect(started.commandRegistrations()).toEqual([
      expect.objectContaining({ path: `/applications/${started.applicationId}/guilds/${guildId}/commands`, body, status: 200 }),
    ]);
  });

  it("rejects what Discord rejects: oversized content, late and repeated acknowledgements", async () => {
    const { fake, client } = await connect({ interactionDeadlineMs: 100 });
    const errors: unknown[] = [];
    client.on(Events.InteractionCreate, (interaction) => {
      if (!interaction.isChatInputCommand()) return;
      const respond = async (): Promise<void> => {
        if (interaction.commandName === "late") await new Promise((resolve) => setTimeout(resolve, 200));
        await interaction.deferReply();
        await interaction.editReply({ content: "x".repeat(2001) });
      };
      respond().catch((error: unknown) => errors.push(error));
    });

    const late = fake.sendSlashCommand({ name: "late" });
    const long = fake.sendSlashCommand({ name: "long" });
    await fake.waitForRequest((request) => request.path === `/interactions/${late.id}/${late.token}/callback`);
    await fake.waitForRequest((request) => request.path.startsWith(`/webhooks/${fake.applicationId}/${long.token}`));
    await expect.poll(() => errors.length).toBe(2);

    const codes = errors.map((error) => (error instanceof DiscordAPIError ? error.code : String(error))).sort();
    expect(codes).toEqual([10062, 50035]);
    expect(fake.repliesFor(long).map((request) => request.status)).toEqual([204, 400]);
  });
});
