export interface MemoLimits {
  /** Everything is forgotten when this many are remembered: bounded memory without an LRU's bookkeeping. */
  entries: number;
  /** Longer keys are computed each time: a megabyte-long paragraph would otherwise stay in memory. */
  keyChars: number;
}

/**
 * A pure function of a string, remembered for the strings seen lately. Every question stems
 * and sound-keys the same few thousand words and re-reads the paragraphs other questions
 * retrieved; computing each once saves most of an answer's main-thread time.
 */
export function memoized<T>(compute: (key: string) => T, limits: MemoLimits): (key: string) => T {
  const remembered = new Map<string, T>();
  return (key) => {
    if (key.length > limits.keyChars) return compute(key);
    const known = remembered.get(key);
    if (known !== undefined || remembered.has(key)) return known as T;
    if (remembered.size >= limits.entries) remembered.clear();
    const value = compute(key);
    remembered.set(key, value);
    return value;
  };
}
