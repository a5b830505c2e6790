import { createHash } from 'node:crypto';

export interface Route {
  method: 'GET' | 'POST';
  /** Resource path; `{name}` segments are path parameters. */
  path: string;
}

/** Every route of the REST API; each is an AWS_PROXY integration to the payments function. */
export const ROUTES: readonly Route[] = Object.freeze([
  { method: 'POST', path: '/payments' },
  { method: 'GET', path: '/payments/{id}' },
  { method: 'GET', path: '/health' },
]);

/** The path's segments: `/payments/{id}` -> `['payments', '{id}']`. */
export function pathSegments(path: string): string[] {
  return path.split('/').filter((segment) => segment !== '');
}

/** The path parameters a route declares: `/payments/{id}` -> `['id']`. */
export function pathParameters(path: string): string[] {
  return pathSegments(path).flatMap((segment) => /^\{(\w+)\}$/.exec(segment)?.[1] ?? []);
}

/** Kebab-case slug of a path for logical names: `/payments/{id}` -> `payments-id`. */
export function pathSlug(path: string): string {
  return pathSegments(path)
    .map((segment) => segment.replace(/[{}]/g, '').toLowerCase())
    .join('-');
}

/**
 * A digest of everything a deployment snapshots: the routes and the integration target. A new value
 * replaces the API Gateway deployment, so a route or integration change reaches the stage.
 */
export function routeConfigHash(routes: readonly Route[], integrationUri: string): string {
  return createHash('sha256')
    .update(JSON.stringify({ routes, integration: { type: 'AWS_PROXY', uri: integrationUri } }))
    .digest('hex');
}
