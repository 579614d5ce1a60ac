import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import type { Worker } from "node:worker_threads";
import { Embeddings } from "@langchain/core/embeddings";
import { Piscina, queueOptionsSymbol, type PiscinaTask, type TaskQueue } from "piscina";
import { CitebotError } from "../errors.js";
import { CoalescingQueue } from "./coalescing-queue.js";
import type { Logger } from "../logger.js";
import type { EncoderTask } from "./encoder-worker.js";
import type { TextEmbedder } from "./types.js";
import { ENCODER_BATCH_SIZE, equalLengthBatches, UNIVERSAL_SENTENCE_ENCODER } from "./universal-sentence-encoder.js";

/**
 * Tokens per indexing task. A question queued behind indexing waits for at most one task per
 * worker, so a task is a couple of paragraphs' worth (about 50 ms on this machine); within it,
 * texts of equal length are encoded together (see ENCODER_BATCH_SIZE). The message passing
 * a task costs is a fraction of a millisecond.
 */
const TOKENS_PER_INDEXING_TASK = 160;
/**
 * Questions one task encodes when a burst queues them. On this machine 44 seed questions cost
 * 17.4 ms of CPU each alone, 7.7 ms in batches of 8 and 10.6 ms in batches of 16 (the batch
 * is padded to its longest question). A question batched with others of other lengths gets
 * a vector within 2e-7 of its own, per component.
 */
const QUESTIONS_PER_TASK = 8;
/** Texts whose tokens one task counts: counting is a small fraction of encoding. */
const TEXTS_PER_COUNTING_TASK = 256;

type Priority = "question" | "indexing";

/** The worker's functions (encoder-worker.ts): its default export encodes. */
interface TaskResult {
  encode: Float32Array;
  encodeQuestions: Float32Array;
  countTokens: Uint32Array;
}
type TaskName = keyof TaskResult;

/** Questions first: a reindex queues hundreds of tasks, and a question must not wait behind them. */
class QuestionsFirstQueue implements TaskQueue {
  private readonly questions: PiscinaTask[] = [];
  private readonly indexing: PiscinaTask[] = [];

  get size(): number {
    return this.questions.length + this.indexing.length;
  }

  push(task: PiscinaTask): void {
    (this.priorityOf(task) === "indexing" ? this.indexing : this.questions).push(task);
  }

  shift(): PiscinaTask | null {
    return this.questions.shift() ?? this.indexing.shift() ?? null;
  }

  remove(task: PiscinaTask): void {
    for (const queue of [this.questions, this.indexing]) {
      const at = queue.indexOf(task);
      if (at !== -1) queue.splice(at, 1);
    }
  }

  private priorityOf(task: PiscinaTask): Priority | undefined {
    const options = task[queueOptionsSymbol] as { priority?: Priority } | null;
    return options?.priority;
  }
}

/**
 * The bundled sentence encoder run in a pool of worker threads, so the main thread only
 * talks to Discord: a question's embedding never blocks an acknowledgement, and a reindex
 * embeds on every core. A worker that dies is replaced by the pool, and the task it held
 * runs again (see runSurvivingCrashes).
 */
export class EncoderPool extends Embeddings implements TextEmbedder {
  readonly modelId = UNIVERSAL_SENTENCE_ENCODER.modelId;
  readonly dimensions = UNIVERSAL_SENTENCE_ENCODER.dimensions;
  private readonly pool: Piscina<EncoderTask, Float32Array | Uint32Array>;
  private readonly questions: CoalescingQueue<string, number[]>;
  private closed = false;

  constructor(
    readonly threads: number,
    private readonly logger: Logger,
  ) {
    super({});
    const fromSource = import.meta.url.endsWith(".ts");
    this.pool = new Piscina({
      filename: new URL(`./encoder-worker.${fromSource ? "ts" : "js"}`, import.meta.url).href,
      // Run from TypeScript (tsx, vitest), the worker needs tsx's loader to import its module,
      // resolved from here because the process may run in any folder.
      execArgv: fromSource ? ["--import", pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href] : [],
      minThreads: threads,
      maxThreads: threads,
      // A model load is seconds; an idle worker is kept, never reaped.
      idleTimeout: Number.POSITIVE_INFINITY,
      // Piscina parks an idle worker in Atomics.wait, which stops its event loop: the model's
      // load and warm-up (encoder-worker.ts) would then wait for the first question.
      atomics: "disabled",
      taskQueue: new QuestionsFirstQueue(),
    });
    this.questions = new CoalescingQueue(threads, QUESTIONS_PER_TASK, (texts) => this.encode(texts, "question", "encodeQuestions"));
    this.pool.on("error", (error: unknown) => logger.error({ err: error }, "an encoder worker failed; the pool replaces it"));
  }

  /** The live worker threads, for health checks. */
  get workers(): readonly Worker[] {
    return this.pool.threads;
  }

  embedQuery(text: string): Promise<number[]> {
    return this.questions.add(text);
  }

  /** Tasks the workers have finished, questions and indexing alike. */
  get tasksCompleted(): number {
    return this.pool.completed;
  }

  async embedDocuments(texts: string[]): Promise<number[][]> {
    const counts: Array<Promise<Uint32Array>> = [];
    for (let start = 0; start < texts.length; start += TEXTS_PER_COUNTING_TASK) counts.push(this.runSurvivingCrashes(texts.slice(start, start + TEXTS_PER_COUNTING_TASK), "indexing", "countTokens"));
    const tokenCounts = (await Promise.all(counts)).flatMap((part) => [...part]);
    const vectors = new Array<number[]>(texts.length);
    await Promise.all(
      equalLengthBatches(tokenCounts, ENCODER_BATCH_SIZE, TOKENS_PER_INDEXING_TASK).map(async (batch) => {
        const embedded = await this.encode(batch.map((i) => texts[i] ?? ""), "indexing");
        batch.forEach((i, k) => {
          const vector = embedded[k];
          if (vector) vectors[i] = vector;
        });
      }),
    );
    return vectors;
  }

  /** Ends every worker; a task still queued or running fails. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.pool.destroy();
    this.logger.info({ threads: this.threads }, "encoder workers stopped");
  }

  private async encode(texts: string[], priority: Priority, task: "encode" | "encodeQuestions" = "encode"): Promise<number[][]> {
    const flat = await this.runSurvivingCrashes(texts, priority, task);
    return texts.map((_, i) => Array.from(flat.subarray(i * this.dimensions, (i + 1) * this.dimensions)));
  }

  /**
   * A task whose worker died is run again: as many times as there are workers, plus one, so
   * it outlives every worker that was alive when it started. Past that the encoder itself is
   * failing, and the caller hears so in words.
   */
  private async runSurvivingCrashes<Name extends TaskName>(texts: string[], priority: Priority, name: Name): Promise<TaskResult[Name]> {
    for (let attempt = 1; ; attempt += 1) {
      if (this.closed) throw new CitebotError("SHUTTING_DOWN", "The bot is shutting down; please ask again in a moment.");
      try {
        return await this.run(texts, priority, name);
      } catch (error) {
        if (this.closed) continue;
        if (attempt > this.threads) throw new CitebotError("ENCODER_FAILED", "The sentence encoder keeps failing on this; please try again later.", { cause: error });
        this.logger.warn({ err: error, priority, attempt }, "an encoder task failed; running it again");
      }
    }
  }

  private run<Name extends TaskName>(texts: string[], priority: Priority, name: Name): Promise<TaskResult[Name]> {
    const task: EncoderTask & { [queueOptionsSymbol]: { priority: Priority } } = { texts, [queueOptionsSymbol]: { priority } };
    return this.pool.run(task, { name: name === "encode" ? "default" : name }) as Promise<TaskResult[Name]>;
  }
}
