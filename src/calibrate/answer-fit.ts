import { composeExtractiveAnswer } from "../answer/extractive.js";
import { REFUSAL_FEATURES, SENTENCE_FEATURES } from "../answer/features.js";
import { answerableProbability, refusalInputs, sentenceScore, type AnswerModel, type LinearModel } from "../answer/model.js";
import { scoreEval, type EvalScores } from "../cli/eval-metrics.js";
import type { Collected } from "./dataset.js";
import { fitLogistic, fitRanker, linearValue, type FittedLinear } from "./linear-fit.js";

export interface FitSettings {
  rankerLambda: number;
  refusalLambda: number;
  /** The most answerable questions refusal may turn away, as a share, on the questions it is fitted to. */
  refusalTarget: number;
  companionMargin: number;
  maxSentences: number;
}

function isGold(record: Collected, candidate: Collected["candidates"][number]): boolean {
  return record.question.gold.some((gold) => gold.file === candidate.sentence.file && gold.paragraph === candidate.sentence.paragraph);
}

function statesFacts(record: Collected, candidate: Collected["candidates"][number]): boolean {
  const { answer_contains: all, answer_any: any = [] } = record.question;
  if (all.length === 0 && any.length === 0) return false;
  const quote = candidate.sentence.quote.toLowerCase();
  return all.every((fact) => quote.includes(fact.toLowerCase())) && (any.length === 0 || any.some((fact) => quote.includes(fact.toLowerCase())));
}

/**
 * The sentences the ranker should put first: those of the gold paragraph that state the
 * answer's facts when any does, so the fit learns which sentence answers and not only
 * which paragraph; else every sentence of the gold paragraph.
 */
function goldSentences(record: Collected): boolean[] {
  const inGold = record.candidates.map((candidate) => isGold(record, candidate));
  const stating = record.candidates.map((candidate, i) => inGold[i] === true && statesFacts(record, candidate));
  return stating.some(Boolean) ? stating : inGold;
}

function named<K extends string>(names: readonly K[], fitted: FittedLinear): LinearModel {
  const record = (values: number[]): Record<K, number> => Object.fromEntries(names.map((name, k) => [name, values[k] ?? 0])) as Record<K, number>;
  return { mean: record(fitted.mean), scale: record(fitted.scale), weights: record(fitted.weights), bias: fitted.bias } as unknown as LinearModel;
}

function rankerOnly(ranker: FittedLinear, settings: FitSettings): AnswerModel {
  const neutral = { mean: {}, scale: {}, weights: {}, bias: 0, threshold: 0 } as unknown as AnswerModel["refusal"];
  return { fittedOn: {}, ranker: named(SENTENCE_FEATURES, ranker), refusal: neutral, companionMargin: settings.companionMargin, maxSentences: settings.maxSentences };
}

/** The refusal model's inputs for one question under a given ranker; undefined when there is no candidate at all. */
function refusalInputsOf(model: AnswerModel, record: Collected): ReturnType<typeof refusalInputs> {
  return refusalInputs(record.candidates.map((candidate) => ({ candidate, score: sentenceScore(model, candidate.features) })).sort((a, b) => b.score - a.score));
}

function refusalRow(model: AnswerModel, record: Collected): number[] | undefined {
  const inputs = refusalInputsOf(model, record);
  return inputs && REFUSAL_FEATURES.map((name) => inputs[name]);
}

/** Fits ranker, then refusal on that ranker's best candidates, then the threshold that refuses at most refusalTarget of the answerable ones. */
export function fitAnswerModel(records: readonly Collected[], settings: FitSettings): AnswerModel {
  const answerable = records.filter((record) => record.question.answerable);
  const ranker = fitRanker(
    answerable.map((record) => ({ rows: record.candidates.map((c) => SENTENCE_FEATURES.map((name) => c.features[name])), gold: goldSentences(record) })),
    settings.rankerLambda,
  );
  const base = rankerOnly(ranker, settings);
  const rows: number[][] = [];
  const labels: boolean[] = [];
  for (const record of records) {
    const row = refusalRow(base, record);
    if (!row) continue;
    rows.push(row);
    labels.push(record.question.answerable);
  }
  const refusal = fitLogistic(rows, labels, settings.refusalLambda);
  const probabilities = rows.map((row) => 1 / (1 + Math.exp(-linearValue(refusal, row))));
  const threshold = thresholdFor(probabilities.filter((_, i) => labels[i]), settings.refusalTarget);
  return { ...base, refusal: { ...named(REFUSAL_FEATURES, refusal), threshold } as AnswerModel["refusal"] };
}

/** The highest threshold that refuses at most `share` of these answerable questions' probabilities. */
export function thresholdFor(answerableProbabilities: readonly number[], share: number): number {
  const sorted = [...answerableProbabilities].sort((a, b) => a - b);
  const allowed = Math.floor(share * sorted.length);
  return sorted[allowed] ?? 0;
}

export function answerAll(model: AnswerModel, records: readonly Collected[]): Array<{ record: Collected; answer: ReturnType<typeof composeExtractiveAnswer> }> {
  return records.map((record) => ({ record, answer: composeExtractiveAnswer(record.question.question, record.candidates, record.paragraphs, model) }));
}

export function evaluate(model: AnswerModel, records: readonly Collected[]): EvalScores {
  return scoreEval(answerAll(model, records).map(({ record, answer }) => ({ question: record.question, answer })));
}

/**
 * Leave-one-group-out: each article is answered by a model fitted on the others, so the
 * figures say how the fit carries to an article it never saw.
 */
export function crossValidate(records: readonly Collected[], settings: FitSettings): Array<{ record: Collected; answer: ReturnType<typeof composeExtractiveAnswer>; probability: number | undefined }> {
  const groups = [...new Set(records.map((record) => record.group))];
  const out = [];
  for (const group of groups) {
    const model = fitAnswerModel(
      records.filter((record) => record.group !== group),
      settings,
    );
    for (const entry of answerAll(model, records.filter((record) => record.group === group))) {
      const inputs = refusalInputsOf(model, entry.record);
      out.push({ ...entry, probability: inputs && answerableProbability(model, inputs) });
    }
  }
  return out;
}
