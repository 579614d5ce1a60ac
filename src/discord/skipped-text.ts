import type { SkippedFile } from "../corpus/load.js";
import { safeMarkdown } from "./safe-markdown.js";
import { joinWithin } from "./text-limits.js";

/** A file name or reason past this is cut: the list is for spotting what was left out, the log has it whole. */
const ENTRY_CHARS = 200;

/** "name — reason" per line, as many as fit in `max`, then how many more the log lists. */
export function skippedList(skipped: readonly SkippedFile[], max: number): string {
  const lines = skipped.map((file) => `${safeMarkdown(file.name, ENTRY_CHARS)} — ${safeMarkdown(file.reason, ENTRY_CHARS)}`);
  return joinWithin(lines, max, (count) => `…and ${count} more (every one is in the log)`);
}
