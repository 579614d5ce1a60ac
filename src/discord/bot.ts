import { once } from "node:events";
import { Events, type Client } from "discord.js";
import { Citebot } from "../citebot.js";
import type { BotConfig } from "../config.js";
import type { TextEmbedder } from "../embeddings/types.js";
import { createLogger, type Logger } from "../logger.js";
import { AnswerMemory } from "../memory/answer-memory.js";
import { keepPruned } from "../memory/retention.js";
import { citebotOptions } from "../providers.js";
import { AnswerQueue } from "./answer-queue.js";
import { AutoAnswerChannels } from "./auto-answer-channels.js";
import { ConversationStore } from "./conversations.js";
import { MESSAGE_CONTENT_OFF_NOTE } from "./message-content.js";
import { createClient, type ClientTuning } from "./client.js";
import type { BotContext, CitebotService } from "./command.js";
import { loadCommands } from "./command-loader.js";
import { createInteractionHandler } from "./interaction-handler.js";
import { createMessageHandler } from "./message-handler.js";
import { RateLimiter } from "./rate-limit.js";
import { noteStaleAnswers, staleAfterRebuild } from "./stale-notes.js";
import { ReindexCoordinator } from "./reindex-coordinator.js";

export interface BotDeps extends ClientTuning {
  logger?: Logger;
  /** An encoder already loaded, so tests and benchmarks pay for it once. */
  embedder?: TextEmbedder;
  /** Wraps the opened pipeline before the bot uses it: the seam tests use to slow or break it. */
  decorateCitebot?: (citebot: Citebot) => CitebotService;
  /** The clock DM conversations expire by; tests move it instead of waiting. */
  now?: () => number;
}

export interface RunningBot {
  client: Client<true>;
  citebot: Citebot;
  memory: AnswerMemory;
  /** Stops taking events, lets answers under way finish (briefly), then disconnects. */
  stop(): Promise<void>;
}

/** Extractive answers are computed on this thread: one at a time keeps interactions acknowledged in time (see answer-queue.ts). */
const LOCAL_ANSWERS_AT_ONCE = 1;
/** A language model's answer is mostly waiting on the network, so several may be under way. */
const REMOTE_ANSWERS_AT_ONCE = 4;
/** How long stop() waits for answers under way; a rebuild is not worth holding a shutdown for. */
const DRAIN_MS = 5000;

/**
 * Starts the bot: commands are loaded and the index loaded (or built) before logging in,
 * so the first question after "ready" is answered from a complete index.
 */
export async function startBot(config: BotConfig, deps: BotDeps = {}): Promise<RunningBot> {
  const logger = deps.logger ?? createLogger(config.LOG_LEVEL);
  const commands = await loadCommands();
  // Opened first: a database that cannot be used stops start-up before the index is built.
  const memory = AnswerMemory.open(config.DATA_DIR, config.DATA_RETENTION_DAYS);
  let citebot: Citebot;
  try {
    citebot = await Citebot.open({ ...(await citebotOptions(config, logger)), ...(deps.embedder === undefined ? {} : { embedder: deps.embedder }) });
  } catch (error) {
    memory.close();
    throw error;
  }
  const stopPruning = keepPruned(memory, logger);
  const service = deps.decorateCitebot?.(citebot) ?? citebot;
  const context: BotContext = {
    citebot: service,
    config,
    logger,
    rateLimiter: new RateLimiter(config.RATE_LIMIT_QUESTIONS, config.RATE_LIMIT_WINDOW_SECONDS * 1000),
    reindexCoordinator: new ReindexCoordinator(service),
    answerQueue: new AnswerQueue(config.LLM_PROVIDER === "none" ? LOCAL_ANSWERS_AT_ONCE : REMOTE_ANSWERS_AT_ONCE),
    memory,
    conversations: new ConversationStore(config.CONVERSATION_TTL_MINUTES * 60_000, deps.now),
    autoAnswer: await AutoAnswerChannels.open(config.DATA_DIR, logger),
  };
  if (!config.MESSAGE_CONTENT_INTENT) logger.info(MESSAGE_CONTENT_OFF_NOTE);

  const client = createClient(config, deps);
  const underWay = new Set<Promise<void>>();
  const track = (work: Promise<void>): void => {
    underWay.add(work);
    void work.finally(() => underWay.delete(work));
  };
  const onInteraction = createInteractionHandler(commands, context);
  const onMessage = createMessageHandler(context);
  client.on(Events.InteractionCreate, (interaction) => track(onInteraction(interaction)));
  client.on(Events.MessageCreate, (message) => track(onMessage(message)));
  client.on(Events.Error, (error) => logger.error({ err: error }, "discord client error"));
  client.on(Events.Warn, (warning) => logger.warn({ warning }, "discord client warning"));

  try {
    await Promise.all([once(client, Events.ClientReady), client.login(config.DISCORD_TOKEN)]);
  } catch (error) {
    await client.destroy();
    stopPruning();
    memory.close();
    throw error;
  }
  if (!client.isReady()) throw new Error("the Discord client reported ready without a user");
  logger.info({ user: client.user.tag, guilds: client.guilds.cache.size, commands: [...commands.keys()], index: citebot.status.builtAt }, "bot ready");
  // The documents may have changed while the bot was down, and the index rebuilt at start or by
  // npm run reindex: answers written from earlier builds are checked against this one.
  track(noteStaleAnswers(client.rest, memory, staleAfterRebuild(memory, citebot, citebot.buildId, logger), logger).then(() => undefined));

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      client.removeAllListeners(Events.InteractionCreate);
      client.removeAllListeners(Events.MessageCreate);
      const drained = Promise.allSettled([...underWay]);
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([drained, new Promise((resolve) => (timer = setTimeout(resolve, DRAIN_MS)))]);
      clearTimeout(timer);
      await client.destroy();
      stopPruning();
      memory.close();
      logger.info("bot stopped");
    })();
    return stopping;
  };
  return { client, citebot, memory, stop };
}
