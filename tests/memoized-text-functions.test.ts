import { describe, expect, it } from "vitest";
import { memoized } from "../src/text/memo.js";
import { soundOf, stemOf } from "../src/text/terms.js";
import { stemmer } from "stemmer";

describe("remembered text functions", () => {
  it("compute each key once, forget everything at the limit, and never keep an overlong key", () => {
    const computed: string[] = [];
    const upper = memoized((key) => {
      computed.push(key);
      return key.toUpperCase();
    }, { entries: 2, keyChars: 5 });
    expect([upper("ab"), upper("ab"), upper("cd"), upper("ab")]).toEqual(["AB", "AB", "CD", "AB"]);
    expect(computed).toEqual(["ab", "cd"]);
    upper("ef"); // the third key: the memory is cleared first
    upper("ab");
    expect(computed).toEqual(["ab", "cd", "ef", "ab"]);
    upper("longer");
    upper("longer");
    expect(computed.filter((key) => key === "longer")).toHaveLength(2);
  });

  it("remember an undefined sound key as well as a defined one", () => {
    expect(soundOf("cat")).toBeUndefined();
    expect(soundOf("cat")).toBeUndefined();
    expect(soundOf("Qaimkhani".toLowerCase())).toBe(soundOf("qaimkhani"));
    expect(stemOf("elections")).toBe(stemmer("elections"));
    expect(stemOf("2024")).toBe("2024");
  });
});
