import { mkdirSync } from "node:fs";
import path from "node:path";
import Database from "better-sqlite3";
import { CitebotError } from "../errors.js";
import { migrate } from "./migrations.js";

export const DATABASE_FILE = "citebot.db";

/** Waiting this long for a lock covers `npm run gaps` reading while the bot writes. */
const BUSY_TIMEOUT_MS = 2000;

/**
 * Opens DATA_DIR/citebot.db, creating it when absent, in WAL mode (readers never block the
 * bot's writes) with every migration applied. Any problem stops start-up with one message
 * naming the file: a database that cannot be read or written would lose every answer.
 */
export function openDatabase(dataDir: string): Database.Database {
  const file = path.resolve(dataDir, DATABASE_FILE);
  let db: Database.Database | undefined;
  try {
    mkdirSync(dataDir, { recursive: true });
    db = new Database(file, { timeout: BUSY_TIMEOUT_MS });
    db.pragma("journal_mode = WAL");
    // In WAL mode NORMAL can lose the last commits on power loss but never consistency; FULL would fsync every answer.
    db.pragma("synchronous = NORMAL");
    db.pragma("foreign_keys = ON");
    migrate(db);
    return db;
  } catch (error) {
    db?.close();
    const reason = error instanceof Error ? error.message : String(error);
    throw new CitebotError(
      "DATABASE_UNAVAILABLE",
      `The answer database ${file} cannot be used (${reason}). Check that DATA_DIR names a writable folder and that the file is a citebot database.`,
      { cause: error },
    );
  }
}
