import { Client, GatewayIntentBits, Partials } from "discord.js";
import type { BotConfig } from "../config.js";
import { NO_MENTIONS_IN_REPLY } from "./mentions.js";

/**
 * The MessageContent intent only when MESSAGE_CONTENT_INTENT asks for it: Discord delivers the
 * text of DMs and of messages that mention the bot without it, which is all /ask, DMs and
 * mentions need. The privileged intent must also be switched on in the developer portal, or
 * login fails, so an operator turns it on knowingly (see message-content.ts).
 */
export function createClient(config: Pick<BotConfig, "DISCORD_API_BASE" | "MESSAGE_CONTENT_INTENT" | "DISCORD_REST_REQUESTS_PER_SECOND">): Client {
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
      globalRequestsPerSecond: config.DISCORD_REST_REQUESTS_PER_SECOND,
    },
  });
}
