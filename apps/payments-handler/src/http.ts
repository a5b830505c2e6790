import type { APIGatewayProxyResult } from 'aws-lambda';

/** One problem with a request, named by the field (body property, header or path parameter) it concerns. */
export interface FieldProblem {
  field: string;
  message: string;
}

/**
 * An answer other than success. Its JSON body is
 * `{"error": {"code", "message", "field"?, "details"?}}`; `field` names the first bad field and `details`
 * lists every bad field of a validation error.
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

export function errorResponse(error: ApiError): APIGatewayProxyResult {
  const payload = {
    error: {
      code: error.code,
      message: error.message,
      ...(error.field === undefined ? {} : { field: error.field }),
      ...(error.details === undefined ? {} : { details: error.details }),
    },
  };
  return jsonResponse(error.status, JSON.stringify(payload), error.headers);
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
