import { Client, GatewayIntentBits, Partials } from "discord.js";
import type { BotConfig } from "../config.js";
import { NO_MENTIONS_IN_REPLY } from "./mentions.js";

export interface ClientTuning {
  /** discord.js holds itself to Discord's 50 requests a second; only a load test against a fake may raise it. */
  globalRequestsPerSecond?: number;
}

/**
 * The MessageContent intent only when MESSAGE_CONTENT_INTENT asks for it: Discord delivers the
 * text of DMs and of messages that mention the bot without it, which is all /ask, DMs and
 * mentions need. The privileged intent must also be switched on in the developer portal, or
 * login fails, so an operator turns it on knowingly (see message-content.ts).
 */
export function createClient(config: Pick<BotConfig, "DISCORD_API_BASE" | "MESSAGE_CONTENT_INTENT">, tuning: ClientTuning = {}): Client {
  return new Client({
    intents: [
      GatewayIntentBits.Guilds,
      GatewayIntentBits.GuildMessages,
      GatewayIntentBits.DirectMessages,
      ...(config.MESSAGE_CONTENT_INTENT ? [GatewayIntentBits.MessageContent] : []),
    ],
    // DM channels are not cached before their first message arrives.
    partials: [Partials.Channel],
    allowedMentions: NO_MENTIONS_IN_REPLY,
    rest: {
      ...(config.DISCORD_API_BASE === undefined ? {} : { api: config.DISCORD_API_BASE }),
      ...(tuning.globalRequestsPerSecond === undefined ? {} : { globalRequestsPerSecond: tuning.globalRequestsPerSecond }),
    },
  });
}
