import type { ChatInputCommandInteraction, RESTPostAPIChatInputApplicationCommandsJSONBody } from "discord.js";
import { z } from "zod";
import type { Citebot } from "../citebot.js";
import type { BotConfig } from "../config.js";
import type { Logger } from "../logger.js";
import type { RateLimiter } from "./rate-limit.js";
import type { ReindexCoordinator } from "./reindex-coordinator.js";

/** The part of the pipeline the bot uses; tests substitute a decorated one at this seam. */
export type CitebotService = Pick<Citebot, "ask" | "reindex" | "status" | "isRebuilding">;

export interface CommandContext {
  citebot: CitebotService;
  config: BotConfig;
  /** Already bound to the interaction (id, user, command). */
  logger: Logger;
  rateLimiter: RateLimiter;
  reindexCoordinator: ReindexCoordinator;
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

