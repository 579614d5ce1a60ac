import { ApplicationCommandOptionType, MessageFlags } from "discord.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { citationLabel } from "../src/answer/types.js";
import type { AskResult } from "../src/citebot.js";
import { SHORTENED_NOTE } from "../src/discord/format.js";
import { DISCORD_LIMITS } from "../src/discord/text-limits.js";
import type { SlashCommandOption } from "./fake-discord/index.js";
import { startHarness, TEST_TOKEN, type Harness } from "./helpers/discord-harness.js";
import { callbackOf, editOf, embedOf, messageBody, newUser, rendered, replyTo } from "./helpers/discord-replies.js";
import { Switchboard } from "./helpers/switchboard.js";

const ANSWERABLE = "What party does Mustafa Kamal chair?";
const NOT_COVERED = "What is the capital of France?";

let harness: Harness;
let switchboard: Switchboard;

beforeAll(async () => {
  harness = await startHarness({
    deps: {
      decorateCitebot: (citebot) => {
        switchboard = new Switchboard(citebot);
        return switchboard;
      },
    },
  });
});

afterAll(async () => {
  await harness?.close();
});

function question(text: string, extra: SlashCommandOption[] = []): SlashCommandOption[] {
  return [{ name: "question", type: ApplicationCommandOptionType.String, value: text }, ...extra];
}

function embedSize(embed: ReturnType<typeof embedOf>): number {
  const fields = (embed.fields ?? []).reduce((sum, field) => sum + field.name.length + field.value.length, 0);
  return (embed.title ?? "").length + (embed.description ?? "").length + (embed.footer?.text ?? "").length + fields;
}

describe("/ask", () => {
  it("defers, then edits in an embed whose sentences cite file and paragraph, with the sources and the index in the footer", async () => {
    const { fake, bot } = harness;
    const sent = fake.sendSlashCommand({ name: "ask", options: question(ANSWERABLE), user: newUser("asker") });

    const callback = await callbackOf(fake, sent);
    expect(callback.body).toEqual({ type: 5, data: { flags: 0 } });
    const edit = await editOf(fake, sent);
    expect(edit.status).toBe(200);
    const body = messageBody(edit);
    expect(body.allowed_mentions).toEqual({ parse: [] });
    const embed = embedOf(body);
    expect(embed.title).toBe(ANSWERABLE);

    const expected = await bot.citebot.ask(ANSWERABLE);
    expect(expected.answered).toBe(true);
    const description = rendered(embed.description);
    const sources = rendered(embed.fields?.find((field) => field.name === "Sources")?.value);
    for (const citation of expected.citations) {
      expect(description).toContain(`[${citationLabel(citation)}]`);
      expect(sources).toContain(citationLabel(citation));
      // What /help promises a reader: the quote is in that paragraph of that file.
      expect(bot.citebot.paragraphText(citation.file, citation.paragraph)).toContain(citation.quote);
    }
    const status = bot.citebot.status;
    expect(embed.footer?.text).toContain(`${status.paragraphs} paragraphs`);
    expect(embed.footer?.text).toContain(`Index built ${status.builtAt.slice(0, 10)}`);
  });

  it("says plainly when the documents don't cover the question, and points to /sources", async () => {
    const { fake } = harness;
    const sent = fake.sendSlashCommand({ name: "ask", options: question(NOT_COVERED), user: newUser("curious") });

    const embed = embedOf(messageBody(await editOf(fake, sent)));
    expect(embed.description).toContain("don't cover");
    expect(embed.description).toContain("/sources");
    expect(embed.fields ?? []).toEqual([]);
  });

  it("keeps the answer to the asker with private:true", async () => {
    const { fake } = harness;
    const sent = fake.sendSlashCommand({
      name: "ask",
      options: question(ANSWERABLE, [{ name: "private", type: ApplicationCommandOptionType.Boolean, value: true }]),
      user: newUser("shy"),
    });

    expect(messageBody(await callbackOf(fake, sent)).flags).toBe(MessageFlags.Ephemeral);
    expect(embedOf(messageBody(await editOf(fake, sent))).fields?.[0]?.name).toBe("Sources");
  });

  it("pings no one when the question contains @everyone or a role mention", async () => {
    const { fake } = harness;
    const text = `@everyone <@&123456789012345678> ${ANSWERABLE}`;
    const sent = fake.sendSlashCommand({ name: "ask", options: question(text), user: newUser("loud") });

    const body = messageBody(await editOf(fake, sent));
    expect(body.allowed_mentions?.parse).toEqual([]);
    // Escaped as well: the role mention reads as typed instead of rendering as a role.
    expect(embedOf(body).title).toBe(`@everyone \\<@&123456789012345678\\> ${ANSWERABLE}`);
    expect(rendered(embedOf(body).title)).toBe(text);
  });

  it("answers a sixth question within a minute with a private 'try again in N s'", async () => {
    const { fake } = harness;
    const user = newUser("eager");
    const asked = Array.from({ length: 5 }, (_, i) => fake.sendSlashCommand({ name: "ask", options: question(`${NOT_COVERED} (${i})`), user }));
    const sixth = fake.sendSlashCommand({ name: "ask", options: question(NOT_COVERED), user });

    const refusal = await callbackOf(fake, sixth);
    expect(refusal.body).toMatchObject({ type: 4, data: { flags: MessageFlags.Ephemeral, allowed_mentions: { parse: [] } } });
    expect(messageBody(refusal).content).toMatch(/try again in \d+ s/);
    for (const sent of asked) expect((await editOf(fake, sent)).status).toBe(200);
  });

  it("keeps a long answer within every Discord limit, cut after a whole cited sentence", async () => {
    const { fake } = harness;
    const long = longAnswer("Tell me everything about the documents?");
    switchboard.script(long.question, () => Promise.resolve(long));
    const sent = fake.sendSlashCommand({ name: "ask", options: question(long.question), user: newUser("verbose") });

    const edit = await editOf(fake, sent);
    expect(edit.status).toBe(200);
    const embed = embedOf(messageBody(edit));
    expect(embed.description?.length).toBeLessThanOrEqual(DISCORD_LIMITS.embedDescription);
    expect(embed.description?.endsWith(SHORTENED_NOTE)).toBe(true);
    expect(embed.description).toMatch(/¶\d+\\\]\n\n\*\(answer shortened/);
    for (const field of embed.fields ?? []) expect(field.value.length).toBeLessThanOrEqual(DISCORD_LIMITS.fieldValue);
    expect(embed.fields?.[0]?.value).toMatch(/…and \d+ more$/);
    expect(embedSize(embed)).toBeLessThanOrEqual(DISCORD_LIMITS.embedTotal);
  });

  it("still replies, with an error id, when answering throws a plain Error after the defer", async () => {
    const { fake } = harness;
    const text = "What breaks the answer step?";
    switchboard.script(text, () => Promise.reject(new Error("encoder exploded")));
    const sent = fake.sendSlashCommand({ name: "ask", options: question(text), user: newUser("unlucky") });

    const body = messageBody(await editOf(fake, sent));
    const errorId = /error id ([0-9a-f]+)/.exec(body.content ?? "")?.[1];
    expect(errorId).toBeDefined();
    expect(body.content).not.toContain("encoder exploded");
    const logged = harness.logs.find((line) => line["errorId"] === errorId);
    expect(logged).toMatchObject({ level: 50, interactionId: sent.id, err: { message: "encoder exploded" } });
  });
});

describe("/sources, /help and the unexpected", () => {
  it("lists the indexed files privately", async () => {
    const { fake, bot } = harness;
    const sent = fake.sendSlashCommand({ name: "sources", user: newUser("librarian") });

    const callback = await callbackOf(fake, sent);
    expect(callback.body).toMatchObject({ type: 4, data: { flags: MessageFlags.Ephemeral } });
    const embed = embedOf(messageBody(callback));
    for (const file of bot.citebot.status.files) expect(rendered(embed.description)).toContain(`${file.name} — ${file.paragraphs} paragraphs`);
    expect(embed.footer?.text).toContain("Index built");
  });

  it("explains itself and how to check a citation, privately, also in a DM", async () => {
    const { fake } = harness;
    const sent = fake.sendSlashCommand({ name: "help", guildId: null, user: newUser("newcomer") });

    const callback = await callbackOf(fake, sent);
    expect(callback.body).toMatchObject({ type: 4, data: { flags: MessageFlags.Ephemeral } });
    expect(embedOf(messageBody(callback)).description).toContain("¶7");
  });

  it("replies privately with an error id when a handler fails before replying", async () => {
    const { fake } = harness;
    switchboard.statusFailure = new Error("index status unavailable");
    try {
      const sent = fake.sendSlashCommand({ name: "sources", user: newUser("unlucky2") });
      const callback = await callbackOf(fake, sent);
      expect(callback.body).toMatchObject({ type: 4, data: { flags: MessageFlags.Ephemeral } });
      expect(messageBody(callback).content).toMatch(/Something went wrong.*error id [0-9a-f]+/);
    } finally {
      switchboard.statusFailure = undefined;
    }
  });

  it("answers a command it does not know (stale registration) instead of leaving it unanswered", async () => {
    const { fake } = harness;
    const sent = fake.sendSlashCommand({ name: "summarise", user: newUser("time-traveller") });

    expect(messageBody(await callbackOf(fake, sent)).content).toContain("deploy-commands");
  });
});

describe("direct messages and mentions", () => {
  it("answers a DM as a reply, typing meanwhile, with the same cited embed and no pings", async () => {
    const { fake } = harness;
    const author = newUser("dm-asker");
    const sent = fake.sendMessage({ content: ANSWERABLE, guildId: null, author });

    const reply = await replyTo(fake, sent);
    expect(reply.status).toBe(200);
    const body = messageBody(reply);
    expect(body.allowed_mentions).toEqual({ parse: [], replied_user: false });
    expect(rendered(embedOf(body).description)).toMatch(/\[\d{3}_[0-9a-f]+\.txt ¶\d+\]/);
    const typing = fake.requests.findIndex((request) => request.path === `/channels/${sent.channelId}/typing`);
    expect(typing).toBeGreaterThanOrEqual(0);
    expect(typing).toBeLessThan(fake.requests.indexOf(reply));
  });

  it("answers a mention in a guild channel, without the mention in the question", async () => {
    const { fake } = harness;
    const sent = fake.sendMessage({ content: ANSWERABLE, mentionsBot: true, author: newUser("mentioner") });

    const embed = embedOf(messageBody(await replyTo(fake, sent)));
    expect(embed.title).toBe(ANSWERABLE);
    expect(embed.fields?.[0]?.name).toBe("Sources");
  });

  it("ignores other bots, and guild messages that do not mention it", async () => {
    const { fake } = harness;
    const fromBot = fake.sendMessage({ content: ANSWERABLE, guildId: null, author: { ...newUser("other-bot"), bot: true } });
    const unaddressed = fake.sendMessage({ content: ANSWERABLE, author: newUser("chatter") });
    // Messages are handled in order, so once a later one is answered the earlier ones were decided.
    await replyTo(fake, fake.sendMessage({ content: NOT_COVERED, guildId: null, author: newUser("after") }));

    const posts = fake.requests.filter((request) => request.method === "POST" && /^\/channels\/\d+\/messages$/.test(request.path));
    const repliedTo = posts.map((request) => messageBody(request).message_reference?.message_id);
    expect(repliedTo).not.toContain(fromBot.id);
    expect(repliedTo).not.toContain(unaddressed.id);
  });
});

describe("logs", () => {
  it("name the interaction, the user and the latency, and never the token", () => {
    const done = harness.logs.filter((line) => line["msg"] === "interaction done");
    expect(done.length).toBeGreaterThan(0);
    for (const line of done) expect(line).toMatchObject({ interactionId: expect.any(String), userId: expect.any(String), ms: expect.any(Number) });
    expect(JSON.stringify(harness.logs)).not.toContain(TEST_TOKEN);
  });
});

/** What a verbose language model might return: far more than one embed holds. */
function longAnswer(questionText: string): AskResult {
  const citations = Array.from({ length: 14 }, (_, i) => ({
    file: `00${i % 5}_long-document-name-${i}.txt`,
    paragraph: i + 1,
    quote: `This is quoted sentence number ${i + 1}, which goes on for a while so that the quotes alone would overflow a field. `.repeat(3).trim(),
    score: 0.9,
  }));
  const answer = citations.map((citation) => `${citation.quote} [${citationLabel(citation)}]`).join(" ");
  return {
    question: questionText,
    answered: true,
    answer: `${answer} ${answer}`,
    citations,
    generator: "llm",
    droppedCitations: 0,
    buildId: "scripted",
    citedParagraphs: [],
    ms: 1,
    timings: { embedMs: 0, retrieveMs: 0, answerMs: 0 },
  };
}
