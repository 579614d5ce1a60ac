import { LLM_REFUSAL } from "../../src/answer/llm/prompt.js";
import { splitSentences } from "../../src/text/sentences.js";
import { contentStems } from "../../src/text/terms.js";
import { promptSources, roleText, type ChatRequest, type Reply } from "./server.js";

/**
 * A stand-in for a well-behaved model, for benchmarks: it answers with the source sentence
 * sharing the most content words with the question, cited by its id, and refuses when none
 * shares half of them. Its fallbacks measure the verification path, not a real model's habits.
 */
export function citeBestSentence(request: ChatRequest): Reply {
  const question = /<question>\n([\s\S]*?)\n<\/question>/.exec(roleText(request, "user"))?.[1] ?? "";
  const asked = new Set(contentStems(question));
  let best = { text: LLM_REFUSAL, shared: Math.ceil(asked.size / 2) - 1 };
  for (const source of promptSources(request)) {
    for (const sentence of splitSentences(source.text)) {
      const shared = contentStems(sentence).filter((stem) => asked.has(stem)).length;
      if (shared > best.shared) best = { text: `${sentence.replace(/[.!?]+$/, "")} [${source.id}].`, shared };
    }
  }
  return { kind: "text", text: best.text };
}
