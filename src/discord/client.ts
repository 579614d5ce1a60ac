import { Client, GatewayIntentBits, Partials } from "discord.js";
import type { BotConfig } from "../config.js";
import { NO_MENTIONS_IN_REPLY } from "./mentions.js";

export interface ClientTuning {
  /** discord.js holds itself to Discord's 50 requests a second; only a load test against a fake may raise it. */
  globalRequestsPerSecond?: number;
}

/**
 * No MessageContent intent: Discord delivers the text of DMs and of messages that mention
 * the bot without it, and those are the only messages the bot reads. Leaving the privileged
 * intent off spares operators a developer-portal switch whose absence would fail login.
 */
export function createClient(config: Pick<BotConfig, "DISCORD_API_BASE">, tuning: ClientTuning = {}): Client {
  return new Client({
    intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages, GatewayIntentBits.DirectMessages],
    // DM channels are not cached before their first message arrives.
    partials: [Partials.Channel],
    allowedMentions: NO_MENTIONS_IN_REPLY,
    rest: {
      ...(config.DISCORD_API_BASE === undefined ? {} : { api: config.DISCORD_API_BASE }),
      ...(tuning.globalRequestsPerSecond === undefined ? {} : { globalRequestsPerSecond: tuning.globalRequestsPerSecond }),
    },
  });
}
