import type { Latency } from "./tasks.js";

/** The p-th percentile (0 to 100) of the samples, interpolating linearly between the two nearest ranks. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) throw new RangeError("percentile of no samples");
  if (!(p >= 0 && p <= 100)) throw new RangeError(`percentile ${p} is outside 0..100`);
  const sorted = [...values].sort((a, b) => a - b);
  const rank = (p / 100) * (sorted.length - 1);
  const below = Math.floor(rank);
  const low = sorted[below] ?? 0;
  const high = sorted[Math.min(below + 1, sorted.length - 1)] ?? low;
  return low + (high - low) * (rank - below);
}

export function latencyOf(times: readonly number[]): Latency {
  return { p50: percentile(times, 50), p95: percentile(times, 95) };
}

export function median(values: readonly number[]): number {
  return percentile(values, 50);
}

/** The most resident memory this process has held so far, in MiB: a high-water mark that never falls. */
export function peakRssMb(): number {
  // maxRSS is reported in KiB.
  return process.resourceUsage().maxRSS / 1024;
}
