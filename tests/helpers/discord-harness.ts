import { writeFile } from "node:fs/promises";
import path from "node:path";
import { pino } from "pino";
import { configuredSecrets, parseBotConfig } from "../../src/config.js";
import { startBot, type BotDeps, type RunningBot } from "../../src/discord/bot.js";
import type { TextEmbedder } from "../../src/embeddings/types.js";
import { UniversalSentenceEncoderEmbeddings } from "../../src/embeddings/universal-sentence-encoder.js";
import { createLogger, type Logger } from "../../src/logger.js";
import { FakeDiscord } from "../fake-discord/index.js";
import { tempCorpus } from "./corpus.js";

export const TEST_TOKEN = "test-token-never-logged";

export type LogLine = Record<string, unknown>;

let encoder: Promise<TextEmbedder> | undefined;

/** The real encoder, loaded once per test file. */
export function sharedEncoder(): Promise<TextEmbedder> {
  encoder ??= UniversalSentenceEncoderEmbeddings.load();
  return encoder;
}

/** A pino logger whose lines the test can read. */
export function memoryLogger(): { logger: Logger; lines: LogLine[] } {
  const lines: LogLine[] = [];
  const logger = pino({ level: "debug" }, { write: (line: string) => void lines.push(JSON.parse(line) as LogLine) });
  return { logger, lines };
}

export interface Harness {
  fake: FakeDiscord;
  bot: RunningBot;
  seedsDir: string;
  indexDir: string;
  /** DATA_DIR, where the answer database is. */
  dataDir: string;
  logs: LogLine[];
  /** Stops the bot and starts a new one on the same fake Discord, documents, index and DATA_DIR: a process restart. */
  restart(): Promise<void>;
  close(): Promise<void>;
}

/**
 * A fake Discord and the real bot connected to it, configured as in production except for
 * the token and DISCORD_API_BASE. Only the pipeline's decoration and the encoder (shared) come from the test.
 */
export async function startHarness(options: { env?: Record<string, string>; deps?: Omit<BotDeps, "logger">; documents?: Record<string, string> } = {}): Promise<Harness> {
  const fake = await FakeDiscord.start();
  const workspace = await tempCorpus();
  for (const [name, text] of Object.entries(options.documents ?? {})) await writeFile(path.join(workspace.seedsDir, name), text);
  const config = parseBotConfig({
    DISCORD_TOKEN: TEST_TOKEN,
    DISCORD_API_BASE: fake.apiBase,
    SEEDS_DIR: workspace.seedsDir,
    INDEX_DIR: workspace.indexDir,
    DATA_DIR: workspace.dataDir,
    ...options.env,
  });
  // Built as main.ts builds it, so what the tests read is what an operator's log would hold.
  const lines: LogLine[] = [];
  const logger = createLogger("debug", { destination: { write: (line: string) => void lines.push(JSON.parse(line) as LogLine) }, secrets: configuredSecrets(config) });
  let bot: RunningBot;
  try {
    bot = await startBot(config, { embedder: await sharedEncoder(), ...options.deps, logger });
    await fake.whenIdentified();
    await bot.indexReady;
  } catch (error) {
    await fake.close();
    throw error;
  }
  const harness: Harness = {
    fake,
    bot,
    seedsDir: workspace.seedsDir,
    indexDir: workspace.indexDir,
    dataDir: workspace.dataDir,
    logs: lines,
    restart: async () => {
      await harness.bot.stop();
      harness.bot = await startBot(config, { embedder: await sharedEncoder(), ...options.deps, logger });
      await harness.bot.indexReady;
    },
    close: async () => {
      await harness.bot.stop();
      await fake.close();
      await workspace.cleanup();
    },
  };
  return harness;
}
