import type { Message } from "discord.js";
import type { Logger } from "../logger.js";

/** Discord shows "typing…" for about 10 s per request; renewing a little sooner keeps it unbroken. */
const RENEW_MS = 8000;

/** Shows the bot typing in the message's channel until the returned function is called. */
export function keepTyping(message: Message, logger: Logger): () => void {
  const channel = message.channel;
  if (!channel.isSendable()) return () => undefined;
  const send = (): void => {
    // Only a courtesy: an answer must not fail because the indicator did.
    channel.sendTyping().catch((error: unknown) => logger.debug({ err: error }, "typing indicator failed"));
  };
  send();
  const timer = setInterval(send, RENEW_MS);
  return () => clearInterval(timer);
}
