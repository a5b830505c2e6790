import type { APIGatewayProxyEvent } from 'aws-lambda';
import { ApiError } from './http';
import type { HandlerScope } from './routes';

/**
 * Who is calling, from the access token API Gateway's Cognito authorizer verified (signature, issuer, expiry, one
 * of the method's scopes): never from the request body. A REST API Lambda proxy integration hands the token's claims
 * to the function as strings in `requestContext.authorizer.claims`
 * (https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-integrate-with-cognito.html).
 */
export interface Principal {
  /** The merchant the token's app client belongs to (`MERCHANT_CLIENTS`). */
  merchantId: string;
  /** The Cognito app client the token was issued to (client IDs are not secrets). */
  clientId: string;
  /** The token's scopes (its space-separated `scope` claim). */
  scopes: ReadonlySet<string>;
}

/** Cognito app client IDs: CreateUserPoolClient's ClientId, [\w+]+, 1-128 characters. */
const CLIENT_ID = /^[\w+]{1,128}$/;

const REALM = 'payments';

/** RFC 6750 section 3: 401 with `WWW-Authenticate: Bearer` when the token is missing or not usable. */
function unauthenticated(message: string): ApiError {
  return new ApiError(401, 'unauthenticated', message, 'Authorization', undefined, {
    'www-authenticate': `Bearer realm="${REALM}", error="invalid_token"`,
  });
}

/** The string claims of the event, if API Gateway passed any. */
function claimsOf(
  event: Pick<APIGatewayProxyEvent, 'requestContext'> | Partial<Pick<APIGatewayProxyEvent, 'requestContext'>>,
): Record<string, unknown> | undefined {
  const claims = (event.requestContext?.authorizer as { claims?: unknown } | null | undefined)?.claims;
  return typeof claims === 'object' && claims !== null && !Array.isArray(claims)
    ? (claims as Record<string, unknown>)
    : undefined;
}

/**
 * The caller of a route that needs a token: 401 when the claims are missing or are not those of a Cognito access
 * token (an ID token, no client, no scope), 403 when its app client is no merchant's. A client that maps to no
 * merchant got a valid token from our pool, so it is authenticated but not allowed: 403, not 401.
 */
export function authenticate(
  event: Partial<Pick<APIGatewayProxyEvent, 'requestContext'>>,
  merchantsByClient: Readonly<Record<string, string>>,
): Principal {
  const claims = claimsOf(event);
  if (!claims)
    throw unauthenticated(
      "an access token of the merchants' user pool is required in the Authorization header",
    );
  const { token_use: use, client_id: clientId, scope } = claims;
  if (
    use !== 'access' ||
    typeof clientId !== 'string' ||
    !CLIENT_ID.test(clientId) ||
    typeof scope !== 'string'
  ) {
    throw unauthenticated('the token is not a Cognito access token of a merchant client');
  }
  const merchantId = Object.hasOwn(merchantsByClient, clientId) ? merchantsByClient[clientId] : undefined;
  if (merchantId === undefined) {
    throw new ApiError(
      403,
      'unknown_client',
      'this client is not a merchant of the payments API',
      'Authorization',
    );
  }
  return { merchantId, clientId, scopes: new Set(scope.split(' ').filter((s) => s !== '')) };
}

/** 403 `insufficient_scope` (RFC 6750 section 3.1) unless the token carries `scope`. */
export function requireScope(principal: Principal, scope: HandlerScope): void {
  if (principal.scopes.has(scope)) return;
  throw new ApiError(
    403,
    'insufficient_scope',
    `this route needs the scope ${scope}`,
    'Authorization',
    undefined,
    {
      'www-authenticate': `Bearer realm="${REALM}", error="insufficient_scope", scope="${scope}"`,
    },
  );
}
