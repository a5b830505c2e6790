import { ENVIRONMENTS } from './environments';
import {
  MERCHANT_ID_MAX_LENGTH,
  OAUTH_RESOURCE_SERVER,
  OAUTH_SCOPES,
  PUBLIC_ROUTES,
  merchantIdProblem,
} from './identity';

describe('the OAuth vocabulary', () => {
  it("names every scope after the resource server, as Cognito writes them in a token's scope claim", () => {
    expect(OAUTH_SCOPES.every((scope) => scope.startsWith(`${OAUTH_RESOURCE_SERVER}/`))).toBe(true);
    expect(OAUTH_SCOPES).toEqual(['payments/read', 'payments/write']);
  });

  it('leaves only the health check public', () => {
    expect(PUBLIC_ROUTES).toEqual(['GET /health']);
    expect(Object.isFrozen(PUBLIC_ROUTES)).toBe(true);
  });
});

describe('merchantIdProblem', () => {
  it.each(['acme', 'acme-shop', 'shop-42', `a${'b'.repeat(MERCHANT_ID_MAX_LENGTH - 1)}`])(
    'accepts %s',
    (id) => {
      expect(merchantIdProblem(id)).toBeUndefined();
    },
  );

  it.each([
    ['', 'not lowercase kebab-case starting with a letter'],
    ['42-shop', 'not lowercase kebab-case starting with a letter'],
    ['Acme', 'not lowercase kebab-case starting with a letter'],
    ['acme_shop', 'not lowercase kebab-case starting with a letter'],
    ['acme--shop', 'not lowercase kebab-case starting with a letter'],
    ['acme-', 'not lowercase kebab-case starting with a letter'],
    [`a${'b'.repeat(MERCHANT_ID_MAX_LENGTH)}`, `longer than ${MERCHANT_ID_MAX_LENGTH} characters`],
    ...ENVIRONMENTS.map((env) => [`shop-${env}`, `contains the environment name '${env}'`]),
  ])('refuses %j: %s', (id, why) => {
    expect(merchantIdProblem(id)).toBe(why);
  });
});
