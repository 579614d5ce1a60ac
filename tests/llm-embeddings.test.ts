import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Citebot } from "../src/citebot.js";
import { parsePipelineConfig } from "../src/config.js";
import { configuredProviders } from "../src/providers.js";
import { memoryLog, seedWorkspace, TEST_API_KEY, type Workspace } from "./fake-llm/setup.js";
import { FAKE_EMBEDDING_DIMENSIONS, startFakeLlm, type FakeLlm } from "./fake-llm/server.js";

let workspace: Workspace;
let server: FakeLlm;

beforeAll(async () => {
  workspace = await seedWorkspace();
  server = await startFakeLlm();
});

afterAll(async () => {
  await server?.close();
  await workspace?.remove();
});

async function openWithEmbeddings(model: string): Promise<{ citebot: Citebot; log: ReturnType<typeof memoryLog> }> {
  const config = parsePipelineConfig({ EMBEDDINGS_PROVIDER: "openai", EMBEDDINGS_MODEL: model, OPENAI_API_KEY: TEST_API_KEY, OPENAI_BASE_URL: server.baseUrl });
  const log = memoryLog();
  const citebot = await Citebot.open({ seedsDir: workspace.seedsDir, indexDir: workspace.indexDir, logger: log.logger, ...(await configuredProviders(config)) });
  return { citebot, log };
}

describe("embeddings from an OpenAI-compatible server", () => {
  it("names the model in the index, reads the dimension off a probe, and rebuilds only when the model changes", async () => {
    const first = await openWithEmbeddings("fake-embed-a");
    expect(first.citebot.embedder).toMatchObject({ modelId: "openai:fake-embed-a", dimensions: FAKE_EMBEDDING_DIMENSIONS });
    expect(first.citebot.status.model).toBe("openai:fake-embed-a");
    const { paragraphs } = await first.citebot.collectEvidence("Which programme interviewed Mustafa Kamal?");
    expect(paragraphs.map((paragraph) => `${paragraph.file} ¶${paragraph.paragraph}`)).toContain("000_c334f3cd84f70381.txt ¶2");

    const again = await openWithEmbeddings("fake-embed-a");
    expect(again.log.entries().some((entry) => entry.msg === "loaded saved index")).toBe(true);

    const switched = await openWithEmbeddings("fake-embed-b");
    expect(switched.citebot.status.model).toBe("openai:fake-embed-b");
    expect(switched.log.entries().some((entry) => String(entry.reason).includes("openai:fake-embed-a"))).toBe(true);
  });
});
