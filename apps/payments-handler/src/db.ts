import { existsSync, readFileSync } from 'node:fs';
import { Pool, type PoolClient, type QueryResultRow } from 'pg';
import type { DatabaseConfig, SslMode } from './config';
import { errorFields, messageOf, type Logger } from './log';
import type { PasswordSource } from './secrets';

/**
 * Amazon's CA certificates, RDS's included, as shipped in the Lambda Node.js 20+ runtimes. The runtime no
 * longer loads them by default, so the pool passes them to TLS itself.
 */
export const LAMBDA_CA_BUNDLE = '/var/runtime/ca-cert.pem';

/** A database or other dependency failed: the request answers 503 and nothing was written. */
export class DependencyError extends Error {
  override readonly name = 'DependencyError';
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

export interface PoolOptions {
  /** Connections per pool: one Lambda container serves one request at a time. */
  max?: number;
  /** Server-side limit on one statement, including waiting for a concurrent insert of the same key. */
  statementTimeoutMs?: number;
  connectionTimeoutMs?: number;
}

export interface Queryable {
  query<R extends QueryResultRow>(text: string, values?: unknown[]): Promise<R[]>;
}

export interface Database extends Queryable {
  /** Runs `work` in one transaction: COMMIT if it resolves, ROLLBACK if it throws (its error is rethrown). */
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
  readonly pool: Pool;
}

const INVALID_PASSWORD = '28P01';

function wrap(error: unknown): unknown {
  return error instanceof DependencyError ? error : new DependencyError('database', error);
}

export function createDatabase(
  config: DatabaseConfig,
  passwords: PasswordSource,
  log: Logger,
  options: PoolOptions = {},
): Database {
  const pool = new Pool({
    host: config.host,
    port: config.port,
    database: config.database,
    user: config.user,
    password: () => passwords.password(),
    ssl: tlsOptions(config.ssl),
    max: options.max ?? 2,
    connectionTimeoutMillis: options.connectionTimeoutMs ?? 5_000,
    idleTimeoutMillis: 60_000,
    keepAlive: true,
    // Idle connections do not keep a process alive (tests, benchmarks); Lambda keeps its own alive.
    allowExitOnIdle: true,
    application_name: 'payments-handler',
    statement_timeout: options.statementTimeoutMs ?? 5_000,
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

  const checkout = async (): Promise<PoolClient> => {
    try {
      return await open();
    } catch (error) {
      if ((error as { code?: unknown }).code !== INVALID_PASSWORD) throw wrap(error);
      // The secret was rotated since it was cached: fetch it again, once.
      log.warn('database rejected the cached password; fetching the secret again');
      passwords.invalidate();
      try {
        return await open();
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

  const queryOn =
    (client: PoolClient) =>
    async <R extends QueryResultRow>(text: string, values?: unknown[]): Promise<R[]> => {
      try {
        return (await client.query<R>(text, values)).rows;
      } catch (error) {
        throw wrap(error);
      }
    };

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
    async transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
      const { client, release } = await connect();
      const tx: Queryable = { query: queryOn(client) };
      try {
        await tx.query('BEGIN');
        const result = await work(tx);
        await tx.query('COMMIT');
        release();
        return result;
      } catch (error) {
        try {
          await client.query('ROLLBACK');
          release();
        } catch {
          // The connection is gone (which already rolled the transaction back): drop it from the pool.
          release(true);
        }
        throw error;
      }
    },
    close: () => pool.end(),
  };
}
