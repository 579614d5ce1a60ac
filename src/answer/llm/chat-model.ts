import type { BaseChatModel } from "@langchain/core/language_models/chat_models";
import { ChatOllama } from "@langchain/ollama";
import { ChatOpenAICompletions } from "@langchain/openai";
import { requiredSetting, type PipelineConfig } from "../../config.js";

type ChatModelSettings = Pick<PipelineConfig, "LLM_PROVIDER" | "LLM_MODEL" | "OPENAI_API_KEY" | "OPENAI_BASE_URL" | "OLLAMA_BASE_URL">;

/** One to three cited sentences need far fewer; the cap bounds what a runaway model can send. */
const MAX_ANSWER_TOKENS = 400;

/**
 * The configured chat model, or undefined for the offline extractive answers.
 * One attempt per question: the extractive answer is ready the moment a call fails,
 * so a retry would only delay a good answer.
 */
export function createChatModel(settings: ChatModelSettings): BaseChatModel | undefined {
  switch (settings.LLM_PROVIDER) {
    case "none":
      return undefined;
    case "openai":
      // Chat Completions, not the Responses API: it is what every OpenAI-compatible server speaks.
      return new ChatOpenAICompletions({
        model: requiredSetting(settings.LLM_MODEL, "LLM_MODEL"),
        apiKey: requiredSetting(settings.OPENAI_API_KEY, "OPENAI_API_KEY"),
        ...(settings.OPENAI_BASE_URL ? { configuration: { baseURL: settings.OPENAI_BASE_URL } } : {}),
        maxRetries: 0,
        maxTokens: MAX_ANSWER_TOKENS,
        streamUsage: false,
      });
    case "ollama":
      return new ChatOllama({
        model: requiredSetting(settings.LLM_MODEL, "LLM_MODEL"),
        ...(settings.OLLAMA_BASE_URL ? { baseUrl: settings.OLLAMA_BASE_URL } : {}),
        maxRetries: 0,
        numPredict: MAX_ANSWER_TOKENS,
      });
  }
}
