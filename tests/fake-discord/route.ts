import type { APIMessage } from "discord-api-types/v10";
import type { DispatchEvent } from "./gateway.js";
import type { RecordedFile } from "./types.js";
import type { World } from "./world.js";

export interface RestRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  body: unknown;
  files: RecordedFile[];
  /** Whether an `Authorization: Bot …` header came along. */
  authorized: boolean;
  /** performance.now() on arrival; interaction deadlines are measured against it. */
  receivedAt: number;
}

export interface RestResponse {
  status: number;
  body?: unknown;
}

export interface RestContext {
  world: World;
  gatewayUrl: string;
  interactionDeadlineMs: number;
  /** Discord echoes every visible message the bot creates back to it as MESSAGE_CREATE. */
  announce(message: APIMessage, guildId: string | null): void;
  /** Sends a gateway event (a new thread) to every identified client that may see it. */
  broadcast(event: DispatchEvent): void;
}

export type RouteParams = Record<string, string>;

export interface Route {
  method: string;
  /** Segments; ":name" captures one. */
  pattern: string;
  /** Interaction callbacks and interaction webhooks are authorised by their token, not the bot token. */
  auth: boolean;
  handle(context: RestContext, request: RestRequest, params: RouteParams): RestResponse;
}

export function matchRoute(pattern: string, path: string): RouteParams | null {
  const expected = pattern.split("/");
  const actual = path.split("/");
  if (expected.length !== actual.length) return null;
  const params: RouteParams = {};
  for (const [index, segment] of expected.entries()) {
    const value = actual[index] ?? "";
    if (segment.startsWith(":")) {
      if (value === "") return null;
      params[segment.slice(1)] = value;
    } else if (segment !== value) {
      return null;
    }
  }
  return params;
}

/** Route params always exist once matched; this keeps noUncheckedIndexedAccess honest without `!`. */
export function param(params: RouteParams, name: string): string {
  const value = params[name];
  if (value === undefined) throw new Error(`fake-discord: route has no :${name}`);
  return value;
}

export function ok(body: unknown): RestResponse {
  return { status: 200, body };
}

export const NO_CONTENT: RestResponse = { status: 204 };

/** Discord's JSON error shape, which discord.js turns into DiscordAPIError. */
export function fail(status: number, code: number, message: string, errors?: unknown): RestResponse {
  return { status, body: errors === undefined ? { message, code } : { message, code, errors } };
}

export const unknownChannel = (): RestResponse => fail(404, 10003, "Unknown Channel");
export const unknownMessage = (): RestResponse => fail(404, 10008, "Unknown Message");
export const unknownWebhook = (): RestResponse => fail(404, 10015, "Unknown Webhook");
