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

/** A route's path segment, classified once: matching runs on every request. */
type Segment = { readonly kind: 'literal'; readonly text: string } | { readonly kind: 'parameter' | 'greedy'; readonly name: string };

interface CompiledRoute {
  readonly routeKey: string;
  readonly method: string;
  readonly resource: string;
  readonly segments: readonly Segment[];
  /** Lower is more specific; compared segment by segment, then by method. */
  readonly rank: readonly number[];
}

type RouteTable = readonly CompiledRoute[];

export function compileRoutes(routes: readonly RouteKey[]): RouteTable {
  return routes.map((route) => {
    const segments = split(route.path).map((segment): Segment => {
      if (segment.endsWith('+}')) return { kind: 'greedy', name: segment.slice(1, -2) };
      if (segment.startsWith('{')) return { kind: 'parameter', name: segment.slice(1, -1) };
      return { kind: 'literal', text: segment };
    });
    const ranks = segments.map((segment) => (segment.kind === 'greedy' ? 2 : segment.kind === 'parameter' ? 1 : 0));
    return { routeKey: formatRouteKey(route), method: route.method, resource: route.path, segments, rank: [...ranks, 3, route.method === 'ANY' ? 1 : 0] };
  });
}

function split(path: string): string[] {
  return path.split('/').filter((segment) => segment !== '');
}

function compare(a: readonly number[], b: readonly number[]): number {
  for (let index = 0; index < Math.max(a.length, b.length); index++) {
    const difference = (a[index] ?? 3) - (b[index] ?? 3);
    if (difference !== 0) return difference;
  }
  return 0;
}

function matchSegments(route: CompiledRoute, segments: readonly string[]): Record<string, string> | undefined {
  const templates = route.segments;
  // Most routes fail on their first literal: find out before allocating anything.
  for (let index = 0; index < templates.length; index++) {
    const template = templates[index] as Segment;
    if (template.kind === 'greedy') break;
    const segment = segments[index];
    if (segment === undefined || (template.kind === 'literal' && template.text !== segment)) return undefined;
    if (index === templates.length - 1 && segments.length !== templates.length) return undefined;
  }
  if (templates.length === 0 && segments.length > 0) return undefined;
  // Values come from the client's path: a map without a prototype holds them.
  const parameters = Object.create(null) as Record<string, string>;
  for (let index = 0; index < templates.length; index++) {
    const template = templates[index] as Segment;
    if (template.kind === 'greedy') {
      if (segments.length <= index) return undefined;
      parameters[template.name] = segments.slice(index).join('/');
      return parameters;
    }
    if (template.kind === 'parameter') parameters[template.name] = segments[index] as string;
  }
  return parameters;
}

export function matchRoute(table: RouteTable, method: string, path: string): RouteMatch | undefined {
  const segments = split(path);
  let best: { route: CompiledRoute; parameters: Record<string, string> } | undefined;
  for (const route of table) {
    if (route.method !== 'ANY' && route.method !== method) continue;
    const parameters = matchSegments(route, segments);
    if (!parameters) continue;
    if (!best || compare(route.rank, best.route.rank) < 0) best = { route, parameters };
  }
  return best && { routeKey: best.route.routeKey, resource: best.route.resource, pathParameters: best.parameters };
}

/** Whether a route of any method has this path: a REST API's OPTIONS method for CORS sits on each such path. */
export function servesPath(table: RouteTable, path: string): boolean {
  const segments = split(path);
  return table.some((route) => matchSegments(route, segments) !== undefined);
}
