import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import type { Logger } from "../logger.js";

const FILE_NAME = "autoanswer-channels.json";
const fileSchema = z.record(z.string(), z.array(z.string()));

/**
 * The channels moderators opted in with /autoanswer, per guild, kept in a small JSON file
 * under DATA_DIR. Each change is written to a temporary file and renamed over the old one,
 * so a crash mid-write never leaves a half-written list.
 */
export class AutoAnswerChannels {
  private writing: Promise<void> = Promise.resolve();

  private constructor(
    private readonly file: string,
    private readonly byGuild: Map<string, Set<string>>,
  ) {}

  /** A file that cannot be parsed is set aside (renamed), not overwritten, and the bot starts with none. */
  static async open(dataDir: string, logger: Logger): Promise<AutoAnswerChannels> {
    const file = path.join(dataDir, FILE_NAME);
    let text: string;
    try {
      text = await readFile(file, "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return new AutoAnswerChannels(file, new Map());
      throw error;
    }
    let parsed: z.infer<typeof fileSchema>;
    try {
      parsed = fileSchema.parse(JSON.parse(text));
    } catch (error) {
      const aside = `${file}.unreadable-${Date.now()}`;
      await rename(file, aside);
      logger.error({ file, movedTo: aside, reason: error instanceof Error ? error.message : String(error) }, "the auto-answer channel list is unreadable; set it aside and starting with none");
      return new AutoAnswerChannels(file, new Map());
    }
    return new AutoAnswerChannels(file, new Map(Object.entries(parsed).map(([guildId, channels]) => [guildId, new Set(channels)])));
  }

  has(guildId: string, channelId: string): boolean {
    return this.byGuild.get(guildId)?.has(channelId) === true;
  }

  list(guildId: string): string[] {
    return [...(this.byGuild.get(guildId) ?? [])];
  }

  /** Returns false when the channel was already opted in. */
  async add(guildId: string, channelId: string): Promise<boolean> {
    const channels = this.byGuild.get(guildId) ?? new Set<string>();
    if (channels.has(channelId)) return false;
    channels.add(channelId);
    this.byGuild.set(guildId, channels);
    await this.save();
    return true;
  }

  /** Returns false when the channel was not opted in. */
  async remove(guildId: string, channelId: string): Promise<boolean> {
    if (this.byGuild.get(guildId)?.delete(channelId) !== true) return false;
    await this.save();
    return true;
  }

  /** Writes one after another, each the whole current list. */
  private save(): Promise<void> {
    const snapshot = JSON.stringify(Object.fromEntries([...this.byGuild].filter(([, channels]) => channels.size > 0).map(([guildId, channels]) => [guildId, [...channels]])), null, 2);
    // A failed write must not fail every later one: each waits for the last, whatever its outcome.
    this.writing = this.writing.catch(() => undefined).then(async () => {
      await mkdir(path.dirname(this.file), { recursive: true });
      const temporary = `${this.file}.${process.pid}.tmp`;
      await writeFile(temporary, `${snapshot}\n`);
      await rename(temporary, this.file);
    });
    return this.writing;
  }
}
