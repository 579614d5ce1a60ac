import { describe, expect, it } from "vitest";
import { weightedQuestionTerms } from "../src/answer/coverage.js";
import type { EvidenceSentence } from "../src/answer/evidence.js";
import { measureCandidates, namesOf, stemPairs, NEGATION } from "../src/answer/features.js";
import { nearestIn } from "../src/answer/meaning.js";
import type { RetrievedParagraph } from "../src/retrieval/retriever.js";
import { contentStems } from "../src/text/terms.js";
import { decodeWordVectors, encodeWordVectors, wordSimilarity } from "../src/text/word-vectors.js";

describe("word vectors", () => {
  it("a table read back gives each word its cosine with another", () => {
    const table = decodeWordVectors(encodeWordVectors(3, [{ word: "east", vector: [1, 0, 0] }, { word: "west", vector: [2, 2, 0] }, { word: "cheese", vector: [0, 0, 5] }]));
    const [east, west, cheese] = ["east", "west", "cheese"].map((word) => table.indexOf(word) ?? -1);
    expect(table.cosine(east!, east!)).toBeCloseTo(1, 2);
    expect(table.cosine(east!, west!)).toBeCloseTo(Math.SQRT1_2, 2);
    expect(table.cosine(east!, cheese!)).toBe(0);
    expect(table.indexOf("gouda")).toBeUndefined();
  });

  it("the committed table puts a word's synonyms and forms near it and unrelated words far", () => {
    expect(wordSimilarity("began", "started")).toBeGreaterThan(0.8);
    expect(wordSimilarity("largest", "biggest")).toBeGreaterThan(0.8);
    expect(wordSimilarity("cat", "election")).toBeLessThan(0.3);
    expect(wordSimilarity("cat", "xqzzv")).toBe(0);
  });
});

const documentFrequency = (): number => 1;
const terms = (question: string) => weightedQuestionTerms(question, documentFrequency, 100);

describe("meaning beyond exact words", () => {
  it("a question term meets a different word of like meaning, not a word of another kind", () => {
    const [began] = terms("When began the works?");
    expect(nearestIn(began!, ["construction", "started", "harbour"])).toBeGreaterThan(0.8);
    expect(nearestIn(began!, ["construction", "cheese", "harbour"])).toBeLessThan(0.6);
  });

  it("names are runs of capitalised words joined by spaces only", () => {
    expect([...namesOf("What genre of games is Clawshot Princess?").phrases]).toEqual(["clawshot princess"]);
    expect(namesOf("Did Kamal's PSP win the seat?").phrases.size).toBe(0);
    expect([...namesOf("Which countries of North, Central and South America?").phrases]).toEqual(["south america"]);
  });
});

function paragraph(file: string, n: number, text: string): RetrievedParagraph {
  return { file, paragraph: n, text, fused: 1, similarity: 0.5, lexical: 1, sentences: [{ text, vector: undefined }] };
}

function evidence(p: RetrievedParagraph, question: string): EvidenceSentence {
  const asked = new Set(contentStems(question));
  return { file: p.file, paragraph: p.paragraph, sentence: 0, quote: p.text, coverage: 0.5, stated: contentStems(p.text).filter((stem) => asked.has(stem)), similarity: 0.5, novelty: 0.5, statesAnswerType: undefined, continuity: 0 };
}

function measure(question: string, texts: string[]) {
  const retrieved = texts.map((text, i) => paragraph("a.txt", i + 2, text));
  return measureCandidates(
    retrieved.map((p) => evidence(p, question)),
    retrieved,
    { terms: terms(question), names: namesOf(question), phrases: stemPairs(question), negated: NEGATION.test(question), maxWeight: 5, titleOf: () => "The game" },
  );
}

describe("meaning features of a candidate sentence", () => {
  it("a sentence saying the question's thing in other words states more of it than one that does not", () => {
    const [paraphrase, other] = measure("When did the construction begin?", ["The construction started in June 1990.", "The construction was praised by the mayor."]);
    expect(paraphrase!.features.sentenceMeaning).toBeGreaterThan(other!.features.sentenceMeaning);
  });

  it("a name made of the evidence's words in a new order is marked, a name the evidence uses is not", () => {
    const texts = ["Twilight Princess won awards from Games Radar and others.", "The player uses the Clawshot to cross gaps."];
    expect(measure("How many awards did Radar Princess receive?", texts)[0]!.gaps.splitName).toBe(1);
    expect(measure("How many awards did Twilight Princess receive?", texts)[0]!.gaps.splitName).toBe(0);
  });
});
