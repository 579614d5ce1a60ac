import { ActionRowBuilder, ButtonBuilder, ButtonStyle, type APIEmbed, type ButtonInteraction } from "discord.js";
import { CitebotError } from "../errors.js";
import { isGapPeriod, jumpLink, periodStart, periodText, type GapPeriod, type GapRow } from "../memory/gaps.js";
import type { BotContext } from "./command.js";
import { NO_MENTIONS } from "./mentions.js";
import { requireModerator } from "./permissions.js";
import { safeMarkdown } from "./safe-markdown.js";
import { clampText, DISCORD_LIMITS } from "./text-limits.js";

/** Ten rows with their links and a reason each stay well inside one embed description. */
const ROWS_PER_PAGE = 10;
const QUESTION_CHARS = 150;
const REASON_CHARS = 100;
const PAGE_BUTTON = "gaps:";
const COLOR = 0xf59e0b;
export const GAPS_ACTION = "see coverage gaps";

type Section = "refused" | "downVoted";

const HEADINGS: Record<Section, string> = { refused: "Questions I could not answer", downVoted: "Answers voted 👎" };

export interface GapsReply {
  embeds: APIEmbed[];
  components: Array<ActionRowBuilder<ButtonBuilder>>;
}

/** One page of a guild's gaps over `period`: refused questions first, then 👎 answers, each group most frequent first. */
export function gapsReply(context: Pick<BotContext, "memory">, guildId: string, period: GapPeriod, page: number): GapsReply {
  const now = Date.now();
  const since = periodStart(period, now);
  const gaps = context.memory.gaps({ guildId, ...(since === undefined ? {} : { sinceMs: since }) });
  const rows = [...gaps.refused.map((row) => ({ section: "refused" as const, row })), ...gaps.downVoted.map((row) => ({ section: "downVoted" as const, row }))];
  const pages = Math.max(1, Math.ceil(rows.length / ROWS_PER_PAGE));
  const shown = Math.min(Math.max(page, 0), pages - 1);
  const onPage = rows.slice(shown * ROWS_PER_PAGE, (shown + 1) * ROWS_PER_PAGE);
  const lines: string[] = [];
  for (const [index, { section, row }] of onPage.entries()) {
    if (index === 0 || onPage[index - 1]?.section !== section) lines.push(`${lines.length > 0 ? "\n" : ""}**${HEADINGS[section]}**`);
    lines.push(gapLine(section, row));
  }
  const description = lines.length > 0 ? lines.join("\n") : `Nothing refused and no 👎 ${periodText(period)}.`;
  const embed: APIEmbed = {
    title: "Coverage gaps",
    description: clampText(description, DISCORD_LIMITS.embedDescription),
    color: COLOR,
    footer: { text: `Page ${shown + 1} of ${pages} · ${periodText(period)} · near-identical questions counted together` },
  };
  return { embeds: [embed], components: pages > 1 ? [pageButtons(period, shown, pages)] : [] };
}

export function isGapsPage(customId: string): boolean {
  return customId.startsWith(PAGE_BUTTON);
}

/** Another page, for a moderator only: the message is ephemeral, but its buttons are checked like the command. */
export async function showGapsPage(interaction: ButtonInteraction, context: Pick<BotContext, "memory" | "config">): Promise<void> {
  requireModerator(interaction, context.config.MOD_ROLE_IDS, GAPS_ACTION);
  const [period = "", page = ""] = interaction.customId.slice(PAGE_BUTTON.length).split(":");
  if (!isGapPeriod(period) || !/^\d+$/.test(page)) throw new CitebotError("BAD_INPUT", "That page button is out of date; run /gaps again.");
  await interaction.update({ ...gapsReply(context, interaction.guildId, period, Number(page)), allowedMentions: NO_MENTIONS });
}

function gapLine(section: Section, row: GapRow): string {
  const count = section === "refused" ? `${row.count}×` : `${row.count} 👎`;
  // A silent refusal's link is the member's own post, left unanswered in an auto-answer channel.
  const silent = row.silent === 0 ? "" : ` · ${row.silent === row.count ? "" : `${row.silent} `}auto-answer, not replied`;
  const where = row.latest.ephemeral ? "private answer" : `[latest](${jumpLink(row.latest)})`;
  const when = `<t:${Math.floor(row.latest.at / 1000)}:R>`;
  // Questions and reasons are members' text: escaped, and on one line each so nothing in them starts a quote or a list.
  const reason = row.reasons[0] === undefined ? "" : `\n> “${safeMarkdown(oneLine(row.reasons[0]), REASON_CHARS)}”`;
  return `**${count}** ${safeMarkdown(oneLine(row.question), QUESTION_CHARS)} · ${where} ${when}${silent}${reason}`;
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

function pageButtons(period: GapPeriod, page: number, pages: number): ActionRowBuilder<ButtonBuilder> {
  return new ActionRowBuilder<ButtonBuilder>().addComponents(
    new ButtonBuilder().setCustomId(`${PAGE_BUTTON}${period}:${page - 1}`).setLabel("Previous").setStyle(ButtonStyle.Secondary).setDisabled(page === 0),
    new ButtonBuilder().setCustomId(`${PAGE_BUTTON}${period}:${page + 1}`).setLabel("Next").setStyle(ButtonStyle.Secondary).setDisabled(page >= pages - 1),
  );
}
