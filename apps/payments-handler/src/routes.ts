// The payments API's routes and what each requires, owned here with the code that serves them: infra/api builds its
// REST API methods and their Cognito authorization from this table, and the handler checks the same scopes on the
// authorizer's claims. Plain data: importing it loads no driver and no SDK.

/** The OAuth 2.0 scopes of the API's resource server (packages/config OAUTH_SCOPES; a test keeps them equal). */
export type HandlerScope = 'payments/read' | 'payments/write';

export interface HandlerRoute {
  method: 'GET' | 'POST';
  /** Resource path; `{name}` segments are path parameters. */
  path: string;
  /**
   * The scope an access token needs for this route; `public`: no token at all (only what packages/config
   * PUBLIC_ROUTES lists).
   */
  access: HandlerScope | 'public';
}

export const HANDLER_ROUTES: readonly HandlerRoute[] = Object.freeze([
  { method: 'POST', path: '/payments', access: 'payments/write' },
  { method: 'GET', path: '/payments/{id}', access: 'payments/read' },
  // Answers whether the database is reachable, and nothing about any payment.
  { method: 'GET', path: '/health', access: 'public' },
]);

/** `POST /payments`: how routes are named in logs and in packages/config PUBLIC_ROUTES. */
export const routeKey = (route: Pick<HandlerRoute, 'method' | 'path'>): string =>
  `${route.method} ${route.path}`;

/**
 * The database role the payments function connects as, with IAM authentication. Migration 0003 creates it with
 * only what the handler needs; the api stack grants its function `rds-db:connect` as this user and no more.
 */
export const PAYMENTS_DB_USER = 'payments_app';
