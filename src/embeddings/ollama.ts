import { OllamaEmbeddings } from "@langchain/ollama";
import { requiredSetting, type PipelineConfig } from "../config.js";
import { ProbedEmbeddings } from "./probed.js";
import type { TextEmbedder } from "./types.js";

/** Embeddings from an Ollama server. */
export function ollamaEmbedder(settings: Pick<PipelineConfig, "EMBEDDINGS_MODEL" | "OLLAMA_BASE_URL">): Promise<TextEmbedder> {
  const model = requiredSetting(settings.EMBEDDINGS_MODEL, "EMBEDDINGS_MODEL");
  const embeddings = new OllamaEmbeddings({ model, ...(settings.OLLAMA_BASE_URL ? { baseUrl: settings.OLLAMA_BASE_URL } : {}) });
  return ProbedEmbeddings.probe(embeddings, `ollama:${model}`);
}
