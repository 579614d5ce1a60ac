import { createChatModel } from "./answer/llm/chat-model.js";
import { LlmAnswerGenerator } from "./answer/llm/generator.js";
import type { CitebotOptions } from "./citebot.js";
import type { PipelineConfig } from "./config.js";
import { EncoderPool } from "./embeddings/encoder-pool.js";
import { ollamaEmbedder } from "./embeddings/ollama.js";
import { openAIEmbedder } from "./embeddings/openai.js";
import type { TextEmbedder } from "./embeddings/types.js";
import type { Logger } from "./logger.js";

/**
 * Everything Citebot.open and Citebot.rebuildIndex take, as the configuration says. The bundled
 * encoder runs in a pool of ENCODER_THREADS workers unless an embedder is given (tests and
 * benchmarks share one already loaded); Citebot.close ends the pool.
 */
export async function citebotOptions(config: PipelineConfig, logger: Logger, embedder?: TextEmbedder): Promise<CitebotOptions> {
  const providers = await configuredProviders(config);
  return {
    seedsDir: config.SEEDS_DIR,
    indexDir: config.INDEX_DIR,
    logger,
    ...(config.SOURCE_URL_TEMPLATE ? { sourceUrlTemplate: config.SOURCE_URL_TEMPLATE } : {}),
    ...providers,
    embedder: embedder ?? providers.embedder ?? new EncoderPool(config.ENCODER_THREADS, logger),
  };
}

/** The embedder and answer generator the configuration asks for; absent ones leave Citebot's offline defaults. */
export async function configuredProviders(config: PipelineConfig): Promise<Pick<CitebotOptions, "embedder" | "generator">> {
  const model = createChatModel(config);
  const embedder = await configuredEmbedder(config);
  return {
    ...(embedder ? { embedder } : {}),
    ...(model ? { generator: new LlmAnswerGenerator({ model, timeoutMs: config.LLM_TIMEOUT_MS, failuresBeforePause: config.LLM_FAILURES_BEFORE_PAUSE, pauseMs: config.LLM_PAUSE_SECONDS * 1000 }) } : {}),
  };
}

function configuredEmbedder(config: PipelineConfig): Promise<TextEmbedder> | undefined {
  switch (config.EMBEDDINGS_PROVIDER) {
    case "local":
      return undefined;
    case "openai":
      return openAIEmbedder(config);
    case "ollama":
      return ollamaEmbedder(config);
  }
}
