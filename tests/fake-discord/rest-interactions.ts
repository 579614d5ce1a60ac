import { InteractionResponseType, InteractionType, MessageFlags, MessageType } from "discord-api-types/v10";
import type { APIMessage } from "discord-api-types/v10";
import { apiUser, authorizingOwners } from "./fixtures.js";
import { findMessage, replaceMessage } from "./components.js";
import { isRecord } from "./guards.js";
import { createMessage, editMessage, isEphemeral, messageFlags, rejectMessageBody } from "./messages.js";
import type { MessageMeta } from "./messages.js";
import { fail, NO_CONTENT, ok, param, unknownMessage, unknownWebhook } from "./route.js";
import type { RestContext, RestRequest, RestResponse, Route, RouteParams } from "./route.js";
import type { InteractionState } from "./world.js";

/** The flags an app may set on an interaction response; the rest are Discord's to set. */
const SETTABLE_FLAGS =
  MessageFlags.Ephemeral | MessageFlags.SuppressEmbeds | MessageFlags.SuppressNotifications | MessageFlags.IsComponentsV2;

const unknownInteraction = (): RestResponse => fail(404, 10062, "Unknown interaction");

function responseMeta(context: RestContext, state: InteractionState, body: unknown, request: RestRequest, extraFlags = 0): MessageMeta {
  return {
    channelId: state.channelId,
    author: apiUser(context.world.botUser),
    type: MessageType.ChatInputCommand,
    flags: (messageFlags(body) & SETTABLE_FLAGS) | extraFlags,
    files: request.files,
    applicationId: context.world.applicationId,
    interaction: {
      id: state.id,
      type: InteractionType.ApplicationCommand,
      user: apiUser(state.user),
      authorizing_integration_owners: authorizingOwners(state.guildId),
    },
  };
}

/** A visible response is a channel message like any other: the bot can edit or delete it through the channel too. */
function publish(context: RestContext, state: InteractionState, message: APIMessage): void {
  if (isEphemeral(message.flags ?? 0)) return;
  context.world.channelMessages.set(message.id, message);
  context.announce(message, state.guildId);
}

function callback(context: RestContext, request: RestRequest, params: RouteParams): RestResponse {
  const state = context.world.interactions.get(param(params, "token"));
  if (state === undefined || state.id !== param(params, "interaction")) return unknownInteraction();
  // Discord drops interactions nobody acknowledged in time; the bot sees 10062 like in production.
  if (request.receivedAt - state.sentAt > context.interactionDeadlineMs) return unknownInteraction();
  if (state.acknowledged) return fail(400, 40060, "Interaction has already been acknowledged.");
  const body = isRecord(request.body) ? request.body : {};
  const data = body["data"];
  let original: APIMessage | null;
  switch (body["type"]) {
    case InteractionResponseType.ChannelMessageWithSource: {
      const rejected = rejectMessageBody(data, request.files, "create");
      if (rejected !== null) return rejected;
      original = createMessage(data, responseMeta(context, state, data, request));
      break;
    }
    case InteractionResponseType.DeferredChannelMessageWithSource:
      original = createMessage(undefined, responseMeta(context, state, data, request, MessageFlags.Loading));
      break;
    case InteractionResponseType.Modal:
      original = null;
      break;
    case InteractionResponseType.DeferredMessageUpdate:
    case InteractionResponseType.UpdateMessage: {
      const updated = updateComponentMessage(context, state, body["type"] === InteractionResponseType.UpdateMessage ? data : undefined, request);
      if (updated !== null && "status" in updated) return updated;
      original = null;
      break;
    }
    default:
      return fail(400, 50035, "Invalid Form Body", {
        type: { _errors: [{ code: "INTERACTION_RESPONSE_TYPE_INVALID", message: "Invalid response type for a chat input command" }] },
      });
  }
  state.acknowledged = true;
  state.original = original;
  if (original !== null) publish(context, state, original);
  if (request.query.get("with_response") !== "true") return NO_CONTENT;
  return ok({
    interaction: {
      id: state.id,
      type: InteractionType.ApplicationCommand,
      ...(original === null
        ? {}
        : {
            response_message_id: original.id,
            response_message_loading: ((original.flags ?? 0) & MessageFlags.Loading) !== 0,
            response_message_ephemeral: isEphemeral(original.flags ?? 0),
          }),
    },
    resource: { type: body["type"], ...(original === null ? {} : { message: original }) },
  });
}

/** An interaction's webhook only exists for its own application, and only once it was acknowledged. */
function webhookState(context: RestContext, params: RouteParams): InteractionState | undefined {
  const state = context.world.interactions.get(param(params, "token"));
  const valid = state !== undefined && state.acknowledged && param(params, "app") === context.world.applicationId;
  return valid ? state : undefined;
}

/** A visible response edited or deleted through its channel is read back from there. */
function findResponse(context: RestContext, state: InteractionState, messageId: string): APIMessage | undefined {
  const response = messageId === "@original" ? (state.original ?? undefined) : state.followUps.get(messageId);
  if (response === undefined || isEphemeral(response.flags ?? 0)) return response;
  return context.world.channelMessages.get(response.id);
}

/** Responses 6 and 7 exist only for a button click; 7 edits the message the button is on. */
function updateComponentMessage(context: RestContext, state: InteractionState, data: unknown, request: RestRequest): RestResponse | null {
  const message = state.componentMessageId === undefined ? undefined : findMessage(context.world, state.componentMessageId);
  if (message === undefined) {
    return fail(400, 50035, "Invalid Form Body", { type: { _errors: [{ code: "INTERACTION_RESPONSE_TYPE_INVALID", message: "Only a component interaction can update a message" }] } });
  }
  if (data === undefined) return null;
  const rejected = rejectMessageBody(data, request.files, "edit");
  if (rejected !== null) return rejected;
  replaceMessage(context.world, editMessage(message, data, request.files));
  return null;
}

function followUp(context: RestContext, request: RestRequest, params: RouteParams): RestResponse {
  const state = webhookState(context, params);
  if (state === undefined) return unknownWebhook();
  const rejected = rejectMessageBody(request.body, request.files, "create");
  if (rejected !== null) return rejected;
  const message = createMessage(request.body, responseMeta(context, state, request.body, request));
  state.followUps.set(message.id, message);
  publish(context, state, message);
  return request.query.get("wait") === "true" ? ok(message) : NO_CONTENT;
}

function getResponse(context: RestContext, _request: RestRequest, params: RouteParams): RestResponse {
  const state = webhookState(context, params);
  if (state === undefined) return unknownWebhook();
  const message = findResponse(context, state, param(params, "message"));
  return message === undefined ? unknownMessage() : ok(message);
}

function editResponse(context: RestContext, request: RestRequest, params: RouteParams): RestResponse {
  const state = webhookState(context, params);
  if (state === undefined) return unknownWebhook();
  const messageId = param(params, "message");
  const existing = findResponse(context, state, messageId);
  if (existing === undefined) return unknownMessage();
  const rejected = rejectMessageBody(request.body, request.files, "edit");
  if (rejected !== null) return rejected;
  const edited = editMessage(existing, request.body, request.files);
  replaceMessage(context.world, edited);
  return ok(edited);
}

function deleteResponse(context: RestContext, _request: RestRequest, params: RouteParams): RestResponse {
  const state = webhookState(context, params);
  if (state === undefined) return unknownWebhook();
  const messageId = param(params, "message");
  const existing = findResponse(context, state, messageId);
  if (existing === undefined) return unknownMessage();
  if (messageId === "@original") state.original = null;
  else state.followUps.delete(messageId);
  context.world.channelMessages.delete(existing.id);
  return NO_CONTENT;
}

const RESPONSE = "/webhooks/:app/:token/messages/:message";

export const interactionRoutes: Route[] = [
  { method: "POST", pattern: "/interactions/:interaction/:token/callback", auth: false, handle: callback },
  { method: "POST", pattern: "/webhooks/:app/:token", auth: false, handle: followUp },
  { method: "GET", pattern: RESPONSE, auth: false, handle: getResponse },
  { method: "PATCH", pattern: RESPONSE, auth: false, handle: editResponse },
  { method: "DELETE", pattern: RESPONSE, auth: false, handle: deleteResponse },
];
