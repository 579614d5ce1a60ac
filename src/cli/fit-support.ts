import { mkdir, writeFile } from "node:fs/promises";
import { claimSupport, SUPPORT_THRESHOLD } from "../answer/llm/support.js";
import { buildPairs, readArticles, type PairKind, type SupportPair } from "../bench/support-pairs.js";
import { runCli } from "./run.js";

/**
 * Fits the support threshold of the model's sentences (npm run fit-support). Pairs come from
 * the seed articles and the SQuAD articles; every third article (by name) is held aside, and
 * only measured. The threshold is the lowest one at which no false claim of the fitting
 * articles is accepted: a false sentence shown as cited is worse than a true one dropped,
 * which only costs the model's answer its place to the extractive one.
 */
const FOLDERS = ["seeds", "../shared/eval/squad-train/corpus"];
const RESULT = "bench-results/support-fit.json";
const GRID = Array.from({ length: 51 }, (_, i) => Math.round((0.5 + i * 0.01) * 100) / 100);

interface Scored extends SupportPair {
  score: number;
}

runCli(async () => {
  const articles = await readArticles(FOLDERS);
  const heldAside = new Set(articles.map((article) => article.name).filter((_, i) => i % 3 === 2));
  const scored: Scored[] = buildPairs(articles).map((pair) => ({ ...pair, score: claimSupport(pair.claim, [pair.paragraph]).score }));
  const fitting = scored.filter((pair) => !heldAside.has(pair.article));
  const held = scored.filter((pair) => heldAside.has(pair.article));

  const threshold = GRID.find((candidate) => fitting.every((pair) => pair.supported || pair.score < candidate)) ?? 1;
  const result = {
    threshold,
    inUse: SUPPORT_THRESHOLD,
    fitting: { articles: articles.length - heldAside.size, ...measure(fitting, threshold) },
    heldAside: { articles: [...heldAside], ...measure(held, threshold) },
    heldAsideAtThresholdInUse: measure(held, SUPPORT_THRESHOLD),
  };
  await mkdir("bench-results", { recursive: true });
  await writeFile(RESULT, `${JSON.stringify(result, null, 2)}\n`);
  console.log(JSON.stringify({ threshold, inUse: SUPPORT_THRESHOLD, fitting: { precision: result.fitting.precision, recall: result.fitting.recall }, heldAside: { precision: result.heldAside.precision, recall: result.heldAside.recall, accepted: result.heldAside.acceptedByKind } }, null, 2));
  if (threshold !== SUPPORT_THRESHOLD) console.error(`note: SUPPORT_THRESHOLD in src/answer/llm/support.ts is ${SUPPORT_THRESHOLD}; the fit says ${threshold}`);
});

function measure(pairs: readonly Scored[], threshold: number): { pairs: number; precision: number; recall: number; acceptedByKind: Record<string, string> } {
  const accepted = pairs.filter((pair) => pair.score >= threshold);
  const truePositives = accepted.filter((pair) => pair.supported).length;
  const positives = pairs.filter((pair) => pair.supported).length;
  const byKind = new Map<PairKind, { accepted: number; total: number }>();
  for (const pair of pairs) {
    const entry = byKind.get(pair.kind) ?? { accepted: 0, total: 0 };
    entry.total += 1;
    if (pair.score >= threshold) entry.accepted += 1;
    byKind.set(pair.kind, entry);
  }
  return {
    pairs: pairs.length,
    precision: round(accepted.length === 0 ? 1 : truePositives / accepted.length),
    recall: round(positives === 0 ? 0 : truePositives / positives),
    acceptedByKind: Object.fromEntries([...byKind].map(([kind, { accepted: kept, total }]) => [kind, `${kept}/${total}`])),
  };
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
