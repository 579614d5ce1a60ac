import type { Element, ElementContent, Nodes, Root } from "hast";
import { fromHtml } from "hast-util-from-html";
import { toText } from "hast-util-to-text";
import { SectionPath } from "../sections.js";
import { BlockSequence, type BlockRole } from "./block-sequence.js";
import { componentTree } from "./components.js";
import { tableText as rowsText, tidyProse, type Block } from "./reader.js";

/** Never shown as text of the page, or site chrome around it. */
const DROPPED = new Set(["head", "script", "style", "noscript", "template", "nav", "svg", "canvas", "iframe", "object", "button", "select", "textarea", "menu"]);
/** Read whole as one citable block, as Markdown's top-level blocks are. */
const WHOLE = new Set(["p", "ul", "ol", "dl", "blockquote", "figure", "address", "details"]);
const HEADING = /^h([1-6])$/;
/** Text-level elements: a run of them (and of bare text) between blocks is a paragraph of its own. */
const PHRASING = new Set(["a", "abbr", "b", "bdi", "bdo", "br", "cite", "code", "data", "del", "dfn", "em", "i", "img", "ins", "kbd", "label", "mark", "q", "s", "samp", "small", "span", "strong", "sub", "sup", "time", "u", "var", "wbr"]);

/** The visible text of an HTML fragment in Markdown: empty for a comment or a bare tag; a Vue/JSX component keeps its text. */
export function htmlText(fragment: string): string {
  return toText(componentTree(fragment));
}

/** A Markdown file's `<h1 align="center">Title</h1>` is a heading as much as `# Title` is. */
export function htmlHeading(fragment: string): { depth: number; text: string } | undefined {
  const nodes = fromHtml(fragment, { fragment: true }).children.filter((node) => node.type === "element" || (node.type === "text" && node.value.trim()));
  const [only] = nodes;
  const depth = nodes.length === 1 && only?.type === "element" ? HEADING.exec(only.tagName)?.[1] : undefined;
  return depth && only ? { depth: Number(depth), text: tidyProse(toText(only)) } : undefined;
}

export interface HtmlBlockOptions {
  /** Whether element positions are lines of the file the operator has (not of HTML converted from another format). */
  lines: boolean;
}

/**
 * The citable blocks of an HTML tree, in document order, each under its heading path.
 * Only the page's <main> (or <body>) is read, without navigation, scripts, styles or
 * anything hidden.
 */
export function htmlBlocks(tree: Root, options: HtmlBlockOptions): Block[] {
  const content = findElement(tree, "main") ?? findElement(tree, "body") ?? tree;
  const titleElement = findElement(tree, "title");
  const title = titleElement ? tidyProse(toText(titleElement)) : undefined;
  const sections = new SectionPath(findElement(content, "h1") ? undefined : title);
  const blocks = new BlockSequence();
  let pending: ElementContent[] = [];

  const lineOf = (node: Nodes): { line?: number } => (options.lines && node.position ? { line: node.position.start.line } : {});
  const push = (node: Nodes, text: string, role: BlockRole, extra: Partial<Block> = {}): void => {
    if (text) blocks.push({ text, ...sections.place, ...lineOf(node), ...extra }, role);
  };
  const flush = (): void => {
    const run = pending;
    pending = [];
    const first = run.find((node) => node.type !== "comment");
    if (first) push(first, tidyProse(toText(element("p", run))), "prose");
  };
  const walk = (parent: Root | Element): void => {
    for (const node of parent.children) {
      if (node.type === "text") pending.push(node);
      if (node.type !== "element" || isHidden(node)) continue;
      const heading = HEADING.exec(node.tagName);
      if (PHRASING.has(node.tagName)) pending.push(node);
      else if (heading) {
        flush();
        sections.enter(Number(heading[1]), tidyProse(toText(node)));
      } else if (node.tagName === "pre") {
        flush();
        const language = codeLanguage(node);
        push(node, toText(node, { whitespace: "pre" }).replace(/\s+$/, ""), "content", { code: language ? { language } : {} });
      } else if (node.tagName === "table") {
        flush();
        push(node, tableText(node), "content", { rows: true });
      } else if (WHOLE.has(node.tagName)) {
        flush();
        push(node, tidyProse(toText(node)), ROLE[node.tagName] ?? "prose");
      } else {
        flush();
        walk(node);
        flush();
      }
    }
  };
  walk(content);
  flush();
  return blocks.blocks;
}

const ROLE: Partial<Record<string, BlockRole>> = { ul: "content", ol: "content", dl: "content", blockquote: "aside", details: "aside" };

/** The rows as Markdown tables read, a first row of header cells (<th>) naming the cells under it. */
function tableText(table: Element): string {
  const rows: Element[][] = [];
  const visit = (node: Element): void => {
    for (const child of node.children) {
      if (child.type !== "element") continue;
      if (child.tagName === "tr") rows.push(child.children.filter((cell): cell is Element => cell.type === "element" && (cell.tagName === "td" || cell.tagName === "th")));
      else visit(child);
    }
  };
  visit(table);
  const cells = rows.map((row) => row.map((cell) => toText(cell)));
  const [first = []] = rows;
  const hasHeader = first.length > 0 && first.every((cell) => cell.tagName === "th") && rows.length > 1;
  return hasHeader ? rowsText(cells[0] ?? [], cells.slice(1)) : rowsText([], cells);
}

function isHidden(node: Element): boolean {
  const { hidden, ariaHidden, role } = node.properties;
  return DROPPED.has(node.tagName) || hidden === true || hidden === "" || ariaHidden === "true" || role === "navigation";
}

/** "language-js" or "lang-js" on the <pre> or its <code>, as highlighters and Markdown renderers write it. */
function codeLanguage(pre: Element): string | undefined {
  const code = pre.children.find((child): child is Element => child.type === "element" && child.tagName === "code");
  for (const node of [pre, code]) {
    const classes = node?.properties.className;
    for (const name of Array.isArray(classes) ? classes : []) {
      const match = /^lang(?:uage)?-(.+)$/.exec(String(name));
      if (match?.[1]) return match[1];
    }
  }
  return undefined;
}

function element(tagName: string, children: ElementContent[]): Element {
  return { type: "element", tagName, properties: {}, children };
}

function findElement(parent: Root | Element, tagName: string): Element | undefined {
  for (const node of parent.children) {
    if (node.type !== "element") continue;
    if (node.tagName === tagName) return node;
    const found = findElement(node, tagName);
    if (found) return found;
  }
  return undefined;
}
