import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { ApplicationCommandOptionType, GatewayIntentBits, MessageFlags, PermissionFlagsBits } from "discord.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { citationLabel } from "../src/answer/types.js";
import { DEFAULT_MEMBER_PERMISSIONS, type FakeDiscord, type RecordedRequest, type SentInteraction, type SentMessage } from "./fake-discord/index.js";
import { startHarness, type Harness } from "./helpers/discord-harness.js";
import { callbackOf, embedOf, messageBody, newUser, REPLY_TIMEOUT_MS, rendered, replyTo, type MessageBody } from "./helpers/discord-replies.js";

const MODERATOR = DEFAULT_MEMBER_PERMISSIONS | PermissionFlagsBits.ManageGuild;
let now = Date.now();
let dataDir: string;
let harness: Harness;

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), "citebot-data-"));
  harness = await startHarness({ env: { MESSAGE_CONTENT_INTENT: "true", DATA_DIR: dataDir }, deps: { now: () => now } });
});

afterAll(async () => {
  await harness?.close();
  await rm(dataDir, { recursive: true, force: true });
});

/** The bot's message replying to `sent`, as the fake stored it (with its id, for replying to it). */
function answerMessageFor(fake: FakeDiscord, sent: SentMessage): string {
  const answer = fake.channelMessages().find((message) => message.message_reference?.message_id === sent.id && message.author.id === fake.botUser.id);
  if (!answer) throw new Error(`no stored answer to ${sent.id}`);
  return answer.id;
}

/** The Sources field as read: file names keep their underscores, which the embed escapes. */
function cited(body: MessageBody): string {
  return rendered(embedOf(body).fields?.find((field) => field.name === "Sources")?.value).replaceAll("\\_", "_");
}

function followUpOf(body: MessageBody): string | undefined {
  return embedOf(body).fields?.find((field) => field.name === "Read as a follow-up to")?.value;
}

/** Resolves with the log line that closes the handling of a message: how it ended. */
async function outcomeOf(harness: Harness, messageId: string): Promise<string> {
  const deadline = Date.now() + REPLY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    const line = harness.logs.find((log) => log["messageId"] === messageId && log["msg"] === "message done");
    if (line) return String(line["outcome"]);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`message ${messageId} was never handled`);
}

/** `/autoanswer add channel:…` from a fresh member with these permissions. */
function optIn(fake: FakeDiscord, channelId: string, memberPermissions: bigint): SentInteraction {
  return fake.sendSlashCommand({
    name: "autoanswer",
    options: [{ name: "add", type: ApplicationCommandOptionType.Subcommand, options: [{ name: "channel", type: ApplicationCommandOptionType.Channel, value: channelId }] }],
    user: newUser("member"),
    memberPermissions,
  });
}

function channelPost(fake: FakeDiscord, channelId: string): Promise<RecordedRequest> {
  return fake.waitForRequest((request) => request.method === "POST" && request.path === `/channels/${channelId}/messages`, REPLY_TIMEOUT_MS);
}

describe("follow-up questions", () => {
  it("answers a reply to an answer with the first question as context, citing the paragraph that answers both", async () => {
    const { fake, bot } = harness;
    const user = newUser("followup");
    const first = fake.sendMessage({ content: "Who founded the Pak Sarzameen Party?", author: user, mentionsBot: true });
    // The answer's id is known to the bot once Discord has returned it; a person reads the answer before replying.
    expect(await outcomeOf(harness, first.id)).toBe("answered");
    // On its own the follow-up means nothing: the documents cannot answer "when was that?".
    expect((await bot.citebot.ask("When was that?")).answered).toBe(false);

    const followUp = fake.sendMessage({ content: "When was that?", author: user, replyTo: answerMessageFor(fake, first) });
    const body = messageBody(await replyTo(fake, followUp));
    expect(body.allowed_mentions).toEqual({ parse: [], replied_user: false });
    expect(cited(body)).toContain("000_c334f3cd84f70381.txt ¶5");
    expect(rendered(embedOf(body).description)).toContain("2016");
    expect(rendered(followUpOf(body))).toContain("Who founded the Pak Sarzameen Party?");
  });

  it("opens a thread for /ask thread:true and answers a follow-up there without a mention", async () => {
    const { fake } = harness;
    const user = newUser("threader");
    const sent = fake.sendSlashCommand({
      name: "ask",
      options: [
        { name: "question", type: ApplicationCommandOptionType.String, value: "When did the MQM split into MQM-Pakistan and MQM-London?" },
        { name: "thread", type: ApplicationCommandOptionType.Boolean, value: true },
      ],
      user,
    });
    const started = await fake.waitForRequest((request) => request.method === "POST" && /^\/channels\/\d+\/messages\/\d+\/threads$/.test(request.path), REPLY_TIMEOUT_MS);
    expect(started.status).toBe(200);
    expect(started.body).toMatchObject({ name: "When did the MQM split into MQM-Pakistan and MQM-London?" });
    const threadId = started.path.split("/")[4] ?? "";
    expect(cited(messageBody(await channelPost(fake, threadId)))).toContain("000_c334f3cd84f70381.txt ¶12");
    expect((await callbackOf(fake, sent)).status).toBe(204);

    const followUp = fake.sendMessage({ content: "Who runs the London one?", author: user, channelId: threadId });
    const body = messageBody(await replyTo(fake, followUp));
    expect(cited(body)).toContain("000_c334f3cd84f70381.txt ¶12");
    expect(rendered(embedOf(body).description)).toContain("Altaf Hussain");
  });

  it("still answers a reply to an answer as a follow-up after the bot restarts", async () => {
    const { fake } = harness;
    const user = newUser("restarter");
    const first = fake.sendMessage({ content: "Which ministry did Mustafa Kamal hold in the Sindh government?", author: user, mentionsBot: true });
    expect(await outcomeOf(harness, first.id)).toBe("answered");
    await harness.restart();

    const followUp = fake.sendMessage({ content: "For how long?", author: user, replyTo: answerMessageFor(fake, first) });
    const body = messageBody(await replyTo(fake, followUp));
    expect(cited(body)).toContain(citationLabel({ file: "003_e8145cde6a7dd80f.txt", paragraph: 7 }));
    expect(rendered(embedOf(body).description)).toContain("2003");
    expect(rendered(followUpOf(body))).toContain("Which ministry did Mustafa Kamal hold in the Sindh government?");
  });

  it("keeps a DM conversation for CONVERSATION_TTL_MINUTES, then reads a message on its own", async () => {
    const { fake } = harness;
    const user = newUser("dmer");
    await replyTo(fake, fake.sendMessage({ content: "Which ministry did Mustafa Kamal hold in the Sindh government?", author: user, guildId: null }));
    // Remembered before the answer is sent, so even an instant follow-up has its context.
    const followUp = fake.sendMessage({ content: "For how long?", author: user, guildId: null });
    const body = messageBody(await replyTo(fake, followUp));
    expect(cited(body)).toContain(citationLabel({ file: "003_e8145cde6a7dd80f.txt", paragraph: 7 }));
    expect(rendered(embedOf(body).description)).toContain("2003");

    now += 31 * 60_000;
    const late = messageBody(await replyTo(fake, fake.sendMessage({ content: "For how long?", author: user, guildId: null })));
    // Read on its own: no earlier question named, and not the Sindh ministry's years.
    expect(followUpOf(late)).toBeUndefined();
    expect(rendered(embedOf(late).description)).not.toContain("2003");
  });
});

describe("/autoanswer and help forums", () => {
  it("is refused to members who are not moderators", async () => {
    const { fake } = harness;
    const forumId = fake.createForum("not-yours");
    const sent = optIn(fake, forumId, DEFAULT_MEMBER_PERMISSIONS);
    const callback = await callbackOf(fake, sent);
    expect(messageBody(callback).flags).toBe(MessageFlags.Ephemeral);
    expect(messageBody(callback).content).toContain("Only moderators");
  });

  it("answers an answerable post in an opted-in forum in its thread, and leaves an off-topic one silent", async () => {
    const { fake } = harness;
    const forumId = fake.createForum("help");
    expect(messageBody(await callbackOf(fake, optIn(fake, forumId, MODERATOR))).content).toContain(`<#${forumId}>`);

    const offTopic = fake.sendForumPost({ forumId, title: "Anyone up for cricket tonight?", content: "Looking for two more players." });
    const post = fake.sendForumPost({ forumId, title: "What is the slogan of the Pak Sarzameen Party?", content: "I saw it on a banner." });
    const body = messageBody(await replyTo(fake, post));
    expect(body.allowed_mentions?.parse).toEqual([]);
    expect(cited(body)).toContain("000_c334f3cd84f70381.txt ¶5");

    expect(await outcomeOf(harness, offTopic.id)).toBe("refused silently");
    expect(fake.requests.filter((request) => request.path === `/channels/${offTopic.channelId}/messages`)).toEqual([]);

    // Silent to the member, but a moderator sees it among the gaps, marked, with a link to the post itself.
    const gaps = await callbackOf(fake, fake.sendSlashCommand({ name: "gaps", user: newUser("mod"), memberPermissions: MODERATOR }));
    const row = rendered(embedOf(messageBody(gaps)).description)
      .split("\n")
      .find((line) => line.includes("Anyone up for cricket tonight?"));
    expect(row).toContain("**1×**");
    expect(row).toContain("auto-answer, not replied");
    expect(row).toContain(`/${offTopic.channelId}/${offTopic.id})`);
  });

  it("answers questions in an opted-in text channel, and is silent on chat and on what the documents don't cover", async () => {
    const { fake } = harness;
    const channelId = "1234567890123456789";
    const user = newUser("helpdesk");
    const hello = fake.sendMessage({ content: "hello all", author: user, channelId });
    expect(messageBody(await callbackOf(fake, optIn(fake, channelId, MODERATOR))).content).toContain(`<#${channelId}>`);

    const chat = fake.sendMessage({ content: "thanks, that helped!", author: user, channelId });
    const offTopic = fake.sendMessage({ content: "Is anyone watching the cricket tonight?", author: user, channelId });
    const asked = fake.sendMessage({ content: "What party does Mustafa Kamal chair?", author: user, channelId });
    const body = messageBody(await replyTo(fake, asked));
    expect(cited(body)).toContain("000_c334f3cd84f70381.txt ¶2");
    expect(await outcomeOf(harness, offTopic.id)).toBe("refused silently");
    for (const ignored of [hello, chat]) expect(harness.logs.some((log) => log["messageId"] === ignored.id)).toBe(false);
    expect(fake.channelMessages().filter((message) => message.channel_id === channelId && message.author.id === fake.botUser.id)).toHaveLength(1);
  });

  it("leaves a question in a channel that is not opted in alone", async () => {
    const { fake } = harness;
    const user = newUser("chatter");
    const unaddressed = fake.sendMessage({ content: "What is the slogan of the Pak Sarzameen Party?", author: user });
    // Messages are handled in order; once a later mention is answered the first was seen.
    await replyTo(fake, fake.sendMessage({ content: "What party does Mustafa Kamal chair?", author: user, mentionsBot: true }));
    const replies = fake.channelMessages().filter((message) => message.message_reference?.message_id === unaddressed.id);
    expect(replies).toEqual([]);
    expect(harness.logs.some((log) => log["messageId"] === unaddressed.id)).toBe(false);
  });
});

describe("without the Message Content intent", () => {
  let plain: Harness;
  beforeAll(async () => {
    plain = await startHarness();
  });
  afterAll(async () => {
    await plain?.close();
  });

  it("asks for no privileged intent, says so once, and answers thread follow-ups only when they mention the bot", async () => {
    const { fake } = plain;
    expect(fake.identifiedIntents().map((intents) => intents & GatewayIntentBits.MessageContent)).toEqual([0]);
    expect(harness.fake.identifiedIntents().map((intents) => intents & GatewayIntentBits.MessageContent)).toEqual([GatewayIntentBits.MessageContent]);
    expect(plain.logs.filter((log) => String(log["msg"]).startsWith("MESSAGE_CONTENT_INTENT is off"))).toHaveLength(1);
    const user = newUser("quiet");
    fake.sendSlashCommand({
      name: "ask",
      options: [
        { name: "question", type: ApplicationCommandOptionType.String, value: "Who is running the MQM's political affairs?" },
        { name: "thread", type: ApplicationCommandOptionType.Boolean, value: true },
      ],
      user,
    });
    const started = await fake.waitForRequest((request) => request.method === "POST" && request.path.endsWith("/threads"), REPLY_TIMEOUT_MS);
    const threadId = started.path.split("/")[4] ?? "";
    await channelPost(fake, threadId);

    // Discord blanks the text: there is nothing to answer.
    const unread = fake.sendMessage({ content: "And the sectors and units?", author: user, channelId: threadId });
    const mentioned = fake.sendMessage({ content: "And the sectors and units?", author: user, channelId: threadId, mentionsBot: true });
    const body = messageBody(await replyTo(fake, mentioned));
    expect(cited(body)).toContain("001_88b27d00352b4ce1.txt ¶21");
    expect(plain.logs.some((log) => log["messageId"] === unread.id)).toBe(false);
  });
});
