import { describe, expect, it } from "vitest";
import { citationUrl, describePlace, fencedCode } from "../src/answer/citation-text.js";
import type { Citation } from "../src/answer/types.js";
import type { IndexStatus, ReindexSummary } from "../src/citebot.js";
import { answerEmbed, sourcesEmbed, type AnswerView } from "../src/discord/format.js";
import { summaryText } from "../src/discord/reindex-text.js";
import { DISCORD_LIMITS } from "../src/discord/text-limits.js";

const SKIPPED = [
  { name: "locked.pdf", reason: "encrypted PDF (needs a password)" },
  { name: "photo.png", reason: "unsupported type (.png)" },
];
const INDEX: IndexStatus = { files: [{ name: "guides/faq.md", paragraphs: 3 }], skipped: SKIPPED, paragraphs: 3, chunks: 3, builtAt: "2025-01-02T03:04:05.000Z", model: "m" };
const CODE: Citation = {
  file: "guides/faq.md",
  paragraph: 3,
  section: "FAQ › How do I ban a user?",
  line: 16,
  quote: "const user = interaction.options.getUser('target');\nguild.members.ban(user);",
  score: 0.8,
  code: { language: "js" },
  url: "https://git.example/docs/blob/main/guides/faq.md#L16",
};

function view(citations: Citation[]): AnswerView {
  return { question: "How do I ban a user?", answered: true, answer: "(the extractive text)", citations, generator: "extractive", droppedCitations: 0 };
}

describe("where a citation points", () => {
  it("describes section, page and line in that order, leaving out what is unknown", () => {
    expect(describePlace({ section: "FAQ › Bans", line: 52 })).toBe("FAQ › Bans · line 52");
    expect(describePlace({ page: 2 })).toBe("page 2");
    expect(describePlace({})).toBe("");
  });

  it("fills a URL template, dropping a fragment whose value the citation lacks and encoding the path", () => {
    const template = "https://git.example/docs/blob/main/{file}#L{line}";
    expect(citationUrl(template, { file: "guides/faq.md", paragraph: 3, line: 16 })).toBe("https://git.example/docs/blob/main/guides/faq.md#L16");
    expect(citationUrl(template, { file: "manual (v2).pdf", paragraph: 3, page: 2 })).toBe("https://git.example/docs/blob/main/manual%20%28v2%29.pdf");
    expect(citationUrl("https://docs.example/{file}#page={page}", { file: "manual.pdf", paragraph: 3, page: 2 })).toBe("https://docs.example/manual.pdf#page=2");
    expect(citationUrl("https://docs.example/{page}/{file}", { file: "notes.txt", paragraph: 1, line: 1 })).toBeUndefined();
  });

  it("fences code so that a fence inside it cannot close the block", () => {
    expect(fencedCode("echo ```", "sh")).toBe("```sh\necho \u02cb\u02cb\u02cb\n```");
  });
});

describe("citations in Discord", () => {
  it("shows a code answer fenced with its language and the source with its section and link", () => {
    const embed = answerEmbed(view([CODE]), INDEX);
    expect(embed.description).toBe("```js\nconst user = interaction.options.getUser('target');\nguild.members.ban(user);\n```\n[guides/faq.md ¶3]");
    expect(embed.fields?.[0]?.value).toContain("[guides/faq.md ¶3](https://git.example/docs/blob/main/guides/faq.md#L16) · FAQ › How do I ban a user? · line 16");
  });

  it("cuts code too long for the embed at a line boundary and says the answer was shortened", () => {
    const long = Array.from({ length: 400 }, (_, i) => `console.log("line ${i} of a long example");`).join("\n");
    const embed = answerEmbed(view([{ ...CODE, quote: long }]), INDEX);
    const description = embed.description ?? "";
    expect(description.length).toBeLessThanOrEqual(DISCORD_LIMITS.embedDescription);
    expect(description).toMatch(/^```js\nconsole\.log\("line 0 of a long example"\);\n/);
    expect(description).toMatch(/of a long example"\);\n…\n```\n\[guides\/faq\.md ¶3\]\n\n\*\(answer shortened/);
  });

  it("lists the files not indexed in /sources and after a reindex", () => {
    const sources = sourcesEmbed(INDEX, false);
    expect(sources.fields).toEqual([{ name: "Not indexed (2)", value: "locked.pdf — encrypted PDF \\(needs a password\\)\nphoto.png — unsupported type \\(.png\\)" }]);
    const summary: ReindexSummary = { added: [], removed: [], changed: [], files: 1, paragraphs: 3, chunks: 3, chunksEmbedded: 0, chunksReused: 3, sentences: 3, sentencesEmbedded: 0, sentencesReused: 3, skipped: SKIPPED, ms: 1000, buildId: "b" };
    expect(summaryText(summary, [])).toContain("Not indexed (2):\nlocked.pdf — encrypted PDF \\(needs a password\\)");
  });
});
