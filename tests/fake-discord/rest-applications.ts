import type { APIApplication, RESTGetAPIGatewayBotResult } from "discord-api-types/v10";
import { commandListErrors, registeredCommands } from "./commands.js";
import { apiUser, APPLICATION_FLAGS } from "./fixtures.js";
import { isRecord } from "./guards.js";
import { fail, ok, param } from "./route.js";
import type { RestContext, RestRequest, RestResponse, Route, RouteParams } from "./route.js";

function application(context: RestContext): APIApplication {
  const { world } = context;
  return {
    id: world.applicationId,
    name: world.botUser.username,
    icon: null,
    description: "",
    summary: "",
    bot_public: false,
    bot_require_code_grant: false,
    bot: apiUser(world.botUser),
    verify_key: "0".repeat(64),
    team: null,
    flags: APPLICATION_FLAGS,
    flags_new: String(APPLICATION_FLAGS),
  };
}

function wrongApplication(context: RestContext, params: RouteParams): RestResponse | null {
  return param(params, "app") === context.world.applicationId ? null : fail(403, 50001, "Missing Access");
}

function commandScope(context: RestContext, params: RouteParams): { scope: string; guildId: string | null } | RestResponse {
  const guildId = params["guild"];
  if (guildId === undefined) return { scope: "global", guildId: null };
  return context.world.guilds.has(guildId) ? { scope: guildId, guildId } : fail(404, 10004, "Unknown Guild");
}

function listCommands(context: RestContext, _request: RestRequest, params: RouteParams): RestResponse {
  const rejected = wrongApplication(context, params);
  if (rejected !== null) return rejected;
  const target = commandScope(context, params);
  if ("status" in target) return target;
  return ok(context.world.commands.get(target.scope) ?? []);
}

function overwriteCommands(context: RestContext, request: RestRequest, params: RouteParams): RestResponse {
  const rejected = wrongApplication(context, params);
  if (rejected !== null) return rejected;
  const target = commandScope(context, params);
  if ("status" in target) return target;
  const errors = commandListErrors(request.body);
  if (errors.length > 0 || !Array.isArray(request.body)) {
    return fail(400, 50035, `Invalid Form Body\n${errors.join("\n")}`);
  }
  const { world } = context;
  const commands = registeredCommands(request.body, world.applicationId, target.guildId, world.commands.get(target.scope) ?? []);
  world.commands.set(target.scope, commands);
  return ok(commands);
}

export const applicationRoutes: Route[] = [
  {
    method: "GET",
    pattern: "/gateway",
    auth: false,
    handle: (context) => ok({ url: context.gatewayUrl }),
  },
  {
    method: "GET",
    pattern: "/gateway/bot",
    auth: true,
    handle: (context) =>
      ok({
        url: context.gatewayUrl,
        shards: 1,
        session_start_limit: { total: 1000, remaining: 1000, reset_after: 86_400_000, max_concurrency: 1 },
      } satisfies RESTGetAPIGatewayBotResult),
  },
  {
    method: "GET",
    pattern: "/users/@me",
    auth: true,
    handle: (context) => ok({ ...apiUser(context.world.botUser), verified: true, mfa_enabled: false }),
  },
  {
    method: "GET",
    pattern: "/users/:user",
    auth: true,
    handle: (context, _request, params) => {
      const user = context.world.users.get(param(params, "user"));
      return user === undefined ? fail(404, 10013, "Unknown User") : ok(apiUser(user));
    },
  },
  {
    method: "POST",
    pattern: "/users/@me/channels",
    auth: true,
    handle: (context, request) => {
      const recipientId = isRecord(request.body) ? request.body["recipient_id"] : undefined;
      const user = typeof recipientId === "string" ? context.world.users.get(recipientId) : undefined;
      return user === undefined ? fail(404, 10013, "Unknown User") : ok(context.world.dmChannelFor(user));
    },
  },
  { method: "GET", pattern: "/applications/@me", auth: true, handle: (context) => ok(application(context)) },
  { method: "GET", pattern: "/oauth2/applications/@me", auth: true, handle: (context) => ok(application(context)) },
  { method: "GET", pattern: "/applications/:app/commands", auth: true, handle: listCommands },
  { method: "PUT", pattern: "/applications/:app/commands", auth: true, handle: overwriteCommands },
  { method: "GET", pattern: "/applications/:app/guilds/:guild/commands", auth: true, handle: listCommands },
  { method: "PUT", pattern: "/applications/:app/guilds/:guild/commands", auth: true, handle: overwriteCommands },
];
