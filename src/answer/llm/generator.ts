import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import type { Paragraph } from "../../corpus/paragraphs.js";
import { describeError, GenerationTimeoutError, generateText, type PartialListener } from "./generate.js";
import { buildPrompt, PROMPT_PARAGRAPHS } from "./prompt.js";
import { verifyGeneratedAnswer, type Verification } from "./verify.js";

interface LlmGeneratorOptions {
  model: BaseChatModel;
  timeoutMs: number;
}

export type GenerationOutcome = { ok: true; verification: Verification } | { ok: false; reason: "timeout" | "error"; error: string };

/** Asks the chat model to answer from the retrieved paragraphs and verifies its reply against them. */
export class LlmAnswerGenerator {
  constructor(private readonly options: LlmGeneratorOptions) {}

  /** Never throws for the model's sake: a failed or late call is an outcome the caller falls back from. */
  async generate(question: string, retrieved: readonly Paragraph[], onPartial?: PartialListener): Promise<GenerationOutcome> {
    const given = retrieved.slice(0, PROMPT_PARAGRAPHS);
    try {
      const text = await generateText(this.options.model, buildPrompt(question, given), { timeoutMs: this.options.timeoutMs, onPartial });
      return { ok: true, verification: verifyGeneratedAnswer(question, text, given) };
    } catch (error) {
      return { ok: false, reason: error instanceof GenerationTimeoutError ? "timeout" : "error", error: describeError(error) };
    }
  }
}
