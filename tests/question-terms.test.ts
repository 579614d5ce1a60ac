import { describe, expect, it } from "vitest";
import { contentStems } from "../src/text/terms.js";

describe("the terms of a question", () => {
  it("drops what an apostrophe leaves behind, so a possessive name is just the name", () => {
    expect(contentStems("Where does Kamal's wife come from?")).toEqual(["kamal", "wife", "come"]);
    expect(contentStems("They'll quit, it's said")).toEqual(["quit"]);
  });
});
