import { describe, expect, it } from "vitest";
import { createChatModel } from "../src/answer/llm/chat-model.js";
import { ConfigError, parseBotConfig, parsePipelineConfig } from "../src/config.js";

describe("LLM and embeddings configuration", () => {
  it("defaults to the offline pipeline", () => {
    const config = parsePipelineConfig({});
    expect(config).toMatchObject({ LLM_PROVIDER: "none", EMBEDDINGS_PROVIDER: "local", LLM_TIMEOUT_MS: 20_000 });
    expect(createChatModel(config)).toBeUndefined();
  });

  it("names each missing setting a provider needs", () => {
    expect(() => parsePipelineConfig({ LLM_PROVIDER: "openai" })).toThrow(ConfigError);
    expect(() => parsePipelineConfig({ LLM_PROVIDER: "openai" })).toThrow(/LLM_MODEL[\s\S]*OPENAI_API_KEY/);
    expect(() => parsePipelineConfig({ LLM_PROVIDER: "ollama", LLM_MODEL: "" })).toThrow(/LLM_MODEL is required when LLM_PROVIDER=ollama/);
    expect(() => parsePipelineConfig({ EMBEDDINGS_PROVIDER: "ollama" })).toThrow(/EMBEDDINGS_MODEL/);
    expect(() => parsePipelineConfig({ LLM_PROVIDER: "ollama", LLM_MODEL: "m", OLLAMA_BASE_URL: "localhost" })).toThrow(/OLLAMA_BASE_URL must be a URL/);
    expect(() => parseBotConfig({ DISCORD_TOKEN: "t", LLM_PROVIDER: "openai", LLM_MODEL: "m" })).toThrow(/OPENAI_API_KEY/);
  });

  it("accepts an OpenAI-compatible server and an Ollama server", () => {
    const openai = parsePipelineConfig({ LLM_PROVIDER: "openai", LLM_MODEL: "m", OPENAI_API_KEY: "k", OPENAI_BASE_URL: "http://127.0.0.1:8000/v1", LLM_TIMEOUT_MS: "5000" });
    expect(openai.LLM_TIMEOUT_MS).toBe(5000);
    expect(createChatModel(openai)).toBeDefined();
    expect(createChatModel(parsePipelineConfig({ LLM_PROVIDER: "ollama", LLM_MODEL: "llama3.1:8b" }))).toBeDefined();
  });
});
