import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/** The parts of a Chat Completions request the tests look at. */
export interface ChatRequest {
  model: string;
  stream?: boolean;
  /** The reply's cap the client asked for, whichever of the two names it used. */
  maxTokens?: number;
  messages: Array<{ role: string; content: string }>;
}

export type Reply =
  /** A completion: one JSON body, or SSE chunks of a few words each when the client asked to stream. */
  | { kind: "text"; text: string; delayMs?: number }
  | { kind: "error"; status: number; message?: string }
  /** Accepts the request and never finishes it; a stream first sends `partial`. */
  | { kind: "hang"; partial?: string };

export type Script = (request: ChatRequest) => Reply;

export interface FakeLlm {
  /** What OPENAI_BASE_URL should be, ending in /v1. */
  baseUrl: string;
  /** Every request received, in order. */
  requests: ChatRequest[];
  /** Sets how the next requests are answered. */
  script(script: Script): void;
  close(): Promise<void>;
}

const WORDS_PER_CHUNK = 3;

/**
 * An OpenAI-compatible server on 127.0.0.1, so the real client is exercised with no network:
 * chat completions answer as scripted; embeddings are hashed words, the same for every test.
 */
export async function startFakeLlm(initial: Script = () => ({ kind: "error", status: 500, message: "no script" })): Promise<FakeLlm> {
  let current = initial;
  const requests: ChatRequest[] = [];
  const server = createServer((req, res) => {
    void handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500).end(String(error));
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method === "POST" && req.url === "/v1/embeddings") {
      res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(embeddingsReply(await readBody(req))));
      return;
    }
    if (req.method !== "POST" || req.url !== "/v1/chat/completions") {
      res.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ error: { message: "not found", type: "invalid_request_error" } }));
      return;
    }
    const request = parseRequest(await readBody(req));
    requests.push(request);
    const reply = current(request);
    if (reply.kind === "error") {
      res.writeHead(reply.status, { "content-type": "application/json" }).end(JSON.stringify({ error: { message: reply.message ?? "scripted failure", type: "server_error" } }));
      return;
    }
    if (reply.kind === "text" && reply.delayMs) await new Promise((resolve) => setTimeout(resolve, reply.delayMs));
    if (request.stream) streamReply(res, request, reply);
    else if (reply.kind === "text") res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(completion(request, reply.text)));
    // A hanging non-streamed reply: headers never come.
  }

  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    script(script) {
      current = script;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

function streamReply(res: ServerResponse, request: ChatRequest, reply: Exclude<Reply, { kind: "error" }>): void {
  res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache", connection: "keep-alive" });
  const send = (delta: Record<string, string>, finish: string | null): void => {
    res.write(`data: ${JSON.stringify({ id: "chatcmpl-fake", object: "chat.completion.chunk", created: 0, model: request.model, choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`);
  };
  send({ role: "assistant", content: "" }, null);
  const text = reply.kind === "text" ? reply.text : (reply.partial ?? "");
  for (const piece of chunks(text)) send({ content: piece }, null);
  if (reply.kind === "hang") return;
  send({}, "stop");
  res.end("data: [DONE]\n\n");
}

/** The text in pieces of a few words, whitespace kept, so that joining them gives the text back exactly. */
function chunks(text: string): string[] {
  const tokens = text.match(/\S+\s*|\s+/g) ?? [];
  const pieces: string[] = [];
  for (let i = 0; i < tokens.length; i += WORDS_PER_CHUNK) pieces.push(tokens.slice(i, i + WORDS_PER_CHUNK).join(""));
  return pieces;
}

function completion(request: ChatRequest, text: string): unknown {
  return {
    id: "chatcmpl-fake",
    object: "chat.completion",
    created: 0,
    model: request.model,
    choices: [{ index: 0, message: { role: "assistant", content: text }, finish_reason: "stop", logprobs: null }],
    usage: { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 },
  };
}

/** Dimensions of the fake embeddings: enough for hashed words to rarely collide on the seeds. */
export const FAKE_EMBEDDING_DIMENSIONS = 256;

/** Hashed bag-of-words vectors, deterministic per text, in the float or base64 encoding the client asked for. */
function embeddingsReply(body: string): unknown {
  const parsed = JSON.parse(body) as { model?: unknown; input?: unknown; encoding_format?: unknown };
  const inputs = Array.isArray(parsed.input) ? parsed.input.map(String) : [String(parsed.input)];
  const data = inputs.map((text, index) => {
    const vector = hashedWords(text);
    const embedding = parsed.encoding_format === "base64" ? Buffer.from(new Float32Array(vector).buffer).toString("base64") : vector;
    return { object: "embedding", index, embedding };
  });
  return { object: "list", data, model: String(parsed.model), usage: { prompt_tokens: 0, total_tokens: 0 } };
}

function hashedWords(text: string): number[] {
  const vector = new Array<number>(FAKE_EMBEDDING_DIMENSIONS).fill(0);
  vector[0] = 0.01; // never the zero vector, which has no cosine
  for (const word of text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []) {
    let hash = 2166136261;
    for (const char of word) hash = Math.imul(hash ^ (char.codePointAt(0) ?? 0), 16777619) >>> 0;
    vector[hash % FAKE_EMBEDDING_DIMENSIONS] = (vector[hash % FAKE_EMBEDDING_DIMENSIONS] ?? 0) + 1;
  }
  const norm = Math.hypot(...vector);
  return vector.map((value) => value / norm);
}

async function readBody(req: IncomingMessage): Promise<string> {
  const parts: Buffer[] = [];
  for await (const part of req) parts.push(part as Buffer);
  return Buffer.concat(parts).toString("utf8");
}

function parseRequest(body: string): ChatRequest {
  const parsed = JSON.parse(body) as { model?: unknown; stream?: unknown; messages?: unknown; max_tokens?: unknown; max_completion_tokens?: unknown };
  const messages = Array.isArray(parsed.messages) ? parsed.messages : [];
  const maxTokens = parsed.max_tokens ?? parsed.max_completion_tokens;
  return {
    model: String(parsed.model),
    ...(parsed.stream === true ? { stream: true } : {}),
    ...(typeof maxTokens === "number" ? { maxTokens } : {}),
    messages: messages.map((message: { role?: unknown; content?: unknown }) => ({ role: String(message.role), content: typeof message.content === "string" ? message.content : JSON.stringify(message.content) })),
  };
}

/** The text of the request's messages in one role, joined. */
export function roleText(request: ChatRequest, role: "system" | "user"): string {
  return request.messages
    .filter((message) => message.role === role)
    .map((message) => message.content)
    .join("\n");
}

/** The tagged source paragraphs of the prompt, as the model sees them. */
export function promptSources(request: ChatRequest): Array<{ id: string; text: string }> {
  return [...roleText(request, "user").matchAll(/<source id="([^"]+)">\n([\s\S]*?)\n<\/source>/g)].map(([, id = "", text = ""]) => ({ id, text }));
}
