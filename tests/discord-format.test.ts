import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { IndexStatus } from "../src/citebot.js";
import { CommandLoadError, loadCommands } from "../src/discord/command-loader.js";
import { answerEmbed, formatInstant, SHORTENED_NOTE } from "../src/discord/format.js";
import { questionIn } from "../src/discord/message-routing.js";
import { RateLimiter } from "../src/discord/rate-limit.js";
import { safeMarkdown } from "../src/discord/safe-markdown.js";
import { clampText, DISCORD_LIMITS, joinWithin } from "../src/discord/text-limits.js";

const INDEX: IndexStatus = { files: [{ name: "a.txt", paragraphs: 3 }], skipped: [], paragraphs: 3, chunks: 3, builtAt: "2025-01-02T03:04:05.000Z", model: "m" };

describe("safeMarkdown", () => {
  const cutAtSentence = (text: string, max: number, note: string): string => safeMarkdown(text, max, { shortenedNote: note });

  it("keeps short plain text as it is", () => {
    expect(cutAtSentence("One. Two.", 100, "(cut)")).toBe("One. Two.");
  });

  it("cuts after the last whole sentence that fits, keeping its citation, and adds the note within the limit", () => {
    const text = "First fact. [a.txt ¶1] Second fact! [b.txt ¶2] Third fact goes on and on. [c.txt ¶3]";
    const cut = cutAtSentence(text, 70, "(cut)");
    expect(cut).toBe("First fact. \\[a.txt ¶1\\] Second fact! \\[b.txt ¶2\\]\n\n(cut)");
    expect(cut.length).toBeLessThanOrEqual(70);
  });

  it("falls back to a word boundary for one endless sentence", () => {
    const cut = cutAtSentence("word ".repeat(100), 50, "(cut)");
    expect(cut.length).toBeLessThanOrEqual(50);
    expect(cut).toMatch(/word\n\n\(cut\)$/);
  });

  it("escapes masked links, bare links, headings, lists, block quotes, code and mentions", () => {
    const hostile = ["# Heading", "> quote", "- item", "1. first", "[free nitro](https://evil.example)", "see https://evil.example now", "**bold** `code` <@123> ||spoiler||"].join("\n");
    const safe = safeMarkdown(hostile, 1000);
    expect(safe).toBe(
      ["\\# Heading", "\\> quote", "\\- item", "1\\. first", "\\[free nitro\\]\\(https\\://evil.example\\)", "see https\\://evil.example now", "\\*\\*bold\\*\\* \\`code\\` \\<@123\\> \\|\\|spoiler\\|\\|"].join("\n"),
    );
    // Mid-line, these are ordinary characters.
    expect(safeMarkdown("a - b # c 2. d", 100)).toBe("a - b # c 2. d");
  });

  it("removes invisible and direction-changing characters", () => {
    expect(safeMarkdown("pay\u200b pal\u202e gnp.exe\u2066x\u2069\ufeff\u00ad\u{E0041}", 100)).toBe("pay pal gnp.exex");
  });

  it("cuts before escaping, and the escaped text still fits", () => {
    const cut = safeMarkdown("[](".repeat(400_000), 100);
    expect(cut.length).toBeLessThanOrEqual(100);
    expect(cut.endsWith("…")).toBe(true);
    expect(cut.slice(0, -1)).toMatch(/^(?:\\[[\]()])+$/);
  });
});

describe("clampText and joinWithin", () => {
  it("never splits a surrogate pair", () => {
    const clamped = clampText(`${"x".repeat(8)}😀😀`, 10);
    expect(clamped.length).toBeLessThanOrEqual(10);
    expect(clamped).not.toMatch(/[\ud800-\udbff]…$/);
  });

  it("summarises the lines that do not fit and stays within the limit", () => {
    const lines = Array.from({ length: 50 }, (_, i) => `line ${i} ${"y".repeat(40)}`);
    const joined = joinWithin(lines, 300, (count) => `…and ${count} more`);
    expect(joined.length).toBeLessThanOrEqual(300);
    const shown = joined.split("\n").length - 1;
    expect(joined.endsWith(`…and ${50 - shown} more`)).toBe(true);
  });
});

describe("answerEmbed", () => {
  it("fits an enormous answer into every embed limit", () => {
    const citations = Array.from({ length: 30 }, (_, i) => ({ file: `file_${i}.txt`, paragraph: i + 1, quote: "q ".repeat(400), score: 1 }));
    const answer = citations.map((citation) => `A sentence about ${citation.file}. [${citation.file} ¶${citation.paragraph}]`).join(" ").repeat(10);
    const embed = answerEmbed({ question: "?".repeat(2000), answered: true, answer, citations, generator: "llm", droppedCitations: 2 }, INDEX);

    expect(embed.title?.length).toBeLessThanOrEqual(DISCORD_LIMITS.embedTitle);
    expect(embed.description?.length).toBeLessThanOrEqual(DISCORD_LIMITS.embedDescription);
    expect(embed.description?.endsWith(SHORTENED_NOTE)).toBe(true);
    expect(embed.fields?.[0]?.value.length).toBeLessThanOrEqual(DISCORD_LIMITS.fieldValue);
    const total = [embed.title, embed.description, embed.footer?.text, ...(embed.fields ?? []).flatMap((field) => [field.name, field.value])].join("").length;
    expect(total).toBeLessThanOrEqual(DISCORD_LIMITS.embedTotal);
    expect(embed.footer?.text).toContain("language model");
    expect(embed.footer?.text).toContain("2 unsupported citation(s) removed");
  });

  it("escapes document text, so a quote renders as written", () => {
    const embed = answerEmbed(
      { question: "q", answered: true, answer: "It is *very* _odd_. [x_y.txt ¶1]", citations: [{ file: "x_y.txt", paragraph: 1, quote: "It is *very* _odd_.", score: 1 }], generator: "extractive", droppedCitations: 0 },
      INDEX,
    );
    expect(embed.description).toBe("It is \\*very\\* \\_odd\\_. \\[x\\_y.txt ¶1\\]");
    expect(embed.footer?.text).toBe("Index built 2025-01-02 03:04 UTC · 3 paragraphs in 1 files");
  });
});

describe("formatInstant", () => {
  it("spells out UTC and passes through what it cannot parse", () => {
    expect(formatInstant("2025-01-02T03:04:05.000Z")).toBe("2025-01-02 03:04 UTC");
    expect(formatInstant("soon")).toBe("soon");
  });
});

describe("RateLimiter", () => {
  it("allows `limit` questions per sliding window and says when the next one is allowed", () => {
    let now = 0;
    const limiter = new RateLimiter(2, 60_000, () => now);
    expect(limiter.take("u").allowed).toBe(true);
    now = 10_000;
    expect(limiter.take("u").allowed).toBe(true);
    now = 20_000;
    expect(limiter.take("u")).toEqual({ allowed: false, retryAfterMs: 40_000, toldAlready: false });
    now = 30_000;
    // Still refused, and the refusal has been said: a channel need not hear it again.
    expect(limiter.take("u")).toEqual({ allowed: false, retryAfterMs: 30_000, toldAlready: true });
    expect(limiter.take("someone else").allowed).toBe(true);
    now = 60_001;
    expect(limiter.take("u").allowed).toBe(true);
    expect(limiter.take("u")).toMatchObject({ allowed: false, toldAlready: false });
  });
});

describe("questionIn", () => {
  const dm = (content: string) => ({ content, inGuild: () => false }) as Parameters<typeof questionIn>[0];
  const guild = (content: string) => ({ content, inGuild: () => true }) as Parameters<typeof questionIn>[0];

  it("reads all of a DM and only guild messages that mention the bot, without the mention", () => {
    expect(questionIn(dm("what is it?"), "42")).toBe("what is it?");
    expect(questionIn(guild("what is it?"), "42")).toBeUndefined();
    expect(questionIn(guild("<@42> what is it?"), "42")).toBe("what is it?");
    expect(questionIn(guild("<@!42> what <@42> is it?"), "42")).toBe("what   is it?");
    expect(questionIn(guild("<@421> what is it?"), "42")).toBeUndefined();
  });
});

describe("loadCommands", () => {
  it("stops with a message naming a file whose default export is not a command", async () => {
    const directory = await mkdtemp(path.join(tmpdir(), "citebot-commands-"));
    try {
      await writeFile(path.join(directory, "broken.ts"), "export default { data: { name: 'Broken Name', description: 'x', toJSON: () => ({}) } };\n");
      const loading = loadCommands(directory);
      await expect(loading).rejects.toThrow(CommandLoadError);
      await expect(loading).rejects.toThrow(/broken\.ts.*data\.name must be 1-32 lowercase.*execute/);
    } finally {
      await rm(directory, { recursive: true, force: true });
    }
  });
});
