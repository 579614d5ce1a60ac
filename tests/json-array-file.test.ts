import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeJsonArray } from "../src/index/json-array-file.js";

describe("writeJsonArray", () => {
  let scratch: string;
  beforeAll(async () => {
    scratch = await mkdtemp(path.join(tmpdir(), "citebot-json-"));
  });
  afterAll(() => rm(scratch, { recursive: true, force: true }));

  it("writes exactly what JSON.stringify writes, whatever the elements and however many batches it takes", async () => {
    const long = "Kamal’s “Pak Sarzameen” party — ¶7\n".repeat(2000);
    const cases: unknown[][] = [
      [],
      [1, "two", null, { three: [3, { four: 4 }] }],
      [undefined, () => 1, Symbol("s"), { dropped: undefined, kept: 1 }],
      Array.from({ length: 300 }, (_, i) => [String(i), { pageContent: long, metadata: { chunkId: i, file: "003_e8145cde6a7dd80f.txt", paragraph: 7 } }]),
    ];
    for (const [i, items] of cases.entries()) {
      const file = path.join(scratch, `${i}.json`);
      await writeJsonArray(file, items);
      expect(await readFile(file, "utf8")).toBe(JSON.stringify(items));
    }
  });
});
