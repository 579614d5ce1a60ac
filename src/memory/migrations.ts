import type { Database } from "better-sqlite3";

/**
 * The schema, one step per version. A step is never edited once released: a database of
 * any earlier version is brought up to date by the steps after its PRAGMA user_version.
 */
export const MIGRATIONS: readonly string[] = [
  // 1: each answer sent, and the paragraphs it cited with a hash of their text at the time.
  `CREATE TABLE answers (
     id INTEGER PRIMARY KEY,
     asked_at INTEGER NOT NULL,
     question TEXT NOT NULL,
     answer TEXT NOT NULL,
     refused INTEGER NOT NULL,
     generator TEXT NOT NULL,
     latency_ms INTEGER NOT NULL,
     build_id TEXT NOT NULL,
     request_id TEXT NOT NULL,
     guild_id TEXT,
     channel_id TEXT NOT NULL,
     message_id TEXT NOT NULL UNIQUE,
     user_id TEXT NOT NULL,
     ephemeral INTEGER NOT NULL
   );
   CREATE INDEX answers_by_time ON answers (asked_at);
   CREATE TABLE citations (
     answer_id INTEGER NOT NULL REFERENCES answers (id) ON DELETE CASCADE,
     rank INTEGER NOT NULL,
     file TEXT NOT NULL,
     paragraph INTEGER NOT NULL,
     section TEXT,
     paragraph_sha256 TEXT NOT NULL,
     PRIMARY KEY (answer_id, rank)
   );`,
  // 2: feedback, and the note added to an answer once a source it cited changed.
  `CREATE TABLE votes (
     answer_id INTEGER NOT NULL REFERENCES answers (id) ON DELETE CASCADE,
     user_id TEXT NOT NULL,
     vote INTEGER NOT NULL CHECK (vote IN (-1, 1)),
     reason TEXT,
     voted_at INTEGER NOT NULL,
     PRIMARY KEY (answer_id, user_id)
   );
   CREATE INDEX votes_by_time ON votes (voted_at);
   ALTER TABLE answers ADD COLUMN stale_at INTEGER;
   ALTER TABLE answers ADD COLUMN note TEXT;`,
  // 3: follow-up conversations, so a reply or thread message after a restart keeps its context;
  // and refusals an auto-answer channel kept silent (message_id is then the asking message's).
  `CREATE TABLE conversations (
     kind TEXT NOT NULL,
     place_id TEXT NOT NULL,
     turns TEXT NOT NULL,
     last_at INTEGER NOT NULL,
     PRIMARY KEY (kind, place_id)
   );
   CREATE INDEX conversations_by_time ON conversations (last_at);
   ALTER TABLE answers ADD COLUMN silent INTEGER NOT NULL DEFAULT 0;`,
  // 4: the channels /autoanswer opted in (until now DATA_DIR/autoanswer-channels.json, imported once).
  `CREATE TABLE auto_answer_channels (
     guild_id TEXT NOT NULL,
     channel_id TEXT NOT NULL,
     added_at INTEGER NOT NULL,
     PRIMARY KEY (guild_id, channel_id)
   );`,
];

export const SCHEMA_VERSION = MIGRATIONS.length;

/**
 * Applies the missing steps in one transaction, so a failure leaves the previous version
 * intact. The version is written even when nothing is missing: that write is what finds a
 * database the process cannot change, at start-up rather than at the first answer.
 */
export function migrate(db: Database, target: number = SCHEMA_VERSION): void {
  db.transaction(() => {
    const current = Number(db.pragma("user_version", { simple: true }));
    if (current > MIGRATIONS.length) throw new Error(`its schema version ${current} is newer than this citebot knows (${MIGRATIONS.length})`);
    for (const step of MIGRATIONS.slice(current, target)) db.exec(step);
    db.pragma(`user_version = ${Math.max(current, target)}`);
  })();
}
