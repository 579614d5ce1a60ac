import { readdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { ApplicationCommandOptionType } from "discord.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseBotConfig } from "../src/config.js";
import { startBot, type RunningBot } from "../src/discord/bot.js";
import { FakeDiscord } from "./fake-discord/index.js";
import { tempCorpus } from "./helpers/corpus.js";
import { memoryLogger, sharedEncoder, TEST_TOKEN, type LogLine } from "./helpers/discord-harness.js";
import { callbackOf, editOf, embedOf, messageBody } from "./helpers/discord-replies.js";
import { GatedEmbedder } from "./helpers/gated-embedder.js";

/** Only the document with this word waits at the gate, so the first build stays unfinished until the test opens it. */
const MARKER = "Wombatfair";

describe("a bot whose index is still being built", () => {
  let fake: FakeDiscord;
  let workspace: Awaited<ReturnType<typeof tempCorpus>>;
  let bot: RunningBot;
  let logs: LogLine[];
  let gate: ReturnType<GatedEmbedder["hold"]>;

  beforeAll(async () => {
    fake = await FakeDiscord.start();
    workspace = await tempCorpus();
    await writeFile(path.join(workspace.seedsDir, "fair.txt"), `The ${MARKER} opens in the harbour district every spring with a parade of boats.`);
    const gated = new GatedEmbedder(await sharedEncoder(), MARKER);
    gate = gated.hold();
    const memory = memoryLogger();
    logs = memory.lines;
    const config = parseBotConfig({ DISCORD_TOKEN: TEST_TOKEN, DISCORD_API_BASE: fake.apiBase, SEEDS_DIR: workspace.seedsDir, INDEX_DIR: workspace.indexDir });
    bot = await startBot(config, { embedder: gated, logger: memory.logger });
    await fake.whenIdentified();
  });

  afterAll(async () => {
    gate.open();
    await bot?.stop();
    await fake?.close();
    await workspace?.cleanup();
  });

  it("is online before the build ends, and says how far the build has got on /ask and /sources", async () => {
    await gate.reached;
    expect(logs.some((line) => line.msg === "READY")).toBe(false);

    const ask = fake.sendSlashCommand({ name: "ask", options: [{ name: "question", type: ApplicationCommandOptionType.String, value: "When does the fair open?" }] });
    expect(messageBody(await editOf(fake, ask)).content).toMatch(/^The index is being built \(\d{1,3}%\); ask again when it is done\./);

    const sources = fake.sendSlashCommand({ name: "sources" });
    expect(messageBody(await callbackOf(fake, sources)).content).toMatch(/^The index is being built \(\d{1,3}%\)/);
  });

  it("logs READY with the time since start once the index serves, then answers from it", async () => {
    gate.open();
    await bot.indexReady;
    const ready = logs.find((line) => line.msg === "READY");
    expect(ready?.sinceStartMs).toEqual(expect.any(Number));

    const ask = fake.sendSlashCommand({ name: "ask", options: [{ name: "question", type: ApplicationCommandOptionType.String, value: `When does the ${MARKER} open?` }] });
    expect(embedOf(messageBody(await editOf(fake, ask, (body) => body.embeds !== undefined))).description).toContain("fair.txt ¶1");
  });
});

describe("a bad token", () => {
  it("fails the start at login, before any index is loaded or built", async () => {
    const fake = await FakeDiscord.start({ acceptedToken: "the-real-token" });
    const workspace = await tempCorpus();
    try {
      const config = parseBotConfig({ DISCORD_TOKEN: TEST_TOKEN, DISCORD_API_BASE: fake.apiBase, SEEDS_DIR: workspace.seedsDir, INDEX_DIR: workspace.indexDir });
      await expect(startBot(config, { embedder: await sharedEncoder(), logger: memoryLogger().logger })).rejects.toMatchObject({ code: "TokenInvalid" });
      expect(await readdir(workspace.root)).toEqual(["seeds"]);
    } finally {
      await fake.close();
      await workspace.cleanup();
    }
  });
});
