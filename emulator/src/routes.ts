/**
 * Route matching as API Gateway does it: a literal segment beats a `{param}`,
 * which beats a greedy `{param+}`; a method beats `ANY`. The grammar of a
 * route key is the contract's, shared with the generator.
 */
import { formatRouteKey, type RouteKey } from './contract.ts';

export interface RouteMatch {
  /** The route key, e.g. `GET /users/{id}`. */
  readonly routeKey: string;
  /** The route's path template, e.g. `/users/{id}`. */
  readonly resource: string;
  readonly pathParameters: Record<string, string>;
}

interface CompiledRoute {
  readonly routeKey: string;
  readonly method: string;
  readonly resource: string;
  readonly segments: readonly string[];
}

type RouteTable = readonly CompiledRoute[];

export function compileRoutes(routes: readonly RouteKey[]): RouteTable {
  return routes.map((route) => ({ routeKey: formatRouteKey(route), method: route.method, resource: route.path, segments: split(route.path) }));
}

function split(path: string): string[] {
  return path.split('/').filter((segment) => segment !== '');
}

/** Lower is more specific; compared segment by segment, then by method. */
function specificity(route: CompiledRoute): number[] {
  const ranks = route.segments.map((segment) => (segment.endsWith('+}') ? 2 : segment.startsWith('{') ? 1 : 0));
  return [...ranks, 3, route.method === 'ANY' ? 1 : 0];
}

function compare(a: number[], b: number[]): number {
  for (let index = 0; index < Math.max(a.length, b.length); index++) {
    const difference = (a[index] ?? 3) - (b[index] ?? 3);
    if (difference !== 0) return difference;
  }
  return 0;
}

function matchSegments(route: CompiledRoute, segments: readonly string[]): Record<string, string> | undefined {
  // Values come from the client's path: a map without a prototype holds them.
  const parameters = Object.create(null) as Record<string, string>;
  for (const [index, template] of route.segments.entries()) {
    if (template.endsWith('+}')) {
      const rest = segments.slice(index);
      if (rest.length === 0) return undefined;
      parameters[template.slice(1, -2)] = rest.join('/');
      return parameters;
    }
    const segment = segments[index];
    if (segment === undefined) return undefined;
    if (template.startsWith('{')) parameters[template.slice(1, -1)] = segment;
    else if (template !== segment) return undefined;
  }
  return segments.length === route.segments.length ? parameters : undefined;
}

export function matchRoute(table: RouteTable, method: string, path: string): RouteMatch | undefined {
  const segments = split(path);
  let best: { route: CompiledRoute; parameters: Record<string, string>; rank: number[] } | undefined;
  for (const route of table) {
    if (route.method !== 'ANY' && route.method !== method) continue;
    const parameters = matchSegments(route, segments);
    if (!parameters) continue;
    const rank = specificity(route);
    if (!best || compare(rank, best.rank) < 0) best = { route, parameters, rank };
  }
  return best && { routeKey: best.route.routeKey, resource: best.route.resource, pathParameters: best.parameters };
}

/** Whether a route of any method has this path: a REST API's OPTIONS method for CORS sits on each such path. */
export function servesPath(table: RouteTable, path: string): boolean {
  const segments = split(path);
  return table.some((route) => matchSegments(route, segments) !== undefined);
}
