import { MessageFlags, MessageReferenceType, MessageType } from "discord-api-types/v10";
import type { APIMessage } from "discord-api-types/v10";
import { apiUser } from "./fixtures.js";
import { isRecord } from "./guards.js";
import { createMessage, editMessage, messageFlags, rejectMessageBody } from "./messages.js";
import type { MessageMeta } from "./messages.js";
import { fail, NO_CONTENT, ok, param, unknownChannel, unknownMessage } from "./route.js";
import type { RestContext, RestRequest, RestResponse, Route, RouteParams } from "./route.js";

/** The flags a bot may set on a channel message. */
const SETTABLE_FLAGS = MessageFlags.SuppressEmbeds | MessageFlags.SuppressNotifications | MessageFlags.IsComponentsV2;

function findMessage(context: RestContext, params: RouteParams): APIMessage | undefined {
  const message = context.world.channelMessages.get(param(params, "message"));
  return message?.channel_id === param(params, "channel") ? message : undefined;
}

/** Resolves message_reference like Discord: a reply to a message that does not exist fails unless told not to. */
function replyTarget(context: RestContext, body: unknown, channelId: string, guildId: string | null): MessageMeta["reference"] | RestResponse {
  const reference = isRecord(body) ? body["message_reference"] : undefined;
  if (!isRecord(reference) || typeof reference["message_id"] !== "string") return undefined;
  const target = context.world.channelMessages.get(reference["message_id"]);
  if (target === undefined && reference["fail_if_not_exists"] !== false) {
    return fail(400, 50035, "Invalid Form Body", {
      message_reference: { _errors: [{ code: "REPLIES_UNKNOWN_MESSAGE", message: "Unknown message" }] },
    });
  }
  return {
    reference: {
      type: MessageReferenceType.Default,
      message_id: reference["message_id"],
      channel_id: target?.channel_id ?? channelId,
      ...(guildId === null ? {} : { guild_id: guildId }),
    },
    message: target ?? null,
  };
}

function getChannel(context: RestContext, _request: RestRequest, params: RouteParams): RestResponse {
  const found = context.world.findChannel(param(params, "channel"));
  return found === undefined ? unknownChannel() : ok(found.channel);
}

function postMessage(context: RestContext, request: RestRequest, params: RouteParams): RestResponse {
  const channelId = param(params, "channel");
  const found = context.world.findChannel(channelId);
  if (found === undefined) return unknownChannel();
  const rejected = rejectMessageBody(request.body, request.files, "create");
  if (rejected !== null) return rejected;
  const reference = replyTarget(context, request.body, channelId, found.guildId);
  if (reference !== undefined && "status" in reference) return reference;
  const message = createMessage(request.body, {
    channelId,
    author: apiUser(context.world.botUser),
    type: reference === undefined ? MessageType.Default : MessageType.Reply,
    flags: messageFlags(request.body) & SETTABLE_FLAGS,
    files: request.files,
    ...(reference === undefined ? {} : { reference }),
  });
  context.world.channelMessages.set(message.id, message);
  context.announce(message, found.guildId);
  return ok(message);
}

function getMessage(context: RestContext, _request: RestRequest, params: RouteParams): RestResponse {
  const message = findMessage(context, params);
  return message === undefined ? unknownMessage() : ok(message);
}

function patchMessage(context: RestContext, request: RestRequest, params: RouteParams): RestResponse {
  const message = findMessage(context, params);
  if (message === undefined) return unknownMessage();
  if (message.author.id !== context.world.botUser.id) return fail(403, 50005, "Cannot edit a message authored by another user");
  const rejected = rejectMessageBody(request.body, request.files, "edit");
  if (rejected !== null) return rejected;
  const edited = editMessage(message, request.body, request.files);
  context.world.channelMessages.set(edited.id, edited);
  return ok(edited);
}

function deleteMessage(context: RestContext, _request: RestRequest, params: RouteParams): RestResponse {
  const message = findMessage(context, params);
  if (message === undefined) return unknownMessage();
  context.world.channelMessages.delete(message.id);
  return NO_CONTENT;
}

function typing(context: RestContext, _request: RestRequest, params: RouteParams): RestResponse {
  return context.world.findChannel(param(params, "channel")) === undefined ? unknownChannel() : NO_CONTENT;
}

function react(context: RestContext, _request: RestRequest, params: RouteParams): RestResponse {
  return findMessage(context, params) === undefined ? unknownMessage() : NO_CONTENT;
}

const MESSAGE = "/channels/:channel/messages/:message";
const OWN_REACTION = `${MESSAGE}/reactions/:emoji/@me`;

export const channelRoutes: Route[] = [
  { method: "GET", pattern: "/channels/:channel", auth: true, handle: getChannel },
  { method: "POST", pattern: "/channels/:channel/messages", auth: true, handle: postMessage },
  { method: "POST", pattern: "/channels/:channel/typing", auth: true, handle: typing },
  { method: "GET", pattern: MESSAGE, auth: true, handle: getMessage },
  { method: "PATCH", pattern: MESSAGE, auth: true, handle: patchMessage },
  { method: "DELETE", pattern: MESSAGE, auth: true, handle: deleteMessage },
  { method: "PUT", pattern: OWN_REACTION, auth: true, handle: react },
  { method: "DELETE", pattern: OWN_REACTION, auth: true, handle: react },
];
