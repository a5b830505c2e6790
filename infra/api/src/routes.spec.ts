import { ROUTES, pathParameters, pathSlug, routeConfigHash } from './routes';

describe('routes', () => {
  it('declares the payments API: create, read one, health', () => {
    expect(ROUTES.map((r) => `${r.method} ${r.path}`)).toEqual([
      'POST /payments',
      'GET /payments/{id}',
      'GET /health',
    ]);
  });

  it('turns paths into logical-name slugs and path parameters', () => {
    expect(pathSlug('/payments/{id}')).toBe('payments-id');
    expect(pathParameters('/payments/{id}')).toEqual(['id']);
    expect(pathParameters('/health')).toEqual([]);
  });

  it('changes the deployment hash when a route or the integration target changes, and only then', () => {
    const uri = 'arn:aws:apigateway:us-east-1:lambda:path/functions/f/invocations';
    const base = routeConfigHash(ROUTES, uri);
    expect(routeConfigHash([...ROUTES], uri)).toBe(base);
    expect(routeConfigHash([...ROUTES, { method: 'GET', path: '/payments' }], uri)).not.toBe(base);
    expect(routeConfigHash(ROUTES, `${uri}-2`)).not.toBe(base);
  });
});
