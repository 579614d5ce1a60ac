import path from "node:path";
import type { Citebot } from "../citebot.js";
import { cliContext, openCitebot } from "./context.js";

/** Where an eval corpus other than SEEDS_DIR keeps its index and embedding cache: one folder per corpus, so runs reuse it. */
export const EVAL_INDEX_ROOT = "data/eval-index";

export interface EvalTarget {
  seedsDir: string;
  questionsFile: string;
}

export const EVAL_TARGET_OPTIONS = {
  seeds: { type: "string" },
  questions: { type: "string" },
} as const;

/** The corpus and question file a command names; without --seeds the configured SEEDS_DIR and INDEX_DIR serve. */
export function evalTarget(values: { seeds?: string | undefined; questions?: string | undefined }, positional: string | undefined, defaultQuestions: string): EvalTarget & { indexDir?: string } {
  const questionsFile = values.questions ?? positional ?? defaultQuestions;
  if (values.seeds === undefined) return { seedsDir: cliContext().config.SEEDS_DIR, questionsFile };
  const resolved = path.resolve(values.seeds);
  return { seedsDir: values.seeds, questionsFile, indexDir: path.join(EVAL_INDEX_ROOT, `${path.basename(path.dirname(resolved))}-${path.basename(resolved)}`) };
}

export async function openEvalCitebot(target: EvalTarget & { indexDir?: string }): Promise<Citebot> {
  const { config, logger } = cliContext();
  return openCitebot({ config: { ...config, SEEDS_DIR: target.seedsDir, ...(target.indexDir ? { INDEX_DIR: target.indexDir } : {}) }, logger });
}
