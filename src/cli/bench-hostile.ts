import { performance } from "node:perf_hooks";
import { parseClaims } from "../answer/llm/claims.js";
import { median } from "../bench/stats.js";
import { splitSentences } from "../text/sentences.js";

/**
 * What hostile text costs the main thread: each input at 256 KB and 1 MB, median of a few
 * runs. Linear work takes about 4× as long at 4× the size; the quadratic code this replaced
 * took 16× (parseClaims of 100k spaces: ~26 s before).
 */
const INPUTS: Record<string, (bytes: number) => string> = {
  spaces: (bytes) => " ".repeat(bytes),
  commas: (bytes) => ",".repeat(bytes),
  "open brackets": (bytes) => "[".repeat(bytes),
  "mid-sentence ids": (bytes) => "word [a.txt ¶3] word ".repeat(Math.ceil(bytes / 21)),
  titles: (bytes) => "Mr. ".repeat(Math.ceil(bytes / 4)),
  prose: (bytes) => "The harbour was founded in 1887 to run the port, said Mr. Khan. ".repeat(Math.ceil(bytes / 64)),
};
const TASKS: Record<string, (text: string) => unknown> = { parseClaims, splitSentences };
const RUNS = 3;

export function runHostileBenchmark(): string {
  const rows = ["task            input              256 KB ms   1 MB ms   ratio"];
  for (const [task, run] of Object.entries(TASKS)) {
    for (const [input, make] of Object.entries(INPUTS)) {
      const [small, large] = [1 << 18, 1 << 20].map((bytes) => {
        const text = make(bytes);
        return median(Array.from({ length: RUNS }, () => timed(() => run(text))));
      });
      rows.push(`${task.padEnd(16)}${input.padEnd(19)}${fixed(small ?? 0).padStart(9)}${fixed(large ?? 0).padStart(10)}${fixed((large ?? 0) / Math.max(small ?? 1, 0.01)).padStart(8)}`);
    }
  }
  return rows.join("\n");
}

function timed(work: () => unknown): number {
  const started = performance.now();
  work();
  return performance.now() - started;
}

function fixed(value: number): string {
  return value.toFixed(1);
}
