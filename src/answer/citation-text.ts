import { retrievalContext, type Paragraph, type ParagraphPlace } from "../corpus/paragraphs.js";
import type { Citation } from "./types.js";

type Place = Pick<Citation, "section" | "page" | "line">;

/** The citation fields that say where a paragraph sits, from the paragraph itself (never from free text). */
export function citationPlace(paragraph: ParagraphPlace): Place {
  const section = retrievalContext(paragraph);
  return {
    ...(section ? { section } : {}),
    ...(paragraph.page !== undefined ? { page: paragraph.page } : {}),
    ...(paragraph.line !== undefined ? { line: paragraph.line } : {}),
  };
}

/** A citation of a paragraph the answer brings in whole or in part (a lead-in's block, a continuation, a how-to's code): its place and code from the paragraph itself. */
export function paragraphCitation(paragraph: Paragraph, quote: string, score: number): Citation {
  return { file: paragraph.file, paragraph: paragraph.paragraph, ...citationPlace(paragraph), quote, score, ...(paragraph.code ? { code: paragraph.code } : {}) };
}

/** "FAQ › How do I ban a user? · line 52": what the CLI and Discord print after the citation id; empty when nothing is known. */
export function describePlace(citation: Place): string {
  return [citation.section ?? "", citation.page !== undefined ? `page ${citation.page}` : "", citation.line !== undefined ? `line ${citation.line}` : ""].filter(Boolean).join(" · ");
}

/** A code quote as Markdown shows code; a fence inside the code becomes look-alike accents (U+02CB) so it cannot close the block early. */
export function fencedCode(code: string, language: string | undefined): string {
  return `\`\`\`${(language ?? "").replace(/[^\w+#.-]/g, "")}\n${code.replace(/```/g, "\u02cb\u02cb\u02cb")}\n\`\`\``;
}

const PLACEHOLDER = /\{(file|paragraph|line|page)\}/g;

/**
 * The citation as a link, from a template such as
 * `https://github.com/org/docs/blob/main/{file}#L{line}`. A placeholder the citation has
 * no value for (a PDF has no line) drops the URL's fragment, which still opens the file;
 * one outside the fragment leaves the citation without a link.
 */
export function citationUrl(template: string, citation: Pick<Citation, "file" | "paragraph" | "line" | "page">): string | undefined {
  const values: Record<string, string | undefined> = {
    // Parentheses too: a file name must not end a Markdown link early.
    file: citation.file
      .split("/")
      .map((segment) => encodeURIComponent(segment).replace(/[()!*']/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`))
      .join("/"),
    paragraph: String(citation.paragraph),
    line: citation.line === undefined ? undefined : String(citation.line),
    page: citation.page === undefined ? undefined : String(citation.page),
  };
  const hash = template.indexOf("#");
  const [base, fragment] = hash === -1 ? [template, ""] : [template.slice(0, hash), template.slice(hash)];
  const fill = (part: string): string | undefined => {
    let complete = true;
    const filled = part.replace(PLACEHOLDER, (_, name: string) => values[name] ?? ((complete = false), ""));
    return complete ? filled : undefined;
  };
  const url = fill(base);
  return url === undefined ? undefined : url + (fill(fragment) ?? "");
}
