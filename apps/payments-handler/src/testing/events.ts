import { randomUUID } from 'node:crypto';
import type { ProxyEvent } from '../handler';
import type { LogSink } from '../log';
import { MERCHANTS } from './database';

/**
 * The claims API Gateway's Cognito authorizer passes to the function for a client credentials access token, as
 * strings (iss, exp and the like included, as API Gateway sends them).
 */
export function accessTokenClaims(
  clientId: string,
  scopes: readonly string[] = ['payments/read', 'payments/write'],
): Record<string, string> {
  return {
    sub: clientId,
    token_use: 'access',
    scope: scopes.join(' '),
    auth_time: '1764518400',
    iss: 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_AbCdEfGhI',
    exp: 'Sun Nov 30 18:00:00 UTC 2026',
    iat: 'Sun Nov 30 17:00:00 UTC 2026',
    version: '2',
    jti: randomUUID(),
    client_id: clientId,
  };
}

/** Who makes a request: a merchant's client with its scopes, raw claims, or nobody (no authorizer claims). */
export type Caller = { clientId: string; scopes?: readonly string[] } | { claims: unknown } | null;

/** Acme's client, allowed to read and write: the default caller. */
export const ACME: Caller = { clientId: MERCHANTS.acme.clientId };
export const GLOBEX: Caller = { clientId: MERCHANTS.globex.clientId };

function requestContext(caller: Caller): ProxyEvent['requestContext'] {
  const claims =
    caller === null
      ? undefined
      : 'claims' in caller
        ? caller.claims
        : accessTokenClaims(caller.clientId, caller.scopes);
  return {
    requestId: randomUUID(),
    ...(claims === undefined ? {} : { authorizer: { claims } }),
  } as unknown as ProxyEvent['requestContext'];
}

/** An API Gateway REST (v1) proxy event, as the stage sends it; `caller` is whose token the authorizer verified. */
export function event(
  method: string,
  path: string,
  init: Partial<ProxyEvent> = {},
  caller: Caller = ACME,
): ProxyEvent {
  const headers = init.headers ?? {};
  return {
    httpMethod: method,
    path,
    headers,
    multiValueHeaders: Object.fromEntries(
      Object.entries(headers).flatMap(([key, value]) => (value === undefined ? [] : [[key, [value]]])),
    ),
    body: null,
    isBase64Encoded: false,
    requestContext: requestContext(caller),
    ...init,
  };
}

export const validPayment = {
  amount: 1250,
  currency: 'EUR',
  description: 'Order 1001',
};

/** `POST /payments`; `key: null` sends no Idempotency-Key. */
export function post(
  body: unknown,
  key: string | null = randomUUID(),
  headers: Record<string, string> = {},
  caller: Caller = ACME,
) {
  return event(
    'POST',
    '/payments',
    {
      resource: '/payments',
      headers: {
        'Content-Type': 'application/json',
        ...(key === null ? {} : { 'Idempotency-Key': key }),
        ...headers,
      },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    },
    caller,
  );
}

/** `GET path`, with the resource and path parameters API Gateway adds. */
export function get(path: string, caller: Caller = ACME): ProxyEvent {
  const id = /^\/payments\/(.+)$/.exec(path)?.[1];
  return event(
    'GET',
    path,
    id === undefined ? { resource: path } : { resource: '/payments/{id}', pathParameters: { id } },
    caller,
  );
}

/** Collects log lines; `entries()` parses them (every line must be one JSON object). */
export function captureLogs(): { sink: LogSink; lines: string[]; entries(): Record<string, unknown>[] } {
  const lines: string[] = [];
  return {
    sink: (line) => lines.push(line),
    lines,
    entries: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}
