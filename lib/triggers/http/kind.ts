/**
 * The `http` trigger kind: a function served on routes of the repo's API
 * Gateway API, a REST API (payload format 1.0) or an HTTP API (2.0), whichever
 * the repo has; its handler and sample event are those of that format.
 */
import type { RouteKey } from '../../../emulator/src/contract.ts';
import type { TriggerKind } from '../trigger-kind.ts';

export const http: TriggerKind = {
  name: 'http',
  summary: 'routes of the API',
  folder: 'lib/triggers/http',
  routes: true,
  // Named as 0.1 wrote them: repos since have these files, and their Makefiles name them.
  payloads: {
    '1.0': { goEventType: 'events.APIGatewayProxyRequest', samples: ['api-gateway-v1.json'] },
    '2.0': { goEventType: 'events.APIGatewayV2HTTPRequest', samples: ['http-api-v2.json'] },
  },
  // Its events are its routes, on the API of the repo's type (Api or HttpApi): template.yaml.hbs
  // writes them from each function's samEvents (routeEventsOf), beside the API's CORS and URL, the repo's.
  sam: () => ({ events: {}, resources: {}, parameters: {} }),
};

/** A route's event in template.yaml: its key under Events:, the method and path in PascalCase, e.g. GetUsersId. */
export interface RouteEvent {
  readonly id: string;
  readonly method: string;
  readonly path: string;
}

/** One SAM event per route, keyed by a readable id that stays the same while the route does. */
export function routeEventsOf(routes: readonly RouteKey[]): RouteEvent[] {
  const seen = new Set<string>();
  return routes.map(({ method, path }) => {
    const words = [method, ...path.split(/[^A-Za-z0-9]+/)].filter((word) => word !== '');
    const base = words.map((word) => word[0]?.toUpperCase() + word.slice(1).toLowerCase()).join('') + (path === '/' ? 'Root' : '');
    let id = base;
    for (let next = 2; seen.has(id); next++) id = `${base}${next}`;
    seen.add(id);
    return { id, method, path };
  });
}
