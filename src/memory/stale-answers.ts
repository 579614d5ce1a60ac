import type { Database } from "better-sqlite3";
import { citedParagraphKey, paragraphFingerprint } from "./fingerprint.js";

/** The text of a paragraph in the serving index; undefined when it (or its file) is gone. */
export type ParagraphLookup = (file: string, paragraph: number) => string | undefined;

export interface StaleAnswer {
  id: number;
  guildId: string | null;
  channelId: string;
  messageId: string;
  ephemeral: boolean;
}

interface CitedRow {
  answerId: number;
  file: string;
  paragraph: number;
  sha256: string;
}

interface AnswerRow {
  id: number;
  guildId: string | null;
  channelId: string;
  messageId: string;
  ephemeral: 0 | 1;
}

/**
 * Compares each cited paragraph's fingerprint with the paragraph's text now, hashing each
 * distinct paragraph once. Answers written by `buildId` itself cannot be stale and are skipped,
 * so a start-up that loads the same index does no work.
 */
export function findStaleAnswers(db: Database, options: { buildId: string; currentText: ParagraphLookup; sinceMs: number; now: number }): StaleAnswer[] {
  const cited = db
    .prepare<[number, string], CitedRow>(
      `SELECT c.answer_id AS answerId, c.file, c.paragraph, c.paragraph_sha256 AS sha256
       FROM citations c JOIN answers a ON a.id = c.answer_id
       WHERE a.stale_at IS NULL AND a.asked_at >= ? AND a.build_id <> ?`,
    )
    .all(options.sinceMs, options.buildId);
  const fingerprints = new Map<string, string | undefined>();
  const fingerprintNow = (file: string, paragraph: number): string | undefined => {
    const key = citedParagraphKey(file, paragraph);
    if (!fingerprints.has(key)) {
      const text = options.currentText(file, paragraph);
      fingerprints.set(key, text === undefined ? undefined : paragraphFingerprint(text));
    }
    return fingerprints.get(key);
  };
  const staleIds = new Set(cited.filter((row) => fingerprintNow(row.file, row.paragraph) !== row.sha256).map((row) => row.answerId));
  if (staleIds.size === 0) return [];

  const mark = db.prepare<[number, number]>("UPDATE answers SET stale_at = ? WHERE id = ?");
  return db.transaction(() =>
    answersById(db, [...staleIds]).map((row) => {
      mark.run(options.now, row.id);
      return { id: row.id, guildId: row.guildId, channelId: row.channelId, messageId: row.messageId, ephemeral: row.ephemeral === 1 };
    }),
  )();
}

/** One query for all ids (json_each keeps it one statement however many there are). */
function answersById(db: Database, ids: number[]): AnswerRow[] {
  return db
    .prepare<[string], AnswerRow>(
      `SELECT id, guild_id AS guildId, channel_id AS channelId, message_id AS messageId, ephemeral
       FROM answers WHERE id IN (SELECT value FROM json_each(?)) ORDER BY id`,
    )
    .all(JSON.stringify(ids));
}
