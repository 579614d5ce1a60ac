import { fencedCode } from "../answer/citation-text.js";
import { citationLabel, type Citation } from "../answer/types.js";
import { safeMarkdown, withoutInvisible } from "./safe-markdown.js";

/**
 * An extractive answer that quotes code, for an embed: each quote followed by its
 * citation as in the answer text, code fenced with its language and prose escaped. The
 * best quote always shows; code too long for `max` is cut at a line boundary, and
 * quotes that no longer fit are left to the sources list, with `note` saying so.
 * Undefined when no quote is code: the plain answer text serves.
 */
export function codeAnswerText(citations: readonly Citation[], max: number, note: string): string | undefined {
  const [best] = citations;
  if (!best || !citations.some((citation) => citation.code)) return undefined;
  const whole = citations.map((citation) => quotePart(citation, Number.POSITIVE_INFINITY)).join("\n");
  if (whole.length <= max) return whole;
  const suffix = `\n\n${note}`;
  return `${quotePart(best, max - suffix.length)}${suffix}`;
}

function quotePart(citation: Citation, max: number): string {
  const label = `[${safeMarkdown(citationLabel(citation), max)}]`;
  if (!citation.code) return `${safeMarkdown(citation.quote, Math.max(1, max - label.length - 1))} ${label}`;
  return `${fencedWithin(withoutInvisible(citation.quote), citation.code.language, max - label.length - 1)}\n${label}`;
}

/** The code fenced, whole lines only, with "…" as its last line when lines were left out. */
function fencedWithin(code: string, language: string | undefined, max: number): string {
  const whole = fencedCode(code, language);
  if (whole.length <= max) return whole;
  const lines = code.split("\n");
  for (let kept = lines.length - 1; kept > 0; kept -= 1) {
    const cut = fencedCode(`${lines.slice(0, kept).join("\n")}\n…`, language);
    if (cut.length <= max) return cut;
  }
  const room = Math.max(1, max - fencedCode("…", language).length);
  return fencedCode(`${(lines[0] ?? "").slice(0, room)}…`, language);
}
