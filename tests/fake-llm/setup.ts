import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { pino } from "pino";
import { Citebot } from "../../src/citebot.js";
import { parsePipelineConfig } from "../../src/config.js";
import type { TextEmbedder } from "../../src/embeddings/types.js";
import type { Logger } from "../../src/logger.js";
import { configuredProviders } from "../../src/providers.js";
import { tempCorpus } from "../helpers/corpus.js";
import type { FakeLlm } from "./server.js";

export const TEST_API_KEY = "sk-test-never-logged-4242";

export interface Workspace {
  seedsDir: string;
  indexDir: string;
  remove(): Promise<void>;
}

/** A copy of seeds/ (plus any extra documents) and an empty index folder in a temp dir. */
export async function seedWorkspace(extra: Record<string, string> = {}): Promise<Workspace> {
  const { seedsDir, indexDir, cleanup } = await tempCorpus();
  for (const [name, text] of Object.entries(extra)) await writeFile(join(seedsDir, name), text);
  return { seedsDir, indexDir, remove: cleanup };
}

export interface MemoryLog {
  logger: Logger;
  text(): string;
  entries(): Array<Record<string, unknown>>;
}

/** A pino logger whose lines stay in memory, so tests can read what an operator would. */
export function memoryLog(): MemoryLog {
  const lines: string[] = [];
  const logger = pino({ level: "info" }, { write: (line: string) => void lines.push(line) });
  return {
    logger,
    text: () => lines.join(""),
    entries: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}

/**
 * A Citebot whose generator is built from configuration exactly as the CLIs build it, pointed at the fake server.
 * The circuit breaker stays out of the way unless `env` sets it: these tests script one failure after another on purpose.
 */
export async function openWithFakeLlm(workspace: Workspace, server: FakeLlm, embedder: TextEmbedder, logger: Logger, timeoutMs: number, env: Record<string, string> = {}): Promise<Citebot> {
  const config = parsePipelineConfig({
    LLM_PROVIDER: "openai",
    LLM_MODEL: "fake-model",
    OPENAI_API_KEY: TEST_API_KEY,
    OPENAI_BASE_URL: server.baseUrl,
    LLM_TIMEOUT_MS: String(timeoutMs),
    LLM_FAILURES_BEFORE_PAUSE: "1000",
    ...env,
  });
  return Citebot.open({ seedsDir: workspace.seedsDir, indexDir: workspace.indexDir, logger, embedder, ...(await configuredProviders(config)) });
}
