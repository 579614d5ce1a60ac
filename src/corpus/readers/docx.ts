import { fromHtml } from "hast-util-from-html";
import mammoth from "mammoth";
import { htmlBlocks } from "./html-blocks.js";
import { UnreadableDocumentError, type DocumentReader } from "./reader.js";

/** Images become nothing: only text is cited, and inlining them as data URIs would only cost memory. */
const NO_IMAGES = mammoth.images.imgElement(async () => ({ src: "" }));

/**
 * Word's heading styles become h1–h6 in mammoth's semantic HTML, so a .docx gets section
 * paths the same way an HTML page does. It has no lines, so citations give no line.
 */
export const docxReader: DocumentReader = {
  extensions: [".docx"],
  async read(bytes) {
    let html: string;
    try {
      html = (await mammoth.convertToHtml({ buffer: bytes }, { convertImage: NO_IMAGES })).value;
    } catch (error) {
      throw new UnreadableDocumentError(`corrupt DOCX (${error instanceof Error ? error.message.split("\n")[0] : String(error)})`);
    }
    return htmlBlocks(fromHtml(html, { fragment: true }), { lines: false });
  },
};
