import { OpenAIEmbeddings } from "@langchain/openai";
import { requiredSetting, type PipelineConfig } from "../config.js";
import { ProbedEmbeddings } from "./probed.js";
import type { TextEmbedder } from "./types.js";

/** Embeddings from any OpenAI-compatible server. */
export function openAIEmbedder(settings: Pick<PipelineConfig, "EMBEDDINGS_MODEL" | "OPENAI_API_KEY" | "OPENAI_BASE_URL">): Promise<TextEmbedder> {
  const model = requiredSetting(settings.EMBEDDINGS_MODEL, "EMBEDDINGS_MODEL");
  const embeddings = new OpenAIEmbeddings({
    model,
    apiKey: requiredSetting(settings.OPENAI_API_KEY, "OPENAI_API_KEY"),
    ...(settings.OPENAI_BASE_URL ? { configuration: { baseURL: settings.OPENAI_BASE_URL } } : {}),
  });
  return ProbedEmbeddings.probe(embeddings, `openai:${model}`);
}
