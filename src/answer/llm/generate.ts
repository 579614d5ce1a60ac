import { performance } from "node:perf_hooks";
import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import { HumanMessage, SystemMessage } from "@langchain/core/messages";
import type { Prompt } from "./prompt.js";
import { MAX_REPLY_CHARS } from "./verify.js";

/** Discord allows about five message edits per five seconds; one a second leaves room for the final answer. */
const PARTIAL_INTERVAL_MS = 1000;

export type PartialListener = (partialText: string) => void;

export class GenerationTimeoutError extends Error {
  override readonly name = "GenerationTimeoutError";

  constructor(readonly timeoutMs: number, options?: { cause?: unknown }) {
    super(`the model did not finish within ${timeoutMs} ms`, options);
  }
}

/**
 * The model's whole reply to the prompt, streamed when someone watches the partial text.
 * The deadline covers the whole call, first byte to last; past it the request is aborted.
 */
export async function generateText(model: BaseChatModel, prompt: Prompt, options: { timeoutMs: number; onPartial?: PartialListener | undefined }): Promise<string> {
  const signal = AbortSignal.timeout(options.timeoutMs);
  const messages = [new SystemMessage(prompt.system), new HumanMessage(prompt.user)];
  try {
    if (!options.onPartial) return (await untilAborted(model.invoke(messages, { signal }), signal)).text;
    const emit = throttled(options.onPartial, PARTIAL_INTERVAL_MS);
    const stream = await untilAborted(model.stream(messages, { signal }), signal);
    const chunks = stream[Symbol.asyncIterator]();
    let text = "";
    try {
      for (let next = await untilAborted(chunks.next(), signal); !next.done; next = await untilAborted(chunks.next(), signal)) {
        if (next.value.text === "") continue;
        text += next.value.text;
        // Verification reads no further, so neither does the stream: a server that ignores max_tokens cannot hold the answer.
        if (text.length >= MAX_REPLY_CHARS) break;
        emit(text);
      }
    } finally {
      // Closes the HTTP stream when the deadline (or an error) leaves it unread.
      void chunks.return?.().catch(() => undefined);
    }
    // The client ends a stream quietly on abort; a cut-off reply must not pass for a whole one.
    if (text.length < MAX_REPLY_CHARS) signal.throwIfAborted();
    return text;
  } catch (error) {
    if (signal.aborted) throw new GenerationTimeoutError(options.timeoutMs, { cause: error });
    throw error;
  }
}

/** Settles with the promise, or rejects when the signal fires: a server that stops mid-reply cannot hold the answer past the deadline. */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}

/** Leading-edge: the first partial goes out at once, then at most one per interval; the final answer follows anyway. */
function throttled(listener: PartialListener, intervalMs: number): PartialListener {
  let last = Number.NEGATIVE_INFINITY;
  return (text) => {
    const now = performance.now();
    if (now - last < intervalMs) return;
    last = now;
    try {
      listener(text);
    } catch {
      // A failed progress update must not cost the user the answer.
    }
  };
}

/** An error worded for the log: its kind, HTTP status and message, with anything shaped like a key removed. */
export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const status = (error as { status?: unknown }).status;
  const message = error.message.replace(/\b(?:sk|key)-[\w*.-]+/gi, "[redacted]").replace(/Bearer\s+\S+/gi, "Bearer [redacted]");
  return `${error.name}${typeof status === "number" ? ` ${status}` : ""}: ${message}`;
}
