import { splitSentences } from "../../text/sentences.js";
import { words } from "../../text/terms.js";

export interface CitedId {
  file: string;
  paragraph: number;
}

export interface Claim {
  text: string;
  ids: CitedId[];
}

/**
 * A bracket longer than this is prose, not an id: an id is a file name and a paragraph
 * number, and the bound keeps reading one bracket cheap.
 */
const MAX_ID_BRACKET_CHARS = 600;
const SENTENCE_END = /[.!?]["”’)]*$/;
/** After an id, a lower-case word or a comma means the sentence goes on: the id was cited mid-sentence. */
const CONTINUES = /\s*[\p{Ll}\p{N},;:]/uy;
const PUNCTUATION = /[.!?]*/y;
const SEPARATORS = /[ \t,;]*/y;
const PARAGRAPH_NUMBER = /¶\s*(\d+)/g;

interface CitationGroup {
  /** Where the group starts, separators before its first bracket included. */
  start: number;
  /** After the group and the punctuation right after it. */
  end: number;
  ids: CitedId[];
  punctuation: string;
}

/**
 * The model's sentences, each with the ids written after it ("[a.txt ¶3] [b.txt ¶1]",
 * "[a.txt ¶3; b.txt ¶1]", or mid-sentence); a sentence followed by none gets an empty
 * list. One pass over the text: a hostile reply costs time in proportion to its length.
 */
export function parseClaims(text: string): Claim[] {
  const claims: Claim[] = [];
  let body: string[] = [];
  let ids: CitedId[] = [];
  let bodyEndsSentence = false;
  let from = 0;
  for (const group of citationGroups(text)) {
    const before = text.slice(from, group.start);
    body.push(before);
    if (before.trim() !== "") bodyEndsSentence = SENTENCE_END.test(before.trimEnd());
    append(ids, group.ids);
    from = group.end;
    CONTINUES.lastIndex = from;
    if (group.punctuation === "" && !bodyEndsSentence && CONTINUES.test(text)) continue;
    closeClaims(claims, body.join(""), ids, group.punctuation);
    body = [];
    ids = [];
    bodyEndsSentence = false;
  }
  body.push(text.slice(from));
  closeClaims(claims, body.join(""), ids, "");
  return claims;
}

/** Runs of bracketed ids separated only by spaces, commas or semicolons, in order. */
function* citationGroups(text: string): Generator<CitationGroup> {
  let group: CitationGroup | undefined;
  for (const bracket of idBrackets(text)) {
    SEPARATORS.lastIndex = group?.end ?? 0;
    if (group && SEPARATORS.exec(text) !== null && SEPARATORS.lastIndex === bracket.start) {
      append(group.ids, bracket.ids);
      group.end = bracket.end;
      continue;
    }
    if (group) yield withPunctuation(text, group);
    group = { start: separatorsBefore(text, bracket.start), end: bracket.end, ids: [...bracket.ids], punctuation: "" };
  }
  if (group) yield withPunctuation(text, group);
}

function withPunctuation(text: string, group: CitationGroup): CitationGroup {
  PUNCTUATION.lastIndex = group.end;
  const punctuation = PUNCTUATION.exec(text)?.[0] ?? "";
  return { ...group, end: group.end + punctuation.length, punctuation };
}

/** The start of the spaces, commas and semicolons just before `index`: they belong to the citation, not the sentence. */
function separatorsBefore(text: string, index: number): number {
  let start = index;
  while (start > 0 && " \t,;".includes(text.charAt(start - 1))) start -= 1;
  return start;
}

/**
 * Brackets holding at least one id, each scanned once: a scan stops at the next bracket or
 * line break, or after MAX_ID_BRACKET_CHARS, and the next one starts where it stopped.
 */
function* idBrackets(text: string): Generator<{ start: number; end: number; ids: CitedId[] }> {
  let open = text.indexOf("[");
  while (open !== -1) {
    let close = open + 1;
    const limit = Math.min(text.length, open + 1 + MAX_ID_BRACKET_CHARS);
    while (close < limit && !"[]\n".includes(text.charAt(close))) close += 1;
    if (text.charAt(close) === "]") {
      const ids = idsIn(text.slice(open + 1, close));
      if (ids.length > 0) yield { start: open, end: close + 1, ids };
    }
    open = text.indexOf("[", close);
  }
}

/** "a.txt ¶3", "b.md ¶ 1; a.txt, ¶3", "a.txt ¶3, ¶4" (the file carries over). */
function idsIn(content: string): CitedId[] {
  const ids: CitedId[] = [];
  let previousEnd = 0;
  let file = "";
  for (const match of content.matchAll(PARAGRAPH_NUMBER)) {
    const named = content.slice(previousEnd, match.index).replace(/[\s,]*$/, "");
    const written = named.slice(Math.max(named.lastIndexOf(";"), named.lastIndexOf(",")) + 1).trim();
    if (written !== "") file = written;
    previousEnd = match.index + match[0].length;
    if (file !== "") ids.push({ file, paragraph: Number(match[1]) });
  }
  return ids;
}

/** The ids belong to the last sentence of the text before them; earlier sentences there were left uncited. */
function closeClaims(claims: Claim[], body: string, ids: CitedId[], punctuation: string): void {
  const sentences = splitSentences(body).filter((sentence) => words(sentence).length > 0);
  const last = sentences.pop();
  for (const sentence of sentences) claims.push({ text: sentence, ids: [] });
  if (last === undefined) {
    // Ids after ids ("… [a ¶1]. [b ¶2].") still belong to the sentence before.
    const previous = claims.at(-1);
    if (previous) append(previous.ids, ids);
    else if (ids.length > 0) claims.push({ text: "", ids });
    return;
  }
  const text = SENTENCE_END.test(last) ? last : `${last}${punctuation || "."}`;
  claims.push({ text, ids });
}

/** push(...items) passes every item as an argument, which overflows the stack for a hostile number of ids. */
function append<T>(target: T[], items: readonly T[]): void {
  for (const item of items) target.push(item);
}
