import { ENVIRONMENTS } from './environments';

/**
 * The OAuth 2.0 vocabulary of the payments API, shared by the stack that issues tokens (infra/identity: the
 * user pool's resource server and each merchant's app client) and the ones that check them (infra/api's
 * authorizer, the payments handler). A scope is `<resource server identifier>/<name>`, as Cognito writes it in an
 * access token's `scope` claim
 * (https://docs.aws.amazon.com/cognito/latest/developerguide/cognito-user-pools-define-resource-servers.html).
 */
export const OAUTH_RESOURCE_SERVER = 'payments';

/** What a merchant's client may be granted: read its payments, create payments. */
export const OAUTH_SCOPES = ['payments/read', 'payments/write'] as const;

export type OAuthScope = (typeof OAUTH_SCOPES)[number];

/**
 * The routes of the payments API that anyone may call without a token (`<METHOD> <path>`). Everything else
 * needs a Cognito access token with the route's scope; policy `apigateway-method-authorization` fails synth and
 * preview for any other method without authorization. Making a route public is a code change, reviewed, never a
 * stack-file override.
 */
export const PUBLIC_ROUTES: readonly string[] = Object.freeze(['GET /health']);

/**
 * A merchant ID in config: lowercase kebab-case, starting with a letter, at most 40 characters. It names the
 * merchant's app client (`payments-<env>-merchant-<id>`) and is the `merchant_id` its payments are stored
 * under (a subset of what the payments table accepts).
 */
export const MERCHANT_ID_PATTERN = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;
export const MERCHANT_ID_MAX_LENGTH = 40;

/**
 * At most this many merchants per environment. The api stack hands the payments function the client-to-merchant
 * map in an environment variable, and Lambda allows 4 KB for all of a function's variables together
 * (https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html): 40 entries of a 26-character client
 * ID and a 40-character merchant ID take about 2.9 KB, leaving room for the other variables.
 */
export const MAX_MERCHANTS = 40;

/** Why `id` cannot be a merchant ID, or undefined when it can. */
export function merchantIdProblem(id: string): string | undefined {
  if (id.length > MERCHANT_ID_MAX_LENGTH) return `longer than ${MERCHANT_ID_MAX_LENGTH} characters`;
  if (!MERCHANT_ID_PATTERN.test(id)) return 'not lowercase kebab-case starting with a letter';
  // The merchant's app client is named payments-<env>-merchant-<id>: another environment's name in the ID
  // would put a second environment in that name (DESIGN-6).
  const environment = id.split('-').find((token) => (ENVIRONMENTS as readonly string[]).includes(token));
  if (environment) return `contains the environment name '${environment}'`;
  return undefined;
}
