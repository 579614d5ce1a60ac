import { ComponentType, InteractionResponseType, InteractionType } from "discord-api-types/v10";
import type { APIMessage, APIMessageComponentButtonInteraction, APIModalSubmitInteraction, ModalSubmitLabelComponent } from "discord-api-types/v10";
import { interactionEnvelope, type PreparedEvent } from "./events.js";
import { isRecord } from "./guards.js";
import { isEphemeral } from "./messages.js";
import type { FakeUser, RecordedRequest } from "./types.js";
import type { InteractionState, World } from "./world.js";

export interface ButtonClickInput {
  /** A message the bot sent, visible (in a channel) or ephemeral (an interaction response). */
  messageId: string;
  /** Must name an enabled button on that message, as only those can be clicked. */
  customId: string;
  /** Default: FakeDiscord#defaultUser. */
  user?: FakeUser;
  /** Permission bitfield of the member in the channel. Default: DEFAULT_MEMBER_PERMISSIONS. */
  memberPermissions?: bigint;
  memberRoles?: string[];
}

export interface ModalSubmitInput {
  /** The interaction the bot answered with a modal (response type 9). */
  shownBy: { id: string; token: string };
  /** What the user typed, by the text inputs' custom ids; inputs left out are submitted empty. */
  values: Record<string, string>;
}

/**
 * A message of the bot's wherever it lives: in a channel, or (ephemeral) only in the
 * interaction that created it. A visible message deleted from its channel is gone.
 */
export function findMessage(world: World, messageId: string): APIMessage | undefined {
  const visible = world.channelMessages.get(messageId);
  if (visible !== undefined) return visible;
  for (const state of world.interactions.values()) {
    for (const message of [state.original, ...state.followUps.values()]) {
      if (message?.id === messageId && isEphemeral(message.flags ?? 0)) return message;
    }
  }
  return undefined;
}

/** Stores an edited message wherever its previous version was. */
export function replaceMessage(world: World, message: APIMessage): void {
  if (world.channelMessages.has(message.id)) world.channelMessages.set(message.id, message);
  for (const state of world.interactions.values()) {
    if (state.original?.id === message.id) state.original = message;
    if (state.followUps.has(message.id)) state.followUps.set(message.id, message);
  }
}

function buttonsOf(message: APIMessage): Array<{ customId: string; disabled: boolean }> {
  return (message.components ?? []).flatMap((row) =>
    "components" in row
      ? row.components.flatMap((component) =>
          component.type === ComponentType.Button && "custom_id" in component ? [{ customId: component.custom_id, disabled: component.disabled === true }] : [],
        )
      : [],
  );
}

export function buttonClickEvent(world: World, input: ButtonClickInput): PreparedEvent<APIMessageComponentButtonInteraction> & { message: APIMessage } {
  const message = findMessage(world, input.messageId);
  if (message === undefined) throw new Error(`fake-discord: no message ${input.messageId} to click a button on`);
  const button = buttonsOf(message).find((candidate) => candidate.customId === input.customId);
  if (button === undefined || button.disabled) {
    throw new Error(`fake-discord: message ${message.id} has no enabled button "${input.customId}" (it has ${JSON.stringify(buttonsOf(message))})`);
  }
  const guildId = world.findChannel(message.channel_id)?.guildId ?? null;
  const { fields, ...origin } = interactionEnvelope(world, { ...input, guildId, channelId: message.channel_id });
  const data = { custom_id: input.customId, component_type: ComponentType.Button as const };
  return { ...origin, message, payload: { ...fields, type: InteractionType.MessageComponent, data, message } };
}

interface ShownTextInput {
  customId: string;
  required: boolean;
  minLength: number;
  maxLength: number;
}

/** The modal the bot showed: its custom id and the text inputs inside its labels. */
function shownModal(callback: RecordedRequest): { customId: string; inputs: ShownTextInput[] } {
  const body = isRecord(callback.body) ? callback.body : {};
  const data = isRecord(body["data"]) ? body["data"] : {};
  if (body["type"] !== InteractionResponseType.Modal || typeof data["custom_id"] !== "string") {
    throw new Error("fake-discord: that interaction was not answered with a modal");
  }
  const labels = Array.isArray(data["components"]) ? data["components"] : [];
  const inputs = labels.flatMap((label): ShownTextInput[] => {
    const component = isRecord(label) && isRecord(label["component"]) ? label["component"] : undefined;
    if (component?.["type"] !== ComponentType.TextInput || typeof component["custom_id"] !== "string") return [];
    return [
      {
        customId: component["custom_id"],
        required: component["required"] !== false,
        minLength: typeof component["min_length"] === "number" ? component["min_length"] : 0,
        maxLength: typeof component["max_length"] === "number" ? component["max_length"] : 4000,
      },
    ];
  });
  return { customId: data["custom_id"], inputs };
}

/**
 * What Discord sends when the user submits a modal the bot showed: the values of its text
 * inputs, which Discord's client kept within their limits (a test asking for more is refused).
 */
export function modalSubmitEvent(world: World, shownBy: InteractionState, callback: RecordedRequest, values: Record<string, string>): PreparedEvent<APIModalSubmitInteraction> {
  const modal = shownModal(callback);
  const components = modal.inputs.map((input, index): ModalSubmitLabelComponent => {
    const value = values[input.customId] ?? "";
    const length = [...value].length;
    if ((input.required && length === 0) || (length > 0 && length < input.minLength) || length > input.maxLength) {
      throw new Error(`fake-discord: Discord would not submit ${length} characters for "${input.customId}" (required ${input.required}, ${input.minLength}-${input.maxLength})`);
    }
    return { type: ComponentType.Label, id: index * 2 + 1, component: { type: ComponentType.TextInput, id: index * 2 + 2, custom_id: input.customId, value } };
  });
  const { fields, ...origin } = interactionEnvelope(world, { user: shownBy.user, guildId: shownBy.guildId, channelId: shownBy.channelId });
  const message = shownBy.componentMessageId === undefined ? undefined : findMessage(world, shownBy.componentMessageId);
  return {
    ...origin,
    payload: { ...fields, type: InteractionType.ModalSubmit, data: { custom_id: modal.customId, components }, ...(message === undefined ? {} : { message }) },
  };
}
