import { existsSync, readFileSync } from 'node:fs';
import { Pool, type PoolClient, type QueryConfig, type QueryResultRow } from 'pg';
import { BudgetExhaustedError, within, type Budget } from './budget';
import type { DatabaseConfig, SslMode } from './config';
import { errorFields, isError, messageOf, type Logger } from './log';
import type { PasswordSource } from './secrets';

/**
 * Amazon's CA certificates, RDS's included, as shipped in the Lambda Node.js 20+ runtimes. The runtime no
 * longer loads them by default, so the pool passes them to TLS itself.
 */
export const LAMBDA_CA_BUNDLE = '/var/runtime/ca-cert.pem';

/** A database or other dependency failed: the request answers 503 and nothing was written. */
export class DependencyError extends Error {
  override readonly name: string = 'DependencyError';
  constructor(
    readonly dependency: 'database' | 'audit',
    cause: unknown,
  ) {
    super(`${dependency} unavailable: ${messageOf(cause)}`, { cause });
  }
}

let caBundle: { path: string; pem: string | undefined } | undefined;

/**
 * TLS settings of a pool: certificate and host name verified against the RDS CA bundle when it is present
 * (on Lambda), else against Node's own roots. Only `DB_SSL=disable` (tests) turns TLS off.
 */
export function tlsOptions(
  mode: SslMode,
  caPath = LAMBDA_CA_BUNDLE,
): false | { rejectUnauthorized: true; ca?: string } {
  if (mode === 'disable') return false;
  if (caBundle?.path !== caPath) {
    caBundle = { path: caPath, pem: existsSync(caPath) ? readFileSync(caPath, 'utf8') : undefined };
  }
  return caBundle.pem === undefined
    ? { rejectUnauthorized: true }
    : { rejectUnauthorized: true, ca: caBundle.pem };
}

/**
 * The database unreachable while opening a connection, after every attempt the caller's budget allowed: a
 * paused Aurora instance still resuming, a failover. The request answers 503 with a longer Retry-After.
 */
export class DatabaseUnreachableError extends DependencyError {
  override readonly name = 'DatabaseUnreachableError';
  constructor(
    readonly attempts: number,
    readonly elapsedMs: number,
    cause: unknown,
  ) {
    super('database', cause);
    this.message =
      `database unreachable after ${attempts} connection attempt${attempts === 1 ? '' : 's'} in ` +
      `${(elapsedMs / 1000).toFixed(1)} s: ${messageOf(cause)}`;
  }
}

/**
 * How long opening a connection may keep trying. Dev's Aurora Serverless v2 idles at 0 ACU: after
 * `SecondsUntilAutoPause` (300 s by default) without connections it pauses, and it "automatically resume[s]
 * when a connection request arrives", which takes about 15 s, longer after a pause of more than a day. An
 * attempt made meanwhile may fail or time out, so attempts are repeated, but only within what the Lambda
 * invocation has left (getRemainingTimeInMillis()). Sources: AWS, "Scaling to Zero ACUs with automatic pause
 * and resume for Aurora Serverless v2",
 * https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/aurora-serverless-v2-auto-pause.html
 * (#auto-pause-how-it-works, #auto-pause-applications); AWS Database Blog, "Introducing scaling to 0
 * capacity with Amazon Aurora Serverless v2" ("It can take up to 15 seconds for the database to resume").
 */
export interface ConnectRetry {
  /** Date.now() by which the last attempt must have ended: a retry starts only if it fits before. */
  deadline: number;
  /** Attempts at most, the first included (the first is always made). */
  maxAttempts: number;
  /** Wait before the second attempt; doubled for each further one up to maxDelayMs; ±25 % jitter. */
  baseDelayMs: number;
  maxDelayMs: number;
}

const TRANSIENT_SOCKET_ERRORS = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'EAI_AGAIN',
]);

/**
 * Whether a failed connection attempt may succeed if repeated: the server not (yet) reachable or not (yet)
 * accepting connections. A wrong password, an unknown database, a certificate that does not verify or a
 * secret that cannot be read fail the same way every time, so they are not retried.
 */
export function isTransientConnectError(error: unknown): boolean {
  if (!isError(error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') {
    // SQLSTATE 08xxx connection_exception; 57P01/57P02 the server shutting down (failover); 57P03
    // cannot_connect_now: "the database system is starting up".
    return TRANSIENT_SOCKET_ERRORS.has(code) || /^08/.test(code) || /^57P0[123]$/.test(code);
  }
  // pg's own, without a code: its connect timeout and a socket closed during the startup handshake.
  return /timeout exceeded when trying to connect|Connection terminated/i.test(error.message);
}

const sleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));

/**
 * Runs `attempt` (open one connection, each attempt bounded by `attemptTimeoutMs`) until it succeeds, fails
 * with a non-transient error, or `retry` allows no further attempt: then a DatabaseUnreachableError.
 */
export async function connectWithRetry<T>(
  attempt: () => Promise<T>,
  attemptTimeoutMs: number,
  retry: ConnectRetry | undefined,
  log: Logger,
): Promise<T> {
  const started = Date.now();
  for (let n = 1; ; n++) {
    try {
      return await attempt();
    } catch (error) {
      if (!isTransientConnectError(error)) throw error;
      const base = Math.min((retry?.baseDelayMs ?? 0) * 2 ** (n - 1), retry?.maxDelayMs ?? 0);
      const delay = Math.round(base * (0.75 + Math.random() * 0.5));
      if (!retry || n >= retry.maxAttempts || Date.now() + delay + attemptTimeoutMs > retry.deadline) {
        throw new DatabaseUnreachableError(n, Date.now() - started, error);
      }
      log.warn('database not reachable; retrying', { attempt: n, retryInMs: delay, ...errorFields(error) });
      await sleep(delay);
    }
  }
}

export interface PoolOptions {
  /** Connections per pool: one Lambda container serves one request at a time. */
  max?: number;
  /** Server-side limit on one statement, including waiting for a concurrent insert of the same key. */
  statementTimeoutMs?: number;
  /** Limit on one connection attempt (TCP, TLS, authentication), and on waiting for a pooled one. */
  connectionTimeoutMs?: number;
}

export interface Queryable {
  query<R extends QueryResultRow>(text: string, values?: unknown[]): Promise<R[]>;
}

export interface TransactionOptions {
  /**
   * How long a statement of the transaction may wait for a lock another transaction holds (`lock_timeout`), e.g.
   * the idempotency key of a request still in flight; then it fails with SQLSTATE 55P03.
   */
  lockTimeoutMs?: number;
}

export interface Database extends Queryable {
  /** Runs `work` in one transaction: COMMIT if it resolves, ROLLBACK if it throws (its error is rethrown). */
  transaction<T>(work: (tx: Queryable) => Promise<T>, options?: TransactionOptions): Promise<T>;
  /** One connection of the pool for the caller to release (the migrations runner's session). */
  connect(): Promise<PoolClient>;
  /** The same pool, opening connections with `retry` (one request's or one invocation's budget). */
  withRetry(retry: ConnectRetry): Database;
  /**
   * The same pool for one request: connection attempts within `retry`, and every wait (the connection, each
   * statement, a lock) cut to what `budget` has left; with nothing left, a BudgetExhaustedError before waiting.
   */
  withBudget(retry: ConnectRetry, budget: Budget): Database;
  close(): Promise<void>;
  readonly pool: Pool;
}

/** COMMIT itself failed. `outcomeKnown`: the server answered, so the transaction was rolled back. */
export class CommitFailedError extends DependencyError {
  constructor(
    readonly outcomeKnown: boolean,
    cause: unknown,
  ) {
    super('database', cause);
  }
}

const INVALID_PASSWORD = '28P01';
/** pg's own error when a query's client-side `query_timeout` fired: the connection is then unusable. */
const READ_TIMEOUT = /^Query read timeout$/;
/** A statement's server-side limit when no budget applies (and the cap of one under a budget). */
const DEFAULT_STATEMENT_TIMEOUT_MS = 5_000;
/** Grace between the server's statement_timeout and the client's own read timeout on the same statement. */
const CLIENT_TIMEOUT_GRACE_MS = 250;

function wrap(error: unknown): unknown {
  return error instanceof DependencyError ? error : new DependencyError('database', error);
}

export function createDatabase(
  config: DatabaseConfig,
  passwords: PasswordSource,
  log: Logger,
  options: PoolOptions = {},
): Database {
  const connectionTimeoutMs = options.connectionTimeoutMs ?? 5_000;
  const pool = new Pool({
    host: config.host,
    port: config.port,
    database: config.database,
    user: config.user,
    password: () => passwords.password(),
    ssl: tlsOptions(config.ssl),
    max: options.max ?? 2,
    connectionTimeoutMillis: connectionTimeoutMs,
    idleTimeoutMillis: 60_000,
    keepAlive: true,
    // Idle connections do not keep a process alive (tests, benchmarks); Lambda keeps its own alive.
    allowExitOnIdle: true,
    application_name: 'payments-handler',
    statement_timeout: options.statementTimeoutMs ?? DEFAULT_STATEMENT_TIMEOUT_MS,
    // A container frozen or killed mid-transaction must not hold an idempotency key's lock for long.
    idle_in_transaction_session_timeout: 15_000,
  });
  // An idle connection that drops (server restart, failover) must not crash the container.
  pool.on('error', (error) => log.warn('idle database connection failed', errorFields(error)));

  /**
   * The password is fetched before the pool opens a socket: pg does not close a connection whose password
   * callback failed, which would leave a server backend waiting in authentication for a minute.
   */
  const open = async (): Promise<PoolClient> => {
    await passwords.password();
    return pool.connect();
  };

  const statementTimeoutMs = options.statementTimeoutMs ?? DEFAULT_STATEMENT_TIMEOUT_MS;

  const view = (retry: ConnectRetry | undefined, budget?: Budget): Database => {
    /** An attempt bounded by the budget too: a connection that arrives too late goes back to the pool. */
    const bounded = (): Promise<PoolClient> => {
      if (!budget) return open();
      const ms = budget.slice(connectionTimeoutMs);
      if (ms === 0) return Promise.reject(new BudgetExhaustedError('a database connection'));
      return within(
        open(),
        ms,
        () => Object.assign(new Error('timeout exceeded when trying to connect'), { budget: true }),
        (late) => late.release(),
      );
    };
    const attempt = () => connectWithRetry(bounded, connectionTimeoutMs, retry, log);

    const checkout = async (): Promise<PoolClient> => {
      try {
        return await attempt();
      } catch (error) {
        if (error instanceof BudgetExhaustedError) throw error;
        if ((error as { code?: unknown }).code !== INVALID_PASSWORD) throw wrap(error);
        // The secret was rotated since it was cached: fetch it again, once.
        log.warn('database rejected the cached password; fetching the secret again');
        passwords.invalidate();
        try {
          return await attempt();
        } catch (retryError) {
          throw wrap(retryError);
        }
      }
    };

    /**
     * A client for one request. A connection that drops while checked out (failover, a killed backend)
     * emits 'error', which would crash the process without a listener; its pending query fails anyway.
     */
    const connect = async (): Promise<{ client: PoolClient; release: (destroy?: boolean) => void }> => {
      const client = await checkout();
      const onError = (error: unknown): void => log.warn('database connection lost', errorFields(error));
      client.on('error', onError);
      return {
        client,
        release: (destroy = false) => {
          client.off('error', onError);
          client.release(destroy);
        },
      };
    };

    /**
     * A statement on `client`: under a budget, pg's client-side read timeout ends the wait when the budget does
     * (the server's statement_timeout normally ends it first, cleanly); a read timeout leaves the connection
     * unusable, so it is dropped, never reused.
     */
    const queryOn =
      (client: PoolClient) =>
      async <R extends QueryResultRow>(text: string, values?: unknown[]): Promise<R[]> => {
        let query_timeout: number | undefined;
        if (budget) {
          query_timeout = budget.slice(statementTimeoutMs + CLIENT_TIMEOUT_GRACE_MS);
          if (query_timeout === 0) throw new BudgetExhaustedError('a database statement');
        }
        try {
          // pg reads a query's own `query_timeout` (client.js), which its types do not declare.
          const config: QueryConfig & { query_timeout?: number } = { text, values, query_timeout };
          return (await client.query<R>(config)).rows;
        } catch (error) {
          throw wrap(error);
        }
      };

    const readTimedOut = (error: unknown): boolean =>
      error instanceof DependencyError && READ_TIMEOUT.test(messageOf(error.cause));

    return {
      pool,
      async query<R extends QueryResultRow>(text: string, values?: unknown[]): Promise<R[]> {
        const { client, release } = await connect();
        try {
          const rows = await queryOn(client)<R>(text, values);
          release();
          return rows;
        } catch (error) {
          release(true);
          throw error;
        }
      },
      async transaction<T>(
        work: (tx: Queryable) => Promise<T>,
        txOptions: TransactionOptions = {},
      ): Promise<T> {
        const { client, release } = await connect();
        const tx: Queryable = { query: queryOn(client) };
        let committing = false;
        try {
          // One round trip: the statements' server-side limit is what the budget has left (integers only).
          const statementMs = budget?.slice(statementTimeoutMs);
          if (statementMs === 0) throw new BudgetExhaustedError('a database transaction');
          const limits = [
            statementMs === undefined ? '' : `SET LOCAL statement_timeout = ${statementMs}`,
            txOptions.lockTimeoutMs === undefined
              ? ''
              : `SET LOCAL lock_timeout = ${Math.max(1, Math.round(txOptions.lockTimeoutMs))}`,
          ].filter(Boolean);
          await tx.query(['BEGIN', ...limits].join('; '));
          const result = await work(tx);
          committing = true;
          await tx.query('COMMIT');
          release();
          return result;
        } catch (error) {
          if (readTimedOut(error)) {
            // The statement may still run on the server: drop the connection, which rolls an open transaction back.
            release(true);
          } else {
            try {
              await client.query('ROLLBACK');
              release();
            } catch {
              // The connection is gone (which already rolled the transaction back): drop it from the pool.
              release(true);
            }
          }
          if (committing && !(error instanceof BudgetExhaustedError)) {
            // An ERROR from the server (pg's DatabaseError carries its severity), such as a deferred constraint,
            // means it rolled back. Anything else leaves the outcome unknown: a FATAL as the backend ends (a
            // failover, a terminated session), a lost socket, a timeout.
            const cause = error instanceof DependencyError ? error.cause : error;
            const { severity } = (cause ?? {}) as { severity?: unknown };
            const answered = severity === 'ERROR';
            throw new CommitFailedError(answered, cause);
          }
          throw error;
        }
      },
      connect: checkout,
      withRetry: (next) => view(next),
      withBudget: (next, nextBudget) => view(next, nextBudget),
      close: () => pool.end(),
    };
  };

  return view(undefined);
}
