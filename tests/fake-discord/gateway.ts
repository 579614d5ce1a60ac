import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { GatewayCloseCodes, GatewayDispatchEvents, GatewayOpcodes } from "discord-api-types/v10";
import type {
  GatewayDispatchPayload,
  GatewayGuildCreateDispatchData,
  GatewayReadyDispatchData,
} from "discord-api-types/v10";
import { WebSocketServer } from "ws";
import type { RawData, WebSocket } from "ws";
import { isRecord } from "./guards.js";
import { secretToken } from "./ids.js";

type PickDispatch<P> = P extends GatewayDispatchPayload ? Pick<P, "t" | "d"> : never;
/** A dispatch before the gateway numbers it: the `t`/`d` pairs stay correlated. */
export type DispatchEvent = PickDispatch<GatewayDispatchPayload>;

export interface Handshake {
  ready: GatewayReadyDispatchData;
  guilds: GatewayGuildCreateDispatchData[];
}

export interface HandshakeRequest {
  sessionId: string;
  resumeGatewayUrl: string;
  shard: [shardId: number, shardCount: number];
}

const HEARTBEAT_INTERVAL_MS = 41_250;

class Session {
  sequence = 0;
  intents = 0;
  identified = false;

  constructor(readonly socket: WebSocket) {}

  send(payload: unknown): void {
    this.socket.send(JSON.stringify(payload));
  }

  dispatch(event: DispatchEvent): void {
    this.sequence += 1;
    this.send({ op: GatewayOpcodes.Dispatch, t: event.t, d: event.d, s: this.sequence });
  }
}

function parseShard(value: unknown): [number, number] {
  const [id, count] = Array.isArray(value) ? value : [];
  return typeof id === "number" && typeof count === "number" ? [id, count] : [0, 1];
}

export class Gateway {
  private readonly server = new WebSocketServer({ noServer: true });
  private readonly sessions = new Set<Session>();
  private readonly identified: Promise<void>;
  private markIdentified: () => void = () => undefined;

  constructor(
    private readonly url: string,
    private readonly handshake: (request: HandshakeRequest) => Handshake,
  ) {
    this.identified = new Promise((resolve) => {
      this.markIdentified = resolve;
    });
  }

  /** Resolves once a client has IDENTIFYed and its READY and GUILD_CREATEs were written. */
  whenIdentified(): Promise<void> {
    return this.identified;
  }

  hasIdentifiedSession(): boolean {
    return [...this.sessions].some((session) => session.identified);
  }

  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    const query = new URL(request.url ?? "/", "ws://localhost").searchParams;
    this.server.handleUpgrade(request, socket, head, (ws) => {
      if (query.get("v") !== "10") {
        ws.close(GatewayCloseCodes.InvalidAPIVersion, "Invalid API version");
        return;
      }
      if (query.get("encoding") !== "json" || query.has("compress")) {
        // Only plain JSON is spoken here; zlib-stream or ETF would be unreadable anyway.
        ws.close(GatewayCloseCodes.DecodeError, "fake-discord speaks uncompressed JSON only");
        return;
      }
      this.accept(ws);
    });
  }

  /** The intents each identified session asked for. */
  identifiedIntents(): number[] {
    return [...this.sessions].filter((session) => session.identified).map((session) => session.intents);
  }

  /** Sends one event to every identified session; `build` sees the session's intents and may skip it. */
  broadcast(build: (intents: number) => DispatchEvent | null): void {
    for (const session of this.sessions) {
      if (!session.identified) continue;
      const event = build(session.intents);
      if (event !== null) session.dispatch(event);
    }
  }

  close(): void {
    for (const session of this.sessions) session.socket.terminate();
    this.sessions.clear();
    this.server.close();
  }

  private accept(ws: WebSocket): void {
    const session = new Session(ws);
    this.sessions.add(session);
    ws.on("close", () => this.sessions.delete(session));
    // A client vanishing mid-frame must not crash the test process; "close" follows and cleans up.
    ws.on("error", () => undefined);
    ws.on("message", (data) => this.receive(session, data));
    session.send({ op: GatewayOpcodes.Hello, d: { heartbeat_interval: HEARTBEAT_INTERVAL_MS }, s: null, t: null });
  }

  private receive(session: Session, data: RawData): void {
    let payload: unknown;
    try {
      payload = JSON.parse(data.toString());
    } catch {
      session.socket.close(GatewayCloseCodes.DecodeError, "Error while decoding payload");
      return;
    }
    if (!isRecord(payload)) {
      session.socket.close(GatewayCloseCodes.DecodeError, "Error while decoding payload");
      return;
    }
    switch (payload["op"]) {
      case GatewayOpcodes.Heartbeat:
        session.send({ op: GatewayOpcodes.HeartbeatAck });
        return;
      case GatewayOpcodes.Identify:
        this.identify(session, payload["d"]);
        return;
      case GatewayOpcodes.Resume:
        // Sessions are not kept across connections; d: false tells the client to IDENTIFY afresh.
        session.send({ op: GatewayOpcodes.InvalidSession, d: false, s: null, t: null });
        return;
      default:
        if (!session.identified) session.socket.close(GatewayCloseCodes.NotAuthenticated, "Not authenticated");
    }
  }

  private identify(session: Session, data: unknown): void {
    if (session.identified) {
      session.socket.close(GatewayCloseCodes.AlreadyAuthenticated, "Already authenticated");
      return;
    }
    if (!isRecord(data) || typeof data["token"] !== "string" || typeof data["intents"] !== "number") {
      session.socket.close(GatewayCloseCodes.DecodeError, "Invalid IDENTIFY payload");
      return;
    }
    session.intents = data["intents"];
    const { ready, guilds } = this.handshake({
      sessionId: secretToken(),
      resumeGatewayUrl: this.url,
      shard: parseShard(data["shard"]),
    });
    session.dispatch({ t: GatewayDispatchEvents.Ready, d: ready });
    for (const guild of guilds) session.dispatch({ t: GatewayDispatchEvents.GuildCreate, d: guild });
    session.identified = true;
    this.markIdentified();
  }
}
