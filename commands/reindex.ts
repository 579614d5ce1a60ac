import { performance } from "node:perf_hooks";
import { InteractionContextType, PermissionFlagsBits, SlashCommandBuilder } from "discord.js";
import type { ReindexSummary } from "../src/citebot.js";
import type { BuildProgress } from "../src/index/build.js";
import { CitebotError, isCitebotError } from "../src/errors.js";
import type { Command } from "../src/discord/command.js";
import { NO_MENTIONS } from "../src/discord/mentions.js";
import { requireModerator } from "../src/discord/permissions.js";
import { progressText, seconds, summaryText } from "../src/discord/reindex-text.js";
import { noteStaleAnswers, staleAfterRebuild } from "../src/discord/stale-notes.js";
import { ThrottledEdit } from "../src/discord/throttled-edit.js";

/** Discord allows about five edits of a message every few seconds; progress needs far fewer. */
const PROGRESS_EDIT_MS = 1500;

export default {
  data: new SlashCommandBuilder()
    .setName("reindex")
    .setDescription("Moderators: rebuild the index from the documents folder, without a restart.")
    .setContexts(InteractionContextType.Guild)
    .setDefaultMemberPermissions(PermissionFlagsBits.ManageGuild),

  async execute(interaction, { config, logger, reindexCoordinator, citebot, memory, acknowledged }) {
    requireModerator(interaction, config.MOD_ROLE_IDS, "rebuild the index");
    const claim = reindexCoordinator.claim(interaction.user.id);
    try {
      await interaction.deferReply();
    } catch (error) {
      claim.release();
      throw error;
    }
    // Questions must not wait for the whole rebuild.
    acknowledged();
    const progress = new ThrottledEdit<BuildProgress>(
      (update) => interaction.editReply({ content: progressText(update), allowedMentions: NO_MENTIONS }),
      PROGRESS_EDIT_MS,
      logger,
    );
    const started = performance.now();
    logger.info("rebuild started");
    let summary: ReindexSummary;
    try {
      summary = await claim.rebuild((update) => progress.update(update));
    } catch (error) {
      const reason = isCitebotError(error) ? `: ${error.userMessage}` : ".";
      throw new CitebotError("REINDEX_FAILED", `The rebuild failed after ${seconds(performance.now() - started)}${reason} The previous index is still serving questions.`, { cause: error });
    } finally {
      await progress.close();
    }
    const stale = staleAfterRebuild(memory, citebot, summary.buildId, logger);
    logger.info({ ms: summary.ms, files: summary.files, paragraphs: summary.paragraphs, staleAnswers: stale.length }, "rebuild finished");
    await interaction.editReply({ content: summaryText(summary, stale), allowedMentions: NO_MENTIONS });
    await noteStaleAnswers(interaction.client.rest, memory, stale, logger);
  },
} satisfies Command;
