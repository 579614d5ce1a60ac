import { mkdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApplicationCommandOptionType } from "discord.js";
import { DATABASE_FILE } from "../src/memory/database.js";
import { FakeDiscord } from "./fake-discord/index.js";
import { tempCorpus } from "./helpers/corpus.js";
import { TEST_TOKEN } from "./helpers/discord-harness.js";
import { callbackOf } from "./helpers/discord-replies.js";
import { runEntry } from "./helpers/run-entry.js";

/** The production entry point (src/main.ts), run as a child process exactly as `npm start` runs it, minus the build. */
const MAIN = "src/main.ts";

let workspace: Awaited<ReturnType<typeof tempCorpus>>;

beforeAll(async () => {
  workspace = await tempCorpus();
});

afterAll(async () => {
  await rm(workspace.root, { recursive: true, force: true });
});

describe("the bot's entry point", () => {
  it("stops at start-up without DISCORD_TOKEN, naming the variable, without a stack trace", async () => {
    const result = await runEntry(MAIN, { SEEDS_DIR: workspace.seedsDir, INDEX_DIR: workspace.indexDir }, workspace.root).exited;

    expect(result.code).toBe(1);
    expect(result.stderr).toContain("DISCORD_TOKEN is required");
    expect(result.stderr).not.toMatch(/^\s+at /m);
  });

  it("stops at start-up on a bad value, naming the variable", async () => {
    const env = { DISCORD_TOKEN: TEST_TOKEN, RATE_LIMIT_QUESTIONS: "lots", SEEDS_DIR: workspace.seedsDir, INDEX_DIR: workspace.indexDir };
    const result = await runEntry(MAIN, env, workspace.root).exited;

    expect(result.code).toBe(1);
    expect(result.stderr).toContain("RATE_LIMIT_QUESTIONS");
  });

  it("stops with one line naming an unusable answer database, before building the index", async () => {
    await mkdir(workspace.dataDir, { recursive: true });
    const file = path.join(workspace.dataDir, DATABASE_FILE);
    await writeFile(file, "not a database, just some text ".repeat(40));
    const env = { DISCORD_TOKEN: TEST_TOKEN, SEEDS_DIR: workspace.seedsDir, INDEX_DIR: workspace.indexDir, DATA_DIR: workspace.dataDir };
    try {
      const result = await runEntry(MAIN, env, workspace.root).exited;

      expect(result.code).toBe(1);
      expect(result.stderr).toContain(`error: The answer database ${file} cannot be used (file is not a database)`);
      expect(result.stderr).not.toMatch(/^\s+at /m);
      expect(result.stderr).not.toContain("building");
    } finally {
      await rm(file);
    }
  });

  it("logs in, builds the index in the background, answers from its encoder workers, and ends them on SIGTERM", async () => {
    const fake = await FakeDiscord.start();
    try {
      const env = { DISCORD_TOKEN: TEST_TOKEN, DISCORD_API_BASE: fake.apiBase, SEEDS_DIR: workspace.seedsDir, INDEX_DIR: workspace.indexDir, LOG_LEVEL: "info" };
      const bot = runEntry(MAIN, env, workspace.root);
      await Promise.race([fake.whenIdentified(), bot.exited.then((result) => Promise.reject(new Error(`the bot exited early: ${result.stderr}`)))]);

      const help = fake.sendSlashCommand({ name: "help" });
      expect((await callbackOf(fake, help)).status).toBe(204);
      await until(() => bot.stderrSoFar().includes('"msg":"READY"'));
      const ask = fake.sendSlashCommand({ name: "ask", options: [{ name: "question", type: ApplicationCommandOptionType.String, value: "Why did Mustafa Kamal resign from the Senate?" }] });
      const answer = await fake.waitForRequest((request) => request.method === "PATCH" && request.path.endsWith(`/${ask.token}/messages/@original`), 60_000);
      expect(JSON.stringify(answer.body)).toContain("e8145cde6a7dd80f.txt ¶");

      bot.child.kill("SIGTERM");
      const result = await bot.exited;
      expect(result).toMatchObject({ code: 0, signal: null });
      expect(result.stderr).toContain('"msg":"encoder workers stopped"');
      expect(result.stderr).toContain('"msg":"bot stopped"');
      expect(result.stderr).not.toContain(TEST_TOKEN);
    } finally {
      await fake.close();
    }
  });
});

async function until(condition: () => boolean, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
