import {
  ActionRowBuilder,
  ButtonBuilder,
  ButtonStyle,
  LabelBuilder,
  MessageFlags,
  ModalBuilder,
  TextInputBuilder,
  TextInputStyle,
  type ButtonInteraction,
  type ModalSubmitInteraction,
} from "discord.js";
import { CitebotError } from "../errors.js";
import type { Vote } from "../memory/answer-memory.js";
import type { BotContext } from "./command.js";
import { NO_MENTIONS } from "./mentions.js";

/**
 * Custom ids are fixed strings (the answer is the message the button is on) or carry the
 * answer's row id, so buttons keep working after a restart.
 */
const UP = "vote:up";
const DOWN = "vote:down";
const ADD_REASON = "vote:why:";
const REASON_MODAL = "vote:reason:";
const REASON_INPUT = "reason";
export const REASON_MAX_CHARS = 200;

/** The 👍/👎 row every answer carries. */
export function feedbackButtons(): ActionRowBuilder<ButtonBuilder> {
  return new ActionRowBuilder<ButtonBuilder>().addComponents(
    new ButtonBuilder().setCustomId(UP).setEmoji("👍").setStyle(ButtonStyle.Secondary),
    new ButtonBuilder().setCustomId(DOWN).setEmoji("👎").setStyle(ButtonStyle.Secondary),
  );
}

export function isFeedback(customId: string): boolean {
  return customId.startsWith("vote:");
}

/**
 * A vote is acknowledged with a reply only the voter sees; the answer itself is never
 * edited, so one member's vote changes nothing for the others.
 */
export async function handleFeedback(interaction: ButtonInteraction | ModalSubmitInteraction, { memory }: Pick<BotContext, "memory">): Promise<void> {
  const { customId } = interaction;
  if (interaction.isButton() && (customId === UP || customId === DOWN)) {
    await vote(interaction, memory, customId === UP ? 1 : -1);
  } else if (interaction.isButton() && customId.startsWith(ADD_REASON)) {
    await interaction.showModal(reasonModal(answerIdIn(customId, ADD_REASON)));
  } else if (interaction.isModalSubmit() && customId.startsWith(REASON_MODAL)) {
    const reason = interaction.fields.getTextInputValue(REASON_INPUT).trim().slice(0, REASON_MAX_CHARS);
    const kept = reason !== "" && memory.explainDownVote(answerIdIn(customId, REASON_MODAL), interaction.user.id, reason);
    await privateReply(interaction, kept ? "Thanks, the moderators will see your reason." : "Your vote on that answer is no longer 👎, so there is nothing to explain.");
  } else {
    throw new CitebotError("BAD_INPUT", "That feedback button is from an older version of the bot and no longer does anything.");
  }
}

async function vote(interaction: ButtonInteraction, memory: BotContext["memory"], value: Vote): Promise<void> {
  const recorded = memory.vote(interaction.message.id, interaction.user.id, value);
  if (recorded === undefined) {
    await privateReply(interaction, `I have no record of that answer any more (answers are kept ${memory.retentionDays} days), so the vote was not counted.`);
    return;
  }
  const emoji = value === 1 ? "👍" : "👎";
  const thanks = recorded.previous === undefined || recorded.previous === value ? `Thanks for your ${emoji}.` : `Thanks, your vote is now ${emoji}.`;
  if (value === 1) {
    await privateReply(interaction, thanks);
    return;
  }
  const addReason = new ButtonBuilder().setCustomId(`${ADD_REASON}${recorded.answerId}`).setLabel("Say what was wrong").setStyle(ButtonStyle.Secondary);
  await interaction.reply({
    content: `${thanks} If you like, tell the moderators what was wrong (optional).`,
    components: [new ActionRowBuilder<ButtonBuilder>().addComponents(addReason)],
    flags: MessageFlags.Ephemeral,
    allowedMentions: NO_MENTIONS,
  });
}

function reasonModal(answerId: number): ModalBuilder {
  const input = new TextInputBuilder().setCustomId(REASON_INPUT).setStyle(TextInputStyle.Paragraph).setMaxLength(REASON_MAX_CHARS).setRequired(true);
  return new ModalBuilder()
    .setCustomId(`${REASON_MODAL}${answerId}`)
    .setTitle("What was wrong with the answer?")
    .addLabelComponents(new LabelBuilder().setLabel("Reason (moderators see it in /gaps)").setTextInputComponent(input));
}

function answerIdIn(customId: string, prefix: string): number {
  const id = Number(customId.slice(prefix.length));
  if (!Number.isSafeInteger(id) || id <= 0) throw new CitebotError("BAD_INPUT", "That button does not name an answer.");
  return id;
}

async function privateReply(interaction: ButtonInteraction | ModalSubmitInteraction, content: string): Promise<void> {
  await interaction.reply({ content, flags: MessageFlags.Ephemeral, allowedMentions: NO_MENTIONS });
}
