/**
 * Reciprocal rank fusion (Cormack et al., 2009): rank-based, so cosine similarities and
 * BM25 scores never have to be put on one scale. k = 60 is the paper's constant.
 */
const RRF_K = 60;

export function reciprocalRankFusion<T>(rankings: ReadonlyArray<readonly T[]>): Map<T, number> {
  const fused = new Map<T, number>();
  for (const ranking of rankings) {
    ranking.forEach((item, rank) => fused.set(item, (fused.get(item) ?? 0) + 1 / (RRF_K + rank + 1)));
  }
  return fused;
}
