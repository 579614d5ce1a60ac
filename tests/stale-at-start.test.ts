import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { ApplicationCommandOptionType } from "discord.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseBotConfig } from "../src/config.js";
import { startBot, type RunningBot } from "../src/discord/bot.js";
import { FakeDiscord } from "./fake-discord/index.js";
import { tempCorpus } from "./helpers/corpus.js";
import { memoryLogger, sharedEncoder, TEST_TOKEN } from "./helpers/discord-harness.js";
import { editOf, newUser, REPLY_TIMEOUT_MS } from "./helpers/discord-replies.js";

let fake: FakeDiscord;
let workspace: Awaited<ReturnType<typeof tempCorpus>>;
let bot: RunningBot | undefined;

beforeAll(async () => {
  fake = await FakeDiscord.start();
  workspace = await tempCorpus();
});

afterAll(async () => {
  await bot?.stop();
  await fake?.close();
  await workspace?.cleanup();
});

async function start(): Promise<RunningBot> {
  const config = parseBotConfig({ DISCORD_TOKEN: TEST_TOKEN, DISCORD_API_BASE: fake.apiBase, SEEDS_DIR: workspace.seedsDir, INDEX_DIR: workspace.indexDir, DATA_DIR: workspace.dataDir });
  const started = await startBot(config, { embedder: await sharedEncoder(), logger: memoryLogger().logger });
  await started.indexReady;
  return started;
}

describe("a restart after the documents changed", () => {
  it("notes the answers whose cited paragraph changed while the bot was down", async () => {
    bot = await start();
    await fake.whenIdentified();
    const sent = fake.sendSlashCommand({ name: "ask", options: [{ name: "question", type: ApplicationCommandOptionType.String, value: "When was Mustafa Kamal the Mayor of Karachi?" }], user: newUser("asker") });
    await editOf(fake, sent);
    const message = fake.responseMessage(sent);
    const [citation] = (await bot.citebot.ask("When was Mustafa Kamal the Mayor of Karachi?")).citations;
    if (message === undefined || citation === undefined) throw new Error("expected a cited answer");
    await bot.stop();

    const file = path.join(workspace.seedsDir, citation.file);
    const text = await readFile(file, "utf8");
    const original = bot.citebot.paragraphText(citation.file, citation.paragraph) ?? "";
    await writeFile(file, text.replace(original, `${original} An editor added this sentence.`));
    bot = await start();

    const note = await fake.waitForRequest((request) => request.method === "PATCH" && request.path === `/channels/${message.channel_id}/messages/${message.id}`, REPLY_TIMEOUT_MS);
    expect(note.status).toBe(200);
    expect(fake.responseMessage(sent)?.content).toMatch(/^⚠ A source of this answer changed on /);
  });
});
