import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import type { Paragraph } from "../../corpus/paragraphs.js";
import { CircuitBreaker } from "./circuit-breaker.js";
import { describeError, GenerationTimeoutError, generateText, type PartialListener } from "./generate.js";
import { buildPrompt, PROMPT_PARAGRAPHS } from "./prompt.js";
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
    if (!this.breaker.allow()) {
      return { ok: false, reason: "paused", error: `the model failed ${this.options.failuresBeforePause} times in a row; not asked for another ${Math.ceil(this.breaker.pausedForMs / 1000)} s` };
    }
    const given = retrieved.slice(0, PROMPT_PARAGRAPHS);
    try {
      const text = await generateText(this.options.model, buildPrompt(question, given), { timeoutMs: this.options.timeoutMs, onPartial });
      this.breaker.succeeded();
      return { ok: true, verification: verifyGeneratedAnswer(question, text, given) };
    } catch (error) {
      this.breaker.failed();
      return { ok: false, reason: error instanceof GenerationTimeoutError ? "timeout" : "error", error: describeError(error) };
    }
  }

  /** The model's standalone wording of a follow-up, unchecked (see conversation/rewrite-check.ts); never throws. */
  async rewrite(followUp: string, earlier: readonly EarlierTurn[]): Promise<RewriteOutcome> {
    if (!this.breaker.allow()) return { ok: false, error: "the model is paused after failures in a row" };
    try {
      const text = await generateText(this.options.model, buildRewritePrompt(followUp, earlier), { timeoutMs: this.options.timeoutMs });
      this.breaker.succeeded();
      return { ok: true, text };
    } catch (error) {
      this.breaker.failed();
      return { ok: false, error: describeError(error) };
    }
  }
}
