import type { IncomingMessage, ServerResponse } from "node:http";
import type { RecordedFile } from "./types.js";

export interface ParsedBody {
  body: unknown;
  files: RecordedFile[];
}

/** Thrown for bodies Discord would refuse to parse; answered with 400 / 50109. */
export class InvalidBodyError extends Error {}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new InvalidBodyError(error instanceof Error ? error.message : String(error));
  }
}

async function parseMultipart(raw: Buffer, contentType: string): Promise<ParsedBody> {
  // undici's multipart parser, so the fake does not grow its own.
  const form = await new Response(new Uint8Array(raw), { headers: { "content-type": contentType } }).formData();
  let body: unknown;
  const files: RecordedFile[] = [];
  for (const [field, value] of form) {
    if (typeof value !== "string") {
      files.push({ field, name: value.name, contentType: value.type, data: Buffer.from(await value.arrayBuffer()) });
    } else if (field === "payload_json") {
      body = parseJson(value);
    }
  }
  return { body, files };
}

export async function readBody(request: IncomingMessage): Promise<ParsedBody> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  const raw = Buffer.concat(chunks);
  if (raw.length === 0) return { body: undefined, files: [] };
  const contentType = request.headers["content-type"] ?? "";
  if (contentType.startsWith("multipart/form-data")) return parseMultipart(raw, contentType);
  if (contentType.startsWith("application/json")) return { body: parseJson(raw.toString("utf8")), files: [] };
  throw new InvalidBodyError(`unsupported Content-Type "${contentType}"`);
}

export function sendJson(response: ServerResponse, status: number, body: unknown): void {
  if (body === undefined) {
    response.writeHead(status).end();
    return;
  }
  const text = JSON.stringify(body);
  response.writeHead(status, { "Content-Type": "application/json", "Content-Length": Buffer.byteLength(text) }).end(text);
}
