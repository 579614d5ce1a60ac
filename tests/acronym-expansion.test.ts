import { describe, expect, it } from "vitest";
import { expectedAnswerType, statesAnswerType } from "../src/answer/answer-type.js";
import { acronymAsked, expandsAcronym, withoutExpansionAsk } from "../src/text/acronym.js";

describe("a question asking what an acronym stands for", () => {
  it("names the acronym, and only when the question asks for its expansion", () => {
    expect(acronymAsked("What does PSP stand for?")).toBe("PSP");
    expect(acronymAsked("ELF is short for what?")).toBe("ELF");
    expect(acronymAsked("Who leads the PSP?")).toBeUndefined();
    expect(expectedAnswerType("What does RAW stand for?")).toEqual({ expansionOf: "RAW" });
  });

  it("keeps its words apart from how it asks, and leaves other questions whole", () => {
    expect(withoutExpansionAsk("What does PSP stand for?")).not.toMatch(/stand/);
    expect(withoutExpansionAsk("Was the runway too short for the jet?")).toBe("Was the runway too short for the jet?");
  });

  it("is answered by a run of capitalised words whose initials spell it, joiners aside", () => {
    expect(expandsAcronym("Kamal's Pak Sarzameen Party (PSP) won no seat.", "PSP")).toBe(true);
    expect(expandsAcronym("ties with the agency RAW (Research & Analysis Wing).", "RAW")).toBe(true);
    expect(statesAnswerType("code such as Executable and Linkable Format files", { expansionOf: "ELF" })).toBe(true);
    expect(expandsAcronym("The PSP contested the 2018 general election.", "PSP")).toBe(false);
    expect(expandsAcronym("Party workers spoke to the press", "PSP")).toBe(false);
  });
});
