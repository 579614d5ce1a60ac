import { describe, expect, it } from "vitest";
import { fitLogistic, fitRanker, linearValue } from "../src/calibrate/linear-fit.js";
import { thresholdFor } from "../src/calibrate/answer-fit.js";
import { ANSWER_MODEL } from "../src/answer/model.js";
import { REFUSAL_FEATURES, SENTENCE_FEATURES } from "../src/answer/features.js";

/** A seeded generator, so the synthetic data is the same on every run. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

describe("fitting the answer model", () => {
  it("the ranker learns to put the candidate with the informative feature first, and ignores noise", () => {
    const next = random(7);
    const groups = Array.from({ length: 80 }, () => {
      const gold = Array.from({ length: 6 }, (_, i) => i === 0);
      const rows = gold.map((isGold) => [isGold ? 0.6 + 0.4 * next() : 0.7 * next(), next()]);
      return { rows, gold };
    });
    const fitted = fitRanker(groups, 0.01);
    expect(fitted.weights[0]).toBeGreaterThan(1);
    expect(Math.abs(fitted.weights[1] ?? 0)).toBeLessThan(0.5 * (fitted.weights[0] ?? 0));
    const topIsGold = groups.filter(({ rows, gold }) => {
      const scores = rows.map((row) => linearValue(fitted, row));
      return gold[scores.indexOf(Math.max(...scores))];
    }).length;
    expect(topIsGold / groups.length).toBeGreaterThan(0.8);
  });

  it("stronger regularisation gives smaller weights", () => {
    const next = random(3);
    const rows = Array.from({ length: 200 }, () => [next(), next()]);
    const labels = rows.map(([x = 0]) => x + 0.2 * next() > 0.6);
    const loose = fitLogistic(rows, labels, 0.001);
    const tight = fitLogistic(rows, labels, 1);
    expect(loose.weights[0]).toBeGreaterThan(tight.weights[0] ?? 0);
    expect(tight.weights[0]).toBeGreaterThan(0);
  });

  it("the refusal threshold turns away at most the share of answerable questions asked for", () => {
    const probabilities = Array.from({ length: 100 }, (_, i) => (i + 1) / 100);
    const threshold = thresholdFor(probabilities, 0.05);
    expect(probabilities.filter((p) => p < threshold).length).toBeLessThanOrEqual(5);
    expect(probabilities.filter((p) => p < threshold).length).toBeGreaterThanOrEqual(4);
  });

  it("the committed model weighs exactly the features the answer step measures and says what it was fitted on", () => {
    expect(Object.keys(ANSWER_MODEL.ranker.weights).sort()).toEqual([...SENTENCE_FEATURES].sort());
    expect(Object.keys(ANSWER_MODEL.refusal.weights).sort()).toEqual([...REFUSAL_FEATURES].sort());
    expect(ANSWER_MODEL.fittedOn).toHaveProperty("data");
    expect(ANSWER_MODEL.fittedOn).toHaveProperty("crossValidated");
  });
});
