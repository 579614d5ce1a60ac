import type { Database, Statement } from "better-sqlite3";
import type { AskResult } from "../citebot.js";
import { openDatabase } from "./database.js";
import { citedParagraphKey, paragraphFingerprint } from "./fingerprint.js";
import { findGaps, type Gaps } from "./gaps.js";
import { DAY_MS } from "./retention.js";
import { findStaleAnswers, type ParagraphLookup, type StaleAnswer } from "./stale-answers.js";

/** What is kept of an answer: the question, the answer text, its citations and how it came about. */
export type AnswerToRecord = Pick<AskResult, "question" | "answer" | "answered" | "generator" | "ms" | "buildId" | "citations" | "citedParagraphs">;

/** Where the answer was sent and for whom: ids only, never other message content. */
export interface AnswerPlace {
  /** The interaction or message that asked. */
  requestId: string;
  guildId: string | null;
  channelId: string;
  /** The answer's message; for a silent refusal, which sends none, the message that asked. */
  messageId: string;
  userId: string;
  ephemeral: boolean;
  /** A refusal an auto-answer channel kept to itself: nobody addressed the bot, so it said nothing. */
  silent?: boolean;
}

export type Vote = 1 | -1;

export type NoteOutcome = "noted" | "deleted" | "private" | "failed";

/**
 * The bot's memory of the answers it sent, in SQLite. Every call is one short synchronous
 * statement or transaction on the main thread, the database's only writer.
 */
export class AnswerMemory {
  private readonly insertAnswer: Statement<[AnswerRow]>;
  private readonly insertCitation: Statement<[CitationRow]>;
  private readonly answerByMessage: Statement<[string], { id: number }>;
  private readonly currentVote: Statement<[number, string], { vote: Vote }>;
  private readonly upsertVote: Statement<[{ answerId: number; userId: string; vote: Vote; at: number }]>;
  private readonly setReason: Statement<[string, number, string]>;
  private readonly setNote: Statement<[NoteOutcome, number]>;
  private readonly deleteBefore: Statement<[number]>;
  private readonly countAnswers: Statement<[], { n: number }>;
  private readonly insertRecord: (answer: AnswerRow, citations: ReadonlyArray<Omit<CitationRow, "answerId" | "rank">>) => number;

  constructor(
    readonly db: Database,
    readonly retentionDays: number,
    private readonly now: () => number = Date.now,
  ) {
    this.insertAnswer = db.prepare(
      `INSERT INTO answers (asked_at, question, answer, refused, generator, latency_ms, build_id, request_id, guild_id, channel_id, message_id, user_id, ephemeral, silent)
       VALUES (@askedAt, @question, @answer, @refused, @generator, @latencyMs, @buildId, @requestId, @guildId, @channelId, @messageId, @userId, @ephemeral, @silent)`,
    );
    this.insertCitation = db.prepare(
      `INSERT INTO citations (answer_id, rank, file, paragraph, section, paragraph_sha256) VALUES (@answerId, @rank, @file, @paragraph, @section, @sha256)`,
    );
    this.answerByMessage = db.prepare("SELECT id FROM answers WHERE message_id = ?");
    this.currentVote = db.prepare("SELECT vote FROM votes WHERE answer_id = ? AND user_id = ?");
    // A change to 👍 drops the reason given with an earlier 👎: it no longer explains the vote.
    this.upsertVote = db.prepare(
      `INSERT INTO votes (answer_id, user_id, vote, voted_at) VALUES (@answerId, @userId, @vote, @at)
       ON CONFLICT (answer_id, user_id) DO UPDATE SET vote = excluded.vote, voted_at = excluded.voted_at,
         reason = CASE WHEN excluded.vote = 1 THEN NULL ELSE votes.reason END`,
    );
    this.setReason = db.prepare("UPDATE votes SET reason = ? WHERE answer_id = ? AND user_id = ? AND vote = -1");
    this.setNote = db.prepare("UPDATE answers SET note = ? WHERE id = ?");
    this.deleteBefore = db.prepare("DELETE FROM answers WHERE asked_at < ?");
    this.countAnswers = db.prepare("SELECT count(*) AS n FROM answers");
    this.insertRecord = db.transaction((answer: AnswerRow, citations: ReadonlyArray<Omit<CitationRow, "answerId" | "rank">>) => {
      const answerId = Number(this.insertAnswer.run(answer).lastInsertRowid);
      for (const [rank, citation] of citations.entries()) this.insertCitation.run({ answerId, rank, ...citation });
      return answerId;
    });
  }

  static open(dataDir: string, retentionDays: number): AnswerMemory {
    return new AnswerMemory(openDatabase(dataDir), retentionDays);
  }

  /** Records an answer sent and the paragraphs it cited, fingerprinted as they read when it was written. */
  recordAnswer(answer: AnswerToRecord, place: AnswerPlace): number {
    const texts = new Map(answer.citedParagraphs.map((paragraph) => [citedParagraphKey(paragraph.file, paragraph.paragraph), paragraph.text]));
    const citations = answer.citations.map(({ file, paragraph, section }) => ({
      file,
      paragraph,
      section: section ?? null,
      sha256: paragraphFingerprint(texts.get(citedParagraphKey(file, paragraph)) ?? ""),
    }));
    return this.insertRecord(
      {
        askedAt: this.now(),
        question: answer.question,
        answer: answer.answer,
        refused: answer.answered ? 0 : 1,
        generator: answer.generator,
        latencyMs: Math.round(answer.ms),
        buildId: answer.buildId,
        ...place,
        ephemeral: place.ephemeral ? 1 : 0,
        silent: place.silent ? 1 : 0,
      },
      citations,
    );
  }

  /** One vote per user and answer; voting again replaces it. Undefined when no answer was recorded for that message. */
  vote(messageId: string, userId: string, vote: Vote): { answerId: number; previous: Vote | undefined } | undefined {
    const answer = this.answerByMessage.get(messageId);
    if (answer === undefined) return undefined;
    return this.db.transaction(() => {
      const previous = this.currentVote.get(answer.id, userId)?.vote;
      this.upsertVote.run({ answerId: answer.id, userId, vote, at: this.now() });
      return { answerId: answer.id, previous };
    })();
  }

  /** Attaches a reason to the user's 👎 on that answer; false when there is no such 👎 (changed since, or pruned). */
  explainDownVote(answerId: number, userId: string, reason: string): boolean {
    return this.setReason.run(reason, answerId, userId).changes > 0;
  }

  /** Refused questions and 👎 answers since `sinceMs` (all time when undefined), in one guild or everywhere. */
  gaps(options: { sinceMs?: number; guildId?: string } = {}): Gaps {
    return findGaps(this.db, options);
  }

  /**
   * Answers of the retention period whose cited paragraphs no longer read as they did
   * (changed, or their file removed) in the index `buildId`. Each is returned once ever: it
   * is marked stale here, so a later reindex never notes it again.
   */
  claimStaleAnswers(buildId: string, currentText: ParagraphLookup): StaleAnswer[] {
    return findStaleAnswers(this.db, { buildId, currentText, sinceMs: this.retentionCutoff(), now: this.now() });
  }

  recordNote(answerId: number, outcome: NoteOutcome): void {
    this.setNote.run(outcome, answerId);
  }

  recordedAnswers(): number {
    return this.countAnswers.get()?.n ?? 0;
  }

  /** Deletes answers (with their citations and votes) older than the retention period; returns how many. */
  prune(): number {
    return this.deleteBefore.run(this.retentionCutoff()).changes;
  }

  close(): void {
    this.db.close();
  }

  private retentionCutoff(): number {
    return this.now() - this.retentionDays * DAY_MS;
  }
}

interface AnswerRow {
  askedAt: number;
  question: string;
  answer: string;
  refused: 0 | 1;
  generator: string;
  latencyMs: number;
  buildId: string;
  requestId: string;
  guildId: string | null;
  channelId: string;
  messageId: string;
  userId: string;
  ephemeral: 0 | 1;
  silent: 0 | 1;
}

interface CitationRow {
  answerId: number;
  rank: number;
  file: string;
  paragraph: number;
  section: string | null;
  sha256: string;
}
