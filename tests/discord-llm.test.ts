import { ApplicationCommandOptionType } from "discord.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { citeBestSentence } from "./fake-llm/scripts.js";
import { TEST_API_KEY } from "./fake-llm/setup.js";
import { startFakeLlm, type FakeLlm } from "./fake-llm/server.js";
import { startHarness, type Harness } from "./helpers/discord-harness.js";
import { editOf, embedOf, messageBody, newUser } from "./helpers/discord-replies.js";

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
