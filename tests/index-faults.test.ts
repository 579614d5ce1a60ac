import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdir, readdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { PermissionFlagsBits } from "discord.js";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { Citebot } from "../src/citebot.js";
import { parseBotConfig } from "../src/config.js";
import { startBot } from "../src/discord/bot.js";
import { DEFAULT_MEMBER_PERMISSIONS, FakeDiscord } from "./fake-discord/index.js";
import { tempCorpus } from "./helpers/corpus.js";
import { memoryLogger, sharedEncoder, startHarness, TEST_TOKEN, type Harness } from "./helpers/discord-harness.js";
import { callbackOf, editOf, embedOf, messageBody, newUser, rendered } from "./helpers/discord-replies.js";

/**
 * Disk faults injected at the edge, node:fs/promises, for the files under a chosen folder:
 * writes fail with ENOSPC (a full disk) or EROFS (a read-only mount). Only the product's own
 * writes pass through here; the HNSW library's native writes are real and succeed, so a
 * failing build really leaves files behind for the cleanup to find.
 */
const faults = vi.hoisted(() => ({ full: undefined as string | undefined, readOnly: undefined as string | undefined }));

vi.mock("node:fs/promises", async (importOriginal) => {
  const real = await importOriginal<typeof import("node:fs/promises")>();
  const refuse = (target: unknown): void => {
    const file = path.resolve(String(target));
    for (const [folder, code] of [
      [faults.full, "ENOSPC"],
      [faults.readOnly, "EROFS"],
    ] as const) {
      if (folder !== undefined && file.startsWith(path.resolve(folder))) {
        throw Object.assign(new Error(`${code}: injected fault, write '${file}'`), { code });
      }
    }
  };
  const writing = (flags: unknown): boolean => typeof flags === "string" && /[wa+]/.test(flags);
  const faulty = {
    ...real,
    open: (async (file, flags, mode) => {
      if (writing(flags)) refuse(file);
      return real.open(file, flags, mode);
    }) as typeof real.open,
    writeFile: (async (file, data, options) => {
      refuse(file);
      return real.writeFile(file, data, options);
    }) as typeof real.writeFile,
    rename: (async (from, to) => {
      refuse(to);
      return real.rename(from, to);
    }) as typeof real.rename,
    mkdir: (async (directory, options) => {
      if (faults.readOnly !== undefined && !existsSync(String(directory))) refuse(directory);
      return real.mkdir(directory, options);
    }) as typeof real.mkdir,
  };
  return { ...faulty, default: faulty };
});

const MANAGER = DEFAULT_MEMBER_PERMISSIONS | PermissionFlagsBits.ManageGuild;
const NEW_FACT = "The Quokka Ferry Company was founded in 1987 on Rottnest Island by three lighthouse keepers.";

/** Everything left in the index folder that is not the active build and its bookkeeping. */
async function leftovers(indexDir: string): Promise<string[]> {
  const active = (await readFile(path.join(indexDir, "CURRENT"), "utf8")).trim();
  const entries = await readdir(indexDir, { recursive: true });
  return entries.filter((entry) => entry.endsWith(".tmp") || entry === "rebuild.lock" || (/^builds[/\\][^/\\]+$/.test(entry) && !entry.endsWith(active)));
}

describe("a full disk during /reindex", () => {
  let harness: Harness;

  beforeAll(async () => {
    harness = await startHarness();
  });

  afterAll(async () => {
    faults.full = undefined;
    await harness?.close();
  });

  function reindex(): ReturnType<Harness["fake"]["sendSlashCommand"]> {
    return harness.fake.sendSlashCommand({ name: "reindex", user: newUser("mod"), memberPermissions: MANAGER });
  }

  it("fails cleanly, leaves no partial build, and a rebuild after space is freed succeeds", async () => {
    const { fake, seedsDir, indexDir, bot } = harness;
    const before = bot.citebot.status.builtAt;
    await writeFile(path.join(seedsDir, "zzz_ferry.txt"), `Ferry history\n${NEW_FACT}\n`);

    faults.full = path.join(indexDir, "builds");
    const first = reindex();
    const failed = messageBody(await editOf(fake, first, (body) => body.content?.includes("failed") === true));
    expect(failed.content).toMatch(/The previous index is still serving questions/);
    expect(bot.citebot.status.builtAt).toBe(before);
    expect(await leftovers(indexDir)).toEqual([]);
    expect(await readdir(path.join(indexDir, "builds"))).toHaveLength(1);

    faults.full = undefined;
    const second = reindex();
    const done = messageBody(await editOf(fake, second, (body) => body.content?.startsWith("Rebuilt") === true));
    expect(rendered(done.content)).toContain("1 added: zzz_ferry.txt");
    expect(await leftovers(indexDir)).toEqual([]);
    expect(await readdir(path.join(indexDir, "builds"))).toHaveLength(1);
    expect((await bot.citebot.ask("When was the Quokka Ferry Company founded?")).answer).toContain("1987");
  });
});

describe("a start whose rebuild fails", () => {
  it("serves the old index, says it is stale in the log and /sources, and /reindex tries again", async () => {
    const corpus = await tempCorpus();
    const fake = await FakeDiscord.start();
    const embedder = await sharedEncoder();
    const { logger, lines } = memoryLogger();
    try {
      await Citebot.open({ seedsDir: corpus.seedsDir, indexDir: corpus.indexDir, logger, embedder });
      await writeFile(path.join(corpus.seedsDir, "zzz_ferry.txt"), `Ferry history\n${NEW_FACT}\n`);
      faults.readOnly = corpus.indexDir;

      const config = parseBotConfig({ DISCORD_TOKEN: TEST_TOKEN, DISCORD_API_BASE: fake.apiBase, SEEDS_DIR: corpus.seedsDir, INDEX_DIR: corpus.indexDir });
      const bot = await startBot(config, { embedder, logger });
      try {
        await fake.whenIdentified();
        // The index loads after login: wait until the bot says it answers questions.
        await expect.poll(() => lines.some((line) => line.msg === "READY"), { timeout: 60_000 }).toBe(true);
        const staleLine = lines.find((line) => line.msg === "serving the previous index, which is out of date; /reindex tries again");
        expect(staleLine?.reason).toMatch(/documents changed .*zzz_ferry\.txt.*rebuild failed .*EROFS/);

        const sources = embedOf(messageBody(await callbackOf(fake, fake.sendSlashCommand({ name: "sources", user: newUser("reader") }))));
        expect(rendered(sources.description)).toMatch(/^\*\*Out of date:\*\* the documents changed .* Answers come from the last good index; a moderator's `\/reindex` tries again\./);

        faults.readOnly = undefined;
        const sent = fake.sendSlashCommand({ name: "reindex", user: newUser("mod"), memberPermissions: MANAGER });
        await editOf(fake, sent, (body) => body.content?.startsWith("Rebuilt") === true);
        const after = embedOf(messageBody(await callbackOf(fake, fake.sendSlashCommand({ name: "sources", user: newUser("reader-2") }))));
        expect(after.description).not.toContain("Out of date");
        expect(after.description).toContain("zzz\\_ferry.txt");
      } finally {
        await bot.stop();
      }
    } finally {
      faults.readOnly = undefined;
      await fake.close();
      await corpus.cleanup();
    }
  });
});

describe("the index folder's lock and leftovers", () => {
  const run = promisify(execFile);

  it("lets two rebuilds of one INDEX_DIR from two processes leave exactly one complete active build", async () => {
    const corpus = await tempCorpus();
    try {
      const reindex = () =>
        run(process.execPath, ["--import", "tsx", "src/cli/reindex.ts"], { env: { ...process.env, SEEDS_DIR: corpus.seedsDir, INDEX_DIR: corpus.indexDir, LOG_LEVEL: "warn" } }).then(
          () => "rebuilt",
          (error: { code: number; stderr: string }) => error.stderr,
        );
      const outcomes = await Promise.all([reindex(), reindex()]);

      expect(outcomes).toContain("rebuilt");
      // The other one either waited its turn or was told plainly why it stopped.
      for (const outcome of outcomes) if (outcome !== "rebuilt") expect(outcome).toMatch(/^error: Another rebuild of .* is running \(process \d+\); try again when it has finished\.\n$/);
      expect(await leftovers(corpus.indexDir)).toEqual([]);
      expect(await readdir(path.join(corpus.indexDir, "builds"))).toHaveLength(1);
      const { logger, lines } = memoryLogger();
      await Citebot.open({ seedsDir: corpus.seedsDir, indexDir: corpus.indexDir, logger, embedder: await sharedEncoder() });
      expect(lines.map((line) => line.msg)).toContain("loaded saved index");
    } finally {
      await corpus.cleanup();
    }
    // Two processes each load the encoder and build: minutes on two cores shared with other tests.
  }, 240_000);

  it("takes over a lock whose process is gone, refuses one a live process holds, and removes leftovers at start", async () => {
    const corpus = await tempCorpus();
    const embedder = await sharedEncoder();
    const options = { seedsDir: corpus.seedsDir, indexDir: corpus.indexDir, logger: memoryLogger().logger, embedder };
    try {
      await mkdir(corpus.indexDir, { recursive: true });
      await writeFile(path.join(corpus.indexDir, "rebuild.lock"), "999999999\n");
      await Citebot.rebuildIndex(options);

      await writeFile(path.join(corpus.indexDir, "rebuild.lock"), `${process.ppid}\n`);
      await expect(Citebot.rebuildIndex(options)).rejects.toThrow(`Another rebuild of ${corpus.indexDir} is running (process ${process.ppid})`);
      await writeFile(path.join(corpus.indexDir, "rebuild.lock"), "999999999\n");

      // What a crash mid-build leaves: a build without a manifest and temporary files.
      await mkdir(path.join(corpus.indexDir, "builds", "1700000000000-deadbeef"), { recursive: true });
      await writeFile(path.join(corpus.indexDir, "builds", "1700000000000-deadbeef", "hnswlib.index"), "partial");
      await writeFile(path.join(corpus.indexDir, "CURRENT.1700000000000-deadbeef.tmp"), "x");
      const cacheDir = path.join(corpus.indexDir, "embedding-cache", (await readdir(path.join(corpus.indexDir, "embedding-cache")))[0] ?? "");
      await writeFile(path.join(cacheDir, "vectors.bin.4242.abcd1234.tmp"), "partial");

      const citebot = await Citebot.open(options);
      expect(await leftovers(corpus.indexDir)).toEqual([]);
      expect(await readdir(path.join(corpus.indexDir, "builds"))).toHaveLength(1);
      expect((await citebot.ask("What party does Mustafa Kamal chair?")).answered).toBe(true);

      // Another live process serves an older build: a prune leaves it alone.
      const servedElsewhere = path.join(corpus.indexDir, "builds", "1700000000001-cafebabe");
      await mkdir(servedElsewhere);
      await writeFile(path.join(corpus.indexDir, "serving", String(process.ppid)), "1700000000001-cafebabe\n");
      await Citebot.rebuildIndex(options);
      expect(existsSync(servedElsewhere)).toBe(true);
    } finally {
      await corpus.cleanup();
    }
    // Three builds of the seeds.
  }, 180_000);

  it("starts when CURRENT is a directory or a manifest is malformed, and rebuilds when the embedding cache cannot be written", async () => {
    const corpus = await tempCorpus();
    const embedder = await sharedEncoder();
    const { logger, lines } = memoryLogger();
    const options = { seedsDir: corpus.seedsDir, indexDir: corpus.indexDir, logger, embedder };
    try {
      await mkdir(path.join(corpus.indexDir, "CURRENT"), { recursive: true });
      await Citebot.open(options);
      expect(lines.map((line) => line.reason ?? line.msg).join("\n")).toMatch(/CURRENT is a directory/);
      expect(await readFile(path.join(corpus.indexDir, "CURRENT"), "utf8")).toMatch(/^\d+-[0-9a-f]+\n$/);

      const active = (await readFile(path.join(corpus.indexDir, "CURRENT"), "utf8")).trim();
      const manifestFile = path.join(corpus.indexDir, "builds", active, "manifest.json");
      await writeFile(manifestFile, JSON.stringify({ ...JSON.parse(await readFile(manifestFile, "utf8")), files: "all of them" }));
      // The command line reads the serving manifest to say what changed: a malformed one is nothing to compare with, not a crash.
      const summary = await Citebot.rebuildIndex(options);
      expect(summary.files).toBeGreaterThan(0);
      const rebuiltManifest = path.join(corpus.indexDir, "builds", (await readFile(path.join(corpus.indexDir, "CURRENT"), "utf8")).trim(), "manifest.json");
      await writeFile(rebuiltManifest, JSON.stringify({ ...JSON.parse(await readFile(rebuiltManifest, "utf8")), files: "all of them" }));
      const seen = lines.length;
      await Citebot.open(options);
      expect(lines.slice(seen).find((line) => line.msg === "saved index unusable; rebuilding")?.reason).toMatch(/manifest of build .* is malformed \(files /);

      faults.full = path.join(corpus.indexDir, "embedding-cache");
      await Citebot.rebuildIndex(options);
      expect(lines.some((line) => line.msg === "embedding cache not saved; the next rebuild embeds every chunk again")).toBe(true);
    } finally {
      faults.full = undefined;
      await corpus.cleanup();
    }
    // Four builds of the seeds.
  }, 180_000);
});
