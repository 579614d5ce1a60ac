import type { EmbeddingsInterface } from "@langchain/core/embeddings";

/** A langchain embeddings model that also names itself, so an index knows what built it. */
export interface TextEmbedder extends EmbeddingsInterface {
  readonly modelId: string;
  readonly dimensions: number;
  /**
   * The texts in one pass of the encoder: for short texts much cheaper than one by one, but each
   * vector then moves in its 7th decimal with its neighbours. Without it, texts are embedded alone.
   */
  embedTogether?(texts: string[]): Promise<number[][]>;
  /** Ends whatever the embedder runs on (worker threads); after it, nothing more is embedded. */
  close?(): Promise<void>;
}
