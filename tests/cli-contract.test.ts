import { execFile } from "node:child_process";
import { writeFile } from "node:fs/promises";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tempCorpus } from "./helpers/corpus.js";

const run = promisify(execFile);

describe("the ask command line", () => {
  let corpus: Awaited<ReturnType<typeof tempCorpus>>;
  const ask = (args: string[], input?: string) => {
    const child = run(process.execPath, ["--import", "tsx", "src/cli/ask.ts", ...args], {
      env: { ...process.env, SEEDS_DIR: corpus.seedsDir, INDEX_DIR: corpus.indexDir, LOG_LEVEL: "info" },
      maxBuffer: 16 * 1024 * 1024,
    });
    if (input !== undefined) {
      child.child.stdin?.end(input);
    }
    return child;
  };

  beforeAll(async () => {
    corpus = await tempCorpus();
  });
  afterAll(() => corpus.cleanup());

  it("prints exactly one JSON object with --json, logs on stderr", async () => {
    const { stdout, stderr } = await ask(["--json", "Which ministry did Kamal hold in the Sindh government?"]);
    const lines = stdout.trim().split("\n");
    expect(lines).toHaveLength(1);
    const result = JSON.parse(lines[0] ?? "") as Record<string, unknown>;
    expect(Object.keys(result)).toEqual(expect.arrayContaining(["question", "answered", "answer", "citations", "ms"]));
    expect(result).toMatchObject({ question: "Which ministry did Kamal hold in the Sindh government?", answered: true });
    expect(result.citations).toEqual(expect.arrayContaining([expect.objectContaining({ file: "003_e8145cde6a7dd80f.txt", paragraph: 7 })]));
    expect(typeof result.ms).toBe("number");
    expect(stderr).toContain("built index");
  });

  it("answers a JSON-lines file in order, with an error object for a bad line, loading once", async () => {
    const file = path.join(corpus.root, "questions.jsonl");
    await writeFile(file, ['{"question": "Who leads the Bahadurabad group?"}', "not json", '{"id": 3}', '{"question": "What is the capital of France?"}', '{"question": "   "}'].join("\n"));
    const { stdout, stderr } = await ask(["--jsonl", file]);
    const results = stdout.trim().split("\n").map((line) => JSON.parse(line) as { question: string; answered: boolean; error?: string });
    expect(results.map((result) => [result.answered, result.error ?? null])).toEqual([
      [true, null],
      [false, "the line is not valid JSON"],
      [false, 'each line must be a JSON object with a string "question"'],
      [false, null],
      [false, "Please ask a question: the text was empty."],
    ]);
    expect(stderr.match(/loaded saved index/g)).toHaveLength(1);
  });

  it("reads JSON lines from standard input with -", async () => {
    const { stdout } = await ask(["--jsonl", "-"], '{"question": "Where did Mustafa Kamal\'s faction hold its rally?"}\n');
    expect(JSON.parse(stdout.trim())).toMatchObject({ answered: true });
  });

  it("explains an empty question instead of crashing", async () => {
    const failure = await ask(["--json", "   "]).then(
      () => undefined,
      (error: { code: number; stderr: string }) => error,
    );
    expect(failure?.code).toBe(1);
    expect(failure?.stderr).toContain("error: Please ask a question: the text was empty.");
  });
});
