import { OAUTH_SCOPES, PUBLIC_ROUTES } from '@payments/config';
import { ROUTES, pathParameters, pathSlug, routeConfigHash } from './routes';

describe('routes', () => {
  it("declares the payments API from the handler's table: create, read one, health, and what each needs", () => {
    expect(ROUTES.map((r) => `${r.method} ${r.path} ${r.access}`)).toEqual([
      'POST /payments payments/write',
      'GET /payments/{id} payments/read',
      'GET /health public',
    ]);
  });

  it("needs a scope of the identity stack's resource server, except the routes packages/config names public", () => {
    expect(ROUTES.filter((r) => r.access === 'public').map((r) => `${r.method} ${r.path}`)).toEqual([
      ...PUBLIC_ROUTES,
    ]);
    for (const route of ROUTES.filter((r) => r.access !== 'public'))
      expect(OAUTH_SCOPES).toContain(route.access);
  });

  it('turns paths into logical-name slugs and path parameters', () => {
    expect(pathSlug('/payments/{id}')).toBe('payments-id');
    expect(pathParameters('/payments/{id}')).toEqual(['id']);
    expect(pathParameters('/health')).toEqual([]);
  });

  it('changes the deployment hash when a route, its scope, the authorizer or the integration changes, and only then', () => {
    const uri = 'arn:aws:apigateway:us-east-1:lambda:path/functions/f/invocations';
    const base = routeConfigHash(ROUTES, uri, 'abc123');
    expect(routeConfigHash([...ROUTES], uri, 'abc123')).toBe(base);
    expect(
      routeConfigHash(
        [...ROUTES, { method: 'GET', path: '/payments', access: 'payments/read' }],
        uri,
        'abc123',
      ),
    ).not.toBe(base);
    const reScoped = ROUTES.map((r) =>
      r.path === '/payments' ? { ...r, access: 'payments/read' as const } : r,
    );
    expect(routeConfigHash(reScoped, uri, 'abc123')).not.toBe(base);
    expect(routeConfigHash(ROUTES, `${uri}-2`, 'abc123')).not.toBe(base);
    expect(routeConfigHash(ROUTES, uri, 'def456')).not.toBe(base);
  });
});
