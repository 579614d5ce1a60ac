import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import type { Paragraph } from "../../corpus/paragraphs.js";
import { CircuitBreaker } from "./circuit-breaker.js";
import { describeError, GenerationTimeoutError, generateText, type PartialListener } from "./generate.js";
import { buildPrompt, PROMPT_PARAGRAPHS, type Prompt } from "./prompt.js";
import { buildRewritePrompt, type EarlierTurn } from "./rewrite.js";
import { verifyGeneratedAnswer, type Verification } from "./verify.js";

interface LlmGeneratorOptions {
  model: BaseChatModel;
  timeoutMs: number;
  /** Failures in a row after which the model is skipped for `pauseMs`. */
  failuresBeforePause: number;
  pauseMs: number;
}

export type RewriteOutcome = { ok: true; text: string } | { ok: false; error: string };

export type GenerationOutcome =
  | { ok: true; verification: Verification }
  | { ok: false; reason: "timeout" | "error"; error: string }
  | { ok: false; reason: "paused"; error: string };

/** Asks the chat model to answer from the retrieved paragraphs and verifies its reply against them. */
export class LlmAnswerGenerator {
  private readonly breaker: CircuitBreaker;

  constructor(private readonly options: LlmGeneratorOptions) {
    this.breaker = new CircuitBreaker(options.failuresBeforePause, options.pauseMs);
  }

  /** Never throws for the model's sake: a failed, late or skipped call is an outcome the caller falls back from. */
  async generate(question: string, retrieved: readonly Paragraph[], onPartial?: PartialListener): Promise<GenerationOutcome> {
    const given = retrieved.slice(0, PROMPT_PARAGRAPHS);
    try {
      const text = await this.reply(buildPrompt(question, given), onPartial);
      if (text === undefined) return { ok: false, reason: "paused", error: this.pausedError() };
      return { ok: true, verification: verifyGeneratedAnswer(question, text, given) };
    } catch (error) {
      return { ok: false, reason: error instanceof GenerationTimeoutError ? "timeout" : "error", error: describeError(error) };
    }
  }

  /** The model's standalone wording of a follow-up, unchecked (see conversation/rewrite-check.ts); never throws. */
  async rewrite(followUp: string, earlier: readonly EarlierTurn[]): Promise<RewriteOutcome> {
    try {
      const text = await this.reply(buildRewritePrompt(followUp, earlier));
      return text === undefined ? { ok: false, error: this.pausedError() } : { ok: true, text };
    } catch (error) {
      return { ok: false, error: describeError(error) };
    }
  }

  /** The model's reply through the circuit breaker: undefined while it is paused; a failure counts towards the pause and is rethrown. */
  private async reply(prompt: Prompt, onPartial?: PartialListener): Promise<string | undefined> {
    if (!this.breaker.allow()) return undefined;
    try {
      const text = await generateText(this.options.model, prompt, { timeoutMs: this.options.timeoutMs, onPartial });
      this.breaker.succeeded();
      return text;
    } catch (error) {
      this.breaker.failed();
      throw error;
    }
  }

  private pausedError(): string {
    return `the model failed ${this.options.failuresBeforePause} times in a row; not asked for another ${Math.ceil(this.breaker.pausedForMs / 1000)} s`;
  }
}
