import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { InteractionContextType, PermissionFlagsBits } from "discord.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_QUESTION_CHARS } from "../src/question.js";
import { FakeDiscord } from "./fake-discord/index.js";
import { TEST_TOKEN } from "./helpers/discord-harness.js";
import { runEntry } from "./helpers/run-entry.js";

let fake: FakeDiscord;
let cwd: string;

beforeAll(async () => {
  fake = await FakeDiscord.start();
  cwd = await mkdtemp(path.join(tmpdir(), "citebot-deploy-"));
});

afterAll(async () => {
  await fake?.close();
  await rm(cwd, { recursive: true, force: true });
});

function deploy(guildId: string): ReturnType<typeof runEntry>["exited"] {
  return runEntry(
    "src/cli/deploy-commands.ts",
    { DISCORD_TOKEN: TEST_TOKEN, DISCORD_CLIENT_ID: fake.applicationId, DISCORD_API_BASE: fake.apiBase, DISCORD_GUILD_ID: guildId },
    cwd,
  ).exited;
}

describe("npm run deploy-commands", () => {
  it("registers every command to DISCORD_GUILD_ID, the moderators' ones for Manage Server in guilds only", async () => {
    const guildId = fake.guildIds[0] ?? "";
    const result = await deploy(guildId);

    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Registered 6 commands to guild ${guildId}`);
    const [registration] = fake.commandRegistrations();
    expect(registration).toMatchObject({ path: `/applications/${fake.applicationId}/guilds/${guildId}/commands`, status: 200 });
    const commands = registration?.body as Array<Record<string, unknown>>;
    expect(commands.map((command) => command["name"]).sort()).toEqual(["ask", "autoanswer", "gaps", "help", "reindex", "sources"]);
    for (const moderatorOnly of ["reindex", "gaps", "autoanswer"]) {
      expect(commands.find((command) => command["name"] === moderatorOnly)).toMatchObject({
        default_member_permissions: PermissionFlagsBits.ManageGuild.toString(),
        contexts: [InteractionContextType.Guild],
      });
    }
    expect(commands.find((command) => command["name"] === "ask")).toMatchObject({
      options: [
        { name: "question", type: 3, required: true, max_length: MAX_QUESTION_CHARS },
        { name: "private", type: 5, required: false },
        { name: "thread", type: 5, required: false },
      ],
    });
    // Like /reindex, opting channels in is for moderators, in guilds only.
    expect(commands.find((command) => command["name"] === "autoanswer")).toMatchObject({
      default_member_permissions: PermissionFlagsBits.ManageGuild.toString(),
      contexts: [InteractionContextType.Guild],
    });
  });

  it("registers globally when DISCORD_GUILD_ID is empty", async () => {
    const result = await deploy("");

    expect(result.code).toBe(0);
    expect(result.stdout).toContain("Registered 6 commands globally");
    expect(fake.commandRegistrations().at(-1)).toMatchObject({ path: `/applications/${fake.applicationId}/commands`, status: 200 });
  });
});
