import { describe, expect, it } from "vitest";
import { hasFacts, scoreEval, type EvalQuestion } from "../src/cli/eval-metrics.js";
import type { Answer } from "../src/answer/types.js";

const question: EvalQuestion = { id: "q", question: "Who wrote it?", gold: [{ file: "a.txt", paragraph: 2 }], answer_contains: [], answer_any: ["Harper Lee", "Lee"], answerable: true };
const answer = (text: string, answered = true): Answer => ({ question: question.question, answered, answer: text, citations: answered ? [{ file: "a.txt", paragraph: 2, quote: text, score: 1 }] : [] });

describe("eval metrics", () => {
  it("counts the facts when any one of SQuAD's answers is in the answer, case-insensitively", () => {
    expect(hasFacts(question, answer("The novel is by harper lee."))).toBe(true);
    expect(hasFacts(question, answer("The novel is by Truman Capote."))).toBe(false);
    expect(hasFacts(question, answer("Harper Lee", false))).toBe(false);
  });

  it("reports answerable questions refused alongside unanswerable ones refused", () => {
    const unanswerable: EvalQuestion = { ...question, id: "u", gold: [], answer_any: [], answerable: false };
    const scores = scoreEval([
      { question, answer: answer("Harper Lee") },
      { question: { ...question, id: "r" }, answer: answer("", false) },
      { question: unanswerable, answer: answer("", false) },
    ]);
    expect(scores.answerable_refused).toBe("1/2");
    expect(scores.unanswerable_refused).toBe("1/1");
    expect(scores["hit@1"]).toBe(0.5);
  });
});
