import type { EmbeddingsInterface } from "@langchain/core/embeddings";

/** A langchain embeddings model that also names itself, so an index knows what built it. */
export interface TextEmbedder extends EmbeddingsInterface {
  readonly modelId: string;
  readonly dimensions: number;
  /** Ends whatever the embedder runs on (worker threads); after it, nothing more is embedded. */
  close?(): Promise<void>;
}
