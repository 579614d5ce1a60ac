import { z } from "zod";
import fitted from "./answer-model.json" with { type: "json" };
import { REFUSAL_FEATURES, SENTENCE_FEATURES, type Candidate, type RefusalFeatures, type SentenceFeatures } from "./features.js";

const linear = <T extends readonly [string, ...string[]]>(names: T) =>
  z.object({
    mean: z.record(z.enum(names), z.number()),
    scale: z.record(z.enum(names), z.number().positive()),
    weights: z.record(z.enum(names), z.number()),
    bias: z.number(),
  });

const answerModelSchema = z.object({
  /** Where the weights came from: data, split, regularisation, objective. */
  fittedOn: z.record(z.string(), z.unknown()),
  ranker: linear(SENTENCE_FEATURES),
  refusal: linear(REFUSAL_FEATURES).extend({
    /** Below this probability that the documents answer, the bot refuses. */
    threshold: z.number().min(0).max(1),
  }),
  /** A runner-up joins the answer when its score is within this much of the best one's (a probability ratio, in log space). */
  companionMargin: z.number().nonnegative(),
  maxSentences: z.number().int().positive(),
});

export type AnswerModel = z.infer<typeof answerModelSchema>;
export type LinearModel = AnswerModel["ranker"];

/** From `npm run calibrate`; its fittedOn says on what. */
export const ANSWER_MODEL: AnswerModel = answerModelSchema.parse(fitted);

export function linearScore<K extends string>(model: { mean: Partial<Record<K, number>>; scale: Partial<Record<K, number>>; weights: Partial<Record<K, number>>; bias: number }, features: Record<K, number>): number {
  let score = model.bias;
  for (const name of Object.keys(features) as K[]) {
    const weight = model.weights[name];
    if (weight === undefined) continue;
    score += (weight * (features[name] - (model.mean[name] ?? 0))) / (model.scale[name] ?? 1);
  }
  return score;
}

export function sentenceScore(model: AnswerModel, features: SentenceFeatures): number {
  return linearScore(model.ranker, features);
}

/** The refusal model's inputs for a question whose candidates are ranked best first. */
export function refusalInputs(ranked: ReadonlyArray<{ candidate: Candidate; score: number }>): Record<(typeof REFUSAL_FEATURES)[number], number> | undefined {
  const [best, second] = ranked;
  if (!best) return undefined;
  const gaps: RefusalFeatures = best.candidate.gaps;
  return { bestScore: best.score, scoreMargin: second ? best.score - second.score : 1, ...gaps };
}

export function answerableProbability(model: AnswerModel, inputs: Record<(typeof REFUSAL_FEATURES)[number], number>): number {
  return 1 / (1 + Math.exp(-linearScore(model.refusal, inputs)));
}
