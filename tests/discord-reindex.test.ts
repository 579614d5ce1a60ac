import { writeFile } from "node:fs/promises";
import path from "node:path";
import { ApplicationCommandOptionType, MessageFlags, PermissionFlagsBits } from "discord.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_MEMBER_PERMISSIONS } from "./fake-discord/index.js";
import type { SlashCommandOption } from "./fake-discord/index.js";
import { GatedEmbedder } from "./helpers/gated-embedder.js";
import { sharedEncoder, startHarness, type Harness } from "./helpers/discord-harness.js";
import { callbackOf, editOf, embedOf, messageBody, newUser, rendered } from "./helpers/discord-replies.js";

const MOD_ROLE = "123456789012345678";
const MANAGER = DEFAULT_MEMBER_PERMISSIONS | PermissionFlagsBits.ManageGuild;
/** Only documents with this word wait at the gate: the new files the rebuilds must embed. */
const MARKER = "Quokkafest";

let harness: Harness;
let gated: GatedEmbedder;

beforeAll(async () => {
  gated = new GatedEmbedder(await sharedEncoder(), MARKER);
  harness = await startHarness({ env: { MOD_ROLE_IDS: MOD_ROLE }, deps: { embedder: gated } });
});

afterAll(async () => {
  await harness?.close();
});

function question(text: string): SlashCommandOption[] {
  return [{ name: "question", type: ApplicationCommandOptionType.String, value: text }];
}

describe("/reindex", () => {
  it("refuses, privately, a member without Manage Server or a moderator role", async () => {
    const { fake, bot } = harness;
    const sent = fake.sendSlashCommand({ name: "reindex", user: newUser("member") });

    const callback = await callbackOf(fake, sent);
    expect(callback.body).toMatchObject({ type: 4, data: { flags: MessageFlags.Ephemeral } });
    expect(messageBody(callback).content).toContain("Only moderators");
    expect(bot.citebot.isRebuilding).toBe(false);
  });

  it("refuses in a DM, where nobody is a moderator", async () => {
    const { fake } = harness;
    const sent = fake.sendSlashCommand({ name: "reindex", guildId: null, user: newUser("dm-mod") });

    expect(messageBody(await callbackOf(fake, sent)).content).toContain("in a server only");
  });

  it("rebuilds in the background: progress, questions answered meanwhile, a second request told who started it, then what changed", async () => {
    const { fake, bot, seedsDir } = harness;
    const gate = gated.hold();
    await writeFile(path.join(seedsDir, "zzz_quokka.txt"), `The ${MARKER} gathering began in 1987 on Rottnest Island.\nEvery April its volunteers count the quokkas living near the lighthouse.\n`);
    const starter = newUser("mod-a");

    const first = fake.sendSlashCommand({ name: "reindex", user: starter, memberPermissions: MANAGER });
    expect((await callbackOf(fake, first)).body).toEqual({ type: 5, data: { flags: 0 } });
    await gate.reached;
    const progress = await editOf(fake, first, (body) => body.content?.includes("Read 6 files") === true);
    expect(messageBody(progress).content).toMatch(/embedded \d+ of \d+ new passages and sentences/);

    const asked = fake.sendSlashCommand({ name: "ask", options: question("What party does Mustafa Kamal chair?"), user: newUser("reader") });
    const answer = embedOf(messageBody(await editOf(fake, asked)));
    expect(answer.fields?.[0]?.name).toBe("Sources");
    // The gate is still closed, so the rebuild cannot have finished: the old index answered.
    expect(bot.citebot.isRebuilding).toBe(true);

    const second = fake.sendSlashCommand({ name: "reindex", user: newUser("mod-b"), memberRoles: [MOD_ROLE] });
    const told = await callbackOf(fake, second);
    expect(told.body).toMatchObject({ type: 4, data: { flags: MessageFlags.Ephemeral, allowed_mentions: { parse: [] } } });
    expect(messageBody(told).content).toContain(`<@${starter.id}> started it <t:`);

    gate.open();
    const done = messageBody(await editOf(fake, first, (body) => body.content?.startsWith("Rebuilt") === true));
    expect(done.content).toMatch(/^Rebuilt the index in \d+\.\d s: 6 files/);
    expect(rendered(done.content)).toContain("1 added: zzz_quokka.txt");
    expect(bot.citebot.isRebuilding).toBe(false);

    const afterwards = fake.sendSlashCommand({ name: "ask", options: question(`When did the ${MARKER} gathering begin?`), user: newUser("reader2") });
    expect(rendered(embedOf(messageBody(await editOf(fake, afterwards))).description)).toContain("[zzz_quokka.txt ¶1]");
  });

  it("reports a failed rebuild with an error id and keeps the previous index serving", async () => {
    const { fake, bot, seedsDir } = harness;
    const serving = bot.citebot.status;
    const gate = gated.hold();
    await writeFile(path.join(seedsDir, "zzz_quokka_2.txt"), `The ${MARKER} gathering moved to May in 2020 because of the heat.\n`);

    const sent = fake.sendSlashCommand({ name: "reindex", user: newUser("mod-c"), memberPermissions: MANAGER });
    await gate.reached;
    gate.fail(new Error("the encoder ran out of memory"));

    const failed = messageBody(await editOf(fake, sent, (body) => body.content?.includes("failed") === true));
    expect(failed.content).toMatch(/^The rebuild failed after \d+\.\d s\. The previous index is still serving questions\. \(error id [0-9a-f]+\)$/);
    expect(bot.citebot.status).toEqual(serving);
    expect(bot.citebot.isRebuilding).toBe(false);
  });
});
