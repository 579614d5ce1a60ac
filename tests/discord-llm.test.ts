import { ApplicationCommandOptionType } from "discord.js";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { REWRITE_SYSTEM_PROMPT } from "../src/answer/llm/rewrite.js";
import { citeBestSentence } from "./fake-llm/scripts.js";
import { TEST_API_KEY } from "./fake-llm/setup.js";
import { roleText, startFakeLlm, type FakeLlm } from "./fake-llm/server.js";
import { startHarness, type Harness } from "./helpers/discord-harness.js";
import { editOf, embedOf, messageBody, newUser, rendered, replyTo } from "./helpers/discord-replies.js";

const QUESTION = "Which programme interviewed Mustafa Kamal?";

let llm: FakeLlm;
let harness: Harness;

beforeAll(async () => {
  llm = await startFakeLlm(citeBestSentence);
  harness = await startHarness({
    env: { LLM_PROVIDER: "openai", LLM_MODEL: "fake-model", OPENAI_API_KEY: TEST_API_KEY, OPENAI_BASE_URL: llm.baseUrl, LLM_TIMEOUT_MS: "1500" },
  });
});

afterAll(async () => {
  await harness?.close();
  await llm?.close();
});

function ask(text: string): ReturnType<Harness["fake"]["sendSlashCommand"]> {
  return harness.fake.sendSlashCommand({ name: "ask", options: [{ name: "question", type: ApplicationCommandOptionType.String, value: text }], user: newUser("llm-asker") });
}

describe("/ask with a language model configured", () => {
  it("says a generated answer was written by a model, with its checked citations", async () => {
    const embed = embedOf(messageBody(await editOf(harness.fake, ask(QUESTION), (body) => body.embeds?.[0]?.footer?.text.startsWith("Writing") === false)));

    expect(embed.footer?.text).toContain("Written by a language model");
    expect(embed.fields?.[0]?.name).toBe("Sources");
  });

  it("shows how far the reply has got, never its text, then replaces it with a checked answer", async () => {
    llm.script(() => ({ kind: "hang", partial: "Mustafa Kamal spoke to" }));
    const sent = ask(`${QUESTION} (stalling)`);

    const draft = embedOf(messageBody(await editOf(harness.fake, sent, (body) => body.embeds?.[0]?.footer?.text.startsWith("Writing") === true)));
    // Progress only: the model's words stay private until they are verified.
    expect(draft.description).toMatch(/^Writing the answer… \(\d+ characters so far\)/);
    expect(JSON.stringify(draft)).not.toContain("Mustafa Kamal spoke");
    // The model never finishes, so the extractive answer stands in once the deadline passes.
    const final = embedOf(messageBody(await editOf(harness.fake, sent, (body) => body.embeds?.[0]?.footer?.text.startsWith("Index built") === true)));
    expect(final.fields?.[0]?.name).toBe("Sources");
    expect(JSON.stringify(harness.logs)).not.toContain(TEST_API_KEY);
  });
});

describe("a follow-up with a language model configured", () => {
  it("is reworded by the model into a question that stands alone, answered and cited as that question, and says so", async () => {
    const { fake } = harness;
    const user = newUser("llm-follower");
    const reworded = "When was the Pak Sarzameen Party founded?";
    llm.script((request) => (roleText(request, "system") === REWRITE_SYSTEM_PROMPT ? { kind: "text", text: reworded } : citeBestSentence(request)));
    const first = fake.sendMessage({ content: "Who founded the Pak Sarzameen Party?", author: user, mentionsBot: true });
    await replyTo(fake, first);
    // The answer's id is known to the bot once Discord has returned it: wait until the message is done, as a reader would.
    await vi.waitFor(() => expect(harness.logs.some((log) => log["messageId"] === first.id && log["msg"] === "message done")).toBe(true), { timeout: 10_000 });
    const answer = fake.channelMessages().find((message) => message.message_reference?.message_id === first.id && message.author.id === fake.botUser.id);
    llm.requests.length = 0;

    const followUp = fake.sendMessage({ content: "When was that?", author: user, replyTo: answer?.id ?? "" });
    const embed = embedOf(messageBody(await replyTo(fake, followUp)));
    expect(llm.requests.map((request) => roleText(request, "system") === REWRITE_SYSTEM_PROMPT)).toEqual([true, false]);
    expect(roleText(llm.requests[1] ?? { model: "", messages: [] }, "user")).toContain(`<question>\n${reworded}\n</question>`);
    const note = rendered(embed.fields?.find((field) => field.name === "Read as a follow-up to")?.value);
    expect(note).toContain("Who founded the Pak Sarzameen Party?");
    expect(note).toContain(`Answered as: “${reworded}”`);
    expect(rendered(embed.fields?.find((field) => field.name === "Sources")?.value).replaceAll("\\_", "_")).toContain("000_c334f3cd84f70381.txt ¶5");
  });
});
