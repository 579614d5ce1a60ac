import type { LeadIn } from "../paragraphs.js";
import { splitSentences } from "../../text/sentences.js";
import type { Block } from "./reader.js";

/**
 * What a block is to the blocks around it: prose may end in a lead-in ("Run the following
 * command:"), content (code, a list, a table) is what a lead-in introduces, and an aside (a
 * tip, a quote) may stand between the two without breaking the link.
 */
export type BlockRole = "prose" | "content" | "aside";

/**
 * A document's blocks in order, numbered as the loader numbers them (from 1), each code
 * block, list or table linked to the lead-in just before it under the same heading.
 */
export class BlockSequence {
  readonly blocks: Block[] = [];
  private pending: (LeadIn & { section: string }) | undefined;

  push(block: Block, role: BlockRole): void {
    const section = (block.section ?? []).join("\n");
    const leadIn = role === "content" && this.pending?.section === section ? { paragraph: this.pending.paragraph, text: this.pending.text } : undefined;
    this.blocks.push(leadIn ? { ...block, leadIn } : block);
    const opens = role !== "content" && block.text.endsWith(":") ? { paragraph: this.blocks.length, text: splitSentences(block.text).at(-1) ?? block.text, section } : undefined;
    this.pending = role === "aside" ? (opens ?? this.pending) : opens;
  }
}
