import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withContinuations } from "../src/answer/continuations.js";
import { withLeadIns } from "../src/answer/lead-ins.js";
import type { Answer } from "../src/answer/types.js";
import { Citebot } from "../src/citebot.js";
import { loadCorpus } from "../src/corpus/load.js";
import type { Paragraph } from "../src/corpus/paragraphs.js";
import { UniversalSentenceEncoderEmbeddings } from "../src/embeddings/universal-sentence-encoder.js";
import { createLogger } from "../src/logger.js";
import { handbookPdf } from "./helpers/document-fixtures.js";

const FAQ_MD = `# Widget FAQ

## How do I rename a widget?

\`\`\`js
widget.setName('kitchen');
\`\`\`

## How do I mute a widget?

\`\`\`js
widget.mute();
\`\`\`
`;

// Shares more of "How can I rename my widget?" than the one line of code does, under a heading that does not.
const SHARING_MD = `# Sharing a widget

## Guests

A guest can rename your widget, mute your widget and change its colour, so only share your widget with people you trust to rename it.
`;

const DEPLOYING_MD = `# Hub operations

## Going live

To deploy a widget, upload its bundle to the hub and restart the hub afterwards.

\`\`\`sh
hub deploy widget-bundle.zip
hub restart
\`\`\`
`;

const OPTIONS_MD = `# Widget API

## Options

### \`colour\` (String)

Default: \`'blue'\`

The colour the widget lights up in when it is on.

### \`brightness\` (Number)

Default: \`80\`

How bright the light is, in percent of its maximum.
`;

const NIGHT_MD = `# Lights

## Night mode

Widgets can dim their light after dark. This is called night mode and is switched on with \`widget.night()\`, as follows:

\`\`\`js
widget.night(true);
\`\`\`
`;

const RESPONSES_MD = `# Responses

## Slow commands

The hub expects every widget command to be acknowledged within three seconds. Otherwise, the hub drops the command. But what if your command needs longer than three seconds?

In this case, send a holding reply first with \`widget.defer()\`, and finish within fifteen minutes. This also tells the hub that the command arrived.

## Unanswered questions

Widgets keep their settings across a restart. Did you know they can also be renamed?

Renaming is covered on the FAQ page.
`;

describe("answers from documentation folders", () => {
  let root: string;
  let citebot: Citebot;
  let paragraphOf: (file: string, paragraph: number) => Paragraph | undefined;

  beforeAll(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), "citebot-docs-"));
    const seedsDir = path.join(root, "docs");
    await mkdir(path.join(seedsDir, "topics"), { recursive: true });
    await writeFile(path.join(seedsDir, "faq.md"), FAQ_MD);
    await writeFile(path.join(seedsDir, "topics/sharing.md"), SHARING_MD);
    await writeFile(path.join(seedsDir, "topics/responses.md"), RESPONSES_MD);
    await writeFile(path.join(seedsDir, "handbook.pdf"), await handbookPdf());
    await writeFile(path.join(seedsDir, "topics/deploying.md"), DEPLOYING_MD);
    await writeFile(path.join(seedsDir, "api.md"), OPTIONS_MD);
    await writeFile(path.join(seedsDir, "topics/night.md"), NIGHT_MD);
    const corpus = await loadCorpus(seedsDir);
    paragraphOf = (file, paragraph) => corpus.files.find((entry) => entry.name === file)?.paragraphs[paragraph - 1];
    citebot = await Citebot.open({ seedsDir, indexDir: path.join(root, "index"), logger: createLogger("silent"), embedder: await UniversalSentenceEncoderEmbeddings.load() });
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it("answers a how-to with the code under the heading that names the task, before prose elsewhere that shares more words", async () => {
    const answer = await citebot.ask("How can I rename my widget?");
    expect(answer.citations[0]).toMatchObject({ file: "faq.md", paragraph: 1, section: "Widget FAQ › How do I rename a widget?", code: { language: "js" } });
    expect(answer.citations.map((citation) => citation.file)).not.toContain("topics/sharing.md");
    expect(answer.answer.startsWith("\n```js\nwidget.setName('kitchen');\n```\n [faq.md ¶1]")).toBe(true);
  });

  it("follows a how-to passage with the code its section shows for the task", async () => {
    const answer = await citebot.ask("How do I deploy a widget?");
    expect(answer.citations.slice(0, 2)).toMatchObject([
      { file: "topics/deploying.md", paragraph: 1, quote: "To deploy a widget, upload its bundle to the hub and restart the hub afterwards." },
      { file: "topics/deploying.md", paragraph: 2, code: { language: "sh" } },
    ]);
  });

  it("answers with a short labelled value under the heading it belongs to", async () => {
    const answer = await citebot.ask("What is the default brightness of a widget?");
    expect(answer.citations.map(({ file, paragraph, quote }) => ({ file, paragraph, quote }))).toContainEqual({ file: "api.md", paragraph: 3, quote: "Default: `80`" });
  });

  it("carries a quote on through what goes on from it and through the question the text asks, into the next paragraph's answer to it", async () => {
    const answer = await citebot.ask("What should I do when a widget command takes longer than three seconds?");
    expect(answer.answer).toContain(
      "Otherwise, the hub drops the command. But what if your command needs longer than three seconds? [topics/responses.md ¶1] In this case, send a holding reply first with `widget.defer()`, and finish within fifteen minutes. [topics/responses.md ¶2]",
    );
  });

  it("answers from a PDF with the text under a heading line, cited with that heading as its section", async () => {
    const answer = await citebot.ask("How do I reset a widget?");
    expect(answer.citations[0]).toMatchObject({ file: "handbook.pdf", paragraph: 2, page: 1, section: "Widget handbook › Charging › How do I reset a widget?", quote: "Hold the reset button for ten seconds until the light blinks twice." });
  });

  const answerCiting = (file: string, paragraph: number, quote: string): Answer => ({
    question: "q",
    answered: true,
    answer: "",
    citations: [{ file, paragraph, quote, score: 1 }],
  });

  it("brings the sentence before a quote that opens its paragraph by going on from it", () => {
    const answer = withContinuations(answerCiting("topics/responses.md", 2, "In this case, send a holding reply first with `widget.defer()`, and finish within fifteen minutes."), paragraphOf);
    expect(answer.citations.map(({ paragraph, quote }) => ({ paragraph, quote }))).toEqual([
      { paragraph: 1, quote: "But what if your command needs longer than three seconds?" },
      { paragraph: 2, quote: "In this case, send a holding reply first with `widget.defer()`, and finish within fifteen minutes." },
    ]);
  });

  it("leaves a question the next paragraph does not answer, and a quote whose neighbours do not go on from it, as they are", () => {
    const unanswered = answerCiting("topics/responses.md", 3, "Widgets keep their settings across a restart.");
    expect(withContinuations(unanswered, paragraphOf)).toBe(unanswered);
    const code = answerCiting("faq.md", 1, "widget.setName('kitchen');");
    expect(withContinuations(code, paragraphOf)).toBe(code);
  });

  it("reads a lead-in that points back ('This is called…, as follows:') from the sentence before it when its code brings it", () => {
    const answer = withLeadIns(answerCiting("topics/night.md", 2, "widget.night(true);"), paragraphOf);
    expect(answer.citations.map(({ paragraph, quote }) => ({ paragraph, quote }))).toEqual([
      { paragraph: 1, quote: "Widgets can dim their light after dark. This is called night mode and is switched on with `widget.night()`, as follows:" },
      { paragraph: 2, quote: "widget.night(true);" },
    ]);
  });
});
