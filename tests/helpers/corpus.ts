import { cp, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";

export const SEEDS = path.resolve("seeds");

/** A private copy of the seed corpus and empty index and data folders, removed by the returned cleanup. */
export async function tempCorpus(): Promise<{ root: string; seedsDir: string; indexDir: string; dataDir: string; cleanup: () => Promise<void> }> {
  const root = await mkdtemp(path.join(tmpdir(), "citebot-"));
  const seedsDir = path.join(root, "seeds");
  await cp(SEEDS, seedsDir, { recursive: true });
  return { root, seedsDir, indexDir: path.join(root, "index"), dataDir: path.join(root, "data"), cleanup: () => rm(root, { recursive: true, force: true }) };
}
