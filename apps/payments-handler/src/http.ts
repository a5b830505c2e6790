import type { APIGatewayProxyResult } from 'aws-lambda';

/** One problem with a request, named by the field (body property, header or path parameter) it concerns. */
export interface FieldProblem {
  field: string;
  message: string;
}

/**
 * An answer other than success, sent as RFC 9457 problem details (`application/problem+json`): `type` (the
 * error's row in the README's error table), `title` (the same for every occurrence of the type), `status`, `detail`
 * (this occurrence), and the extension members `code`, `field` (the first bad field) and `details` (every bad field
 * of a validation error, `[{field, message}]`).
 */
export class ApiError extends Error {
  override readonly name = 'ApiError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
    readonly details?: readonly FieldProblem[],
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
  }
}

const BASE_HEADERS = {
  'content-type': 'application/json',
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
} as const;

export function jsonResponse(
  statusCode: number,
  body: string,
  headers: Readonly<Record<string, string>> = {},
): APIGatewayProxyResult {
  return { statusCode, headers: { ...BASE_HEADERS, ...headers }, body };
}

/**
 * Where the problem types are documented: the error table of apps/payments-handler/README.md, one anchor per code.
 * A placeholder on example.com (RFC 2606) until the table is published at an address of the team's own; RFC 9457
 * (3.1.1) lets a type URI be an identifier that does not resolve, so clients compare it, never fetch it.
 */
export const PROBLEM_TYPE_BASE = 'https://payments.example.com/problems/';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** Each problem type's title (RFC 9457 3.1.3: it does not change from occurrence to occurrence). */
export const PROBLEM_TITLES: Readonly<Record<string, string>> = {
  invalid_json: 'The body is not valid JSON',
  invalid_body: 'The body is not a JSON object',
  missing_field: 'A required field is missing',
  invalid_field: 'A field is not valid',
  missing_header: 'A required header is missing',
  invalid_header: 'A header is not valid',
  unauthenticated: 'No valid access token',
  unknown_client: 'The client is no merchant',
  insufficient_scope: 'The token lacks the scope of this route',
  merchant_mismatch: "The body names another merchant than the token's",
  route_not_found: 'No such route',
  payment_not_found: 'No such payment',
  method_not_allowed: 'Method not allowed here',
  idempotency_key_in_flight: 'A request with this Idempotency-Key is still in progress',
  payload_too_large: 'The body is too large',
  unsupported_media_type: 'The body is not JSON',
  idempotency_key_reused: 'The Idempotency-Key was used with a different request',
  internal_error: 'Internal error',
  service_unavailable: 'Service unavailable; retry later',
};

export function errorResponse(error: ApiError): APIGatewayProxyResult {
  const payload = {
    type: `${PROBLEM_TYPE_BASE}${error.code}`,
    title: PROBLEM_TITLES[error.code] ?? error.code,
    status: error.status,
    detail: error.message,
    code: error.code,
    ...(error.field === undefined ? {} : { field: error.field }),
    ...(error.details === undefined ? {} : { details: error.details }),
  };
  return jsonResponse(error.status, JSON.stringify(payload), {
    ...error.headers,
    'content-type': PROBLEM_CONTENT_TYPE,
  });
}

/**
 * The 5xx the client sees when the database or the audit bucket failed; the request may be retried after
 * `retryAfterSeconds` (the Retry-After header).
 */
export function unavailable(message: string, retryAfterSeconds = 1): ApiError {
  const headers = { 'retry-after': String(retryAfterSeconds) };
  return new ApiError(503, 'service_unavailable', message, undefined, undefined, headers);
}

export function internalError(): ApiError {
  return new ApiError(500, 'internal_error', 'internal error');
}
