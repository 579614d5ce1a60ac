import { sameSection, type Paragraph } from "../corpus/paragraphs.js";
import { paragraphKey } from "../retrieval/retriever.js";
import { paragraphCitation } from "./citation-text.js";
import { termCoverage, termSet, type WeightedTerm } from "./coverage.js";
import { answerText } from "./extractive.js";
import type { Answer, Citation } from "./types.js";

/** Asks for a way to do something: what documentation answers with code ("How do I ban a user?", "how to install…"). */
const HOW_TO = /^\s*(?:how (?:do|can|could|should|would|will|may) (?:i|we|you|one)\b|how to\b)/i;

/**
 * A heading that says this much of what the question asks (weighted by rarity) names the
 * task its block performs: "How do I kick a guild member?" over `member.kick()` for "How
 * can I kick a member from my server?" (0.71 of its weight), where a passing mention in a
 * heading covers a third at most.
 */
const STRONG_HEADING = 0.6;

const NO_CONTEXT = termSet("");

/**
 * For a how-to, a code block under a heading that names the task is the answer the
 * documentation gives, even when prose elsewhere shares more of the question's words
 * ("Kick or ban as many server members as possible" in a page on leaked tokens): the block
 * leads, and only citations under as strong a heading stay with it. The ranker weighs
 * sentences, and one line of code has few words to weigh; its heading says what it does.
 */
export function withHeadedCode(answer: Answer, terms: readonly WeightedTerm[], retrieved: readonly Paragraph[]): Answer {
  if (!answer.answered || !HOW_TO.test(answer.question)) return answer;
  const byKey = new Map(retrieved.map((paragraph) => [paragraphKey(paragraph.file, paragraph.paragraph), paragraph]));
  const strength = (paragraph: Pick<Paragraph, "section"> | undefined): number => (paragraph ? headingCoverage(terms, paragraph) : 0);
  const cited = (citation: Citation): Paragraph | undefined => byKey.get(paragraphKey(citation.file, citation.paragraph));
  let best: { paragraph: Paragraph; strength: number } | undefined;
  for (const paragraph of retrieved) {
    if (!paragraph.code) continue;
    const own = strength(paragraph);
    if (own >= STRONG_HEADING && own > (best?.strength ?? 0)) best = { paragraph, strength: own };
  }
  const leader = answer.citations[0];
  if (!leader) return answer;
  if (!best || strength(cited(leader)) >= best.strength) return withSectionCode(answer, leader, cited(leader), retrieved);
  const lifted = best.paragraph;
  const key = paragraphKey(lifted.file, lifted.paragraph);
  const kept = answer.citations.filter((citation) => paragraphKey(citation.file, citation.paragraph) !== key && strength(cited(citation)) >= best.strength);
  const citations: Citation[] = [paragraphCitation(lifted, lifted.text, leader.score), ...kept];
  return { ...answer, answer: answerText(citations), citations };
}

/**
 * Otherwise, when the passage the answer leads with explains a task and its section shows
 * code this question also retrieved, the code follows it: the first such block after the
 * passage under the same heading path, unless the answer already quotes code. (Code the
 * search did not reach is not brought: after a passage that only mentions the task, the
 * next block of its section is often about something else.)
 */
function withSectionCode(answer: Answer, leader: Citation, paragraph: Paragraph | undefined, retrieved: readonly Paragraph[]): Answer {
  if (!paragraph || paragraph.code || answer.citations.some((citation) => citation.code)) return answer;
  const code = retrieved
    .filter((block) => block.code && block.file === paragraph.file && block.paragraph > paragraph.paragraph && sameSection(block, paragraph))
    .sort((a, b) => a.paragraph - b.paragraph)[0];
  if (!code) return answer;
  const citations = [leader, paragraphCitation(code, code.text, leader.score), ...answer.citations.slice(1)];
  return { ...answer, answer: answerText(citations), citations };
}

/** The weighted share of the question a block's own heading (the last of its path) states. */
function headingCoverage(terms: readonly WeightedTerm[], paragraph: Pick<Paragraph, "section">): number {
  const heading = paragraph.section?.at(-1);
  return heading === undefined ? 0 : termCoverage(terms, termSet(heading), NO_CONTEXT).share;
}
