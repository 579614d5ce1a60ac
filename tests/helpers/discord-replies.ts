import type { APIEmbed } from "discord.js";
import { isRecord } from "../fake-discord/guards.js";
import type { FakeDiscord, RecordedRequest, SentInteraction, SentMessage } from "../fake-discord/index.js";

/** Answering can take a few seconds on two busy cores; these waits bound a hang, they do not measure speed. */
export const REPLY_TIMEOUT_MS = 30_000;

export interface MessageBody {
  type?: number;
  content?: string;
  embeds?: APIEmbed[];
  flags?: number;
  allowed_mentions?: { parse?: string[]; replied_user?: boolean };
  message_reference?: { message_id?: string };
}

/** The message part of a request: a callback's `data`, or the body of an edit or a channel message. */
export function messageBody(request: RecordedRequest): MessageBody {
  const body = request.body;
  if (!isRecord(body)) throw new Error(`${request.method} ${request.path} has no JSON body`);
  const data = request.path.endsWith("/callback") ? body["data"] : body;
  // The fake validated these bodies as Discord would; the shape is discord.js's.
  return (isRecord(data) ? data : {}) as MessageBody;
}

export function callbackOf(fake: FakeDiscord, sent: SentInteraction): Promise<RecordedRequest> {
  return fake.waitForRequest((request) => request.method === "POST" && request.path === `/interactions/${sent.id}/${sent.token}/callback`, REPLY_TIMEOUT_MS);
}

/** The first edit of the deferred reply that matches, e.g. the final answer. */
export function editOf(fake: FakeDiscord, sent: SentInteraction, matches: (body: MessageBody) => boolean = () => true): Promise<RecordedRequest> {
  const path = `/webhooks/${fake.applicationId}/${sent.token}/messages/@original`;
  return fake.waitForRequest((request) => request.method === "PATCH" && request.path === path && matches(messageBody(request)), REPLY_TIMEOUT_MS);
}

/** The bot's reply (a channel message referencing it) to a message the test sent. */
export function replyTo(fake: FakeDiscord, sent: SentMessage): Promise<RecordedRequest> {
  return fake.waitForRequest(
    (request) =>
      request.method === "POST" &&
      request.path === `/channels/${sent.channelId}/messages` &&
      messageBody(request).message_reference?.message_id === sent.id,
    REPLY_TIMEOUT_MS,
  );
}

export function embedOf(body: MessageBody): APIEmbed {
  const embed = body.embeds?.[0];
  if (!embed) throw new Error(`expected an embed, got ${JSON.stringify(body)}`);
  return embed;
}

/** Embed text with Discord's markdown escapes (a backslash before any punctuation) removed: what a reader sees. */
export function rendered(text: string | undefined): string {
  return (text ?? "").replace(/\\([^\p{L}\p{N}\s])/gu, "$1");
}

let nextUser = 0;

/** A fresh member per test, so the per-user rate limit of one test never touches another. */
export function newUser(name: string): { id: string; username: string } {
  nextUser += 1;
  return { id: `9${String(Date.now()).slice(-10)}${String(nextUser).padStart(6, "0")}`, username: name };
}
