import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { Context } from 'aws-lambda';
import type { PoolClient } from 'pg';
import { loadMigrationsConfig, type Env } from './config';
import { createDatabase, type ConnectRetry, type Database } from './db';
import { createLogger, errorFields, isError, messageOf, type Logger, type LogSink } from './log';
import { shippedMigrations, type Migration } from './migrations';
import { createPasswordSource } from './secrets';

/** Session advisory lock held while migrating, so two concurrent runs apply each migration once. */
export const MIGRATION_LOCK_ID = 4_270_817_001;

export class MigrationError extends Error {
  override readonly name = 'MigrationError';
}

export interface MigrationResult {
  /** Files applied by this run, in order. */
  applied: string[];
  /** Files an earlier run had applied. */
  skipped: string[];
}

const CREATE_HISTORY = `
  CREATE TABLE IF NOT EXISTS schema_migrations (
    version    text        PRIMARY KEY,
    file       text        NOT NULL,
    checksum   char(64)    NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now()
  )`;

/**
 * Applies the migrations not yet recorded in `schema_migrations`, in version order, each in its own
 * transaction together with its history row: a failing migration leaves no trace and stops the run. A
 * recorded migration whose file has changed is refused rather than silently skipped. `db` is a pg Pool or a
 * Database (whose connect() retries within the invocation's budget).
 */
export async function runMigrations(
  db: { connect(): Promise<PoolClient> },
  migrations: readonly Migration[],
  log: Logger,
): Promise<MigrationResult> {
  const client = await db.connect();
  const result: MigrationResult = { applied: [], skipped: [] };
  let broken: Error | undefined;
  try {
    await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_ID]);
    await client.query(CREATE_HISTORY);
    const { rows } = await client.query<{ version: string; file: string; checksum: string }>(
      'SELECT version, file, checksum FROM schema_migrations',
    );
    const recorded = new Map(rows.map((row) => [row.version, row]));

    for (const migration of migrations) {
      const done = recorded.get(migration.version);
      if (done) {
        if (done.checksum !== migration.checksum) {
          throw new MigrationError(
            `migration ${migration.file} was applied as ${done.file} with other contents; ` +
              'add a new migration instead of editing an applied one',
          );
        }
        result.skipped.push(migration.file);
        continue;
      }
      try {
        await client.query('BEGIN');
        await client.query(migration.sql);
        await client.query('INSERT INTO schema_migrations (version, file, checksum) VALUES ($1, $2, $3)', [
          migration.version,
          migration.file,
          migration.checksum,
        ]);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw new MigrationError(
          `migration ${migration.file} failed and was rolled back: ${messageOf(error)}`,
          { cause: error },
        );
      }
      log.info('migration applied', { file: migration.file });
      result.applied.push(migration.file);
    }
    return result;
  } catch (error) {
    broken = isError(error) ? error : new Error(String(error));
    throw error;
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_ID]).catch(() => undefined);
    client.release(broken instanceof MigrationError ? undefined : broken);
  }
}

/** The function's timeout when no Lambda context says otherwise (packages/config `migrationsTimeoutSeconds`). */
export const DEFAULT_MIGRATIONS_TIMEOUT_MS = 120_000;
/** A connection attempt's own limit (TCP, TLS, authentication). */
export const MIGRATIONS_CONNECT_TIMEOUT_MS = 5_000;
/** Connecting may use this share of the invocation's remaining time; the rest is the migrations'. */
const CONNECT_SHARE = 0.75;
/** ... and never more than this: an instance that has not resumed in five minutes is not resuming. */
const MAX_CONNECT_WAIT_MS = 300_000;

/**
 * How long the migrations function keeps trying to connect: a deploy right after dev's Aurora paused
 * reaches it while it resumes (see ConnectRetry). With the default 120 s timeout: about 90 s of attempts,
 * backing off from 0.25 s to 5 s between them.
 */
export function migrationsConnectRetry(remainingMs: number, now: number = Date.now()): ConnectRetry {
  return {
    deadline: now + Math.min(remainingMs * CONNECT_SHARE, MAX_CONNECT_WAIT_MS),
    maxAttempts: Number.POSITIVE_INFINITY,
    baseDelayMs: 250,
    maxDelayMs: 5_000,
  };
}

export interface MigrationsHandlerOptions {
  env?: Env;
  secretsManager?: SecretsManagerClient;
  logSink?: LogSink;
  migrations?: readonly Migration[];
  /** Limit on one connection attempt (tests shorten it). */
  connectionTimeoutMs?: number;
}

export interface MigrationsHandler {
  /** One invocation; its connection attempts stop in time for the rest to fit `context`'s remaining time. */
  handle(context?: Partial<Pick<Context, 'getRemainingTimeInMillis'>>): Promise<MigrationResult>;
  close(): Promise<void>;
}

/**
 * The migrations Lambda of one container: configuration, secret and connection made on first use and
 * kept. An invocation returns what it applied; a failure throws, so the deploy that invoked it fails.
 */
export function createMigrationsHandler(options: MigrationsHandlerOptions = {}): MigrationsHandler {
  const log = createLogger(options.logSink, { service: 'payments-migrations' });
  let db: Database | undefined;

  return {
    async handle(context) {
      const retry = migrationsConnectRetry(
        context?.getRemainingTimeInMillis?.() ?? DEFAULT_MIGRATIONS_TIMEOUT_MS,
      );
      try {
        if (!db) {
          const config = loadMigrationsConfig(options.env ?? process.env);
          const secrets = options.secretsManager ?? new SecretsManagerClient({});
          // Migrations may rewrite tables: no statement time limit beyond the function's own timeout.
          db = createDatabase(config, createPasswordSource(secrets, config.secretArn), log, {
            max: 1,
            statementTimeoutMs: 0,
            connectionTimeoutMs: options.connectionTimeoutMs ?? MIGRATIONS_CONNECT_TIMEOUT_MS,
          });
        }
        const migrations = options.migrations ?? shippedMigrations();
        const result = await runMigrations(db.withRetry(retry), migrations, log);
        log.info('migrations complete', { applied: result.applied.length, skipped: result.skipped.length });
        return result;
      } catch (error) {
        log.error('migrations failed', errorFields(error));
        throw error;
      }
    },
    async close() {
      await db?.close();
      db = undefined;
    },
  };
}

let container: MigrationsHandler | undefined;

/** Lambda entry point (`index.handler` of the migrations bundle). The event is ignored. */
export const handler = (_event?: unknown, context?: Context): Promise<MigrationResult> =>
  (container ??= createMigrationsHandler()).handle(context);
