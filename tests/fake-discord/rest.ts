import { applicationRoutes } from "./rest-applications.js";
import { channelRoutes } from "./rest-channels.js";
import { threadRoutes } from "./threads.js";
import { interactionRoutes } from "./rest-interactions.js";
import { fail, matchRoute } from "./route.js";
import type { RestContext, RestRequest, RestResponse } from "./route.js";

const ROUTES = [...applicationRoutes, ...interactionRoutes, ...channelRoutes, ...threadRoutes];

export function routeRequest(context: RestContext, request: RestRequest): RestResponse {
  for (const route of ROUTES) {
    if (route.method !== request.method) continue;
    const params = matchRoute(route.pattern, request.path);
    if (params === null) continue;
    if (route.auth && !request.authorized) return fail(401, 0, "401: Unauthorized");
    return route.handle(context, request, params);
  }
  // Deliberately terse and immediate: the request log shows what was asked for.
  return fail(404, 0, "Unknown");
}
