import { readFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { citationLabel } from "../answer/types.js";
import { cliContext, openCitebot } from "./context.js";
import { askInConversation } from "./conversation.js";
import { runCli } from "./run.js";
import { firstGoldRank, hasFacts, parseEvalQuestions, scoreEval } from "./eval-metrics.js";

const DEFAULT_QUESTIONS = "tests/eval/questions.jsonl";

runCli(async () => {
  const { values, positionals } = parseArgs({
    // --standalone asks each follow-up without its conversation: the baseline the conversation is measured against.
    options: { json: { type: "boolean" }, verbose: { type: "boolean", short: "v" }, standalone: { type: "boolean" } },
    allowPositionals: true,
  });
  const file = positionals[0] ?? DEFAULT_QUESTIONS;
  const questions = parseEvalQuestions(await readFile(file, "utf8"));
  const citebot = await openCitebot(cliContext());
  const results = [];
  for (const question of questions) {
    const answer = values.standalone ? await citebot.ask(question.question) : await askInConversation(citebot, question.previous ?? [], question.question);
    results.push({ question, answer });
    if (values.verbose) {
      const rank = firstGoldRank(question, answer);
      const verdict = question.answerable ? `${rank === undefined ? "MISS" : `gold@${rank}`} facts=${hasFacts(question, answer) ? "yes" : "no"}` : answer.answered ? "ANSWERED-UNANSWERABLE" : "refused";
      console.error(`${question.id} ${verdict} | ${question.question}\n    ${answer.citations.map((c) => `${citationLabel(c)} ${c.score}`).join(" ; ") || "(no citations)"}`);
    }
  }
  const scores = scoreEval(results);
  if (values.json) console.log(JSON.stringify({ file, ...scores }));
  else console.log(`${file}\n${Object.entries(scores).map(([name, value]) => `  ${name.padEnd(22)} ${value}`).join("\n")}`);
});
