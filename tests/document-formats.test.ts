import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadCorpus, type Corpus } from "../src/corpus/load.js";
import type { Paragraph } from "../src/corpus/paragraphs.js";
import { documentFolder, handbookPdf, HANDBOOK_MD, STATUS_HTML, type DocumentFolder } from "./helpers/document-fixtures.js";

/** 1-based line of the first line of `text` that contains `needle`: an independent count. */
function lineOf(text: string, needle: string): number {
  return text.split("\n").findIndex((line) => line.includes(needle)) + 1;
}

describe("reading a documents folder of mixed formats", () => {
  let folder: DocumentFolder;
  let corpus: Corpus;
  const paragraphs = (name: string): Paragraph[] => corpus.files.find((file) => file.name === name)?.paragraphs ?? [];

  beforeAll(async () => {
    folder = await documentFolder();
    corpus = await loadCorpus(folder.seedsDir);
  });
  afterAll(() => folder.cleanup());

  it("indexes every supported file in subfolders under its relative path with / separators", () => {
    expect(corpus.files.map((file) => file.name)).toEqual(["guides/advanced/faq.md", "guides/handbook.md", "manual.pdf", "notes.txt", "reports/q3.docx", "site/status.html"]);
  });

  it("lists every other file with its reason, never dropping one silently", () => {
    expect(corpus.skipped).toEqual([
      { name: ".obsidian/", reason: "hidden folder, not read" },
      { name: "broken.pdf", reason: expect.stringMatching(/^corrupt PDF/) },
      { name: "drafts/empty.md", reason: "empty" },
      { name: "link-out.md", reason: "symbolic link to outside the documents folder, not followed" },
      { name: "locked.pdf", reason: "encrypted PDF (needs a password)" },
      { name: "node_modules/", reason: "node_modules folder, not read" },
      { name: "photo.png", reason: "unsupported type (.png)" },
      { name: "reports/broken.docx", reason: expect.stringMatching(/^corrupt DOCX/) },
    ]);
  });

  it("reads Markdown as blocks: front matter, headings and comments are not paragraphs; lists, tables, code and containers are whole", () => {
    const handbook = paragraphs("guides/handbook.md");
    expect(handbook.map((p) => [p.paragraph, p.text])).toEqual([
      [1, "Install the widget service with the package manager. See the setup notes for details."],
      [2, "The service reads `widget.toml` when it starts."],
      [3, "- Port: 8080 by default\n- Log level: info"],
      [4, "Setting: port | Default: 8080\nSetting: timeout | Default: 30 s"],
      [5, "const widget = createWidget();\n\n// start listening for widget requests\nwidget.listen(8080);"],
      [6, "Restart the service after changing the configuration."],
      [7, "If the service does not start, check that port 8080 is free."],
    ]);
    expect(handbook.map((p) => p.section)).toEqual([
      ["Installing widgets"],
      ["Installing widgets", "Configuration"],
      ["Installing widgets", "Configuration"],
      ["Installing widgets", "Configuration"],
      ["Installing widgets", "Configuration"],
      ["Installing widgets", "Configuration"],
      ["Installing widgets", "Configuration", "Troubleshooting"],
    ]);
    expect(handbook.map((p) => p.line)).toEqual(
      ["Install the widget", "The service reads", "- Port", "| Setting", "```js", ":::tip", "If the service"].map((needle) => lineOf(HANDBOOK_MD, needle)),
    );
    expect(handbook[4]?.code).toEqual({ language: "js" });
    expect(handbook[3]?.rows).toBe(true);
    expect(handbook.filter((p) => p.code)).toHaveLength(1);
    expect(handbook.map((p) => p.text).join("\n")).not.toMatch(/TODO|Jane Doe|example\.com|<!--/);
  });

  it("roots the section path at the front-matter title when no top-level heading names the page", () => {
    expect(paragraphs("guides/advanced/faq.md")).toEqual([
      { file: "guides/advanced/faq.md", paragraph: 1, text: "Hold the reset button for ten seconds until the light blinks twice.", section: ["Widget FAQ", "How do I reset a widget?"], line: 7 },
    ]);
  });

  it("rebuilds PDF paragraphs from the text layout, each with its page, under the title of its metadata; its large-type heading is not a paragraph", () => {
    const section = ["Widget manual"];
    expect(paragraphs("manual.pdf").map(({ paragraph, text, page, section }) => ({ paragraph, text, page, section }))).toEqual([
      { paragraph: 1, text: "Each widget ships with a charger and a quick start card that explains how to pair it with the base station.", page: 1, section },
      { paragraph: 2, text: "The warranty covers every widget for three years from the date of purchase.", page: 2, section },
    ]);
  });

  it("reads an HTML page's main content without navigation, scripts or styles, under its headings, with lines", () => {
    const page = paragraphs("site/status.html");
    expect(page.map(({ text, section, line, code }) => ({ text, section, line, code }))).toEqual([
      { text: "All widget servers in Frankfurt have been operational since Monday.", section: ["Service status"], line: lineOf(STATUS_HTML, "Frankfurt"), code: undefined },
      { text: "A power outage in Dublin stopped the backup servers for two hours.", section: ["Service status", "Incidents"], line: lineOf(STATUS_HTML, "Dublin"), code: undefined },
      { text: "systemctl restart widget", section: ["Service status", "Incidents"], line: lineOf(STATUS_HTML, "systemctl"), code: { language: "sh" } },
      { text: "Region: Frankfurt | Servers: 12\nRegion: Dublin | Servers: 4", section: ["Service status", "Incidents"], line: lineOf(STATUS_HTML, "<table>"), code: undefined },
    ]);
    expect(page.map((p) => p.text).join(" ")).not.toMatch(/navigation|script text|Copyright|display: none/);
  });

  it("gives DOCX paragraphs the path of Word's heading styles", () => {
    expect(paragraphs("reports/q3.docx").map(({ paragraph, text, section }) => ({ paragraph, text, section }))).toEqual([
      { paragraph: 1, text: "Revenue grew by twelve percent in the third quarter.", section: ["Quarterly report"] },
      { paragraph: 2, text: "Shipping delays from the harbour strike remain the main risk.", section: ["Quarterly report", "Risks"] },
    ]);
  });

  it("keeps the .txt rule: a non-empty line is a paragraph, the title first", () => {
    expect(paragraphs("notes.txt")).toEqual([
      { file: "notes.txt", paragraph: 1, text: "Field notes", line: 1 },
      { file: "notes.txt", paragraph: 2, text: "The blue widget failed its humidity test twice in March.", line: 2 },
    ]);
  });
});

describe("Markdown dialects of documentation sites", () => {
  const readMarkdown = async (lines: string[], name: string) => (await import("../src/corpus/readers/markdown.js")).markdownReader.read(Buffer.from(lines.join("\n")), name);

  it("reads VuePress '::: tip Title' and VitePress ':::tip Title' containers as one block and drops MDX import lines and comments", async () => {
    const blocks = await readMarkdown([
      "import Tabs from '@theme/Tabs';",
      "",
      "# Setup",
      "",
      "{/* editors only */}",
      "",
      "::: warning Careful",
      "Tokens are secrets.",
      "",
      "Never commit them.",
      ":::",
      "",
      "```md",
      "::: tip",
      "```",
      "",
      ":::warning Protecting secrets",
      "",
      "Keys in the bundle are public.",
      "",
      ":::",
      "",
      ":::tip[Bracketed]",
      "Already directive syntax.",
      ":::",
    ], "docs/setup.mdx");
    expect(blocks).toEqual([
      { text: "Careful\nTokens are secrets.\nNever commit them.", section: ["Setup"], line: 7 },
      { text: "::: tip", section: ["Setup"], line: 13, code: { language: "md" } },
      { text: "Protecting secrets\nKeys in the bundle are public.", section: ["Setup"], line: 17 },
      { text: "Bracketed\nAlready directive syntax.", section: ["Setup"], line: 23 },
    ]);
  });

  it("reads a code group as one code block, a component's text and title, and an HTML heading as a heading", async () => {
    const blocks = await readMarkdown([
      '<h1 align="center">Widgets</h1>',
      "",
      "## Install",
      "",
      "Run the following command:",
      "",
      ":::: code-group",
      "::: code-group-item npm",
      "```sh:no-line-numbers",
      "npm install widget",
      "```",
      ":::",
      "::: code-group-item yarn",
      "```sh:no-line-numbers",
      "yarn add widget",
      "```",
      ":::",
      "::::",
      "",
      'A <ApiLink path="Widget" type="class" /> starts when <ApiLink path="Widget#start" /> is called, see <ResultingCode path="widgets/start" />.',
      "",
      '<Callout title="Heads up">Widgets need power.</Callout>',
    ], "docs/widgets.md");
    expect(blocks.map(({ text, section, code }) => ({ text, section, code }))).toEqual([
      { text: "Run the following command:", section: ["Widgets", "Install"], code: undefined },
      { text: "npm install widget\n\nyarn add widget", section: ["Widgets", "Install"], code: { language: "sh" } },
      { text: "A Widget starts when Widget#start is called, see .", section: ["Widgets", "Install"], code: undefined },
      { text: "Heads up\nWidgets need power.", section: ["Widgets", "Install"], code: undefined },
    ]);
  });

  it("links a code block, list or table to the lead-in ending in ':' before it, across an aside but not across a heading", async () => {
    const blocks = await readMarkdown([
      "# Errors",
      "",
      "This error has a few common causes. The most common causes are:",
      "",
      "::: tip",
      "Check the log first.",
      ":::",
      "",
      "- a wrong token",
      "- a revoked token",
      "",
      "| Code | Meaning |",
      "| ---- | ------- |",
      "| E1   | Token missing. Set it. |",
      "",
      "Then restart with:",
      "",
      "## Restarting",
      "",
      "```sh",
      "widget restart",
      "```",
    ], "docs/errors.md");
    expect(blocks.map(({ text, leadIn, rows }) => ({ text, leadIn, rows }))).toEqual([
      { text: "This error has a few common causes. The most common causes are:", leadIn: undefined, rows: undefined },
      { text: "Check the log first.", leadIn: undefined, rows: undefined },
      { text: "- a wrong token\n- a revoked token", leadIn: { paragraph: 1, text: "The most common causes are:" }, rows: undefined },
      { text: "Code: E1 | Meaning: Token missing. Set it.", leadIn: undefined, rows: true },
      { text: "Then restart with:", leadIn: undefined, rows: undefined },
      { text: "widget restart", leadIn: undefined, rows: undefined },
    ]);
  });

  it("makes each table row an evidence unit read under its heading path, and a .txt sentence one read as it stands", async () => {
    const { evidenceUnits } = await import("../src/corpus/evidence-units.js");
    const table = { text: "Code: E1 | Meaning: Token missing. Set it.\nCode: E2 | Meaning: Token revoked.", rows: true as const, section: ["Errors"] };
    expect(evidenceUnits(table).map(({ start, end, text }) => ({ quote: table.text.slice(start, end), text }))).toEqual([
      { quote: "Code: E1 | Meaning: Token missing. Set it.", text: "Errors\nCode: E1 | Meaning: Token missing. Set it." },
      { quote: "Code: E2 | Meaning: Token revoked.", text: "Errors\nCode: E2 | Meaning: Token revoked." },
    ]);
    expect(evidenceUnits({ text: "The blue widget failed. It was tested twice." }).map((unit) => unit.text)).toEqual(["The blue widget failed.", "It was tested twice."]);
  });
});

describe("headings of a PDF", () => {
  it("takes a short line in larger type (wrapped once at most), or one in body type standing over body text, as a heading that gives the section path, not a paragraph", async () => {
    const { pdfReader } = await import("../src/corpus/readers/pdf.js");
    const blocks = await pdfReader.read(Buffer.from(await handbookPdf()), "handbook.pdf");
    expect(blocks).toEqual([
      { text: "Plug the charger into the base station and wait until the light on the widget turns green, which takes about two hours.", section: ["Widget handbook", "Charging"], page: 1 },
      { text: "Hold the reset button for ten seconds until the light blinks twice.", section: ["Widget handbook", "Charging", "How do I reset a widget?"], page: 1 },
      { text: "Keep it dry.", section: ["Widget handbook", "Storage, cleaning and transport"], page: 2 },
      { text: "Store widgets below thirty degrees, away from direct sunlight and water.", section: ["Widget handbook", "Storage, cleaning and transport"], page: 2 },
    ]);
  });
});

describe("short labelled values in reference pages", () => {
  it("makes 'Default: value' under a heading answerable (a chunk and an embedded evidence unit), but not the same line in a .txt file", async () => {
    const { chunkParagraphs } = await import("../src/corpus/chunks.js");
    const { evidenceUnits } = await import("../src/corpus/evidence-units.js");
    const option = { file: "api.md", paragraph: 2, text: "Default: `'info'`", section: ["API", "`level` (String)"] };
    const line = { file: "notes.txt", paragraph: 2, text: "Default: `'info'`" };
    expect((await chunkParagraphs([option, line])).map((chunk) => chunk.text)).toEqual(["API › `level` (String)\nDefault: `'info'`"]);
    expect(evidenceUnits(option).map((unit) => unit.embedded)).toEqual([true]);
    expect(evidenceUnits(line).map((unit) => unit.embedded)).toEqual([false]);
  });
});
