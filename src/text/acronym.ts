/**
 * Acronyms and their expansions: "What does PSP stand for?" is answered by the sentence
 * whose capitalised words spell it ("Pak Sarzameen Party (PSP)"), which shares no word
 * with the question but the acronym.
 */

/** Words an expansion may carry without their initial counting: "Research & Analysis Wing", "Executable and Linkable Format". */
const JOINERS = new Set(["&", "and", "of", "for", "the", "de", "du", "la", "y", "und", "in", "on", "to"]);

const EXPANSION_QUESTION = /\b(?:stands?|stood|short) for\b|\babbreviat\w*\b|\bacronym\b/i;
const ACRONYM = /\b\p{Lu}(?:\p{Lu}|&){1,7}\b/u;

/** The acronym a question asks to expand, or undefined when it asks for no expansion. */
export function acronymAsked(question: string): string | undefined {
  if (!EXPANSION_QUESTION.test(question)) return undefined;
  return question.match(ACRONYM)?.[0].replaceAll("&", "");
}

/** A question asking for an expansion without the words that ask ("stand for"): they say how it asks, not about what. */
export function withoutExpansionAsk(question: string): string {
  return acronymAsked(question) === undefined ? question : question.replace(EXPANSION_QUESTION, " ");
}

/** Whether some run of the text's words, joiners aside, has the acronym's letters as initials. */
export function expandsAcronym(text: string, acronym: string): boolean {
  const tokens = text.match(/&|[\p{L}][\p{L}\p{N}'’-]*/gu) ?? [];
  const letters = acronym.toUpperCase();
  for (let start = 0; start < tokens.length; start += 1) {
    let matched = 0;
    for (let i = start; i < tokens.length && matched < letters.length; i += 1) {
      const token = tokens[i] ?? "";
      if (token === token.toUpperCase() && token.length > 1 && token.replaceAll("&", "") === letters) break;
      if (token[0] === letters[matched] && /^\p{Lu}/u.test(token)) matched += 1;
      else if (matched === 0 || !JOINERS.has(token.toLowerCase())) break;
    }
    if (matched === letters.length) return true;
  }
  return false;
}
