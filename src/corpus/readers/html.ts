import { fromHtml } from "hast-util-from-html";
import { htmlBlocks } from "./html-blocks.js";
import { decodeUtf8, type DocumentReader } from "./reader.js";

/** An exported or saved web page: its main content, headings giving section paths, lines those of the file. */
export const htmlReader: DocumentReader = {
  extensions: [".html", ".htm"],
  async read(bytes) {
    return htmlBlocks(fromHtml(decodeUtf8(bytes)), { lines: true });
  },
};
