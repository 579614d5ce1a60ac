import { escapeMarkdown } from "discord.js";
import type { SkippedFile } from "../corpus/load.js";
import { joinWithin } from "./text-limits.js";

/** "name — reason" per line, as many as fit in `max`, then how many more the log lists. */
export function skippedList(skipped: readonly SkippedFile[], max: number): string {
  const lines = skipped.map((file) => `${escapeMarkdown(file.name)} — ${escapeMarkdown(file.reason)}`);
  return joinWithin(lines, max, (count) => `…and ${count} more (every one is in the log)`);
}
