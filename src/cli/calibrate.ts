import { readFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { composeExtractiveAnswer } from "../answer/extractive.js";
import { ANSWER_POLICY, type AnswerPolicy } from "../answer/policy.js";
import { cliContext, openCitebot } from "./context.js";
import { runCli } from "./run.js";
import { firstGoldRank, parseEvalQuestions, type EvalQuestion } from "./eval-metrics.js";

/**
 * Chooses the answer policy's weights and refusal threshold on our own development
 * questions (tests/calibration), never on the shared eval set, which only measures.
 * The objective is balanced: the share of answerable questions whose first citation is
 * right, and the share of unanswerable ones refused, count equally.
 */
const DEFAULT_QUESTIONS = "tests/calibration/dev-questions.jsonl";

const GRID = {
  coverageWeight: [0.2, 0.3, 0.4, 0.5, 0.6, 0.7],
  noveltyWeight: [0, 0.05, 0.1, 0.15, 0.2],
  answerTypePenalty: [0, 0.05, 0.1, 0.15, 0.2],
};
const THRESHOLDS = Array.from({ length: 61 }, (_, i) => Math.round((0.2 + i * 0.01) * 100) / 100);

runCli(async () => {
  const { positionals } = parseArgs({ allowPositionals: true });
  const questions = parseEvalQuestions(await readFile(positionals[0] ?? DEFAULT_QUESTIONS, "utf8"));
  const citebot = await openCitebot(cliContext());
  const collected: Array<{ question: EvalQuestion } & Awaited<ReturnType<typeof citebot.collectEvidence>>> = [];
  for (const question of questions) collected.push({ question, ...(await citebot.collectEvidence(question.question)) });

  const answerable = collected.filter(({ question }) => question.answerable).length;
  const objective = (policy: AnswerPolicy): number => {
    let rightFirst = 0;
    let refused = 0;
    for (const { question, evidence, paragraphs } of collected) {
      const answer = composeExtractiveAnswer(question.question, evidence, paragraphs, policy);
      if (question.answerable && firstGoldRank(question, answer) === 1) rightFirst += 1;
      if (!question.answerable && !answer.answered) refused += 1;
    }
    return 0.5 * (rightFirst / Math.max(1, answerable)) + 0.5 * (refused / Math.max(1, collected.length - answerable));
  };

  let best = { score: -1, policy: ANSWER_POLICY, thresholds: [] as number[] };
  for (const coverageWeight of GRID.coverageWeight) {
    for (const noveltyWeight of GRID.noveltyWeight) {
      for (const answerTypePenalty of GRID.answerTypePenalty) {
        const scored = THRESHOLDS.map((minScore) => ({ minScore, score: objective({ ...ANSWER_POLICY, coverageWeight, noveltyWeight, answerTypePenalty, minScore }) }));
        const top = Math.max(...scored.map((entry) => entry.score));
        if (top <= best.score) continue;
        // Of the equally good thresholds, the middle one leaves the widest margin on both sides.
        const thresholds = scored.filter((entry) => entry.score === top).map((entry) => entry.minScore);
        const minScore = thresholds[Math.floor(thresholds.length / 2)] ?? ANSWER_POLICY.minScore;
        best = { score: top, policy: { ...ANSWER_POLICY, coverageWeight, noveltyWeight, answerTypePenalty, minScore }, thresholds };
      }
    }
  }
  console.log(JSON.stringify({ questions: questions.length, objective: Math.round(best.score * 1000) / 1000, policy: best.policy, equallyGoodThresholds: `${best.thresholds[0]}..${best.thresholds.at(-1)}` }, null, 2));
});
