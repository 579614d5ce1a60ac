import { setTimeout as sleep } from "node:timers/promises";
import { DiscordAPIError, RESTJSONErrorCodes, Routes, type REST } from "discord.js";
import type { Logger } from "../logger.js";
import type { AnswerMemory, NoteOutcome } from "../memory/answer-memory.js";
import type { StaleAnswer } from "../memory/stale-answers.js";
import type { CitebotService } from "./command.js";

/** Discord lets a bot edit about five messages per channel every five seconds. */
const EDITS_PER_WINDOW = 5;
const EDIT_WINDOW_MS = 5000;

function staleNote(changedOn: Date): string {
  return `⚠ A source of this answer changed on ${changedOn.toISOString().slice(0, 10)}; ask again for an up-to-date answer.`;
}

/**
 * The earlier answers that a rebuild made stale: each cites a paragraph that changed or is
 * gone in the index now serving. Never throws: a database problem is logged and must not
 * turn a successful rebuild into a failed one.
 */
export function staleAfterRebuild(memory: AnswerMemory, citebot: Pick<CitebotService, "paragraphText">, buildId: string, logger: Logger): StaleAnswer[] {
  try {
    return memory.claimStaleAnswers(buildId, (file, paragraph) => citebot.paragraphText(file, paragraph));
  } catch (error) {
    logger.error({ err: error }, "could not look for answers whose sources changed");
    return [];
  }
}

/**
 * Adds the note to each stale answer by an edit of the message's text, which leaves its
 * embed and buttons as they are. Each answer was claimed once (see claimStaleAnswers), so no
 * message is noted twice; a deleted message is skipped and an ephemeral one cannot be edited.
 */
export async function noteStaleAnswers(rest: REST, memory: AnswerMemory, stale: readonly StaleAnswer[], logger: Logger, changedOn = new Date()): Promise<Record<NoteOutcome, number>> {
  const counts: Record<NoteOutcome, number> = { noted: 0, deleted: 0, private: 0, failed: 0 };
  const pace = new ChannelPace();
  for (const answer of stale) {
    let outcome: NoteOutcome = "private";
    if (!answer.ephemeral) {
      await pace.wait(answer.channelId);
      outcome = await addNote(rest, answer, staleNote(changedOn), logger);
    }
    counts[outcome] += 1;
    try {
      memory.recordNote(answer.id, outcome);
    } catch (error) {
      logger.error({ err: error, answerId: answer.id }, "could not record the stale-answer note");
    }
  }
  if (stale.length > 0) logger.info(counts, "noted stale answers");
  return counts;
}

async function addNote(rest: REST, answer: StaleAnswer, note: string, logger: Logger): Promise<NoteOutcome> {
  try {
    await rest.patch(Routes.channelMessage(answer.channelId, answer.messageId), { body: { content: note, allowed_mentions: { parse: [] } } });
    return "noted";
  } catch (error) {
    const gone = error instanceof DiscordAPIError && (error.code === RESTJSONErrorCodes.UnknownMessage || error.code === RESTJSONErrorCodes.UnknownChannel);
    if (!gone) logger.warn({ err: error, messageId: answer.messageId, channelId: answer.channelId }, "could not add the stale-answer note");
    return gone ? "deleted" : "failed";
  }
}

/** Holds back an edit until its channel has had fewer than EDITS_PER_WINDOW edits in the last EDIT_WINDOW_MS. */
class ChannelPace {
  private readonly recent = new Map<string, number[]>();

  async wait(channelId: string): Promise<void> {
    const times = (this.recent.get(channelId) ?? []).filter((time) => time > Date.now() - EDIT_WINDOW_MS);
    const oldest = times[0];
    if (times.length >= EDITS_PER_WINDOW && oldest !== undefined) {
      await sleep(oldest + EDIT_WINDOW_MS - Date.now());
      times.shift();
    }
    times.push(Date.now());
    this.recent.set(channelId, times);
  }
}
