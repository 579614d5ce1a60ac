import type { Database, Statement } from "better-sqlite3";
import type { Answer } from "../answer/types.js";
import { MAX_CONTEXT_TURNS, type ConversationTurn } from "../conversation/follow-up.js";
import { DAY_MS } from "./retention.js";

/**
 * Where a conversation continues: replies to one of the bot's answers, a thread the bot
 * answers in, or a user's DMs with the bot.
 */
export type ConversationPlace = { kind: "answer"; messageId: string } | { kind: "thread"; channelId: string } | { kind: "dm"; userId: string };

/** Enough for a busy server's recent answers; the least recently used are forgotten first, so the table stays bounded. */
const PLACES_KEPT = 10_000;

interface Row {
  kind: ConversationPlace["kind"];
  placeId: string;
  turns: string;
  lastAt: number;
}

function idOf(place: ConversationPlace): string {
  return place.kind === "answer" ? place.messageId : place.kind === "thread" ? place.channelId : place.userId;
}

/**
 * The questions asked so far in each place, in the answer database, so that a reply to an
 * answer or a message in a thread is still a follow-up after a restart. A DM conversation
 * expires after `dmTtlMs` of silence (a question asked tomorrow is not a follow-up of
 * today's); every conversation goes with the answers after the retention period.
 */
export class ConversationStore {
  private readonly select: Statement<[{ kind: string; placeId: string }], Row>;
  private readonly upsert: Statement<[Row]>;
  private readonly deleteExpired: Statement<[{ dmCutoff: number; cutoff: number }]>;
  private readonly deleteLeastRecent: Statement<[number]>;

  constructor(
    db: Database,
    private readonly dmTtlMs: number,
    private readonly retentionDays: number,
    private readonly now: () => number = Date.now,
  ) {
    this.select = db.prepare("SELECT kind, place_id AS placeId, turns, last_at AS lastAt FROM conversations WHERE kind = @kind AND place_id = @placeId");
    this.upsert = db.prepare(
      `INSERT INTO conversations (kind, place_id, turns, last_at) VALUES (@kind, @placeId, @turns, @lastAt)
       ON CONFLICT (kind, place_id) DO UPDATE SET turns = excluded.turns, last_at = excluded.last_at`,
    );
    this.deleteExpired = db.prepare("DELETE FROM conversations WHERE last_at < @cutoff OR (kind = 'dm' AND last_at < @dmCutoff)");
    this.deleteLeastRecent = db.prepare("DELETE FROM conversations WHERE rowid IN (SELECT rowid FROM conversations ORDER BY last_at DESC LIMIT -1 OFFSET ?)");
  }

  /** The earlier turns, oldest first, or undefined when the place holds no (live) conversation. */
  previous(place: ConversationPlace): ConversationTurn[] | undefined {
    const row = this.select.get({ kind: place.kind, placeId: idOf(place) });
    if (row === undefined || this.expired(row)) return undefined;
    return JSON.parse(row.turns) as ConversationTurn[];
  }

  /** Adds an answered question to the conversation of each place it belongs to. */
  remember(previous: readonly ConversationTurn[], answer: Pick<Answer, "question" | "citations">, places: readonly ConversationPlace[]): void {
    const turn: ConversationTurn = { question: answer.question, cited: answer.citations.map(({ file, paragraph, quote }) => ({ file, paragraph, quote })) };
    const turns = JSON.stringify([...previous, turn].slice(-MAX_CONTEXT_TURNS));
    for (const place of places) this.upsert.run({ kind: place.kind, placeId: idOf(place), turns, lastAt: this.now() });
    // Expired DMs go as soon as the bot is used, not only at the daily prune.
    this.prune();
    this.deleteLeastRecent.run(PLACES_KEPT);
  }

  /** Deletes expired DM conversations and every conversation older than the retention period; returns how many. */
  prune(): number {
    return this.deleteExpired.run(this.cutoffs()).changes;
  }

  private expired(row: Row): boolean {
    const { cutoff, dmCutoff } = this.cutoffs();
    return row.lastAt < cutoff || (row.kind === "dm" && row.lastAt < dmCutoff);
  }

  private cutoffs(): { cutoff: number; dmCutoff: number } {
    const now = this.now();
    return { cutoff: now - this.retentionDays * DAY_MS, dmCutoff: now - this.dmTtlMs };
  }
}
