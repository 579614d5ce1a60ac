import { describe, expect, it } from "vitest";
import { leansOnContext, resolveFollowUp } from "../src/conversation/follow-up.js";
import { looksLikeQuestion } from "../src/discord/looks-like-question.js";

const founded = { question: "Who founded the Pak Sarzameen Party?", cited: [{ file: "000_c334f3cd84f70381.txt", paragraph: 5 }] };

describe("reading a follow-up with the conversation", () => {
  it("treats pronouns, continuations and questions too short to search as follow-ups, and full questions as standalone", () => {
    for (const question of ["When was that?", "Who else is in it?", "And the sectors and units?", "What about the other faction?", "For how long?"]) {
      expect(leansOnContext(question), question).toBe(true);
    }
    for (const question of ["Which ministry did Mustafa Kamal hold in the Sindh government?", "When did the MQM split into MQM-Pakistan and MQM-London?"]) {
      expect(leansOnContext(question), question).toBe(false);
    }
  });

  it("searches a follow-up with the earlier question's words, not its question words, and keeps what was cited", () => {
    const resolved = resolveFollowUp("When was that?", [founded]);
    expect(resolved).toMatchObject({
      searchText: "When was that? founded pak sarzameen party",
      contextQuestions: ["Who founded the Pak Sarzameen Party?"],
      cited: founded.cited,
      answerType: "time",
      asksOnlyForType: true,
    });
  });

  it("follows a chain of follow-ups back to the question that stood alone, newest first", () => {
    const chain = [founded, { question: "When was that?", cited: [] }];
    expect(resolveFollowUp("Who else joined them?", chain)?.contextQuestions).toEqual(["When was that?", "Who founded the Pak Sarzameen Party?"]);
  });

  it("leaves a question that stands on its own, or has no conversation, alone", () => {
    expect(resolveFollowUp("What is the slogan of the Pak Sarzameen Party?", [founded])).toBeUndefined();
    expect(resolveFollowUp("When was that?", [])).toBeUndefined();
  });

  it("asks the earlier question's kind of fact again for 'and …?'", () => {
    expect(resolveFollowUp("And the London one?", [{ question: "When did the MQM split?", cited: [] }])?.answerType).toBe("time");
  });
});

describe("what an auto-answer channel treats as a question", () => {
  it("answers what asks, leaves chat alone", () => {
    expect(looksLikeQuestion("Who chairs the PSP?")).toBe(true);
    expect(looksLikeQuestion("the PSP slogan?")).toBe(true);
    expect(looksLikeQuestion("how did the PSP do in 2018")).toBe(true);
    expect(looksLikeQuestion("thanks, that helped!")).toBe(false);
    expect(looksLikeQuestion("lol")).toBe(false);
  });
});
