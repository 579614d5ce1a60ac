import { once } from "node:events";
import { Events, type Client } from "discord.js";
import { performance } from "node:perf_hooks";
import { Citebot } from "../citebot.js";
import { ConfigError, configuredSecrets, type BotConfig } from "../config.js";
import type { TextEmbedder } from "../embeddings/types.js";
import { createLogger, type Logger } from "../logger.js";
import { AnswerMemory } from "../memory/answer-memory.js";
import { keepPruned } from "../memory/retention.js";
import { citebotOptions } from "../providers.js";
import { AnswerQueue } from "./answer-queue.js";
import { AutoAnswerChannels } from "../memory/auto-answer-channels.js";
import { ConversationStore } from "../memory/conversations.js";
import { MESSAGE_CONTENT_OFF_NOTE } from "./message-content.js";
import { createClient } from "./client.js";
import type { BotContext, CitebotService } from "./command.js";
import { IndexStartup } from "./index-startup.js";
import { loadCommands } from "./command-loader.js";
import { createInteractionHandler } from "./interaction-handler.js";
import { createMessageHandler } from "./message-handler.js";
import { RateLimiter } from "./rate-limit.js";
import { ReindexCoordinator } from "./reindex-coordinator.js";
import { noteStaleAnswers, staleAfterRebuild } from "./stale-notes.js";

export interface BotDeps {
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
  /** The pipeline once its index serves; it throws until then. */
  readonly citebot: Citebot;
  /** Settles when the index, loaded or built in the background after login, serves questions. */
  indexReady: Promise<Citebot>;
  /** The answers sent, their votes and citations (DATA_DIR/citebot.db). */
  memory: AnswerMemory;
  /** Stops taking events, lets answers under way finish (briefly), disconnects, then ends the encoder's workers. */
  stop(): Promise<void>;
}

/** An encoder on this thread answers one question at a time, so interactions are acknowledged in time (see answer-queue.ts). */
const ANSWERS_AT_ONCE_ON_THIS_THREAD = 1;
/**
 * Encoders in worker threads (or an embedding server): the main thread's share of an answer is
 * a few milliseconds, so many are under way. Enough that a burst's questions reach the encoder
 * pool together, which encodes them in shared batches at half the cost (see QUESTIONS_PER_TASK
 * in encoder-pool.ts): two workers' batches, and the next two.
 */
const ANSWERS_AT_ONCE_OFF_THREAD = 32;
/** A chat model serves a few requests at a time (Ollama's default is one to four); more would wait there, past our timeouts. */
const ANSWERS_AT_ONCE_WITH_A_MODEL = 4;
/** How long stop() waits for answers under way; a rebuild is not worth holding a shutdown for. */
const DRAIN_MS = 5000;

/**
 * Starts the bot: it logs in first (a bad token fails in seconds), then loads or builds the
 * index in the background; until that is done a question is told how far the build has got.
 * The log says READY, with the time since the process started, once questions are answered.
 */
export async function startBot(config: BotConfig, deps: BotDeps = {}): Promise<RunningBot> {
  const logger = deps.logger ?? createLogger(config.LOG_LEVEL, { secrets: configuredSecrets(config) });
  const commands = await loadCommands();
  // Opened first: a database that cannot be used stops start-up before anything else starts.
  const memory = AnswerMemory.open(config.DATA_DIR, config.DATA_RETENTION_DAYS);
  const options = await citebotOptions(config, logger, deps.embedder);
  const embedder = options.embedder;
  // Without an embedder handed in, the encoder is a worker pool or a remote server: either way off this thread.
  const answersAtOnce = config.LLM_PROVIDER !== "none" ? ANSWERS_AT_ONCE_WITH_A_MODEL : deps.embedder === undefined ? ANSWERS_AT_ONCE_OFF_THREAD : ANSWERS_AT_ONCE_ON_THIS_THREAD;
  const service = new IndexStartup(deps.decorateCitebot);
  const context: BotContext = {
    citebot: service,
    config,
    logger,
    rateLimiter: new RateLimiter(config.RATE_LIMIT_QUESTIONS, config.RATE_LIMIT_WINDOW_SECONDS * 1000),
    reindexCoordinator: new ReindexCoordinator(service),
    answerQueue: new AnswerQueue(answersAtOnce),
    conversations: new ConversationStore(memory.db, config.CONVERSATION_TTL_MINUTES * 60_000, config.DATA_RETENTION_DAYS, deps.now),
    autoAnswer: await AutoAnswerChannels.open(memory.db, config.DATA_DIR, logger),
    memory,
  };
  const stopPruning = keepPruned(memory, context.conversations, logger);
  if (!config.MESSAGE_CONTENT_INTENT) logger.info(MESSAGE_CONTENT_OFF_NOTE);

  const client = createClient(config);
  const release = async (): Promise<void> => {
    await client.destroy();
    await embedder?.close?.();
    stopPruning();
    memory.close();
  };
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
    await release();
    throw error;
  }
  if (!client.isReady()) throw new Error("the Discord client reported ready without a user");
  const everyoneRoles = config.MOD_ROLE_IDS.filter((id) => client.guilds.cache.has(id));
  if (everyoneRoles.length > 0) {
    await release();
    throw new ConfigError(
      `Invalid configuration (see .env.example):\n  MOD_ROLE_IDS holds ${everyoneRoles.join(", ")}, a server's id: that is its @everyone role, which would make every member a moderator`,
    );
  }
  logger.info({ user: client.user.tag, guilds: client.guilds.cache.size, commands: [...commands.keys()], sinceStartMs: Math.round(performance.now()) }, "logged in; loading the index");
  const indexReady = service.start((onProgress) => Citebot.open(options, onProgress));
  let citebot: Citebot | undefined;
  void indexReady.then(
    (ready) => {
      citebot = ready;
      logger.info({ sinceStartMs: Math.round(performance.now()), index: ready.status.builtAt, paragraphs: ready.status.paragraphs }, "READY");
      // The documents may have changed while the bot was down (the index was then rebuilt just
      // now, or by npm run reindex): answers written from earlier builds are checked against this one.
      track(noteStaleAnswers(client.rest, memory, staleAfterRebuild(memory, ready, ready.buildId, logger), logger).then(() => undefined));
    },
    (error: unknown) => logger.error({ err: error }, "the index could not be loaded or built"),
  );

  let stopping: Promise<void> | undefined;
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      client.removeAllListeners(Events.InteractionCreate);
      client.removeAllListeners(Events.MessageCreate);
      const drained = Promise.allSettled([...underWay]);
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([drained, new Promise((resolve) => (timer = setTimeout(resolve, DRAIN_MS)))]);
      clearTimeout(timer);
      await release();
      logger.info("bot stopped");
    })();
    return stopping;
  };
  return {
    client,
    get citebot(): Citebot {
      if (!citebot) throw new Error("the index is not serving yet");
      return citebot;
    },
    indexReady,
    memory,
    stop,
  };
}
