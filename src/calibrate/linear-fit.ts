/**
 * The two small models the answer step uses, fitted by full-batch gradient descent on
 * standardised features with an L2 penalty: few features, few weights, so a fit on some
 * hundred questions can carry to articles it never saw.
 */

export interface Standardised {
  mean: number[];
  scale: number[];
}

export interface FittedLinear extends Standardised {
  weights: number[];
  bias: number;
}

const STEPS = 600;
const LEARNING_RATE = 0.2;

export function standardise(rows: readonly number[][]): Standardised {
  const width = rows[0]?.length ?? 0;
  const mean = Array.from({ length: width }, (_, k) => rows.reduce((sum, row) => sum + (row[k] ?? 0), 0) / Math.max(1, rows.length));
  const scale = mean.map((m, k) => {
    const variance = rows.reduce((sum, row) => sum + ((row[k] ?? 0) - m) ** 2, 0) / Math.max(1, rows.length);
    return variance > 1e-12 ? Math.sqrt(variance) : 1;
  });
  return { mean, scale };
}

function zRow(row: readonly number[], { mean, scale }: Standardised): number[] {
  return row.map((value, k) => (value - (mean[k] ?? 0)) / (scale[k] ?? 1));
}

export function linearValue(model: FittedLinear, row: readonly number[]): number {
  return zRow(row, model).reduce((sum, value, k) => sum + value * (model.weights[k] ?? 0), model.bias);
}

/**
 * A conditional logit over each question's candidate sentences: it maximises the share of
 * probability the gold-paragraph sentences get against the others of the same question,
 * which is what decides the first citation. Questions with no gold candidate teach nothing.
 */
export function fitRanker(groups: ReadonlyArray<{ rows: number[][]; gold: boolean[] }>, lambda: number): FittedLinear {
  const usable = groups.filter((group) => group.gold.some(Boolean) && group.gold.some((g) => !g));
  const norm = standardise(usable.flatMap((group) => group.rows));
  const data = usable.map((group) => ({ z: group.rows.map((row) => zRow(row, norm)), gold: group.gold }));
  const width = norm.mean.length;
  const weights = new Array<number>(width).fill(0);
  for (let step = 0; step < STEPS; step += 1) {
    const gradient = weights.map((w) => lambda * w);
    for (const { z, gold } of data) {
      const scores = z.map((row) => row.reduce((sum, value, k) => sum + value * (weights[k] ?? 0), 0));
      const top = Math.max(...scores);
      const exp = scores.map((score) => Math.exp(score - top));
      const all = exp.reduce((a, b) => a + b, 0);
      const goldSum = exp.reduce((sum, e, i) => sum + (gold[i] ? e : 0), 0);
      z.forEach((row, i) => {
        const coefficient = exp[i]! / all - (gold[i] ? exp[i]! / goldSum : 0);
        row.forEach((value, k) => (gradient[k]! += (coefficient * value) / data.length));
      });
    }
    gradient.forEach((g, k) => (weights[k]! -= LEARNING_RATE * g));
  }
  return { ...norm, weights, bias: 0 };
}

/** Plain L2-regularised logistic regression, for the probability that the documents answer a question. */
export function fitLogistic(rows: readonly number[][], labels: readonly boolean[], lambda: number): FittedLinear {
  const norm = standardise(rows);
  const z = rows.map((row) => zRow(row, norm));
  const width = norm.mean.length;
  const weights = new Array<number>(width).fill(0);
  let bias = 0;
  // Each class counts for half, so the rarer unanswerable questions are not outvoted.
  const positives = labels.filter(Boolean).length;
  const classWeight = (label: boolean): number => (label ? 0.5 / Math.max(1, positives) : 0.5 / Math.max(1, labels.length - positives));
  for (let step = 0; step < STEPS; step += 1) {
    const gradient = weights.map((w) => lambda * w);
    let biasGradient = 0;
    z.forEach((row, i) => {
      const label = labels[i] ?? false;
      const p = 1 / (1 + Math.exp(-row.reduce((sum, value, k) => sum + value * (weights[k] ?? 0), bias)));
      const error = (p - (label ? 1 : 0)) * classWeight(label);
      row.forEach((value, k) => (gradient[k]! += error * value));
      biasGradient += error;
    });
    gradient.forEach((g, k) => (weights[k]! -= LEARNING_RATE * 4 * g));
    bias -= LEARNING_RATE * 4 * biasGradient;
  }
  return { ...norm, weights, bias };
}
