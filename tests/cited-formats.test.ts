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

describe("answers from a mixed documents folder cite the exact place", () => {
  let folder: DocumentFolder;
  let citebot: Citebot;
  const embedder = UniversalSentenceEncoderEmbeddings.load();

  beforeAll(async () => {
    folder = await documentFolder();
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
    expect(await best("How many years does the warranty cover a widget?")).toMatchObject({ file: "manual.pdf", paragraph: 3, page: 2 });
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
    expect(await best("How many years does the warranty cover a widget?")).toMatchObject({ file: "manual.pdf", paragraph: 3, page: 2, quote: expect.stringContaining("five years") });
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
