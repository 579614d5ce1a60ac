import { ApplicationCommandOptionType } from "discord.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Citebot } from "../src/citebot.js";
import { ConfigError, parseBotConfig } from "../src/config.js";
import { startBot } from "../src/discord/bot.js";
import type { CitebotService } from "../src/discord/command.js";
import { FakeDiscord, type SentInteraction, type SentMessage } from "./fake-discord/index.js";
import { promptSources, startFakeLlm, type ChatRequest, type FakeLlm } from "./fake-llm/server.js";
import { TEST_API_KEY } from "./fake-llm/setup.js";
import { sharedEncoder, startHarness, TEST_TOKEN, type Harness } from "./helpers/discord-harness.js";
import { callbackOf, editOf, embedOf, messageBody, newUser, rendered, replyTo, type MessageBody } from "./helpers/discord-replies.js";

const NOTICE = "005_notice.txt";
const MASKED_LINK = "[refund portal](https://evil.example/refund)";
const NOTICE_TEXT = ["Port notice", `The Karachi Port Trust is refunding all berthing fees at the ${MASKED_LINK} for ships that docked in March.`].join("\n");
const NOTICE_QUESTION = "Is the Karachi Port Trust refunding berthing fees?";
/** One line of about 1 MB. Its sentences repeat, so the encoder sees few distinct ones and the build stays short. */
const LONG_FILE = "006_ledger.txt";
const LONG_TEXT = `Port ledger\n${"The harbour pilot guided the cargo vessel to berth seven. ".repeat(18_100)}\n`;
const LONG_QUESTION = "Which berth did the harbour pilot guide the cargo vessel to?";
const PROGRAMME_QUESTION = "Which programme interviewed Mustafa Kamal?";

let llm: FakeLlm;
let harness: Harness;
/** While set, reading the index status blocks the event loop this long: a stand-in for any stall. */
let statusStallMs = 0;

beforeAll(async () => {
  llm = await startFakeLlm(() => ({ kind: "error", status: 500, message: "no script" }));
  harness = await startHarness({
    documents: { [NOTICE]: NOTICE_TEXT, [LONG_FILE]: LONG_TEXT },
    env: {
      LLM_PROVIDER: "openai",
      LLM_MODEL: "fake-model",
      OPENAI_API_KEY: TEST_API_KEY,
      OPENAI_BASE_URL: llm.baseUrl,
      LLM_TIMEOUT_MS: "2000",
      // These tests script failures one after another; the breaker has its own tests.
      LLM_FAILURES_BEFORE_PAUSE: "1000",
    },
    deps: { decorateCitebot: stallingStatus },
  });
});

afterAll(async () => {
  await harness?.close();
  await llm?.close();
});

function stallingStatus(citebot: Citebot): CitebotService {
  return {
    ask: (question, options) => citebot.ask(question, options),
    reindex: (onProgress) => citebot.reindex(onProgress),
    paragraphText: (file, paragraph) => citebot.paragraphText(file, paragraph),
    get isRebuilding() {
      return citebot.isRebuilding;
    },
    get status() {
      const until = performance.now() + statusStallMs;
      while (performance.now() < until) {
        // Busy: the event loop is held, as by any long computation.
      }
      return citebot.status;
    },
  };
}

function ask(question: string, user = newUser("asker")): SentInteraction {
  return harness.fake.sendSlashCommand({ name: "ask", options: [{ name: "question", type: ApplicationCommandOptionType.String, value: question }], user });
}

/** The final answer: the first edit that is not the "Writing…" placeholder. */
async function finalAnswer(sent: SentInteraction): Promise<MessageBody> {
  return messageBody(await editOf(harness.fake, sent, (body) => body.embeds?.[0]?.footer?.text.startsWith("Writing") === false));
}

/** Every embed text of a message, joined. */
function embedText(body: MessageBody): string {
  const embed = embedOf(body);
  return [embed.title, embed.description, ...(embed.fields ?? []).map((field) => field.value), embed.footer?.text].join("\n");
}

function idWith(request: ChatRequest, text: string): string {
  const source = promptSources(request).find((candidate) => candidate.text.includes(text));
  if (!source) throw new Error(`no source in the prompt mentions ${text}`);
  return source.id;
}

describe("hostile documents", () => {
  it("shows a masked link from a document as text, never as a link", async () => {
    const body = await finalAnswer(ask(NOTICE_QUESTION));
    const text = embedText(body);

    expect(rendered(text)).toContain(MASKED_LINK);
    // Escaped brackets, parentheses and colon: Discord shows the characters and links nothing.
    expect(text).toContain("\\[refund portal\\]\\(https\\://evil.example/refund\\)");
    expect(text).not.toMatch(/(?<!\\)\]\(/);
    expect(text).not.toMatch(/(?<!\\):\/\//);
  });

  it("keeps acknowledging other users while a 1 MB one-line document and a 1 MB model reply are processed", async () => {
    llm.script(() => ({ kind: "text", text: `${"word, [".repeat(40_000)}${" ".repeat(800_000)}` }));
    const hostile = [ask(LONG_QUESTION), ask(LONG_QUESTION)];
    const others = Array.from({ length: 6 }, (_, i) => harness.fake.sendSlashCommand({ name: "help", user: newUser(`bystander-${i}`) }));

    for (const sent of others) expect((await callbackOf(harness.fake, sent)).status).toBeLessThan(300);
    for (const sent of hostile) {
      expect((await callbackOf(harness.fake, sent)).status).toBeLessThan(300);
      expect(rendered(embedOf(await finalAnswer(sent)).description)).toContain("berth seven");
    }
  });
});

describe("a lying model", () => {
  it("drops negated, number-swapped and fabricated sentences and links the paragraph lacks, keeping the true one", async () => {
    llm.script((request) => {
      const programme = idWith(request, "Dialogue Pakistan");
      return {
        kind: "text",
        text: [
          `Mustafa Kamal was interviewed by Dialogue Pakistan [${programme}].`,
          `Mustafa Kamal was never interviewed by Dialogue Pakistan [${programme}].`,
          `Kamal was interviewed by Dialogue Pakistan in 1999 [${programme}].`,
          `Dialogue Pakistan is refunding viewers at [the portal](https://evil.example/gift) [${programme}].`,
          `Kamal founded a shipping company in Dubai and sold it to investors [${programme}].`,
        ].join(" "),
      };
    });
    const body = await finalAnswer(ask(PROGRAMME_QUESTION));
    const embed = embedOf(body);

    expect(embed.footer?.text).toContain("Written by a language model");
    expect(rendered(embed.description)).toMatch(/^Mustafa Kamal was interviewed by Dialogue Pakistan\. \[[^\]]+ ¶\d+\]$/);
    expect(embedText(body)).not.toMatch(/never|1999|evil\.example|shipping/);
  });

  it("shows no model text in public before it is verified", async () => {
    const unverified = "Kamal was never the mayor, see https://evil.example/claim";
    llm.script(() => ({ kind: "hang", partial: unverified }));
    const sent = ask(`${PROGRAMME_QUESTION} (stalling)`);

    const draft = messageBody(await editOf(harness.fake, sent, (body) => body.embeds?.[0]?.footer?.text.startsWith("Writing") === true));
    expect(embedOf(draft).description).toMatch(/^Writing the answer… \(\d+ characters so far\)/);
    // The model never finishes: the offline answer replaces the placeholder at the deadline.
    await finalAnswer(sent);
    const edits = harness.fake.repliesFor(sent).map((request) => JSON.stringify(request.body));
    expect(edits.length).toBeGreaterThan(1);
    for (const edit of edits) expect(edit).not.toMatch(/never the mayor|evil\.example/);
  });
});

describe("what the log keeps", () => {
  it("logs a failed REST call without the interaction token, the bot token or the request body", async () => {
    statusStallMs = 3500;
    let sent: SentInteraction;
    try {
      sent = harness.fake.sendSlashCommand({ name: "sources", user: newUser("late") });
      // The reply comes after Discord's 3 s: Discord answers 404 and the bot logs the failure.
      const late = await callbackOf(harness.fake, sent);
      expect(late.status).toBe(404);
    } finally {
      statusStallMs = 0;
    }
    await expect.poll(() => harness.logs.some((line) => line.msg === "could not tell the user about an error")).toBe(true);

    const log = JSON.stringify(harness.logs);
    expect(log).toContain("Unknown interaction");
    expect(log).not.toContain(sent.token);
    expect(log).not.toContain(TEST_TOKEN);
    expect(log).not.toContain(TEST_API_KEY);
    expect(log).not.toContain("Indexed documents");
  });
});

describe("floods", () => {
  it("ignores bare mentions in a channel and answers a flood of empty DMs only until the rate limit, then once more to say so", async () => {
    const { fake } = harness;
    const mentioner = newUser("pinger");
    const mentions = Array.from({ length: 20 }, () => fake.sendMessage({ content: "   ", mentionsBot: true, author: mentioner }));
    const dmer = newUser("blank");
    const dms = Array.from({ length: 20 }, () => fake.sendMessage({ content: "   ", guildId: null, author: dmer }));

    const sixth = messageBody(await replyTo(fake, dms[5] as SentMessage));
    expect(sixth.content).toMatch(/try again in \d+ s/);
    // A marker sent last: once it is answered, every earlier message has been handled.
    await replyTo(fake, fake.sendMessage({ content: PROGRAMME_QUESTION, guildId: null, author: newUser("after-flood") }));
    const repliedTo = new Set(fake.requests.flatMap((request) => (request.method === "POST" && request.path.endsWith("/messages") ? [messageBody(request).message_reference?.message_id] : [])));

    expect(mentions.filter((message) => repliedTo.has(message.id))).toHaveLength(0);
    expect(dms.filter((message) => repliedTo.has(message.id))).toHaveLength(6);
  });
});

describe("start-up checks", () => {
  it("refuses MOD_ROLE_IDS holding the guild's id, the @everyone role", async () => {
    const guildId = "123456789012345678";
    const fake = await FakeDiscord.start({ guildIds: [guildId] });
    try {
      const config = parseBotConfig({ DISCORD_TOKEN: TEST_TOKEN, DISCORD_API_BASE: fake.apiBase, SEEDS_DIR: harness.seedsDir, INDEX_DIR: harness.indexDir, MOD_ROLE_IDS: `234567890123456789,${guildId}` });
      const started = startBot(config, { embedder: await sharedEncoder() });
      await expect(started).rejects.toBeInstanceOf(ConfigError);
      await expect(started).rejects.toThrow(/MOD_ROLE_IDS holds 123456789012345678.*@everyone/);
    } finally {
      await fake.close();
    }
  });
});
