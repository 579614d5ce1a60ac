import { open, readFile, rm, stat } from "node:fs/promises";
import path from "node:path";
import { CitebotError } from "../errors.js";

/**
 * INDEX_DIR/rebuild.lock: one rebuild at a time per index folder, across processes (the
 * bot's /reindex and `npm run reindex` on the same folder). It holds the owner's pid; a
 * lock whose process is gone was left by a crash and is taken over.
 */
const LOCK_FILE = "rebuild.lock";

/** Lock files this process holds, so a second Citebot in the same process is refused too. */
const heldHere = new Set<string>();

export interface IndexLock {
  release(): Promise<void>;
}

export async function acquireIndexLock(indexDir: string): Promise<IndexLock> {
  const file = path.join(indexDir, LOCK_FILE);
  for (let attempt = 0; attempt < 2; attempt += 1) {
    try {
      const handle = await open(file, "wx");
      try {
        await handle.writeFile(`${process.pid}\n`);
      } finally {
        await handle.close();
      }
      heldHere.add(file);
      return {
        release: async () => {
          heldHere.delete(file);
          await rm(file, { force: true });
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const owner = await lockOwner(file);
      const held = owner === undefined ? await justCreated(file) : isAlive(owner) && (owner !== process.pid || heldHere.has(file));
      if (held) throw new CitebotError("REINDEX_RUNNING", `Another rebuild of ${indexDir} is running (process ${owner ?? "starting"}); try again when it has finished.`);
      // Left by a process that died mid-rebuild: nothing holds it.
      await rm(file, { force: true });
    }
  }
  throw new CitebotError("REINDEX_RUNNING", `Another rebuild of ${indexDir} took the lock at the same moment; try again when it has finished.`);
}

/** Whether some process may still be using what `pid` wrote: it is alive, or we cannot tell. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

async function lockOwner(file: string): Promise<number | undefined> {
  const text = await readFile(file, "utf8").catch(() => "");
  const pid = Number.parseInt(text, 10);
  return Number.isSafeInteger(pid) && pid > 0 ? pid : undefined;
}

/** A lock without a pid yet may be one another process is writing this instant. */
async function justCreated(file: string): Promise<boolean> {
  const info = await stat(file).catch(() => undefined);
  return info !== undefined && Date.now() - info.mtimeMs < UNWRITTEN_LOCK_GRACE_MS;
}

const UNWRITTEN_LOCK_GRACE_MS = 5000;
