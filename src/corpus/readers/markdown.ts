import type { Code, List, ListItem, Nodes, RootContent } from "mdast";
import { directiveFromMarkdown } from "mdast-util-directive";
import { fromMarkdown } from "mdast-util-from-markdown";
import { frontmatterFromMarkdown } from "mdast-util-frontmatter";
import { gfmFromMarkdown } from "mdast-util-gfm";
import { directive } from "micromark-extension-directive";
import { frontmatter } from "micromark-extension-frontmatter";
import { gfm } from "micromark-extension-gfm";
import { parse as parseYaml } from "yaml";
import { SectionPath } from "../sections.js";
import { BlockSequence, type BlockRole } from "./block-sequence.js";
import { htmlHeading, htmlText } from "./html-blocks.js";
import { decodeUtf8, tableText, tidyProse, type DocumentReader } from "./reader.js";

const FRONT_MATTER = ["yaml", "toml"] as const;
/** MDX's import/export lines and {/* comments *\/} are code for the site builder, not text of the page. */
const MDX_ONLY = /^(?:(?:import|export)\s|\{\/\*[\s\S]*\*\/\}$)/;

/**
 * Markdown as a reader of the rendered page sees it: front matter is metadata, a heading
 * names the blocks under it, each top-level block (paragraph, list, table, code, quote,
 * :::container) is one citable paragraph, and comments and link targets are invisible.
 */
export const markdownReader: DocumentReader = {
  extensions: [".md", ".markdown", ".mdx"],
  async read(bytes, name) {
    const tree = fromMarkdown(normaliseContainers(decodeUtf8(bytes)), {
      extensions: [gfm(), frontmatter([...FRONT_MATTER]), directive()],
      mdastExtensions: [gfmFromMarkdown(), frontmatterFromMarkdown([...FRONT_MATTER]), directiveFromMarkdown()],
    });
    const title = frontMatterTitle(tree.children);
    const hasTopHeading = tree.children.some((node) => node.type === "heading" && node.depth === 1);
    const sections = new SectionPath(hasTopHeading ? undefined : title);
    const isMdx = name.toLowerCase().endsWith(".mdx");
    const blocks = new BlockSequence();
    for (const node of tree.children) {
      const line = node.position ? { line: node.position.start.line } : {};
      const heading = node.type === "heading" ? { depth: node.depth, text: tidyProse(plainText(node)) } : node.type === "html" ? htmlHeading(node.value) : undefined;
      const code = codeOf(node);
      if (heading) sections.enter(heading.depth, heading.text);
      else if (code) {
        const text = code.map((block) => block.value.replace(/\s+$/, "")).filter((value) => value.trim()).join("\n\n");
        const language = code.map((block) => languageOf(block)).find(Boolean);
        if (text) blocks.push({ text, ...sections.place, ...line, code: language ? { language } : {} }, "content");
      } else if (node.type === "table") {
        const text = plainText(node);
        if (text) blocks.push({ text, ...sections.place, ...line, rows: true }, "content");
      } else if (!INVISIBLE.has(node.type)) {
        const text = tidyProse(plainText(node));
        if (text && !(isMdx && MDX_ONLY.test(text))) blocks.push({ text, ...sections.place, ...line }, ROLE[node.type] ?? "prose");
      }
    }
    return blocks.blocks;
  },
};

const ROLE: Partial<Record<Nodes["type"], BlockRole>> = { list: "content", blockquote: "aside", containerDirective: "aside" };

/**
 * A code block, or a container holding only code blocks (VuePress's code-group, one tab per
 * package manager), which the page shows as code and an answer should quote as code.
 */
function codeOf(node: Nodes): Code[] | undefined {
  if (node.type === "code") return [node];
  if (node.type !== "containerDirective") return undefined;
  const content = node.children.filter((child) => !(child.type === "paragraph" && child.data?.directiveLabel));
  const parts = content.map(codeOf);
  return parts.length > 0 && parts.every((part) => part !== undefined) ? parts.flat() : undefined;
}

/** "sh:no-line-numbers" and "js{4,7}" are VuePress's line options on the language. */
function languageOf(code: Code): string | undefined {
  return code.lang?.split(/[:{]/)[0] || undefined;
}

/** toml front matter is not in mdast's types but comes out of the parser all the same. */
/**
 * VuePress and markdown-it write a container as "::: tip Title", VitePress as ":::tip Title";
 * the directive syntax spells both ":::tip[Title]", and reads neither (the container's text
 * would become paragraphs of its own, its ":::" lines with them).
 */
const SPACED_CONTAINER = /^(\s*:{3,})[ \t]*([A-Za-z][\w-]*)(?:[ \t]+(.*))?$/;
const FENCE = /^\s*(`{3,}|~{3,})/;

/** Rewrites spaced container openers outside code fences, line for line, so line numbers stay those of the file. */
function normaliseContainers(text: string): string {
  let fence: string | undefined;
  return text
    .split("\n")
    .map((line) => {
      const marker = FENCE.exec(line)?.[1];
      if (marker && (fence === undefined || marker.startsWith(fence))) fence = fence === undefined ? marker : undefined;
      if (fence !== undefined) return line;
      const container = SPACED_CONTAINER.exec(line);
      if (!container) return line;
      const [, colons = ":::", name = "", title = ""] = container;
      return `${colons}${name}${title.trim() ? `[${title.trim().replace(/[[\]]/g, "\\$&")}]` : ""}`;
    })
    .join("\n");
}

const INVISIBLE = new Set<string>(["yaml", "toml", "definition", "thematicBreak"]);

function frontMatterTitle(nodes: readonly RootContent[]): string | undefined {
  const yaml = nodes.find((node) => node.type === "yaml");
  if (!yaml) return undefined;
  try {
    const data: unknown = parseYaml(yaml.value);
    const title = typeof data === "object" && data !== null ? (data as { title?: unknown }).title : undefined;
    return typeof title === "string" && title.trim() ? title.trim() : undefined;
  } catch {
    // Front matter the site builder would reject still leaves the page's text readable.
    return undefined;
  }
}

/** The text a reader sees: link text without its URL, inline code in backticks, list items and table rows on lines of their own. */
function plainText(node: Nodes): string {
  switch (node.type) {
    case "text":
      return node.value.replace(/[ \t]*\n[ \t]*/g, " ");
    case "inlineCode":
      return `\`${node.value}\``;
    case "code":
      return `\n${node.value}\n`;
    case "break":
      return "\n";
    case "html":
      return htmlText(node.value);
    case "image":
    case "imageReference":
    case "footnoteReference":
    case "definition":
    case "yaml":
    case "thematicBreak":
      return "";
    case "list":
      return listText(node);
    case "table": {
      const [header, ...body] = node.children.map((row) => row.children.map((cell) => plainText(cell)));
      return tableText(header ?? [], body);
    }
    case "blockquote":
    case "containerDirective":
    case "footnoteDefinition":
    case "listItem":
    case "root":
      return node.children.map(plainText).join("\n");
    default:
      return "children" in node ? node.children.map(plainText).join("") : "";
  }
}

function listText(list: List): string {
  return list.children.map((item, i) => `${list.ordered ? `${(list.start ?? 1) + i}.` : "-"} ${itemText(item)}`).join("\n");
}

function itemText(item: ListItem): string {
  const check = item.checked === true ? "[x] " : item.checked === false ? "[ ] " : "";
  return check + plainText(item);
}
