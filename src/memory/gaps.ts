import type { Database } from "better-sqlite3";
import { groupByQuestion } from "./question-groups.js";
import { DAY_MS } from "./retention.js";

/** Where an answer was sent: enough for a jump link, nothing of the conversation. */
export interface AnswerMessage {
  guildId: string | null;
  channelId: string;
  messageId: string;
  ephemeral: boolean;
  at: number;
}

/** Near-identical questions counted together, with the latest time one was asked or voted on. */
export interface GapRow {
  /** The latest wording. */
  question: string;
  /** Refusals, or 👎 votes. */
  count: number;
  /** Of the refusals, those kept silent in an auto-answer channel (nobody was told the documents don't cover it). */
  silent: number;
  latest: AnswerMessage;
  /** Reasons given with the 👎 votes, latest first. */
  reasons: string[];
}

export interface Gaps {
  refused: GapRow[];
  downVoted: GapRow[];
}

interface Occurrence {
  question: string;
  guildId: string | null;
  channelId: string;
  messageId: string;
  ephemeral: 0 | 1;
  silent: 0 | 1;
  at: number;
  reason: string | null;
}

/** The periods /gaps and npm run gaps offer, in days; "all" is everything still retained. */
export const GAP_PERIODS = { "7d": 7, "30d": 30, all: undefined } as const;
export type GapPeriod = keyof typeof GAP_PERIODS;

export function isGapPeriod(text: string): text is GapPeriod {
  return Object.hasOwn(GAP_PERIODS, text);
}

/** The first instant (ms) a period covers, or undefined for "all". */
export function periodStart(period: GapPeriod, now: number): number | undefined {
  const days = GAP_PERIODS[period];
  return days === undefined ? undefined : now - days * DAY_MS;
}

export function periodText(period: GapPeriod): string {
  return period === "all" ? "all recorded time" : `last ${GAP_PERIODS[period]} days`;
}

/** A link that opens the message in Discord; DMs live under @me. */
export function jumpLink(message: Pick<AnswerMessage, "guildId" | "channelId" | "messageId">): string {
  return `https://discord.com/channels/${message.guildId ?? "@me"}/${message.channelId}/${message.messageId}`;
}

const MESSAGE_COLUMNS = "a.question, a.guild_id AS guildId, a.channel_id AS channelId, a.message_id AS messageId, a.ephemeral, a.silent";

/** Most frequent first; among equals, the most recent. */
export function findGaps(db: Database, options: { sinceMs?: number; guildId?: string }): Gaps {
  const filter = { since: options.sinceMs ?? 0, guild: options.guildId ?? null };
  const refused = db
    .prepare<[typeof filter], Occurrence>(
      `SELECT ${MESSAGE_COLUMNS}, a.asked_at AS at, NULL AS reason FROM answers a
       WHERE a.refused = 1 AND a.asked_at >= @since AND (@guild IS NULL OR a.guild_id = @guild) ORDER BY a.asked_at DESC`,
    )
    .all(filter);
  const downVoted = db
    .prepare<[typeof filter], Occurrence>(
      `SELECT ${MESSAGE_COLUMNS}, v.voted_at AS at, v.reason FROM votes v JOIN answers a ON a.id = v.answer_id
       WHERE v.vote = -1 AND v.voted_at >= @since AND (@guild IS NULL OR a.guild_id = @guild) ORDER BY v.voted_at DESC`,
    )
    .all(filter);
  return { refused: rank(refused), downVoted: rank(downVoted) };
}

function rank(occurrences: readonly Occurrence[]): GapRow[] {
  return groupByQuestion(occurrences, (occurrence) => occurrence.question)
    .map((group): GapRow => {
      const [latest] = group as [Occurrence, ...Occurrence[]];
      return {
        question: latest.question,
        count: group.length,
        silent: group.filter((occurrence) => occurrence.silent === 1).length,
        latest: { guildId: latest.guildId, channelId: latest.channelId, messageId: latest.messageId, ephemeral: latest.ephemeral === 1, at: latest.at },
        reasons: group.flatMap((occurrence) => (occurrence.reason ? [occurrence.reason] : [])),
      };
    })
    .sort((a, b) => b.count - a.count || b.latest.at - a.latest.at);
}
