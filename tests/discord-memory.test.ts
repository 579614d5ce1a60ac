import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import Database from "better-sqlite3";
import { ApplicationCommandOptionType, MessageFlags, PermissionFlagsBits } from "discord.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DATABASE_FILE } from "../src/memory/database.js";
import { paragraphFingerprint } from "../src/memory/fingerprint.js";
import { DEFAULT_MEMBER_PERMISSIONS, type FakeDiscord, type SentInteraction } from "./fake-discord/index.js";
import { startHarness, type Harness } from "./helpers/discord-harness.js";
import { callbackOf, editOf, embedOf, messageBody, newUser, rendered, replyTo, REPLY_TIMEOUT_MS } from "./helpers/discord-replies.js";

const MANAGER = DEFAULT_MEMBER_PERMISSIONS | PermissionFlagsBits.ManageGuild;
const MAYOR = "When was Mustafa Kamal the Mayor of Karachi?";
const BAHADURABAD = "Who leads the Bahadurabad group?";

let harness: Harness;
/** A second connection, read-only, to the file the bot writes: what is on disk, not in the bot's memory. */
let db: Database.Database;

beforeAll(async () => {
  harness = await startHarness();
  db = new Database(path.join(harness.dataDir, DATABASE_FILE), { readonly: true });
});

afterAll(async () => {
  db?.close();
  await harness?.close();
});

interface AnswerRow {
  id: number;
  question: string;
  refused: number;
  message_id: string;
  channel_id: string;
  ephemeral: number;
  note: string | null;
}

interface CitationRow {
  file: string;
  paragraph: number;
  paragraph_sha256: string;
}

/** The bot records an answer right after Discord accepted it, so the test waits for the row. */
async function recorded(requestId: string): Promise<AnswerRow> {
  const deadline = Date.now() + REPLY_TIMEOUT_MS;
  for (;;) {
    const row = db.prepare("SELECT id, question, refused, message_id, channel_id, ephemeral, note FROM answers WHERE request_id = ?").get(requestId) as AnswerRow | undefined;
    if (row !== undefined) return row;
    if (Date.now() > deadline) throw new Error(`no answer recorded for request ${requestId}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

function citationsOf(answerId: number): CitationRow[] {
  return db.prepare("SELECT file, paragraph, paragraph_sha256 FROM citations WHERE answer_id = ? ORDER BY rank").all(answerId) as CitationRow[];
}

async function ask(fake: FakeDiscord, question: string, options: { private?: boolean } = {}): Promise<{ sent: SentInteraction; row: AnswerRow }> {
  const sent = fake.sendSlashCommand({
    name: "ask",
    options: [
      { name: "question", type: ApplicationCommandOptionType.String, value: question },
      ...(options.private === true ? [{ name: "private", type: ApplicationCommandOptionType.Boolean, value: true }] : []),
    ],
    user: newUser("asker"),
  });
  await editOf(fake, sent);
  return { sent, row: await recorded(sent.id) };
}

async function waitForLog(message: string, after: number): Promise<void> {
  const deadline = Date.now() + REPLY_TIMEOUT_MS;
  while (harness.logs.slice(after).every((line) => line["msg"] !== message)) {
    if (Date.now() > deadline) throw new Error(`no "${message}" in the log`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe("the answer memory", () => {
  it("records every answer sent, from /ask and from a mention, with its citations fingerprinted, and puts 👍/👎 on it", async () => {
    const { fake, bot } = harness;
    const answered = await ask(fake, MAYOR);
    const refused = await ask(fake, "What is the capital of France?");
    const mention = fake.sendMessage({ content: BAHADURABAD, mentionsBot: true, author: newUser("mentioner") });
    const reply = await replyTo(fake, mention);

    const expected = await bot.citebot.ask(MAYOR);
    expect(answered.row).toMatchObject({ question: MAYOR, refused: 0, ephemeral: 0 });
    expect(citationsOf(answered.row.id)).toEqual(
      expected.citations.map((citation) => ({
        file: citation.file,
        paragraph: citation.paragraph,
        paragraph_sha256: paragraphFingerprint(bot.citebot.paragraphText(citation.file, citation.paragraph) ?? ""),
      })),
    );
    expect(refused.row).toMatchObject({ refused: 1 });
    expect(citationsOf(refused.row.id)).toEqual([]);
    expect((await recorded(mention.id)).question).toBe(BAHADURABAD);

    for (const body of [messageBody(await editOf(fake, answered.sent)), messageBody(reply)] as Array<{ components?: unknown }>) {
      expect(JSON.stringify(body.components)).toMatch(/"custom_id":"vote:up".*"custom_id":"vote:down"/);
    }
    expect(fake.responseMessage(answered.sent)?.id).toBe(answered.row.message_id);
  });

  it("records an answer given in a thread where it was posted, and takes votes there", async () => {
    const { fake } = harness;
    const sent = fake.sendSlashCommand({
      name: "ask",
      options: [
        { name: "question", type: ApplicationCommandOptionType.String, value: BAHADURABAD },
        { name: "thread", type: ApplicationCommandOptionType.Boolean, value: true },
      ],
      user: newUser("threader"),
    });
    const row = await recorded(sent.id);
    expect(row.channel_id).not.toBe(sent.channelId);
    expect(fake.channelMessages().find((message) => message.id === row.message_id)?.channel_id).toBe(row.channel_id);

    const click = fake.clickButton({ messageId: row.message_id, customId: "vote:up", user: newUser("thread-voter") });
    expect(messageBody(await callbackOf(fake, click)).content).toContain("Thanks");
    expect(db.prepare("SELECT vote FROM votes WHERE answer_id = ?").all(row.id)).toEqual([{ vote: 1 }]);
  });

  it("counts a 👍 privately within Discord's 3 s, lets the voter change it to 👎 with a reason, and never edits the answer", async () => {
    const { fake } = harness;
    const { sent, row } = await ask(fake, BAHADURABAD);
    const voter = newUser("voter");
    const answerBefore = fake.responseMessage(sent);
    const editsBefore = fake.requests.filter((request) => request.method === "PATCH").length;

    const up = fake.clickButton({ messageId: row.message_id, customId: "vote:up", user: voter });
    const upReply = await callbackOf(fake, up);
    expect(upReply.status).toBe(204);
    expect(upReply.receivedAt - up.sentAt).toBeLessThan(3000);
    expect(upReply.body).toMatchObject({ type: 4, data: { flags: MessageFlags.Ephemeral, allowed_mentions: { parse: [] } } });
    expect(messageBody(upReply).content).toContain("Thanks");
    expect(db.prepare("SELECT user_id, vote FROM votes WHERE answer_id = ?").all(row.id)).toEqual([{ user_id: voter.id, vote: 1 }]);

    const down = fake.clickButton({ messageId: row.message_id, customId: "vote:down", user: voter });
    expect(messageBody(await callbackOf(fake, down)).content).toContain("your vote is now 👎");
    const thanks = fake.responseMessage(down);
    const addReason = fake.clickButton({ messageId: thanks?.id ?? "", customId: `vote:why:${row.id}`, user: voter });
    expect((await callbackOf(fake, addReason)).body).toMatchObject({ type: 9, data: { custom_id: `vote:reason:${row.id}` } });
    const reason = fake.submitModal({ shownBy: addReason, values: { reason: "It names the wrong leader." } });
    expect(messageBody(await callbackOf(fake, reason)).content).toContain("moderators will see");

    expect(db.prepare("SELECT user_id, vote, reason FROM votes WHERE answer_id = ?").all(row.id)).toEqual([{ user_id: voter.id, vote: -1, reason: "It names the wrong leader." }]);
    expect(fake.requests.filter((request) => request.method === "PATCH").length).toBe(editsBefore);
    expect(fake.responseMessage(sent)).toEqual(answerBefore);
  });

  it("answers a vote on an answer it has no record of, and counts nothing", async () => {
    const { fake, bot } = harness;
    const { row } = await ask(fake, MAYOR);
    // As if pruned by the retention period.
    bot.memory.db.prepare("DELETE FROM answers WHERE id = ?").run(row.id);

    const click = fake.clickButton({ messageId: row.message_id, customId: "vote:up", user: newUser("late-voter") });
    const reply = await callbackOf(fake, click);
    expect(reply.body).toMatchObject({ type: 4, data: { flags: MessageFlags.Ephemeral } });
    expect(messageBody(reply).content).toContain("no record of that answer");
    expect(db.prepare("SELECT count(*) AS n FROM votes WHERE answer_id = ?").get(row.id)).toEqual({ n: 0 });
  });
});

describe("/gaps", () => {
  it("shows a moderator, privately, a refused question asked three times as one row with count 3 and a link to the latest", async () => {
    const { fake } = harness;
    await ask(fake, "What is the capital of Peru?");
    await ask(fake, "what is the capital of peru");
    const latest = await ask(fake, "What's the capital of Peru??");

    const sent = fake.sendSlashCommand({ name: "gaps", user: newUser("mod"), memberPermissions: MANAGER });
    const callback = await callbackOf(fake, sent);
    expect(callback.body).toMatchObject({ type: 4, data: { flags: MessageFlags.Ephemeral, allowed_mentions: { parse: [] } } });
    const embed = embedOf(messageBody(callback));
    const row = rendered(embed.description)
      .split("\n")
      .find((line) => line.includes("capital of Peru"));
    expect(row).toContain("**3×** What's the capital of Peru??");
    expect(row).toContain(`(https://discord.com/channels/${fake.guildIds[0]}/${latest.row.channel_id}/${latest.row.message_id})`);
    expect(embed.footer?.text).toContain("last 7 days");
  });

  it("is refused to a member who is not a moderator", async () => {
    const { fake } = harness;
    const sent = fake.sendSlashCommand({ name: "gaps", user: newUser("member") });

    const callback = await callbackOf(fake, sent);
    expect(callback.body).toMatchObject({ type: 4, data: { flags: MessageFlags.Ephemeral } });
    expect(messageBody(callback).content).toContain("Only moderators");
  });

  it("pages a long list with buttons that only a moderator can use", async () => {
    const { fake, bot } = harness;
    const guildId = fake.guildIds[0] ?? "";
    // Long questions full of Markdown: escaped, each page must still fit one embed (the fake refuses more).
    const noise = " *bold* _it_ `code` ~~x~~ ||s|| [link](https://example.com) # > - ".repeat(8);
    for (let i = 0; i < 12; i += 1) {
      const question = `Which planet has moon number ${["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve"][i]}?${noise}`;
      bot.memory.recordAnswer(
        { question, answer: "The documents don't cover that.", answered: false, generator: "extractive", ms: 1, buildId: "b", citations: [], citedParagraphs: [] },
        { requestId: `paging-${i}`, guildId, channelId: "1", messageId: `paging-${i}`, userId: "1", ephemeral: false },
      );
    }
    const mod = newUser("paging-mod");
    const first = fake.sendSlashCommand({ name: "gaps", options: [{ name: "period", type: ApplicationCommandOptionType.String, value: "all" }], user: mod, memberPermissions: MANAGER });
    const firstReply = await callbackOf(fake, first);
    expect(firstReply.status).toBe(204);
    const page1 = embedOf(messageBody(firstReply));
    expect(page1.description).not.toContain("](https://example.com)");
    expect(page1.footer?.text).toMatch(/^Page 1 of [2-9]/);
    const message = fake.responseMessage(first);

    const refusedClick = fake.clickButton({ messageId: message?.id ?? "", customId: "gaps:all:1", user: newUser("member") });
    expect(messageBody(await callbackOf(fake, refusedClick)).content).toContain("Only moderators");

    const next = fake.clickButton({ messageId: message?.id ?? "", customId: "gaps:all:1", user: mod, memberPermissions: MANAGER });
    const update = await callbackOf(fake, next);
    expect(update.body).toMatchObject({ type: 7 });
    expect(embedOf(messageBody(update)).footer?.text).toMatch(/^Page 2 of /);
    expect(embedOf(messageBody(update)).description).not.toBe(page1.description);
  });
});

describe("after /reindex", () => {
  it("notes exactly the answers citing an edited paragraph, once, and a deleted message does not fail the rebuild", async () => {
    const { fake, seedsDir } = harness;
    const citing = await ask(fake, MAYOR);
    const citingAgain = await ask(fake, MAYOR);
    const citingPrivately = await ask(fake, MAYOR, { private: true });
    const other = await ask(fake, BAHADURABAD);
    const otherCited = new Set(citationsOf(other.row.id).map((citation) => `${citation.file}:${citation.paragraph}`));
    const target = citationsOf(citing.row.id).find((citation) => !otherCited.has(`${citation.file}:${citation.paragraph}`));
    if (target === undefined) throw new Error("the two answers cite the same paragraphs; pick other questions");

    // A moderator deletes one of the answers before the rebuild.
    const deleted = await fetch(`${fake.apiBase}/v10/channels/${citingAgain.row.channel_id}/messages/${citingAgain.row.message_id}`, { method: "DELETE", headers: { authorization: "Bot any" } });
    expect(deleted.status).toBe(204);
    await editParagraph(seedsDir, target.file, target.paragraph);
    const citingTarget = (db.prepare("SELECT DISTINCT answer_id AS id FROM citations WHERE file = ? AND paragraph = ?").all(target.file, target.paragraph) as Array<{ id: number }>).map((row) => row.id);
    expect(citingTarget).toEqual(expect.arrayContaining([citing.row.id, citingAgain.row.id, citingPrivately.row.id]));
    expect(citingTarget).not.toContain(other.row.id);

    const logsBefore = harness.logs.length;
    const reindex = fake.sendSlashCommand({ name: "reindex", user: newUser("mod"), memberPermissions: MANAGER });
    const done = messageBody(await editOf(fake, reindex, (body) => body.content?.startsWith("Rebuilt") === true));
    expect(done.content).toContain(`Flagged ${citingTarget.length} earlier answers`);
    expect(done.content).toContain("1 of them private");
    await waitForLog("noted stale answers", logsBefore);

    const notes = fake.requests.filter((request) => request.method === "PATCH" && request.path.startsWith("/channels/"));
    const noted = db.prepare("SELECT id, note FROM answers WHERE note IS NOT NULL").all() as Array<{ id: number; note: string }>;
    expect(Object.fromEntries(noted.map((row) => [row.id, row.note]))).toEqual(
      Object.fromEntries(citingTarget.map((id) => [id, id === citingAgain.row.id ? "deleted" : id === citingPrivately.row.id ? "private" : "noted"])),
    );
    const [citingNote, ...more] = notes.filter((request) => request.path === `/channels/${citing.row.channel_id}/messages/${citing.row.message_id}`);
    expect(more).toEqual([]);
    expect(citingNote?.status).toBe(200);
    expect(fake.responseMessage(citing.sent)?.content).toMatch(/^⚠ A source of this answer changed on \d{4}-\d{2}-\d{2}; ask again for an up-to-date answer\.$/);
    expect(citingNote?.body).toMatchObject({ allowed_mentions: { parse: [] } });
    expect(notes.some((request) => request.path.endsWith(`/messages/${other.row.message_id}`))).toBe(false);
    expect(fake.responseMessage(citing.sent)?.embeds).toHaveLength(1);

    const again = fake.sendSlashCommand({ name: "reindex", user: newUser("mod"), memberPermissions: MANAGER });
    expect(messageBody(await editOf(fake, again, (body) => body.content?.startsWith("Rebuilt") === true)).content).toContain("No earlier answer cites a paragraph that changed");
    expect(fake.requests.filter((request) => request.method === "PATCH" && request.path.startsWith("/channels/"))).toHaveLength(notes.length);
  });
});

/** Rewrites one paragraph (a non-empty line of a .txt) and leaves every other line, and so every other number, as it was. */
async function editParagraph(seedsDir: string, file: string, paragraph: number): Promise<void> {
  const filePath = path.join(seedsDir, file);
  const lines = (await readFile(filePath, "utf8")).split("\n");
  let seen = 0;
  const index = lines.findIndex((line) => line.trim() !== "" && ++seen === paragraph);
  lines[index] = `${lines[index]} This sentence was added by an editor.`;
  await writeFile(filePath, lines.join("\n"));
}

describe("a database that fails", () => {
  it("costs the user nothing: the answer is sent and the failure logged with the interaction id", async () => {
    const { fake, bot } = harness;
    bot.memory.db.exec("ALTER TABLE answers RENAME TO answers_elsewhere");
    try {
      const sent = fake.sendSlashCommand({ name: "ask", options: [{ name: "question", type: ApplicationCommandOptionType.String, value: MAYOR }], user: newUser("unlucky") });
      const embed = embedOf(messageBody(await editOf(fake, sent)));
      expect(embed.fields?.[0]?.name).toBe("Sources");
      await waitForLog("could not record the answer", 0);
      expect(harness.logs.find((line) => line["msg"] === "could not record the answer")).toMatchObject({ interactionId: sent.id, level: 50 });
    } finally {
      bot.memory.db.exec("ALTER TABLE answers_elsewhere RENAME TO answers");
    }
  });
});
