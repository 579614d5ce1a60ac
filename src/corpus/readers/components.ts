import type { Element, ElementContent, Root, RootContent } from "hast";
import { fromHtml } from "hast-util-from-html";
import { toText } from "hast-util-to-text";

/** An opening or self-closing tag; attribute values holding ">" are rare enough in documentation to ignore. */
const TAG = /<([A-Za-z][\w.:-]*)([^<>]*?)(\/?)>/g;
/** Attributes that name, style or wire a component rather than say something to the reader. */
const NOT_TEXT = new Set(["class", "classname", "id", "style", "key", "ref", "slot", "src", "href", "to", "type", "lang", "language", "width", "height", "size", "target", "rel", "color", "variant", "icon", "theme", "profile"]);
/** Attributes a component shows as its heading over its content (`<Tab title="npm">`, `<Callout label="Note">`). */
const TITLE = ["title", "label", "heading", "summary", "caption"];

/**
 * An HTML fragment of a Markdown or MDX page, parsed so that the site builder's components
 * (`<DocsLink path="Client:Class" />`, `<Tab title="npm">…</Tab>`) keep the text the rendered
 * page shows: a component's children as they are, its title over them, and a self-closing
 * one its textual attributes, for the builder renders those as text. An HTML parser would
 * read `<Foo />` as an opening tag that swallows what follows, so such tags are closed first.
 */
export function componentTree(fragment: string): Root {
  const components = new Set<string>();
  const closed = fragment.replace(TAG, (tag, name: string, attributes: string, selfClosing: string) => {
    if (name === name.toLowerCase() && !name.includes("-")) return tag;
    components.add(name.toLowerCase());
    return selfClosing ? `<${name}${attributes} data-self-closing></${name}>` : tag;
  });
  const tree = fromHtml(closed, { fragment: true });
  if (components.size > 0) rewrite(tree, components);
  return tree;
}

function rewrite(parent: Root | Element, components: ReadonlySet<string>): void {
  parent.children = parent.children.flatMap((node): Array<RootContent & ElementContent> => {
    if (node.type !== "element") return [node as RootContent & ElementContent];
    rewrite(node, components);
    if (!components.has(node.tagName)) return [node];
    if (node.properties.dataSelfClosing !== undefined && !toText(node).trim()) return [{ type: "text", value: attributeText(node) }];
    const title = TITLE.map((name) => node.properties[name]).find((value): value is string => typeof value === "string" && value.trim() !== "");
    return title ? [{ type: "text", value: title }, { type: "element", tagName: "br", properties: {}, children: [] }, node] : [node];
  });
}

function attributeText(node: Element): string {
  return Object.entries(node.properties)
    .filter(([name, value]) => typeof value === "string" && /^[a-z]+$/i.test(name) && !NOT_TEXT.has(name.toLowerCase()) && isProse(value))
    .map(([, value]) => String(value).trim())
    .join(" ");
}

/** A value a reader would see: not a path, URL, number or flag. */
function isProse(value: string): boolean {
  return /\p{L}/u.test(value) && !/[/\\]/.test(value) && !/^(?:true|false|null|undefined)$/.test(value.trim());
}
