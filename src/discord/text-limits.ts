/** Discord's documented limits; a request over any of them is refused with 400 Invalid Form Body. */
export const DISCORD_LIMITS = {
  content: 2000,
  embedTitle: 256,
  embedDescription: 4096,
  fieldValue: 1024,
  footer: 2048,
  /** Title, description, field names and values, footer and author of every embed of a message together. */
  embedTotal: 6000,
} as const;

// Lengths here are UTF-16 units (string.length): never fewer than the characters Discord counts, so a fit here fits there.

/** Cuts at a word boundary with an ellipsis when the text is over `max`. */
export function clampText(text: string, max: number): string {
  if (text.length <= max) return text;
  const room = max - 1;
  let cut = text.slice(0, room);
  const lastSpace = cut.search(/\s\S*$/);
  // A word boundary only helps when it keeps most of the text; one long "word" is cut anywhere.
  if (lastSpace > room * 0.6) cut = cut.slice(0, lastSpace);
  return `${withoutLoneSurrogate(cut).trimEnd()}…`;
}

/** Joins lines with newlines up to `max`; lines that do not fit are summarised by `more(count)`. */
export function joinWithin(lines: readonly string[], max: number, more: (count: number) => string): string {
  const kept: string[] = [];
  let used = 0;
  for (const [index, line] of lines.entries()) {
    const remaining = lines.length - index - 1;
    // Room for the summary is kept back at every step, so stopping later always fits.
    const reserve = remaining > 0 ? 1 + more(remaining).length : 0;
    const separator = kept.length > 0 ? 1 : 0;
    if (used + separator + line.length + reserve <= max) {
      kept.push(line);
      used += separator + line.length;
    } else if (kept.length === 0) {
      const first = clampText(line, max - reserve);
      kept.push(first);
      used = first.length;
    } else {
      return `${kept.join("\n")}\n${more(lines.length - index)}`;
    }
  }
  return kept.join("\n");
}

/** A cut inside a surrogate pair leaves half a character, which Discord rejects. */
export function withoutLoneSurrogate(text: string): string {
  const last = text.charCodeAt(text.length - 1);
  return last >= 0xd800 && last <= 0xdbff ? text.slice(0, -1) : text;
}
