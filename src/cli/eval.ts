import { readFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import type { AskResult, Citebot } from "../citebot.js";
import { citationLabel } from "../answer/types.js";
import { askInConversation } from "./conversation.js";
import { runCli } from "./run.js";
import { EVAL_TARGET_OPTIONS, evalTarget, openEvalCitebot } from "./eval-corpus.js";
import { firstGoldRank, hasFacts, parseEvalQuestions, scoreEval, type EvalQuestion } from "./eval-metrics.js";

const DEFAULT_QUESTIONS = "tests/eval/questions.jsonl";

const USAGE = `usage: npm run eval -- [--seeds DIR] [--questions FILE] [-v] [--json]
  --seeds DIR       the corpus to answer from (default SEEDS_DIR); its index lives under data/eval-index/
  --questions FILE  questions.jsonl (default ${DEFAULT_QUESTIONS}; a bare FILE argument works too)
  --standalone      ask each follow-up without its conversation
  -v                for each miss: the question, its gold paragraphs and what was cited`;

runCli(async () => {
  const { values, positionals } = parseArgs({
    // --standalone asks each follow-up without its conversation: the baseline the conversation is measured against.
    options: { ...EVAL_TARGET_OPTIONS, json: { type: "boolean" }, verbose: { type: "boolean", short: "v" }, standalone: { type: "boolean" }, help: { type: "boolean", short: "h" } },
    allowPositionals: true,
  });
  if (values.help) return console.error(USAGE);
  const target = evalTarget(values, positionals[0], DEFAULT_QUESTIONS);
  const questions = parseEvalQuestions(await readFile(target.questionsFile, "utf8"));
  const citebot = await openEvalCitebot(target);
  const results = [];
  for (const question of questions) {
    const answer = values.standalone ? await citebot.ask(question.question) : await askInConversation(citebot, question.previous ?? [], question.question);
    results.push({ question, answer });
    if (values.verbose) reportMiss(citebot, question, answer);
  }
  const scores = scoreEval(results);
  if (values.json) console.log(JSON.stringify({ seeds: target.seedsDir, file: target.questionsFile, ...scores }));
  else console.log(`${target.seedsDir} × ${target.questionsFile}\n${Object.entries(scores).map(([name, value]) => `  ${name.padEnd(22)} ${value}`).join("\n")}`);
});

/** Misses only, each with what it should have cited and what it did, so failures can be read by kind. */
function reportMiss(citebot: Citebot, question: EvalQuestion, answer: AskResult): void {
  const rank = firstGoldRank(question, answer);
  const facts = hasFacts(question, answer);
  let verdict: string;
  if (!question.answerable) {
    if (!answer.answered) return;
    verdict = "ANSWERED AN UNANSWERABLE";
  } else if (!answer.answered) verdict = "REFUSED";
  else if (rank === 1 && facts) return;
  else verdict = `${rank === undefined ? "gold not cited" : `gold at ${rank}`}${facts ? "" : ", facts missing"}`;
  const lines = [`${question.id} ${verdict}: ${question.question}`];
  for (const gold of question.gold.slice(0, 2)) lines.push(`  gold  ${citationLabel(gold)}: ${clip(citebot.paragraphText(gold.file, gold.paragraph) ?? "(no such paragraph)")}`);
  for (const citation of answer.citations) lines.push(`  cited ${citationLabel(citation)} (${citation.score}): ${clip(citation.quote)}`);
  console.error(lines.join("\n"));
}

function clip(text: string): string {
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}
