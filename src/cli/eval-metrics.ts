import type { Answer } from "../answer/types.js";

export interface EvalQuestion {
  id: string;
  question: string;
  /** Earlier questions, oldest first: the question is then a follow-up of them. */
  previous?: string[];
  gold: Array<{ file: string; paragraph: number }>;
  answer_contains: string[];
  /** SQuAD's form: any one of these strings in the answer is the fact. */
  answer_any?: string[];
  answerable: boolean;
  /** The article a question belongs to when it has no gold paragraph to say so (SQuAD's unanswerable ones): calibration holds out whole articles. */
  article?: string;
}

export interface EvalScores {
  questions: number;
  answerable: number;
  "hit@1": number;
  "hit@3": number;
  mrr: number;
  answer_has_facts: number;
  "citation_precision@3": number;
  answerable_refused: string;
  unanswerable_refused: string;
}

export function parseEvalQuestions(text: string): EvalQuestion[] {
  return text
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line) as EvalQuestion);
}

/** Rank (from 1) of the first gold citation, or undefined when none is gold. */
export function firstGoldRank(question: EvalQuestion, answer: Answer): number | undefined {
  const rank = answer.citations.findIndex((citation) => isGold(question, citation));
  return rank === -1 ? undefined : rank + 1;
}

export function hasFacts(question: EvalQuestion, answer: Answer): boolean {
  const text = answer.answer.toLowerCase();
  const any = question.answer_any ?? [];
  return answer.answered && question.answer_contains.every((fact) => text.includes(fact.toLowerCase())) && (any.length === 0 || any.some((fact) => text.includes(fact.toLowerCase())));
}

function isGold(question: EvalQuestion, citation: { file: string; paragraph: number }): boolean {
  return question.gold.some((gold) => gold.file === citation.file && gold.paragraph === citation.paragraph);
}

export function scoreEval(results: ReadonlyArray<{ question: EvalQuestion; answer: Answer }>): EvalScores {
  const answerable = results.filter((result) => result.question.answerable);
  const unanswerable = results.filter((result) => !result.question.answerable);
  const mean = (values: number[]): number => (values.length === 0 ? 0 : round(values.reduce((a, b) => a + b, 0) / values.length));
  const ranks = answerable.map(({ question, answer }) => firstGoldRank(question, answer));
  return {
    questions: results.length,
    answerable: answerable.length,
    "hit@1": mean(ranks.map((rank) => (rank !== undefined && rank <= 1 ? 1 : 0))),
    "hit@3": mean(ranks.map((rank) => (rank !== undefined && rank <= 3 ? 1 : 0))),
    mrr: mean(ranks.map((rank) => (rank === undefined ? 0 : 1 / rank))),
    answer_has_facts: mean(answerable.map(({ question, answer }) => (hasFacts(question, answer) ? 1 : 0))),
    "citation_precision@3": mean(
      answerable.map(({ question, answer }) => {
        const top = answer.citations.slice(0, 3);
        return top.length === 0 ? 0 : top.filter((citation) => isGold(question, citation)).length / top.length;
      }),
    ),
    answerable_refused: `${answerable.filter(({ answer }) => !answer.answered).length}/${answerable.length}`,
    unanswerable_refused: `${unanswerable.filter(({ answer }) => !answer.answered).length}/${unanswerable.length}`,
  };
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000;
}
