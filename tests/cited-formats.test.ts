import { execFile } from "node:child_process";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Citebot } from "../src/citebot.js";
import { UniversalSentenceEncoderEmbeddings } from "../src/embeddings/universal-sentence-encoder.js";
import { createLogger } from "../src/logger.js";
import { documentFolder, manualPdf, type DocumentFolder } from "./helpers/document-fixtures.js";

const run = promisify(execFile);

const PAIRING_MD = `# Pairing widgets

## The widget does not pair

Pairing can fail after a move. The most common reasons are:

- the base station is out of range
- the widget battery is empty
- another phone already holds the pairing

## Updating the firmware

To update the widget firmware, run the following:

\`\`\`sh
widget firmware --update
\`\`\`
`;

describe("answers from a mixed documents folder cite the exact place", () => {
  let folder: DocumentFolder;
  let citebot: Citebot;
  const embedder = UniversalSentenceEncoderEmbeddings.load();

  beforeAll(async () => {
    folder = await documentFolder();
    await writeFile(path.join(folder.seedsDir, "guides/pairing.md"), PAIRING_MD);
    citebot = await Citebot.open({
      seedsDir: folder.seedsDir,
      indexDir: folder.indexDir,
      logger: createLogger("silent"),
      embedder: await embedder,
      sourceUrlTemplate: "https://git.example/docs/blob/main/{file}#L{line}",
    });
  });
  afterAll(() => folder.cleanup());

  const best = async (question: string) => {
    const answer = await citebot.ask(question);
    expect(answer.answered, question).toBe(true);
    return answer.citations[0];
  };

  it("answers from a PDF with its page", async () => {
    expect(await best("How many years does the warranty cover a widget?")).toMatchObject({ file: "manual.pdf", paragraph: 2, page: 2 });
  });

  it("answers from an HTML page with its section and line, and links to that line", async () => {
    const citation = await best("What stopped the backup servers in Dublin?");
    expect(citation).toMatchObject({ file: "site/status.html", paragraph: 2, section: "Service status › Incidents", line: 11 });
    expect(citation?.url).toBe("https://git.example/docs/blob/main/site/status.html#L11");
  });

  it("answers from a DOCX with its heading path, and a PDF link without a line keeps only the file", async () => {
    expect(await best("By how much did revenue grow in the third quarter?")).toMatchObject({ file: "reports/q3.docx", paragraph: 1, section: "Quarterly report" });
    const pdf = (await citebot.ask("How many years does the warranty cover a widget?")).citations[0];
    expect(pdf?.url).toBe("https://git.example/docs/blob/main/manual.pdf");
  });

  it("finds the block under a heading that the question repeats, in a nested folder", async () => {
    expect(await best("How do I reset a widget?")).toMatchObject({ file: "guides/advanced/faq.md", paragraph: 1, section: "Widget FAQ › How do I reset a widget?", line: 7 });
  });

  it("quotes a code block whole and fenced with its language", async () => {
    const answer = await citebot.ask("How do I start listening for widget requests on port 8080?");
    const code = answer.citations.find((citation) => citation.code);
    expect(code).toMatchObject({ file: "guides/handbook.md", paragraph: 5, code: { language: "js" } });
    expect(answer.answer).toContain("```js\nconst widget = createWidget();\n\n// start listening for widget requests\nwidget.listen(8080);\n```\n [guides/handbook.md ¶5]");
  });

  it("quotes a lead-in ending in ':' with the code block it introduces, the code cited first", async () => {
    const answer = await citebot.ask("How do I update the widget firmware?");
    expect(answer.citations.slice(0, 2)).toMatchObject([
      { file: "guides/pairing.md", paragraph: 4, code: { language: "sh" } },
      { file: "guides/pairing.md", paragraph: 3, quote: "To update the widget firmware, run the following:" },
    ]);
    expect(answer.answer).toContain("To update the widget firmware, run the following: [guides/pairing.md ¶3] \n```sh\nwidget firmware --update\n```\n [guides/pairing.md ¶4]");
  });

  it("quotes a list whole after the lead-in that announces it", async () => {
    const answer = await citebot.ask("Why does my widget not pair?");
    const cited = answer.citations.map((citation) => citation.paragraph);
    expect(answer.citations[0]?.file).toBe("guides/pairing.md");
    expect(cited).toEqual(expect.arrayContaining([1, 2]));
    expect(answer.answer).toContain("The most common reasons are: [guides/pairing.md ¶1] \n- the base station is out of range\n- the widget battery is empty\n- another phone already holds the pairing [guides/pairing.md ¶2]");
  });

  it("refuses what the folder does not say", async () => {
    expect((await citebot.ask("Who won the 1998 football world cup?")).answered).toBe(false);
  });

  it("reports the files it did not index in its status", () => {
    expect(citebot.status.skipped.map((file) => file.name)).toEqual([".obsidian/", "broken.pdf", "drafts/empty.md", "link-out.md", "locked.pdf", "node_modules/", "photo.png", "reports/broken.docx"]);
  });

  it("re-embeds only the changed paragraph of a changed PDF", async () => {
    await writeFile(path.join(folder.seedsDir, "manual.pdf"), await manualPdf("The warranty covers every widget for five years from the date of purchase."));
    const summary = await citebot.reindex();
    expect(summary.changed).toEqual(["manual.pdf"]);
    expect(summary.chunksEmbedded).toBe(1);
    expect(summary.chunksReused).toBe(summary.chunks - 1);
    expect(await best("How many years does the warranty cover a widget?")).toMatchObject({ file: "manual.pdf", paragraph: 2, page: 2, quote: expect.stringContaining("five years") });
  });

  describe("on the command line", () => {
    // Each run loads the encoder in a fresh process: slow on two contended cores.
    const CLI_TIMEOUT = 120_000;
    const cli = (script: string, args: string[]) =>
      run(process.execPath, ["--import", "tsx", script, ...args], {
        env: { ...process.env, SEEDS_DIR: folder.seedsDir, INDEX_DIR: folder.indexDir, LOG_LEVEL: "silent", SOURCE_URL_TEMPLATE: "https://git.example/docs/blob/main/{file}#L{line}" },
      });

    it("lists the skipped files with their reasons in the reindex output", async () => {
      const { stdout } = await cli("src/cli/reindex.ts", []);
      expect(stdout).toContain("Not indexed (8):");
      expect(stdout).toContain("  locked.pdf — encrypted PDF (needs a password)");
    }, CLI_TIMEOUT);

    it("prints each citation's place and link", async () => {
      const { stdout } = await cli("src/cli/ask.ts", ["What stopped the backup servers in Dublin?"]);
      expect(stdout).toContain("site/status.html ¶2 · Service status › Incidents · line 11 (score");
      expect(stdout).toContain("https://git.example/docs/blob/main/site/status.html#L11");
    }, CLI_TIMEOUT);

    it("reports section and line in --json", async () => {
      const { stdout } = await cli("src/cli/ask.ts", ["--json", "What stopped the backup servers in Dublin?"]);
      expect(JSON.parse(stdout).citations[0]).toMatchObject({ file: "site/status.html", paragraph: 2, section: "Service status › Incidents", line: 11, url: "https://git.example/docs/blob/main/site/status.html#L11" });
    }, CLI_TIMEOUT);
  });
});
