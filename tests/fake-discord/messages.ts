import { MessageFlags, MessageType } from "discord-api-types/v10";
import type {
  APIAttachment,
  APIEmbed,
  APIMessage,
  APIMessageInteractionMetadata,
  APIMessageReference,
  APIMessageTopLevelComponent,
  APIUser,
} from "discord-api-types/v10";
import { isRecord } from "./guards.js";
import { snowflake } from "./ids.js";
import { fail } from "./route.js";
import type { RestResponse } from "./route.js";
import type { RecordedFile } from "./types.js";

interface FieldError {
  path: Array<string | number>;
  code: string;
  message: string;
}

// Discord's documented message and embed limits; a fake that accepted more would hide the bugs
// that only show up in production as 400 Invalid Form Body.
const CONTENT_MAX = 2000;
const EMBEDS_MAX = 10;
const EMBED_TOTAL_MAX = 6000;
const EMBED_FIELDS_MAX = 25;
const EMBED_TEXT_LIMITS: Array<[path: string[], max: number]> = [
  [["title"], 256],
  [["description"], 4096],
  [["footer", "text"], 2048],
  [["author", "name"], 256],
];

/** Discord counts characters, so count code points rather than UTF-16 units. */
function length(text: string): number {
  return [...text].length;
}

function textAt(value: unknown, path: readonly string[]): string | undefined {
  let current = value;
  for (const key of path) current = isRecord(current) ? current[key] : undefined;
  return typeof current === "string" ? current : undefined;
}

function tooLong(path: Array<string | number>, max: number): FieldError {
  return { path, code: "BASE_TYPE_MAX_LENGTH", message: `Must be ${max} or fewer in length.` };
}

function required(path: Array<string | number>): FieldError {
  return { path, code: "BASE_TYPE_REQUIRED", message: "This field is required" };
}

function embedErrors(embed: unknown, index: number): { errors: FieldError[]; size: number } {
  const errors: FieldError[] = [];
  let size = 0;
  for (const [path, max] of EMBED_TEXT_LIMITS) {
    const text = textAt(embed, path);
    if (text === undefined) continue;
    size += length(text);
    if (length(text) > max) errors.push(tooLong(["embeds", index, ...path], max));
  }
  const fields = isRecord(embed) && Array.isArray(embed["fields"]) ? embed["fields"] : [];
  if (fields.length > EMBED_FIELDS_MAX) errors.push(tooLong(["embeds", index, "fields"], EMBED_FIELDS_MAX));
  for (const [fieldIndex, field] of fields.entries()) {
    for (const [key, max] of [["name", 256], ["value", 1024]] as const) {
      const text = textAt(field, [key]) ?? "";
      size += length(text);
      const path = ["embeds", index, "fields", fieldIndex, key];
      if (text.trim() === "") errors.push(required(path));
      else if (length(text) > max) errors.push(tooLong(path, max));
    }
  }
  return { errors, size };
}

function nest(errors: FieldError[]): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const error of errors) {
    let node = root;
    for (const key of error.path) {
      const child = node[String(key)];
      const next = isRecord(child) ? child : {};
      node[String(key)] = next;
      node = next;
    }
    const existing = node["_errors"];
    node["_errors"] = [...(Array.isArray(existing) ? existing : []), { code: error.code, message: error.message }];
  }
  return root;
}

function nonEmptyArray(value: unknown): boolean {
  return Array.isArray(value) && value.length > 0;
}

/**
 * Validates an outgoing message body the way Discord does. `create` also rejects empty messages;
 * edits may legitimately touch a single field.
 */
export function rejectMessageBody(body: unknown, files: readonly RecordedFile[], mode: "create" | "edit"): RestResponse | null {
  if (!isRecord(body)) {
    return mode === "create" && files.length === 0 ? fail(400, 50006, "Cannot send an empty message") : null;
  }
  const errors: FieldError[] = [];
  const content = body["content"];
  if (typeof content === "string" && length(content) > CONTENT_MAX) errors.push(tooLong(["content"], CONTENT_MAX));
  const embeds = Array.isArray(body["embeds"]) ? body["embeds"] : [];
  if (embeds.length > EMBEDS_MAX) errors.push(tooLong(["embeds"], EMBEDS_MAX));
  let totalEmbedSize = 0;
  for (const [index, embed] of embeds.entries()) {
    const result = embedErrors(embed, index);
    errors.push(...result.errors);
    totalEmbedSize += result.size;
  }
  if (totalEmbedSize > EMBED_TOTAL_MAX) {
    errors.push({ path: ["embeds"], code: "MAX_EMBED_SIZE_EXCEEDED", message: `Embed size exceeds maximum size of ${EMBED_TOTAL_MAX}` });
  }
  if (errors.length > 0) return fail(400, 50035, "Invalid Form Body", nest(errors));
  const hasSomething =
    (typeof content === "string" && content.trim() !== "") ||
    embeds.length > 0 ||
    files.length > 0 ||
    nonEmptyArray(body["components"]) ||
    nonEmptyArray(body["sticker_ids"]) ||
    isRecord(body["poll"]);
  if (mode === "create" && !hasSomething) return fail(400, 50006, "Cannot send an empty message");
  return null;
}

export function messageFlags(body: unknown): number {
  return isRecord(body) && typeof body["flags"] === "number" ? body["flags"] : 0;
}

export function isEphemeral(flags: number): boolean {
  return (flags & MessageFlags.Ephemeral) !== 0;
}

function attachments(files: readonly RecordedFile[], channelId: string): APIAttachment[] {
  return files.map((file) => {
    const id = snowflake();
    const path = `${channelId}/${id}/${encodeURIComponent(file.name)}`;
    return {
      id,
      filename: file.name,
      size: file.data.length,
      content_type: file.contentType,
      url: `https://cdn.discordapp.com/attachments/${path}`,
      proxy_url: `https://media.discordapp.net/attachments/${path}`,
    };
  });
}

// Bodies were built and checked by discord.js on the way out; the fake echoes them verbatim.
function embedsOf(body: Record<string, unknown>): APIEmbed[] | undefined {
  return Array.isArray(body["embeds"]) ? (body["embeds"] as APIEmbed[]) : undefined;
}

function componentsOf(body: Record<string, unknown>): APIMessageTopLevelComponent[] | undefined {
  return Array.isArray(body["components"]) ? (body["components"] as APIMessageTopLevelComponent[]) : undefined;
}

export interface MessageMeta {
  channelId: string;
  author: APIUser;
  type: MessageType;
  flags: number;
  files: readonly RecordedFile[];
  /** Interaction responses are sent through the application's webhook. */
  applicationId?: string;
  reference?: { reference: APIMessageReference; message: APIMessage | null };
  interaction?: APIMessageInteractionMetadata;
}

export function createMessage(body: unknown, meta: MessageMeta): APIMessage {
  const fields = isRecord(body) ? body : {};
  const content = fields["content"];
  return {
    id: snowflake(),
    channel_id: meta.channelId,
    author: meta.author,
    content: typeof content === "string" ? content : "",
    timestamp: new Date().toISOString(),
    edited_timestamp: null,
    tts: fields["tts"] === true,
    mention_everyone: false,
    mentions: [],
    mention_roles: [],
    attachments: attachments(meta.files, meta.channelId),
    embeds: embedsOf(fields) ?? [],
    components: componentsOf(fields) ?? [],
    pinned: false,
    type: meta.type,
    flags: meta.flags,
    ...(meta.applicationId === undefined ? {} : { application_id: meta.applicationId, webhook_id: meta.applicationId }),
    ...(meta.reference === undefined
      ? {}
      : { message_reference: meta.reference.reference, referenced_message: meta.reference.message }),
    ...(meta.interaction === undefined ? {} : { interaction_metadata: meta.interaction }),
  };
}

/** PATCH semantics: only the fields present change; listing `attachments` keeps just those. */
export function editMessage(existing: APIMessage, body: unknown, files: readonly RecordedFile[]): APIMessage {
  const fields = isRecord(body) ? body : {};
  const content = fields["content"];
  const keep = Array.isArray(fields["attachments"])
    ? new Set(fields["attachments"].map((attachment) => (isRecord(attachment) ? String(attachment["id"]) : "")))
    : null;
  return {
    ...existing,
    content: typeof content === "string" ? content : content === null ? "" : existing.content,
    embeds: embedsOf(fields) ?? (fields["embeds"] === null ? [] : existing.embeds),
    components: componentsOf(fields) ?? (fields["components"] === null ? [] : (existing.components ?? [])),
    attachments: [
      ...existing.attachments.filter((attachment) => keep === null || keep.has(attachment.id)),
      ...attachments(files, existing.channel_id),
    ],
    // A deferred response stops "thinking" once it is edited.
    flags: (existing.flags ?? 0) & ~MessageFlags.Loading,
    edited_timestamp: new Date().toISOString(),
  };
}
