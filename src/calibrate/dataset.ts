import { mkdir, readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import type { Candidate } from "../answer/features.js";
import type { Citebot } from "../citebot.js";
import type { SplitParagraph } from "../answer/extractive.js";
import { parseEvalQuestions, type EvalQuestion } from "../cli/eval-metrics.js";

/** One question with everything the answer step weighs for it: fitting replays the answer step on these without the encoder. */
export interface Collected {
  /** The cross-validation group: the question's article, so whole articles are held out together. */
  group: string;
  question: EvalQuestion;
  candidates: Candidate[];
  paragraphs: SplitParagraph[];
}

export interface DataSource {
  seedsDir: string;
  questionsFile: string;
  /** Group for every question of the file (a corpus of a few related articles is one group); else each question's article. */
  group?: string;
}

export function groupOf(question: EvalQuestion, source: DataSource): string {
  return source.group ?? question.article ?? question.gold[0]?.file ?? "unknown";
}

export async function collect(citebot: Citebot, source: DataSource): Promise<Collected[]> {
  const questions = parseEvalQuestions(await readFile(source.questionsFile, "utf8"));
  const collected: Collected[] = [];
  for (const question of questions) {
    const { candidates, paragraphs } = await citebot.collectEvidence(question.question);
    // Sentence vectors stay behind: the answer step only reads the sentences' text.
    const kept = paragraphs.map(({ file, paragraph, text, sentences }) => ({ file, paragraph, text, sentences: sentences.map(({ text: sentence }) => ({ text: sentence })) }));
    collected.push({ group: groupOf(question, source), question, candidates, paragraphs: kept });
  }
  return collected;
}

/** Collected evidence is kept under data/ so a refit (new features of the same evidence aside) needs no encoder run. */
export const COLLECTED_FILE = "data/calibrate/collected.json";

export async function saveCollected(collected: readonly Collected[]): Promise<void> {
  await mkdir(path.dirname(COLLECTED_FILE), { recursive: true });
  await writeFile(COLLECTED_FILE, JSON.stringify(collected));
}

export async function loadCollected(): Promise<Collected[]> {
  return JSON.parse(await readFile(COLLECTED_FILE, "utf8")) as Collected[];
}
