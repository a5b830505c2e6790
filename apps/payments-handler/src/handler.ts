import { S3Client } from '@aws-sdk/client-s3';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { DEFAULT_AUDIT_RETRY, putAuditObject, type AuditRetry } from './audit';
import { authenticate, requireScope, type Principal } from './auth';
import { BudgetExhaustedError, createBudget, type Budget } from './budget';
import { loadPaymentsConfig, type Env, type PaymentsConfig } from './config';
import {
  CommitFailedError,
  createDatabase,
  DatabaseUnreachableError,
  DependencyError,
  type ConnectRetry,
  type Database,
} from './db';
import { ApiError, errorResponse, internalError, jsonResponse, unavailable } from './http';
import { createLogger, errorFields, type LogFields, type Logger, type LogSink } from './log';
import { createIamTokenSource, type TokenSigner } from './iam-auth';
import { markAuditDelivered } from './outbox';
import { createPayment, findPayment, renderPayment, type Payment } from './payments';
import { HANDLER_ROUTES, routeKey, type HandlerRoute } from './routes';
import type { PasswordSource } from './secrets';
import {
  checkContentType,
  checkMerchant,
  decodeBody,
  parseCreatePayment,
  parseIdempotencyKey,
  parsePaymentId,
  requestHash,
} from './validation';
import { PAYMENTS_POOL_MAX } from './pool';

export type ProxyEvent = Pick<
  APIGatewayProxyEvent,
  'httpMethod' | 'path' | 'headers' | 'multiValueHeaders' | 'body' | 'isBase64Encoded'
> &
  Partial<Pick<APIGatewayProxyEvent, 'resource' | 'pathParameters' | 'requestContext'>>;

export interface PaymentsHandlerOptions {
  /** Defaults to `process.env`, read on the first request. */
  env?: Env;
  /**
   * The database password of both pools. Defaults to an IAM authentication token per endpoint, signed with the
   * function's role; tests against a server that knows no IAM pass their own.
   */
  credentials?: PasswordSource;
  /** Signs the IAM tokens of the default credentials (tests count them); the AWS SDK's by default. */
  tokenSigner?: TokenSigner;
  s3?: S3Client;
  logSink?: LogSink;
  /** Connections per pool (writer, reader); PAYMENTS_POOL_MAX (1) by default. Tests raise it for concurrency. */
  poolMax?: number;
  /** The audit put right after COMMIT (the relay retries whatever it leaves). */
  auditRetry?: AuditRetry;
  /** Limit on one connection attempt (tests shorten it). */
  connectionTimeoutMs?: number;
  /** Longest wait for a concurrent request holding the same Idempotency-Key before answering 409. */
  keyWaitMs?: number;
}

/** A connection attempt's own limit: a live database in the same VPC answers in tens of milliseconds. */
export const PAYMENTS_CONNECT_TIMEOUT_MS = 2_000;
/** The function's timeout when no Lambda context says otherwise (packages/config `api.lambda.timeoutSeconds`). */
export const DEFAULT_PAYMENTS_TIMEOUT_MS = 10_000;
/** Kept from the remaining time for the request's own work after connecting (queries, the audit put). */
const REQUEST_RESERVE_MS = 4_000;
/**
 * Retry-After when the database could not be reached: a paused dev Aurora resumes in about 15 s after the
 * attempt that woke it (see ConnectRetry in db.ts), so an earlier retry would only fail again.
 */
export const UNREACHABLE_RETRY_AFTER_SECONDS = 15;
/**
 * How long a request waits for another one with the same key to finish before answering 409: the first one's
 * transaction is an INSERT, an outbox INSERT and a COMMIT (milliseconds), so a wait this long means it is stuck.
 */
export const KEY_WAIT_MS = 1_000;

/**
 * One request's connection budget: a second attempt after a short pause if it fits in the invocation's
 * remaining time less REQUEST_RESERVE_MS; a database still unreachable then answers 503 + Retry-After
 * rather than letting the function time out. With the default 10 s timeout: at most 2 + 0.25 + 2 s.
 */
export function paymentsConnectRetry(remainingMs: number, now: number = Date.now()): ConnectRetry {
  return {
    deadline: now + remainingMs - REQUEST_RESERVE_MS,
    maxAttempts: 2,
    baseDelayMs: 250,
    maxDelayMs: 250,
  };
}

/** What the handler reads of the Lambda context (tests and benchmarks may leave out the remaining time). */
export type InvocationContext = Pick<Context, 'awsRequestId'> &
  Partial<Pick<Context, 'getRemainingTimeInMillis'>>;

/** The payments function of one container. */
export interface PaymentsHandler {
  /** One request; `context.getRemainingTimeInMillis()` bounds its connection attempts (default 10 s). */
  handle(event: ProxyEvent, context?: InvocationContext): Promise<APIGatewayProxyResult>;
  /** Ends the connection pools (tests, benchmarks). */
  close(): Promise<void>;
  /** How many database passwords (IAM tokens) this container obtained. */
  readonly credentialFetches: number;
}

/** What a container keeps between requests: settings, credentials, connection pools, AWS clients. */
interface Container {
  config: PaymentsConfig;
  credentials: readonly PasswordSource[];
  writer: Database;
  reader: Database;
  s3: S3Client;
}

interface Request {
  event: ProxyEvent;
  requestId: string;
  log: Logger;
  /** This request's time, from the invocation's remaining time: every wait is cut to it. */
  budget: Budget;
  /** This request's connection attempts, within the budget. */
  retry: ConnectRetry;
  /** Fields added to the request's completion log line. */
  fields: Record<string, LogFields[string]>;
}

/** Each path of HANDLER_ROUTES, `{name}` segments matching any one segment, with its routes by method. */
const PATHS: readonly { pattern: RegExp; methods: Partial<Record<string, HandlerRoute>> }[] = [
  ...new Set(HANDLER_ROUTES.map((r) => r.path)),
].map((path) => ({
  pattern: new RegExp(`^${path.replace(/\{\w+\}/g, '[^/]+')}$`),
  methods: Object.fromEntries(HANDLER_ROUTES.filter((r) => r.path === path).map((r) => [r.method, r])),
}));

/**
 * The route of a request. API Gateway names the matched resource (`/payments/{id}`) whatever base path a
 * custom domain adds to `path`; a direct invocation may carry only `path`.
 */
function route(event: ProxyEvent): HandlerRoute {
  const target = event.resource ?? event.path;
  const path = PATHS.find(({ pattern }) => pattern.test(target));
  if (!path) throw new ApiError(404, 'route_not_found', `no route for ${event.path}`, 'path');
  const found = Object.hasOwn(path.methods, event.httpMethod) ? path.methods[event.httpMethod] : undefined;
  if (!found) {
    const allow = Object.keys(path.methods).join(', ');
    const message = `${event.httpMethod} is not allowed here; use ${allow}`;
    throw new ApiError(405, 'method_not_allowed', message, 'method', undefined, { allow });
  }
  return found;
}

function pathId(event: ProxyEvent): string | undefined {
  const raw =
    event.pathParameters?.id ?? (event.resource === undefined ? event.path.split('/')[2] : undefined);
  try {
    return raw === undefined ? undefined : decodeURIComponent(raw);
  } catch {
    return undefined;
  }
}

export function createPaymentsHandler(options: PaymentsHandlerOptions = {}): PaymentsHandler {
  const log = createLogger(options.logSink, { service: 'payments-api' });
  let container: Container | undefined;

  const start = (): Container => {
    const config = loadPaymentsConfig(options.env ?? process.env);
    // IAM authentication: a token per endpoint (a token is signed for its host), no secret anywhere.
    const credentials = options.credentials
      ? [options.credentials]
      : [config.writer, config.reader].map((db) =>
          createIamTokenSource({ host: db.host, port: db.port, user: db.user }, options.tokenSigner),
        );
    const [writerCredentials, readerCredentials = writerCredentials] = credentials as [
      PasswordSource,
      PasswordSource?,
    ];
    const poolOptions = {
      max: options.poolMax ?? PAYMENTS_POOL_MAX,
      connectionTimeoutMs: options.connectionTimeoutMs ?? PAYMENTS_CONNECT_TIMEOUT_MS,
    };
    return {
      config,
      credentials,
      writer: createDatabase(config.writer, writerCredentials, log, poolOptions),
      reader: createDatabase(config.reader, readerCredentials, log, poolOptions),
      // Retries are the audit writer's own (see writeAuditRecord), bounded to fit the function's timeout.
      s3:
        options.s3 ??
        new S3Client({ maxAttempts: 1, requestHandler: { connectionTimeout: 1_000, requestTimeout: 2_000 } }),
    };
  };

  const create = async (
    c: Container,
    request: Request,
    merchant: Principal,
  ): Promise<APIGatewayProxyResult> => {
    const { event } = request;
    checkContentType(event.headers, event.multiValueHeaders);
    const text = decodeBody(event.body, event.isBase64Encoded);
    const key = parseIdempotencyKey(event.headers, event.multiValueHeaders);
    const payment = parseCreatePayment(text, c.config.limits);
    checkMerchant(payment, merchant.merchantId);

    const writer = c.writer.withBudget(request.retry, request.budget);
    const hash = requestHash(payment, merchant.merchantId);
    const outcome = await createPayment(writer, merchant.merchantId, payment, key, hash, {
      requestId: request.requestId,
      keyWaitMs: request.budget.slice(options.keyWaitMs ?? KEY_WAIT_MS),
    });
    request.fields.outcome = outcome.kind;
    if (outcome.kind === 'conflict') {
      throw new ApiError(
        422,
        'idempotency_key_reused',
        'this Idempotency-Key was used with a different request',
        'Idempotency-Key',
      );
    }
    if (outcome.kind === 'in-flight') {
      throw new ApiError(
        409,
        'idempotency_key_in_flight',
        'a request with this Idempotency-Key is still being processed; retry with the same key',
        'Idempotency-Key',
        undefined,
        { 'retry-after': '1' },
      );
    }
    if (outcome.kind === 'created') {
      request.fields.paymentId = outcome.payment.id;
      await deliverAudit(c, request, outcome.payment, outcome.audit);
    }
    const headers: Record<string, string> =
      outcome.kind === 'replayed' ? { 'idempotent-replayed': 'true' } : {};
    return jsonResponse(outcome.response.status, outcome.response.body, headers);
  };

  /**
   * The committed payment's audit object, put now if S3 and the budget allow; otherwise its outbox row stays and
   * the relay puts it. Never fails the request: the payment is committed, so the client gets its 201.
   */
  const deliverAudit = async (
    c: Container,
    request: Request,
    payment: Payment,
    audit: Parameters<typeof putAuditObject>[2],
  ): Promise<void> => {
    try {
      await putAuditObject(
        c.s3,
        c.config.audit,
        audit,
        request.log,
        options.auditRetry ?? DEFAULT_AUDIT_RETRY,
        request.budget,
      );
      await markAuditDelivered(c.writer.withBudget(request.retry, request.budget), payment.id);
      request.fields.audit = 'delivered';
    } catch (error) {
      request.fields.audit = 'outbox';
      request.log.warn('audit record left to the relay', { paymentId: payment.id, ...errorFields(error) });
    }
  };

  const read = async (
    c: Container,
    request: Request,
    merchant: Principal,
  ): Promise<APIGatewayProxyResult> => {
    const id = parsePaymentId(pathId(request.event));
    request.fields.paymentId = id;
    // The reader may lag the writer by a moment: a payment just created is looked up on the writer too. Another
    // merchant's payment is not found, and answers exactly like one that does not exist.
    const payment =
      (await findPayment(c.reader.withBudget(request.retry, request.budget), merchant.merchantId, id)) ??
      (await findPayment(c.writer.withBudget(request.retry, request.budget), merchant.merchantId, id));
    if (!payment) throw new ApiError(404, 'payment_not_found', `payment ${id} does not exist`, 'id');
    return jsonResponse(200, renderPayment(payment));
  };

  const health = async (c: Container, request: Request): Promise<APIGatewayProxyResult> => {
    try {
      await c.writer.withBudget(request.retry, request.budget).query('SELECT 1');
      return jsonResponse(200, JSON.stringify({ status: 'ok', database: 'ok' }));
    } catch (error) {
      request.log.warn('health check failed', errorFields(error));
      const retryAfter = error instanceof DatabaseUnreachableError ? UNREACHABLE_RETRY_AFTER_SECONDS : 1;
      return jsonResponse(503, JSON.stringify({ status: 'unavailable', database: 'unavailable' }), {
        'retry-after': String(retryAfter),
      });
    }
  };

  /** The token's merchant, with the route's scope (401 or 403 otherwise, before anything is read or written). */
  const authorize = (c: Container, request: Request, target: HandlerRoute): Principal => {
    const principal = authenticate(request.event, c.config.merchants);
    request.fields.clientId = principal.clientId;
    if (target.access !== 'public') requireScope(principal, target.access);
    return principal;
  };

  const dispatch = async (request: Request): Promise<APIGatewayProxyResult> => {
    const target = route(request.event);
    request.fields.route = routeKey(target);
    container ??= start();
    switch (routeKey(target)) {
      case 'GET /health':
        return health(container, request);
      case 'POST /payments':
        return create(container, request, authorize(container, request, target));
      case 'GET /payments/{id}':
        return read(container, request, authorize(container, request, target));
      default:
        throw new Error(`no handler for the route ${routeKey(target)}`);
    }
  };

  const notDoneMessage = (request: Request): string =>
    request.fields.route === 'POST /payments'
      ? 'the payment was not created; retry with the same Idempotency-Key'
      : 'the database is unavailable; retry later';

  const toResponse = (error: unknown, request: Request): APIGatewayProxyResult => {
    if (error instanceof ApiError) {
      request.fields.errorCode = error.code;
      request.fields.errorField = error.field;
      return errorResponse(error);
    }
    if (error instanceof BudgetExhaustedError) {
      request.log.error('out of time; answering before the function times out', {
        waitingFor: error.waitingFor,
      });
      return errorResponse(unavailable(notDoneMessage(request), 1));
    }
    if (error instanceof DependencyError) {
      const unreachable = error instanceof DatabaseUnreachableError;
      const unknown = error instanceof CommitFailedError && !error.outcomeKnown;
      request.log.error(
        unknown ? 'COMMIT outcome unknown' : `${error.dependency} failed; nothing was written`,
        { ...errorFields(error.cause), connectAttempts: unreachable ? error.attempts : undefined },
      );
      const message = unknown
        ? 'the payment may or may not have been created; retry with the same Idempotency-Key, which answers it if it was'
        : notDoneMessage(request);
      return errorResponse(unavailable(message, unreachable ? UNREACHABLE_RETRY_AFTER_SECONDS : 1));
    }
    request.log.error('unexpected error', errorFields(error));
    return errorResponse(internalError());
  };

  return {
    async handle(event, context) {
      const started = performance.now();
      const requestId = event.requestContext?.requestId ?? context?.awsRequestId ?? 'local';
      const remainingMs = context?.getRemainingTimeInMillis?.() ?? DEFAULT_PAYMENTS_TIMEOUT_MS;
      const request: Request = {
        event,
        requestId,
        log: log.child({ requestId, lambdaRequestId: context?.awsRequestId }),
        budget: createBudget(remainingMs),
        retry: paymentsConnectRetry(remainingMs),
        fields: { method: event.httpMethod },
      };
      let response: APIGatewayProxyResult;
      try {
        response = await dispatch(request);
      } catch (error) {
        response = toResponse(error, request);
      }
      request.log.info('request completed', {
        ...request.fields,
        status: response.statusCode,
        durationMs: Math.round(performance.now() - started),
      });
      return response;
    },
    async close() {
      const current = container;
      container = undefined;
      await Promise.all([current?.writer.close(), current?.reader.close()]);
    },
    get credentialFetches() {
      return container?.credentials.reduce((n, source) => n + source.fetches, 0) ?? 0;
    },
  };
}

let defaultHandler: PaymentsHandler | undefined;

/** Lambda entry point (`index.handler` of the payments bundle): API Gateway REST proxy event in, result out. */
export const handler = (event: APIGatewayProxyEvent, context: Context): Promise<APIGatewayProxyResult> =>
  (defaultHandler ??= createPaymentsHandler()).handle(event, context);
