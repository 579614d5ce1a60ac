import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { Citebot } from "../citebot.js";
import { UniversalSentenceEncoderEmbeddings } from "../embeddings/universal-sentence-encoder.js";
import { createLogger } from "../logger.js";
import { recombinedParagraphs, seedSentences } from "./real-text.js";
import type { IncrementalResult, ScaleTask } from "./tasks.js";

const SEED = 7;

/**
 * A full build of real text from a cold embedding cache against a moderator's reindex after
 * editing one file, with the real encoder: the encoder is what an incremental reindex saves.
 */
export async function measureIncremental(task: Extract<ScaleTask, { kind: "incremental" }>, realSeedsDir: string): Promise<IncrementalResult> {
  const sentences = await seedSentences(realSeedsDir);
  const total = task.files * task.paragraphsPerFile;
  // Drawn in one go so that the edits below are certainly new text.
  const paragraphs = recombinedParagraphs(sentences, total + 1 + task.paragraphsPerFile, SEED);
  const [appended = "", ...rewrite] = paragraphs.slice(total);
  const encoder = await UniversalSentenceEncoderEmbeddings.load();
  await encoder.embedDocuments(paragraphs.slice(0, 8));

  const root = await mkdtemp(path.join(tmpdir(), "citebot-incremental-"));
  try {
    const seedsDir = path.join(root, "seeds");
    await mkdir(seedsDir);
    const fileName = (file: number): string => path.join(seedsDir, `document-${String(file).padStart(2, "0")}.txt`);
    for (let file = 0; file < task.files; file += 1) {
      await writeFile(fileName(file), paragraphs.slice(file * task.paragraphsPerFile, (file + 1) * task.paragraphsPerFile).join("\n"));
    }
    const options = { seedsDir, indexDir: path.join(root, "index"), logger: createLogger("silent"), embedder: encoder };
    let started = performance.now();
    const citebot = await Citebot.open(options);
    const fullMs = performance.now() - started;

    const lines = (await readFile(fileName(0), "utf8")).split("\n");
    lines[10] = `${lines[10] ?? ""} The statement was later corrected.`;
    lines.splice(20, 1);
    lines.push(appended);
    await writeFile(fileName(0), lines.join("\n"));
    const edit = await citebot.reindex();

    await writeFile(fileName(1), rewrite.join("\n"));
    const rewritten = await citebot.reindex();

    started = performance.now();
    await Citebot.open(options);
    const loadMs = performance.now() - started;

    return {
      paragraphs: total,
      files: task.files,
      fullMs,
      loadMs,
      incrementalMs: edit.ms,
      chunksEmbedded: edit.chunksEmbedded,
      chunksReused: edit.chunksReused,
      rewriteMs: rewritten.ms,
      rewriteChunksEmbedded: rewritten.chunksEmbedded,
    };
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}
