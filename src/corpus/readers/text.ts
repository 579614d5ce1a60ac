import { decodeUtf8, type Block, type DocumentReader } from "./reader.js";

/** A non-empty line is a paragraph (the title is ¶1): the rule the seed citations were made with. */
export const textReader: DocumentReader = {
  extensions: [".txt"],
  async read(bytes) {
    const blocks: Block[] = [];
    decodeUtf8(bytes)
      .split("\n")
      .forEach((line, index) => {
        const text = line.trim();
        if (text) blocks.push({ text, line: index + 1 });
      });
    return blocks;
  },
};
