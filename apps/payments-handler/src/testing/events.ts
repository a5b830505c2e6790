import { randomUUID } from 'node:crypto';
import type { ProxyEvent } from '../handler';
import type { LogSink } from '../log';

/** An API Gateway REST (v1) proxy event, as the stage sends it. */
export function event(method: string, path: string, init: Partial<ProxyEvent> = {}): ProxyEvent {
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
    requestContext: { requestId: randomUUID() } as ProxyEvent['requestContext'],
    ...init,
  };
}

export const validPayment = {
  amount: 1250,
  currency: 'EUR',
  merchantId: 'merchant_42',
  description: 'Order 1001',
};

/** `POST /payments`; `key: null` sends no Idempotency-Key. */
export function post(body: unknown, key: string | null = randomUUID(), headers: Record<string, string> = {}) {
  return event('POST', '/payments', {
    resource: '/payments',
    headers: {
      'Content-Type': 'application/json',
      ...(key === null ? {} : { 'Idempotency-Key': key }),
      ...headers,
    },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

/** `GET path`, with the resource and path parameters API Gateway adds. */
export function get(path: string): ProxyEvent {
  const id = /^\/payments\/(.+)$/.exec(path)?.[1];
  return event(
    'GET',
    path,
    id === undefined ? { resource: path } : { resource: '/payments/{id}', pathParameters: { id } },
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
