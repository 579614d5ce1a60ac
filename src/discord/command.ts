import type { ChatInputCommandInteraction, RESTPostAPIChatInputApplicationCommandsJSONBody } from "discord.js";
import { z } from "zod";
import type { Citebot } from "../citebot.js";
import type { BotConfig } from "../config.js";
import type { Logger } from "../logger.js";
import type { AnswerMemory } from "../memory/answer-memory.js";
import type { AnswerQueue } from "./answer-queue.js";
import type { AutoAnswerChannels } from "../memory/auto-answer-channels.js";
import type { ConversationStore } from "../memory/conversations.js";
import type { RateLimiter } from "./rate-limit.js";
import type { ReindexCoordinator } from "./reindex-coordinator.js";

/** The part of the pipeline the bot uses; tests substitute a decorated one at this seam. */
export type CitebotService = Pick<Citebot, "ask" | "reindex" | "status" | "isRebuilding" | "paragraphText">;

/** What every handler shares. */
export interface BotContext {
  citebot: CitebotService;
  config: BotConfig;
  logger: Logger;
  rateLimiter: RateLimiter;
  reindexCoordinator: ReindexCoordinator;
  /** Every question is answered through it (see answer-queue.ts). */
  answerQueue: AnswerQueue;
  /** The answers sent, their votes and citations (see src/memory). */
  memory: AnswerMemory;
  /** Earlier questions of replies, threads and DMs, for follow-ups. */
  conversations: ConversationStore;
  /** Channels moderators opted in with /autoanswer. */
  autoAnswer: AutoAnswerChannels;
}

/** A command's view: the shared context bound to one interaction. */
export interface CommandContext extends BotContext {
  /** Bound to the interaction (id, user, command). */
  logger: Logger;
  /**
   * Call once the interaction is deferred or replied to: until then no answer starts, so
   * it must come before answerQueue.run. Done for every command when it returns; one that
   * runs on after acknowledging (an answer, a rebuild) calls it itself.
   */
  acknowledged(): void;
}

export interface Command {
  data: {
    readonly name: string;
    readonly description: string;
    toJSON(): RESTPostAPIChatInputApplicationCommandsJSONBody;
  };
  execute(interaction: ChatInputCommandInteraction, context: CommandContext): Promise<void>;
}

/** Discord's own rules for a chat input command's name and description, checked before Discord sees them. */
export const commandSchema = z.object({
  data: z.object({
    name: z.string().regex(/^[-_\p{Ll}\p{N}]{1,32}$/u, "must be 1-32 lowercase letters, digits, - or _"),
    description: z.string().min(1).max(100),
    toJSON: z.function(),
  }),
  execute: z.function(),
});

