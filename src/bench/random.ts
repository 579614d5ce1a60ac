/** A uniform number in [0, 1). */
export type Random = () => number;

/**
 * mulberry32: tiny and fast, with a 2^32 period that no benchmark stream here comes near.
 * Every stream is seeded, so a corpus is the same on every machine and in every process.
 */
export function seededRandom(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A seed for an independent stream, e.g. (corpus seed, purpose, item): so item i is generated alone, in any process. */
export function streamSeed(...parts: number[]): number {
  let hash = 0x811c9dc5;
  for (const part of parts) {
    // splitmix32-style avalanche per part, so nearby items get unrelated streams.
    hash = Math.imul(hash ^ (part >>> 0), 0x9e3779b1);
    hash = Math.imul(hash ^ (hash >>> 16), 0x85ebca6b);
    hash = Math.imul(hash ^ (hash >>> 13), 0xc2b2ae35);
    hash ^= hash >>> 16;
  }
  return hash >>> 0;
}

/** Standard normal samples (Box-Muller), each pair of uniforms giving two. */
export function normalSampler(random: Random): () => number {
  let spare: number | undefined;
  return () => {
    if (spare !== undefined) {
      const value = spare;
      spare = undefined;
      return value;
    }
    const radius = Math.sqrt(-2 * Math.log(1 - random()));
    const angle = 2 * Math.PI * random();
    spare = radius * Math.sin(angle);
    return radius * Math.cos(angle);
  };
}
