import { mkdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DATABASE_FILE } from "../src/memory/database.js";
import { tempCorpus } from "./helpers/corpus.js";
import { TEST_TOKEN } from "./helpers/discord-harness.js";
import { runEntry } from "./helpers/run-entry.js";

let workspace: Awaited<ReturnType<typeof tempCorpus>>;

beforeAll(async () => {
  workspace = await tempCorpus();
});

afterAll(async () => {
  await rm(workspace.root, { recursive: true, force: true });
});

describe("the bot's start-up with an unusable answer database", () => {
  it("stops with one line naming the file, before building the index", async () => {
    await mkdir(workspace.dataDir, { recursive: true });
    const file = path.join(workspace.dataDir, DATABASE_FILE);
    await writeFile(file, "not a database, just some text ".repeat(40));
    const env = { DISCORD_TOKEN: TEST_TOKEN, SEEDS_DIR: workspace.seedsDir, INDEX_DIR: workspace.indexDir, DATA_DIR: workspace.dataDir };

    const result = await runEntry("src/main.ts", env, workspace.root).exited;

    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`error: The answer database ${file} cannot be used (file is not a database)`);
    expect(result.stderr).not.toMatch(/^\s+at /m);
    expect(result.stderr).not.toContain("building");
  });
});
