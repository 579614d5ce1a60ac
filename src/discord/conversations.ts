import { MAX_CONTEXT_TURNS, type ConversationTurn } from "../conversation/follow-up.js";
import type { Answer } from "../answer/types.js";

/**
 * Where a conversation continues: replies to one of the bot's answers, a thread the bot
 * answers in, or a user's DMs with the bot.
 */
export type ConversationPlace = { kind: "answer"; messageId: string } | { kind: "thread"; channelId: string } | { kind: "dm"; userId: string };

interface Entry {
  turns: ConversationTurn[];
  lastAt: number;
}

/** Enough for a busy server's recent answers; the oldest are forgotten first, so memory stays bounded. */
const PLACES_KEPT = 10_000;

function keyOf(place: ConversationPlace): string {
  return place.kind === "answer" ? `answer:${place.messageId}` : place.kind === "thread" ? `thread:${place.channelId}` : `dm:${place.userId}`;
}

/**
 * The questions asked so far in each place, kept in memory only: after a restart a reply or
 * thread message is answered as a question on its own. DMs expire after `dmTtlMs` of silence,
 * so a question asked tomorrow is not read as a follow-up of today's.
 */
export class ConversationStore {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly dmTtlMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  has(place: ConversationPlace): boolean {
    return this.previous(place) !== undefined;
  }

  /** The earlier turns, oldest first, or undefined when the place holds no (live) conversation. */
  previous(place: ConversationPlace): ConversationTurn[] | undefined {
    const key = keyOf(place);
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    if (place.kind === "dm" && this.now() - entry.lastAt > this.dmTtlMs) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.turns;
  }

  /** Adds an answered question to the conversation of each place it belongs to. */
  remember(previous: readonly ConversationTurn[], answer: Pick<Answer, "question" | "citations">, places: readonly ConversationPlace[]): void {
    const turn: ConversationTurn = { question: answer.question, cited: answer.citations.map(({ file, paragraph }) => ({ file, paragraph })) };
    const turns = [...previous, turn].slice(-MAX_CONTEXT_TURNS);
    for (const place of places) {
      const key = keyOf(place);
      this.entries.delete(key);
      this.entries.set(key, { turns, lastAt: this.now() });
    }
    for (const key of this.entries.keys()) {
      if (this.entries.size <= PLACES_KEPT) break;
      this.entries.delete(key);
    }
  }
}
