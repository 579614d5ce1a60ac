import { writeFile } from "node:fs/promises";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Citebot } from "../src/citebot.js";
import { UniversalSentenceEncoderEmbeddings } from "../src/embeddings/universal-sentence-encoder.js";
import type { TextEmbedder } from "../src/embeddings/types.js";
import { createLogger } from "../src/logger.js";
import { evidenceSpans, MAX_SENTENCE_CHARS, splitSentences } from "../src/text/sentences.js";
import { tempCorpus } from "./helpers/corpus.js";

const silent = createLogger("silent");

/** The real encoder, counting what it is asked to embed. */
function countingEmbedder(inner: UniversalSentenceEncoderEmbeddings): TextEmbedder & { queries: number; documents: number } {
  return {
    modelId: inner.modelId,
    dimensions: inner.dimensions,
    queries: 0,
    documents: 0,
    async embedQuery(text: string) {
      this.queries += 1;
      return inner.embedQuery(text);
    },
    async embedDocuments(texts: string[]) {
      this.documents += texts.length;
      return inner.embedDocuments(texts);
    },
  };
}

describe("sentences split and embedded at index time", () => {
  let corpus: Awaited<ReturnType<typeof tempCorpus>>;
  let embedder: ReturnType<typeof countingEmbedder>;
  let citebot: Citebot;
  const runOn = Array.from({ length: 700 }, (_, i) => `clause${i} of a notice that never ends`).join(" and ");

  beforeAll(async () => {
    corpus = await tempCorpus();
    // One line of about 25 KB with no full stop: a single "sentence" that must not reach the encoder whole.
    await writeFile(path.join(corpus.seedsDir, "runon.txt"), `${runOn} while the Hyderabad tram depot repaints every carriage green`);
    embedder = countingEmbedder(await UniversalSentenceEncoderEmbeddings.load());
    citebot = await Citebot.open({ seedsDir: corpus.seedsDir, indexDir: corpus.indexDir, logger: silent, embedder });
  });
  afterAll(() => corpus.cleanup());

  it("answers a question with one query embedding and no other encoder work", async () => {
    embedder.queries = 0;
    embedder.documents = 0;
    const answer = await citebot.ask("Why did Mustafa Kamal resign from the Senate?");
    expect(answer.answered).toBe(true);
    expect(answer.citations[0]?.file).toBe("003_e8145cde6a7dd80f.txt");
    expect({ queries: embedder.queries, documents: embedder.documents }).toEqual({ queries: 1, documents: 0 });
  });

  it("weighs a window of an unpunctuated line, never the whole line", async () => {
    const { candidates } = await citebot.collectEvidence("Which depot repaints every carriage green?");
    const best = candidates.map((candidate) => candidate.sentence).sort((a, b) => b.coverage - a.coverage)[0];
    expect(best?.file).toBe("runon.txt");
    expect(best?.quote).toContain("tram depot repaints every carriage green");
    expect(best?.quote.length).toBeLessThanOrEqual(MAX_SENTENCE_CHARS);
    expect(best?.similarity).toBeGreaterThan(0);
  });
});

describe("the sentence split", () => {
  it("splits a long text exactly as ICU splits it whole", () => {
    const prose = Array.from({ length: 400 }, (_, i) => `Dr. Ali met Mr. Khan on day ${i}. They spoke of the port "at length." Then they left!`).join(" ");
    const whole = [...new Intl.Segmenter("en", { granularity: "sentence" }).segment(prose)].map(({ segment }) => segment.trim());
    // ICU breaks after the titles; the splitter joins them back, so compare with that undone.
    expect(splitSentences(prose).join(" ")).toBe(whole.join(" "));
    expect(splitSentences(prose)).toHaveLength(1200);
  });

  it("cuts 1 MB of text without punctuation or spaces into bounded verbatim units", () => {
    for (const text of ["lorem ipsum ".repeat(90_000), "x".repeat(1 << 20), "Dr. ".repeat(1 << 18)]) {
      const spans = evidenceSpans(text);
      let covered = 0;
      for (const { start, end } of spans) {
        expect(end - start).toBeLessThanOrEqual(MAX_SENTENCE_CHARS);
        expect(start).toBeGreaterThanOrEqual(covered);
        covered = end;
      }
      expect(spans.map(({ start, end }) => text.slice(start, end)).join("").replace(/\s/g, "")).toBe(text.replace(/\s/g, ""));
    }
  });
});
