import { createHash } from 'node:crypto';
import { HANDLER_ROUTES, type HandlerRoute } from '@payments/payments-handler';

export type Route = HandlerRoute;

/**
 * Every route of the REST API, each an AWS_PROXY integration to the payments function: the handler's own table
 * (@payments/payments-handler), with the scope each needs, or `public`.
 */
export const ROUTES: readonly Route[] = HANDLER_ROUTES;

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
 * A digest of everything a deployment snapshots: the routes with their authorization, the authorizer and the
 * integration target. A new value replaces the API Gateway deployment, so a route, scope, authorizer or
 * integration change reaches the stage.
 */
export function routeConfigHash(
  routes: readonly Route[],
  integrationUri: string,
  authorizerId: string,
): string {
  return createHash('sha256')
    .update(
      JSON.stringify({
        routes,
        authorizer: { type: 'COGNITO_USER_POOLS', id: authorizerId },
        integration: { type: 'AWS_PROXY', uri: integrationUri },
      }),
    )
    .digest('hex');
}
