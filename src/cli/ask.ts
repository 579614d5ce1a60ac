import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import { parseArgs } from "node:util";
import { z } from "zod";
import type { AskResult, Citebot } from "../citebot.js";
import { describePlace } from "../answer/citation-text.js";
import { citationLabel, type Citation } from "../answer/types.js";
import type { AnswerGeneratorKind } from "../answer/llm/choose.js";
import { isCitebotError } from "../errors.js";
import { cliContext, openCitebot } from "./context.js";
import { askInConversation } from "./conversation.js";
import { runCli } from "./run.js";

const lineSchema = z.object({ question: z.string(), previous: z.array(z.string()).optional() });

const USAGE = `usage: npm run ask -- "question"          answer with sources
       npm run --silent ask -- --json "question"   one JSON object on stdout
       npm run --silent ask -- --jsonl FILE|-      one JSON question per line in, one result per line out;
                                                   a line's "previous": ["earlier question", …] makes it a follow-up`;

runCli(async () => {
  const { values, positionals } = parseArgs({ options: { json: { type: "boolean" }, jsonl: { type: "string" }, help: { type: "boolean", short: "h" } }, allowPositionals: true });
  if (values.help || (values.jsonl === undefined && positionals.length === 0)) {
    console.error(USAGE);
    process.exitCode = values.help ? 0 : 2;
    return;
  }
  const citebot = await openCitebot(cliContext());
  if (values.jsonl !== undefined) {
    await answerLines(citebot, values.jsonl);
    return;
  }
  const question = positionals.join(" ");
  const result = await citebot.ask(question);
  console.log(values.json ? JSON.stringify(toJson(result)) : toText(result));
});

interface AskJson {
  question: string;
  answered: boolean;
  answer: string;
  /** file and paragraph always; section, page, line, code and url where known. */
  citations: Citation[];
  ms: number;
  /** Absent on error lines. */
  generator?: AnswerGeneratorKind;
  dropped_citations?: number;
  /** The earlier questions a follow-up was read with, newest first; absent when it stood alone. */
  context_questions?: string[];
  /** The follow-up as the language model reworded it to stand alone, which was answered; absent offline. */
  standalone_question?: string;
  error?: string;
}

function toJson(result: AskResult): AskJson {
  const { question, answered, answer, citations, ms, generator, droppedCitations, contextQuestions, standaloneQuestion } = result;
  return {
    question,
    answered,
    answer,
    citations,
    ms,
    generator,
    dropped_citations: droppedCitations,
    ...(contextQuestions ? { context_questions: contextQuestions } : {}),
    ...(standaloneQuestion ? { standalone_question: standaloneQuestion } : {}),
  };
}

function toText(result: AskResult): string {
  const footer = `(${result.ms} ms${result.generator === "llm" ? ", written by the language model" : ""})`;
  if (!result.answered) return `${result.answer}\n\n${footer}`;
  const sources = result.citations.map((citation, i) => `  ${i + 1}. ${sourceLine(citation)}`);
  return `${result.answer}\n\nSources:\n${sources.join("\n")}\n\n${footer}`;
}

/** "popular-topics/faq.md ¶14 · FAQ › How do I ban a user? · line 52 (score 0.61): "…"", then the link when there is one. */
function sourceLine(citation: Citation): string {
  const place = describePlace(citation);
  // The answer already shows a code quote whole; here its first line is enough to recognise it.
  const quote = citation.code ? `${citation.quote.split("\n")[0] ?? ""} …` : citation.quote;
  const link = citation.url ? `\n     ${citation.url}` : "";
  return `${citationLabel(citation)}${place ? ` · ${place}` : ""} (score ${citation.score}): "${quote}"${link}`;
}

/** One question per input line, answered in order; a bad line gets an error object, not a stop. */
async function answerLines(citebot: Citebot, source: string): Promise<void> {
  const lines = createInterface({ input: source === "-" ? process.stdin : createReadStream(source), crlfDelay: Infinity });
  for await (const line of lines) {
    if (line.trim() === "") continue;
    console.log(JSON.stringify(await answerLine(citebot, line)));
  }
}

async function answerLine(citebot: Citebot, line: string): Promise<AskJson> {
  let question = "";
  const failed = (error: string): AskJson => ({ question, answered: false, answer: "", citations: [], ms: 0, error });
  try {
    const parsed = lineSchema.safeParse(JSON.parse(line));
    if (!parsed.success) {
      const badPrevious = parsed.error.issues.every((issue) => issue.path[0] === "previous");
      return failed(badPrevious ? '"previous" must be an array of earlier questions (strings), oldest first' : 'each line must be a JSON object with a string "question"');
    }
    question = parsed.data.question;
    return toJson(await askInConversation(citebot, parsed.data.previous ?? [], question));
  } catch (error) {
    if (isCitebotError(error)) return failed(error.userMessage);
    if (error instanceof SyntaxError) return failed("the line is not valid JSON");
    throw error;
  }
}
