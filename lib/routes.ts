/** API Gateway route keys: `METHOD /path/{param}`, `{proxy+}` greedy, `ANY`. */

export const routeMethods = ['ANY', 'GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] as const;
export type RouteMethod = (typeof routeMethods)[number];

export interface Route {
  readonly method: RouteMethod;
  /** The route template, e.g. `/users/{id}` or `/{proxy+}`. */
  readonly path: string;
}

const literalSegment = /^[A-Za-z0-9._~-]+$/;
const parameterSegment = /^\{[A-Za-z_][A-Za-z0-9_]*\}$/;
const greedySegment = /^\{[A-Za-z_][A-Za-z0-9_]*\+\}$/;

function isRoutePath(path: string): boolean {
  if (path === '/') return true;
  if (!path.startsWith('/')) return false;
  const segments = path.slice(1).split('/');
  return segments.every((segment, index) => {
    if (literalSegment.test(segment) || parameterSegment.test(segment)) return true;
    // API Gateway allows a greedy parameter only as the last segment.
    return greedySegment.test(segment) && index === segments.length - 1;
  });
}

/** Parses one route key; undefined when it is not one API Gateway accepts. */
export function parseRoute(text: string): Route | undefined {
  const parts = text.trim().split(/\s+/);
  if (parts.length !== 2) return undefined;
  const [method, path] = parts as [string, string];
  const upper = method.toUpperCase();
  if (!(routeMethods as readonly string[]).includes(upper) || !isRoutePath(path)) return undefined;
  return { method: upper as RouteMethod, path };
}

/** Parses a comma list of route keys; undefined if any is invalid, empty or repeated. */
export function parseRouteList(text: string): Route[] | undefined {
  const routes: Route[] = [];
  const seen = new Set<string>();
  for (const item of text.split(',')) {
    const route = parseRoute(item);
    if (!route) return undefined;
    const key = formatRoute(route);
    if (seen.has(key)) return undefined;
    seen.add(key);
    routes.push(route);
  }
  return routes;
}

export function formatRoute(route: Route): string {
  return `${route.method} ${route.path}`;
}
