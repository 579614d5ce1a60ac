import { readFile, rename } from "node:fs/promises";
import path from "node:path";
import type { Database, Statement } from "better-sqlite3";
import { z } from "zod";
import type { Logger } from "../logger.js";

/** Where earlier versions kept the list; read once into the database, then renamed. */
const LEGACY_FILE = "autoanswer-channels.json";
const legacySchema = z.record(z.string(), z.array(z.string()));

/**
 * The channels moderators opted in with /autoanswer, per guild, in the answer database. Every
 * message in a server asks whether its channel is one, so the list is also held in memory;
 * each change is written through at once.
 */
export class AutoAnswerChannels {
  private readonly insertRow: Statement<[string, string, number]>;
  private readonly deleteRow: Statement<[string, string]>;

  private constructor(
    db: Database,
    private readonly byGuild: Map<string, Set<string>>,
  ) {
    this.insertRow = db.prepare("INSERT OR IGNORE INTO auto_answer_channels (guild_id, channel_id, added_at) VALUES (?, ?, ?)");
    this.deleteRow = db.prepare("DELETE FROM auto_answer_channels WHERE guild_id = ? AND channel_id = ?");
  }

  /** The list in the database, with a list an earlier version left in DATA_DIR added to it (an unreadable one is set aside and logged). */
  static async open(db: Database, dataDir: string, logger: Logger): Promise<AutoAnswerChannels> {
    const legacy = await readLegacyFile(path.join(dataDir, LEGACY_FILE), logger);
    const rows = db.prepare<[], { guildId: string; channelId: string }>("SELECT guild_id AS guildId, channel_id AS channelId FROM auto_answer_channels").all();
    const channels = new AutoAnswerChannels(db, new Map());
    for (const { guildId, channelId } of rows) channels.remember(guildId, channelId);
    if (legacy) {
      db.transaction(() => {
        for (const [guildId, ids] of Object.entries(legacy.channels)) for (const channelId of ids) channels.add(guildId, channelId);
      })();
      await rename(legacy.file, `${legacy.file}.imported`);
      logger.info({ file: legacy.file }, "moved the auto-answer channel list into the database");
    }
    return channels;
  }

  has(guildId: string, channelId: string): boolean {
    return this.byGuild.get(guildId)?.has(channelId) === true;
  }

  list(guildId: string): string[] {
    return [...(this.byGuild.get(guildId) ?? [])];
  }

  /** Returns false when the channel was already opted in. */
  add(guildId: string, channelId: string): boolean {
    if (this.has(guildId, channelId)) return false;
    this.insertRow.run(guildId, channelId, Date.now());
    this.remember(guildId, channelId);
    return true;
  }

  /** Returns false when the channel was not opted in. */
  remove(guildId: string, channelId: string): boolean {
    if (!this.has(guildId, channelId)) return false;
    this.deleteRow.run(guildId, channelId);
    this.byGuild.get(guildId)?.delete(channelId);
    return true;
  }

  private remember(guildId: string, channelId: string): void {
    const channels = this.byGuild.get(guildId) ?? new Set<string>();
    channels.add(channelId);
    this.byGuild.set(guildId, channels);
  }
}

async function readLegacyFile(file: string, logger: Logger): Promise<{ file: string; channels: z.infer<typeof legacySchema> } | undefined> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
  try {
    return { file, channels: legacySchema.parse(JSON.parse(text)) };
  } catch (error) {
    const aside = `${file}.unreadable-${Date.now()}`;
    await rename(file, aside);
    logger.error({ file, movedTo: aside, reason: error instanceof Error ? error.message : String(error) }, "the old auto-answer channel list is unreadable; set it aside");
    return undefined;
  }
}
